"""The store's tables (SQLAlchemy Core, the same on SQLite and PostgreSQL).

    documents   one row per stored text, unique by content hash (ingesting it again adds nothing)
    reports     one row per event one document tells (Event.as_dict(), flattened for filtering)
    events      one row per canonical event: the reports of one happening, merged (merge.py)
    failures    documents that could not be read or processed, with the reason and its code

A report points to its canonical event; a canonical event's columns are those of its first
report, with the counts, tolls and disputes of all of them.
"""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

# The code of a failure recorded before the failures table had a code column (errors.VeilleError's).
UNKNOWN_CODE = "V000"

# The flattened columns shared by reports and canonical events: what the filters look at.
def _event_columns() -> list[Column]:
    return [
        Column("type", String(16), nullable=False),
        Column("mode", String(16)),
        Column("actor_name", String(200)),
        Column("actor_country", String(3)),
        Column("actor_kind", String(20)),
        Column("target_name", String(200)),
        Column("target_country", String(3)),
        Column("target_kind", String(20)),
        Column("location_name", String(200)),
        Column("country", String(2)),
        Column("admin1", String(200)),
        Column("lat", Float),
        Column("lon", Float),
        Column("geo_precision", String(10)),
        Column("geonameid", Integer),
        Column("date", String(10)),
        Column("date_precision", String(5)),
        Column("claimed_by", String(200)),
        Column("denied_by", String(200)),
        Column("killed", Integer),
        Column("injured", Integer),
        Column("confidence", Float),
    ]


documents = Table(
    "documents", metadata,
    Column("id", String(300), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("doc_date", String(10)),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", String(16), primary_key=True),
    *_event_columns(),
    Column("n_reports", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("first_doc_id", String(300), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("events_type_date", events.c.type, events.c.date)
Index("events_country_admin1", events.c.country, events.c.admin1)

reports = Table(
    "reports", metadata,
    Column("id", String(16), primary_key=True),  # Event.event_id: stable for the same text and span
    Column("doc_id", String(300), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(16), ForeignKey("events.id"), nullable=False),
    *_event_columns(),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("trigger", String(100)),
    Column("record", Text, nullable=False),  # the CONTRACT.md event as JSON, with fields added later
)
Index("reports_event", reports.c.event_id)
Index("reports_doc", reports.c.doc_id)
Index("reports_merge", reports.c.type, reports.c.date)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(300), nullable=False),
    Column("content_hash", String(64), nullable=False),  # "" when the document could not be read
    Column("source", Text),
    Column("reason", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
    # the reason's code (errors.py). Added after schema 1 was released: a store made before it gets
    # the column when opened, its old rows the default (V000: recorded before codes were kept);
    # a veille from before that writes no code gets the default too (see Store._add_columns)
    Column("code", String(8), nullable=False, server_default=UNKNOWN_CODE),
    UniqueConstraint("doc_id", "content_hash", name="failures_once"),
)

# Written at creation, read at open: a store made by another schema version is refused, not misread.
store_info = Table(
    "store_info", metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
)

SCHEMA_VERSION = "1"
