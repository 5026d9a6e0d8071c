"""Toponym resolution speed after loading (issue: >= 20,000 mentions per second).

Runs the resolver over the project's table of French place mentions (tests/data/places_fr.tsv),
repeated, with each sentence as its document, and prints mentions per second next to a
baseline measured in the same run: the bare gazetteer look-up of the same names (exact key
only, no scoring). Machines here are noisy: compare the ratio, not the absolute figure.

    python bench/places_speed.py [--rounds 20]
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from veille.places.names import exact_key
from veille.places.resolve import default_resolver

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "places_fr.tsv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    resolver = default_resolver()
    docs = []
    for r in rows:
        toponyms = resolver.find_toponyms(r["context"])
        docs.append((r["context"], toponyms, resolver.document_context(toponyms)))
    n = sum(len(t) for _, t, _ in docs)
    resolver.gazetteer.lookup("warm")  # loading is not part of the measure
    for text, toponyms, ctx in docs:  # one warm-up round fills the per-process caches
        resolver.resolve_all(text, toponyms, ctx)

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for _, toponyms, _ in docs:
            for t in toponyms:
                resolver.gazetteer.lookup(exact_key(t.text))
    base = n * args.rounds / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for text, toponyms, ctx in docs:
            resolver.resolve_all(text, toponyms, ctx)
    full = n * args.rounds / (time.perf_counter() - t0)

    print(f"mentions: {n} x {args.rounds} rounds")
    print(f"bare exact look-up: {base:,.0f} mentions/s")
    print(f"full resolution:    {full:,.0f} mentions/s  (target >= 20,000)")
    print(f"ratio full / bare look-up: {full / base:.3f}")


if __name__ == "__main__":
    main()
