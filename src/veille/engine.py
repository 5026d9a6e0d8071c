"""Which engine extracts: the one place that chooses.

    process_stream(items, jobs=1)        this process (the pipeline loaded once per process)
    process_stream(items, jobs=4)        four worker processes (parallel.py), same pairs, same order
    ingest_local(store, items, jobs=4)   the same extraction, stored batch by batch (ingest.py)

``--engine ray`` is the other engine (distributed.py): a Ray Data job with its own actors, which
runs the ingest use case on each batch. The CLI comes here; nothing else picks between one
process and several.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Iterator

from .ingest import DEFAULT_BATCH, IngestStats, ingest
from .limits import DEFAULT_LIMITS, Limits
from .parallel import process_stream_parallel
from .pipeline import Pipeline, default_pipeline
from .records import Document, Failure, Result
from .store import Store


def process_stream(items: Iterable[Document | Failure], *, jobs: int = 1, limits: Limits | None = None,
                   pipeline: Pipeline | None = None) -> Iterator[Result]:
    """(item, events | failure) pairs in input order: from this process when ``jobs`` is 1
    (``pipeline``, else the process's default one; under ``limits`` when given), else from ``jobs``
    worker processes, each with the default pipeline and limits."""
    if jobs > 1:
        if pipeline is not None or (limits is not None and limits != DEFAULT_LIMITS):
            raise ValueError("worker processes run the default pipeline under the default limits")
        return process_stream_parallel(items, jobs=jobs)
    if pipeline is None:
        pipeline = default_pipeline()
    if limits is not None:
        pipeline = pipeline.with_limits(limits)
    return pipeline.process_stream(items)


def ingest_local(store: Store, items: Iterable[Document | Failure], *, jobs: int = 1,
                 pipeline: Pipeline | None = None, batch_size: int = DEFAULT_BATCH,
                 on_batch: Callable[[IngestStats], None] | None = None) -> IngestStats:
    """``ingest.ingest`` with the extraction of ``process_stream``: this process or ``jobs`` workers."""
    return ingest(store, items, extract=partial(process_stream, jobs=jobs, pipeline=pipeline),
                  batch_size=batch_size, on_batch=on_batch)
