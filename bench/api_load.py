"""The API under load: reads over filters from many threads while extractions run.

Ingests the dev and dev2 corpora (`veille ingest`) into a fresh SQLite store, starts `veille serve`
over it on 127.0.0.1, then, at once: 16 threads send 600 GETs spread over the filters (types,
countries by code and French name, divisions, actors, dates, words, `near` a place name or a
point, minimum reports, GeoJSON and CSV pages, the timeline, single events and documents), and 12
threads each POST one dev2 text to /extract (a 503, the queue being full, is retried after a
pause, so that all 12 extractions run while the reads go on). It prints the GETs' status counts
and latency percentiles, overall and per kind, and what the extractions took.

Criterion of issue 14: no GET answers 5xx and the GETs' p95 is under 1 s. The exit status is 1 when
it is not met. Machines here are shared: the load average is printed beside the figures.

    python bench/api_load.py [--gets 600] [--threads 16] [--posts 12] [--db sqlite:///load.db] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
VEILLE = Path(sys.executable).with_name("veille")

# (kind, path) of the reads, in the proportions an analyst's page and scripts send them; `near`
# by name is one in ten, as in the run (60 of 600).
READS = [
    ("list", "/events"),
    ("list", "/events?limit=20&offset=20"),
    ("type", "/events?type=ASSAULT"),
    ("type", "/events?type=PROTEST&type=DEMAND"),
    ("country", "/events?country=SY"),
    ("country", "/events?country=Ukraine"),
    ("country", "/events?country=Syrie&type=ASSAULT"),
    ("admin1", "/events?admin1=Idlib"),
    ("actor", "/events?actor=Russia"),
    ("dates", "/events?since=2016-01-01&until=2020-12-31"),
    ("text", "/events?text=frappe"),
    ("near", "/events?near=Hama&radius=50"),
    ("point", "/events?near=35.13,36.75&radius=100"),
    ("reports", "/events?min_reports=2"),
    ("geojson", "/events?format=geojson&limit=500"),
    ("csv", "/events?format=csv&type=ASSAULT"),
    ("timeline", "/timeline"),
    ("timeline", "/timeline?country=SY"),
    ("event", "/events/{event_id}"),
    ("document", "/documents/{doc_id}"),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url: str, body: dict | None = None, timeout: float = 120) -> tuple[int, float, bytes]:
    """(status, seconds, body) of one GET (or POST of ``body`` as JSON)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        payload, status = exc.read(), exc.code
    except OSError:  # refused, reset, timed out: counted as a failure of the server
        payload, status = b"", 599
    return status, time.perf_counter() - started, payload


