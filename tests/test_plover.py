"""The PLOVER export table (events/data/plover.tsv) and records."""
import io
import json

import pytest

from veille.events.lexicon import ASSAULT_MODES, EVENT_TYPES
from veille.events.plover import mapping, plover_type, write_plover

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_every_veille_type_and_mode_maps_to_plover():
    for etype in EVENT_TYPES:
        assert plover_type(etype, None)[0] in PLOVER_TYPES
    for mode in (*ASSAULT_MODES, "other"):
        assert plover_type("ASSAULT", mode)[0] == "ASSAULT"
    assert len(mapping()) >= len(EVENT_TYPES)


@pytest.mark.parametrize("etype,mode,expected", [
    ("MEET", None, ("CONSULT", "visit")),
    ("CONSULT", None, ("CONSULT", "phone")),
    ("DEMAND", None, ("REQUEST", None)),
    ("ASSAULT", "shelling", ("ASSAULT", "heavy-weapons")),
    ("ASSAULT", "suicide", ("ASSAULT", "suicide-attack")),
    ("ASSAULT", "other", ("ASSAULT", None)),
])
def test_documented_mappings(etype, mode, expected):
    assert plover_type(etype, mode) == expected


def test_records():
    ev = {"doc_id": "d", "event_id": "e1", "type": "MEET", "mode": None,
          "actor": {"name": "Sergey Lavrov", "country": "RUS", "kind": "person"},
          "target": {"name": "John Kerry", "country": "USA", "kind": "person"},
          "location": {"name": "New York City", "country": "US", "admin1": "New York", "lat": 40.7, "lon": -74.0,
                       "precision": "point", "geonameid": 5128581},
          "date": {"value": "2015-09-30", "precision": "day"}, "evidence": {"text": "a rencontré", "start": 0, "end": 11},
          "claimed_by": None, "denied_by": None, "fatalities": {"killed": None, "injured": None}}
    out = io.StringIO()
    assert write_plover([ev], out) == 1
    rec = json.loads(out.getvalue())
    assert (rec["event_type"], rec["mode"], rec["actor"], rec["recipient_country"]) == ("CONSULT", "visit", "Sergey Lavrov", "USA")
    assert rec["location"]["geonameid"] == 5128581 and rec["event_date"] == "2015-09-30"
