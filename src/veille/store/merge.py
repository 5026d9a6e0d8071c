"""Which reports tell the same event: the rule that links a new report to a canonical event.

Two reports are of one event when they have the same type, compatible actors (the same, or one
of them unnamed), places within ``max_km`` (or the same division when one of them is only known
at admin1 precision), and dates within ``max_days``. Reports of one document are never merged
with each other here: the extractor has already merged what that document repeats, so two
events it kept apart are two events.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping

from ..geometry import great_circle_km


@dataclass(frozen=True)
class MergeSettings:
    max_km: float = 25.0
    max_days: int = 1
    # An event with no date cannot be told apart from another of the same kind and place on a
    # different day: by default such reports stay events of their own.
    merge_undated: bool = False

    def __post_init__(self) -> None:
        if self.max_km < 0 or self.max_days < 0:
            raise ValueError("merge thresholds must not be negative")


def _day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_window(value: str | None, settings: MergeSettings) -> tuple[str, str] | None:
    """The range of dates a compatible event may have (ISO strings compare as dates)."""
    day = _day(value)
    if day is None:
        return None
    delta = timedelta(days=settings.max_days)
    return (day - delta).isoformat(), (day + delta).isoformat()


def _same_or_unnamed(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def dates_compatible(a: Mapping, b: Mapping, settings: MergeSettings) -> bool:
    da, db = _day(a.get("date")), _day(b.get("date"))
    if da is None or db is None:
        return settings.merge_undated and da is None and db is None
    return abs((da - db).days) <= settings.max_days


def places_compatible(a: Mapping, b: Mapping, settings: MergeSettings) -> float | None:
    """The distance that makes them compatible (0 for the same division), None when they are not."""
    if a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid"):
        return 0.0
    if a.get("lat") is None or b.get("lat") is None:
        return None  # an event with no place is only itself
    coarse = {a.get("geo_precision"), b.get("geo_precision")}
    if "country" in coarse:
        return None  # "in Syria" says too little to link two reports
    km = great_circle_km(a["lat"], a["lon"], b["lat"], b["lon"])
    if km <= settings.max_km:
        return km
    if "admin1" in coarse and a.get("country") == b.get("country") and a.get("admin1") and a.get("admin1") == b.get("admin1"):
        return settings.max_km  # "in Idlib province" fits any place of Idlib, but a named place fits better
    return None


def compatible(report: Mapping, canonical: Mapping, settings: MergeSettings) -> float | None:
    """A score (lower is closer) when ``report`` may be a report of ``canonical``, else None.

    Both are flat rows (store.schema columns)."""
    if report.get("type") != canonical.get("type"):
        return None
    if not (_same_or_unnamed(report.get("actor_name"), canonical.get("actor_name"))
            and _same_or_unnamed(report.get("target_name"), canonical.get("target_name"))):
        return None
    if not dates_compatible(report, canonical, settings):
        return None
    km = places_compatible(report, canonical, settings)
    if km is None:
        return None
    da, db = _day(report.get("date")), _day(canonical.get("date"))
    days = abs((da - db).days) if da and db else 0
    return km + 10.0 * days  # a day apart weighs like ten kilometres: ties go to the same day
