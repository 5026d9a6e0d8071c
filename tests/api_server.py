"""Live API servers for the tests: uvicorn in a thread on 127.0.0.1, over a store filled once per
session with the dev corpus and a few documents written here, on SQLite and on PostgreSQL.

    def test_x(api_url):        # http://127.0.0.1:PORT of an app over the filled store (both backends)
    def test_y(api_store):      # that store
    with serve(create_app(store, ...)) as url: ...   # any other app, for as long as a test needs it
"""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import pytest

from veille.records import Document, Failure

TOKEN = "veille-test-token-7f3a"

# Two dispatches of one air strike (same place, day and attacker): the store merges them into one
# canonical event with two reports. The others give filters non-ASCII names and a path-like id.
STRIKE_A = Document(
    id="hand/strike-a.txt", doc_date="2024-03-15", source="tests",
    text="Des avions russes ont bombardé jeudi la ville de Saraqeb, dans la province d'Idleb, faisant au moins "
         "cinq morts, selon l'Observatoire syrien des droits de l'Homme.")
STRIKE_B = Document(
    id="hand/strike-b.txt", doc_date="2024-03-15", source="tests",
    text="L'aviation russe a frappé jeudi Saraqeb, dans le nord-ouest de la Syrie, tuant sept civils, a indiqué "
         "l'OSDH.")
PARIS = Document(
    id="hand/paris.txt", doc_date="2024-03-16", source="tests",
    text="Des milliers de manifestants ont défilé samedi à Paris contre la réforme des retraites.")
HAMA = Document(
    id="hand/hama.txt", doc_date="2024-03-16", source="tests",
    text="L'État islamique a revendiqué samedi un attentat suicide à Hama, qui a fait douze morts.")
HAND_DOCUMENTS = (STRIKE_A, STRIKE_B, PARIS, HAMA)


@contextmanager
def serve(app, **config) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yield its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture(scope="session")
def extracted(pipeline, shared_dir):
    """(document, events) of the dev corpus and the hand-written documents, extracted once."""
    from veille.readers import read_paths

    items = [*read_paths([shared_dir / "corpus" / "dev.jsonl"]), *HAND_DOCUMENTS]
    pairs = list(pipeline.process_stream(items))
    failed = [result.line() for _, result in pairs if isinstance(result, Failure)]
    assert not failed, failed
    return pairs


def _filled_store(request, tmp_path_factory, pairs, name: str):
    from veille.store import open_store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'veille.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(name)
    store = open_store(url)
    stats = store.write_batch(pairs)
    assert stats.stored == len(pairs), stats
    return store


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def api_store(request, tmp_path_factory, extracted):
    """The store the API tests read: dev corpus + hand-written documents."""
    store = _filled_store(request, tmp_path_factory, extracted, "veille_api")
    yield store
    store.close()


@pytest.fixture(scope="session")
def api_url(api_store) -> Iterator[str]:
    from veille.api import create_app

    with serve(create_app(api_store, token=TOKEN)) as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def fuzz_store(request, tmp_path_factory, extracted):
    """A store of its own for schemathesis, which stores what it generates."""
    store = _filled_store(request, tmp_path_factory, extracted, "veille_fuzz")
    yield store
    store.close()


@pytest.fixture(scope="session")
def fuzz_url(fuzz_store) -> Iterator[str]:
    from veille.api import create_app

    with serve(create_app(fuzz_store, token=TOKEN)) as url:
        yield url
