"""The actor tables: the data files an analyst edits, read once and checked.

The knowledge lives in ``data/*.tsv`` so an analyst can extend it without touching
Python; this module reads each file, refuses a malformed row with its file and line
(``ActorDataError``), and builds the indices the matcher (``registry.py``) reads:

* ``actors.tsv``: named actors (states, armed groups, IGOs, NGOs, media, people)
  with their French and English aliases;
* ``generic.tsv``: unnamed actors ("des hommes armés", "les manifestants");
* ``nationalities.tsv``: per state, the French adjective forms (for "l'armée
  russe"), plural demonyms ("les Russes") and capitals ("Moscou" as a metonym);
* ``organs.tsv``: nouns that, followed by a nationality adjective, name a state
  organ ("l'aviation russe" -> Russia, military);
* ``english_adjectives.tsv``: per state, the English adjective that names an unnamed
  group by its nationality ("les manifestants irakiens" -> "Iraqi protesters");
* ``seats.tsv``: the country an international organisation sits in (its statements
  told with no place are made there);
* ``territories.tsv``: territories whose organs are another state's (New Caledonia: France).

Every way of writing an actor is indexed as the folded words the matcher will see
(``textnorm.fold``, split into words), with the case the text must show (``_CaseRule``).
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Self

from veille.countries import common_name_of
from veille.errors import DataFileError
from veille.records import Actor
from veille.textnorm import fold

KINDS = frozenset({"state", "military", "police", "armed_group", "party", "igo", "ngo",
                   "media", "person", "civilians", "unknown"})
AGREEMENTS = frozenset({"ms", "fs", "mp", "fp"})
# The agreements of an adjective row's forms, by their count: ms|fs|mp|fp, singular|plural, invariable
_CODES_BY_POSITION: dict[int, list[frozenset[str]]] = {
    1: [AGREEMENTS], 2: [frozenset({"ms", "fs"}), frozenset({"mp", "fp"})],
    4: [frozenset({"ms"}), frozenset({"fs"}), frozenset({"mp"}), frozenset({"fp"})]}

ACTORS_HEADER = ("name", "kind", "country", "wikidata", "role", "aliases")
GENERIC_HEADER = ("name", "kind", "aliases")
NATIONALITIES_HEADER = ("country", "adjectives", "demonyms", "capitals")
ORGANS_HEADER = ("noun", "kind", "agreement")
ENGLISH_HEADER = ("country", "adjective")
SEATS_HEADER = ("name", "country", "seat")
TERRITORIES_HEADER = ("territory", "state")
# A generic.tsv name ending so takes the one followed as complement: "Supporters of *".
_FOLLOWER_SUFFIX = " of *"

_WORD = re.compile(r"[^\W_]+")
_ALPHA3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")

# A leading lowercase article of an alias is grammar, not name: "la Russie" indexes "Russie".
_ARTICLES = frozenset({"l", "la", "le", "les", "des", "du", "d"})
# Words that need not carry the capital of a name ("al-Qaïda", "de Mistura", "Le Monde").
_PARTICLES = frozenset({"al", "el", "ad", "ed", "ar", "as", "ash", "at", "an", "az", "ag", "ould",
                        "ben", "bin", "ibn", "l", "la", "le", "les", "de", "du", "des", "d",
                        "van", "von", "der", "di", "da", "y"})
# A particle kept with a derived surname: "Abou Bakr al-Baghdadi" -> "al-Baghdadi" and "Baghdadi".
_SURNAME_PARTICLES = frozenset({"al", "el", "ag", "ould", "ben", "bin", "ibn", "de", "le"})

# Selection order for two candidates with the same span: explicit data first.
_PRIORITY = {"state": 0, "alias": 0, "generic": 1, "demonym": 2, "organ": 3, "capital": 4, "surname": 5}


@dataclass(frozen=True)
class _CaseRule:
    """How an alias must be written in the text, as offsets into its tokens."""

    all_caps: tuple[int, ...]  # words written in capitals in the data ("EI")
    capitalised: tuple[int, ...]  # the first capitalised word (particles aside), and a leading
    # capitalised article ("Le Caire": "le Caire" in a text is "Caire" after an article)


@dataclass
class _Entry:
    """What a token sequence names."""

    actor: Actor
    source: str  # state | alias | generic | demonym | capital | surname
    rules: list[_CaseRule]

    @property
    def priority(self) -> int:
        return _PRIORITY[self.source]


@dataclass(frozen=True)
class _Adjective:
    country: str
    forms: frozenset[str]  # agreement codes: ms, fs, mp, fp


@dataclass(frozen=True)
class _Organ:
    kind: str
    forms: frozenset[str]



class ActorDataError(DataFileError, ValueError):
    """A malformed row in the actor data; the message names the file and line."""


def _fail(where: str, message: str) -> ActorDataError:
    return ActorDataError(f"{where}: {message}")


def _split(s: str) -> list[tuple[str, str]]:
    """(folded word, original word) pairs of a data string, tokenised as texts are."""
    f = fold(s)
    return [(m.group(), s[m.start():m.end()]) for m in _WORD.finditer(f)]


def _key(s: str) -> tuple[str, ...]:
    return tuple(w for w, _ in _split(s))


def _strip_articles(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop leading lowercase articles ("la Russie"); a capitalised one is part of the name ("Le Caire")."""
    while len(words) > 1 and words[0][0] in _ARTICLES and words[0][1].islower():
        words = words[1:]
    return words


