"""`veille geocode`: resolution only, of toponym spans given with their document.

For comparing veille's resolver with other geoparsers on public gold sets
(CONTRACT.md, "Resolution only"), whatever the language: the spans are given,
the whole document is context (the other toponyms, the dominant country).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Callable, TextIO

from ..records import Place, PlaceMention
from ..textnorm import fold
from .context import DocumentContext
from .gazetteer import KIND_ADMIN1, KIND_COUNTRY, Entry, _data_text
from .names import exact_key
from .resolve import LIST_GLUE, PlaceResolver, Toponym, default_resolver, km_between, place_of, seats
from .scoring import trained_weights
from .tables import _directions, features


# A word of a name: a letter, then letters, digits, dots, ampersands, apostrophes, hyphens.
_NAME_WORD = re.compile(r"[^\W\d_][\w.&'’-]*")


def _inner_names(t: Toponym) -> list[Toponym]:
    """Shorter runs of capitalised words inside a span, longest first, then leftmost:
    "Dubai World Cup" -> "Dubai World", "World Cup", "Dubai", "World", "Cup"."""
    words = [m for m in _NAME_WORD.finditer(t.text) if m.group()[0].isupper()]
    out = []
    for length in range(len(words) - 1, 0, -1):
        for i in range(len(words) - length + 1):
            first, last = words[i], words[i + length - 1]
            start, end = t.start + first.start(), t.start + last.end()
            out.append(Toponym(start, end, t.text[first.start():last.end()].rstrip(".") if length > 1 else
                               t.text[first.start():last.end()]))
    return out


@cache
def generic_words() -> frozenset[str]:
    """Folded words that name no place by themselves (places/data/generic_words.txt)."""
    text = _data_text("veille.places.data", "generic_words.txt")
    return frozenset(fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def natural_feature_words() -> frozenset[str]:
    """Folded words that make a span a natural feature's name (places/data/natural_features.tsv)."""
    text = _data_text("veille.places.data", "natural_features.tsv")
    return frozenset(fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


# A town named inside a natural feature's span stands in for it only this near the document's places.
FEATURE_NEAR_KM = 300.0


def _is_feature(name: str) -> bool:
    return any(fold(w.strip(".,")) in natural_feature_words() for w in name.split())


@cache
def peoples() -> frozenset[str]:
    """Name keys of peoples in the plural, "Russians", "Palestinians" (places/data/demonyms.tsv)."""
    text = _data_text("veille.places.data", "demonyms.tsv")
    return frozenset(exact_key(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _peoples(toponyms: list[Toponym], resolved: list[PlaceMention], resolver: PlaceResolver) -> None:
    """"Russians", "Americans", "Palestinians" name people, not a place: no answer, whatever a
    fallback found, unless the gazetteer has a country or division of that very name."""
    for i, t in enumerate(toponyms):
        if exact_key(t.text) in peoples() and not any(
                c.exact and c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1) for c in resolver.candidates(t.text)):
            resolved[i] = PlaceMention(t.start, t.end, t.text, None, 0.0, "a people (places/data/demonyms.tsv), not a place")


def _only_generic(name: str) -> bool:
    return all(fold(w) in generic_words() for w in name.split())


# What lies between a place the gazetteer lacks and the place the text says it is in:
# "the Atlas Mountains in Morocco", "Plum Island, New York", "Fort Detrick in Frederick".
_IN_PLACE = re.compile(r"\s*(?:,|\bin\b|\bnear\b|\bdans\b|\bau\b|\ben\b|à)\s*(?:the\s+|le\s+|la\s+|l['’])?")


def _stand_in(t: Toponym, resolved: list[PlaceMention], text: str = "") -> PlaceMention | None:
    """What stands in for a span the gazetteer lacks (a stadium, a river, a building): the place
    the text says it is in ("the Atlas Mountains in Morocco"), else the town or division named
    nearest to it in the text, else the country the document names most."""
    known = [(pm, pm.place) for pm in resolved
             if pm.place is not None and pm.place.geonameid is not None and not pm.fallback]
    after = [pm for pm, _ in known if pm.start >= t.end and _IN_PLACE.fullmatch(text, t.end, pm.start)]
    if after:
        return min(after, key=lambda pm: pm.start)
    local = [pm for pm, place in known if place.precision != "country"]
    if local:
        return min(local, key=lambda pm: (abs(pm.start - t.start), pm.start))
    if not known:
        return None
    counts = Counter(place.geonameid for _, place in known)
    return max(known, key=lambda found: (counts[found[1].geonameid], -found[0].start))[0]


def _drop_generic_places(toponyms: list[Toponym], resolved: list[PlaceMention], ctx: DocumentContext) -> None:
    """"Atlantic", "West Coast", "Middle East": a sea, a side or a region, never the small town
    that bears the name, nor a division of that name in a country the document is not about
    ("Western" is a province of Uganda, Zambia, Kenya...)."""
    for i, (t, pm) in enumerate(zip(toponyms, resolved)):
        if pm.place is not None and pm.place.precision != "country" and _only_generic(t.text) and (
                pm.place.precision == "point" or pm.place.country not in ctx.countries):
            resolved[i] = PlaceMention(t.start, t.end, t.text, None, 0.0, "a region or a side, not a town")


def _seats_and_features(toponyms: list[Toponym], resolved: list[PlaceMention], resolver: PlaceResolver) -> None:
    """An institution given as a toponym ("the White House") is where it sits, not the small
    town of that name (White House, Tennessee); a sea, a river or a region the gazetteer lacks
    is its point in places/data/features.tsv."""
    for i, (t, pm) in enumerate(zip(toponyms, resolved)):
        if (seat := seats().get(exact_key(t.text))) is not None and \
                (entry := resolver.gazetteer.entry(seat)) is not None:
            resolved[i] = PlaceMention(t.start, t.end, t.text, place_of(entry, resolver.gazetteer), 1.0,
                                       f"seat of {t.text} (places/data/seats.tsv)")
        elif (feature := features().get(exact_key(t.text))) is not None and (
                pm.place is None or pm.fallback or _small_town(pm, resolver)):
            resolved[i] = PlaceMention(t.start, t.end, t.text, feature, 1.0, f"{feature.name} (places/data/features.tsv)")
        elif (pm.place is None or pm.fallback) and (feature := _feature_part(t.text)) is not None:
            resolved[i] = PlaceMention(t.start, t.end, t.text, feature, 0.5,
                                       f"a part of {feature.name} (places/data/features.tsv)", fallback=True)


def _feature_part(name: str) -> Place | None:
    """The sea or region a compass word qualifies ("Eastern Mediterranean", "South Pacific", "Sahel
    occidental"): a part of it, answered at its point, the nearest the table knows."""
    words = name.split()
    if len(words) < 2:
        return None
    english = {w for _, ws in _directions() for w in ws}
    key, whole = exact_key(name), None
    if exact_key(words[0]) in english:
        whole = features().get(exact_key(" ".join(words[1:])))
    else:
        whole = next((features().get(key[: -len(french) - 1].strip()) for french, _ in _directions()
                      if key.endswith(" " + french)), None)
    # a part of the feature is not the GeoNames feature itself
    return replace(whole, geonameid=None) if whole is not None else None


# An island, a region or a sea of features.tsv outweighs a town of its name smaller than this ("Java"
# the island, not Java in Georgia; "Darfur"): news names the feature far more often than such a town.
FEATURE_OVER_TOWN_MAX_POP = 50_000


def _composite_division(p: Place, resolver: PlaceResolver) -> Entry | None:
    """The entry of a division made of today's ones (places/data/composite_divisions.tsv), which
    has no GeoNames id to find it by: its name in its country."""
    if p.precision != "admin1":
        return None
    return next((c.entry for c in resolver.candidates(p.name) if c.exact and c.entry.geonameid < 0
                 and c.entry.country == p.country), None)


def _small_town(pm: PlaceMention, resolver: PlaceResolver) -> bool:
    p = pm.place
    if p is None or p.precision != "point" or p.geonameid is None:
        return False
    entry = resolver.gazetteer.entry(p.geonameid)
    return entry is not None and entry.population < FEATURE_OVER_TOWN_MAX_POP


def _names_inside(toponyms: list[Toponym], resolved: list[PlaceMention], resolver: PlaceResolver,
                  ctx: DocumentContext) -> None:
    """A span still unresolved takes the place named inside it ("Colorado State University",
    "Dubai World Cup"), when that place is in a country the document is about and is named
    exactly (a variant spelling of one word of a name is a coincidence: "Fort" is no Ford). In
    a natural feature's span ("Atlas Mountains", "Plum Island") the inner words name the feature
    itself: a town of that name stands in only near the places the document names."""
    known = [p.place for p in resolved if p.place is not None and p.place.lat is not None and not p.fallback]
    for i, (t, pm) in enumerate(zip(toponyms, resolved)):
        if pm.place is not None or not t.text:
            continue
        feature = _is_feature(t.text)
        for inner in _inner_names(t):
            if _only_generic(inner.text):
                continue
            found = resolver.resolve_one(inner, ctx)
            if found.place is None or found.why.startswith("variant"):
                continue
            if feature and found.place.precision == "point" and not any(
                    p.geonameid != found.place.geonameid and (km_between(p, found.place) <= FEATURE_NEAR_KM or (
                        p.precision == "admin1" and (p.country, p.admin1) == (found.place.country, found.place.admin1)))
                    for p in known):
                continue  # "Atlas Mountains" in a story about Morocco is not Atlas, Pennsylvania
            if not ctx.countries or found.place.country in ctx.countries or (
                    not feature and _of_a_country(inner, found)):
                resolved[i] = PlaceMention(t.start, t.end, t.text, found.place, found.score,
                                           f"named inside the span ({inner.text}): {found.why}", fallback=True)
                break


def _of_a_country(inner: Toponym, found: PlaceMention) -> bool:
    """Whether an institution's name says whose it is, wherever the document is: a country named in
    it ("Bank of Japan", "US Federal Reserve") or a continent's adjective ("European Central Bank"); a
    continent's own name is what a place was named after ("Mall of Asia" is in Manila)."""
    p = found.place
    return p is not None and (p.precision == "country" or (
        p.precision == "continent" and exact_key(inner.text) != exact_key(p.name)))


def _nearest_places(toponyms: list[Toponym], resolved: list[PlaceMention], text: str) -> None:
    """A span still unresolved (a stadium, a building, an estate) takes the place named nearest
    to it in the text: such places are most often in or near the town the text names around them."""
    settled = list(resolved)
    for i, (t, pm) in enumerate(zip(toponyms, resolved)):
        if pm.place is None and t.text and (near := _stand_in(t, settled, text)) is not None:
            resolved[i] = PlaceMention(t.start, t.end, t.text, near.place, 0.1,
                                       f"not in the gazetteer: the place named nearest, {near.text}", fallback=True)


# English division cues around a given span: "New York state", "Washington State University" is no cue
# (the span would hold it), "the state of Washington", "Kano province".
_DIVISION_AFTER = re.compile(r"\s+(?:state|province|governorate|oblast)\b(?!\s+(?:of|department|media)\b)")
_DIVISION_BEFORE = re.compile(r"\b(?:state|province|governorate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _english_cues(text: str, t: Toponym) -> Toponym:
    """A division cue in English, which the French cues of `toponyms.py` do not read."""
    if t.cue is None and t.text and (_DIVISION_AFTER.match(text, t.end)
                                     or _DIVISION_BEFORE.search(text, max(0, t.start - 30), t.start)):
        return replace(t, cue="division")
    return t


# The nouns English writes after a division's short name ("Western Province", "Upper East Region").
_DIVISION_NOUNS = ("Province", "Region", "State", "Governorate", "Division")
# Between two names of one list: "Ohio, New York and Oregon", "California or Washington", and of a
# tally that repeats a count and its preposition: "fifteen in British Columbia, eight in Alberta,
# and one apiece in Quebec" (not "in Chechnya, in her apartment in Moscow").
_COUNT = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
          r"|sixteen|seventeen|eighteen|nineteen|twenty|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix)")
_LIST_GLUE = re.compile(rf"{LIST_GLUE.pattern}"
                        rf"|\s*,\s*(?:(?:and|or|et)\s+)?{_COUNT}(?:\s+[^\W\d_]+)?\s+(?:in|en|au|aux)\s+")


def _coordinated_divisions(toponyms: list[Toponym], resolved: list[PlaceMention], resolver: PlaceResolver,
                           text: str) -> None:
    """A name that is a town's and a division's, listed beside divisions of one country ("Illinois, New
    York, Ohio", "California or Washington"), is that country's division: a list names things of one kind."""
    for _ in range(2):  # twice, so that a division reached through a list reaches the next name of it
        for i, (t, pm) in enumerate(zip(toponyms, resolved)):
            unnamed = (pm.place is None or pm.fallback) and bool(t.text)
            if not unnamed and (pm.place is None or pm.place.precision != "point" or pm.fallback):
                continue
            sides = []
            if i > 0 and _LIST_GLUE.fullmatch(text, toponyms[i - 1].end, t.start):
                sides.append(resolved[i - 1])
            if i + 1 < len(toponyms) and _LIST_GLUE.fullmatch(text, t.end, toponyms[i + 1].start):
                sides.append(resolved[i + 1])
            side_countries = {p.place.country for p in sides if p.place is not None and not p.fallback
                              and p.place.precision == "admin1"}
            # a name the gazetteer lacks may be a division's short form: "the provinces of Nyanza, Rift
            # Valley, North Eastern and Western" list "North Eastern Province" and "Western Province"
            names = [t.text] if not unnamed else [f"{t.text} {kind}" for kind in _DIVISION_NOUNS]
            division = next((c.entry for name in names for c in resolver.candidates(name) if c.exact
                             and c.entry.kind == KIND_ADMIN1 and c.entry.country in side_countries), None)
            if division is not None:
                resolved[i] = PlaceMention(t.start, t.end, t.text, place_of(division, resolver.gazetteer), pm.score,
                                           f"a division, listed with divisions of {division.country}")


def _town_then_division(toponyms: list[Toponym], resolved: list[PlaceMention], resolver: PlaceResolver,
                        text: str) -> None:
    """"Buffalo, New York", "Tacoma, Washington": a name right after a town and a comma that names
    the division the town lies in is that division, as English writes a town's state."""
    for i in range(1, len(toponyms)):
        t, pm, town = toponyms[i], resolved[i], resolved[i - 1]
        # (a country too: "Atlanta, Georgia" is the state, whatever the country of that name)
        if pm.place is None or pm.place.precision not in ("point", "country") or pm.fallback or town.place is None or \
                town.place.precision != "point" or town.place.geonameid is None or \
                not _COMMA.fullmatch(text, toponyms[i - 1].end, t.start):
            continue
        seat = resolver.gazetteer.entry(town.place.geonameid)
        division = next((c.entry for c in resolver.candidates(t.text) if c.exact and c.entry.kind == KIND_ADMIN1
                         and seat is not None and (c.entry.country, c.entry.admin1_code) == (seat.country, seat.admin1_code)),
                        None)
        if division is not None and division.geonameid != pm.place.geonameid:
            resolved[i] = PlaceMention(t.start, t.end, t.text, place_of(division, resolver.gazetteer), pm.score,
                                       f"the division {toponyms[i - 1].text} lies in, named after it")


_COMMA = re.compile(r"\s*,\s*")


def _one_reading(toponyms: list[Toponym], resolved: list[PlaceMention]) -> None:
    """A name the text has shown to be a division ("New York state", "Buffalo, New York") keeps that
    reading in its other, bare mentions: "75 people have died in New York since April"."""
    divisions: dict[str, Place] = {}
    for t, pm in zip(toponyms, resolved):
        if pm.place is not None and pm.place.precision == "admin1" and not pm.fallback and (
                t.cue == "division" or pm.why.startswith(("a division, listed", "the division "))):
            divisions.setdefault(exact_key(t.text), pm.place)
    for i, (t, pm) in enumerate(zip(toponyms, resolved)):
        division = divisions.get(exact_key(t.text))
        if division is not None and pm.place is not None and pm.place.precision == "point" and not pm.fallback:
            resolved[i] = PlaceMention(t.start, t.end, t.text, division, pm.score,
                                       f"the division this name is elsewhere in the text ({division.name})")


def geocode_document(record: dict, resolver: PlaceResolver) -> list[dict]:
    text = record["text"]
    spans = record.get("toponyms") or []
    # resolved left to right, as the resolver and the list rules read a text; written in input order
    order = sorted(range(len(spans)), key=lambda k: (int(spans[k]["start"]), int(spans[k]["end"])))
    toponyms = []
    for k in order:
        s, e = int(spans[k]["start"]), int(spans[k]["end"])
        toponyms.append(_english_cues(text, resolver._with_cues(text, s, e)) if 0 <= s < e <= len(text)
                        else Toponym(s, e, ""))
    # "West Coast", "Western": a side of somewhere says nothing of which country the text is about
    ctx = resolver.document_context([t for t in toponyms if not _only_generic(t.text)])
    resolved = resolver.resolve_all(text, toponyms, ctx)
    # Given spans get answers that events never get, in this order; all but the first two are
    # marked ``fallback``, and ``why`` says which; a people's name ("Russians") gets none.
    _drop_generic_places(toponyms, resolved, ctx)
    _coordinated_divisions(toponyms, resolved, resolver, text)
    _town_then_division(toponyms, resolved, resolver, text)
    _one_reading(toponyms, resolved)
    _seats_and_features(toponyms, resolved, resolver)
    _names_inside(toponyms, resolved, resolver, ctx)
    _nearest_places(toponyms, resolved, text)
    _peoples(toponyms, resolved, resolver)
    out: list[dict] = [{} for _ in spans]
    for k, t, pm in zip(order, toponyms, resolved):
        p = pm.place
        if p is not None and p.precision != "point":
            entry = resolver.gazetteer.entry(p.geonameid) if p.geonameid is not None else _composite_division(p, resolver)
            if entry is not None:  # gold sets follow GeoNames: a division at its central point
                p = place_of(entry, resolver.gazetteer, central=True)
        out[k] = {"doc_id": record.get("id"), "start": t.start, "end": t.end, "name": t.text,
                  "geonameid": p.geonameid if p else None, "lat": p.lat if p else None,
                  "lon": p.lon if p else None, "country": p.country if p else None,
                  "admin1": p.admin1 if p else None, "precision": p.precision if p else None,
                  "fallback": pm.fallback, "why": pm.why}
    return out


@cache
def geocode_resolver() -> PlaceResolver:
    """The resolver of ``veille geocode``: the place score's weights trained on geoparsing gold
    sets (places/data/ranker.json, ranker.py) where the package has them, else the hand-set ones."""
    weights = trained_weights()
    return PlaceResolver(weights=weights) if weights is not None else default_resolver()


def geocode_file(path: Path, out: TextIO, *, on_error: Callable[[str], None] = lambda line: None,
                 resolver: PlaceResolver | None = None) -> int:
    """Write one line per toponym given, in input order; return how many documents were read."""
    resolver = resolver or geocode_resolver()
    n = 0
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError("not an object with a text")
            except ValueError as exc:
                on_error(f"{path.name}:{lineno}: malformed line: {exc}")
                continue
            for row in geocode_document(record, resolver):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
