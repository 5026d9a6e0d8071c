"""Extraction in a process of its own, so that one past its time limit is stopped, not left running.

A thread cannot be stopped from outside; a process can. The server keeps one extraction process
(spawned, not forked: a fork would copy the parent's open SQLite connection to the gazetteer, as
parallel.py says). It loads the pipeline once, then answers one job at a time over a pipe. A job
not answered by its deadline has its process killed at once (SIGKILL: the parser holds no lock
that outlives it) and a new one started, which loads the model while nobody waits for it; the
client has been answered 504 (V610) already.

    process = ExtractionProcess()
    process.start()                      # returns at once; the child loads the model
    process.wait_ready(time.monotonic() + 60)
    document, events = process.call(("id", "text", None, None, None), deadline)
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ProcessingError, VeilleError, WorkerDied
from ..pipeline import default_pipeline
from ..readers import document_from_text
from ..records import Document, Event
from .errors import ExtractTimeout

_CONTEXT = multiprocessing.get_context("spawn")

Job = tuple[str, str, str | None, str | None, str | None]  # doc_id, text, doc_date, url, lang


def _extract(doc_id: str, text: str, doc_date: str | None, url: str | None,
             lang: str | None = None) -> tuple[Document, list[Event]]:
    document = document_from_text(doc_id, text, url=url, doc_date=doc_date, lang=lang, source="<api>")
    return document, default_pipeline().process(document)


def _child(conn: Connection) -> None:
    """The extraction process: load, say ready, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which ends this process
    default_pipeline()
    try:
        conn.send(("ready", None))
    except OSError:  # the server went away while the model loaded
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        try:
            answer: tuple[str, Any] = ("ok", _extract(*job))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the request that caused it
            answer = ("error", exc)
        try:
            conn.send(answer)
        except Exception as exc:  # noqa: BLE001 - an exception that does not pickle: its text then
            conn.send(("error", ProcessingError(f"extraction failed: {type(exc).__name__}: {exc}")))


class ExtractionProcess:
    """One extraction process, replaced when it is killed for time or dies. Calls are serialised
    (one job at a time); ``restarts`` counts the replacements."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None  # multiprocessing's SpawnProcess
        self._conn: Connection | None = None
        self._ready = False
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """A process loading the pipeline, unless one is there; returns at once."""
        if self._process is not None and self._process.is_alive():
            return
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_child, args=(child,), name="veille-api-extraction", daemon=True)
        process.start()
        child.close()
        self._process, self._conn, self._ready = process, parent, False

    def wait_ready(self, deadline: float) -> bool:
        """Start the process if needed and wait until it has loaded the pipeline or ``deadline``
        (time.monotonic()) passes; True when ready."""
        with self._lock:
            return self._wait_ready(deadline)

    def _wait_ready(self, deadline: float) -> bool:
        self.start()
        if self._ready:
            return True
        assert self._conn is not None
        try:
            if not self._conn.poll(max(0.0, deadline - time.monotonic())):
                return False  # still loading: left to load for the next job
            self._conn.recv()
        except (EOFError, OSError):
            self._replace()
            raise WorkerDied("the extraction process died while loading the model") from None
        self._ready = True
        return True

    def call(self, job: Job, deadline: float) -> tuple[Document, list[Event]]:
        """(document, events) of one job, or ExtractTimeout when ``deadline`` passes first (the
        process is then killed and replaced), or the exception the extraction raised."""
        with self._lock:
            if time.monotonic() >= deadline:  # waited past it in the queue: not started at all
                raise ExtractTimeout("extraction not started: its time ran out in the queue")
            if not self._wait_ready(deadline):
                raise ExtractTimeout("the extraction process is still loading the model: try again shortly")
            assert self._conn is not None
            try:
                self._conn.send(job)
                answered = self._conn.poll(max(0.0, deadline - time.monotonic()))
                if not answered:
                    self._replace()
                    raise ExtractTimeout("extraction stopped: over the time limit")
                kind, value = self._conn.recv()
            except (EOFError, OSError):
                self._replace()
                raise WorkerDied("the extraction process died during the extraction") from None
        if kind == "error":
            if isinstance(value, VeilleError):
                raise value
            raise ProcessingError(f"extraction failed: {type(value).__name__}: {value}")
        return value

    def _replace(self) -> None:
        """Kill the process (it may be in the middle of a parse) and start another one."""
        self.stop()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn, self._ready = None, None, False
        if process is not None and process.is_alive():
            process.kill()
        if process is not None:
            process.join(10)
        if conn is not None:
            conn.close()
