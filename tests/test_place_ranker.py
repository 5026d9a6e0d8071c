"""The place score as features times weights, and the weights trained on gold sets (ranker.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from veille.places import ranker
from veille.places.geocode import geocode_resolver
from veille.places.resolve import PlaceResolver
from veille.places.scoring import FEATURES, HAND_WEIGHTS, trained_weights

ROOT = Path(__file__).resolve().parents[1]

# Gold lines written for these tests: names with namesakes on several continents, and the
# document's own places to tell them apart.
def _gold(doc_id: str, text: str, places: list[tuple[str, float, float]]) -> dict:
    spans, pos = [], 0
    for name, lat, lon in places:
        at = text.index(name, pos)
        spans.append({"start": at, "end": at + len(name), "lat": lat, "lon": lon})
        pos = at + len(name)
    return {"id": doc_id, "text": text, "toponyms": spans}


GOLD = [
    _gold("g1", "Flooding closed roads in Springfield, Illinois, and in nearby Peoria on Monday.",
          [("Springfield", 39.80, -89.64), ("Illinois", 40.0, -89.0), ("Peoria", 40.69, -89.59)]),
    _gold("g2", "Police in Paris and Lyon said the protests had ended, France's interior ministry said.",
          [("Paris", 48.85, 2.35), ("Lyon", 45.75, 4.85), ("France", 46.0, 2.0)]),
    _gold("g3", "The ferry from Dover reached Calais after storms over the Channel delayed it in Kent.",
          [("Dover", 51.13, 1.31), ("Calais", 50.95, 1.86), ("Kent", 51.17, 0.83)]),
]


@pytest.fixture(scope="module")
def hand() -> PlaceResolver:
    return PlaceResolver(weights=HAND_WEIGHTS)


def test_a_score_is_its_features_times_the_weights(hand):
    seen = []
    hand.observe = lambda t, scored: seen.extend(scored)
    try:
        hand.resolve_text("Des inondations ont touché Springfield et Paris.")
    finally:
        hand.observe = None
    assert seen and all(len(c.features) == len(FEATURES) for c in seen)
    w = np.array([HAND_WEIGHTS[f] for f in FEATURES])
    for c in seen:
        assert c.score == pytest.approx(float(np.dot(c.features, w)))


def test_weights_of_unknown_features_are_refused():
    with pytest.raises(ValueError, match="unknown place-score features: nearness"):
        PlaceResolver(weights={"nearness": 1.0})


def test_collect_keeps_mentions_with_a_right_and_a_wrong_candidate(hand):
    mentions = ranker.collect(GOLD, hand)
    assert mentions, "Springfield, Paris, Dover have namesakes far from the gold points"
    for m in mentions:
        assert m.features.shape == (len(m.right), len(FEATURES))
        assert m.right.any() and not m.right.all()
    assert {m.doc_id for m in mentions} <= {"g1", "g2", "g3"}
    assert hand.observe is None


def test_accuracy_counts_answers_within_161_km(hand):
    acc, n = ranker.accuracy(GOLD, hand)
    assert n == 9 and acc == pytest.approx(1.0)
    moved = [dict(GOLD[0], toponyms=[dict(t, lat=t["lat"] + 3.0) for t in GOLD[0]["toponyms"]])]
    assert ranker.accuracy(moved, hand) == (0.0, 3)  # 3 degrees north of each: over 300 km off


def _mention(doc_id: str, right_has: int, wrong_has: int) -> ranker.Mention:
    x = np.zeros((2, len(FEATURES)))
    x[0, right_has] = 1.0
    x[1, wrong_has] = 1.0
    return ranker.Mention(doc_id, x, np.array([True, False]))


def test_fit_raises_the_weight_of_a_feature_the_right_candidates_have():
    near, dominant = FEATURES.index("near_anchor"), FEATURES.index("dominant")
    # hand weights: a namesake in the dominant country (1.6) beats one near a named place (1.0);
    # in these examples the one near a named place is always right
    mentions = [_mention(f"d{i}", near, dominant) for i in range(40)]
    assert ranker.ranked_first(mentions, HAND_WEIGHTS) == 0.0
    weights = ranker.fit(mentions, l2=0.01)
    assert weights["near_anchor"] > weights["dominant"]
    assert ranker.ranked_first(mentions, weights) == 1.0
    # features no example has stay at their hand-set weight
    assert weights["capital"] == pytest.approx(HAND_WEIGHTS["capital"], abs=1e-6)


def test_a_strong_pull_keeps_the_hand_weights():
    near, dominant = FEATURES.index("near_anchor"), FEATURES.index("dominant")
    weights = ranker.fit([_mention(f"d{i}", near, dominant) for i in range(40)], l2=1000.0)
    assert all(weights[f] == pytest.approx(HAND_WEIGHTS[f], abs=0.01) for f in FEATURES)


def test_the_l2_is_chosen_on_held_out_documents():
    near, dominant = FEATURES.index("near_anchor"), FEATURES.index("dominant")
    mentions = [_mention(f"d{i}", near, dominant) for i in range(40)]
    # every document says the same: the weakest pull ranks the held-out ones best
    assert ranker.choose_l2(mentions, choices=(1000.0, 0.01)) == 0.01


def test_held_out_ties_take_the_stronger_pull():
    near, dominant = FEATURES.index("near_anchor"), FEATURES.index("dominant")
    # the hand weights already rank these right: every pull does as well on held-out documents,
    # and the strongest, nearest the hand weights, is taken (the one-standard-error rule)
    mentions = [_mention(f"d{i}", dominant, near) for i in range(40)]
    assert ranker.choose_l2(mentions, choices=(0.01, 1000.0, 1.0)) == 1000.0
    # a mention in forty that goes against the rest: whatever the pull, 0.975 held out; the strongest still
    mixed = mentions[:39] + [_mention("d39", near, dominant)]
    assert ranker.choose_l2(mixed, choices=(0.01, 1000.0)) == 1000.0


def test_the_package_ships_trained_weights_for_every_feature():
    weights = trained_weights()
    assert weights is not None and set(weights) == set(FEATURES)
    assert geocode_resolver().weights == weights
    assert PlaceResolver().weights == HAND_WEIGHTS  # the French extraction keeps the hand-set weights


def test_the_training_tool_reports_each_set_held_out(tmp_path):
    sets = []
    for k, part in enumerate((GOLD[:2], GOLD[2:])):
        path = tmp_path / f"set{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        sets.append(str(path))
    out = tmp_path / "ranker.json"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "train_places.py"), *sets, "--out", str(out)],
                         capture_output=True, text=True, check=True)
    assert "held out" in run.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["cross_corpus"]) == {"set0", "set1"}
    assert set(report["weights"]) == set(FEATURES)
