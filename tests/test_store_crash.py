"""Ingest under faults: kill -9 at random points, then resume; two ingests at once on one store.

Each trial runs the real `veille ingest` in a child process, kills it with SIGKILL when the
store has reached a random number of documents (plus a random delay), checks that no document is
stored in part, then goes on. At the end a resumed run completes, and the store must equal one
made by an uninterrupted run: every document once, every report once, the same canonical events.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from veille.store import open_store
from veille.store import schema

pytestmark = pytest.mark.reliability

TRIALS = int(os.environ.get("VEILLE_CRASH_TRIALS", "20"))  # on SQLite; half as many on PostgreSQL


def _record(**figures) -> None:
    try:
        import reliability
    except ImportError:  # the figures line is optional; the assertions below are not
        return
    reliability.record(**figures)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared_dir) -> Path:
    """The dev texts three times over, each copy a distinct document (its own id and content)."""
    path = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    lines = []
    for copy in range(3):
        for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            lines.append(json.dumps({"id": f"{rec['id']}-{copy}", "text": rec["text"] + f"\n(copie {copy})",
                                     "doc_date": rec.get("doc_date")}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest_cmd(corpus: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "veille.cli", "ingest", str(corpus), "--db", url, "--batch-size", "4", "--quiet"]


def _env() -> dict:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _count(url: str) -> int:
    store = open_store(url)
    try:
        return store.counts()["documents"]
    finally:
        store.close()


def check_whole(url: str) -> dict:
    """Invariants that hold after any crash: no partial document, no duplicate, consistent counts."""
    store = open_store(url)
    try:
        d, r, e = schema.documents, schema.reports, schema.events
        with store.engine.connect() as conn:
            per_doc = dict(conn.execute(select(r.c.doc_id, func.count()).group_by(r.c.doc_id)).all())
            partial = [(doc_id, n) for doc_id, n in conn.execute(select(d.c.id, d.c.n_events))
                       if per_doc.get(doc_id, 0) != n]
            hashes = conn.execute(select(func.count(), func.count(d.c.content_hash.distinct())).select_from(d)).one()
            per_event = dict(conn.execute(select(r.c.event_id, func.count()).group_by(r.c.event_id)).all())
            wrong_counts = [i for i, n in conn.execute(select(e.c.id, e.c.n_reports)) if per_event.get(i) != n]
            orphans = conn.execute(select(func.count()).select_from(r).where(r.c.event_id.not_in(select(e.c.id)))).scalar_one()
        assert partial == [], f"documents stored in part: {partial[:5]}"
        assert hashes[0] == hashes[1], "a content stored twice"
        assert wrong_counts == [] and orphans == 0, "canonical events out of step with their reports"
        return store.counts()
    finally:
        store.close()


def snapshot(url: str) -> tuple[set, set]:
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            docs = set(conn.scalars(select(schema.documents.c.id)))
            reports = set(conn.execute(select(schema.reports.c.id, schema.reports.c.event_id)).all())
        return docs, reports
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request, tmp_path):
    """A function giving URLs of new, empty stores of the backend under test."""
    if request.param == "sqlite":
        names = iter(range(100))
        return lambda: f"sqlite:///{tmp_path / f'store{next(names)}.db'}"
    server = request.getfixturevalue("postgres_server")
    return lambda: server.create_database("crash")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[str, tuple[set, set]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    subprocess.run(_ingest_cmd(corpus, url), check=True, env=_env(), timeout=600)
    return url, snapshot(url)


def _kill_at_random(cmd: list[str], url: str, n_docs: int, rng: random.Random) -> bool:
    """Start an ingest, SIGKILL it once the store holds a random number of documents; True if killed."""
    target = rng.randrange(_count(url), n_docs + 1)
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if _count(url) >= target:
            time.sleep(rng.uniform(0, 0.4))  # land anywhere in the next batch, mid-transaction included
            break
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def test_kill_minus_nine_then_resume_loses_and_duplicates_nothing(corpus, reference, new_url):
    n_docs = sum(1 for _ in corpus.open(encoding="utf-8"))
    url = new_url()
    open_store(url).close()  # the schema exists before the first poll
    trials = TRIALS if url.startswith("sqlite") else max(1, TRIALS // 2)
    rng = random.Random(20261125)
    killed = 0
    for _ in range(trials):
        killed += _kill_at_random(_ingest_cmd(corpus, url), url, n_docs, rng)
        check_whole(url)
    subprocess.run(_ingest_cmd(corpus, url), check=True, env=_env(), timeout=600)
    counts = check_whole(url)
    docs, reports = snapshot(url)
    ref_docs, ref_reports = reference[1]
    lost = len(ref_docs - docs)
    duplicates = counts["documents"] - len(docs) + (len(reports) - len(ref_reports & reports))
    _record(trials=trials, lost=lost, duplicates=duplicates)
    assert killed >= trials // 2, f"only {killed} of {trials} runs were killed mid-ingest"
    assert counts["documents"] == n_docs and lost == 0
    assert reports == ref_reports, "the resumed store differs from an uninterrupted run"


def test_two_ingests_at_once_on_one_store(corpus, reference, new_url):
    url = new_url()
    open_store(url).close()
    procs = [subprocess.Popen(_ingest_cmd(corpus, url), env=_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()[-2000:]
    counts = check_whole(url)
    docs, reports = snapshot(url)
    assert docs == reference[1][0]
    # the two runs interleave their batches, so canonical ids may differ; the reports may not
    assert {r for r, _ in reports} == {r for r, _ in reference[1][1]}
    assert counts["documents"] == len(docs)
    _record(duplicates=counts["reports"] - len(reports))


def test_dev_corpus_twice_gives_the_same_counts_on_both_databases(shared_dir, tmp_path, postgres_server):
    from veille.readers import read_paths
    from veille.engine import ingest_local as ingest

    dev = shared_dir / "corpus" / "dev.jsonl"
    counts = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 'dev.db'}"), ("postgresql", postgres_server.create_database("dev"))):
        store = open_store(url)
        try:
            first = ingest(store, read_paths([dev]))
            counts[name] = store.counts()
            second = ingest(store, read_paths([dev]))
            assert store.counts() == counts[name], name
            assert (first.stored, second.stored, second.skipped) == (30, 0, 30), name
        finally:
            store.close()
    assert counts["sqlite"] == counts["postgresql"]
    assert counts["sqlite"]["documents"] == 30 and counts["sqlite"]["reports"] > 50
