"""Export in ACLED's own column set and conventions, so veille's events join ACLED's exports.

The columns are ACLED's, in its order (the data export since its 2023 column changes), then
veille's own after them. Types map to ACLED's event and sub-event types through
``events/data/acled.tsv``; countries to ACLED's region, name and numeric ISO code through
``events/data/acled_countries.tsv``. The conventions, from ACLED's codebook:

- ``event_date`` is always a full ``YYYY-MM-DD``; ``time_precision`` says how sure it is: 1 the day,
  3 the month (dated the 15th, the middle of the month, as ACLED does) or coarser (dated 2 July);
- ``geo_precision`` 1 the named town, 3 a larger region standing in (a division or the country);
- ``inter1``/``inter2`` the actor types: 1 state forces, 2 rebel groups, 3 political militias,
  5 rioters, 6 protesters, 7 civilians, 8 external/other forces (a foreign state's forces, an IGO);
  ``interaction`` the two codes joined lowest first, a sole actor's code followed by 0;
- ``civilian_targeting`` "Civilian targeting" when political violence hits civilians;
- ``event_id_cnty`` the country's ISO alpha-3 and a number (from veille's stable event id, which
  ``veille_event_id`` keeps);
- ``source`` who claims the event, else the documents; ``notes`` the evidence; ``fatalities`` 0
  when the text gives none; ``timestamp`` when the event was stored (seconds), else empty.
"""
from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from importlib import resources
from typing import Iterable, Mapping, TextIO

from ..countries import alpha3_of
from ..errors import DataFileError
from .lexicon import ASSAULT_MODES, EVENT_TYPES

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp")
# veille's own, after ACLED's
EXTRA_COLUMNS = ("veille_event_id", "veille_type", "mode", "claimed_by", "denied_by", "place_precision",
                 "geonameid", "n_reports")

GEO_PRECISION = {"point": 1, "admin1": 3, "country": 3}
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Riots": "Political violence",
            "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
# veille's actor kinds as ACLED's actor types (state organs of the event's country: 1, of another: 8)
INTER = {"state": 1, "military": 1, "police": 1, "armed_group": 2, "party": 3, "unknown": 3,
         "civilians": 7, "ngo": 7, "media": 7, "igo": 8}
STATE_KINDS = {"state", "military", "police"}


@cache
def rules() -> tuple[tuple[str, str, str, str, str], ...]:
    rows = _table("acled.tsv")
    out = []
    for n, row in enumerate(rows, 2):
        if row["veille_type"] not in EVENT_TYPES or (row["veille_mode"] and row["veille_mode"] not in ASSAULT_MODES) \
                or not row["acled_event_type"] or not row["acled_sub_event_type"]:
            raise DataFileError(f"acled.tsv, row {n}: unknown type or mode, or empty ACLED type: {row}")
        if row["acled_event_type"] not in DISORDER:
            raise DataFileError(f"acled.tsv, row {n}: {row['acled_event_type']!r} is not an ACLED event type")
        out.append((row["veille_type"], row["veille_mode"], row["target_kind"], row["acled_event_type"],
                    row["acled_sub_event_type"]))
    return tuple(out)


@cache
def countries() -> dict[str, tuple[int, str, str]]:
    """alpha-3 -> (numeric ISO code, ACLED region, ACLED country name)."""
    out = {}
    for n, row in enumerate(_table("acled_countries.tsv"), 2):
        if len(row["alpha3"]) != 3 or not row["numeric"].isdigit() or not row["region"] or not row["country"]:
            raise DataFileError(f"acled_countries.tsv, row {n}: {row}")
        out[row["alpha3"]] = (int(row["numeric"]), row["region"], row["country"])
    return out


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("veille.events.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def acled_type(etype: str, mode: str | None, target_kind: str | None) -> tuple[str, str]:
    for vtype, vmode, tkind, event_type, sub in rules():
        if vtype == etype and vmode in ("", mode or "") and tkind in ("", target_kind or ""):
            return event_type, sub
    raise DataFileError(f"acled.tsv has no row for type {etype!r} (add a row with an empty mode)")


def inter_code(actor: Mapping, event_type: str, country3: str | None) -> int | None:
    """ACLED's actor type of one party of an event (None when there is no party)."""
    if not actor or not actor.get("name"):
        return None
    kind = actor.get("kind") or "unknown"
    if kind == "civilians" and event_type == "Protests":
        return 6  # the crowd of a protest
    if kind in STATE_KINDS or (kind == "person" and actor.get("country")):
        # a state's organ or official: of the event's country (1), or from abroad (8)
        return 1 if not country3 or actor.get("country") in (None, country3) else 8
    return INTER.get(kind, 7)


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None and inter2 is None:
        return None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _acled_date(value: str | None, precision: str | None) -> tuple[str | None, int | None]:
    """A full date and ACLED's time precision from a veille date (YYYY-MM-DD, YYYY-MM or YYYY)."""
    if not value:
        return None, None
    if len(value) == 7:
        return f"{value}-15", 3
    if len(value) == 4:
        return f"{value}-07-02", 3
    return value, TIME_PRECISION.get(precision or "day", 1)


def _timestamp(value: object) -> int | str:
    if not value:
        return ""
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    return int((when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp())


def to_acled(event: Mapping) -> dict:
    """One event (a CONTRACT.md dict, canonical or not) as a row of ACLED's columns and veille's extras."""
    actor, target = event.get("actor") or {}, event.get("target") or {}
    loc, date = event.get("location") or {}, event.get("date") or {}
    event_type, sub = acled_type(event["type"], event.get("mode"), target.get("kind"))
    alpha3 = _alpha3(loc.get("country"))
    numeric, region, country = countries().get(alpha3 or "", (None, None, None))
    inter1, inter2 = inter_code(actor, event_type, alpha3), inter_code(target, event_type, alpha3)
    reports = event.get("reports") or []
    docs = sorted({r["doc_id"] for r in reports}) or [event.get("doc_id")]
    day, time_precision = _acled_date(date.get("value"), date.get("precision"))
    event_id = str(event.get("event_id") or "")
    disorder = DISORDER[event_type]
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{int(event_id[:12], 16) % 10**9}" if event_id else None,
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": time_precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor.get("name"),
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": target.get("name"),
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if disorder == "Political violence" and inter2 == 7 else "",
        "iso": numeric,
        "region": region,
        "country": country,
        "admin1": loc.get("admin1"),
        "admin2": "",
        "admin3": "",
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or ""),
        "source": event.get("claimed_by") or "; ".join(d for d in docs if d),
        "source_scale": "",
        "notes": " | ".join(r["evidence"]["text"] for r in reports) if reports
        else (event.get("evidence") or {}).get("text"),
        "fatalities": (event.get("fatalities") or {}).get("killed") or 0,
        "tags": "",
        "timestamp": _timestamp(event.get("stored_at")),
        "veille_event_id": event_id,
        "veille_type": event["type"],
        "mode": event.get("mode"),
        "claimed_by": event.get("claimed_by"),
        "denied_by": event.get("denied_by"),
        "place_precision": loc.get("precision"),
        "geonameid": loc.get("geonameid"),
        "n_reports": event.get("n_reports", 1),
    }


def _alpha3(alpha2: str | None) -> str | None:
    return alpha3_of(alpha2) if alpha2 else None


def write_acled(events: Iterable[Mapping], fh: TextIO) -> int:
    writer = csv.DictWriter(fh, fieldnames=COLUMNS + EXTRA_COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(to_acled(ev))
        n += 1
    return n
