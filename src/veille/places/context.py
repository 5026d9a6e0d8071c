"""The context of a document: the countries it is about and the divisions it names.

Names that resolve without doubt vote for their country: a country's own name, a name whose
exact namesakes all lie in one country, a name's own town ("Lyon"), a city of a million or more,
and the state behind an actor ("l'armée malienne", "les Russes"). Namesakes in several countries
do not vote: they are what the context must decide.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..countries import alpha2_of
from ..records import ActorMention
from .candidates import CandidateIndex
from .gazetteer import KIND_ADMIN1, KIND_CITY, KIND_COUNTRY
from .names import exact_key
from .tables import is_capital
from .toponyms import Toponym


# A name whose namesakes all lie in one country and are all villages smaller than this does not, by
# itself, make the document about that country for its own resolution.
LONE_VILLAGE_MAX_POP = 10_000


@dataclass(frozen=True)
class DocumentContext:
    countries: tuple[str, ...]  # by weight, dominant first
    divisions: frozenset[tuple[str, str]] = frozenset()  # (country, admin1 code) named in the document
    # name key -> the country that name, a village's (LONE_VILLAGE_MAX_POP), alone voted for, and no other
    # name of the document may lie in: its own vote does not make the document about its country for
    # that name ("Piccadilly", only an Australian village in the gazetteer, in a story about London)
    lone: Mapping[str, str] = field(default_factory=dict)

    def without_own_vote(self, name_key: str) -> DocumentContext:
        """The context as the other names of the document make it, for a mention of ``name_key``."""
        alone = self.lone.get(name_key)
        if alone is None:
            return self
        return DocumentContext(tuple(c for c in self.countries if c != alone), self.divisions)

    @property
    def dominant(self) -> str | None:
        return self.countries[0] if self.countries else None


class ContextReader(CandidateIndex):
    """The second stage of `PlaceResolver`: the countries and divisions of a document."""

    @staticmethod
    def _other_names(key: str, toponyms: list[Toponym]) -> bool:
        """Whether the document names another place than ``key``: a village named alone ("Tessalit", beside
        only the nationality of the peacekeepers attacked there) keeps its own vote."""
        return any(exact_key(t.text) != key for t in toponyms if not t.seat)

    def _named_elsewhere(self, country: str, key: str, toponyms: list[Toponym]) -> bool:
        """Whether another name of the document may be a place of ``country`` ("Kidal", which also
        names a hamlet of Indonesia, beside "Tessalit"): then a village's vote for it stands."""
        return any(exact_key(t.text) != key and any(c.exact and c.entry.country == country
                                                    for c in self._cached_candidates(t.text)) for t in toponyms)

    # ------------------------------------------------------------------ context
    def document_context(self, toponyms: list[Toponym], actor_mentions: Iterable[ActorMention] = ()) -> DocumentContext:
        """The countries a document is about, heaviest first.

        Votes: a country's own name (2), a toponym whose exact matches all lie in one
        country (1), a city of a million or more (1), and an actor of a state
        ("l'armée malienne", "les Russes") (1). Namesakes with several countries do
        not vote: they are what the context must decide.
        """
        votes: Counter[str] = Counter()
        voters: dict[str, set[str]] = {}
        divisions: set[tuple[str, str]] = set()
        for t in toponyms:
            if t.seat or t.capital:
                continue
            cands = [c for c in self._cached_candidates(t.text) if c.exact]
            named = [c for c in cands if c.entry.kind == KIND_ADMIN1]
            if len(named) > 1:  # "Victoria": the Australian state, not Gozo's Rabat, which bears it as an alternate name
                named = [c for c in named if exact_key(c.entry.name) == exact_key(t.text)] or named
            # "Odessa", "Kharkiv" alone are the towns: their divisions are named only by a cue
            # ... and "Washington" alone is the capital: a name a national capital bears names no division
            if t.cue != "division" and len(named) == 1 and any(
                    c.entry.kind == KIND_CITY and ((c.entry.country, c.entry.admin1_code) ==
                                                   (named[0].entry.country, named[0].entry.admin1_code)
                                                   or is_capital(c.entry)) for c in cands):
                named = []
            if len(named) == 1 and named[0].entry.admin1_code:
                divisions.add((named[0].entry.country, named[0].entry.admin1_code))
            # a bare code ("CA", "WA") is a division only where the document is about its country:
            # it must not make the document about that country
            cands = [c for c in cands if c.abbreviation != "code"]
            countries = [c for c in cands if c.entry.kind == KIND_COUNTRY]
            if countries:
                # a name several countries share ("French": France, Reunion, Mayotte) is the largest's
                country = max(countries, key=lambda c: c.entry.population).entry.country
                votes[country] += 2
                voters.setdefault(country, set()).add("")
                continue
            if cands and len({c.entry.country for c in cands}) == 1:
                votes[cands[0].entry.country] += 1
                # a village's own vote is its alone; a town's is as good as any other
                small = max(c.entry.population for c in cands) < LONE_VILLAGE_MAX_POP
                voters.setdefault(cands[0].entry.country, set()).add(exact_key(t.text) if small else "")
                continue
            own = self.standing(t.text)
            if own is not None:  # "Lyon", "Genève": the name's own town, far above its namesakes
                votes[own.country] += 1
                voters.setdefault(own.country, set()).add("")
                continue
            big = [c for c in cands if c.entry.kind in (KIND_CITY, KIND_ADMIN1) and c.entry.population >= 1_000_000]
            if big:
                country = max(big, key=lambda c: c.entry.population).entry.country
                votes[country] += 1
                voters.setdefault(country, set()).add("")
        for m in actor_mentions:
            if m.actor.country and m.actor.kind in ("state", "military", "police") and not m.metonym:
                alpha2 = alpha2_of(m.actor.country)
                if alpha2 is not None:
                    votes[alpha2] += 1
                    voters.setdefault(alpha2, set()).add("")
        return DocumentContext(tuple(c for c, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))),
                               frozenset(divisions),
                               {key: country for country, keys in voters.items() if len(keys) == 1 and "" not in keys
                                for key in keys if self._other_names(key, toponyms)
                                and not self._named_elsewhere(country, key, toponyms)})
