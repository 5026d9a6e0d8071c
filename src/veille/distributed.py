"""The Ray engine: extraction as a Ray Data job, for corpora one machine cannot take in time.

    veille extract corpus/ --engine ray --output events/          # a local Ray, one actor per CPU
    RAY_ADDRESS=ray://head:10001 veille extract s3://bucket/news/ --engine ray --output s3://bucket/events/

The stages, in order:

1. read      ``VeilleFiles``, a Ray datasource over the inputs (files, folders, URIs): ``.txt``,
             ``.html`` and ``.jsonl`` through ``readers.read_stream``, so documents, ids and reasons
             are the local engine's (a JSONL file is read line by line, never whole); ``.parquet``
             row group by row group (columns ``id``, ``text``, ``url``?, ``doc_date``?, ``lang``?)
2. extract   ``map_batches`` on a pool of actors, each holding one Pipeline (loaded once)
3. write     Parquet, one row per event (the columns of ``flat.FLAT_COLUMNS``) and one row per
             document that could not be read or processed (``failure`` its reason, ``failure_code``
             its code, the event columns null); or, with ``ingest_with_ray``, each actor stores its
             batches in the event store (the ingest use case, ingest.py)

Ray is imported only here, and only when this engine runs: the CLI does not pay for it. Nothing
reaches the network: usage statistics and the dashboard are off. Row order is not kept (Ray Data
streams blocks as they finish); event ids are stable, so sort or join on them.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .errors import EngineError, MalformedRecord, MissingPath, ReadError
from .flat import FLAT_COLUMNS, flatten
from .ingest import ingest
from .pipeline import Pipeline
from .readers import DEFAULT_MAX_BYTES, SUFFIXES, document_from_text, read_stream
from .records import Document, Event, Failure
from .store import open_store

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

# Documents per actor call: a few nlp.pipe batches, so Ray's per-call cost (~1 ms) is nothing
# next to the parse (~20 ms a document) while a straggler batch stays short.
BATCH_SIZE = 32
# Rows per block the datasource yields: bounds a read task's memory on a large JSONL file.
ROWS_PER_BLOCK = 256
# Read size when splitting a JSONL stream into lines (Arrow's input streams have no readline).
READ_CHUNK = 1 << 20

PARQUET_SUFFIX = ".parquet"
DOCUMENT_COLUMNS = ("doc_id", "text", "url", "doc_date", "lang", "source", "failure", "failure_code")
# Parquet types of the event rows; every other column of FLAT_COLUMNS is a string.
_FLOAT_COLUMNS = {"lat", "lon", "confidence"}
_INT_COLUMNS = {"geonameid", "evidence_start", "evidence_end", "killed", "injured"}
FAILURE_COLUMN = "failure"
FAILURE_CODE_COLUMN = "failure_code"


def _pa() -> ModuleType:
    import pyarrow as pa

    return pa


def document_schema() -> "pa.Schema":
    pa = _pa()
    return pa.schema([(c, pa.string()) for c in DOCUMENT_COLUMNS])


def event_schema() -> "pa.Schema":
    """FLAT_COLUMNS typed, then ``failure`` and ``failure_code``: null on event rows, the reason and
    its code on failure rows."""
    pa = _pa()
    fields = []
    for c in FLAT_COLUMNS:
        kind = pa.float64() if c in _FLOAT_COLUMNS else pa.int64() if c in _INT_COLUMNS else pa.string()
        fields.append((c, kind))
    return pa.schema(fields + [(FAILURE_COLUMN, pa.string()), (FAILURE_CODE_COLUMN, pa.string())])


# --------------------------------------------------------------------------- rows <-> records
def _document_row(item: Document | Failure) -> dict:
    if isinstance(item, Failure):
        return {"doc_id": item.doc_id, FAILURE_COLUMN: item.reason, FAILURE_CODE_COLUMN: item.code}
    text_or_none = lambda v: None if v is None else str(v)  # noqa: E731 - JSONL may hold a number there
    return {"doc_id": item.id, "text": item.text, "url": text_or_none(item.url), "doc_date": item.doc_date,
            "lang": text_or_none(item.lang), "source": item.source}


def _item(row: dict) -> Document | Failure:
    if row.get(FAILURE_COLUMN) is not None:
        return Failure(row["doc_id"], row[FAILURE_COLUMN], row[FAILURE_CODE_COLUMN])
    return Document(id=row["doc_id"], text=row["text"], url=row.get("url"), doc_date=row.get("doc_date"),
                    lang=row.get("lang"), source=row.get("source"))


def parquet_documents(table: "pa.Table", name: str, first_row: int = 1) -> Iterator[Document | Failure]:
    """Rows of a Parquet corpus (``id``, ``text``, ``url``?, ``doc_date``?, ``lang``?; other columns
    ignored) as documents, with the checks ``readers.iter_jsonl`` makes on a JSONL record: a row
    without an id is ``name:row``, as a JSONL line without one is ``name:line``."""
    names = set(table.column_names)
    columns = {c: table.column(c).to_pylist() if c in names else [None] * table.num_rows
               for c in ("id", "text", "url", "doc_date", "lang")}
    for i in range(table.num_rows):
        row = first_row + i
        doc_id = columns["id"][i]
        doc_id = f"{name}:{row}" if doc_id is None or doc_id == "" else str(doc_id)
        text = columns["text"][i]
        if not isinstance(text, str):
            yield Failure(doc_id, f"row {row} has no text field", MalformedRecord.code)
            continue
        try:
            yield document_from_text(doc_id, text, url=columns["url"][i], doc_date=columns["doc_date"][i],
                                     lang=columns["lang"][i], source=name)
        except ReadError as exc:
            yield Failure(doc_id, exc.reason, exc.code)


def event_rows(result: list[Event] | Failure) -> list[dict]:
    """The output rows of one document: its events flattened, or its failure."""
    if isinstance(result, Failure):
        return [{"doc_id": result.doc_id, FAILURE_COLUMN: result.reason, FAILURE_CODE_COLUMN: result.code}]
    return [flatten(ev.as_dict()) for ev in result]


class ExtractBatch:
    """A Ray actor's work: one Pipeline, loaded when the actor starts, for every batch it gets."""

    def __init__(self) -> None:
        self.pipeline = Pipeline()

    def __call__(self, batch: pa.Table) -> pa.Table:
        pa = _pa()
        items = [_item(row) for row in batch.to_pylist()]
        rows = []
        for _, result in self.pipeline.process_stream(items):
            rows.extend(event_rows(result))
        schema = event_schema()
        return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)


