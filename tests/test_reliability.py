"""The reliability figures line (tests/reliability.py): summed across modules, printed once, and a
lost or duplicated document fails the session."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_figures.py").write_text(body, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "reliability", "-p", "no:cacheprovider",
                           "-o", "markers=reliability: x", str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_figures_are_summed_and_printed_on_one_line(tmp_path):
    run = _run(tmp_path, """
import pytest
from reliability import record

pytestmark = pytest.mark.reliability

def test_fuzz():
    record(fuzzed=40)

def test_crash():
    record(fuzzed=2, trials=20, lost=0, duplicates=0)
""")
    assert run.returncode == 0, run.stdout
    lines = [line for line in run.stdout.splitlines() if line.startswith("reliability:")]
    assert lines == ["reliability: inputs fuzzed 42, crash trials 20, documents lost 0, duplicates 0"]


def test_a_lost_document_fails_the_session(tmp_path):
    run = _run(tmp_path, """
import pytest
from reliability import record

@pytest.mark.reliability
def test_crash():
    record(trials=1, lost=1)
""")
    assert run.returncode == 1
    assert "reliability: inputs fuzzed 0, crash trials 1, documents lost 1, duplicates 0" in run.stdout
    assert "documents lost and duplicates must be 0" in run.stdout


def test_no_line_without_the_group(tmp_path):
    run = _run(tmp_path, "def test_other():\n    pass\n")
    assert run.returncode == 0 and "reliability:" not in run.stdout


def test_figures_are_counts():
    from reliability import record

    with pytest.raises(ValueError, match="fuzzed must be a count"):
        record(fuzzed=-1)
