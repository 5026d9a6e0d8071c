"""veille.eval must give exactly the numbers of the reference scorer shared/tools/score.py.

Every case writes a small gold corpus and predictions of its own, runs both
scorers on the same files and compares the JSON, then checks the numbers that
case is about by hand.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from veille.eval import (GoldFormatError, Match, Scores, diff_report, distance_km, format_report,
                         load_gold, load_predictions, score)
from veille.records import Actor, DateValue, Event, Place

REFERENCE_SCORER = Path(__file__).parents[1] / ".." / "shared" / "tools" / "score.py"

# Real places (GeoNames-like coordinates); distances noted where a case depends on them.
IDLIB = {"name": "Idlib", "country": "SY", "admin1": "Idlib", "lat": 35.9306, "lon": 36.6339, "precision": "point"}
MAARAT = {"name": "Maarat al-Numan", "country": "SY", "admin1": "Idlib", "lat": 35.6435, "lon": 36.6727,
          "precision": "point"}  # 32 km south of Idlib
NORTH_OF_IDLIB = {"name": "Harim area", "country": "SY", "admin1": "Idlib", "lat": 36.3356, "lon": 36.6339,
                  "precision": "point"}  # 45 km north of Idlib, 77 km from Maarat
ALEPPO = {"name": "Aleppo", "country": "SY", "admin1": "Aleppo", "lat": 36.2021, "lon": 37.1343, "precision": "point"}
DAMASCUS = {"name": "Damascus", "country": "SY", "admin1": "Damascus", "lat": 33.5138, "lon": 36.2765,
            "precision": "point"}
SYRIA = {"name": "Syria", "country": "SY", "admin1": None, "lat": 35.0, "lon": 38.0, "precision": "country"}
LEBANON = {"name": "Lebanon", "country": "LB", "admin1": None, "lat": 33.8333, "lon": 35.8333, "precision": "country"}
PARIS = {"name": "Paris", "country": "FR", "admin1": "Île-de-France", "lat": 48.8534, "lon": 2.3488,
         "precision": "point"}
SAINT_DENIS = {"name": "Saint-Denis", "country": "FR", "admin1": "Île-de-France", "lat": 48.9362, "lon": 2.3574,
               "precision": "point"}  # 9 km from Paris
PARIS_TEXAS = {"name": "Paris", "country": "US", "admin1": "Texas", "lat": 33.6609, "lon": -95.5555,
               "precision": "point"}  # the namesake, 7,800 km away
LYON = {"name": "Lyon", "country": "FR", "admin1": "Auvergne-Rhône-Alpes", "lat": 45.7485, "lon": 4.8467,
        "precision": "point"}  # 390 km from Paris
ATHENS = {"name": "Athens", "country": "GR", "admin1": "Attica", "lat": 37.9838, "lon": 23.7278,
          "precision": "point"}
KINSHASA = {"name": "Kinshasa", "country": "CD", "admin1": "Kinshasa", "lat": -4.3276, "lon": 15.3136,
            "precision": "point"}  # 6,000 km from Paris


def gold_event(type_: str, location: dict | None, *, actor: str | None = None, actor_country: str | None = None,
               date: str | None = None, evidence: str = "evidence") -> dict:
    return {"type": type_, "mode": None, "actor": actor, "actor_country": actor_country, "target": None,
            "location": location, "date": date, "evidence": evidence, "claimed_by": None, "denied_by": None}


def pred_event(doc_id: str, type_: str, location: dict | None, *, actor: dict | str | None = None,
               date: str | None = None, evidence: str = "evidence") -> dict:
    """The shape of Event.as_dict()."""
    return {"doc_id": doc_id, "event_id": f"{doc_id}-{type_}-{evidence}", "type": type_, "mode": None,
            "actor": actor, "target": None, "location": location,
            "date": {"value": date, "precision": "day" if date else None},
            "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
            "claimed_by": None, "denied_by": None, "fatalities": {"killed": None, "injured": None},
            "confidence": 0.5}


def state(name: str, country: str) -> dict:
    return {"name": name, "country": country, "kind": "state"}


def write_corpus(tmp_path: Path, docs: dict[str, list[dict]], predictions: list[dict]) -> tuple[Path, Path]:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    with gold_path.open("w", encoding="utf-8") as fh:
        for doc_id, events in docs.items():
            fh.write(json.dumps({"id": doc_id, "text": "…", "lang": "fr", "events": events},
                                ensure_ascii=False) + "\n")
    with pred_path.open("w", encoding="utf-8") as fh:
        for event in predictions:
            fh.write(json.dumps(event, ensure_ascii=False) + "\n")
    return gold_path, pred_path


def reference_scores(gold_path: Path, pred_path: Path) -> dict:
    if not REFERENCE_SCORER.is_file():
        pytest.fail(f"reference scorer not found at {REFERENCE_SCORER.resolve()}: "
                    "these tests compare veille.eval with shared/tools/score.py and cannot run without it")
    done = subprocess.run([sys.executable, str(REFERENCE_SCORER), str(gold_path), str(pred_path), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"reference scorer failed:\n{done.stderr}"
    return json.loads(done.stdout)


def assert_same_as_reference(tmp_path: Path, docs: dict[str, list[dict]], predictions: list[dict]) -> Scores:
    """Score with both implementations; return veille's Scores for the case's own checks."""
    gold_path, pred_path = write_corpus(tmp_path, docs, predictions)
    expected = reference_scores(gold_path, pred_path)
    from_files = score(load_gold(gold_path), load_predictions(pred_path))
    from_memory = score(docs, predictions)
    assert json.loads(json.dumps(from_files.as_dict())) == expected
    assert from_memory.as_dict() == from_files.as_dict()
    assert list(from_files.as_dict()) == list(expected)  # same keys in the same order
    return from_files


# ---------------------------------------------------------------- matching


def test_greedy_matching_takes_nearest_pairs_first(tmp_path):
    # In gold order, Idlib would take the Maarat prediction (32 km) and leave Maarat with nothing
    # within 50 km; nearest first, Maarat takes it (0 km) and Idlib takes the one 45 km north.
    docs = {"d1": [gold_event("ASSAULT", IDLIB), gold_event("ASSAULT", MAARAT)]}
    preds = [pred_event("d1", "ASSAULT", MAARAT), pred_event("d1", "ASSAULT", NORTH_OF_IDLIB)]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 2
    assert [(m.gold_index, m.pred_index) for m in scores.matches] == [(1, 0), (0, 1)]
    assert scores.matches[0].distance == 0.0
    assert 44 < scores.matches[1].distance < 46
    assert scores.place_acc25 == 0.5  # the 45 km pair matches but is not accurate
    assert scores.as_dict()["f1"] == 1.0


def test_points_further_than_50_km_do_not_match_even_in_the_same_country(tmp_path):
    docs = {"d1": [gold_event("ASSAULT", IDLIB), gold_event("ASSAULT", PARIS)]}
    preds = [pred_event("d1", "ASSAULT", ALEPPO),  # 57 km from Idlib, both SY
             pred_event("d1", "ASSAULT", LYON)]  # 390 km from Paris, both FR
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert distance_km(IDLIB, ALEPPO) > 50
    assert scores.matched == 0


def test_type_must_be_equal(tmp_path):
    docs = {"d1": [gold_event("ASSAULT", IDLIB), gold_event("PROTEST", PARIS)]}
    preds = [pred_event("d1", "PROTEST", IDLIB), pred_event("d1", "PROTEST", PARIS),
             pred_event("d1", "FOO", PARIS), {"doc_id": "d1", "location": None}]  # no type at all
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 1
    assert scores.by_type["PROTEST"] == {"matched": 1, "gold": 1, "pred": 2}
    assert scores.by_type["ASSAULT"] == {"matched": 0, "gold": 1, "pred": 0}
    assert scores.by_type["None"] == {"matched": 0, "gold": 0, "pred": 1}


def test_country_precision_and_missing_coordinates_fall_back_to_country_codes(tmp_path):
    unlocated_point = {"name": "Kafr Nabl", "country": "SY", "admin1": "Idlib", "lat": None, "lon": None,
                       "precision": "point"}
    lower_case_country = dict(DAMASCUS, country="sy")
    docs = {
        "country-gold": [gold_event("ASSAULT", SYRIA), gold_event("ASSAULT", SYRIA)],
        "country-pred": [gold_event("MEET", DAMASCUS), gold_event("MEET", DAMASCUS)],
        "no-coordinates": [gold_event("COERCE", unlocated_point)],
        "admin1-is-a-point": [gold_event("ASSAULT", dict(IDLIB, precision="admin1"))],
    }
    preds = [
        pred_event("country-gold", "ASSAULT", ALEPPO),  # point in SY against SY: matches
        pred_event("country-gold", "ASSAULT", LEBANON),  # wrong country: does not
        pred_event("country-pred", "MEET", SYRIA),  # pred at country level, gold point in SY
        pred_event("country-pred", "MEET", dict(LEBANON, lat=None, lon=None, precision="point")),
        pred_event("no-coordinates", "COERCE", lower_case_country),  # codes compared case-folded
        pred_event("admin1-is-a-point", "ASSAULT", MAARAT),  # 32 km: admin1 with coordinates is a point
    ]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 4
    assert {m.distance for m in scores.matches if m.doc_id != "admin1-is-a-point"} == {25.0}
    assert scores.place_acc25 == 0.0  # only the admin1 pair has two points, 32 km apart


def test_gold_without_location_agrees_with_any_place_placeless_first(tmp_path):
    docs = {"d1": [gold_event("ACCUSE", None), gold_event("ACCUSE", {})]}
    preds = [pred_event("d1", "ACCUSE", KINSHASA), pred_event("d1", "ACCUSE", None),
             pred_event("d1", "ACCUSE", None)]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 2
    # distance 0 (no place on either side) is preferred over 40 (a place the gold does not give)
    assert [(m.gold_index, m.pred_index, m.distance) for m in scores.matches] == [(0, 1, 0.0), (1, 2, 0.0)]
    assert scores.far_off == 0  # no gold place in the document to be far from


# ---------------------------------------------------------------- documents


def test_predictions_for_unknown_documents_are_ignored(tmp_path):
    docs = {"d1": [gold_event("ASSAULT", IDLIB)]}
    preds = [pred_event("d1", "ASSAULT", IDLIB), pred_event("not-in-gold", "ASSAULT", IDLIB),
             pred_event("not-in-gold", "PROTEST", PARIS_TEXAS)]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert (scores.pred, scores.matched, scores.far_off) == (1, 1, 0)
    assert "PROTEST" not in scores.by_type


def test_documents_without_gold_events_count_their_predictions(tmp_path):
    docs = {"sports": [], "d1": [gold_event("PROTEST", PARIS)]}
    preds = [pred_event("sports", "ASSAULT", LYON), pred_event("d1", "PROTEST", SAINT_DENIS)]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert (scores.docs, scores.gold, scores.pred, scores.matched) == (2, 1, 2, 1)
    assert scores.precision == 0.5 and scores.recall == 1.0
    assert scores.far_off == 0  # the sports page has no gold place to be far from


def test_far_off_counts_predicted_points_beyond_3000_km_of_every_gold_place(tmp_path):
    docs = {
        "paris": [gold_event("PROTEST", PARIS), gold_event("PROTEST", None)],
        "syria": [gold_event("ASSAULT", SYRIA)],  # a country centroid counts as a gold place here
        "syria-no-coordinates": [gold_event("ASSAULT", dict(SYRIA, lat=None, lon=None))],
    }
    preds = [
        pred_event("paris", "PROTEST", PARIS_TEXAS),  # the namesake: far off
        pred_event("paris", "PROTEST", SAINT_DENIS),
        pred_event("paris", "MEET", KINSHASA),  # far off whatever the type
        pred_event("paris", "MEET", ATHENS),  # 2,100 km: wrong, but on the same continent
        pred_event("paris", "MEET", dict(KINSHASA, precision="country")),  # not a point: not counted
        pred_event("syria", "ASSAULT", ALEPPO),
        pred_event("syria", "ASSAULT", ATHENS),  # 1,300 km from the centroid of Syria: not far off
        pred_event("syria", "ASSAULT", PARIS),  # 3,290 km from it: far off
        pred_event("syria-no-coordinates", "ASSAULT", PARIS_TEXAS),  # no located gold place: not counted
    ]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert distance_km(SYRIA, ATHENS) < 3000 < distance_km(SYRIA, PARIS)
    assert 2000 < distance_km(PARIS, ATHENS) < 3000
    assert scores.far_off == 3
    assert scores.place_recall25 == 1.0  # the Paris gold point is found (by Saint-Denis)


def test_place_recall_counts_gold_points_whatever_the_type(tmp_path):
    docs = {"d1": [gold_event("ASSAULT", IDLIB), gold_event("ASSAULT", DAMASCUS), gold_event("MEET", SYRIA)]}
    preds = [pred_event("d1", "PROTEST", dict(IDLIB, lat=35.95)),  # wrong type, 2 km away
             pred_event("d1", "ASSAULT", dict(DAMASCUS, precision="country"))]  # centroid-like, not a point
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 1  # the Damascus pair, by country code
    assert scores.place_recall25 == 0.5
    assert scores.place_acc25 is None  # the one matched pair has no two points


# ---------------------------------------------------------------- attributes of matched pairs


def test_actor_names_are_folded_or_matched_by_state_country(tmp_path):
    docs = {"d1": [
        gold_event("ASSAULT", IDLIB, actor="Hayat Tahrir al-Sham"),
        gold_event("ASSAULT", ALEPPO, actor="Côte d'Ivoire", actor_country="CIV"),
        gold_event("ASSAULT", DAMASCUS, actor="Israel", actor_country="ISR"),
        gold_event("MEET", PARIS, actor="Hezbollah"),
        gold_event("MEET", LYON, actor="Russia", actor_country="RUS"),
        gold_event("PROTEST", PARIS, actor=None),  # no gold actor: not checked
    ]}
    preds = [
        pred_event("d1", "ASSAULT", IDLIB, actor={"name": "  HAYAT TAHRIR AL SHAM ", "country": None,
                                                   "kind": "armed_group"}),
        pred_event("d1", "ASSAULT", ALEPPO, actor="COTE D'IVOIRE"),  # a bare name is read as the name
        pred_event("d1", "ASSAULT", DAMASCUS, actor={"name": "Israel Defense Forces", "country": "isr",
                                                     "kind": "military"}),
        pred_event("d1", "MEET", PARIS, actor=state("Hizbollah", "LBN")),  # different name, gold has no state
        pred_event("d1", "MEET", LYON, actor=None),
        pred_event("d1", "PROTEST", PARIS, actor=state("France", "FRA")),
    ]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.matched == 6
    assert scores.actor_acc == 3 / 5
    assert scores.as_dict()["actor_acc"] == 0.6


def test_dates_are_checked_where_gold_has_one(tmp_path):
    docs = {"d1": [gold_event("ASSAULT", IDLIB, date="2015-10-01"), gold_event("ASSAULT", ALEPPO, date="2015-10-02"),
                   gold_event("ASSAULT", DAMASCUS, date="2015-10-03"), gold_event("MEET", PARIS, date=None)]}
    bare_date = pred_event("d1", "ASSAULT", DAMASCUS)
    bare_date["date"] = "2015-10-03"  # gold-style bare string accepted too
    preds = [pred_event("d1", "ASSAULT", IDLIB, date="2015-10-01"),
             pred_event("d1", "ASSAULT", ALEPPO, date="2015-10-01"),
             bare_date,
             pred_event("d1", "MEET", PARIS, date="2015-10-01")]
    scores = assert_same_as_reference(tmp_path, docs, preds)
    assert scores.date_acc == 2 / 3
    assert scores.as_dict()["date_acc"] == 0.667


def test_scores_without_denominators_are_none(tmp_path):
    docs = {"d1": [gold_event("ACCUSE", None)], "d2": [gold_event("SANCTION", SYRIA)]}
    preds = [pred_event("d1", "ACCUSE", None), pred_event("d2", "SANCTION", SYRIA)]
    scores = assert_same_as_reference(tmp_path, docs, preds).as_dict()
    assert scores["f1"] == 1.0
    assert scores["actor_acc"] is None and scores["date_acc"] is None
    assert scores["place_acc25"] is None and scores["place_recall25"] is None


def test_no_predictions_and_no_gold_give_zeroes(tmp_path):
    scores = assert_same_as_reference(tmp_path, {"d1": [gold_event("ASSAULT", IDLIB)]}, []).as_dict()
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.0, 0.0, 0.0)
    assert scores["place_recall25"] == 0.0
    scores = assert_same_as_reference(tmp_path, {"empty": []}, [pred_event("empty", "ASSAULT", IDLIB)]).as_dict()
    assert (scores["gold"], scores["pred"], scores["f1"]) == (0, 1, 0.0)
    scores = assert_same_as_reference(tmp_path, {}, []).as_dict()
    assert scores["docs"] == 0 and scores["by_type"] == {}


def test_predictions_from_event_records(tmp_path):
    idlib = Place("Idlib", "SY", "Idlib", 35.9306, 36.6339, "point", 169023)
    russia = Actor("Russia", "state", "RUS")
    event = Event(doc_id="d1", type="ASSAULT", evidence_start=0, evidence_end=8, evidence_text="Idleb...",
                  mode="aerial", actor=russia, location=idlib, date=DateValue("2016-11-15", "day"))
    docs = {"d1": [gold_event("ASSAULT", IDLIB, actor="Russian Armed Forces", actor_country="RUS",
                              date="2016-11-15")]}
    scores = assert_same_as_reference(tmp_path, docs, [event.as_dict()])
    assert (scores.f1, scores.actor_acc, scores.date_acc, scores.place_acc25) == (1.0, 1.0, 1.0, 1.0)


# ---------------------------------------------------------------- many random cases


def _random_location(rng: random.Random) -> dict | None:
    roll = rng.random()
    if roll < 0.12:
        return None
    centre = rng.choice([IDLIB, ALEPPO, PARIS, KINSHASA, PARIS_TEXAS])
    # jitter of up to ~0.6 degrees straddles the 25 and 50 km thresholds
    loc = dict(centre, lat=round(centre["lat"] + rng.uniform(-0.6, 0.6), 4),
               lon=round(centre["lon"] + rng.uniform(-0.6, 0.6), 4))
    if roll < 0.22:
        loc["precision"] = "country"
    elif roll < 0.28:
        loc["lat"] = loc["lon"] = None
    elif roll < 0.34:
        loc["precision"] = "admin1"
    if rng.random() < 0.05:
        loc["country"] = rng.choice(["SY", "sy", "FR", None])
    return loc


ACTOR_VARIANTS = [("Hayat Tahrir al-Sham", None, ["hayat tahrir al sham", "HTS"]),
                  ("Russia", "RUS", ["russia", "Russian Air Force"]),
                  ("Côte d'Ivoire", "CIV", ["Cote d'Ivoire", "Ivory Coast"])]


@pytest.mark.parametrize("seed", range(12))
def test_random_corpora_score_as_the_reference(tmp_path, seed):
    rng = random.Random(seed)
    types = ["ASSAULT", "PROTEST", "MEET"]
    dates = [None, "2016-11-15", "2016-11-16"]
    docs: dict[str, list[dict]] = {}
    preds: list[dict] = []
    for d in range(25):
        doc_id = f"doc-{d}"
        docs[doc_id] = []
        for _ in range(rng.randint(0, 5)):
            name, country, _ = rng.choice(ACTOR_VARIANTS)
            docs[doc_id].append(gold_event(rng.choice(types), _random_location(rng),
                                           actor=name if rng.random() < 0.8 else None,
                                           actor_country=country, date=rng.choice(dates)))
        for _ in range(rng.randint(0, 6)):
            name, country, variants = rng.choice(ACTOR_VARIANTS)
            actor = {"name": rng.choice([name, *variants]), "country": rng.choice([country, None]), "kind": "state"}
            preds.append(pred_event(rng.choice([doc_id, doc_id, "elsewhere"]), rng.choice(types),
                                    _random_location(rng), actor=actor if rng.random() < 0.8 else None,
                                    date=rng.choice(dates)))
    rng.shuffle(preds)  # document order of predictions must not matter across documents
    assert_same_as_reference(tmp_path, docs, preds)


# ---------------------------------------------------------------- reading, reports


def test_load_gold_keeps_order_and_empty_documents(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "b", "events": []}\n\n{"id": "a", "events": [{"type": "MEET", "location": null}]}\n'
                    '{"id": "c", "text": "no events key"}\n', encoding="utf-8")
    gold = load_gold(path)
    assert list(gold) == ["b", "a", "c"]
    assert gold["b"] == [] and gold["c"] == [] and gold["a"][0]["type"] == "MEET"


def test_load_gold_reports_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "events": []}\n{"id": \n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:2: not JSON"):
        load_gold(path)


def test_load_predictions_skips_blank_and_broken_lines(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"doc_id": "a", "type": "MEET"}\n\nnot json\n[1, 2]\n', encoding="utf-8")
    assert load_predictions(path) == [{"doc_id": "a", "type": "MEET"}]


def test_diff_report_lists_missed_and_spurious_events():
    docs = {"d1": [gold_event("ASSAULT", IDLIB, evidence="frappes sur Idleb"),
                   gold_event("PROTEST", PARIS, evidence="manifestation à Paris")],
            "d2": [gold_event("MEET", PARIS)]}
    preds = [pred_event("d1", "ASSAULT", IDLIB), pred_event("d1", "PROTEST", PARIS_TEXAS, evidence="à Paris"),
             pred_event("d2", "MEET", SAINT_DENIS)]
    assert diff_report(docs, preds) == [{
        "doc_id": "d1",
        "missed": [{"index": 1, "type": "PROTEST", "location": "Paris", "evidence": "manifestation à Paris"}],
        "spurious": [{"index": 1, "type": "PROTEST", "location": "Paris", "evidence": "à Paris"}],
    }]


def test_format_report_has_a_row_per_type():
    docs = {"d1": [gold_event("ASSAULT", IDLIB), gold_event("PROTEST", PARIS)]}
    scores = score(docs, [pred_event("d1", "ASSAULT", IDLIB), pred_event("d1", "MEET", PARIS)])
    report = format_report(scores)
    for name in ("ASSAULT", "PROTEST", "MEET", "all"):
        assert name in report
    assert "far-off 0" in report
    assert isinstance(scores.matches[0], Match)
