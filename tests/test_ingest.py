"""The ingest use case (ingest.py) and the local engine's choice (engine.py), on real documents:
each failure reaches the store with the code of the reader or the stage that refused it."""
import pytest

from veille.engine import ingest_local, process_stream
from veille.ingest import ingest
from veille.limits import Limits
from veille.readers import read_paths
from veille.records import Failure
from veille.store import open_store

FRENCH = ("Des avions russes ont bombardé jeudi la ville d'Ariha, dans la province d'Idleb, faisant sept morts, "
          "selon l'Observatoire syrien des droits de l'homme.")
ENGLISH = ("Russian aircraft bombed the town of Ariha in Idlib province on Thursday, killing seven people, "
           "according to the Syrian Observatory for Human Rights, a monitoring group based in Britain.")


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "ariha.txt").write_text(f"date 2024-03-15 {FRENCH}", encoding="utf-8")
    (root / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    return root


def test_failures_reach_the_store_with_their_codes(folder, tmp_path, pipeline):
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    stats = ingest(store, read_paths([folder, tmp_path / "absent.txt"]), extract=pipeline.process_stream)
    assert (stats.read, stats.stored, stats.failed) == (4, 1, 3) and stats.reports > 0
    codes = {f["doc_id"]: (f["code"], f["reason"]) for f in store.failures()}
    assert codes == {"empty.txt": ("V101", "empty document"),
                     "english.txt": ("V201", "unsupported language: en"),
                     str(tmp_path / "absent.txt"): ("V106", "no such file or directory")}
    # again: the stored document is skipped before the parse, the failures are recorded once
    again = ingest_local(store, read_paths([folder]), pipeline=pipeline)
    assert (again.read, again.stored, again.skipped, again.failed) == (3, 0, 1, 2)
    assert store.counts()["failures"] == 3
    store.close()


def test_a_run_with_nothing_new_starts_no_engine(folder, tmp_path):
    def no_engine(items):
        raise AssertionError("the engine was started")

    store = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    stats = ingest(store, [], extract=no_engine)
    assert stats.read == 0
    store.close()


def test_the_local_engine_gives_the_pipelines_pairs(folder, pipeline):
    items = list(read_paths([folder]))
    serial = list(process_stream(items, pipeline=pipeline))
    assert [(type(r).__name__) for _, r in serial] == ["list", "Failure", "Failure"]
    assert [r.code for _, r in serial if isinstance(r, Failure)] == ["V101", "V201"]
    limited = list(process_stream(items, pipeline=pipeline, limits=Limits(max_chars=20)))
    assert limited[0][1] == Failure("ariha.txt", f"document too long: {len(FRENCH)} characters > 20 limit", "V202")
    with pytest.raises(ValueError, match="default pipeline"):
        process_stream(items, jobs=2, pipeline=pipeline)
