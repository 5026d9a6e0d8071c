"""Documents in, stored events out: read, skip what is stored, extract, write batch by batch.

Content already in the store is skipped before it is parsed, so re-running a run that was killed
resumes where it stopped and costs only the read. Each batch is one transaction: after a crash
a document is stored whole (with all its reports) or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice
from typing import Callable, Iterable, Iterator

from ..readers import ReadFailure
from ..records import Document
from .database import BatchStats, Store, content_hash

DEFAULT_BATCH = 50


@dataclass
class IngestStats(BatchStats):
    read: int = 0  # documents and failures seen in the input

    def line(self) -> str:
        return (f"{self.read} read, {self.stored} stored, {self.skipped} already stored, {self.failed} failed; "
                f"{self.reports} reports: {self.new_events} new events, {self.merged} merged into known ones")


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(store: Store, items: Iterable[Document | ReadFailure], *, pipeline=None, jobs: int = 1,
           batch_size: int = DEFAULT_BATCH, on_batch: Callable[[IngestStats], None] | None = None) -> IngestStats:
    """Store ``items`` (from readers.read_paths) with their events. ``on_batch`` sees the running
    totals after each committed batch (the CLI's progress bar)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    total = IngestStats()

    def new_items() -> Iterator[Document | ReadFailure]:
        for chunk in _chunks(items, batch_size):
            total.read += len(chunk)
            known = store.known_hashes({content_hash(i.text) for i in chunk if isinstance(i, Document)})
            for item in chunk:
                if isinstance(item, Document) and content_hash(item.text) in known:
                    total.skipped += 1
                else:
                    yield item

    for pairs in _chunks(_extract(new_items(), pipeline, jobs), batch_size):
        total.add(store.write_batch(pairs))
        if on_batch is not None:
            on_batch(total)
    if on_batch is not None and total.read and not (total.stored or total.failed):
        on_batch(total)  # everything was already stored: still report the count
    return total


def _extract(items: Iterable[Document | ReadFailure], pipeline, jobs: int):
    items = iter(items)
    first = next(items, None)
    if first is None:
        return  # all stored already: no need to load the parser
    items = chain([first], items)
    if jobs > 1:
        from ..parallel import process_stream_parallel

        yield from process_stream_parallel(items, jobs=jobs)
        return
    if pipeline is None:
        from ..pipeline import default_pipeline

        pipeline = default_pipeline()
    yield from pipeline.process_stream(items)
