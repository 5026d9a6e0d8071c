"""Shared fixtures: the gazetteer cache lives in one temporary folder for the whole run."""
import os
import tempfile
from pathlib import Path

import pytest

# The gazetteer is built once (about 15 s) into the user cache; tests reuse an existing
# cache when VEILLE_CACHE_DIR points at one, else they build their own in a temp folder.
if "VEILLE_CACHE_DIR" not in os.environ:
    os.environ["VEILLE_CACHE_DIR"] = str(Path(tempfile.gettempdir()) / "veille-test-cache")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Session fixtures of their own modules: a throwaway PostgreSQL server (pg.py) and live API
# servers over filled stores (api_server.py).
from api_server import api_store, api_url, extracted, fuzz_store, fuzz_url  # noqa: E402,F401
from pg import postgres_server, postgres_url  # noqa: E402,F401
import reliability  # noqa: E402 - the reliability group's figures line (reliability.py)


def pytest_configure(config):
    config.pluginmanager.register(reliability, "veille-reliability")


@pytest.fixture(scope="session", autouse=True)
def gazetteer_built():
    """The gazetteer built before any test, so that no command a test runs builds it (and says so
    on stderr, test_gazetteer_progress.py) in the middle of its output."""
    from veille.places.gazetteer import default_gazetteer

    default_gazetteer()


@pytest.fixture(scope="session")
def pipeline():
    from veille.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the evaluation data must sit beside the repository")
    return SHARED
