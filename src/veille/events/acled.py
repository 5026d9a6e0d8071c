"""Export to an ACLED-style CSV, the table conflict analysts already load.

Types map to ACLED's event and sub-event types through ``events/data/acled.tsv``; place and date
precision take ACLED's codes (geo_precision 1 the named town, 3 a larger region standing in;
time_precision 1 the day, 3 the month or coarser). ``source`` is who claims the event, else the
documents; ``notes`` is the evidence.
"""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Iterable, Mapping, TextIO

from ..countries import alpha3_of, name_of
from ..errors import DataFileError
from .lexicon import ASSAULT_MODES, EVENT_TYPES

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
           "actor1", "actor2", "country", "iso3", "admin1", "location", "latitude", "longitude",
           "geo_precision", "source", "notes", "fatalities", "n_reports")

GEO_PRECISION = {"point": 1, "admin1": 3, "country": 3}
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}


@cache
def rules() -> tuple[tuple[str, str, str, str, str], ...]:
    text = resources.files("veille.events.data").joinpath("acled.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        if row["veille_type"] not in EVENT_TYPES or (row["veille_mode"] and row["veille_mode"] not in ASSAULT_MODES) \
                or not row["acled_event_type"] or not row["acled_sub_event_type"]:
            raise DataFileError(f"acled.tsv, row {n}: unknown type or mode, or empty ACLED type: {row}")
        out.append((row["veille_type"], row["veille_mode"], row["target_kind"], row["acled_event_type"],
                    row["acled_sub_event_type"]))
    return tuple(out)


def acled_type(etype: str, mode: str | None, target_kind: str | None) -> tuple[str, str]:
    for vtype, vmode, tkind, event_type, sub in rules():
        if vtype == etype and vmode in ("", mode or "") and tkind in ("", target_kind or ""):
            return event_type, sub
    raise DataFileError(f"acled.tsv has no row for type {etype!r} (add a row with an empty mode)")


def _country_name(alpha2: str | None) -> tuple[str | None, str | None]:
    return (name_of(alpha2), alpha3_of(alpha2)) if alpha2 else (None, None)


def to_acled(event: Mapping) -> dict:
    """One event (a CONTRACT.md dict, canonical or not) as an ACLED-style row."""
    actor, target = event.get("actor") or {}, event.get("target") or {}
    loc, date = event.get("location") or {}, event.get("date") or {}
    event_type, sub = acled_type(event["type"], event.get("mode"), target.get("kind"))
    country, iso3 = _country_name(loc.get("country"))
    reports = event.get("reports") or []
    docs = sorted({r["doc_id"] for r in reports}) or [event.get("doc_id")]
    value = date.get("value")
    return {
        "event_id_cnty": event.get("event_id"),
        "event_date": value,
        "year": value[:4] if value else None,
        "time_precision": TIME_PRECISION.get(date.get("precision")),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor.get("name"),
        "actor2": target.get("name"),
        "country": country,
        "iso3": iso3,
        "admin1": loc.get("admin1"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": GEO_PRECISION.get(loc.get("precision")),
        "source": event.get("claimed_by") or "; ".join(d for d in docs if d),
        "notes": " | ".join(r["evidence"]["text"] for r in reports) if reports
        else (event.get("evidence") or {}).get("text"),
        "fatalities": (event.get("fatalities") or {}).get("killed") or 0,
        "n_reports": event.get("n_reports", 1),
    }


def write_acled(events: Iterable[Mapping], fh: TextIO) -> int:
    writer = csv.DictWriter(fh, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(to_acled(ev))
        n += 1
    return n
