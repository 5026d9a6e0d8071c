"""The query use case: stored events by the filters of `veille events` and `GET /events`, with
``near`` given as a place name resolved by the gazetteer ("Hama") as well as "lat,lon".

The store answers filters on its own columns (store/query.py); the gazetteer belongs to the
places stage, so the look-up of a place name is joined to the store's query here, above both, and
so are the names shown to readers (``location.display_name``, places/display.py), which the store
does not keep: they come from the gazetteer by GeoNames id, for stores made before them too.
"""
from __future__ import annotations

from .countries import french_name
from .places.gazetteer import default_gazetteer
from .places.resolve import DocumentContext, Toponym, default_resolver
from .store import Store
from .store.query import EventPage, EventQuery
from .store.query import count_by_day as _count_by_day
from .store.query import count_by_month_dated as _count_by_month_dated
from .store.query import near_point as _near_point
from .store.query import select_events as _select_events
from .store.query import summarise as _summarise


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
    page = _select_events(store, q, locate=locate)
    for event in page.events:
        with_display_names(event)
    return page


def event(store: Store, event_id: str) -> dict | None:
    """One canonical event with its reports, None when there is none."""
    found = store.event(event_id)
    return with_display_names(found) if found is not None else None


def with_display_names(event: dict) -> dict:
    """``event`` (a canonical event from the store) with ``display_name`` in its location and its
    reports' locations."""
    for location in [event.get("location"), *(r.get("location") for r in event.get("reports") or ())]:
        if location and "display_name" not in location:
            location["display_name"] = display_name(location.get("geonameid"), location.get("name"))
    return event


def display_name(geonameid: int | None, name: str | None) -> str | None:
    """The name shown for GeoNames entry ``geonameid`` (``name`` when the gazetteer has none)."""
    gazetteer = default_gazetteer()
    entry = gazetteer.entry(geonameid) if geonameid is not None else None
    return gazetteer.display_name(entry) if entry is not None else name


def count_by_day(store: Store, q: EventQuery) -> list[dict]:
    """Events per day and type under the filters, oldest first (store.query.count_by_day)."""
    return _count_by_day(store, q, locate=locate)


def count_by_month_dated(store: Store, q: EventQuery) -> list[dict]:
    """Events dated by their month only, per month and type (store.query.count_by_month_dated)."""
    return [{"month": row["date"], "type": row["type"], "count": row["count"]}
            for row in _count_by_month_dated(store, q, locate=locate)]


def summarise(store: Store, q: EventQuery) -> dict:
    """Counts and tolls by month and by country (store.query.summarise), countries with their
    French names."""
    found = _summarise(store, q, locate=locate)
    for row in found["by_country"]:
        row["name"] = french_name(row["country"]) if row["country"] else None
    return found
