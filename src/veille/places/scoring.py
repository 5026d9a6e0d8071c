"""Scoring and choice: which of a toponym's candidates it stands for, or none.

Each candidate is scored by name quality, kind, population (a prior, not the rule), the division
named around it ("dans la province de Hama"), the document's countries and, in the second pass,
the places the document names without doubt. Far-off namesakes of small places are refused, not
chosen; a name's own town (`CandidateIndex.standing`) stands against a namesake that only
country-level context raised. A name that is not in the gazetteer but stands inside a named
division is returned at ``admin1`` precision with the division's point.
"""
from __future__ import annotations

import math

from ..geometry import great_circle_km
from ..records import Place, PlaceMention
from .candidates import STANDING_RATIO, Candidate, CandidateIndex, place_of
from .context import DocumentContext
from .gazetteer import KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY, Entry
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
# A namesake outside the document's countries and their neighbours is refused when
# smaller than this: it is the namesake-on-another-continent error.
FAR_NAMESAKE_MAX_POP = 1_000_000
# ... unless it is a national capital, or the only place of that name and a city of this size.
FAR_UNIQUE_MIN_POP = 500_000
# A name after "le village de", "la localité de" is no town this large.
VILLAGE_MAX_POP = 200_000


# Divisions that hold the places named with them: a first-level one ("dans la province d'Idleb") or
# a second-level one ("Daka, province du Sourou"), whose first-level division holds its towns.
_AREAS = (KIND_ADMIN1, KIND_ADMIN2)


