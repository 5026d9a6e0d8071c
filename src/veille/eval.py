"""Scoring of predicted events against a gold corpus (rules in shared/CONTRACT.md).

Reproduces the reference scorer ``shared/tools/score.py`` number for number;
tests/test_eval.py runs both on the same files and compares their JSON.

Stages, per gold document:
1. candidate pairs: same type and agreeing places, each with a distance;
2. one-to-one greedy matching, nearest first (ties: gold index, then prediction index);
3. on matched pairs: actor, date and place accuracy;
4. whatever the type: place recall over gold points, and far-off predicted points.
Predictions for documents absent from the gold corpus are ignored.
"""
from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

from .geometry import great_circle_km

# Thresholds and ordering distances are those of shared/tools/score.py (the contract), not tuned here.
MATCH_KM = 50.0  # two points closer than this are the same place for matching
PLACE_OK_KM = 25.0  # place accuracy and place recall
FAR_OFF_KM = 3000.0  # a predicted point this far from every gold place is a namesake on another continent
SAME_COUNTRY_DISTANCE = 25.0  # ordering distance of a pair matched by country code only
UNLOCATED_GOLD_DISTANCE = 0.0  # gold and prediction both without place
UNLOCATED_GOLD_LOCATED_PRED_DISTANCE = 40.0  # gold without place, prediction with one

GoldCorpus = dict[str, list[dict]]


class GoldFormatError(ValueError):
    """A gold corpus line that cannot be read (not JSON, or no ``id``)."""


class Match(NamedTuple):
    """A matched pair; indices are positions in the document's gold and prediction lists."""

    doc_id: str
    gold_index: int
    pred_index: int
    distance: float


@dataclass
class Tally:
    """Hits out of checked cases, for one accuracy or recall."""

    hits: int = 0
    checked: int = 0

    def add(self, hit: bool) -> None:
        self.checked += 1
        self.hits += int(hit)

    @property
    def share(self) -> float | None:
        """None when nothing was checked: no denominator, no score."""
        return self.hits / self.checked if self.checked else None


@dataclass
class Scores:
    docs: int
    gold: int
    pred: int
    matched: int
    precision: float
    recall: float
    f1: float
    actor_acc: float | None
    date_acc: float | None
    place_acc25: float | None
    place_recall25: float | None
    far_off: int
    by_type: dict[str, dict[str, int]]  # type -> {"matched", "gold", "pred"}
    matches: list[Match] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The keys, order and rounding of ``score.py --json`` (``matches`` left out)."""

        def rounded(value: float | None) -> float | None:
            return round(value, 3) if value is not None else None

        return {
            "docs": self.docs, "gold": self.gold, "pred": self.pred, "matched": self.matched,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
            "actor_acc": rounded(self.actor_acc),
            "date_acc": rounded(self.date_acc),
            "place_acc25": rounded(self.place_acc25),
            "place_recall25": rounded(self.place_recall25),
            "far_off": self.far_off,
            "by_type": {name: dict(counts) for name, counts in sorted(self.by_type.items())},
        }


# ---------------------------------------------------------------- reading

def load_gold(path: str | Path) -> GoldCorpus:
    """Document id -> gold events, in file order; documents without events kept with ``[]``.

    A repeated id keeps its first position and its last events, as score.py does.
    """
    gold: GoldCorpus = {}
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldFormatError(f"{path}:{line_no}: not JSON ({err.msg})") from err
            if not isinstance(doc, dict) or "id" not in doc:
                raise GoldFormatError(f"{path}:{line_no}: a gold document needs an 'id'")
            gold[doc["id"]] = list(doc.get("events") or [])
    return gold


def load_predictions(path: str | Path) -> list[dict]:
    """Predicted events from a JSONL file; blank and unreadable lines skipped, as score.py does."""
    events: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(event, dict):
                events.append(event)
    return events


# ---------------------------------------------------------------- geometry and folding

def fold_name(name: object) -> str:
    """Case, diacritics and hyphens folded: "Hayat Tahrir al-Sham" == "hayat tahrir al sham"."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(name))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.lower().replace("-", " ").strip()


def distance_km(a: Mapping, b: Mapping) -> float:
    """Great-circle distance (geometry.py: the radius and operations of score.py, so borderline pairs
    fall the same way)."""
    return great_circle_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _location(event: Mapping) -> dict | None:
    """The event's place, None when absent or empty."""
    loc = event.get("location")
    return loc if isinstance(loc, dict) and loc else None


