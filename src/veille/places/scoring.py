"""Scoring and choice: which of a toponym's candidates it stands for, or none.

Each candidate is scored by name quality, kind, population (a prior, not the rule), the division
named around it ("dans la province de Hama"), the document's countries and, in the second pass,
the places the document names without doubt. Far-off namesakes of small places are refused, not
chosen; a name's own town (`CandidateIndex.standing`) stands against a namesake that only
country-level context raised. A name that is not in the gazetteer but stands inside a named
division is returned at ``admin1`` precision with the division's point.

What a score owes to the name alone (name quality, population, kind among its namesakes, its own
town) is worked out once per name (`NameProfile`); a mention adds only what its document and its
cues say. A score is its features (`FEATURES`) times their weights: set by hand (`HAND_WEIGHTS`) or
trained on gold sets (ranker.py, for ``veille geocode``).
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import mul

from ..geometry import great_circle_km
from ..records import Place, PlaceMention
from .candidates import STANDING_RATIO, Candidate, CandidateIndex, place_of
from .context import DocumentContext
from .gazetteer import KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY, Entry, Gazetteer
from .names import exact_key
from .tables import is_capital, neighbours
from .toponyms import Toponym


# Weights of the candidate score (calibrated on hand-made French examples: an exact
# name in the document's dominant country must beat a larger namesake abroad, and a
# division named around the mention must beat both).
W_EXACT = 2.0
W_DOMINANT = 1.6
W_OTHER_DOC_COUNTRY = 1.0
W_NEIGHBOUR = 0.4
W_IN_DIVISION = 2.5
W_DIVISION_KIND = 2.5  # "province de X": the division, not its capital
W_POINT_KIND = 0.8  # "ville de X": the city, not the division
W_MAIN_NAME = 0.6  # the mention is the entry's main name, not one of its alternate names
W_CAPITAL = 0.5  # national capitals are what news names most
W_DOC_DIVISION = 1.0  # a town inside a division the document names ("Riverdale" in a story about Georgia)
W_BARE_DIVISION = 0.7  # "New York" alone is the city; "l'Etat de New York" the division
W_NEAR_ANCHOR = 1.0  # a namesake near a place the document names without doubt ...
NEAR_KM = 150.0  # ... within this distance of it
W_ADMIN2 = 0.5  # second-level divisions: below a first-level one or a town of the same standing
W_COUNTRY_NAME = 3.0  # a country's own name is the country
POPULATION_SCALE = 7.0  # log10(population) / 7: a 10-million city adds 1.0
MIN_SCORE = 1.2

# The terms of a candidate's score: each is a feature of the candidate (1 when it holds, the
# population's log10) times a weight. HAND_WEIGHTS are the weights above, which the French
# extraction uses; `veille geocode` uses weights trained on English geoparsing gold sets
# (ranker.py, places/data/ranker.json), which place French news worse (README, "Places").
FEATURES = ("abbreviation", "exact", "log_population", "main_name", "capital", "country_name",
            "division_cue", "division_cue_admin2", "point_cue", "bare_division", "minor_district",
            "inside_division", "country_of_division", "doc_division", "near_anchor", "dominant",
            "doc_country", "neighbour")
(F_ABBREVIATION, F_EXACT, F_POPULATION, F_MAIN, F_CAPITAL, F_COUNTRY_NAME, F_DIVISION_CUE, F_DIVISION_CUE_ADMIN2,
 F_POINT_CUE, F_BARE_DIVISION, F_MINOR_DISTRICT, F_INSIDE_DIVISION, F_COUNTRY_OF_DIVISION, F_DOC_DIVISION,
 F_NEAR_ANCHOR, F_DOMINANT, F_DOC_COUNTRY, F_NEIGHBOUR) = range(len(FEATURES))
HAND_WEIGHTS: dict[str, float] = {
    "abbreviation": W_MAIN_NAME, "exact": W_EXACT, "log_population": 1 / POPULATION_SCALE, "main_name": W_MAIN_NAME,
    "capital": W_CAPITAL, "country_name": W_COUNTRY_NAME, "division_cue": W_DIVISION_KIND,
    "division_cue_admin2": W_DIVISION_KIND - W_ADMIN2, "point_cue": W_POINT_KIND, "bare_division": -W_BARE_DIVISION,
    "minor_district": -W_ADMIN2, "inside_division": W_IN_DIVISION, "country_of_division": W_DOMINANT / 2,
    "doc_division": W_DOC_DIVISION, "near_anchor": W_NEAR_ANCHOR, "dominant": W_DOMINANT,
    "doc_country": W_OTHER_DOC_COUNTRY, "neighbour": W_NEIGHBOUR,
}
RANKER_FILE = "ranker.json"  # in places/data: weights trained on gold sets (ranker.py)


@cache
def trained_weights() -> dict[str, float] | None:
    """The weights of places/data/ranker.json, or None where the package has none."""
    path = resources.files("veille.places.data").joinpath(RANKER_FILE)
    if not path.is_file():
        return None
    weights = json.loads(path.read_text(encoding="utf-8"))["weights"]
    return {str(k): float(v) for k, v in weights.items()}


# The features that stand for the document's context rather than the name's own standing
# (`Candidate.context`: a name's own town stands against a namesake only these raised).
CONTEXT_FEATURES = frozenset((F_MAIN, F_COUNTRY_OF_DIVISION, F_NEAR_ANCHOR, F_DOMINANT, F_DOC_COUNTRY, F_NEIGHBOUR))
# A namesake outside the document's countries and their neighbours is refused when
# smaller than this: it is the namesake-on-another-continent error.
FAR_NAMESAKE_MAX_POP = 1_000_000
# ... unless it is a national capital named by its own name, or the only place of that name and a city of this size.
FAR_UNIQUE_MIN_POP = 500_000
# A place named nearby does not raise a village of this size or less over the first-level division of
# its name ("Florida" beside New York City is the state).
NEAR_VILLAGE_MAX_POP = 50_000
# A name after "le village de", "la localité de" is no town this large.
VILLAGE_MAX_POP = 200_000


# Divisions that hold the places named with them: a first-level one ("dans la province d'Idleb") or
# a second-level one ("Daka, province du Sourou"), whose first-level division holds its towns.
_AREAS = (KIND_ADMIN1, KIND_ADMIN2)


@dataclass(frozen=True, slots=True)
class Namesake:
    """One candidate of a name with what its score owes to the name alone, whatever the document:
    worked out once per name (`NameProfile`), read by every mention of the name."""
    entry: Entry
    exact: bool
    abbreviation: str | None
    short_code: bool  # a bare code of one or two letters ("WA", "SA")
    main: bool  # the mention is, exactly, the entry's main name
    base_features: tuple[float, ...]  # abbreviation, exact name, population, main name, capital (FEATURES)
    base_why: tuple[str, ...]
    bare_division: bool  # a division that holds a town of the same name (Hama the province)
    minor_district: bool  # a second-level division in a country where the name is also a town's or a province's
    doc_division_counts: bool  # a town or district that a division the document names may favour
    anchorable: bool  # may be raised by a place the document names nearby
    far_refusable: bool  # a small namesake, refused when far from everything the document is about


@dataclass(frozen=True, slots=True)
class NameProfile:
    """What scoring reads of a name's candidates regardless of the document."""
    steady: tuple[Namesake, ...]  # the namesakes no document refuses for being far from it
    # small namesakes (`Namesake.far_refusable`) by country: refused in a document that is about
    # none of their countries nor a neighbour, whatever their score
    small: dict[str, tuple[Namesake, ...]]
    own: Entry | None  # the name's own town (`CandidateIndex.standing`)
    major_exact: bool  # `CandidateIndex._major_exact`
    admin1_countries: frozenset[str]  # countries where the name is exactly a first-level division's
    country_names: frozenset[str]  # the countries the name is exactly the name of


