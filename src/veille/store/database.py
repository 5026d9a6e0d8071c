"""The Store: one database (SQLite file by default, PostgreSQL by URL) holding documents, reports,
canonical events and failures.

    store = open_store("sqlite:///veille.db")       # or "postgresql+psycopg://user@host/db"
    stats = store.write_batch(pairs)                 # (document, events | Failure) pairs, one transaction
    store.event("3f2a...")                           # a canonical event with its reports

Writes happen one batch per transaction, under a lock that makes concurrent writers take turns
(SQLite's write lock taken at BEGIN IMMEDIATE; a PostgreSQL advisory lock), so a batch is stored
whole or not at all and two ingests never merge the same report twice.
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Mapping, Sequence

from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import IdConflict, StoreError
from ..flat import flatten
from ..records import Document, Event, Failure, Result
from . import schema
from .merge import MergeSettings, compatible, date_window

DEFAULT_URL = "sqlite:///veille.db"
# Any constant: the PostgreSQL advisory lock that lets one writer at a time merge reports.
_PG_WRITE_LOCK = 0x7665696C


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class BatchStats:
    stored: int = 0  # documents newly stored
    skipped: int = 0  # already stored (same content): nothing added
    failed: int = 0  # failures recorded
    reports: int = 0
    new_events: int = 0  # canonical events created
    merged: int = 0  # reports linked to an existing canonical event

    def add(self, other: "BatchStats") -> None:
        for name in BatchStats.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # The driver's own transaction handling is off: SQLAlchemy's "begin" event below issues BEGIN,
    # so that a writer can take the lock at once (BEGIN IMMEDIATE) instead of failing on upgrade.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers (the API) never wait for a writer
    cur.execute("PRAGMA busy_timeout=60000")  # a second writer waits its turn instead of failing
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: a killed process loses no committed batch
    cur.close()
    # SQLite's own lower() folds ASCII only ("État" stays "État"): the filters lower both sides,
    # so they need Python's, as PostgreSQL's lower() under a UTF-8 locale does
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("veille_write") else "BEGIN")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} (e.g. sqlite:///veille.db or postgresql+psycopg://host/db)") from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver pinned in pyproject.toml
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://...")
    if backend == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            folder = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(folder):
                raise StoreError(f"no such folder for the database: {folder}")
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


class Store:
    def __init__(self, url: str = DEFAULT_URL, *, merge: MergeSettings | None = None, create: bool = True):
        self.url = url
        self.engine = make_engine(url)
        self.merge = merge or MergeSettings()
        self.backend = self.engine.dialect.name
        if create:
            self._create()
        self._check_version()

    # -- schema -------------------------------------------------------------------------------
    def _create(self) -> None:
        with self._write() as conn:
            schema.metadata.create_all(conn)
            if conn.execute(select(schema.store_info.c.value).where(schema.store_info.c.key == "schema")).first() is None:
                conn.execute(insert(schema.store_info).values(key="schema", value=schema.SCHEMA_VERSION))
            self._add_columns(conn)

    @staticmethod
    def _add_columns(conn: Connection) -> None:
        """Columns added to schema 1 since its release, with a default, so that a store made before
        them opens as it is (no migration step, no new schema version): failures.code."""
        if "code" not in {c["name"] for c in inspect(conn).get_columns("failures")}:
            conn.exec_driver_sql(f"ALTER TABLE failures ADD COLUMN code VARCHAR(8) NOT NULL "
                                 f"DEFAULT '{schema.UNKNOWN_CODE}'")

    def _check_version(self) -> None:
        with self.engine.connect() as conn:
            try:
                row = conn.execute(select(schema.store_info.c.value).where(schema.store_info.c.key == "schema")).first()
            except Exception as exc:  # noqa: BLE001 - a database that is not a veille store
                raise StoreError(f"{self.url_safe}: not a veille store ({type(exc).__name__})") from exc
        if row is None or row[0] != schema.SCHEMA_VERSION:
            raise StoreError(f"{self.url_safe}: store schema {row[0] if row else '?'} is not {schema.SCHEMA_VERSION}")

    @property
    def url_safe(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(veille_write=True) as conn:
            with conn.begin():
                if self.backend == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                yield conn

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        hashes = list(hashes)
        if not hashes:
            return set()
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                found.update(conn.scalars(select(schema.documents.c.content_hash)
                                          .where(schema.documents.c.content_hash.in_(chunk))))
        return found

    def write_batch(self, pairs: Iterable[Result]) -> BatchStats:
        """Store one batch in one transaction: documents with their reports merged into canonical
        events, and failures with their codes and reasons. Already-stored content adds nothing."""
        stats = BatchStats()
        with self._write() as conn:
            for item, result in pairs:
                if isinstance(item, Failure):
                    self._record_failure(conn, item, "", None)
                    stats.failed += 1
                elif isinstance(result, Failure):
                    self._record_failure(conn, result, content_hash(item.text), item.source)
                    stats.failed += 1
                else:
                    self._store_document(conn, item, result, stats)
        return stats

    def _record_failure(self, conn: Connection, failure: Failure, digest: str, source: str | None) -> None:
        t = schema.failures
        where = (t.c.doc_id == failure.doc_id) & (t.c.content_hash == digest)
        values = {"reason": failure.reason, "code": failure.code, "source": source, "failed_at": _now()}
        if conn.execute(select(t.c.id).where(where)).first() is not None:
            conn.execute(update(t).where(where).values(**values))
        else:
            conn.execute(insert(t).values(doc_id=failure.doc_id, content_hash=digest, **values))

    def _store_document(self, conn: Connection, doc: Document, evs: list[Event], stats: BatchStats) -> None:
        digest = content_hash(doc.text)
        d = schema.documents
        if conn.execute(select(d.c.id).where(d.c.content_hash == digest)).first() is not None:
            stats.skipped += 1
            return
        if conn.execute(select(d.c.id).where(d.c.id == doc.id)).first() is not None:
            reason = ("document id already stored with other content: give the new version its own id "
                      f"[{IdConflict.code}]")
            self._record_failure(conn, Failure(doc.id, reason, IdConflict.code), digest, doc.source)
            stats.failed += 1
            return
        # the same event told twice in one clause is one report
        records = list({r["event_id"]: r for r in (ev.as_dict() for ev in evs)}.values())
        conn.execute(insert(d).values(id=doc.id, content_hash=digest, url=doc.url, doc_date=doc.doc_date,
                                      source=doc.source, text=doc.text, n_events=len(records), ingested_at=_now()))
        # a document that failed before and is now stored is no longer a failure
        conn.execute(schema.failures.delete().where(schema.failures.c.doc_id == doc.id))
        for record in records:
            self._store_report(conn, record, stats)
        stats.stored += 1

    def _store_report(self, conn: Connection, record: Mapping, stats: BatchStats) -> None:
        row = report_row(record)
        canonical = self._find_canonical(conn, row)
        if canonical is None:
            event_id = row["id"]
            conn.execute(insert(schema.events).values(
                id=event_id, **{c: row[c] for c in EVENT_COLUMNS}, n_reports=1, n_documents=1,
                first_doc_id=row["doc_id"], updated_at=_now()))
            stats.new_events += 1
        else:
            event_id = canonical["id"]
            stats.merged += 1
        conn.execute(insert(schema.reports).values(**row, event_id=event_id))
        if canonical is not None:
            self._refresh_canonical(conn, canonical, row)
        stats.reports += 1

    def _find_canonical(self, conn: Connection, row: Mapping) -> dict | None:
        window = date_window(row["date"], self.merge)
        e = schema.events
        q = select(e).where(e.c.type == row["type"])
        if window is not None:
            q = q.where(e.c.date >= window[0], e.c.date <= window[1])
        elif not self.merge.merge_undated:
            return None
        else:
            q = q.where(e.c.date.is_(None))
        if row["country"] is not None:
            q = q.where(e.c.country == row["country"])
        # never two reports of one document in one canonical event (see merge.py)
        same_doc = select(schema.reports.c.event_id).where(schema.reports.c.doc_id == row["doc_id"])
        q = q.where(e.c.id.not_in(same_doc))
        best: tuple[float, str, dict] | None = None  # the lowest (score, id): the closest, ties by id
        for cand in conn.execute(q).mappings():
            score = compatible(row, cand, self.merge)
            if score is not None and (best is None or (score, cand["id"]) < best[:2]):
                best = (score, cand["id"], dict(cand))
        return best[2] if best is not None else None

    def _refresh_canonical(self, conn: Connection, canonical: Mapping, row: Mapping) -> None:
        """Counts from the reports; a blank the new report fills; the lowest toll (ACLED's rule when
        sources disagree); a point that sharpens a division-level place."""
        r = schema.reports
        n_reports, n_documents = conn.execute(
            select(func.count(), func.count(r.c.doc_id.distinct())).where(r.c.event_id == canonical["id"])).one()
        values: dict = {"n_reports": n_reports, "n_documents": n_documents, "updated_at": _now()}
        for col in ("mode", "actor_name", "target_name", "claimed_by", "denied_by"):
            if canonical[col] is None and row[col] is not None:
                values[col] = row[col]
                if col in ("actor_name", "target_name"):
                    prefix = col.split("_")[0]
                    values[f"{prefix}_country"] = row[f"{prefix}_country"]
                    values[f"{prefix}_kind"] = row[f"{prefix}_kind"]
        for col in ("killed", "injured"):
            if row[col] is not None:
                values[col] = row[col] if canonical[col] is None else min(canonical[col], row[col])
        if canonical["geo_precision"] != "point" and row["geo_precision"] == "point":
            for col in ("location_name", "country", "admin1", "lat", "lon", "geo_precision", "geonameid"):
                values[col] = row[col]
        if row["confidence"] is not None and (canonical["confidence"] or 0) < row["confidence"]:
            values["confidence"] = row["confidence"]
        conn.execute(update(schema.events).where(schema.events.c.id == canonical["id"]).values(**values))

    # -- reading ------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("documents", schema.documents), ("reports", schema.reports),
                                    ("events", schema.events), ("failures", schema.failures))}

    def failures(self, limit: int | None = None) -> list[dict]:
        """The recorded failures, oldest first: ``doc_id``, ``source``, ``code``, ``reason``, ``failed_at``."""
        f = schema.failures
        q = select(f.c.doc_id, f.c.source, f.c.code, f.c.reason, f.c.failed_at).order_by(f.c.failed_at, f.c.id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def event(self, event_id: str) -> dict | None:
        """A canonical event as its CONTRACT.md dict with ``n_reports`` and every report."""
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.events).where(schema.events.c.id == event_id)).mappings().first()
            if row is None:
                return None
            return self.event_dicts(conn, [row])[0]

    def event_dicts(self, conn: Connection, rows: Sequence[Mapping[Any, Any]]) -> list[dict]:
        ids = [r["id"] for r in rows]
        by_event: dict[str, list[dict]] = {i: [] for i in ids}
        r = schema.reports
        for i in range(0, len(ids), 500):
            q = select(r).where(r.c.event_id.in_(ids[i:i + 500])).order_by(r.c.event_id, r.c.doc_id, r.c.evidence_start)
            for rep in conn.execute(q).mappings():
                by_event[rep["event_id"]].append(report_dict(rep))
        return [canonical_dict(row, by_event[row["id"]]) for row in rows]

    def document(self, doc_id: str) -> dict | None:
        """A stored document with its text and the spans of its reports."""
        d, r = schema.documents, schema.reports
        with self.engine.connect() as conn:
            doc = conn.execute(select(d).where(d.c.id == doc_id)).mappings().first()
            if doc is None:
                return None
            spans = [{"report_id": rep["id"], "event_id": rep["event_id"], "type": rep["type"],
                      "start": rep["evidence_start"], "end": rep["evidence_end"], "evidence": rep["evidence"],
                      "claimed_by": rep["claimed_by"], "denied_by": rep["denied_by"]}
                     for rep in conn.execute(select(r).where(r.c.doc_id == doc_id).order_by(r.c.evidence_start)).mappings()]
        return {"id": doc["id"], "url": doc["url"], "doc_date": doc["doc_date"], "source": doc["source"],
                "content_hash": doc["content_hash"], "ingested_at": doc["ingested_at"], "text": doc["text"],
                "n_events": doc["n_events"], "spans": spans}


EVENT_COLUMNS = tuple(c.name for c in schema.events.columns
                      if c.name not in ("id", "n_reports", "n_documents", "first_doc_id", "updated_at"))


def report_row(record: Mapping) -> dict:
    """An Event.as_dict() as a reports row."""
    flat = flatten(record)
    row = {c: flat.get(c) for c in EVENT_COLUMNS}
    row.update(id=flat["event_id"], doc_id=flat["doc_id"], evidence=flat["evidence"] or "",
               evidence_start=flat["evidence_start"], evidence_end=flat["evidence_end"],
               trigger=record.get("trigger"), record=json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return row


def _actor(row: Mapping, prefix: str) -> dict | None:
    if row[f"{prefix}_name"] is None:
        return None
    return {"name": row[f"{prefix}_name"], "country": row[f"{prefix}_country"], "kind": row[f"{prefix}_kind"]}


def _location(row: Mapping) -> dict | None:
    if row["location_name"] is None and row["lat"] is None:
        return None
    return {"name": row["location_name"], "country": row["country"], "admin1": row["admin1"], "lat": row["lat"],
            "lon": row["lon"], "precision": row["geo_precision"], "geonameid": row["geonameid"]}


def report_dict(rep: Mapping) -> dict:
    return {"report_id": rep["id"], "doc_id": rep["doc_id"],
            "evidence": {"text": rep["evidence"], "start": rep["evidence_start"], "end": rep["evidence_end"]},
            "claimed_by": rep["claimed_by"], "denied_by": rep["denied_by"],
            "date": {"value": rep["date"], "precision": rep["date_precision"]},
            "location": _location(rep), "trigger": rep["trigger"]}


def canonical_dict(row: Mapping, reports: list[dict]) -> dict:
    """The CONTRACT.md event of a canonical event: its first report's evidence and document, the
    merged roles, place, tolls and disputes, plus ``n_reports`` and the reports."""
    first = next((r for r in reports if r["doc_id"] == row["first_doc_id"]), reports[0] if reports else None)
    return {
        "doc_id": row["first_doc_id"],
        "event_id": row["id"],
        "type": row["type"],
        "mode": row["mode"],
        "actor": _actor(row, "actor"),
        "target": _actor(row, "target"),
        "location": _location(row),
        "date": {"value": row["date"], "precision": row["date_precision"]},
        "evidence": first["evidence"] if first else None,
        "claimed_by": row["claimed_by"],
        "denied_by": row["denied_by"],
        "fatalities": {"killed": row["killed"], "injured": row["injured"]},
        "confidence": row["confidence"],
        "n_reports": row["n_reports"],
        "n_documents": row["n_documents"],
        "stored_at": row["updated_at"],  # when the event was last stored or merged into (UTC, ISO 8601)
        "reports": reports,
    }


def open_store(url: str | None = None, *, merge: MergeSettings | None = None, create: bool = True) -> Store:
    """The store at ``url``, or $VEILLE_DB, or ./veille.db."""
    return Store(url or os.environ.get("VEILLE_DB") or DEFAULT_URL, merge=merge, create=create)