def _is_point(loc: Mapping | None) -> TypeGuard[Mapping]:
    """Coordinates that stand for a place (a country centroid does not)."""
    if not loc:
        return False
    return loc.get("lat") is not None and loc.get("lon") is not None and loc.get("precision") != "country"


def _has_latitude(loc: Mapping | None) -> TypeGuard[Mapping]:
    """Gold places usable for the far-off check: any with coordinates, country centroids included."""
    if not loc:
        return False
    return loc.get("lat") is not None and loc.get("lon") is not None


def place_distance(gold_event: Mapping, pred_event: Mapping) -> float | None:
    """None when the places disagree, else a distance that orders candidate pairs."""
    gold_loc, pred_loc = _location(gold_event), _location(pred_event)
    if gold_loc is None:  # the text gives no place: any prediction agrees, a placeless one best
        return UNLOCATED_GOLD_DISTANCE if pred_loc is None else UNLOCATED_GOLD_LOCATED_PRED_DISTANCE
    if _is_point(gold_loc) and _is_point(pred_loc):
        km = distance_km(gold_loc, pred_loc)
        return km if km <= MATCH_KM else None  # two points: no fallback to the country
    gold_country = gold_loc.get("country") or ""
    pred_country = (pred_loc or {}).get("country") or ""
    same = bool(gold_country) and str(gold_country).upper() == str(pred_country).upper()
    return SAME_COUNTRY_DISTANCE if same else None


def _pred_actor(pred_event: Mapping) -> tuple[object, object]:
    """(name, state country) of a predicted actor: a dict from Event.as_dict(), or a bare name."""
    actor = pred_event.get("actor")
    if isinstance(actor, dict):
        return actor.get("name"), actor.get("country")
    return actor, None


def _pred_date(pred_event: Mapping) -> object:
    date = pred_event.get("date")
    return date.get("value") if isinstance(date, dict) else date


def actor_agrees(gold_event: Mapping, pred_event: Mapping) -> bool:
    pred_name, pred_country = _pred_actor(pred_event)
    if fold_name(pred_name) == fold_name(gold_event.get("actor")):
        return True
    gold_country = gold_event.get("actor_country")
    return bool(gold_country and pred_country and str(gold_country).upper() == str(pred_country).upper())


# ---------------------------------------------------------------- matching

