"""What the `veille geocode` tests share: geocode a text given the names of its spans."""
from __future__ import annotations

from veille.places.geocode import geocode_document


def geocode(resolver, text: str, names: list[str]) -> list[dict]:
    """``geocode_document`` on ``text`` with one span per name, found left to right."""
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append({"start": start, "end": start + len(name)})
        pos = start + len(name)
    rows = geocode_document({"id": "x", "text": text, "toponyms": spans}, resolver)
    assert [r["name"] for r in rows] == names
    return rows
