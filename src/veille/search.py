"""The query use case: stored events by the filters of `veille events` and `GET /events`, with
``near`` given as a place name resolved by the gazetteer ("Hama") as well as "lat,lon".

The store answers filters on its own columns (store/query.py); the gazetteer belongs to the
places stage, so the look-up of a place name is joined to the store's query here, above both.
"""
from __future__ import annotations

from .places.resolve import DocumentContext, Toponym, default_resolver
from .store import Store
from .store.query import EventPage, EventQuery
from .store.query import count_by_day as _count_by_day
from .store.query import near_point as _near_point
from .store.query import select_events as _select_events


def locate(name: str) -> tuple[float, float, str] | None:
    """(lat, lon, what it is) of the place the gazetteer gives for a name alone, None when none."""
    mention = default_resolver().resolve_one(Toponym(0, len(name), name), DocumentContext(()))
    p = mention.place
    if p is None or p.lat is None or p.lon is None:
        return None
    return p.lat, p.lon, f"{p.name} ({p.country}, GeoNames {p.geonameid})"


def near_point(value: str) -> tuple[float, float, str]:
    """(lat, lon, what it is) of a "lat,lon" pair or a place name (QueryError when neither)."""
    return _near_point(value, locate)


def select_events(store: Store, q: EventQuery) -> EventPage:
    """Canonical events matching every filter, newest first, with their reports."""
    return _select_events(store, q, locate=locate)


def count_by_day(store: Store, q: EventQuery) -> list[dict]:
    """Events per day and type under the filters, oldest first (store.query.count_by_day)."""
    return _count_by_day(store, q, locate=locate)
