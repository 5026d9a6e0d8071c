"""Toponym resolution: which GeoNames entry a place name of the text stands for.

Stages, in order, for one document, each in its own module, all sharing the candidates of each
name (``candidates.py``: exact names, then variant skeletons, cached per resolver):
1. ``find_toponyms`` (``toponyms.py``): spans that may be places (capitalised names after a
   locative cue such as "à", "près de", "la ville de", or after a verb of attack or capture;
   well-known places' names anywhere; "la capitale congolaise"; spaCy LOC entities where the
   parse has them), minus names of people, groups and demonyms (the actor registry vetoes them).
2. ``document_context`` (``context.py``): the countries the document is about, from the names
   that resolve without doubt (country names, large cities); the first is dominant.
3. ``resolve_one`` (``scoring.py``): per toponym, candidates by exact name, then by variant
   skeleton; each scored by name quality, kind, population (a prior, not the rule), the
   division named around it ("dans la province de Hama"), and the document's countries.
   Far-off namesakes of small places are refused, not chosen.
4. ``resolve_all`` (here): division cues first, then the other names with the division or
   country written after them ("Daka, province du Sourou"); then a second pass: a name still
   ambiguous goes to the namesake near the places the document names without doubt.
A name that is not in the gazetteer but stands inside a named division is
returned at ``admin1`` precision with the division's point; a locality the gazetteer lacks is
placed at the town the text locates it by ("le village, proche de la ville de Damboa"), else in
the one division the document names, with ``fallback`` set.
"""
from __future__ import annotations

from dataclasses import replace

import re
from collections.abc import Mapping, Sequence
from functools import cache

from spacy.tokens import Doc

from ..actors import ActorRegistry, default_registry
# km_between and great_circle_km live in veille.geometry, the stages' names in their modules;
# imported here, they stay importable from places.resolve for the code that imports them from here
from ..geometry import great_circle_km, km_between  # noqa: F401
from ..records import ActorMention, PlaceMention
from .candidates import STANDING_RATIO, Candidate, place_of  # noqa: F401
from .context import ContextReader, DocumentContext
from .gazetteer import KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_COUNTRY, Entry, Gazetteer, default_gazetteer
from .names import exact_key
from .scoring import _AREAS, NEAR_KM, Scorer
from .tables import features, is_capital, neighbours, not_places, organisation_words, person_titles, seats  # noqa: F401
from .toponyms import Toponym, ToponymFinder


# What stands between a place and the country it is said to be in: "Daka, dans le centre du Burkina
# Faso", "Saint-Louis, au Sénégal", "Sfax, en Tunisie".
_APPOSED_COUNTRY = re.compile(
    r"\s*,\s*(?:(?:dans|à)\s+(?:le|la|l['’])\s*(?:extrême[- ])?(?:nord|sud|est|ouest|centre|centre-nord|centre-est|"
    r"centre-ouest|centre-sud|nord-est|nord-ouest|sud-est|sud-ouest)\s+(?:du|de\s+la|de\s+l['’]|des|d['’])\s*|"
    r"au|aux|en)\s*", re.IGNORECASE)
_APPOSED_DIVISION = re.compile(
    r"\s*,\s*(?:(?:dans|en)\s+(?:la|le|l['’])\s*)?(?:province|gouvernorat|r[ée]gion|pr[ée]fecture|[ée]tat|wilaya|oblast|"
    r"d[ée]partement|comt[ée]|district)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
_BARE_COMMA = re.compile(r"\s*,\s*")
# Between two names of one list, in English or French: ", ", " and ", " et ", " or ", " ou ".
LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|et\s+|ou\s+)?|\s+(?:and|or|et|ou)\s+)")
ANCHOR_MARGIN = 1.0  # a resolution this far ahead of its next candidate settles its name
# A variant-spelling match farther than this from every exactly-named place of the document is
# a coincidence of letters (Buratai in Borno is not Burutu in the Niger delta).
FUZZY_MAX_KM = 300.0
_SENTENCE_END = re.compile(r"[.!?]\s")
# What says a place lies by a town: "proche de", "près de", "non loin de", "à 15 km de", "à une vingtaine
# de kilomètres de", with "(la ville de)" or "la localité de" before the town's name.
_BY_A_TOWN_CUE = (
    r"(?:situ[ée]e?\s+|qui\s+se\s+trouve\s+)?(?:proche|pr[èe]s|non\s+loin|[àa]\s+(?:\d{1,2}|quelques|une\s+"
    r"(?:dizaine|quinzaine|vingtaine)\s+de)\s*(?:km|kilom[èe]tres))\s+(?:de|d['’])\s*"
    r"(?:\(?\s*(?:la\s+)?(?:ville|localit[ée]|commune)\s+(?:de|d['’])\s*\)?\s*)?")
