"""Given spans (places/geocode.py) that are no place: peoples ("Russians") and words of a natural
feature's name ("Atlas" in "Atlas Mountains"). Documents are sentences written for each rule."""
from __future__ import annotations

import pytest

from geocoding import geocode as geocode_spans
from veille.places.geocode import natural_feature_words, peoples
from veille.places.names import exact_key
from veille.places.resolve import default_resolver, great_circle_km


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


def geocode(resolver, text: str, names: list[str]) -> dict[str, dict]:
    return {r["name"]: r for r in geocode_spans(resolver, text, names)}


@pytest.mark.parametrize("people", ["Russians", "Americans", "Palestinians", "Israelis", "Britons", "New Yorkers"])
def test_a_people_is_no_place(resolver, people):
    text = f"{people} living near Kyiv and Warsaw were interviewed, officials in Toronto said."
    rows = geocode(resolver, text, [people, "Kyiv", "Warsaw", "Toronto"])
    assert rows[people]["lat"] is None and "people" in rows[people]["why"]
    assert rows["Kyiv"]["country"] == "UA"


@pytest.mark.parametrize("adjective,country", [("Russian", "RU"), ("Chinese", "CN"), ("British", "GB")])
def test_an_adjective_of_nationality_is_still_the_country(resolver, adjective, country):
    rows = geocode(resolver, f"The {adjective} delegation arrived in Vienna on Monday.", [adjective, "Vienna"])
    assert rows[adjective]["country"] == country


def test_a_country_named_like_a_plural_stays_a_country(resolver):
    rows = geocode(resolver, "Typhoons struck the Philippines and Taiwan.", ["Philippines", "Taiwan"])
    assert rows["Philippines"]["country"] == "PH"


@pytest.mark.parametrize("text,feature,near", [
    ("Snow fell on the Atlas Mountains in Morocco, cutting roads south of Marrakesh.", "Atlas Mountains", "Morocco"),
    ("Hikers were rescued in the Sayan Mountains, Russian officials in Yekaterinburg said.", "Sayan Mountains", "Yekaterinburg"),
])
def test_the_words_of_a_feature_name_are_no_town_far_away(resolver, text, feature, near):
    names = [feature] + [n for n in ("Morocco", "Marrakesh", "Yekaterinburg") if n in text]
    rows = geocode(resolver, text, names)
    row = rows[feature]
    # not the namesake town (Atlas, Pennsylvania): a place of the story stands in
    assert row["lat"] is not None and row["country"] in ("MA", "RU"), row["why"]


def test_a_town_inside_a_feature_name_near_the_story_stands_in(resolver):
    text = "Farm workers in the Salinas Valley went on strike, growers in Monterey, California, said."
    rows = geocode(resolver, text, ["Salinas Valley", "Monterey", "California"])
    row = rows["Salinas Valley"]
    assert row["lat"] is not None and great_circle_km(row["lat"], row["lon"], 36.68, -121.66) < 100, row["why"]


def test_a_variant_spelling_of_one_word_of_a_name_is_not_taken(resolver):
    text = "Soldiers at Fort Detrick, Maryland, were tested, the Pentagon said."
    rows = geocode(resolver, text, ["Fort Detrick", "Maryland"])
    assert "variant" not in rows["Fort Detrick"]["why"]


def test_data_files_read():
    assert exact_key("Palestinians") in peoples() and exact_key("Chinese") not in peoples()
    assert "mountains" in natural_feature_words()


@pytest.mark.parametrize("name,lat,lon", [("Ontario", 50.0, -86.0), ("Virginia", 37.1, -78.5), ("Queensland", -22.2, 144.6)])
def test_a_division_has_the_database_point_not_a_seat(resolver, name, lat, lon):
    pytest.importorskip("countrystatecity_countries")
    rows = geocode(resolver, f"Floods hit {name} on Monday, officials said.", [name])
    row = rows[name]
    assert row["precision"] == "admin1" and great_circle_km(row["lat"], row["lon"], lat, lon) < 50
