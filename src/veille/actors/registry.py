"""The actor registry: where a French text names the actors of the data files.

The tables (``tables.py``) say who can act in a dispatch and how each is written;
this module finds their mentions in a text (``find``) and names an actor from a
string (``lookup``, ``nationality``, ``organ_actor``, ``national``, ...).

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

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from veille.countries import common_name_of
from veille.records import Actor, ActorMention
from veille.textnorm import fold

# The headers, kinds and ActorDataError live in tables.py; imported here, they stay importable from
# actors.registry, where the tests and older code import them.
from veille.actors.tables import (ACTORS_HEADER, AGREEMENTS, ENGLISH_HEADER, GENERIC_HEADER,  # noqa: F401
                                  KINDS, NATIONALITIES_HEADER, ORGANS_HEADER, ActorDataError, ActorTables,
                                  _Adjective, _ARTICLES, _CaseRule, _Entry, _key, _Organ, _PRIORITY, _split,
                                  _WORD)

# Who can be followed: "les partisans du Hamas", "les partisans de Soumaïla Cissé".
_FOLLOWED_KINDS = frozenset({"person", "party", "armed_group"})
# Unnamed fighters led by a named person are that person's group: "des combattants emmenés par le
# général Khalifa Haftar" (folded text between the two mentions; a title or two may stand before the name).
_LED_BY = re.compile(r"\s*,?\s*(?:emmen|men|dirig|command|conduit)(?:e|es|ee|ees|s)?\s+par\s+(?:[\w'-]+\s+){0,3}")
_LED_KINDS = frozenset({"armed_group", "military", "unknown"})
_COALITION_LED_BY = re.compile(r"\bcoalition\s+(?:[\w'-]+\s+)?(?:emmen|men|dirig|conduit)(?:e|ee|es|ees)?\s+par\s+"
                               r"(?:les |l'|le |la )?$")
# Nouns that may stand between unnamed fighters and their group's name: "des jihadistes du groupe Boko Haram".
_GROUP_NOUNS = frozenset({"groupe", "mouvement", "organisation", "milice", "rebellion", "reseau", "faction"})
# Kinds of a group a person's role can name ("Libyan National Army commander", "Hamas leader").
_LEADABLE_KINDS = frozenset({"armed_group", "military", "party", "igo", "ngo"})
# Generic kinds whose nationality makes a new group; soldiers and police are state organs (organs.tsv).
_NATIONAL_GROUP_KINDS = frozenset({"civilians", "armed_group", "unknown", "ngo"})

# What may stand between two words of one name: spaces, one line break, hyphens, apostrophes.
_GLUE = re.compile(r"[ \t\r'\-]*(?:\n[ \t\r'\-]*)?")
# What may stand between an organ noun and its adjective: any space, hyphen, apostrophe
# (a comma, a full stop or a bracket ends the noun phrase).
_SPACES = re.compile(r"[\s'\-]*")
_TITLES = {"m": True, "mme": False, "mlle": False}  # title -> must be followed by "."
# Tokens that end the search for an organ's adjective: clause boundaries, coordination,
# and prefixes that turn a nationality into an alignment ("les forces pro-russes").
_SCAN_STOP = frozenset({"qui", "que", "dont", "ou", "et", "mais", "car", "pro", "anti", "ex", "non"})
_ORGAN_WINDOW = 5  # at most this many words between an organ noun and its adjective
# Who held an office and no longer does: "l'ex-ministre", "le général ... à la retraite".
_FORMER_BEFORE = frozenset({"ancien", "ancienne", "anciens", "anciennes", "ex"})
_RETIRED_AFTER = re.compile(r"\s*(?:a la|en) retraite\b")


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

    def other_first_name(self, i: int, name: str) -> bool:
        """Is word i a surname whose first name, just before it, is not the one of ``name``
        ("Joseph Aoun" is not Michel Aoun)? A capitalised word that opens a sentence may be any word."""
        if i == 0 or self.folded[self.spans[i - 1][1]:self.spans[i][0]] != " ":
            return False
        start, end = self.spans[i - 1]
        word = self.text[start:end]
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) > 2) or \
                self.words[i - 1] in _TITLES:
            return False
        before = self.text[:start].rstrip()
        if not before or before[-1] in ".!?\n\"«" or not before[-1].isalpha() and before[-1] not in ",;)":
            return False
        # a spelling of the same name ("Hamdane" for "Hamdan") shares its first four letters
        return not any(w[:4] == self.words[i - 1][:4] for w in fold(name).split())

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



# Texts whose mentions the registry keeps: more than a parse batch's documents (pipeline.py).
RECENT_TEXTS = 128


class ActorRegistry(ActorTables):
    """Actors loaded from the data files, and a matcher for their mentions in French text."""

    def __init__(self) -> None:
        super().__init__()
        self._composed: dict[tuple[str, str], Actor] = {}  # (generic name, nationality or followed) -> actor
        # the texts last matched and their mentions: the sentence selection (selective_parse.py)
        # matches a batch's documents, then the analysis matches each of them again
        self._recent: dict[str, tuple[ActorMention, ...]] = {}

    # ------------------------------------------------------------------ queries

    def get(self, name: str) -> Actor | None:
        """The actor (actors.tsv or generic.tsv) whose canonical name this is, ignoring case and accents."""
        return self._by_name.get(_key(name))

    def state(self, alpha3: str) -> Actor | None:
        """The state actor of an ISO 3166-1 alpha-3 code."""
        return self._states.get(alpha3.upper())

    def organ_actor(self, alpha3: str, kind: str) -> Actor | None:
        """The derived actor that "l'armée russe"-style mentions resolve to (state name, organ kind)."""
        # "le gouvernement" in New Caledonia is France's
        key = (self.sovereign_of(alpha3), kind)
        actor = self._organ_actors.get(key)
        if actor is None:
            # a state no nationality adjective names ("la police" in a story about Hong Kong) still
            # has its organs: made on first use, then the same object every time; a territory the
            # registry lacks is named as ISO 3166 names it
            state = self._states.get(key[0])
            name = state.name if state is not None else common_name_of(key[0])
            if name is not None:
                actor = self._organ_actors[key] = Actor(name=name, kind=kind, country=key[0])
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
        known = self._recent.get(text)
        if known is not None:
            return list(known)
        found = self._find(text)
        if len(self._recent) >= RECENT_TEXTS:
            self._recent = {}  # started over (a new dict: threads that read the old one are not disturbed)
        self._recent[text] = tuple(found)
        return found

    def _find(self, text: str) -> list[ActorMention]:
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
                if length == 1 and entry.actor.kind == "person" and tokens.other_first_name(i, entry.actor.name):
                    continue  # "le président Joseph Aoun": another person of that surname
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
            if actor in self._generic_set and actor.kind in _LED_KINDS and j + 1 < len(words) \
                    and words[j] in ("de", "du", "des", "d") and tokens.spaced(j):
                # "des combattants de l'Etat islamique en Afrique de l'Ouest": the group's own fighters
                nxt = j + 1 + (words[j + 1] in ("la", "l", "le", "les") and j + 2 < len(words))
                if nxt + 1 < len(words) and words[nxt] in _GROUP_NOUNS:
                    nxt += 1  # "des jihadistes du groupe Boko Haram"
                other = by_first.get(nxt)
                if other is not None and chosen[other][5].kind == "armed_group" and \
                        chosen[other][5] not in self._generic_set:
                    out.append((start, chosen[other][1], priority, first, chosen[other][4], chosen[other][5], False))
                    dropped.add(other)
                    continue
            ally = chosen[k + 1][5] if k + 1 < len(chosen) else None
            if ally is not None and "coalition" in tokens.folded[start:c[1]] and ally.kind == "state" \
                    and ally.country is not None and ally.country in self._coalitions \
                    and _LED_BY.fullmatch(tokens.folded, spans[last][1], chosen[k + 1][0]):
                # "la coalition internationale menée par Washington": the coalition, not the state
                led = self._coalitions[ally.country]
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
