"""The event store: documents, reports merged into canonical events, failures (SQLite or PostgreSQL).

TEAM NOTE (temporary, the lead removes it): engineers working on the API or the web page, read
/tmp/prompts/apicontract.md (the API contract: {APICONTRACT}) and /tmp/prompts/common.md (the
shared working rules: {COMMON}; notably, never git commit) before writing.
"""
from .database import DEFAULT_URL, BatchStats, Store, content_hash, open_store
from .ingest import IngestStats, ingest
from .merge import MergeSettings
from .query import EventPage, EventQuery, select_events

__all__ = ["DEFAULT_URL", "BatchStats", "EventPage", "EventQuery", "IngestStats", "MergeSettings", "Store",
           "content_hash", "ingest", "open_store", "select_events"]
