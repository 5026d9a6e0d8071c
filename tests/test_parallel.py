"""Local parallelism (parallel.py): worker processes give the serial run's output, in its order."""
import json
import os
import signal

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.parallel import CHUNK_SIZE, IN_FLIGHT_PER_JOB, ProcessPool
from veille.readers import ReadFailure, document_from_text, read_paths

from conftest import ROOT


def comparable(pairs):
    """(id, events as dicts | failure) for each pair: what must not change with --jobs."""
    out = []
    for item, result in pairs:
        doc_id = item.doc_id if isinstance(item, ReadFailure) else item.id
        out.append((doc_id, result if isinstance(result, ReadFailure) else [e.as_dict() for e in result]))
    return out


@pytest.fixture(scope="module")
def items(shared_dir):
    """The dev corpus and the example, with read failures among them (they keep their place)."""
    docs = list(read_paths([shared_dir / "corpus" / "dev.jsonl", ROOT / "examples"]))
    docs.insert(3, ReadFailure("missing.txt", "no such file or directory"))
    docs.insert(20, ReadFailure("bad.jsonl:2", "malformed JSON line 2: Expecting value at column 1"))
    docs.append(document_from_text("short", "Rien à signaler."))
    return docs


@pytest.fixture(scope="module")
def serial(pipeline, items):
    return comparable(pipeline.process_stream(items))


@pytest.fixture(scope="module")
def pool():
    with ProcessPool(2) as p:
        p.start()
        yield p


def test_two_workers_give_the_serial_output_in_order(pool, items, serial):
    parallel = comparable(pool.process_stream(items))
    assert parallel == serial
    assert sum(len(r) for _, r in serial if isinstance(r, list)) > 50  # the corpus does give events
    assert [doc_id for doc_id, _ in parallel][3] == "missing.txt"


def test_workers_each_load_their_pipeline_once(pool):
    pids = pool.start()
    assert len(set(pids)) == 2 and os.getpid() not in pids


def test_input_is_not_read_far_ahead_of_the_workers(pool, items):
    # memory flat in corpus size: the main process holds only the chunks in flight
    pulled = 0

    def counting():
        nonlocal pulled
        for item in items * 4:
            pulled += 1
            yield item

    stream = pool.process_stream(counting())
    next(stream)
    assert pulled <= (pool.jobs * IN_FLIGHT_PER_JOB + 1) * CHUNK_SIZE < len(items) * 4
    stream.close()


def test_a_killed_worker_loses_no_document(items, serial):
    # a worker killed mid-run (out of memory, an operator's kill): fresh workers redo its chunks
    with ProcessPool(2, chunk_size=4) as pool:
        pids = pool.start()
        stream = pool.process_stream(items)
        first = next(stream)
        os.kill(pids[0], signal.SIGKILL)
        assert comparable([first, *stream]) == serial


def test_jobs_must_be_positive():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        ProcessPool(0)


def test_cli_extract_jobs_gives_the_serial_output(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": text, "doc_date": "2024-03-15"}, ensure_ascii=False)
             for i, text in enumerate([(ROOT / "examples" / "frappes_idleb.txt").read_text(encoding="utf-8"),
                                       "Des hommes armés ont attaqué mardi un poste de police à Kidal, au Mali."])]
    corpus.write_text("\n".join([lines[0], "{not json", lines[1]]) + "\n", encoding="utf-8")
    runner = CliRunner()
    serial = runner.invoke(app, ["extract", str(corpus)])
    parallel = runner.invoke(app, ["extract", str(corpus), "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.stdout == serial.stdout and serial.stdout.count("\n") >= 2
    assert "corpus.jsonl:2: malformed JSON line 2" in parallel.stderr