@lru_cache(maxsize=4096)
def _near_countries(countries: tuple[str, ...]) -> frozenset[str]:
    """The document's countries and the neighbours of its three heaviest."""
    near = set(countries)
    for c in countries[:3]:
        near |= neighbours(c)
    return frozenset(near)


class Scorer(CandidateIndex):
    """The third stage of `PlaceResolver`: one toponym resolved in the context of its document."""

    def __init__(self, gazetteer: Gazetteer, weights: Mapping[str, float] | None = None) -> None:
        super().__init__(gazetteer)
        # per name and per entry, filled on first sight: mentions of a name share its profile
        self._profiles: dict[str, NameProfile] = {}
        self._places: dict[int, Place] = {}
        self.weights: dict[str, float] = dict(HAND_WEIGHTS)
        self.set_weights(weights or {})
        # called with each toponym and its scored candidates, best first (ranker.py collects them)
        self.observe: Callable[[Toponym, list[Candidate]], None] | None = None

    def set_weights(self, weights: Mapping[str, float]) -> None:
        """Weights of the score's features (FEATURES; those not given keep theirs)."""
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown place-score features: {', '.join(sorted(unknown))}")
        self.weights.update(weights)
        self._w = tuple(self.weights[f] for f in FEATURES)
        self._context_w = tuple(w if i in CONTEXT_FEATURES else 0.0 for i, w in enumerate(self._w))

    def name_profile(self, name: str) -> NameProfile:
        """What scoring reads of a name regardless of the document, worked out on first sight of the name."""
        found = self._profiles.get(name)
        if found is None:
            if len(self._profiles) > 100_000:
                self._profiles.clear()
            found = self._profiles[name] = self._build_profile(name)
        return found

    def _build_profile(self, name: str) -> NameProfile:
        # the score's terms that depend on the name alone, added in the order resolve_one adds the rest
        cands = self._cached_candidates(name)
        key = exact_key(name)
        exact = [c.entry for c in cands if c.exact]
        exact_countries = {e.country for e in exact}
        # divisions that hold a town of the same name: Hama the province holds Hama the city
        namesake_divisions = {(e.country, e.admin1_code) for e in exact if e.kind == KIND_CITY}
        # divisions this very name names ("Oklahoma", "Washington"): the name is the division's or a
        # famous town's, and the divisions the document names favour none of its namesake towns
        own_divisions = {(e.country, e.admin1_code) for e in exact if e.kind == KIND_ADMIN1}
        # countries where the name is also a town's or a first-level division's
        home_countries = {e.country for e in exact if e.kind in (KIND_CITY, KIND_ADMIN1)}
        main_pop = max((e.population for e in exact if exact_key(e.name) == key), default=0)
        short = len(name.strip()) < 3
        namesakes = []
        for c in cands:
            e = c.entry
            own_name = exact_key(e.name) == key
            capital = is_capital(e)
            x, why = [0.0] * len(FEATURES), []
            if c.abbreviation:
                x[F_ABBREVIATION] = 1.0
                why.append("abbreviation")
            if c.exact:
                x[F_EXACT] = 1.0
                why.append("exact name")
            else:
                why.append("variant spelling")
            x[F_POPULATION] = math.log10(max(e.population, 1))
            if c.exact and own_name:
                x[F_MAIN] = 1.0  # GeoNames' main name, not the French one: context, no standing of its own
                why.append("main name")
            if capital:
                x[F_CAPITAL] = 1.0
                why.append("capital")
            namesakes.append(Namesake(
                e, c.exact, c.abbreviation, short_code=c.abbreviation == "code" and short, main=c.exact and own_name,
                base_features=tuple(x), base_why=tuple(why),
                # a bare name is the town more often than the division named after it; a division
                # with no town of its name inside ("California") is not penalised by a namesake elsewhere
                bare_division=e.kind in _AREAS and (e.country, e.admin1_code) in namesake_divisions,
                # a district is named less often than the province or the town of its name in its country;
                # a county whose namesakes are all abroad ("Cornwall", "Devon") stands on its own
                minor_district=e.kind == KIND_ADMIN2 and e.country in home_countries,
                doc_division_counts=e.kind in (KIND_CITY, KIND_ADMIN2) and not own_divisions,
                # not for a village reached by an alternate name beside a town ten times larger that bears
                # the name as its own (Saint-Denis-lès-Bourg near Lyon is not "Saint-Denis")
                anchorable=e.lat is not None and e.kind in (KIND_CITY, KIND_ADMIN1, KIND_ADMIN2) and not (
                    not own_name and e.population * STANDING_RATIO * 2 < main_pop),
                # not a capital named by its own name ("Suba", an alternate name of Suva, is a Kenyan district
                # in a story about Kenya), the only place of its name when a large city, or the seat of a
                # division of the same name, which stays a candidate ("Kherson": the town, not only its oblast)
                far_refusable=e.kind in (KIND_CITY, KIND_ADMIN2) and e.population < FAR_NAMESAKE_MAX_POP and not (
                    (capital and own_name) or (len(exact_countries) == 1 and e.population >= FAR_UNIQUE_MIN_POP)
                    or (c.exact and (e.country, e.admin1_code) in own_divisions))))
        small: dict[str, list[Namesake]] = {}
        for n in namesakes:
            if n.far_refusable:
                small.setdefault(n.entry.country, []).append(n)
        return NameProfile(steady=tuple(n for n in namesakes if not n.far_refusable),
                           small={country: tuple(ns) for country, ns in small.items()},
                           own=self.standing(name), major_exact=self._major_exact(name),
                           admin1_countries=frozenset(e.country for e in exact if e.kind == KIND_ADMIN1),
                           country_names=frozenset(e.country for e in exact if e.kind == KIND_COUNTRY))

    def _place(self, entry: Entry) -> Place:
        """`place_of` an entry, made once per entry."""
        found = self._places.get(entry.geonameid)
        if found is None:
            if len(self._places) > 100_000:
                self._places.clear()
            found = self._places[entry.geonameid] = place_of(entry, self.gazetteer)
        return found

    def resolve_one(self, t: Toponym, ctx: DocumentContext, *, prefer: str | None = None,
                    division: Entry | None = None, anchors: tuple[Place, ...] = (), held: bool = False) -> PlaceMention:
        if t.seat:
            entry = self.gazetteer.entry(t.seat)
            if entry is not None:
                return PlaceMention(t.start, t.end, t.text, self._place(entry), W_EXACT, f"seat of {t.text}")
        if t.capital:
            # the country of the place named last before it (a round-up's paragraph), else the document's
            country = t.capital_in or ctx.dominant
            capital = self.capital_of(country)
            entry = self.gazetteer.entry(capital) if capital is not None else None
            if entry is None:
                return PlaceMention(t.start, t.end, t.text, None, 0.0, "the capital of no country the text names")
            return PlaceMention(t.start, t.end, t.text, self._place(entry), W_EXACT,
                                f"the capital of {country}, the country the text is about there", margin=W_EXACT)
        profile = self.name_profile(t.text)
        own = profile.own
        key = exact_key(t.text)
        ctx = ctx.without_own_vote(key)
        dominant = ctx.dominant
        doc_countries = ctx.countries
        near = _near_countries(ctx.countries)
        # "Georgia" in a story about the United States: a division of the document's main country
        # that bears the name of a country far from it is the division
        # ("le Niger" beside Nigeria is the country)
        state_of_dominant = dominant is not None and dominant in profile.admin1_countries and any(
            cc != dominant and cc not in neighbours(dominant) for cc in profile.country_names)
        division_cue = prefer == KIND_ADMIN1 or t.cue == "division"
        area = division if division is not None and division.kind in _AREAS else None
        namesakes = profile.steady
        if profile.small:
            # a small namesake far from everything the document is about is refused: not even scored
            for country in profile.small.keys() & near if doc_countries else profile.small.keys():
                namesakes += profile.small[country]
        scored: list[Candidate] = []
        w, cw = self._w, self._context_w
        for n in namesakes:
            e = n.entry
            if n.short_code and e.country not in doc_countries:
                continue  # "WA", "SA": a division only in a document about its country ("NSW" anywhere)
            if held and division is not None and e.geonameid != division.geonameid and (e.country != division.country or (
                    division.kind != KIND_COUNTRY and e.admin1_code != division.admin1_code)):
                continue  # "Daka, dans le centre du Burkina Faso", "Daka, province du Sourou": there, whatever its namesakes
            if e.kind == KIND_ADMIN2 and (t.cue == "point" or (
                    area is not None and area.country == e.country and area.admin1_code != e.admin1_code)):
                continue  # "le village de Njaba, dans l'Etat de Borno" is no district of another state
            if t.small and (e.kind != KIND_CITY or e.population > VILLAGE_MAX_POP):
                continue  # "le village de Daka" is not Dhaka
            if not n.exact:
                if profile.major_exact:
                    continue  # "Lyon" is Lyon, not a Ukrainian village spelt alike
                # a variant spelling is trusted only in the document's main country, and inside the
                # division named around it when there is one ("Hawach, dans la province de Hama")
                if area is not None:
                    if not (e.country == area.country and e.admin1_code == area.admin1_code):
                        continue
                elif e.country != dominant:
                    continue
            x, why, local, is_near, passing = list(n.base_features), list(n.base_why), False, False, False
            if e.kind in (KIND_COUNTRY, KIND_CONTINENT) and n.exact and not state_of_dominant:
                x[F_COUNTRY_NAME] = 1.0
                why.append(f"{e.kind} name")
            if division_cue:
                if e.kind == KIND_ADMIN1:
                    x[F_DIVISION_CUE] = 1.0
                    why.append("division cue")
                elif e.kind == KIND_ADMIN2:
                    x[F_DIVISION_CUE_ADMIN2] = 1.0
                    why.append("division cue")
            elif t.cue == "point" and e.kind == KIND_CITY:
                x[F_POINT_CUE] = 1.0
                why.append("populated-place cue")
            elif n.bare_division:
                x[F_BARE_DIVISION] = 1.0
            if n.minor_district:
                x[F_MINOR_DISTRICT] = 1.0
            if division is not None:
                if area is not None and e.country == area.country and e.admin1_code == area.admin1_code:
                    x[F_INSIDE_DIVISION] = 1.0
                    local = True
                    why.append(f"inside {division.name}")
                elif e.country == division.country:
                    x[F_COUNTRY_OF_DIVISION] = 1.0
            if n.doc_division_counts and (e.country, e.admin1_code) in ctx.divisions:
                x[F_DOC_DIVISION] = 1.0
                # a division of the country the document is about says where its towns are; one of
                # another country does not outweigh a town that bears the name as its own ("Toronto" in
                # a round-up that also names New South Wales), as it does a town known by it as an
                # alternate name only (Harare, once Salisbury)
                passing = e.country != dominant and own is not None and exact_key(own.name) == key
                local = local or not passing
                why.append("in a division the document names")
            if anchors and n.anchorable and e.lat is not None and e.lon is not None:  # (anchorable: located)
                near_anchor = next((a for a in anchors if a.lat is not None and a.lon is not None
                                    and great_circle_km(e.lat, e.lon, a.lat, a.lon) <= NEAR_KM), None)
                if near_anchor is not None:
                    x[F_NEAR_ANCHOR] = 1.0
                    is_near = True
                    why.append(f"near {near_anchor.name}")
            if dominant and e.country == dominant:
                x[F_DOMINANT] = 1.0
                why.append("dominant country")
            elif e.country in doc_countries:
                x[F_DOC_COUNTRY] = 1.0
                why.append("country of the document")
            elif e.country in near:
                x[F_NEIGHBOUR] = 1.0
                why.append("neighbouring country")
            score = sum(map(mul, w, x))
            context = sum(map(mul, cw, x)) + (w[F_DOC_DIVISION] if passing else 0.0)
            scored.append(Candidate(e, n.exact, score, n.abbreviation, why, context, local, is_near, n.main, tuple(x)))
        scored.sort(key=lambda c: (-c.score, -c.entry.population, c.entry.geonameid))
        if self.observe is not None:
            self.observe(t, scored)
        if own is not None and scored and scored[0].entry is not own and not scored[0].local and t.cue != "division" \
                and not (scored[0].near and own.population < FAR_NAMESAKE_MAX_POP and (
                    scored[0].entry.country == own.country or scored[0].main)):
            # a place named nearby decides for a namesake of the same country ("Oceanside" beside Bellmore) or
            # one that bears the name as its own ("Valence" beside Grenoble and Lyon is the Drôme's, not
            # Valencia), unless the name's own town is a city of a million; never for a village that bears
            # it as an alternate name (Ballée for "Bâle")
            mine = next((c for c in scored if c.entry is own), None)
            # the leader wins only through country-level context: the name's own town stands
            if mine is not None and scored[0].score - scored[0].context <= mine.score - mine.context:
                mine.why.append(f"its own standing over {scored[0].entry.name} ({scored[0].entry.country}), "
                                "which only the document's context raised")
                scored.remove(mine)
                scored.insert(0, mine)
        if scored and scored[0].near and scored[0].entry.kind == KIND_CITY and t.cue is None and \
                scored[0].entry.population < NEAR_VILLAGE_MAX_POP:
            # "Florida" beside New York City is the state, not the village of Florida, NY: a place named nearby
            # raises a village over its namesakes, never over the first-level division of that very name
            # (not a division that holds the village: "Fribourg" near Lausanne is the town in its canton)
            state = next((c for c in scored[1:] if c.exact and c.main and c.entry.kind == KIND_ADMIN1
                          and c.entry.country == scored[0].entry.country
                          and c.entry.admin1_code != scored[0].entry.admin1_code
                          and scored[0].score - self._w[F_NEAR_ANCHOR] <= c.score), None)
            if state is not None:
                state.why.append(f"the division of this name, over {scored[0].entry.name} near a place named")
                scored.remove(state)
                scored.insert(0, state)
        if scored and division is not None and division.kind in _AREAS and \
                scored[0].entry.country != division.country and division.country == ctx.dominant and \
                scored[0].entry.kind != KIND_COUNTRY:  # a country is in no division: "venus du Niger ... dans l'Etat de Borno"
            scored = []  # "la ville de Kaya" in Zamfara is not Kaya in Burkina Faso
        if scored and scored[0].score >= MIN_SCORE:
            best = scored[0]
            alts = ", ".join(f"{c.entry.name} ({c.entry.country}, {c.score:.2f})" for c in scored[1:4])
            reason = "; ".join(best.why) + (f"; alternatives: {alts}" if alts else "")
            margin = max(0.0, best.score - scored[1].score) if len(scored) > 1 else best.score
            return PlaceMention(t.start, t.end, t.text, self._place(best.entry), best.score, reason, margin=margin)
        if division is not None and division.kind in _AREAS:
            return PlaceMention(t.start, t.end, t.text, self._place(division), 0.5,
                                f"not in the gazetteer; inside {division.name}", fallback=True)
        return PlaceMention(t.start, t.end, t.text, None, 0.0, "no candidate fits the document's context")
