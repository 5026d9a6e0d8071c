"""`veille geocode`: resolution only, of toponym spans given with their document.

For comparing veille's resolver with other geoparsers on public gold sets
(CONTRACT.md, "Resolution only"), whatever the language: the spans are given,
the whole document is context (the other toponyms, the dominant country).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, TextIO

from .resolve import PlaceResolver, Toponym, default_resolver, place_of


def geocode_document(record: dict, resolver: PlaceResolver) -> list[dict]:
    text = record["text"]
    spans = record.get("toponyms") or []
    toponyms = []
    for t in spans:
        s, e = int(t["start"]), int(t["end"])
        toponyms.append(resolver._with_cues(text, s, e) if 0 <= s < e <= len(text) else Toponym(s, e, ""))
    resolved = resolver.resolve_all(text, toponyms)
    out = []
    for t, pm in zip(toponyms, resolved):
        p = pm.place
        if p is not None and p.geonameid is not None and p.precision != "point":
            entry = resolver.gazetteer.entry(p.geonameid)
            if entry is not None:  # gold sets follow GeoNames: a division at its central point
                p = place_of(entry, resolver.gazetteer, central=True)
        out.append({"doc_id": record.get("id"), "start": t.start, "end": t.end, "name": t.text,
                    "geonameid": p.geonameid if p else None, "lat": p.lat if p else None,
                    "lon": p.lon if p else None, "country": p.country if p else None,
                    "admin1": p.admin1 if p else None, "precision": p.precision if p else None})
    return out


def geocode_file(path: Path, out: TextIO, *, on_error: Callable[[str], None] = lambda line: None,
                 resolver: PlaceResolver | None = None) -> int:
    """Write one line per toponym given, in input order; return how many documents were read."""
    resolver = resolver or default_resolver()
    n = 0
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError("not an object with a text")
            except ValueError as exc:
                on_error(f"{path.name}:{lineno}: malformed line: {exc}")
                continue
            for row in geocode_document(record, resolver):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