def match_document(gold_events: list[dict], pred_events: list[dict]) -> list[tuple[float, int, int]]:
    """One-to-one pairs (distance, gold index, pred index), greedy nearest first."""
    candidates: list[tuple[float, int, int]] = []
    for gi, gold_event in enumerate(gold_events):
        for pi, pred_event in enumerate(pred_events):
            if gold_event.get("type") != pred_event.get("type"):
                continue
            distance = place_distance(gold_event, pred_event)
            if distance is not None:
                candidates.append((distance, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    accepted: list[tuple[float, int, int]] = []
    for distance, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        accepted.append((distance, gi, pi))
    return accepted


def _predictions_by_doc(predictions: Iterable[Mapping]) -> dict[str, list[dict]]:
    """Predictions grouped by ``str(doc_id)`` in input order (score.py keys them the same way)."""
    by_doc: dict[str, list[dict]] = {}
    for event in predictions:
        if isinstance(event, dict):
            by_doc.setdefault(str(event.get("doc_id")), []).append(event)
    return by_doc


def score(gold: GoldCorpus, predictions: Iterable[Mapping]) -> Scores:
    """Score predicted event dicts (``Event.as_dict()``) against ``load_gold``'s corpus."""
    preds_by_doc = _predictions_by_doc(predictions)
    n_gold = n_pred = 0
    actor, date, place, place_recall = Tally(), Tally(), Tally(), Tally()
    far_off = 0
    by_type: dict[str, dict[str, int]] = {}
    matches: list[Match] = []

    def type_counts(name: object) -> dict[str, int]:
        return by_type.setdefault(str(name), {"matched": 0, "gold": 0, "pred": 0})

    for doc_id, gold_events in gold.items():
        pred_events = preds_by_doc.get(doc_id, [])
        n_gold += len(gold_events)
        n_pred += len(pred_events)

        for distance, gi, pi in match_document(gold_events, pred_events):
            matches.append(Match(doc_id, gi, pi, distance))
            gold_event, pred_event = gold_events[gi], pred_events[pi]
            type_counts(gold_event.get("type"))["matched"] += 1
            if gold_event.get("actor"):
                actor.add(actor_agrees(gold_event, pred_event))
            if gold_event.get("date"):
                date.add(_pred_date(pred_event) == gold_event["date"])
            gold_loc, pred_loc = _location(gold_event), _location(pred_event)
            if _is_point(gold_loc) and _is_point(pred_loc):
                place.add(distance_km(gold_loc, pred_loc) <= PLACE_OK_KM)

        # places whatever the type: is each gold point found by some prediction of the document?
        pred_points = [loc for loc in map(_location, pred_events) if _is_point(loc)]
        for gold_loc in map(_location, gold_events):
            if _is_point(gold_loc):
                place_recall.add(any(distance_km(gold_loc, p) <= PLACE_OK_KM for p in pred_points))
        gold_placed = [loc for loc in map(_location, gold_events) if _has_latitude(loc)]
        if gold_placed:
            far_off += sum(1 for p in pred_points if all(distance_km(g, p) > FAR_OFF_KM for g in gold_placed))

        for gold_event in gold_events:
            type_counts(gold_event.get("type"))["gold"] += 1
        for pred_event in pred_events:
            type_counts(pred_event.get("type"))["pred"] += 1

    matched = len(matches)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        docs=len(gold), gold=n_gold, pred=n_pred, matched=matched,
        precision=precision, recall=recall, f1=f1,
        actor_acc=actor.share, date_acc=date.share, place_acc25=place.share,
        place_recall25=place_recall.share, far_off=far_off,
        by_type=dict(sorted(by_type.items())), matches=matches,
    )


# ---------------------------------------------------------------- reports

def format_report(scores: Scores) -> str:
    """Totals and one row per type, as plain text (a Rich table rendered without colour)."""
    from rich.console import Console
    from rich.table import Table

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    table = Table(title="events by type")
    for column in ("type", "gold", "pred", "matched", "precision", "recall", "f1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for name, counts in scores.by_type.items():
        p = counts["matched"] / counts["pred"] if counts["pred"] else None
        r = counts["matched"] / counts["gold"] if counts["gold"] else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        table.add_row(name, str(counts["gold"]), str(counts["pred"]), str(counts["matched"]),
                      shown(p), shown(r), shown(f))
    table.add_section()
    table.add_row("all", str(scores.gold), str(scores.pred), str(scores.matched),
                  shown(scores.precision), shown(scores.recall), shown(scores.f1))

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False)
    console.print(
        f"{scores.docs} documents  F1 {shown(scores.f1)}  P {shown(scores.precision)}  R {shown(scores.recall)}\n"
        f"actor acc {shown(scores.actor_acc)}  date acc {shown(scores.date_acc)}  "
        f"place acc@25km {shown(scores.place_acc25)}  place recall@25km {shown(scores.place_recall25)}  "
        f"far-off {scores.far_off}",
        highlight=False,
    )
    console.print(table)
    return buffer.getvalue()


def _evidence_text(event: Mapping) -> str | None:
    evidence = event.get("evidence")
    return evidence.get("text") if isinstance(evidence, dict) else evidence


def _summary(index: int, event: Mapping) -> dict[str, Any]:
    loc = _location(event)
    return {"index": index, "type": event.get("type"),
            "location": loc.get("name") if loc else None,
            "evidence": _evidence_text(event)}


def diff_report(gold: GoldCorpus, predictions: Iterable[Mapping]) -> list[dict[str, Any]]:
    """Per document with an error: gold events not found ("missed") and predictions not matched ("spurious").

    Each entry: {"doc_id", "missed": [{index, type, location, evidence}], "spurious": [...]}.
    """
    preds_by_doc = _predictions_by_doc(predictions)
    report: list[dict[str, Any]] = []
    for doc_id, gold_events in gold.items():
        pred_events = preds_by_doc.get(doc_id, [])
        pairs = match_document(gold_events, pred_events)
        matched_gold = {gi for _, gi, _ in pairs}
        matched_pred = {pi for _, _, pi in pairs}
        missed = [_summary(i, e) for i, e in enumerate(gold_events) if i not in matched_gold]
        spurious = [_summary(i, e) for i, e in enumerate(pred_events) if i not in matched_pred]
        if missed or spurious:
            report.append({"doc_id": doc_id, "missed": missed, "spurious": spurious})
    return report