class IngestBatch:
    """A Ray actor that stores what it extracts (the ingest use case, ingest.py, on each batch); one
    stats row per batch."""

    def __init__(self, url: str) -> None:
        self.pipeline = Pipeline()
        self.store = open_store(url)

    def __call__(self, batch: pa.Table) -> pa.Table:
        pa = _pa()
        stats = ingest(self.store, [_item(row) for row in batch.to_pylist()], extract=self.pipeline.process_stream)
        return pa.Table.from_pylist([{name: getattr(stats, name) for name in _STAT_NAMES}])


_STAT_NAMES = ("read", "stored", "skipped", "failed", "reports", "new_events", "merged")


# --------------------------------------------------------------------------- reading
def _split_lines(stream: Any, size: int = READ_CHUNK) -> Iterator[bytes]:
    """Lines of a binary stream, each with its b"\\n" (as iterating a file opened "rb" gives)."""
    buf = bytearray()
    while chunk := stream.read(size):
        buf += chunk
        start = 0
        while (end := buf.find(b"\n", start)) >= 0:
            yield bytes(buf[start:end + 1])
            start = end + 1
        del buf[:start]
    if buf:
        yield bytes(buf)


class _LineStream:
    """What ``readers.read_stream`` iterates for JSONL, and reads whole for a text or HTML file."""

    def __init__(self, stream: Any) -> None:  # an Arrow input stream
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        return _split_lines(self.stream)

    def read(self, n: int = -1) -> bytes:
        return self.stream.read(n) if n is not None and n >= 0 else self.stream.readall()


