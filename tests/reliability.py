"""The reliability group's figures, printed on one line at the end of a session that ran it:

    reliability: inputs fuzzed 1840, crash trials 30, documents lost 0, duplicates 0

Tests marked ``reliability`` add to the figures with ``record(...)`` (``import reliability``: this
folder is on the path of the tests). A session whose figures count a document lost or duplicated
fails, even should the test that counted it not assert it. Registered by ``conftest.py``.
"""
from __future__ import annotations

FIGURES = {"fuzzed": 0, "trials": 0, "lost": 0, "duplicates": 0}
_ran = 0  # tests of the group that ran in this session


def record(*, fuzzed: int = 0, trials: int = 0, lost: int = 0, duplicates: int = 0) -> None:
    """Add to the figures: inputs fuzzed, crash trials run, documents lost, documents duplicated."""
    for name, value in (("fuzzed", fuzzed), ("trials", trials), ("lost", lost), ("duplicates", duplicates)):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"reliability figure {name} must be a count, not {value!r}")
        FIGURES[name] += value


def figures_line() -> str:
    f = FIGURES
    return (f"reliability: inputs fuzzed {f['fuzzed']}, crash trials {f['trials']}, "
            f"documents lost {f['lost']}, duplicates {f['duplicates']}")


def pytest_runtest_logreport(report) -> None:
    global _ran
    if report.when == "call" and "reliability" in report.keywords:
        _ran += 1


def pytest_sessionfinish(session, exitstatus) -> None:
    if (FIGURES["lost"] or FIGURES["duplicates"]) and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _ran:
        return
    terminalreporter.write_line(figures_line())
    if FIGURES["lost"] or FIGURES["duplicates"]:
        terminalreporter.write_line("reliability: documents lost and duplicates must be 0", red=True)
