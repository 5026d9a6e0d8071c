"""Writers from event dicts (``Event.as_dict()``) to a text stream: JSONL, CSV, GeoJSON, and
Parquet to a file; ``FORMATS`` names them with the ACLED and PLOVER writers, which are kept with
their tables in events/.

JSONL and CSV write event by event, so a long run streams; GeoJSON is one
document and is built in memory. Each writer returns the number of events written. The flat
view of an event (CSV columns, GeoJSON properties) is flat.py's.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from .events.acled import write_acled  # writers like the others, each kept with its table
from .events.plover import write_plover
# the flat view is flat.py's; cli.py and api.py import it from here too
from .flat import FLAT_COLUMNS, MERGE_COLUMNS, flatten


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
    """A FeatureCollection, one Feature per event, properties the flattened event and the name shown
    for its place (``location_display_name``)."""
    features = []
    for event in events:
        flat = flatten(event)
        location = event.get("location") or {}
        flat["location_display_name"] = location.get("display_name") or location.get("name")
        feature: dict[str, Any] = {"type": "Feature", "geometry": _geometry(flat), "properties": flat}
        if flat["event_id"] is not None:  # RFC 7946: an id, when present, is a string or number
            feature["id"] = flat["event_id"]
        features.append(feature)
    json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    fh.write("\n")
    return len(features)


def write_parquet(events: Iterable[Mapping], path: str | Path) -> int:
    """A Parquet file of the flattened events (``reports`` as a JSON column): for pandas, DuckDB, Spark."""
    import pyarrow as pa  # only this format needs pyarrow, which costs a few tenths of a second to import
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


# events as dicts (Event.as_dict(), or the store's canonical events) to a text stream; how many written
Writer = Callable[[Iterable[dict[str, Any]], TextIO], int]

FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "plover": write_plover,  # PLOVER records, one JSON object per line (events/plover.py)
    "acled": write_acled,  # ACLED-style CSV (events/acled.py)
}