def _fs_root(path: str) -> str:
    """A path as Arrow's filesystems name it: absolute for local paths, without the scheme for URIs."""
    if "://" in path:
        return path.split("://", 1)[1].rstrip("/")
    return str(Path(path).resolve())


def document_name(file_path: str, roots: Iterable[str]) -> str:
    """The document id the local engine gives: a file given by name is its name; a file found in a
    folder given is its path relative to that folder."""
    for root in roots:
        if file_path == root:
            return PurePosixPath(file_path).name
        if file_path.startswith(root + "/"):
            return file_path[len(root) + 1:]
    return PurePosixPath(file_path).name


def _read_parquet(f: Any, name: str) -> Iterator[Document | Failure]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(f)
    wanted = [c for c in ("id", "text", "url", "doc_date", "lang") if c in pf.schema_arrow.names]
    row = 1
    for batch in pf.iter_batches(batch_size=ROWS_PER_BLOCK, columns=wanted):
        yield from parquet_documents(_pa().Table.from_batches([batch]), name, row)
        row += batch.num_rows


def _make_datasource(paths: list[str], roots: list[str], max_bytes: int) -> Any:
    from ray.data.datasource import FileBasedDatasource  # Ray: optional, imported when this engine runs

    class VeilleFiles(FileBasedDatasource):
        """veille's inputs, one row per document (DOCUMENT_COLUMNS), read by veille's own readers."""

        def __init__(self, paths: list[str], *, roots: list[str], max_bytes: int) -> None:
            super().__init__(paths, file_extensions=[s.lstrip(".") for s in (*SUFFIXES, PARQUET_SUFFIX)])
            self.roots = roots
            self.max_bytes = max_bytes

        def _open_input_source(self, filesystem: Any, path: str, **open_args: Any) -> Any:
            if _is_parquet(path):  # Parquet needs random access (its footer is at the end)
                return filesystem.open_input_file(path)
            return super()._open_input_source(filesystem, path, **open_args)

        def _read_stream(self, f: Any, path: str) -> Iterator[pa.Table]:
            pa = _pa()
            name = document_name(path, self.roots)
            items = _read_parquet(f, name) if _is_parquet(path) else \
                read_stream(_LineStream(f), name, max_bytes=self.max_bytes)
            rows = []
            for item in items:
                rows.append(_document_row(item))
                if len(rows) >= ROWS_PER_BLOCK:
                    yield pa.Table.from_pylist(rows, schema=document_schema())
                    rows = []
            if rows:
                yield pa.Table.from_pylist(rows, schema=document_schema())

    return VeilleFiles(paths, roots=roots, max_bytes=max_bytes)


def _is_parquet(path: str) -> bool:
    return path.lower().endswith(PARQUET_SUFFIX)


def documents_dataset(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Any, list[Failure]]:
    """A Ray Dataset of document rows (DOCUMENT_COLUMNS) from the inputs, and the local paths that
    do not exist, as ``Failure``s for the caller to report (the run goes on without them)."""
    import ray  # Ray, an optional dependency, is imported only when this engine runs (module docstring)

    found, failures = [], []
    for p in map(str, paths):
        if "://" in p or Path(p).exists():
            found.append(p if "://" in p else str(Path(p).resolve()))
        else:
            failures.append(Failure(p, "no such file or directory", MissingPath.code))
    if not found:
        raise EngineError("no input to read" + "".join(f"; {f.line()}" for f in failures))
    source = _make_datasource(found, [_fs_root(p) for p in found], max_bytes)
    return ray.data.read_datasource(source, num_cpus=AUX_CPUS), failures


