"""Extraction off the event loop: one worker thread per process, a bounded queue (503 beyond it),
a time limit (504), and threads of their own for gazetteer look-ups."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from ..pipeline import default_pipeline
from ..readers import document_from_text
from .errors import Busy, ExtractTimeout

# fr_core_news_md parses roughly 5,000-10,000 words a second on one core: 30 s covers a text at the
# default 1 MB body limit; past it the client is answered 504 and the worker finishes alone.
EXTRACT_TIMEOUT_S = 30.0
# A client gets this long to send its whole body: a trickling client cannot hold a worker forever.
# Extractions run one at a time (the parser and the gazetteer are shared); beyond this many
# waiting, new ones are refused (503) instead of queueing minutes of work.
MAX_PENDING_EXTRACTIONS = 4


class Worker:
    """Runs extractions on one thread per process (the pipeline is loaded once per process, with
    shared caches and a shared read-only SQLite connection), at most MAX_PENDING_EXTRACTIONS
    queued; gazetteer look-ups for reads go to threads of their own (`lookup`). Each app keeps its
    own time limit."""

    _pool: ThreadPoolExecutor | None = None
    _lookups: ThreadPoolExecutor | None = None
    _pending = 0
    _lock = threading.Lock()

    def __init__(self, timeout_s: float):
        self.timeout_s = timeout_s

    def submit(self, fn, *args) -> Future:
        cls = Worker
        with cls._lock:
            if cls._pending >= MAX_PENDING_EXTRACTIONS:
                raise Busy(f"{cls._pending} extractions are waiting: try again later")
            if cls._pool is None:
                cls._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-api-worker")
            cls._pending += 1
        future = cls._pool.submit(fn, *args)
        future.add_done_callback(_one_done)
        return future

    def run(self, fn, *args):
        """From a request thread: the result, or ExtractTimeout past the limit."""
        future = self.submit(fn, *args)
        try:
            return future.result(timeout=self.timeout_s)
        except TimeoutError:
            future.cancel()  # still queued: never starts; running: finishes alone, unanswered
            raise ExtractTimeout(f"not done within {self.timeout_s:g} s") from None

    def lookup(self, fn, *args):
        """From a request thread: a read that needs the gazetteer (a place name for `near`), on
        threads of its own. A look-up takes milliseconds; it never waits behind extractions, which
        take seconds each, and is never refused because they are queued."""
        cls = Worker
        with cls._lock:
            if cls._lookups is None:
                cls._lookups = ThreadPoolExecutor(max_workers=2, thread_name_prefix="veille-api-lookup")
        try:
            return cls._lookups.submit(fn, *args).result(timeout=self.timeout_s)
        except TimeoutError:
            raise ExtractTimeout(f"look-up not done within {self.timeout_s:g} s") from None

    async def run_async(self, fn, *args):
        future = self.submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            raise ExtractTimeout(f"extraction not done within {self.timeout_s:g} s") from None


def _one_done(_future: Future) -> None:
    with Worker._lock:
        Worker._pending -= 1


def _extract(doc_id: str, text: str, doc_date: str | None, url: str | None, lang: str | None = None):
    document = document_from_text(doc_id, text, url=url, doc_date=doc_date, lang=lang, source="<api>")
    return document, default_pipeline().process(document)