class Scorer(CandidateIndex):
    """The third stage of `PlaceResolver`: one toponym resolved in the context of its document."""

    def resolve_one(self, t: Toponym, ctx: DocumentContext, *, prefer: str | None = None,
                    division: Entry | None = None, anchors: tuple[Place, ...] = (), held: bool = False) -> PlaceMention:
        if t.seat:
            entry = self.gazetteer.entry(t.seat)
            if entry is not None:
                return PlaceMention(t.start, t.end, t.text, place_of(entry, self.gazetteer), W_EXACT,
                                    f"seat of {t.text}")
        cands = self.candidates(t.text)
        doc_countries = set(ctx.countries)
        near = set(doc_countries)
        for main_country in ctx.countries[:3]:
            near |= neighbours(main_country)
        key = exact_key(t.text)
        exact_countries = {c.entry.country for c in cands if c.exact}
        # divisions that hold a town of the same name: Hama the province holds Hama the city
        namesake_divisions = {(c.entry.country, c.entry.admin1_code) for c in cands if c.exact and c.entry.kind == KIND_CITY}
        # divisions this very name names ("Oklahoma", "Washington"): the name is the division's or a
        # famous town's, and the divisions the document names favour none of its namesake towns
        own_divisions = {(c.entry.country, c.entry.admin1_code) for c in cands if c.exact and c.entry.kind == KIND_ADMIN1}
        own = self.standing(t.text)
        # countries where the name is also a town's or a first-level division's
        home_countries = {c.entry.country for c in cands if c.exact and c.entry.kind in (KIND_CITY, KIND_ADMIN1)}
        # an exact name of a major place (a town of STANDING_MIN_POP, a capital, a division, a
        # country) is that place or another exact namesake, never a variant spelling of something else
        major_exact = self._major_exact(t.text)
        main_pop = max((c.entry.population for c in cands if c.exact and exact_key(c.entry.name) == key), default=0)
        # "Georgia" in a story about the United States: a division of the document's main country
        # that bears the name of a country far from it is the division
        state_of_dominant = ctx.dominant is not None and any(
            c.exact and c.entry.kind == KIND_ADMIN1 and c.entry.country == ctx.dominant for c in cands) and any(
            c.exact and c.entry.kind == KIND_COUNTRY and c.entry.country != ctx.dominant
            and c.entry.country not in neighbours(ctx.dominant) for c in cands)  # "le Niger" beside Nigeria is the country
        scored: list[Candidate] = []
        for c in cands:
            e = c.entry
            why = []
            s = 0.0
            if c.abbreviation == "code" and len(t.text.strip()) < 3 and e.country not in doc_countries:
                continue  # "WA", "SA": a division only in a document about its country ("NSW" anywhere)
            if held and division is not None and e.geonameid != division.geonameid and (e.country != division.country or (
                    division.kind != KIND_COUNTRY and e.admin1_code != division.admin1_code)):
                continue  # "Daka, dans le centre du Burkina Faso", "Daka, province du Sourou": there, whatever its namesakes
            if e.kind == KIND_ADMIN2 and (t.cue == "point" or (
                    division is not None and division.kind in _AREAS and division.country == e.country
                    and division.admin1_code != e.admin1_code)):
                continue  # "le village de Njaba, dans l'Etat de Borno" is no district of another state
            if c.abbreviation:
                s += W_MAIN_NAME
                why.append("abbreviation")
            if t.small and (e.kind != KIND_CITY or e.population > VILLAGE_MAX_POP):
                continue  # "le village de Daka" is not Dhaka
            if c.exact:
                s += W_EXACT
                why.append("exact name")
            else:
                if major_exact:
                    continue  # "Lyon" is Lyon, not a Ukrainian village spelt alike
                why.append("variant spelling")
                # a variant spelling is trusted only in the document's main country, and inside the
                # division named around it when there is one ("Hawach, dans la province de Hama")
                if division is not None and division.kind in _AREAS:
                    if not (e.country == division.country and e.admin1_code == division.admin1_code):
                        continue
                elif e.country != ctx.dominant:
                    continue
            pop = max(e.population, 1)
            s += math.log10(pop) / POPULATION_SCALE
            if c.exact and exact_key(e.name) == key:
                s += W_MAIN_NAME
                c.context += W_MAIN_NAME  # GeoNames' main name, not the French one: no standing of its own
                c.main = True
                why.append("main name")
            if is_capital(e):
                s += W_CAPITAL
                why.append("capital")
            if e.kind in (KIND_COUNTRY, KIND_CONTINENT) and c.exact and not state_of_dominant:
                s += W_COUNTRY_NAME
                why.append(f"{e.kind} name")
            if prefer == KIND_ADMIN1 or t.cue == "division":
                if e.kind == KIND_ADMIN1:
                    s += W_DIVISION_KIND
                    why.append("division cue")
                elif e.kind == KIND_ADMIN2:
                    s += W_DIVISION_KIND - W_ADMIN2
                    why.append("division cue")
            elif t.cue == "point" and e.kind == KIND_CITY:
                s += W_POINT_KIND
                why.append("populated-place cue")
            elif e.kind in (KIND_ADMIN1, KIND_ADMIN2) and (e.country, e.admin1_code) in namesake_divisions:
                # a bare name is the town more often than the division named after it; a division
                # with no town of its name inside ("California") is not penalised by a namesake elsewhere
                s -= W_BARE_DIVISION
            if e.kind == KIND_ADMIN2 and e.country in home_countries:
                # a district is named less often than the province or the town of its name in its country;
                # a county whose namesakes are all abroad ("Cornwall", "Devon") stands on its own
                s -= W_ADMIN2
            if division is not None:
                if division.kind in _AREAS and e.country == division.country and e.admin1_code == division.admin1_code:
                    s += W_IN_DIVISION
                    c.local = True
                    why.append(f"inside {division.name}")
                elif e.country == division.country:
                    s += W_DOMINANT / 2
                    c.context += W_DOMINANT / 2
            if e.kind in (KIND_CITY, KIND_ADMIN2) and not own_divisions and (e.country, e.admin1_code) in ctx.divisions:
                s += W_DOC_DIVISION
                c.local = True
                why.append("in a division the document names")
            if anchors and e.lat is not None and e.lon is not None and e.kind in (KIND_CITY, KIND_ADMIN1, KIND_ADMIN2) and not (
                    exact_key(e.name) != key and e.population * STANDING_RATIO * 2 < main_pop):
                # not for a village reached by an alternate name beside a town ten times larger that bears
                # the name as its own (Saint-Denis-lès-Bourg near Lyon is not "Saint-Denis")
                near_anchor = next((a for a in anchors if a.lat is not None and a.lon is not None
                                    and great_circle_km(e.lat, e.lon, a.lat, a.lon) <= NEAR_KM), None)
                if near_anchor is not None:
                    s += W_NEAR_ANCHOR
                    c.context += W_NEAR_ANCHOR
                    c.near = True
                    why.append(f"near {near_anchor.name}")
            if ctx.dominant and e.country == ctx.dominant:
                s += W_DOMINANT
                c.context += W_DOMINANT
                why.append("dominant country")
            elif e.country in doc_countries:
                s += W_OTHER_DOC_COUNTRY
                c.context += W_OTHER_DOC_COUNTRY
                why.append("country of the document")
            elif e.country in near:
                s += W_NEIGHBOUR
                c.context += W_NEIGHBOUR
                why.append("neighbouring country")
            elif doc_countries and e.kind in (KIND_CITY, KIND_ADMIN2) and e.population < FAR_NAMESAKE_MAX_POP and not (
                    is_capital(e) or (len(exact_countries) == 1 and e.population >= FAR_UNIQUE_MIN_POP)
                    or (c.exact and (e.country, e.admin1_code) in own_divisions)):
                # small namesake far from everything the document is about; not the seat of a division of
                # the same name, which stays a candidate ("Kherson": the town, not only its oblast)
                continue
            c.score = s
            c.why = why
            scored.append(c)
        scored.sort(key=lambda c: (-c.score, -c.entry.population, c.entry.geonameid))
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
        if scored and division is not None and division.kind in _AREAS and \
                scored[0].entry.country != division.country and division.country == ctx.dominant and \
                scored[0].entry.kind != KIND_COUNTRY:  # a country is in no division: "venus du Niger ... dans l'Etat de Borno"
            scored = []  # "la ville de Kaya" in Zamfara is not Kaya in Burkina Faso
        if scored and scored[0].score >= MIN_SCORE:
            best = scored[0]
            alts = ", ".join(f"{c.entry.name} ({c.entry.country}, {c.score:.2f})" for c in scored[1:4])
            reason = "; ".join(best.why) + (f"; alternatives: {alts}" if alts else "")
            margin = max(0.0, best.score - scored[1].score) if len(scored) > 1 else best.score
            return PlaceMention(t.start, t.end, t.text, place_of(best.entry, self.gazetteer), best.score, reason,
                                margin=margin)
        if division is not None and division.kind in _AREAS:
            return PlaceMention(t.start, t.end, t.text, place_of(division, self.gazetteer), 0.5,
                                f"not in the gazetteer; inside {division.name}", fallback=True)
        return PlaceMention(t.start, t.end, t.text, None, 0.0, "no candidate fits the document's context")
