"""`--format acled` read back with ACLED's column list and the value rules of its codebook,
written here, so that scripts written for ACLED's own exports read veille's."""
from __future__ import annotations

import csv
import io
import re

import pytest

from veille.events.acled import COLUMNS, EXTRA_COLUMNS, countries, rules, write_acled

# ACLED's export columns, in order (since its 2023 column changes).
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
EVENT_TYPES = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
               "Violence against civilians": "Political violence", "Riots": "Political violence",
               "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
SUB_EVENT_TYPES = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory",
                   "Sexual violence", "Attack", "Abduction/forced disappearance", "Chemical weapon",
                   "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                   "Remote explosive/landmine/IED", "Grenade", "Peaceful protest", "Protest with intervention",
                   "Excessive force against protestors", "Violent demonstration", "Mob violence", "Agreement",
                   "Arrests", "Change to group/activity", "Disrupted weapons use",
                   "Headquarters or base established", "Looting/property destruction",
                   "Non-violent transfer of territory", "Other"}
REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
           "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe",
           "North America", "Central America", "South America", "Caribbean", "Oceania", "Antarctica"}


def event(**over):
    ev = {"doc_id": "d1", "event_id": "c1f4ce0acb0ede2e", "type": "ASSAULT", "mode": "aerial",
          "actor": {"name": "Russia", "country": "RUS", "kind": "military"},
          "target": {"name": "Civilians", "country": None, "kind": "civilians"},
          "location": {"name": "Ariha", "country": "SY", "admin1": "Idlib", "lat": 35.81, "lon": 36.61,
                       "precision": "point", "geonameid": 172994},
          "date": {"value": "2024-03-14", "precision": "day"},
          "evidence": {"text": "Des avions russes ont frappé Ariha", "start": 0, "end": 34},
          "claimed_by": "Syrian Observatory for Human Rights", "denied_by": None,
          "fatalities": {"killed": 7, "injured": None}, "confidence": 0.9}
    ev.update(over)
    return ev


def rows_of(events):
    buf = io.StringIO()
    write_acled(events, buf)
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    return reader.fieldnames, list(reader)


def check_codebook(row):
    assert re.fullmatch(r"[A-Z]{3}\d+", row["event_id_cnty"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]) and row["year"] == row["event_date"][:4]
    assert row["time_precision"] in {"1", "2", "3"}
    assert EVENT_TYPES[row["event_type"]] == row["disorder_type"]
    assert row["sub_event_type"] in SUB_EVENT_TYPES
    for inter in ("inter1", "inter2"):
        assert row[inter] in {"", "1", "2", "3", "4", "5", "6", "7", "8"}
    codes = sorted(int(row[i]) for i in ("inter1", "inter2") if row[i])
    assert row["interaction"] == (str(codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)) if codes else "")
    assert row["civilian_targeting"] in {"", "Civilian targeting"}
    assert row["iso"].isdigit() and row["region"] in REGIONS and row["country"]
    assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
    assert row["geo_precision"] in {"1", "2", "3"}
    assert row["fatalities"].isdigit()


def test_the_columns_are_acleds_in_its_order_then_veilles():
    fields, _ = rows_of([event()])
    assert fields[:len(ACLED_COLUMNS)] == ACLED_COLUMNS == list(COLUMNS)
    assert fields[len(ACLED_COLUMNS):] == list(EXTRA_COLUMNS)


def test_an_air_strike_on_civilians_follows_the_codebook():
    _, [row] = rows_of([event()])
    check_codebook(row)
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Explosions/Remote violence", "Air/drone strike", "Political violence")
    # a foreign state's forces are external forces (8); civilians 7; joined lowest first
    assert (row["inter1"], row["inter2"], row["interaction"], row["civilian_targeting"]) == (
        "8", "7", "78", "Civilian targeting")
    assert (row["iso"], row["region"], row["country"], row["event_id_cnty"][:3]) == ("760", "Middle East", "Syria", "SYR")
    assert (row["fatalities"], row["time_precision"], row["geo_precision"]) == ("7", "1", "1")


def test_a_protest_alone_and_a_month_date():
    protest = event(type="PROTEST", mode=None, actor={"name": "Algerian protesters", "country": None, "kind": "civilians"},
                    target=None, date={"value": "2019-05", "precision": "month"}, fatalities={"killed": None},
                    location={"name": "Algiers", "country": "DZ", "admin1": "Alger", "lat": 36.75, "lon": 3.04,
                              "precision": "point", "geonameid": 2507480})
    _, [row] = rows_of([protest])
    check_codebook(row)
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Demonstrations", "Protests", "Peaceful protest")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("6", "", "60")
    assert (row["event_date"], row["time_precision"], row["fatalities"]) == ("2019-05-15", "3", "0")
    assert (row["region"], row["country"]) == ("Northern Africa", "Algeria")


def test_the_home_army_is_state_forces_and_a_division_is_geo_precision_3():
    clash = event(mode="firearms", actor={"name": "Mali", "country": "MLI", "kind": "military"},
                  target={"name": "Islamic State", "country": None, "kind": "armed_group"},
                  location={"name": "Gao", "country": "ML", "admin1": "Gao", "lat": 16.27, "lon": -0.04,
                            "precision": "admin1", "geonameid": 2457161})
    _, [row] = rows_of([clash])
    check_codebook(row)
    assert (row["event_type"], row["inter1"], row["inter2"], row["interaction"], row["geo_precision"]) == (
        "Battles", "1", "2", "12", "3")
    assert (row["region"], row["country"], row["civilian_targeting"]) == ("Western Africa", "Mali", "")


@pytest.mark.parametrize("alpha3, name", [("CIV", "Ivory Coast"), ("COD", "Democratic Republic of Congo"),
                                           ("RUS", "Russia"), ("TUR", "Turkey"), ("PSE", "Palestine")])
def test_country_names_are_acleds(alpha3, name):
    assert countries()[alpha3][2] == name


def test_every_type_of_the_mapping_is_an_acled_type():
    for _, _, _, event_type, sub in rules():
        assert event_type in EVENT_TYPES and sub in SUB_EVENT_TYPES
    assert {region for _, region, _ in countries().values()} <= REGIONS
