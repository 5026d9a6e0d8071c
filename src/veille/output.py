"""Writers from event dicts (``Event.as_dict()``) to a text stream: JSONL, CSV, GeoJSON.

JSONL and CSV write event by event, so a long run streams; GeoJSON is one
document and is built in memory. Each writer returns the number of events written.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TextIO

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


def write_jsonl(events: Iterable[Mapping], fh: TextIO) -> int:
    """One compact JSON object per line, non-ASCII kept as is."""
    count = 0
    for event in events:
        fh.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def write_csv(events: Iterable[Mapping], fh: TextIO, columns: tuple[str, ...] = FLAT_COLUMNS) -> int:
    """A header then one row per event (columns FLAT_COLUMNS; null is an empty cell).

    Open files with ``newline=""``: the csv module writes its own line ends.
    """
    writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flatten(event))
        count += 1
    return count


def _geometry(flat: Mapping[str, Any]) -> dict | None:
    if flat["lat"] is None or flat["lon"] is None:
        return None  # kept in the collection: an unlocated event is still an event
    return {"type": "Point", "coordinates": [flat["lon"], flat["lat"]]}  # GeoJSON order: lon, lat


def write_geojson(events: Iterable[Mapping], fh: TextIO) -> int:
    """A FeatureCollection, one Feature per event, properties the flattened event."""
    features = []
    for event in events:
        flat = flatten(event)
        feature: dict[str, Any] = {"type": "Feature", "geometry": _geometry(flat), "properties": flat}
        if flat["event_id"] is not None:  # RFC 7946: an id, when present, is a string or number
            feature["id"] = flat["event_id"]
        features.append(feature)
    json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    fh.write("\n")
    return len(features)


def write_parquet(events: Iterable[Mapping], path) -> int:
    """A Parquet file of the flattened events (``reports`` as a JSON column): for pandas, DuckDB, Spark."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for event in events:
        row = flatten(event)
        if "reports" in event:
            row["reports"] = json.dumps(event["reports"], ensure_ascii=False)
        rows.append(row)
    columns = list(FLAT_COLUMNS) + [c for c in (*MERGE_COLUMNS, "reports") if rows and c in rows[0]]
    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows],
                                 schema=None if rows else pa.schema([(c, pa.string()) for c in columns]))
    pq.write_table(table, path)
    return len(rows)


from .events.acled import write_acled  # noqa: E402  (writers like the others, each kept with its table)
from .events.plover import write_plover  # noqa: E402

Writer = Callable[[Iterable[Mapping], TextIO], int]

FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "plover": write_plover,  # PLOVER records, one JSON object per line (events/plover.py)
    "acled": write_acled,  # ACLED-style CSV (events/acled.py)
}