# --------------------------------------------------------------------------- the session
@contextmanager
def ray_session(*, num_cpus: int | None = None) -> Iterator[ModuleType]:
    """Ray started for this run (or the one already running in this process): the cluster of
    ``RAY_ADDRESS`` when it is set, else a fresh local one with ``num_cpus`` CPUs. Offline."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray  # an optional dependency (pip install -e '.[ray]'), imported only when this engine runs
    except ImportError:
        raise EngineError("Ray is not installed: pip install 'ray[data]==2.60.0' "
                             "(or pip install -e '.[ray]')") from None
    if ray.is_initialized():
        yield ray
        return
    address = os.environ.get("RAY_ADDRESS") or None
    # the actors parse as this process would: every sentence with VEILLE_FULL_PARSE=1 (pipeline.py)
    switch = {k: os.environ[k] for k in ("VEILLE_FULL_PARSE",) if k in os.environ}
    runtime_env = {"env_vars": switch} if switch else None
    try:
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, runtime_env=runtime_env)
        else:
            ray.init(address="local", num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False, runtime_env=runtime_env)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineError(f"cannot start Ray{f' at RAY_ADDRESS={address}' if address else ''}: {exc}") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def _actors(ray: ModuleType, jobs: int | None) -> Any:
    """A fixed pool of ``jobs`` actors, else one per CPU of the cluster."""
    size = jobs or max(1, int(ray.cluster_resources().get("CPU", 1)))
    return ray.data.ActorPoolStrategy(size=size)


def extract_with_ray(paths: Iterable[str], output: str, *, jobs: int | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES, num_cpus: int | None = None) -> list[Failure]:
    """Extract every document of ``paths`` into Parquet files under ``output`` (a folder or a URI).
    Returns the inputs that do not exist (the run goes on without them)."""
    with ray_session(num_cpus=num_cpus) as ray:
        ds, failures = documents_dataset(paths, max_bytes=max_bytes)
        events = ds.map_batches(ExtractBatch, batch_size=BATCH_SIZE, batch_format="pyarrow",
                                compute=_actors(ray, jobs), num_cpus=_actor_cpus(ray, jobs))
        events.write_parquet(str(output), mode="overwrite", ray_remote_args={"num_cpus": AUX_CPUS})
    return failures


def ingest_with_ray(paths: Iterable[str], url: str, *, jobs: int | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, num_cpus: int | None = None) -> tuple[dict, list[Failure]]:
    """Extract and store every document of ``paths`` in the event store at ``url`` (PostgreSQL for
    a cluster: every actor writes to it); the summed ingest counts and the missing inputs."""
    with ray_session(num_cpus=num_cpus) as ray:
        ds, failures = documents_dataset(paths, max_bytes=max_bytes)
        stats = ds.map_batches(IngestBatch, fn_constructor_args=(url,), batch_size=BATCH_SIZE,
                               batch_format="pyarrow", compute=_actors(ray, jobs), num_cpus=_actor_cpus(ray, jobs))
        totals = dict.fromkeys(_STAT_NAMES, 0)
        for row in stats.iter_rows():
            for name in _STAT_NAMES:
                totals[name] += row[name]
    return totals, failures


# CPUs a read or a write task reserves. Ray Data starts the actors before the other tasks; actors
# holding every CPU leave none to read or write with, and the job waits forever (ray-project/ray#44687,
# seen here with two actors on two CPUs). Reading and writing are a small share of the work, so their
# tasks ask for a tenth of a CPU each, and an actor pool as large as the cluster leaves them that much.
AUX_CPUS = 0.1


def _actor_cpus(ray: ModuleType, jobs: int | None) -> float:
    """CPUs each actor reserves: one, or less when the pool would take every CPU of the cluster."""
    cpus = float(ray.cluster_resources().get("CPU", 1))
    size = jobs or max(1, int(cpus))
    return round(min(1.0, (cpus - 2 * AUX_CPUS) / size), 3) if size >= cpus - 2 * AUX_CPUS else 1.0


def read_events(output: str | Path) -> list[dict]:
    """The rows written by ``extract_with_ray`` (events and failures), for tests and small checks."""
    import pyarrow.parquet as pq

    return pq.read_table(str(output)).to_pylist()
