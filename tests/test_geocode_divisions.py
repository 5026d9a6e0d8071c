"""Resolution of given spans (places/geocode.py, places/scoring.py): which reading of a name the
document's own wording asks for.

- an English division cue ("Washington state", "the state of Washington");
- a name listed with divisions of one country ("Ohio, New York and Oregon") is a division too;
- a name right after a town and a comma that names the town's division ("Buffalo, New York");
- a name the text has shown to be a division keeps that reading in its bare mentions;
- a county inside a state the document names ("Crawford County" in a story about Pennsylvania);
- a county whose namesakes are all towns abroad ("Cornwall") is the county;
- islands, regions, seas and airports of places/data/features.tsv over a small town of their name ("Java");
- English names of the Democratic Republic of the Congo, its former name Zaire (exonyms.tsv);
- a division's own point where the countries-states-cities database gives its largest town's
  (division_points.tsv).

All on the real gazetteer; the documents are a few sentences written for each rule.
"""
from __future__ import annotations

import pytest

from veille.places.geocode import geocode_document
from geocoding import geocode
from veille.places.resolve import default_resolver

WASHINGTON_STATE = 5815135
NEW_YORK_STATE = 5128638
OHIO = 5165418
OREGON = 5744337
DR_CONGO = 203312


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


@pytest.mark.parametrize("text", [
    "The calf was raised on a Washington state dairy farm before it was sold to a feedlot.",
    "Inspectors visited ranches in the state of Washington after the first positive test.",
])
def test_an_english_division_cue_gives_the_state(resolver, text):
    row = geocode(resolver, text, ["Washington"])[0]
    assert row["geonameid"] == WASHINGTON_STATE and row["precision"] == "admin1"


def test_a_bare_washington_in_a_capital_story_stays_the_city(resolver):
    row = geocode(resolver, "The minister flew to Washington on Monday to meet senators.", ["Washington"])[0]
    assert row["precision"] == "point" and abs(row["lat"] - 38.9) < 0.3


def test_a_name_listed_with_states_is_the_state(resolver):
    text = "Cases of the infection were confirmed in Ohio, New York and Oregon, health officials said."
    rows = geocode(resolver, text, ["Ohio", "New York", "Oregon"])
    assert [r["geonameid"] for r in rows] == [OHIO, NEW_YORK_STATE, OREGON]
    assert "listed with divisions" in rows[1]["why"]
    # GeoNames' own point of the state (places/data/division_points.tsv), not New York City's
    assert abs(rows[1]["lat"] - 43.0) < 0.1 and abs(rows[1]["lon"] + 75.5) < 0.1


def test_a_name_listed_with_towns_stays_the_town(resolver):
    text = "The band plays Boston, New York and Chicago before flying to Europe."
    row = geocode(resolver, text, ["Boston", "New York", "Chicago"])[1]
    assert row["precision"] == "point" and abs(row["lat"] - 40.7) < 0.3


def test_a_state_after_a_town_of_it_and_a_comma_is_the_state(resolver):
    text = "A girl from Rochester, New York was the first child to die of the flu this season."
    row = geocode(resolver, text, ["Rochester", "New York"])[1]
    assert row["geonameid"] == NEW_YORK_STATE and "Rochester" in row["why"]


def test_a_name_after_a_town_of_another_division_keeps_its_reading(resolver):
    text = "The exhibition travels from Boston, New York being its last stop."
    row = geocode(resolver, text, ["Boston", "New York"])[1]
    assert row["precision"] == "point"


def test_a_name_shown_to_be_a_division_stays_one_in_its_bare_mentions(resolver):
    text = ("The governor declared a disaster throughout New York state. Since April, 75 people "
            "have died in New York, officials said.")
    rows = geocode(resolver, text, ["New York", "New York"])
    assert [r["geonameid"] for r in rows] == [NEW_YORK_STATE, NEW_YORK_STATE]


