"""Candidates: the gazetteer entries a name may stand for, and what a name means by its own standing.

A name's candidates are its exact matches (abbreviations such as "Calif." or "CA" included), then,
failing those, the name without its leading article, with the article GeoNames writes most ("al"),
or with its compass qualifier in English ("Kordofan du Nord" -> "North Kordofan"); then variant
spellings, by skeleton. They are looked up once per name and cached; the scoring reads them once per
name too (`scoring.NameProfile`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Place
from .gazetteer import KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY, Entry, Gazetteer
from .names import default_rules, drop_articles, exact_key, skeleton
from .tables import _directions, capital_name, is_capital


# A name's own standing: its most populous exact namesake (a town of at least STANDING_MIN_POP,
# STANDING_RATIO times any namesake in another country) is what the name means unless the text
# says otherwise at the level of a division. Country-level context (the dominant country, a
# neighbour, a place named nearby) may raise a candidate, never outweigh that standing: "Lyon" in a
# story about Ukraine is Lyon, not a Ukrainian village of similar spelling; "Bruges" next to Lille
# and Rennes is Brugge, not the small French commune.
STANDING_MIN_POP = 100_000
STANDING_RATIO = 5.0
# ... and none when another country's namesake is itself such a town within this ratio (Tripoli).
SHARED_RATIO = 10.0


@dataclass
class Candidate:
    entry: Entry
    exact: bool
    score: float = 0.0
    abbreviation: str | None = None  # "dotted" ("Calif.") or "code" ("CA") when found as one
    why: list[str] = field(default_factory=list)
    context: float = 0.0  # the part of the score that country-level context gave
    local: bool = False  # division-level evidence: inside the division named around it or in the document
    near: bool = False  # near a place the document names without doubt
    main: bool = False  # the mention is the entry's main name
    features: tuple[float, ...] = ()  # the terms of the score (scoring.FEATURES), once scored


def place_of(entry: Entry, gazetteer: Gazetteer, *, central: bool = False) -> Place:
    """The Place of an entry. Events put a division at its seat (news about "the province of
    Hama" is mostly about Hama); ``central`` gives GeoNames' central point instead."""
    admin1 = gazetteer.admin1(entry.country, entry.admin1_code) if entry.kind in (KIND_CITY, KIND_ADMIN2) else None
    lat, lon = (entry.center_lat, entry.center_lon) if central and entry.center_lat is not None else (entry.lat, entry.lon)
    return Place(name=entry.name, country=entry.country if entry.kind != KIND_CONTINENT else None,
                 admin1=admin1.name if admin1 else (entry.name if entry.kind == KIND_ADMIN1 else None),
                 lat=lat, lon=lon, precision=entry.precision,
                 geonameid=entry.geonameid if entry.geonameid > 0 else None,  # a composite division has none
                 display_name=gazetteer.display_name(entry))


class CandidateIndex:
    """The candidates of each name in a gazetteer, cached; the base every stage of `PlaceResolver` shares."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.rules = default_rules()
        self._candidates: dict[str, list[Candidate]] = {}
        self._standing: dict[str, tuple[Entry | None]] = {}
        self._major: dict[str, bool] = {}

    def candidates(self, name: str) -> list[Candidate]:
        """Entries a name may stand for, exact ones and variant spellings (fresh copies: callers score them)."""
        return [Candidate(c.entry, c.exact, abbreviation=c.abbreviation) for c in self._cached_candidates(name)]

    def _cached_candidates(self, name: str) -> list[Candidate]:
        """The cached candidates themselves: read, never scored."""
        found = self._candidates.get(name)
        if found is None:
            found = self._find_candidates(name)
            if len(self._candidates) > 100_000:
                self._candidates.clear()
                self._standing.clear()
                self._major.clear()
            self._candidates[name] = found
        return found

    def capital_of(self, alpha2: str | None) -> int | None:
        """The geonameid of the capital of a country given by its ISO alpha-2 code (countryinfo's
        name, the most populous town of that name in the country)."""
        name = capital_name(alpha2) if alpha2 else None
        towns = [c.entry for c in self._cached_candidates(name) if c.exact and c.entry.country == alpha2
                 and c.entry.kind == KIND_CITY] if name else []
        return max(towns, key=lambda e: e.population).geonameid if towns else None

    def standing(self, name: str) -> Entry | None:
        """The town a name means by its own standing, or None: its most populous exact namesake,
        a town of STANDING_MIN_POP or more, STANDING_RATIO times any exact namesake in another
        country (Lyon, Genève, Brugge for "Bruges"; no town for "Saint-Denis" or "Cambridge")."""
        found = self._standing.get(name)
        if found is None:
            exact = [c.entry for c in self._cached_candidates(name) if c.exact and c.abbreviation is None
                     and c.entry.kind in (KIND_CITY, KIND_ADMIN1, KIND_ADMIN2)]
            towns = [e for e in exact if e.kind == KIND_CITY]
            best = max(towns, key=lambda e: e.population, default=None)
            # a name two major towns share (Tripoli of Libya and of Lebanon) has no single standing
            if best is None or best.population < STANDING_MIN_POP or any(
                    e.country != best.country and (e.population * STANDING_RATIO > best.population or (
                        e.kind == KIND_CITY and e.population >= STANDING_MIN_POP
                        and e.population * SHARED_RATIO > best.population)) for e in exact):
                best = None
            found = self._standing[name] = (best,)
        return found[0]

    def _major_exact(self, name: str) -> bool:
        """Whether the name is, exactly, a major place's: a town of STANDING_MIN_POP, a capital, a division, a country."""
        found = self._major.get(name)
        if found is None:
            found = self._major[name] = any(c.exact and (c.entry.kind in (KIND_ADMIN1, KIND_COUNTRY) or (
                c.entry.kind == KIND_CITY and c.entry.population >= STANDING_MIN_POP) or is_capital(c.entry))
                for c in self._cached_candidates(name))
        return found

    def _find_candidates(self, name: str) -> list[Candidate]:
        key = exact_key(name)
        found: dict[int, Candidate] = {}
        surface = name.strip()
        for abbreviated in self.gazetteer.abbreviation(surface):
            found[abbreviated.geonameid] = Candidate(abbreviated, True,
                                                     abbreviation="dotted" if "." in surface else "code")
        for gid, exact in self.gazetteer.lookup(key):
            if exact:
                e = self.gazetteer.entry(gid)
                if e:
                    found[gid] = Candidate(e, True)
        # "al-Bab" and "Bab", "la ville d'Alep": retry without a leading article
        stripped = " ".join(w for i, w in enumerate(key.split()) if not (i == 0 and w in self.rules.articles))
        if not found and stripped != key and stripped:
            for gid, exact in self.gazetteer.lookup(stripped):
                e = self.gazetteer.entry(gid)
                if e and exact:
                    found[gid] = Candidate(e, True)
        # ... and "Qamishli" for "Al Qamishli": also with the article GeoNames writes most, even when a
        # namesake bears the bare name ("Aziziya" is Al-Aziziya of Libya as much as Aziziya of Iraq)
        if stripped == key and " " not in key and name[:1].isupper():
            for article in ("al", "el"):
                for gid, exact in self.gazetteer.lookup(f"{article} {key}"):
                    e = self.gazetteer.entry(gid)
                    if e and exact and gid not in found:
                        found[gid] = Candidate(e, True)
        # "Kordofan du Nord", "Darfour occidental": GeoNames writes the compass word first, in English
        if not found:
            for french, english in _directions():
                if key.endswith(" " + french) and len(key) > len(french) + 1:
                    for word in english:
                        for c in self._cached_candidates(f"{word} {key[:-len(french) - 1]}"):
                            found.setdefault(c.entry.geonameid, Candidate(c.entry, c.exact, abbreviation=c.abbreviation))
                    break
        sk = skeleton(name, self.rules)
        # a variant spelling needs a name of four letters or more: "Nil" is no spelling of Nyala
        if len(sk) >= self.rules.min_skeleton_length and len(key.replace(" ", "")) >= 4:
            core = drop_articles(key, self.rules).replace(" ", "")
            for gid, _ in self.gazetteer.lookup(sk):
                if gid in found:
                    continue
                e = self.gazetteer.entry(gid)
                if e is None:
                    continue
                # a variant keeps its first letter and roughly its length (Twitter is not Dūāb)
                other = drop_articles(exact_key(e.name), self.rules).replace(" ", "")
                if other[:1] == core[:1] and abs(len(other) - len(core)) <= max(2, len(core) // 3):
                    found[gid] = Candidate(e, False)
        return list(found.values())
