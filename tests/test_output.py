"""The three writers: JSONL, CSV and GeoJSON from Event.as_dict()."""
from __future__ import annotations

import csv
import io
import json

from veille.output import FLAT_COLUMNS, FORMATS, flatten, write_csv, write_geojson, write_jsonl
from veille.records import Actor, DateValue, Event, Place


def located_event() -> dict:
    text = "Les avions russes ont frappé Jisr al-Choghour jeudi, tuant 12 personnes"
    return Event(
        doc_id="dev-0001", type="ASSAULT", evidence_start=312, evidence_end=312 + len(text), evidence_text=text,
        mode="aerial", actor=Actor("Russia", "state", "RUS"), target=Actor("Jaish al-Fatah", "armed_group"),
        location=Place("Jisr ash-Shughur", "SY", "Idlib", 35.814, 36.32, "point", 169023),
        date=DateValue("2015-10-01", "day"), claimed_by="Syrian security source", killed=12, confidence=0.8,
    ).as_dict()


def unlocated_event() -> dict:
    return Event(doc_id="dev-0002", type="ACCUSE", evidence_start=0, evidence_end=27,
                 evidence_text="Moscou accuse l'Ukraine…", actor=Actor("Russia", "state", "RUS")).as_dict()


EXPECTED_HEADER = ["doc_id", "event_id", "type", "mode", "actor_name", "actor_country", "actor_kind",
                   "target_name", "target_country", "target_kind", "location_name", "country", "admin1", "lat",
                   "lon", "geo_precision", "geonameid", "date", "date_precision", "evidence", "evidence_start",
                   "evidence_end", "claimed_by", "denied_by", "killed", "injured", "confidence"]


def test_formats_name_the_writers():
    from veille.events.acled import write_acled
    from veille.events.plover import write_plover

    assert FORMATS == {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson, "plover": write_plover,
                       "acled": write_acled}


def test_jsonl_one_compact_line_per_event_non_ascii_kept():
    events = [located_event(), unlocated_event()]
    out = io.StringIO()
    assert write_jsonl(iter(events), out) == 2  # any iterable, here a one-pass iterator
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and out.getvalue().endswith("\n")
    assert [json.loads(line) for line in lines] == events
    assert "frappé" in lines[0] and "\\u00e9" not in lines[0]
    assert ", " not in lines[1].split('"evidence"')[0]  # compact separators


def test_jsonl_streams_event_by_event():
    out = io.StringIO()
    seen: list[int] = []

    def events():
        for _ in range(3):
            yield located_event()
            seen.append(out.getvalue().count("\n"))  # lines already written when the next is asked for

    write_jsonl(events(), out)
    assert seen == [1, 2, 3]


def test_csv_header_and_row_round_trip():
    event = located_event()
    out = io.StringIO(newline="")
    assert write_csv([event, unlocated_event()], out) == 2
    out.seek(0)
    reader = csv.DictReader(out)
    assert reader.fieldnames == EXPECTED_HEADER == list(FLAT_COLUMNS)
    rows = list(reader)
    assert len(rows) == 2
    row = rows[0]
    assert row["doc_id"] == "dev-0001" and row["event_id"] == event["event_id"]
    assert (row["type"], row["mode"]) == ("ASSAULT", "aerial")
    assert (row["actor_name"], row["actor_country"], row["actor_kind"]) == ("Russia", "RUS", "state")
    assert (row["target_name"], row["target_country"], row["target_kind"]) == ("Jaish al-Fatah", "", "armed_group")
    assert (row["location_name"], row["country"], row["admin1"]) == ("Jisr ash-Shughur", "SY", "Idlib")
    assert (float(row["lat"]), float(row["lon"]), row["geo_precision"], row["geonameid"]) == \
        (35.814, 36.32, "point", "169023")
    assert (row["date"], row["date_precision"]) == ("2015-10-01", "day")
    assert row["evidence"] == event["evidence"]["text"]  # commas and accents survive quoting
    assert (int(row["evidence_start"]), int(row["evidence_end"])) == (event["evidence"]["start"],
                                                                      event["evidence"]["end"])
    assert (row["claimed_by"], row["denied_by"]) == ("Syrian security source", "")
    assert (row["killed"], row["injured"], float(row["confidence"])) == ("12", "", 0.8)
    unlocated = rows[1]
    assert unlocated["location_name"] == unlocated["lat"] == unlocated["target_name"] == ""  # null is empty


def test_csv_of_no_event_is_the_header_alone():
    out = io.StringIO(newline="")
    assert write_csv([], out) == 0
    assert out.getvalue().splitlines() == [",".join(EXPECTED_HEADER)]


def test_geojson_points_and_null_geometry():
    events = [located_event(), unlocated_event()]
    out = io.StringIO()
    assert write_geojson(events, out) == 2
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    located, unlocated = collection["features"]
    assert located["type"] == "Feature"
    assert located["geometry"] == {"type": "Point", "coordinates": [36.32, 35.814]}  # lon, lat
    assert located["id"] == events[0]["event_id"]
    # the flattened event and the name shown for its place
    assert located["properties"] == {**flatten(events[0]), "location_display_name": "Jisr ash-Shughur"}
    assert set(located["properties"]) == set(FLAT_COLUMNS) | {"location_display_name"}
    assert unlocated["properties"]["location_display_name"] is None
    assert unlocated["geometry"] is None  # kept, not dropped
    assert unlocated["properties"]["type"] == "ACCUSE"
    assert "…" in out.getvalue()  # non-ASCII kept


def test_flatten_accepts_gold_style_bare_strings():
    flat = flatten({"type": "MEET", "date": "2018-09-03", "evidence": "a clause", "location": None})
    assert (flat["date"], flat["date_precision"], flat["evidence"], flat["evidence_start"]) == \
        ("2018-09-03", None, "a clause", None)
    assert flat["lat"] is None and flat["actor_name"] is None
