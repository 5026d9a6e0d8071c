"""The event store: documents, reports merged into canonical events, failures (SQLite or PostgreSQL).
"""
from .database import DEFAULT_URL, BatchStats, Store, content_hash, open_store
from .ingest import IngestStats, ingest
from .merge import MergeSettings
from .query import EventPage, EventQuery, select_events

__all__ = ["DEFAULT_URL", "BatchStats", "EventPage", "EventQuery", "IngestStats", "MergeSettings", "Store",
           "content_hash", "ingest", "open_store", "select_events"]