def _case_rule(words: list[tuple[str, str]]) -> _CaseRule:
    all_caps = tuple(k for k, (_, orig) in enumerate(words) if orig.isupper())
    first = next((k for k, (f, orig) in enumerate(words)
                  if orig[:1].isupper() and f not in _PARTICLES and k not in all_caps), None)
    capitalised = () if first is None else (first,)
    if words[0][0] in _ARTICLES and words[0][1][:1].isupper() and first != 0:
        capitalised = (0, *capitalised)
    return _CaseRule(all_caps, capitalised)


def _matchable(s: str) -> bool:
    """Only words, spaces, hyphens and apostrophes: anything else could never match a text."""
    f = fold(s)
    return all(c in " -'" for c in _WORD.sub("", f))


def _items(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _read_rows(directory: Traversable, filename: str,
               header: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Rows of one TSV file as ("file, line N", cells); comments and blank lines skipped."""
    text = directory.joinpath(filename).read_text(encoding="utf-8")
    rows: list[tuple[str, list[str]]] = []
    header_seen = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{filename}, line {lineno}"
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if tuple(cells) != header:
                raise _fail(where, f"header must be {' <TAB> '.join(header)}, got {' <TAB> '.join(cells)}")
            header_seen = True
            continue
        if len(cells) != len(header):
            raise _fail(where, f"expected {len(header)} tab-separated columns "
                               f"({', '.join(header)}), got {len(cells)}")
        rows.append((where, cells))
    if not header_seen:
        raise _fail(filename, "no header row")
    return rows



def _first_word_lengths(index: Mapping[tuple[str, ...], object]) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for key in index:
        if len(key) > lengths.get(key[0], 0):
            lengths[key[0]] = len(key)
    return lengths


class ActorTables:
    """The actors and the indices built from the data files; `ActorRegistry` matches text with them."""

    def __init__(self) -> None:
        self.actors: tuple[Actor, ...] = ()  # actors.tsv, in file order
        self.generic: tuple[Actor, ...] = ()  # generic.tsv, in file order
        self._generic_set: frozenset[Actor] = frozenset()
        self._by_name: dict[tuple[str, ...], Actor] = {}
        self._states: dict[str, Actor] = {}  # alpha-3 -> the state's own row
        self._phrases: dict[tuple[str, ...], _Entry] = {}
        self._phrase_len: dict[str, int] = {}  # first word -> longest phrase starting with it
        self._ambiguous_surnames: set[tuple[str, ...]] = set()
        self._adjectives: dict[tuple[str, ...], _Adjective] = {}
        self._adjective_len: dict[str, int] = {}
        self._organs: dict[tuple[str, ...], _Organ] = {}
        self._organ_len: dict[str, int] = {}
        self._organ_actors: dict[tuple[str, str], Actor] = {}  # (alpha-3, kind) -> derived actor
        self._opt_outs: dict[Actor, set[tuple[str, ...]]] = {}  # "!Khan": surnames not to match alone
        self._english: dict[str, str] = {}  # alpha-3 -> English adjective ("IRQ" -> "Iraqi")
        self._followers: set[Actor] = set()  # generic actors that compose with "de X" ("partisans")
        self._coalitions: dict[str, Actor] = {}  # alpha-3 -> the coalition that state leads
        self._seats: dict[str, str] = {}  # an organisation's canonical name -> alpha-3 of where it sits
        self._sovereigns: dict[str, str] = {}  # a territory's alpha-3 -> the state whose organs act there

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_data_dir(cls, path: str | os.PathLike[str] | Traversable) -> Self:
        """Read actors.tsv, generic.tsv, nationalities.tsv, organs.tsv, english_adjectives.tsv,
        seats.tsv and territories.tsv (the last two optional).

        Raises ValueError naming the file and line of a malformed row.
        """
        directory: Traversable = Path(path) if isinstance(path, (str, os.PathLike)) else path
        registry = cls()
        registry._load_actors(_read_rows(directory, "actors.tsv", ACTORS_HEADER))
        registry._load_generic(_read_rows(directory, "generic.tsv", GENERIC_HEADER))
        registry._load_nationalities(_read_rows(directory, "nationalities.tsv", NATIONALITIES_HEADER))
        registry._load_organs(_read_rows(directory, "organs.tsv", ORGANS_HEADER))
        registry._load_english(_read_rows(directory, "english_adjectives.tsv", ENGLISH_HEADER))
        if directory.joinpath("seats.tsv").is_file():
            registry._load_seats(_read_rows(directory, "seats.tsv", SEATS_HEADER))
        if directory.joinpath("territories.tsv").is_file():
            registry._load_territories(_read_rows(directory, "territories.tsv", TERRITORIES_HEADER))
        registry._derive_surnames()
        for actor in registry.actors:
            if actor.country and actor.kind in ("military", "igo") and "coalition" in actor.name.lower():
                registry._coalitions.setdefault(actor.country, actor)
        registry._phrase_len = _first_word_lengths(registry._phrases)
        registry._adjective_len = _first_word_lengths(registry._adjectives)
        registry._organ_len = _first_word_lengths(registry._organs)
        organ_kinds = sorted({organ.kind for organ in registry._organs.values()})
        for alpha3 in sorted({adj.country for adj in registry._adjectives.values()}):
            state = registry._states[alpha3]
            for kind in organ_kinds:
                registry._organ_actors[(alpha3, kind)] = Actor(name=state.name, kind=kind, country=alpha3)
        return registry

    def _load_actors(self, rows: list[tuple[str, list[str]]]) -> None:
        actors: list[Actor] = []
        pending: list[tuple[str, Actor, list[str]]] = []
        for where, (name, kind, country, wikidata, role, aliases) in rows:
            if not name:
                raise _fail(where, "empty name")
            if kind not in KINDS:
                raise _fail(where, f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
            if country and not _ALPHA3.fullmatch(country):
                raise _fail(where, f"country {country!r} is not an ISO 3166-1 alpha-3 code")
            if wikidata and not _QID.fullmatch(wikidata):
                raise _fail(where, f"wikidata {wikidata!r} is not a Q-id")
            if kind == "state" and not country:
                raise _fail(where, "a state row needs its alpha-3 country")
            items = _items(aliases)
            actor = Actor(name=name, kind=kind, country=country or None, wikidata=wikidata or None,
                          role=role or None, aliases=tuple(a for a in items if not a.startswith("!")))
            self._add_name(where, actor)
            # The state's own row is the kind=state row without a role; the White House or
            # the Kremlin are kind=state rows with a role.
            if kind == "state" and not role:
                if country in self._states:
                    raise _fail(where, f"second state row for {country} "
                                       f"(first: {self._states[country].name}); give organs a role")
                self._states[country] = actor
            actors.append(actor)
            pending.append((where, actor, items))
        for where, actor, items in pending:
            if actor.country and actor.country not in self._states:
                raise _fail(where, f"country {actor.country} has no state row")
            source = "state" if self._states.get(actor.country or "") is actor else "alias"
            self._add_surface(where, actor.name, actor, source, strict=False)
            for alias in items:
                if not alias.startswith("!"):
                    self._add_surface(where, alias, actor, source, strict=True)
        self.actors = tuple(actors)
        self._opt_outs = {actor: {_key(a[1:]) for a in items if a.startswith("!")}
                          for _, actor, items in pending}

    def _load_generic(self, rows: list[tuple[str, list[str]]]) -> None:
        generic: list[Actor] = []
        for where, (name, kind, aliases) in rows:
            if not name:
                raise _fail(where, "empty name")
            if kind not in KINDS:
                raise _fail(where, f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
            items = _items(aliases)
            follower = name.endswith(_FOLLOWER_SUFFIX)
            name = name.removesuffix(_FOLLOWER_SUFFIX)
            actor = Actor(name=name, kind=kind, aliases=tuple(items))
            self._add_name(where, actor)
            self._add_surface(where, name, actor, "generic", strict=False)
            for alias in items:
                self._add_surface(where, alias, actor, "generic", strict=True)
            if follower:
                self._followers.add(actor)
            generic.append(actor)
        self.generic = tuple(generic)
        self._generic_set = frozenset(self.generic)  # membership tests: the tuple is for file order

    def _load_nationalities(self, rows: list[tuple[str, list[str]]]) -> None:
        for where, (country, adjectives, demonyms, capitals) in rows:
            state = self._states.get(country)
            if state is None:
                raise _fail(where, f"country {country!r} is not the alpha-3 of a state row in actors.tsv")
            forms = _items(adjectives)
            # One lexeme per row: ms|fs|mp|fp, or singular|plural (russe|russes), or invariable.
            codes_by_position = _CODES_BY_POSITION.get(len(forms))
            if forms and codes_by_position is None:
                raise _fail(where, f"adjectives must be 1, 2 or 4 forms (ms|fs|mp|fp), got {len(forms)}")
            merged: dict[tuple[str, ...], set[str]] = defaultdict(set)
            for form, agreements in zip(forms, codes_by_position or []):
                merged[_key(form)] |= agreements
            for key, codes in merged.items():
                known = self._adjectives.get(key)
                if known is not None and known.country != country:
                    raise _fail(where, f"adjective {' '.join(key)!r} already belongs to {known.country}")
                self._adjectives[key] = _Adjective(country, frozenset(codes) | (known.forms if known else frozenset()))
            for demonym in _items(demonyms):
                self._add_surface(where, demonym, state, "demonym", strict=True)
            for capital in _items(capitals):
                self._add_surface(where, capital, state, "capital", strict=True)

    def _load_organs(self, rows: list[tuple[str, list[str]]]) -> None:
        for where, (noun, kind, agreement) in rows:
            if kind not in KINDS:
                raise _fail(where, f"unknown kind {kind!r}")
            codes = set(_items(agreement))
            if not codes or not codes <= AGREEMENTS:
                raise _fail(where, f"agreement must be ms, fs, mp or fp joined by |, got {agreement!r}")
            key = _key(noun)
            if not key:
                raise _fail(where, "empty noun")
            if key in self._organs:
                raise _fail(where, f"organ noun {noun!r} listed twice")
            self._organs[key] = _Organ(kind, frozenset(codes))

    def _load_english(self, rows: list[tuple[str, list[str]]]) -> None:
        for where, (country, adjective) in rows:
            if country not in self._states:
                raise _fail(where, f"country {country!r} is not the alpha-3 of a state row in actors.tsv")
            if not adjective:
                raise _fail(where, "empty adjective")
            if country in self._english:
                raise _fail(where, f"second English adjective for {country}")
            self._english[country] = adjective

    def _load_seats(self, rows: list[tuple[str, list[str]]]) -> None:
        for where, (name, country, _seat) in rows:
            actor = self._by_name.get(_key(name))
            if actor is None or actor.kind != "igo":
                raise _fail(where, f"{name!r} is not the canonical name of an igo row in actors.tsv")
            if country not in self._states:
                raise _fail(where, f"country {country!r} is not the alpha-3 of a state row in actors.tsv")
            self._seats[actor.name] = country

    def _load_territories(self, rows: list[tuple[str, list[str]]]) -> None:
        for where, (territory, state) in rows:
            if state not in self._states:
                raise _fail(where, f"state {state!r} is not the alpha-3 of a state row in actors.tsv")
            if territory in self._states or common_name_of(territory) is None:
                raise _fail(where, f"territory {territory!r} is a state of actors.tsv or no ISO 3166 code")
            self._sovereigns[territory] = state

    def sovereign_of(self, alpha3: str) -> str:
        """The state whose organs act in a territory (territories.tsv): "NCL" -> "FRA"; a state is its own."""
        return self._sovereigns.get(alpha3.upper(), alpha3.upper())

    def seat_country(self, actor: Actor) -> str | None:
        """The alpha-3 of the country an international organisation sits in (seats.tsv), else None."""
        return self._seats.get(actor.name)

    def _add_name(self, where: str, actor: Actor) -> None:
        key = _key(actor.name)
        if key in self._by_name:
            raise _fail(where, f"canonical name {actor.name!r} already used by another row")
        self._by_name[key] = actor

    def _add_surface(self, where: str, surface: str, actor: Actor, source: str, strict: bool) -> None:
        """Index one way of writing ``actor``; ``strict`` makes an unmatchable surface an error."""
        if not _matchable(surface):
            if strict:
                raise _fail(where, f"{surface!r} holds characters other than letters, digits, "
                                   "spaces, hyphens and apostrophes, so it could never match")
            return
        words = _strip_articles(_split(surface))
        if not words:
            if strict:
                raise _fail(where, f"{surface!r} has no word")
            return
        self._add_entry(where, tuple(w for w, _ in words), actor, source, _case_rule(words))

    def _add_entry(self, where: str, key: tuple[str, ...], actor: Actor, source: str, rule: _CaseRule) -> None:
        known = self._phrases.get(key)
        if known is None:
            self._phrases[key] = _Entry(actor, source, [rule])
            return
        priority = _PRIORITY[source]
        if known.actor is actor:
            if priority == known.priority and rule not in known.rules:
                known.rules.append(rule)  # "Minusma" and "MINUSMA": either spelling matches
            elif priority < known.priority:
                self._phrases[key] = _Entry(actor, source, [rule])
            return
        explicit = _PRIORITY["generic"]
        if priority == known.priority or (priority <= explicit and known.priority <= explicit):
            raise _fail(where, f"{' '.join(key)!r} already names {known.actor.name!r}, "
                               f"cannot also name {actor.name!r}")
        if priority < known.priority:  # explicit data beats what is derived
            self._phrases[key] = _Entry(actor, source, [rule])

    def _derive_surnames(self) -> None:
        """Index a person's last name alone ("Lavrov") unless another person shares the word."""
        people = [a for a in self.actors if a.kind == "person"]
        owners: dict[tuple[str, ...], set[Actor]] = defaultdict(set)
        rules: dict[tuple[tuple[str, ...], Actor], _CaseRule] = {}
        people_with_word: dict[str, set[Actor]] = defaultdict(set)
        for person in people:
            for surface in (person.name, *person.aliases):
                words = _split(surface)
                for w, _ in words:
                    people_with_word[w].add(person)
                if len(words) < 2:
                    continue
                last, last_orig = words[-1]
                if not last_orig[:1].isupper() or len(last) < 4 or last in _PARTICLES:
                    continue
                candidates = [words[-1:]]
                if len(words) >= 3 and words[-2][0] in _SURNAME_PARTICLES:
                    candidates.append(words[-2:])
                for cand in candidates:
                    key = tuple(w for w, _ in cand)
                    if key in self._opt_outs.get(person, set()):
                        continue
                    owners[key].add(person)
                    rules[(key, person)] = _case_rule(cand)
        for key, who in owners.items():
            if len(who) > 1 or len(people_with_word[key[-1]]) > 1:
                self._ambiguous_surnames.add(key)
                continue
            (person,) = who
            self._add_entry(f"surname of {person.name}", key, person, "surname", rules[(key, person)])
