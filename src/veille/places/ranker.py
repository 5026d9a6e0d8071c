"""The weights of the place score, trained on gold sets rather than set by hand.

A candidate's score is its features (`scoring.FEATURES`: exact name, population, the division
or country the document names, a place named nearby...) times their weights. This module fits
those weights on geoparsing gold sets and keeps them in ``places/data/ranker.json``, which the
resolver of ``veille geocode`` reads (`scoring.trained_weights`); ``tools/train_places.py``
rebuilds it and reports each set's accuracy with weights trained without that set.

- `collect`: runs ``veille geocode``'s resolution over a gold set and keeps, for every gold
  toponym with namesakes to choose from, the features of its scored candidates and which of
  them lie within ``km`` of the gold point.
- `fit`: a conditional logit (a softmax over each mention's candidates; the probability of the
  right ones is maximised), pulled toward `HAND_WEIGHTS` by an L2 term, by gradient descent.
  Eighteen weights and a few thousand mentions: numpy is enough, and no ranking library (with
  its compiled dependencies) joins the lock for it.
- `choose_l2`: the strength of that pull, by cross-validation over documents and the
  one-standard-error rule (the strongest pull within a standard error of the best).
- `accuracy`: the share of a gold set's toponyms resolved within ``km`` of their gold point
  (shared/tools/score_geo.py's acc@161).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..geometry import great_circle_km
from .candidates import Candidate
from .geocode import geocode_document
from .resolve import PlaceResolver
from .scoring import FEATURES, HAND_WEIGHTS
from .toponyms import Toponym

GOLD_KM = 161.0  # acc@161: within 100 miles of the gold point
L2_CHOICES = (0.001, 0.01, 0.1, 1.0, 10.0)  # the pull toward the hand weights, chosen by cross-validation
FOLDS = 5


@dataclass(frozen=True)
class Mention:
    """One gold toponym's scored candidates: their features (one row each) and which are right."""
    doc_id: str
    features: np.ndarray  # candidates x FEATURES
    right: np.ndarray  # bool per candidate: within GOLD_KM of the gold point


def collect(records: Iterable[dict], resolver: PlaceResolver, km: float = GOLD_KM) -> list[Mention]:
    """The gold toponyms of ``records`` (CONTRACT.md's geoparsing lines) that have both a right
    and a wrong candidate among those scored, as training examples; the resolver's last scoring
    of a span is the one kept (a second pass rescored it with the places named nearby)."""
    out: list[Mention] = []
    for record in records:
        seen: dict[tuple[int, int], list[Candidate]] = {}

        def keep(t: Toponym, scored: list[Candidate]) -> None:
            seen[(t.start, t.end)] = list(scored)

        resolver.observe = keep
        try:
            geocode_document(record, resolver)
        finally:
            resolver.observe = None
        for gold in record.get("toponyms", []):
            scored = seen.get((gold["start"], gold["end"]))
            if not scored or len(scored) < 2:
                continue
            right = np.array([c.entry.lat is not None and c.entry.lon is not None and
                              great_circle_km(c.entry.lat, c.entry.lon, gold["lat"], gold["lon"]) <= km
                              for c in scored])
            if right.any() and not right.all():
                out.append(Mention(str(record["id"]), np.array([c.features for c in scored], dtype=float), right))
    return out


def _loss_and_gradient(w: np.ndarray, x: np.ndarray, right: np.ndarray, group: np.ndarray, starts: np.ndarray,
                       prior: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Mean negative log-probability of the right candidates, plus ``l2``/2 * |w - prior|^2."""
    s = x @ w
    top = np.maximum.reduceat(s, starts)[group]
    e = np.exp(s - top)
    total = np.add.reduceat(e, starts)
    good = np.add.reduceat(np.where(right, e, 0.0), starts)
    n = len(starts)
    loss = float(np.mean(np.log(total) - np.log(good))) + l2 / 2 * float(np.sum((w - prior) ** 2))
    p = e / total[group]  # softmax over all the mention's candidates
    q = np.where(right, e, 0.0) / good[group]  # ... over its right ones
    grad = x.T @ (p - q) / n + l2 * (w - prior)
    return loss, grad


def fit(mentions: Sequence[Mention], l2: float = 0.01, steps: int = 3000, rate: float = 0.05) -> dict[str, float]:
    """Weights of FEATURES fitted on ``mentions`` (Adam's steps on the whole set each time)."""
    prior = np.array([HAND_WEIGHTS[f] for f in FEATURES])
    if not mentions:
        return dict(HAND_WEIGHTS)
    x = np.concatenate([m.features for m in mentions])
    right = np.concatenate([m.right for m in mentions])
    sizes = np.array([len(m.right) for m in mentions])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group = np.repeat(np.arange(len(mentions)), sizes)
    w = prior.copy()
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        _, g = _loss_and_gradient(w, x, right, group, starts, prior, l2)
        m1 = 0.9 * m1 + 0.1 * g
        m2 = 0.999 * m2 + 0.001 * g * g
        w -= rate * (m1 / (1 - 0.9 ** step)) / (np.sqrt(m2 / (1 - 0.999 ** step)) + 1e-8)
    return {f: float(v) for f, v in zip(FEATURES, w)}


def ranked_first(mentions: Sequence[Mention], weights: Mapping[str, float]) -> float:
    """Share of ``mentions`` whose best-scored candidate is a right one."""
    if not mentions:
        return 0.0
    w = np.array([weights[f] for f in FEATURES])
    return float(np.mean([m.right[int(np.argmax(m.features @ w))] for m in mentions]))


def choose_l2(mentions: Sequence[Mention], choices: Sequence[float] = L2_CHOICES, folds: int = FOLDS) -> float:
    """The L2 pull chosen on documents held out of the fit (``folds``-fold, by document), by the
    one-standard-error rule: the strongest pull whose held-out accuracy is within one standard
    error of the best. Choices that rank a few hundred mentions a mention apart are a coin toss,
    and the stronger pull keeps nearer the hand weights, which carry over to other corpora."""
    docs = sorted({m.doc_id for m in mentions})
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    accuracy_of: dict[float, float] = {}
    for l2 in choices:
        hits = 0.0
        for k in range(folds):
            train = [m for m in mentions if fold_of[m.doc_id] != k]
            held = [m for m in mentions if fold_of[m.doc_id] == k]
            hits += ranked_first(held, fit(train, l2)) * len(held)
        accuracy_of[l2] = hits / max(len(mentions), 1)
    best = max(accuracy_of.values())
    standard_error = math.sqrt(best * (1 - best) / max(len(mentions), 1))
    return max(l2 for l2, acc in accuracy_of.items() if acc >= best - standard_error)


def accuracy(records: Iterable[dict], resolver: PlaceResolver, km: float = GOLD_KM) -> tuple[float, int]:
    """acc@``km`` of ``resolver`` on gold ``records`` (an unanswered toponym is wrong), and the
    number of toponyms."""
    n = hits = 0
    for record in records:
        found = {(p["start"], p["end"]): p for p in geocode_document(record, resolver)}
        for gold in record.get("toponyms", []):
            n += 1
            p = found.get((gold["start"], gold["end"]))
            if p and p.get("lat") is not None and p.get("lon") is not None and \
                    great_circle_km(p["lat"], p["lon"], gold["lat"], gold["lon"]) <= km:
                hits += 1
    return (hits / n if n else 0.0), n
