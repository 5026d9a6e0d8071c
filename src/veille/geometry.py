"""Distances on the Earth: veille's one great-circle formula (haversine on a sphere).

Merging reports (store/merge.py), the ``near`` filter (store/query.py), toponym resolution
(places/resolve.py) and scoring (eval.py) all measure with ``great_circle_km``, so a pair of
places is near or far for all of them alike.
"""
from __future__ import annotations

import math

from .records import Place

# The mean radius, as ../shared/tools/score.py uses: the exact value decides borderline pairs
# (a place 25.0 km off is matched or not), so the scorer and veille must agree on it.
EARTH_RADIUS_KM = 6371


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres along the Earth's surface between two points given in degrees."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    # rounding can push h a hair above 1 for antipodes; asin would then fail
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(h)))


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance in kilometres between two located places."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        raise TypeError(f"km_between needs two located places, not {a.name!r} and {b.name!r}")
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)
