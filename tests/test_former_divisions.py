"""Divisions abolished since (places/data/former_divisions.tsv): news archives name them, and each
resolves to an entry of its own made of today's divisions (places/gazetteer.py)."""
import csv
from importlib import resources

import pytest

from veille.geometry import great_circle_km
from veille.places.gazetteer import FORMER_DIVISIONS, KIND_CITY
from veille.places.resolve import default_resolver
from geocoding import geocode


def former_divisions() -> list[dict]:
    text = resources.files("veille.places.data").joinpath(FORMER_DIVISIONS).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", former_divisions(), ids=lambda row: row["name"])
def test_each_former_division_is_an_entry_of_its_country(row):
    resolver = default_resolver()
    [entry] = [c.entry for c in resolver.candidates(row["name"]) if c.exact and c.entry.geonameid < 0]
    assert entry.country == row["country"] and entry.kind == "admin1"
    assert entry.lat is not None and entry.center_lat is not None and entry.population > 0
    # every name of the row reaches it
    for name in row["names"].split("|"):
        assert any(c.entry.geonameid == entry.geonameid for c in resolver.candidates(name) if c.exact), name


def test_a_former_province_is_placed_at_its_largest_town_and_shown_without_an_id():
    resolver = default_resolver()
    places = {pm.text: pm.place for pm in resolver.resolve_text(
        "De nouveaux affrontements ont été signalés dans le Katanga, au sud-est de la RDC.")}
    katanga = places["Katanga"]
    assert katanga is not None and katanga.precision == "admin1" and katanga.country == "CD"
    assert katanga.geonameid is None  # GeoNames' historical feature is in no installed package
    lubumbashi = max((c.entry for c in resolver.candidates("Lubumbashi") if c.exact and c.entry.kind == KIND_CITY),
                     key=lambda e: e.population)
    assert great_circle_km(katanga.lat, katanga.lon, lubumbashi.lat, lubumbashi.lon) < 1


def test_a_former_region_beats_a_small_namesake_elsewhere():
    # "Nyanza" is also a Rwandan town: in a story about Kenya it is the former province
    places = {pm.text: pm.place for pm in default_resolver().resolve_text(
        "Au Kenya, la police a dispersé une manifestation dans la province de Nyanza, près du lac Victoria.")}
    assert places["Nyanza"] is not None and places["Nyanza"].country == "KE"


def test_veille_geocode_answers_a_former_division_at_the_middle_of_its_towns():
    resolver = default_resolver()
    [row] = geocode(resolver, "Cholera cases were reported across Nyanza Province, Kenya, this week.",
                    ["Nyanza Province", "Kenya"])[:1]
    [entry] = [c.entry for c in resolver.candidates("Nyanza Province") if c.exact and c.entry.geonameid < 0]
    assert row["precision"] == "admin1" and row["geonameid"] is None
    assert (row["lat"], row["lon"]) == (entry.center_lat, entry.center_lon) != (entry.lat, entry.lon)