# ... right after the locality ("Soumpi, situé à une vingtaine de km de Niafunké") ...
_APPOSED_TOWN = re.compile(r"\s*[,(]\s*" + _BY_A_TOWN_CUE, re.IGNORECASE)
# ... or in a later sentence that names it again ("dans le village, proche de la ville de Damboa")
_TOWN_OF_THE_LOCALITY = re.compile(
    r"\b(?:le|ce|du|au)\s+(?:village|localit[ée]|hameau|bourgade)\s*,?\s*" + _BY_A_TOWN_CUE + "$", re.IGNORECASE)
BY_A_TOWN_CHARS = 400  # how far after the locality the town that places it may come


class PlaceResolver(ToponymFinder, ContextReader, Scorer):
    """Finds the toponyms of a French text and resolves each to a GeoNames entry (module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None, registry: ActorRegistry | None = None,
                 weights: Mapping[str, float] | None = None) -> None:
        gazetteer = gazetteer or default_gazetteer()
        if registry is None:
            registry = default_registry()
        super().__init__(gazetteer)  # the gazetteer, its name rules and the caches of candidates
        self.registry = registry
        if weights is not None:  # else the hand-set ones (scoring.HAND_WEIGHTS)
            self.set_weights(weights)

    # ------------------------------------------------------------------ resolution
    def resolve_all(self, text: str, toponyms: list[Toponym], ctx: DocumentContext | None = None) -> list[PlaceMention]:
        ctx = ctx if ctx is not None else self.document_context(toponyms)
        # First resolve the division cues, then let them restrict the names before them.
        divisions: list[tuple[int, Entry]] = []
        results: dict[int, PlaceMention] = {}
        for i, t in enumerate(toponyms):
            if t.cue == "division":
                pm = self.resolve_one(t, ctx, prefer=KIND_ADMIN1)
                results[i] = pm
                if pm.place is not None:
                    e = self.gazetteer.entry(pm.place.geonameid) if pm.place.geonameid else None
                    if e is not None:
                        divisions.append((t.start, e))
        apposed = self._apposed(text, toponyms, results)
        for i, t in enumerate(toponyms):
            if i in results:
                continue
            if t.capital:
                # "Irak. (...) Dans la capitale": the capital of the country of the last place named before
                before = (results[k].place for k in range(i - 1, -1, -1) if k in results)
                t = replace(t, capital_in=next((p.country for p in before if p is not None and p.country), None))
            division = apposed.get(i) or self._division_near(text, t, divisions)
            results[i] = self.resolve_one(t, ctx, division=division, held=i in apposed)
        # One sense per document: "Parkland, Florida" once, then "Parkland" alone is the same town
        # (a town: "Koursk, en Russie" says the country, not whether the town or its oblast)
        placed = {exact_key(toponyms[i].text): pm for i in apposed
                  if (pm := results[i]).place is not None and pm.place.precision == "point" and not pm.fallback}
        same_sense: set[int] = set()
        for i, t in enumerate(toponyms):
            same = placed.get(exact_key(t.text))
            if same is not None and same.place is not None and i not in apposed and t.cue != "division" \
                    and not t.seat:
                same_sense.add(i)
                results[i] = PlaceMention(t.start, t.end, t.text, same.place, same.score,
                                          f"{same.place.name}, as the text places {same.text} elsewhere: {same.why}",
                                          margin=same.margin)
        # Second pass: an ambiguous name goes to the namesake near the places the document names
        # without doubt ("Cambridge" in a story about Suffolk and Norwich is the English one).
        # (not a region's or a sea's name that a village bears: "Middle East", a hamlet of Maryland)
        regions = features()
        settled = [(toponyms[i], pm.place) for i, pm in results.items() if pm.place is not None
                   and pm.place.lat is not None and pm.place.lon is not None
                   and pm.place.precision == "point" and pm.why.startswith("exact") and pm.margin >= ANCHOR_MARGIN
                   and exact_key(toponyms[i].text) not in regions]
        for i, t in enumerate(toponyms):
            pm = results[i]
            if t.cue == "division" or t.seat or pm.fallback or i in same_sense or (
                    pm.place is not None and pm.margin >= ANCHOR_MARGIN):
                continue
            anchors = tuple(place for s, place in settled if exact_key(s.text) != exact_key(t.text))
            chosen = pm.place.geonameid if pm.place is not None else None
            if anchors and any(c.entry.geonameid != chosen and c.entry.lat is not None and c.entry.lon is not None and any(
                    a.lat is not None and a.lon is not None
                    and great_circle_km(c.entry.lat, c.entry.lon, a.lat, a.lon) <= NEAR_KM for a in anchors)
                    for c in self._cached_candidates(t.text)):  # only when another namesake is near one
                again = self.resolve_one(t, ctx, division=apposed.get(i) or self._division_near(text, t, divisions),
                                         anchors=anchors, held=i in apposed)
                if again.place is not None:
                    results[i] = again
        certain = [pm.place for pm in results.values() if pm.place is not None and pm.place.lat is not None
                   and pm.place.precision in ("point", "admin1") and pm.why.startswith("exact")]
        for i, pm in results.items():
            if pm.place is None or not pm.why.startswith("variant") or not certain:
                continue
            if min(km_between(pm.place, a) for a in certain) > FUZZY_MAX_KM:
                results[i] = PlaceMention(pm.start, pm.end, pm.text, None, 0.0,
                                          f"variant spelling of {pm.place.name}, but far from the document's places")
        self._by_a_town(text, toponyms, results)
        self._in_the_only_division(text, toponyms, results, divisions, ctx)
        return [results[i] for i in range(len(toponyms))]

    @staticmethod
    def _by_a_town(text: str, toponyms: list[Toponym], results: dict[int, PlaceMention]) -> None:
        """A locality the gazetteer lacks, which the text then places by a town ("le village de Njaba
        ... dans le village, proche de la ville de Damboa"; "Soumpi, situé à une vingtaine de km de
        Niafunké"), is placed at that town: the nearest point the text gives. The town comes within
        the paragraph, before any other locality, and inside the division the locality was put in."""
        for i, t in enumerate(toponyms):
            pm = results[i]
            if t.seat or not (t.small or t.cue == "point"):
                continue
            if pm.place is not None and not (pm.fallback and pm.place.precision in ("admin1", "admin2")):
                continue
            for j in range(i + 1, len(toponyms)):
                town, found = toponyms[j], results[j]
                if town.start - t.end > BY_A_TOWN_CHARS or "\n" in text[t.end:town.start]:
                    break
                placed_by = _APPOSED_TOWN.fullmatch(text, t.end, town.start) or (
                    _SENTENCE_END.search(text, t.end, town.start) is not None
                    and _TOWN_OF_THE_LOCALITY.search(text, max(0, town.start - 120), town.start))
                if found.place is None or found.place.precision != "point" or found.fallback or not placed_by:
                    if town.small or town.cue == "point":
                        break  # another locality: what follows places that one
                    continue
                if pm.place is not None and (found.place.country, found.place.admin1) != (
                        pm.place.country, pm.place.admin1):
                    break
                results[i] = PlaceMention(t.start, t.end, t.text, found.place, 0.5,
                                          f"not in the gazetteer; by {found.place.name}, as the text places it",
                                          fallback=True)
                break

    def _in_the_only_division(self, text: str, toponyms: list[Toponym], results: dict[int, PlaceMention],
                              divisions: list[tuple[int, Entry]], ctx: DocumentContext) -> None:
        """A locality the gazetteer lacks ("le village de Buratai"), in a document that names one
        division of its main country and no other ("l'Etat de Borno", a paragraph away), is placed in
        that division at its precision, as a coder does when a village is not on the map; unless its
        sentence names a town it lies by ("la localité de X, à l'est de la ville de Ramadi"), which
        says more."""
        areas = {e.geonameid: e for _, e in divisions if e.kind in _AREAS}
        named = {(e.country, e.admin1_code) for e in areas.values()} | ctx.divisions
        if len(areas) != 1 or len(named) != 1:
            return
        (area,) = areas.values()
        if area.country != ctx.dominant:
            return
        towns = [pm for pm in results.values() if pm.place is not None and pm.place.precision == "point"]
        for i, t in enumerate(toponyms):
            if results[i].place is not None or not (t.small or t.cue == "point") or t.seat:
                continue
            if any(not _SENTENCE_END.search(text, min(pm.end, t.end), max(pm.start, t.start)) for pm in towns):
                continue
            results[i] = PlaceMention(t.start, t.end, t.text, self._place(area), 0.5,
                                      f"not in the gazetteer; in {area.name}, the only division the document names",
                                      fallback=True)

    def _apposed(self, text: str, toponyms: list[Toponym], divisions: dict[int, PlaceMention]) -> dict[int, Entry]:
        """Toponyms the text places in a country or a division right after them ("Daka, dans le
        centre du Burkina Faso", "Saint-Louis, au Sénégal", "Daka, province du Sourou"): index ->
        the country's or the division's entry, which holds the place whatever its namesakes."""
        out: dict[int, Entry] = {}
        for i, (t, nxt) in enumerate(zip(toponyms, toponyms[1:])):
            if t.seat:
                continue
            if nxt.cue == "division" and _APPOSED_DIVISION.fullmatch(text, t.end, nxt.start):
                pm = divisions.get(i + 1)
                e = self.gazetteer.entry(pm.place.geonameid) if pm and pm.place and pm.place.geonameid else None
                if e is not None and e.kind in _AREAS:
                    out[i] = e
                continue
            if _BARE_COMMA.fullmatch(text, t.end, nxt.start):
                after = toponyms[i + 2] if i + 2 < len(toponyms) else None
                holder = self._holding_division(t, nxt) or self._division_of_an_unknown(text, t, nxt, after)
                if holder is not None:
                    out[i] = holder
                continue
            if not _APPOSED_COUNTRY.fullmatch(text, t.end, nxt.start):
                continue
            countries = [c.entry for c in self._cached_candidates(nxt.text) if c.exact and c.entry.kind == KIND_COUNTRY]
            if countries:
                out[i] = max(countries, key=lambda e: e.population)
        return out

    def _holding_division(self, t: Toponym, nxt: Toponym) -> Entry | None:
        """"Parkland, Florida", "Springfield, Illinois": the first-level division a bare comma puts a
        place in, when one of the place's namesakes lies in it and the name's own town does not stand
        far above that one (in "Kharkiv, Donetsk", a list, Kharkiv is the city whatever village of
        the Donetsk oblast shares its name)."""
        if nxt.cue is not None or nxt.seat:
            return None
        places = [c.entry for c in self._cached_candidates(t.text) if c.exact and c.entry.kind != KIND_ADMIN1]
        holders = [c.entry for c in self._cached_candidates(nxt.text) if c.exact and c.entry.kind == KIND_ADMIN1
                   and any((e.country, e.admin1_code) == (c.entry.country, c.entry.admin1_code) for e in places)]
        if len(holders) != 1:  # none, or a name both namesakes of which hold a namesake of the place
            return None
        holder = holders[0]
        own = self.standing(t.text)
        inside = max(e.population for e in places if (e.country, e.admin1_code) == (holder.country, holder.admin1_code))
        if own is not None and (own.country, own.admin1_code) != (holder.country, holder.admin1_code) and \
                own.population > STANDING_RATIO * inside:
            return None  # "Kharkiv, Donetsk": the city stands far above the namesake the division holds
        return holder

    def _division_of_an_unknown(self, text: str, t: Toponym, nxt: Toponym, after: Toponym | None) -> Entry | None:
        """"Stroud, Ontario", "Bradford, Ontario court": a town the gazetteer lacks, which a bare comma
        puts in a first-level division, is in that division, when no namesake of the town lies in the
        division's country (a town is not placed in another division of its own country, so "Tillabéri,
        Dosso" is a list) and the division's name is no town that stands on its own ("Lyon, Genève").
        A list goes on after the division ("Mopti, Ségou et Tahoua"), unless with the division's country."""
        if nxt.cue is not None or nxt.seat or self.standing(nxt.text) is not None:
            return None
        holders = [c.entry for c in self._cached_candidates(nxt.text) if c.exact and c.entry.kind == KIND_ADMIN1]
        if len(holders) != 1:
            return None
        holder = holders[0]
        if any(c.entry.country == holder.country or (c.exact and c.entry.kind not in (KIND_CITY, KIND_ADMIN2))
               for c in self._cached_candidates(t.text)):
            return None  # ("Guinea-Bissau, Niger" is a list of countries)
        if after is not None and LIST_GLUE.fullmatch(text, nxt.end, after.start) and not any(
                c.exact and c.entry.kind == KIND_COUNTRY and c.entry.country == holder.country
                for c in self._cached_candidates(after.text)):
            return None
        return holder

    @staticmethod
    def _division_near(text: str, t: Toponym, divisions: list[tuple[int, Entry]]) -> Entry | None:
        """The division named in the same sentence: after the place ("à X, dans la province de Y"),
        else before it ("la police de l'Etat de Zamfara ... la ville de Kaya")."""
        after = [(start, e) for start, e in divisions if start > t.end and start - t.end < 160
                 and not re.search(r"[.!?]\s", text[t.end:start])]
        before = [(start, e) for start, e in divisions if start < t.start and t.start - start < 240
                  and not re.search(r"[.!?]\s", text[start:t.start])]
        for _, entry in after[:1] + before[-1:]:
            if entry.kind in (KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY):
                return entry
        return None

    def resolve_text(self, text: str, spacy_doc: Doc | None = None,
                     actor_mentions: Sequence[ActorMention] = ()) -> list[PlaceMention]:
        toponyms = self.find_toponyms(text, spacy_doc, actor_mentions)
        return self.resolve_all(text, toponyms, self.document_context(toponyms, actor_mentions))


@cache
def default_resolver() -> PlaceResolver:
    return PlaceResolver()
