"""Divisions made of today's ones (places/data/composite_divisions.tsv): abolished since, or
ceremonial counties split into boroughs; news names them, and each resolves to an entry of its
own (places/gazetteer.py)."""
import csv
from importlib import resources

import pytest

from veille.geometry import great_circle_km
from veille.places.gazetteer import COMPOSITE_DIVISIONS, KIND_CITY
from veille.places.resolve import default_resolver
from geocoding import geocode


def places_in(text: str) -> dict:
    """Each toponym of a French text -> the Place it resolves to."""
    return {pm.text: pm.place for pm in default_resolver().resolve_text(text)}


def composite_divisions() -> list[dict]:
    text = resources.files("veille.places.data").joinpath(COMPOSITE_DIVISIONS).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", composite_divisions(), ids=lambda row: row["name"])
def test_each_composite_division_is_an_entry_of_its_country(row):
    resolver = default_resolver()
    [entry] = [c.entry for c in resolver.candidates(row["name"]) if c.exact and c.entry.geonameid < 0]
    assert entry.country == row["country"] and entry.kind in ("admin1", "admin2")
    assert entry.lat is not None and entry.center_lat is not None and entry.population > 0
    # every name of the row reaches it
    for name in row["names"].split("|"):
        assert any(c.entry.geonameid == entry.geonameid for c in resolver.candidates(name) if c.exact), name


def test_a_former_province_is_placed_at_its_largest_town_and_shown_without_an_id():
    resolver = default_resolver()
    places = places_in("De nouveaux affrontements ont été signalés dans le Katanga, au sud-est de la RDC.")
    katanga = places["Katanga"]
    assert katanga is not None and katanga.precision == "admin1" and katanga.country == "CD"
    assert katanga.geonameid is None  # GeoNames' historical feature is in no installed package
    lubumbashi = max((c.entry for c in resolver.candidates("Lubumbashi") if c.exact and c.entry.kind == KIND_CITY),
                     key=lambda e: e.population)
    assert great_circle_km(katanga.lat, katanga.lon, lubumbashi.lat, lubumbashi.lon) < 1


def test_a_former_region_beats_a_small_namesake_elsewhere():
    # "Nyanza" is also a Rwandan town: in a story about Kenya it is the former province
    places = places_in("Au Kenya, la police a dispersé une manifestation dans la province de Nyanza, "
                       "près du lac Victoria.")
    assert places["Nyanza"] is not None and places["Nyanza"].country == "KE"


def test_veille_geocode_answers_a_composite_division_at_the_middle_of_its_towns():
    resolver = default_resolver()
    [row] = geocode(resolver, "Cholera cases were reported across Nyanza Province, Kenya, this week.",
                    ["Nyanza Province", "Kenya"])[:1]
    [entry] = [c.entry for c in resolver.candidates("Nyanza Province") if c.exact and c.entry.geonameid < 0]
    assert row["precision"] == "admin1" and row["geonameid"] is None
    assert (row["lat"], row["lon"]) == (entry.center_lat, entry.center_lon) != (entry.lat, entry.lon)


def test_a_ceremonial_county_split_into_boroughs_is_one_place():
    places = places_in("La police du Grand Londres et celle de Greater Manchester, en Angleterre, "
                       "ont été mobilisées.")
    manchester = places["Greater Manchester"]
    assert manchester is not None and manchester.country == "GB" and manchester.admin1 == "England"
    # a county none of whose towns bears its name stays in England in a story about England,
    # not the American village of its name
    places = places_in("Des inondations ont touché le Yorkshire, dans le nord de l'Angleterre, "
                       "après des pluies record.")
    assert places["Yorkshire"] is not None and places["Yorkshire"].country == "GB"


def test_a_town_is_in_todays_division_not_in_the_abolished_one_sharing_its_code():
    # Rhône-Alpes shares Auvergne-Rhône-Alpes's code: Lyon lies in the latter
    places = places_in("Une manifestation a eu lieu à Lyon, en France.")
    assert places["Lyon"] is not None and places["Lyon"].admin1 == "Auvergne-Rhône-Alpes"
