"""What the document around a given span says of it (places/context.py, places/geocode.py).

- a division named by a name that a tiny division elsewhere bears as an alternate name still
  counts as named ("Victoria");
- an institution's name says whose it is ("Bank of Korea", "Asian Development Bank"), but a
  continent's own name inside a place's name is what the place was named after;
- "Atlanta, Georgia" is the state, though a country bears the name;
- a compass word before a sea or region the table knows ("Eastern Mediterranean");
- a village's own vote does not make the document about the village's country;
- a list of divisions written by their short names ("North Eastern and Western provinces").

All on the real gazetteer; the documents are sentences written for each rule.
"""
from __future__ import annotations

import pytest

from geocoding import geocode
from veille.places.geocode import _feature_part
from veille.places.resolve import default_resolver


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


def test_a_state_named_elsewhere_in_the_text_raises_its_town_over_a_namesake_in_another_named_division(resolver):
    text = ("Health officers in England were told of the outbreak. The state of Victoria counted forty cases, "
            "most of them in Melbourne, where schools closed.")
    rows = geocode(resolver, text, ["England", "Victoria", "Melbourne"])
    assert (rows[1]["country"], rows[1]["precision"]) == ("AU", "admin1")
    assert rows[2]["country"] == "AU"
    assert "in a division the document names" in rows[2]["why"]


def test_a_country_named_inside_an_institution_is_where_it_stands_whatever_the_story(resolver):
    text = "Bankers met in Glasgow and Edinburgh on Monday; the Bank of Korea kept its rate, unlike the Scottish lenders."
    rows = geocode(resolver, text, ["Glasgow", "Edinburgh", "Bank of Korea"])
    assert (rows[2]["country"], rows[2]["precision"]) == ("KR", "country")
    assert rows[2]["fallback"] is True


def test_a_continent_adjective_inside_an_institution_is_the_continent(resolver):
    text = "Engineers in Leeds and Sheffield wrote to the Asian Development Bank about the loan."
    rows = geocode(resolver, text, ["Leeds", "Sheffield", "Asian Development Bank"])
    assert rows[2]["precision"] == "continent"
    assert rows[2]["name"] == "Asian Development Bank" and "Asian" in rows[2]["why"]


def test_a_continent_own_name_inside_a_place_name_is_not_the_continent(resolver):
    text = "Shoppers in Leeds and Sheffield queued outside the Mall of Africa before dawn."
    rows = geocode(resolver, text, ["Leeds", "Sheffield", "Mall of Africa"])
    assert rows[2]["precision"] != "continent"


def test_a_town_then_a_name_a_country_and_a_state_share_is_the_state(resolver):
    text = "Samples taken in Jakarta were flown to a laboratory in Atlanta, Georgia, for tests."
    rows = geocode(resolver, text, ["Jakarta", "Atlanta", "Georgia"])
    assert (rows[2]["country"], rows[2]["precision"]) == ("US", "admin1")
    assert rows[2]["why"].startswith("the division Atlanta lies in")


def test_a_compass_word_before_a_sea_is_a_part_of_the_sea_with_no_id_of_its_own():
    whole = _feature_part("Western Mediterranean")
    assert whole is not None and whole.name == "Mediterranean Sea" and whole.geonameid is None
    assert _feature_part("Sahel occidental") is not None
    assert _feature_part("Eastern Ohio") is None  # a division is the gazetteer's, not the table's
    assert _feature_part("Mediterranean") is None  # no compass word: the table itself answers


def test_a_part_of_a_sea_is_answered_at_the_sea_not_at_a_place_named_nearby(resolver):
    text = "Fishermen from Limassol said the storm crossed the Eastern Mediterranean overnight."
    rows = geocode(resolver, text, ["Limassol", "Eastern Mediterranean"])
    assert rows[1]["country"] is None and rows[1]["precision"] == "country"
    assert rows[1]["why"].startswith("a part of Mediterranean Sea")


def test_a_village_alone_does_not_make_a_london_story_about_its_country(resolver):
    # Piccadilly is, in the gazetteer, only a village in Western Australia
    text = ("Police in London said the two men met in a bar in Piccadilly before the attack. "
            "Officers from Manchester and Birmingham joined the inquiry.")
    rows = geocode(resolver, text, ["London", "Piccadilly", "Manchester", "Birmingham"])
    assert rows[1]["country"] == "GB"
    assert rows[1]["fallback"] is True


def test_the_village_still_stands_in_a_story_about_its_own_country(resolver):
    text = "Bushfires reached Piccadilly, near Kalgoorlie, in Western Australia."
    rows = geocode(resolver, text, ["Piccadilly", "Kalgoorlie", "Western Australia"])
    assert rows[0]["country"] == "AU" and rows[0]["precision"] == "point"


