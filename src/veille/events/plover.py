"""Export to the PLOVER ontology (the event types and modes POLECAT data uses).

The mapping is a table in the package (``events/data/plover.tsv``), not code, so
it can be read, cited and changed where it is documented.
"""
from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from typing import Iterable, TextIO

from ..errors import DataFileError
from .lexicon import EVENT_TYPES


@cache
def mapping() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(veille type, veille mode or "") -> (PLOVER type, PLOVER mode or None)."""
    text = resources.files("veille.events.data").joinpath("plover.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    table = {}
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        if row.get("veille_type") not in EVENT_TYPES or not row.get("plover_type"):
            raise DataFileError(f"plover.tsv, row {n}: unknown type or empty PLOVER type: {row}")
        table[(row["veille_type"], row.get("veille_mode") or "")] = (row["plover_type"], row.get("plover_mode") or None)
    return table


def plover_type(etype: str, mode: str | None) -> tuple[str, str | None]:
    table = mapping()
    return table.get((etype, mode or "")) or table[(etype, "")]


def to_plover(event: dict) -> dict:
    """One veille event (``Event.as_dict()``) as a PLOVER record."""
    ptype, pmode = plover_type(event["type"], event.get("mode"))
    actor, target, loc = event.get("actor") or {}, event.get("target") or {}, event.get("location") or {}
    date = event.get("date") or {}
    return {
        "id": event.get("event_id"),
        "event_type": ptype,
        "mode": pmode,
        "event_date": date.get("value"),
        "date_precision": date.get("precision"),
        "actor": actor.get("name"),
        "actor_country": actor.get("country"),
        "recipient": target.get("name"),
        "recipient_country": target.get("country"),
        "location": {"name": loc.get("name"), "country": loc.get("country"), "admin1": loc.get("admin1"),
                     "lat": loc.get("lat"), "lon": loc.get("lon"), "geonameid": loc.get("geonameid"),
                     "precision": loc.get("precision")} if loc else None,
        "event_text": (event.get("evidence") or {}).get("text"),
        "source_doc": event.get("doc_id"),
        "claimed_by": event.get("claimed_by"),
        "denied_by": event.get("denied_by"),
        "fatalities": event.get("fatalities"),
        "veille_type": event["type"],
        "veille_mode": event.get("mode"),
    }


def write_plover(events: Iterable[dict], fh: TextIO) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(to_plover(ev), ensure_ascii=False) + "\n")
        n += 1
    return n
