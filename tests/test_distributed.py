"""The Ray engine (distributed.py) on a local 2-CPU Ray: the local engine's events, failures and store.

Ray is a test dependency (pyproject's `test` extra): these tests run in CI, never skipped.
"""
import json
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from veille.distributed import document_name, extract_with_ray, ingest_with_ray, ray_session, read_events
from veille.engine import ingest_local as ingest
from veille.output import flatten
from veille.readers import read_paths
from veille.records import Failure
from veille.store import open_store

from conftest import ROOT


@pytest.fixture(scope="module")
def local_ray():
    with ray_session(num_cpus=2) as ray:
        assert ray.cluster_resources()["CPU"] == 2
        yield ray


@pytest.fixture(scope="module")
def folder(tmp_path_factory, shared_dir):
    """A folder as users hand one over: a text, a JSONL file with a broken line, an empty text."""
    root = tmp_path_factory.mktemp("inputs")
    (root / "frappes.txt").write_text((ROOT / "examples" / "frappes_idleb.txt").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (root / "sub").mkdir()
    good = json.dumps({"id": "kidal", "text": "Des hommes armés ont attaqué mardi un poste de police à Kidal, "
                                              "au Mali, tuant deux gendarmes.", "doc_date": "2024-03-15"},
                      ensure_ascii=False)
    (root / "sub" / "feed.jsonl").write_text(f"{good}\n{{not json\n", encoding="utf-8")
    (root / "vide.txt").write_text("   \n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def parquet_corpus(tmp_path_factory, shared_dir):
    """The dev corpus as a Parquet file (with its gold events, which are ignored) and a row without text."""
    records = [json.loads(line) for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    rows = [{"id": r["id"], "text": r["text"], "doc_date": r.get("doc_date"), "url": r.get("url"),
             "events": json.dumps(r.get("events"))} for r in records]
    rows.append({"id": "no-text", "text": None, "doc_date": None, "url": None, "events": None})
    path = tmp_path_factory.mktemp("parquet") / "dev.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def local_rows(pipeline, paths):
    """What the local engine gives for ``paths``: event rows flattened, and (doc_id, reason) failures."""
    events, failures = [], []
    for item, result in pipeline.process_stream(read_paths(paths)):
        if isinstance(result, Failure):
            failures.append((result.doc_id, result.reason))
        else:
            events.extend(flatten(e.as_dict()) for e in result)
    return events, failures


def frozen(row):
    return tuple(sorted((k, v) for k, v in row.items() if k not in ("failure", "failure_code")))


def test_ray_gives_the_local_engines_events_and_failures(local_ray, pipeline, shared_dir, folder, parquet_corpus,
                                                          tmp_path):
    dev = shared_dir / "corpus" / "dev.jsonl"
    events, failures = local_rows(pipeline, [dev, folder])
    out = tmp_path / "events"
    missing = extract_with_ray([str(dev), str(folder), str(parquet_corpus), str(tmp_path / "absent")], str(out))
    assert [f.doc_id for f in missing] == [str(tmp_path / "absent")]

    rows = read_events(out)
    ray_events = [r for r in rows if r["failure"] is None]
    ray_failures = sorted((r["doc_id"], r["failure"]) for r in rows if r["failure"] is not None)
    # the Parquet copy of the dev corpus gives the dev corpus's events a second time, same ids
    dev_events = [e for e in events if e["doc_id"].startswith("dev-")]
    assert len(dev_events) > 50
    assert Counter(map(frozen, ray_events)) == Counter(map(frozen, events + dev_events))
    assert ray_failures == sorted(failures + [("no-text", "row 31 has no text field")])
    # the failures of the folder, with the local engine's ids and reasons
    assert ("sub/feed.jsonl:2", "malformed JSON line 2: Expecting property name enclosed in double quotes at "
                                "column 2") in ray_failures
    assert ("vide.txt", "empty document") in ray_failures
    # each with its code (errors.py), as the local engine gives it
    codes = {r["doc_id"]: r["failure_code"] for r in rows if r["failure"] is not None}
    assert (codes["vide.txt"], codes["sub/feed.jsonl:2"], codes["no-text"]) == ("V101", "V104", "V104")
    assert {r["doc_id"] for r in ray_events} >= {"frappes.txt", "kidal", "dev-0001"}
    assert pq.read_schema(next(out.glob("*.parquet"))).field("lat").type == pa.float64()


def test_ray_ingest_stores_what_a_local_ingest_stores(local_ray, pipeline, folder, shared_dir, tmp_path):
    inputs = [shared_dir / "corpus" / "dev.jsonl", folder]
    local_store = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    ingest(local_store, read_paths(inputs), pipeline=pipeline)
    url = f"sqlite:///{tmp_path / 'ray.db'}"
    totals, missing = ingest_with_ray([str(p) for p in inputs], url)
    assert missing == []
    counts = open_store(url).counts()
    expected = local_store.counts()
    assert counts["documents"] == expected["documents"] == 32
    assert counts["reports"] == expected["reports"] > 50
    assert counts["failures"] == expected["failures"] == 2
    assert totals["stored"] == 32 and totals["failed"] == 2 and totals["read"] == 34


def test_document_names_follow_the_local_engine():
    roots = ["/data/corpus", "/data/one.jsonl", "bucket/news"]
    assert document_name("/data/corpus/2024/a.txt", roots) == "2024/a.txt"
    assert document_name("/data/one.jsonl", roots) == "one.jsonl"
    assert document_name("bucket/news/x.html", roots) == "x.html"
    assert document_name("/elsewhere/b.txt", roots) == "b.txt"


def test_cli_ingest_with_ray_stores_every_document_once(local_ray, folder, tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = CliRunner().invoke(app, ["ingest", str(folder), "--engine", "ray", "--db", url])
    assert first.exit_code == 0, first.output
    counts = open_store(url).counts()
    assert counts["documents"] == 2 and counts["failures"] == 2 and counts["reports"] > 0
    # again: every document is known by its content, nothing is added
    again = CliRunner().invoke(app, ["ingest", str(folder), "--engine", "ray", "--db", url])
    assert again.exit_code == 0, again.output
    assert "0 stored, 2 already stored" in again.output
    assert open_store(url).counts() == counts