def test_short_names_listed_beside_divisions_are_those_divisions(resolver):
    text = ("Cholera cases were reported in Kenya, in the provinces of Nyanza, Rift Valley, North Eastern and "
            "Western, health officials in Nairobi said.")
    rows = geocode(resolver, text, ["Kenya", "Nyanza", "Rift Valley", "North Eastern", "Western", "Nairobi"])
    for row in rows[3:5]:
        assert (row["country"], row["precision"]) == ("KE", "admin1"), row
        assert row["why"].startswith("a division, listed with divisions of KE")


def test_a_far_capital_reached_by_an_alternate_name_is_refused_like_any_small_namesake(resolver):
    # "Suba" is an alternate name of Suva, Fiji's capital, and a district of Kenya the gazetteer lacks
    text = "Cholera spread in Kisumu, Migori and Suba, Kenyan health officials in Nairobi said."
    rows = geocode(resolver, text, ["Kisumu", "Migori", "Suba", "Nairobi"])
    assert rows[2]["country"] == "KE"


def test_a_far_capital_named_by_its_own_name_stands(resolver):
    text = "Kenyan officials flew from Nairobi and Mombasa to Suva for talks."
    rows = geocode(resolver, text, ["Nairobi", "Mombasa", "Suva"])
    assert (rows[2]["country"], rows[2]["precision"]) == ("FJ", "point")


def test_a_place_named_nearby_does_not_raise_a_village_over_the_state_of_its_name(resolver):
    # Florida is also a village of Orange County, New York
    text = "Snow closed schools across New York City on Monday, while flights to Florida were cancelled."
    rows = geocode(resolver, text, ["New York City", "Florida"])
    assert (rows[1]["country"], rows[1]["precision"]) == ("US", "admin1")
    assert rows[1]["admin1"] == "Florida"


def test_a_region_name_a_hamlet_bears_places_nothing_near_it(resolver):
    # "Middle East" is also a hamlet of Maryland, next to a Manchester
    text = "Fans travelled from across the Middle East to Manchester for the final on Saturday."
    rows = geocode(resolver, text, ["Middle East", "Manchester"])
    assert rows[0]["precision"] == "country" and rows[0]["country"] is None
    assert "near Middle East" not in rows[1]["why"]


def test_a_country_s_three_letter_code_is_no_name_of_it_written_in_lower_case(resolver):
    # "Bol", a town on Lake Chad, is not "BOL" (Bolivia); "USA" stays the United States
    text = "Boko Haram a attaqué une position de l'armée près de Bol, sur le lac Tchad."
    [bol] = [p for p in resolver.resolve_text(text) if p.text == "Bol"]
    assert bol.place is not None and bol.place.country == "TD"


@pytest.mark.parametrize("text, town", [
    ("Firefighters from Stroud, Ontario, joined the search for the missing hikers.", "Stroud"),
    ("Volunteers from Zorbleton, Manitoba, drove their tractors to the fair.", "Zorbleton"),
])
def test_a_town_the_gazetteer_lacks_put_in_a_division_by_a_comma_is_in_that_division(resolver, text, town):
    # Stroud's namesakes are English and American; the text puts this one in Ontario
    row = geocode(resolver, text, [town, text.split(", ")[1]])[0]
    assert (row["country"], row["precision"]) == ("CA", "admin1")
    assert row["why"].startswith("not in the gazetteer; inside")


def test_a_list_that_goes_on_after_the_division_is_no_town_in_it(resolver):
    rows = geocode(resolver, "Delegates from Stroud, Alberta and Texas met on Monday.", ["Stroud", "Alberta", "Texas"])
    assert rows[0]["country"] != "CA" and rows[0]["precision"] == "point"


def test_a_division_of_a_country_named_in_passing_does_not_outweigh_a_town_s_own_name(resolver):
    text = ("The United States reported most of the cases; the United States closed schools. Australia "
            "counted forty, most in New South Wales. Flights from New York and Toronto were checked on arrival.")
    row = geocode(resolver, text, ["United States", "United States", "Australia", "New South Wales", "New York",
                                   "Toronto"])[-1]
    assert row["country"] == "CA"


def test_a_division_of_the_country_the_story_is_about_still_places_its_namesake(resolver):
    text = "Police in New South Wales said a man was arrested in Toronto, on Lake Macquarie, after a chase from Newcastle."
    row = geocode(resolver, text, ["New South Wales", "Toronto", "Newcastle"])[1]
    assert (row["country"], row["admin1"]) == ("AU", "New South Wales")
