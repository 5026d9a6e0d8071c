"""The actor registry: who can act in a dispatch, and where a French text names them.

The knowledge lives in ``data/*.tsv`` so an analyst can extend it without touching
Python; this module loads it once, checks it, and finds actor mentions:

* ``actors.tsv``: named actors (states, armed groups, IGOs, NGOs, media, people)
  with their French and English aliases;
* ``generic.tsv``: unnamed actors ("des hommes armés", "les manifestants");
* ``nationalities.tsv``: per state, the French adjective forms (for "l'armée
  russe"), plural demonyms ("les Russes") and capitals ("Moscou" as a metonym);
* ``organs.tsv``: nouns that, followed by a nationality adjective, name a state
  organ ("l'aviation russe" -> Russia, military);
* ``english_adjectives.tsv``: per state, the English adjective that names an unnamed
  group by its nationality ("les manifestants irakiens" -> "Iraqi protesters").

Unnamed groups compose with what follows them: a nationality adjective ("rebelles
syriens" -> "Syrian rebels"), and for followers ("partisans") the one they follow
("les partisans de Soumaïla Cissé" -> "Supporters of Soumaïla Cissé").

Matching runs on ``textnorm.fold(text)`` split into word tokens, so case, accents,
hyphens and apostrophes do not matter and offsets map 1:1 to the original text;
case is then checked on the original: an all-caps alias word ("EI", "ONU") must be
all caps in the text, and the first capitalised word of an alias must be
capitalised (so "bénin" the adjective is not "Bénin" the state).
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from veille.errors import DataFileError
from veille.records import Actor, ActorMention
from veille.textnorm import fold

KINDS = frozenset({"state", "military", "police", "armed_group", "party", "igo", "ngo",
                   "media", "person", "civilians", "unknown"})
AGREEMENTS = frozenset({"ms", "fs", "mp", "fp"})

ACTORS_HEADER = ("name", "kind", "country", "wikidata", "role", "aliases")
GENERIC_HEADER = ("name", "kind", "aliases")
NATIONALITIES_HEADER = ("country", "adjectives", "demonyms", "capitals")
ORGANS_HEADER = ("noun", "kind", "agreement")
ENGLISH_HEADER = ("country", "adjective")
# A generic.tsv name ending so takes the one followed as complement: "Supporters of *".
_FOLLOWER_SUFFIX = " of *"
# Who can be followed: "les partisans du Hamas", "les partisans de Soumaïla Cissé".
_FOLLOWED_KINDS = frozenset({"person", "party", "armed_group"})
# Unnamed fighters led by a named person are that person's group: "des combattants emmenés par le
# général Khalifa Haftar" (folded text between the two mentions; a title or two may stand before the name).
_LED_BY = re.compile(r"\s*,?\s*(?:emmen|men|dirig|command|conduit)(?:e|es|ee|ees|s)?\s+par\s+(?:[\w'-]+\s+){0,3}")
_LED_KINDS = frozenset({"armed_group", "military", "unknown"})
_COALITION_LED_BY = re.compile(r"\bcoalition\s+(?:[\w'-]+\s+)?(?:emmen|men|dirig|conduit)(?:e|ee|es|ees)?\s+par\s+"
                               r"(?:les |l'|le |la )?$")
# Kinds of a group a person's role can name ("Libyan National Army commander", "Hamas leader").
_LEADABLE_KINDS = frozenset({"armed_group", "military", "party", "igo", "ngo"})
# Generic kinds whose nationality makes a new group; soldiers and police are state organs (organs.tsv).
_NATIONAL_GROUP_KINDS = frozenset({"civilians", "armed_group", "unknown", "ngo"})

_WORD = re.compile(r"[^\W_]+")
# What may stand between two words of one name: spaces, one line break, hyphens, apostrophes.
_GLUE = re.compile(r"[ \t\r'\-]*(?:\n[ \t\r'\-]*)?")
# What may stand between an organ noun and its adjective: any space, hyphen, apostrophe
# (a comma, a full stop or a bracket ends the noun phrase).
_SPACES = re.compile(r"[\s'\-]*")
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
_TITLES = {"m": True, "mme": False, "mlle": False}  # title -> must be followed by "."
# Tokens that end the search for an organ's adjective: clause boundaries, coordination,
# and prefixes that turn a nationality into an alignment ("les forces pro-russes").
_SCAN_STOP = frozenset({"qui", "que", "dont", "ou", "et", "mais", "car", "pro", "anti", "ex", "non"})
_ORGAN_WINDOW = 5  # at most this many words between an organ noun and its adjective
# Who held an office and no longer does: "l'ex-ministre", "le général ... à la retraite".
_FORMER_BEFORE = frozenset({"ancien", "ancienne", "anciens", "anciennes", "ex"})
_RETIRED_AFTER = re.compile(r"\s*(?:a la|en) retraite\b")

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


@dataclass
class _Tokens:
    """A text split into folded words, with their spans in the original."""

    text: str
    folded: str
    spans: list[tuple[int, int]]
    words: list[str]
    _glued: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "_Tokens":
        folded = fold(text)
        spans = [m.span() for m in _WORD.finditer(folded)]
        return cls(text, folded, spans, [folded[s:e] for s, e in spans], [-1] * len(spans))

    def glued(self, i: int) -> bool:
        """May word i continue a name begun before it (only spaces/hyphens/apostrophes between)?"""
        g = self._glued[i]
        if g < 0:
            g = int(_GLUE.fullmatch(self.folded, self.spans[i - 1][1], self.spans[i][0]) is not None)
            self._glued[i] = g
        return bool(g)

    def name_goes_on(self, i: int) -> bool:
        """Is word i followed, across a space or hyphen only, by a capitalised word?"""
        if i + 1 >= len(self.spans):
            return False
        gap = self.folded[self.spans[i][1]:self.spans[i + 1][0]]
        return bool(gap) and all(c in " -" for c in gap) and self.text[self.spans[i + 1][0]].isupper()

    def hyphenated_to_name(self, i: int) -> bool:
        """Is word i joined by a hyphen to a capitalised word before it ("Port-Soudan")?"""
        if i == 0:
            return False
        return self.folded[self.spans[i - 1][1]:self.spans[i][0]] == "-" and self.text[self.spans[i - 1][0]].isupper()

    def run_glued(self, i: int, length: int) -> bool:
        return all(self.glued(k) for k in range(i + 1, i + length))

    def spaced(self, i: int) -> bool:
        """Is word i separated from word i-1 by spaces, hyphens or apostrophes only?"""
        return _SPACES.fullmatch(self.folded, self.spans[i - 1][1], self.spans[i][0]) is not None

    def case_ok(self, rules: list[_CaseRule], i: int) -> bool:
        text, spans = self.text, self.spans
        for rule in rules:
            if not all(text[spans[i + k][0]].isupper() for k in rule.capitalised):
                continue
            if all(not any(c.islower() for c in text[spans[i + k][0]:spans[i + k][1]])
                   for k in rule.all_caps):
                return True
        return False


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


class ActorRegistry:
    """Actors loaded from the data files, and a matcher for their mentions in French text."""

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
        self._composed: dict[tuple[str, str], Actor] = {}  # (generic name, nationality or followed) -> actor
        self._coalitions: dict[str, Actor] = {}  # alpha-3 -> the coalition that state leads

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_data_dir(cls, path: str | os.PathLike[str] | Traversable) -> "ActorRegistry":
        """Read actors.tsv, generic.tsv, nationalities.tsv, organs.tsv and english_adjectives.tsv.

        Raises ValueError naming the file and line of a malformed row.
        """
        directory: Traversable = Path(path) if isinstance(path, (str, os.PathLike)) else path
        registry = cls()
        registry._load_actors(_read_rows(directory, "actors.tsv", ACTORS_HEADER))
        registry._load_generic(_read_rows(directory, "generic.tsv", GENERIC_HEADER))
        registry._load_nationalities(_read_rows(directory, "nationalities.tsv", NATIONALITIES_HEADER))
        registry._load_organs(_read_rows(directory, "organs.tsv", ORGANS_HEADER))
        registry._load_english(_read_rows(directory, "english_adjectives.tsv", ENGLISH_HEADER))
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
            codes_by_position = {1: [AGREEMENTS], 2: [{"ms", "fs"}, {"mp", "fp"}],
                                 4: [{"ms"}, {"fs"}, {"mp"}, {"fp"}]}.get(len(forms))
            if forms and codes_by_position is None:
                raise _fail(where, f"adjectives must be 1, 2 or 4 forms (ms|fs|mp|fp), got {len(forms)}")
            merged: dict[tuple[str, ...], set[str]] = defaultdict(set)
            for form, codes in zip(forms, codes_by_position or []):
                merged[_key(form)] |= codes
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

    # ------------------------------------------------------------------ queries

    def get(self, name: str) -> Actor | None:
        """The actor (actors.tsv or generic.tsv) whose canonical name this is, ignoring case and accents."""
        return self._by_name.get(_key(name))

    def state(self, alpha3: str) -> Actor | None:
        """The state actor of an ISO 3166-1 alpha-3 code."""
        return self._states.get(alpha3.upper())

    def organ_actor(self, alpha3: str, kind: str) -> Actor | None:
        """The derived actor that "l'armée russe"-style mentions resolve to (state name, organ kind)."""
        key = (alpha3.upper(), kind)
        actor = self._organ_actors.get(key)
        if actor is None and key[0] in self._states:
            # a state no nationality adjective names ("la police" in a story about Hong Kong) still
            # has its organs: made on first use, then the same object every time
            actor = self._organ_actors[key] = Actor(name=self._states[key[0]].name, kind=kind, country=key[0])
        return actor

    def is_organ_noun(self, word: str) -> bool:
        """Does the word name a state organ when a nationality follows ("ambassade", "ministère")?"""
        return _key(word) in self._organs

    def nationality(self, adjective: str) -> Actor | None:
        """The state a nationality adjective names ("russes" -> Russia), any agreement."""
        entry = self._adjectives.get(_key(adjective))
        return self._states.get(entry.country) if entry is not None else None

    def lookup(self, surface: str) -> Actor | None:
        """The actor a whole string names: alias, name, demonym, capital, surname, or organ + nationality.

        Comparison is folded (case, accents, hyphens and apostrophes ignored); a leading
        article or title ("la", "l'", "M.") is ignored.
        """
        key = self._surface_key(surface)
        if not key:
            return None
        entry = self._phrases.get(key)
        if entry is not None:
            return entry.actor
        actor = self._by_name.get(key)
        if actor is not None:
            return actor
        tokens = _Tokens.of(surface)
        first = len(tokens.words) - len(key)
        for _, _, _, first_tok, last_tok, organ_actor, _ in self._organ_candidates(tokens, {}):
            if first_tok == first and last_tok == len(tokens.words) - 1:
                return organ_actor
        return None

    def is_actor_name(self, surface: str) -> bool:
        """True for names of people, organisations and demonyms ("Bachar al-Assad", "Al-Qaïda",
        "Américains"); False for state names and capitals ("Syrie", "Damas"), which are places too,
        and for strings the registry does not know."""
        key = self._surface_key(surface)
        if not key:
            return False
        entry = self._phrases.get(key)
        if entry is not None:
            return entry.source not in ("state", "capital")
        if key in self._ambiguous_surnames:
            return True
        actor = self._by_name.get(key)
        return actor is not None and self._states.get(actor.country or "") is not actor

    @staticmethod
    def _surface_key(surface: str) -> tuple[str, ...]:
        words = [w for w, _ in _split(surface)]
        while len(words) > 1 and (words[0] in _ARTICLES or words[0] in _TITLES):
            words = words[1:]
        return tuple(words)

    # ------------------------------------------------------------------ matching

    def find(self, text: str) -> list[ActorMention]:
        """All actor mentions in ``text``, sorted by start, non-overlapping, longest match first.

        Offsets are into ``text``; articles are not part of a span. Capitals come back with
        ``metonym=True`` ("Moscou a démenti"): whether "à Washington" is a place is the
        caller's decision.
        """
        if not text:
            return []
        tokens = _Tokens.of(text)
        # candidate: (start, end, priority, first token, last token, actor, metonym)
        candidates: list[tuple[int, int, int, int, int, Actor, bool]] = []
        phrase_at: dict[int, tuple[int, _Entry]] = {}
        words, spans = tokens.words, tokens.spans
        n = len(words)
        phrases, phrase_len = self._phrases, self._phrase_len
        for i, word in enumerate(words):
            longest = phrase_len.get(word)
            if longest is None:
                continue
            for length in range(min(longest, n - i), 0, -1):
                entry = phrases.get(tuple(words[i:i + length]))
                if entry is None or not tokens.run_glued(i, length) or not tokens.case_ok(entry.rules, i):
                    continue
                if length == 1 and entry.actor.kind == "person" and tokens.name_goes_on(i):
                    continue  # "Sadr City", "Trump Tower": a surname inside another name
                if entry.source == "state" and tokens.hyphenated_to_name(i):
                    break  # "Port-Soudan", "Guinée-Bissau" aside: a town named after its country
                last = i + length - 1
                phrase_at[i] = (last, entry)
                candidates.append((spans[i][0], spans[last][1], entry.priority, i, last,
                                   entry.actor, entry.source == "capital"))
                break
        # "M. Lavrov", "Mme Merkel": the title joins the person's span.
        for i, (last, entry) in phrase_at.items():
            if entry.actor.kind != "person" or i == 0:
                continue
            title = words[i - 1]
            if title not in _TITLES:
                continue
            t_start, t_end = spans[i - 1]
            if not text[t_start].isupper():
                continue
            gap = tokens.folded[t_end:spans[i][0]]
            if _TITLES[title] and not gap.startswith("."):
                continue
            if gap.removeprefix(".").strip():
                continue
            candidates.append((t_start, spans[last][1], entry.priority, i - 1, last, entry.actor, False))
        candidates.extend(self._organ_candidates(tokens, phrase_at))
        chosen = self._compose(tokens, _select(tokens, candidates))
        return [ActorMention(actor=c[5], start=c[0], end=c[1], text=text[c[0]:c[1]], metonym=c[6])
                for c in chosen]

    def _compose(self, tokens: _Tokens, chosen: list[tuple[int, int, int, int, int, Actor, bool]]
                 ) -> list[tuple[int, int, int, int, int, Actor, bool]]:
        """Unnamed groups with what names them further: "manifestants irakiens" -> "Iraqi protesters",
        "partisans de Soumaïla Cissé" -> "Supporters of Soumaïla Cissé" (one mention, the followed
        person's own dropped: the supporters act, not their leader)."""
        words, spans = tokens.words, tokens.spans
        by_first = {c[3]: k for k, c in enumerate(chosen)}
        out: list[tuple[int, int, int, int, int, Actor, bool]] = []
        dropped: set[int] = set()
        for k, c in enumerate(chosen):
            if k in dropped:
                continue
            start, _, priority, first, last, actor, metonym = c
            j = last + 1
            if actor in self._followers and j + 1 < len(words) and words[j] in ("de", "du", "des", "d") \
                    and tokens.spaced(j):
                nxt = j + 1 + (words[j + 1] in ("la", "l", "le", "les") and j + 2 < len(words))
                other = by_first.get(nxt)
                if other is not None and chosen[other][5].kind in _FOLLOWED_KINDS:
                    followed = chosen[other][5]
                    derived = self._composed_actor(actor, f"{actor.name} of {followed.name}", followed.name)
                    out.append((start, chosen[other][1], priority, first, chosen[other][4], derived, False))
                    dropped.add(other)
                    continue
            if k + 1 < len(chosen) and "coalition" in tokens.folded[start:c[1]] and chosen[k + 1][5].kind == "state" \
                    and chosen[k + 1][5].country in self._coalitions \
                    and _LED_BY.fullmatch(tokens.folded, spans[last][1], chosen[k + 1][0]):
                # "la coalition internationale menée par Washington": the coalition, not the state
                led = self._coalitions[chosen[k + 1][5].country]
                out.append((start, chosen[k + 1][1], priority, first, chosen[k + 1][4], led, False))
                dropped.add(k + 1)
                continue
            if actor.kind == "state" and actor.country in self._coalitions:
                # "une coalition menée par les USA": "coalition" is no name of its own
                before = _COALITION_LED_BY.search(tokens.folded, max(0, start - 60), start)
                if before is not None:
                    first_word = next(w for w, (s0, _) in enumerate(spans) if s0 >= before.start())
                    out.append((before.start(), c[1], priority, first_word, last, self._coalitions[actor.country], False))
                    continue
            if actor in self._generic_set and actor.kind in _LED_KINDS and k + 1 < len(chosen) and \
                    chosen[k + 1][5].kind == "person" and _LED_BY.fullmatch(tokens.folded, spans[last][1],
                                                                           chosen[k + 1][0]):
                group = self.organisation_of(chosen[k + 1][5])
                if group is not None:
                    out.append((start, chosen[k + 1][1], priority, first, chosen[k + 1][4], group, False))
                    dropped.add(k + 1)
                    continue
            if actor in self._generic_set and actor.kind in _NATIONAL_GROUP_KINDS and j < len(words) \
                    and j not in by_first and tokens.spaced(j):
                adjective = self._adjective_at(tokens, j)
                if adjective is not None and adjective[1].country in self._english:
                    adj_last, adj = adjective
                    name = f"{self._english[adj.country]} {actor.name.lower()}"
                    derived = self._composed_actor(actor, name, adj.country)
                    out.append((start, spans[adj_last][1], priority, first, adj_last, derived, False))
                    continue
            out.append(c)
        return out

    def national(self, generic: Actor, alpha3: str) -> Actor | None:
        """An unnamed group named by a nationality the text implies ("Protesters" in Algeria ->
        "Algerian protesters"), as `find` names it when the adjective is written; None when the
        actor is no generic group or the state has no English adjective."""
        if generic not in self._generic_set or generic.kind not in _NATIONAL_GROUP_KINDS:
            return None
        adjective = self._english.get(alpha3.upper())
        if adjective is None:
            return None
        return self._composed_actor(generic, f"{adjective} {generic.name.lower()}", alpha3.upper())

    def organisation_of(self, person: Actor) -> Actor | None:
        """The group a person leads, as their role names it ("Libyan National Army commander",
        "JNIM leader"): the longest head of the role that is a group's name or alias."""
        if person.kind != "person" or not person.role:
            return None
        words = person.role.split()
        for k in range(len(words) - 1, 0, -1):
            group = self.lookup(" ".join(words[:k]))
            if group is not None and group.kind in _LEADABLE_KINDS and group not in self._generic_set:
                return group
        return None

    def _composed_actor(self, generic: Actor, name: str, key: str) -> Actor:
        actor = self._composed.get((generic.name, key))
        if actor is None:
            actor = self._composed[(generic.name, key)] = Actor(name=name, kind=generic.kind)
        return actor

    def _organ_candidates(self, tokens: _Tokens, phrase_at: dict[int, tuple[int, _Entry]]
                          ) -> list[tuple[int, int, int, int, int, Actor, bool]]:
        """Organ noun + nationality adjective: "l'aviation russe", "le ministère russe de la Défense".

        The span runs from the noun to the adjective. The adjective is looked for in the
        next few words; the search stops at punctuation, at another organ noun or actor
        name, at a clause boundary, and at a nationality adjective that does not agree.
        """
        words, spans = tokens.words, tokens.spans
        n = len(words)
        # A noun inside a longer name is not an organ: "Etat" in "Etat islamique".
        covered_to = list(range(n))
        for start, (last, _) in phrase_at.items():
            for t in range(start, last + 1):
                covered_to[t] = max(covered_to[t], last)
        organ_at: dict[int, tuple[int, _Organ]] = {}
        for i, word in enumerate(words):
            longest = self._organ_len.get(word)
            if longest is None:
                continue
            for length in range(min(longest, n - i), 0, -1):
                organ = self._organs.get(tuple(words[i:i + length]))
                if organ is not None and tokens.run_glued(i, length):
                    organ_at[i] = (i + length - 1, organ)
                    break
        found: list[tuple[int, int, int, int, int, Actor, bool]] = []
        for i, (last, organ) in organ_at.items():
            if covered_to[last] > last:
                continue
            counted = 0
            j = last + 1
            while j < n and tokens.spaced(j):
                adjective = self._adjective_at(tokens, j)
                if adjective is not None:
                    adj_last, adj = adjective
                    # The nearest nationality adjective decides: if it does not agree with the
                    # noun it belongs to another noun ("l'armée a tué des jihadistes maliens").
                    if adj.forms & organ.forms and not _former(tokens, i, adj_last):
                        found.append((spans[i][0], spans[adj_last][1], _PRIORITY["organ"], i, adj_last,
                                      self._organ_actors[(adj.country, organ.kind)], False))
                    break
                word = words[j]
                if j in phrase_at or j in organ_at or word in _SCAN_STOP:
                    break
                if len(word) > 1 and word != "qu":  # elided l', d' are not words
                    counted += 1
                    if counted > _ORGAN_WINDOW:
                        break
                j += 1
        return found

    def _adjective_at(self, tokens: _Tokens, j: int) -> tuple[int, _Adjective] | None:
        longest = self._adjective_len.get(tokens.words[j])
        if longest is None:
            return None
        for length in range(min(longest, len(tokens.words) - j), 0, -1):
            adjective = self._adjectives.get(tuple(tokens.words[j:j + length]))
            if adjective is not None and tokens.run_glued(j, length):
                return j + length - 1, adjective
        return None


def _former(tokens: _Tokens, first: int, last: int) -> bool:
    """"l'ancien ministre libyen", "un général libyen à la retraite": no longer the state's organ."""
    if first > 0 and tokens.words[first - 1] in _FORMER_BEFORE and tokens.spaced(first):
        return True
    return _RETIRED_AFTER.match(tokens.folded, tokens.spans[last][1]) is not None


def _first_word_lengths(index: dict[tuple[str, ...], object]) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for key in index:
        if len(key) > lengths.get(key[0], 0):
            lengths[key[0]] = len(key)
    return lengths


def _select(tokens: _Tokens, candidates: list[tuple[int, int, int, int, int, Actor, bool]]
            ) -> list[tuple[int, int, int, int, int, Actor, bool]]:
    """Longest span first, then explicit data before derived; no two mentions share a word."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(tokens.words))
    chosen: list[tuple[int, int, int, int, int, Actor, bool]] = []
    for cand in candidates:
        first, last = cand[3], cand[4]
        if any(taken[first:last + 1]):
            continue
        taken[first:last + 1] = b"\x01" * (last - first + 1)
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return chosen


@cache
def default_registry() -> ActorRegistry:
    """The registry of the package's own data files, loaded once per process."""
    return ActorRegistry.from_data_dir(resources.files("veille.actors").joinpath("data"))