@contextmanager
def served(db_url: str, log_path: Path) -> Iterator[str]:
    """`veille serve` on a free port of 127.0.0.1 (it listens once the model is loaded)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w+", encoding="utf-8") as log:
        proc = subprocess.Popen([str(VEILLE), "serve", "--db", db_url, "--port", str(port)], stdout=log,
                                stderr=subprocess.STDOUT, env={**os.environ, "VEILLE_API_TOKEN": ""})
        try:
            deadline = time.monotonic() + 300
            while request(url + "/health", timeout=2)[0] != 200:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit(f"veille serve did not start:\n{log.read()[-3000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def run_load(url: str, *, gets: int, threads: int, posts: int) -> dict:
    """Send the reads and the extractions at once; the figures as a dict."""
    first = json.loads(request(url + "/events?limit=50")[2])["events"]
    if not first:
        raise SystemExit("the store has no events")
    paths = []
    for i in range(gets):
        kind, path = READS[i % len(READS)]
        ev = first[i % len(first)]
        path = path.format(event_id=ev["event_id"], doc_id=urllib.parse.quote(ev["reports"][0]["doc_id"]))
        paths.append((kind, path))
    texts = [json.loads(line)["text"] for line in (CORPUS / "dev2.jsonl").open(encoding="utf-8")][:posts]

    results: list[tuple[str, int, float]] = []
    extractions: list[tuple[int, float, int]] = []  # status, seconds from the first try, 503s before it
    lock = threading.Lock()

    def get(item: tuple[str, str]) -> None:
        status, seconds, _ = request(url + item[1])
        with lock:
            results.append((item[0], status, seconds))

    def post(text: str) -> None:
        started, refused = time.perf_counter(), 0
        while True:
            status, _, _ = request(url + "/extract", {"text": text})
            if status != 503:
                break
            refused += 1
            time.sleep(0.5)
        with lock:
            extractions.append((status, time.perf_counter() - started, refused))

    started = time.perf_counter()
    with ThreadPoolExecutor(posts, thread_name_prefix="post") as posting:
        post_futures = [posting.submit(post, t) for t in texts]
        time.sleep(0.5)  # the extractions are under way when the reads begin
        with ThreadPoolExecutor(threads, thread_name_prefix="get") as getting:
            list(getting.map(get, paths))
        reads_s = time.perf_counter() - started - 0.5
        for f in post_futures:
            f.result()
    total_s = time.perf_counter() - started

    latencies = [s for _, _, s in results]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, _, s in results:
        by_kind[kind].append(s)
    return {
        "gets": len(results), "threads": threads, "reads_s": round(reads_s, 1),
        "get_status": dict(sorted(Counter(str(st) for _, st, _ in results).items())),
        "get_5xx": sum(1 for _, st, _ in results if st >= 500),
        "get_p50_s": round(statistics.median(latencies), 3),
        "get_p95_s": round(percentile(latencies, 0.95), 3),
        "get_p99_s": round(percentile(latencies, 0.99), 3),
        "get_max_s": round(max(latencies), 3),
        "get_p95_by_kind_s": {k: round(percentile(v, 0.95), 3) for k, v in sorted(by_kind.items())},
        "posts": len(extractions),
        "post_status": dict(sorted(Counter(str(st) for st, _, _ in extractions).items())),
        "post_503_retried": sum(r for _, _, r in extractions),
        "post_max_s": round(max((s for _, s, _ in extractions), default=0.0), 1),
        "total_s": round(total_s, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gets", type=int, default=600)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--posts", type=int, default=12)
    ap.add_argument("--db", help="an ingested store to use as it is (default: dev and dev2 ingested afresh)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="veille-load-") as tmp:
        db = args.db
        if db is None:
            db = f"sqlite:///{Path(tmp) / 'load.db'}"
            done = subprocess.run([str(VEILLE), "ingest", str(CORPUS / "dev.jsonl"), str(CORPUS / "dev2.jsonl"),
                                   "--db", db], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"ingest failed:\n{done.stderr[-3000:]}")
        with served(db, Path(tmp) / "serve.log") as url:
            counts = json.loads(request(url + "/health")[2])["counts"]
            figures = {"store": counts, **run_load(url, gets=args.gets, threads=args.threads, posts=args.posts)}
    ok = figures["get_5xx"] == 0 and figures["get_p95_s"] < 1.0
    if args.json:
        print(json.dumps({**figures, "ok": ok}))
    else:
        print(f"store: {counts['documents']} documents, {counts['events']} events")
        print(f"{figures['gets']} GETs from {args.threads} threads in {figures['reads_s']} s, "
              f"while {figures['posts']} POST /extract ran; load average {figures['load_average']}")
        print(f"  GET status {figures['get_status']}; p50 {figures['get_p50_s']} s, p95 {figures['get_p95_s']} s, "
              f"p99 {figures['get_p99_s']} s, max {figures['get_max_s']} s")
        print("  p95 by kind: " + ", ".join(f"{k} {v}" for k, v in figures["get_p95_by_kind_s"].items()))
        print(f"  POST status {figures['post_status']} ({figures['post_503_retried']} answers 503 while the queue "
              f"was full, retried); the last extraction done after {figures['post_max_s']} s")
        print("criterion (no GET 5xx, GET p95 < 1 s): " + ("met" if ok else "NOT met"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
