"""The flat view of an event: one level of scalars, for CSV columns, GeoJSON properties, Parquet
rows and the store's columns.

``flatten`` takes an ``Event.as_dict()`` (or a gold-style or canonical event) and names its
values as ``FLAT_COLUMNS``; it sits beside the records so that every layer can read it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The flat view shared by CSV columns and GeoJSON properties; order is the CSV header.
FLAT_COLUMNS: tuple[str, ...] = (
    "doc_id", "event_id", "type", "mode",
    "actor_name", "actor_country", "actor_kind",
    "target_name", "target_country", "target_kind",
    "location_name", "country", "admin1", "lat", "lon", "geo_precision", "geonameid",
    "date", "date_precision",
    "evidence", "evidence_start", "evidence_end",
    "claimed_by", "denied_by", "killed", "injured", "confidence",
)

# Canonical events from the store carry these too (store/database.py).
MERGE_COLUMNS: tuple[str, ...] = ("n_reports", "n_documents")


def _part(event: Mapping, key: str) -> Mapping:
    """A nested object of the event, {} when null or absent."""
    value = event.get(key)
    return value if isinstance(value, Mapping) else {}


def flatten(event: Mapping) -> dict[str, Any]:
    """One level of scalars named as FLAT_COLUMNS; missing values are None."""
    actor, target = _part(event, "actor"), _part(event, "target")
    location, fatalities = _part(event, "location"), _part(event, "fatalities")
    date, evidence = event.get("date"), event.get("evidence")
    # gold-style events carry date and evidence as bare strings
    date_value = date.get("value") if isinstance(date, Mapping) else date
    date_precision = date.get("precision") if isinstance(date, Mapping) else None
    evidence_text = evidence.get("text") if isinstance(evidence, Mapping) else evidence
    evidence_part = evidence if isinstance(evidence, Mapping) else {}
    return {
        "doc_id": event.get("doc_id"),
        "event_id": event.get("event_id"),
        "type": event.get("type"),
        "mode": event.get("mode"),
        "actor_name": actor.get("name"),
        "actor_country": actor.get("country"),
        "actor_kind": actor.get("kind"),
        "target_name": target.get("name"),
        "target_country": target.get("country"),
        "target_kind": target.get("kind"),
        "location_name": location.get("name"),
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "geo_precision": location.get("precision"),
        "geonameid": location.get("geonameid"),
        "date": date_value,
        "date_precision": date_precision,
        "evidence": evidence_text,
        "evidence_start": evidence_part.get("start"),
        "evidence_end": evidence_part.get("end"),
        "claimed_by": event.get("claimed_by"),
        "denied_by": event.get("denied_by"),
        "killed": fatalities.get("killed"),
        "injured": fatalities.get("injured"),
        "confidence": event.get("confidence"),
        **{k: event[k] for k in MERGE_COLUMNS if k in event},
    }
