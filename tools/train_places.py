"""Train the weights of the place score on geoparsing gold sets, and report them cross-corpus.

For each gold set, the weights are fitted on the other sets only and that set's acc@161 is
measured with them, beside the hand-set weights' (scoring.HAND_WEIGHTS): the figure a set
gives is never one it was trained on. Then the weights are fitted on every set and written to
``--out`` (places/data/ranker.json, which ``veille geocode`` reads), with the figures.

    python tools/train_places.py                      # GeoWebNews and GeoVirus from ../shared/geoparse
    python tools/train_places.py A.jsonl B.jsonl --out /tmp/ranker.json

Gold lines are CONTRACT.md's geoparsing lines: {"id", "text", "toponyms": [{"start", "end", "lat", "lon"}]}.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from veille.places import ranker
from veille.places.resolve import PlaceResolver
from veille.places.scoring import FEATURES, HAND_WEIGHTS, RANKER_FILE

ROOT = Path(__file__).resolve().parents[1]
GOLD = [ROOT.parent / "shared" / "geoparse" / f"{name}.jsonl" for name in ("geowebnews", "geovirus")]
OUT = ROOT / "src" / "veille" / "places" / "data" / RANKER_FILE


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="*", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if len(args.gold) < 2:
        ap.error("two gold sets at least: each is scored with weights trained on the others")
    sets = {path.stem: read(path) for path in args.gold}
    resolver = PlaceResolver(weights=HAND_WEIGHTS)
    # candidates and their features, scored with the hand-set weights (the filters do not depend on them)
    mentions = {name: ranker.collect(records, resolver) for name, records in sets.items()}
    report = {}
    print(f"{'held out':<14}{'mentions':>9}{'L2':>7}{'acc@161 hand':>14}{'acc@161 trained':>17}")
    for held in sets:
        train = [m for name, ms in mentions.items() if name != held for m in ms]
        l2 = ranker.choose_l2(train)
        weights = ranker.fit(train, l2)
        resolver.set_weights(HAND_WEIGHTS)
        hand, n = ranker.accuracy(sets[held], resolver)
        resolver.set_weights(weights)
        trained, _ = ranker.accuracy(sets[held], resolver)
        report[held] = {"toponyms": n, "acc161_hand": round(hand, 4), "acc161_trained_without_it": round(trained, 4),
                        "l2": l2}
        print(f"{held:<14}{n:>9}{l2:>7}{hand:>14.4f}{trained:>17.4f}")
    everything = [m for ms in mentions.values() for m in ms]
    l2 = ranker.choose_l2(everything)
    weights = ranker.fit(everything, l2)
    args.out.write_text(json.dumps({
        "about": "Weights of the place score's features (veille.places.scoring.FEATURES), fitted by "
                 "tools/train_places.py on the sets below; veille geocode reads them.",
        "trained_on": {name: {"documents": len(sets[name]), "mentions": len(mentions[name])} for name in sets},
        "l2": l2,
        "cross_corpus": report,
        "weights": {f: round(weights[f], 4) for f in FEATURES},
        "hand_weights": {f: round(HAND_WEIGHTS[f], 4) for f in FEATURES},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"weights fitted on all {len(everything)} mentions (L2 {l2}) -> {args.out}")


if __name__ == "__main__":
    main()
