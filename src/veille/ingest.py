"""The ingest use case: documents in, stored events out. Read, skip what is stored, extract,
write batch by batch.

    ingest(store, read_paths(["corpus/"]), extract=pipeline.process_stream)

``extract`` is any engine's stream of (item, events | failure) pairs: ``engine.ingest_local``
passes this process's pipeline or the worker processes (``--jobs``), and each actor of the Ray
engine (distributed.py) passes its own pipeline. Content already in the store is skipped before
it is parsed, so re-running a run that was killed resumes where it stopped and costs only the
read. Each batch is one transaction: after a crash a document is stored whole (with all its
reports) or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice
from typing import Callable, Iterable, Iterator, TypeVar

from .records import Document, Failure, Result
from .store import BatchStats, Store, content_hash

DEFAULT_BATCH = 50

# An engine's extraction: items in, (item, events | failure) pairs out, in any order.
Extract = Callable[[Iterable[Document | Failure]], Iterable[Result]]

T = TypeVar("T")


@dataclass
class IngestStats(BatchStats):
    read: int = 0  # documents and failures seen in the input

    def line(self) -> str:
        return (f"{self.read} read, {self.stored} stored, {self.skipped} already stored, {self.failed} failed; "
                f"{self.reports} reports: {self.new_events} new events, {self.merged} merged into known ones")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(store: Store, items: Iterable[Document | Failure], *, extract: Extract,
           batch_size: int = DEFAULT_BATCH, on_batch: Callable[[IngestStats], None] | None = None) -> IngestStats:
    """Store ``items`` (from readers.read_paths) with the events ``extract`` finds. ``on_batch``
    sees the running totals after each committed batch (the CLI's progress bar)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    total = IngestStats()

    def new_items() -> Iterator[Document | Failure]:
        for chunk in _chunks(items, batch_size):
            total.read += len(chunk)
            known = store.known_hashes({content_hash(i.text) for i in chunk if isinstance(i, Document)})
            for item in chunk:
                if isinstance(item, Document) and content_hash(item.text) in known:
                    total.skipped += 1
                else:
                    yield item

    for pairs in _chunks(_extract(new_items(), extract), batch_size):
        total.add(store.write_batch(pairs))
        if on_batch is not None:
            on_batch(total)
    if on_batch is not None and total.read and not (total.stored or total.failed):
        on_batch(total)  # everything was already stored: still report the count
    return total


def _extract(items: Iterable[Document | Failure], extract: Extract) -> Iterator[Result]:
    it = iter(items)
    first = next(it, None)
    if first is None:
        return  # all stored already: the engine is not started (no parser loaded)
    yield from extract(chain([first], it))