def test_a_county_inside_the_state_the_document_names(resolver):
    text = ("Pennsylvania officials said the outbreak began on a farm in Crawford County, "
            "near the border with Ohio.")
    row = geocode(resolver, text, ["Pennsylvania", "Crawford County", "Ohio"])[1]
    assert row["country"] == "US" and row["admin1"] == "Pennsylvania"


def test_a_county_with_namesakes_only_abroad_is_the_county(resolver):
    row = geocode(resolver, "Surfers were warned about the water quality in Cornwall this weekend.", ["Cornwall"])[0]
    assert row["country"] == "GB"


@pytest.mark.parametrize("name,lat,lon", [("Java", -7.4, 110.0), ("Darfur", 13.0, 24.5), ("Sumatra", 0.0, 101.5)])
def test_an_island_or_region_is_its_feature_point(resolver, name, lat, lon):
    text = f"Heavy rains hit {name} this week, and aid agencies said roads were cut."
    row = geocode(resolver, text, [name])[0]
    assert (row["lat"], row["lon"]) == (lat, lon) and "features.tsv" in row["why"]


@pytest.mark.parametrize("name", ["Democratic Republic of Congo", "DR Congo", "Zaire"])
def test_english_and_former_names_of_the_drc(resolver, name):
    row = geocode(resolver, f"The virus was first identified in {name} decades ago.", [name])[0]
    assert row["geonameid"] == DR_CONGO


def test_division_points_rows_are_first_level_divisions_of_the_gazetteer():
    from veille.places.gazetteer import KIND_ADMIN1, _data_text, _read_tsv, default_gazetteer

    rows = _read_tsv(_data_text("veille.places.data", "division_points.tsv"))
    assert rows
    for row in rows:
        entry = default_gazetteer().entry(int(row["geonameid"]))
        assert entry is not None and entry.kind == KIND_ADMIN1 and entry.name == row["name"], row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        assert (entry.center_lat, entry.center_lon) == (float(row["lat"]), float(row["lon"]))


def test_an_airport_is_the_airport_not_a_small_town_of_its_name(resolver):
    row = geocode(resolver, "Flights out of Heathrow were cancelled as snow fell on London.", ["Heathrow", "London"])[0]
    assert "features.tsv" in row["why"] and abs(row["lat"] - 51.47) < 0.05


def test_korea_in_english_news_is_south_korea(resolver):
    row = geocode(resolver, "Exports from Korea rose in March, the trade ministry said.", ["Korea"])[0]
    assert row["country"] == "KR" and row["precision"] == "country"


def test_spans_given_out_of_order_are_read_left_to_right_and_written_in_input_order(resolver):
    text = "Tech workers leave western states such as California or Washington for Idaho."
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in ("Idaho", "Washington", "California")]
    rows = geocode_document({"id": "x", "text": text, "toponyms": spans}, resolver)
    assert [r["name"] for r in rows] == ["Idaho", "Washington", "California"]
    assert rows[1]["geonameid"] == WASHINGTON_STATE


def test_a_name_in_a_tally_of_divisions_that_repeats_its_preposition_is_a_division(resolver):
    text = "New infections by province: nine in Manitoba, six in Alberta, three in Nova Scotia, and two in Quebec."
    rows = geocode(resolver, text, ["Manitoba", "Alberta", "Nova Scotia", "Quebec"])
    assert (rows[-1]["country"], rows[-1]["precision"]) == ("CA", "admin1")
    assert "listed with divisions" in rows[-1]["why"]


def test_a_town_in_a_sentence_that_names_a_division_elsewhere_is_no_tally(resolver):
    text = "The minister flew from Quebec to Toronto, where she met the premier of Alberta."
    rows = geocode(resolver, text, ["Quebec", "Toronto", "Alberta"])
    assert rows[0]["precision"] == "point"


def test_a_division_then_a_town_with_words_between_is_no_tally(resolver):
    text = "The reporter covered the war in Chechnya and was shot in Grozny, in her office in Moscow, last year."
    rows = geocode(resolver, text, ["Chechnya", "Grozny", "Moscow"])
    assert rows[-1]["precision"] == "point"
