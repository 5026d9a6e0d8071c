"""Filters over canonical events, shared by `veille events` and `GET /events`.

Every value reaches the database as a bound parameter (SQLAlchemy expressions), never as SQL
text. The distance filter is a bounding box in SQL, then the great circle in Python.

``near`` is a "lat,lon" pair, or a place name that ``locate`` turns into one: the store knows no
gazetteer, so ``veille.search`` passes the gazetteer's look-up (the CLI and the API call it).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from ..countries import lookup_alpha2
from ..errors import QueryError
from ..geometry import great_circle_km
from . import schema
from .database import Store

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # dates are compared as ISO text: only this form is safe
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
MAX_LIMIT = 10_000

# A place name -> (lat, lon, what it is), or None when no place has that name.
Locate = Callable[[str], tuple[float, float, str] | None]


@dataclass
class EventQuery:
    types: list[str] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2, alpha-3 or an English name
    admin1: str | None = None
    actor: str | None = None  # actor or target, case-insensitive substring of the canonical name
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    near: str | None = None  # a place name the gazetteer knows, or "lat,lon"
    radius_km: float = 50.0
    text: str | None = None  # in any report's evidence, case-insensitive
    min_reports: int = 1
    limit: int | None = 100
    offset: int = 0

    def validate(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    if not _DAY.match(value):
                        raise ValueError(value)
                    date.fromisoformat(value)
                except ValueError:
                    raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
        if self.radius_km <= 0 or self.radius_km > 20_000:
            raise QueryError(f"radius: {self.radius_km} km is not between 0 and 20,000")
        if self.limit is not None and not (0 < self.limit <= MAX_LIMIT):
            raise QueryError(f"limit: {self.limit} is not between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise QueryError("offset: must not be negative")


def country_code(value: str) -> str:
    value = value.strip()
    alpha2 = lookup_alpha2(value)
    if alpha2 is None:
        raise QueryError(f"country: {value!r} is not an ISO code or a country name")
    return alpha2


def near_point(value: str, locate: Locate | None = None) -> tuple[float, float, str]:
    """(lat, lon, what it is) of a "lat,lon" pair, or of a place name through ``locate``."""
    m = _LATLON.match(value)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise QueryError(f"near: {value!r} is not a latitude,longitude pair")
        return lat, lon, f"{lat},{lon}"
    name = value.strip()
    if not name:
        raise QueryError("near: empty place name")
    if locate is None:
        raise QueryError(f"near: {value!r} is not a latitude,longitude pair (place names: veille.search)")
    found = locate(name)
    if found is None:
        raise QueryError(f"near: no place called {value!r} in the gazetteer")
    return found


def _like(value: str) -> str:
    # the user's % and _ are literal characters, not wildcards
    return "%" + value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(q: EventQuery, point: tuple[float, float] | None) -> list[ColumnElement[bool]]:
    e, r = schema.events, schema.reports
    cond: list[ColumnElement[bool]] = []
    if q.types:
        cond.append(e.c.type.in_([t.upper() for t in q.types]))
    if q.country:
        cond.append(e.c.country == country_code(q.country))
    if q.admin1:
        cond.append(func.lower(e.c.admin1) == q.admin1.strip().lower())
    if q.actor:
        pattern = _like(q.actor)
        cond.append(or_(func.lower(e.c.actor_name).like(pattern, escape="\\"),
                        func.lower(e.c.target_name).like(pattern, escape="\\")))
    if q.since:
        cond.append(e.c.date >= q.since)
    if q.until:
        cond.append(e.c.date <= q.until)
    if q.min_reports > 1:
        cond.append(e.c.n_reports >= q.min_reports)
    if q.text:
        cond.append(exists().where(and_(r.c.event_id == e.c.id,
                                        func.lower(r.c.evidence).like(_like(q.text), escape="\\"))))
    if point is not None:
        lat, lon = point
        dlat = q.radius_km / 111.0
        dlon = q.radius_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        cond += [e.c.lat.between(lat - dlat, lat + dlat)]
        if abs(lon) + dlon < 180:  # no box across the antimeridian: filter in Python only
            cond += [e.c.lon.between(lon - dlon, lon + dlon)]
    return cond


@dataclass
class EventPage:
    total: int
    events: list[dict]
    near: str | None = None  # what the near filter resolved to


def select_events(store: Store, q: EventQuery, *, locate: Locate | None = None) -> EventPage:
    """Canonical events matching every filter, newest first, with their reports (``locate``: see
    ``near_point``)."""
    q.validate()
    point = near_point(q.near, locate) if q.near else None
    e = schema.events
    cond = _conditions(q, point[:2] if point else None)
    order = (e.c.date.desc().nulls_last(), e.c.id)
    with store.engine.connect() as conn:
        if point is None:
            total = conn.execute(select(func.count()).select_from(e).where(*cond)).scalar_one()
            page = select(e).where(*cond).order_by(*order).offset(q.offset)
            if q.limit is not None:
                page = page.limit(q.limit)
            rows = list(conn.execute(page).mappings())
        else:
            lat, lon = point[:2]
            rows = [row for row in conn.execute(select(e).where(*cond).order_by(*order)).mappings()
                    if row["lat"] is not None and great_circle_km(lat, lon, row["lat"], row["lon"]) <= q.radius_km]
            total = len(rows)
            rows = rows[q.offset:q.offset + q.limit if q.limit is not None else None]
        events = store.event_dicts(conn, rows)
    return EventPage(total, events, point[2] if point else None)


def count_by_day(store: Store, q: EventQuery, *, locate: Locate | None = None) -> list[dict]:
    """Events per day and type under the filters (limit and offset ignored), oldest first;
    undated events and month-precision dates are left out (count_by_month_dated). One GROUP BY,
    or one pass over (date, type, lat, lon) when a distance filter applies."""
    return _count_by_date(store, q, 10, locate)


def count_by_month_dated(store: Store, q: EventQuery, *, locate: Locate | None = None) -> list[dict]:
    """The events dated by their month only ("2016-11"), per month and type, as count_by_day."""
    return _count_by_date(store, q, 7, locate)


def _count_by_date(store: Store, q: EventQuery, length: int, locate: Locate | None) -> list[dict]:
    q.validate()
    point = near_point(q.near, locate) if q.near else None
    e = schema.events
    cond = _conditions(q, point[:2] if point else None) + [func.length(e.c.date) == length]
    with store.engine.connect() as conn:
        if point is None:
            rows = conn.execute(select(e.c.date, e.c.type, func.count()).where(*cond)
                                .group_by(e.c.date, e.c.type).order_by(e.c.date, e.c.type)).all()
            return [{"date": d, "type": t, "count": n} for d, t, n in rows]
        counts: dict[tuple[str, str], int] = {}
        lat, lon = point[:2]
        for d, t, la, lo in conn.execute(select(e.c.date, e.c.type, e.c.lat, e.c.lon).where(*cond)):
            if la is not None and great_circle_km(lat, lon, la, lo) <= q.radius_km:
                counts[(d, t)] = counts.get((d, t), 0) + 1
    return [{"date": d, "type": t, "count": n} for (d, t), n in sorted(counts.items())]


def summarise(store: Store, q: EventQuery, *, locate: Locate | None = None) -> dict:
    """Aggregates of the events the filters select (limit and offset ignored): counts and tolls
    by month (a month-dated event counts in its month), by country, and in all. One pass over
    (date, country, killed, injured, lat, lon)."""
    q.validate()
    point = near_point(q.near, locate) if q.near else None
    e = schema.events
    months: dict[str, list[int]] = {}
    countries: dict[str, list[int]] = {}
    total = undated = killed = injured = 0
    with store.engine.connect() as conn:
        rows = conn.execute(select(e.c.date, e.c.country, e.c.killed, e.c.injured, e.c.lat, e.c.lon)
                            .where(*_conditions(q, point[:2] if point else None)))
        for d, country, k, i, la, lo in rows:
            if point is not None and (la is None or great_circle_km(point[0], point[1], la, lo) > q.radius_km):
                continue
            total += 1
            killed += k or 0
            injured += i or 0
            if d and len(d) >= 7:
                m = months.setdefault(d[:7], [0, 0, 0])
                m[0], m[1], m[2] = m[0] + 1, m[1] + (k or 0), m[2] + (i or 0)
            else:
                undated += 1
            c = countries.setdefault(country or "", [0, 0, 0])
            c[0], c[1], c[2] = c[0] + 1, c[1] + (k or 0), c[2] + (i or 0)
    return {
        "total": total, "undated": undated, "killed": killed, "injured": injured,
        "by_month": [{"month": m, "count": n, "killed": k, "injured": i} for m, (n, k, i) in sorted(months.items())],
        "by_country": [{"country": c or None, "count": n, "killed": k, "injured": i}
                       for c, (n, k, i) in sorted(countries.items(), key=lambda item: (-item[1][0], item[0]))],
    }
