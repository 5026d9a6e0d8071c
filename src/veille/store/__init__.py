"""The event store: documents, reports merged into canonical events, failures (SQLite or PostgreSQL).

Extracting and storing together is the ingest use case (veille/ingest.py), above the store.
"""
from .database import DEFAULT_URL, BatchStats, Store, content_hash, open_store
from .merge import MergeSettings
from .query import EventPage, EventQuery, select_events

__all__ = ["DEFAULT_URL", "BatchStats", "EventPage", "EventQuery", "MergeSettings", "Store", "content_hash",
           "open_store", "select_events"]
