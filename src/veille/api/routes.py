"""The routes: reads of the store (open), and the extraction of one text (stored only with the token)."""
from __future__ import annotations

import asyncio
import hmac
import io
import re
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Path, Query
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .. import __version__
from ..errors import BinaryDocument, EmptyDocument, EncodingError
from ..events.acled import write_acled
from ..flat import FLAT_COLUMNS, MERGE_COLUMNS
from ..output import flatten, write_csv, write_geojson
from ..search import count_by_day, count_by_month_dated, near_point, select_events, summarise
from ..search import event as stored_event
from ..store import EventQuery, Store, content_hash
from ..store.query import MAX_LIMIT
from .errors import Conflict, Forbidden, InvalidBody, MissingToken, NotFound
from .filters import MAX_COUNT, Filters
from .models import (_VISIBLE, CanonicalEvent, DocumentOut, EventPageOut, ExtractIn, ExtractOut, HealthOut,
                     StatsOut, TimelineOut, _errors)
from .worker import Worker

TOKEN_ENV = "VEILLE_API_TOKEN"

_bearer = HTTPBearer(auto_error=False, description=f"The token of ${TOKEN_ENV}.")


def add_reads(app: FastAPI, store: Store, worker: Worker) -> None:
    """GET /health, /events, /events/{id}, /timeline and /documents/{id}: open to all."""

    @app.get("/health", response_model=HealthOut, tags=["store"], summary="Liveness and the store's counts")
    def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__, "counts": store.counts()})

    def resolve_near(query: EventQuery) -> str | None:
        """What `near` names (a place by name goes through the gazetteer, on the worker); the
        store then gets its "lat,lon"."""
        if not query.near:
            return None
        lat, lon, what = worker.lookup(near_point, query.near)
        query.near = f"{lat},{lon}"
        return what

    @app.get("/events", response_model=EventPageOut, tags=["events"], summary="Canonical events, filtered",
             responses=_errors(422, 503, 504))
    def list_events(
        filters: Annotated[Filters, Depends()],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_COUNT, description="Events skipped.")] = 0,
        format: Annotated[Literal["json", "geojson", "csv", "acled"], Query(
            description="geojson: a FeatureCollection of the events that have a place; csv and acled: the "
                        "page as `veille events --format csv|acled` writes it, as a file to download.")] = "json",
        download: Annotated[bool, Query(
            description="With format=geojson: the page as `veille events --format geojson` writes it, as a "
                        "file to download (no foreign members).")] = False,
    ) -> Response:
        """Newest first (undated last). The filters are those of `veille events`; a bad one is 422 V510."""
        query = filters.query
        near = resolve_near(query)
        query.limit, query.offset = limit, offset
        page = select_events(store, query)
        if format in ("csv", "acled"):
            buf = io.StringIO()
            if format == "csv":
                write_csv(page.events, buf, FLAT_COLUMNS + MERGE_COLUMNS)
            else:
                write_acled(page.events, buf)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="veille-events-{format}.csv"'})
        if format == "geojson" and download:
            buf = io.StringIO()
            write_geojson(page.events, buf)
            return Response(buf.getvalue(), media_type="application/geo+json",
                            headers={"Content-Disposition": 'attachment; filename="veille-events.geojson"'})
        if format == "geojson":
            return JSONResponse({**geojson(page.events), "total": page.total, "limit": limit, "offset": offset,
                                 "near": near}, media_type="application/geo+json")
        return JSONResponse({"total": page.total, "limit": limit, "offset": offset, "near": near,
                             "events": page.events})

    @app.get("/events/{event_id}", response_model=CanonicalEvent, tags=["events"], responses=_errors(404),
             summary="One canonical event with its reports")
    def get_event(event_id: Annotated[str, Path(description="event_id of a canonical event.")]) -> JSONResponse:
        found = stored_event(store, event_id) if "\x00" not in event_id else None
        if found is None:
            raise NotFound(f"no event {event_id[:100]!r}")
        return JSONResponse(found)

    @app.get("/timeline", response_model=TimelineOut, tags=["events"], responses=_errors(422, 503, 504),
             summary="Events per day and type")
    def timeline(filters: Annotated[Filters, Depends()]) -> JSONResponse:
        """Counts of the events the filters select, per day and type, oldest first; undated events
        are left out; events dated by their month only are counted per month in `months`."""
        query = filters.query
        resolve_near(query)
        return JSONResponse({"days": count_by_day(store, query), "months": count_by_month_dated(store, query)})

    @app.get("/stats", response_model=StatsOut, tags=["events"], responses=_errors(422, 503, 504),
             summary="Counts and tolls by month and by country")
    def stats(filters: Annotated[Filters, Depends()]) -> JSONResponse:
        """Of the events the filters select: how many, killed and injured, in all, per month
        (month-dated events in their month; undated ones counted apart) and per country."""
        query = filters.query
        resolve_near(query)
        return JSONResponse(summarise(store, query))

    @app.get("/documents/{doc_id:path}", response_model=DocumentOut, tags=["documents"], responses=_errors(404),
             summary="A stored document, its text and the spans of its reports")
    def get_document(doc_id: Annotated[str, Path(description="The document's id (may contain '/').")]) -> JSONResponse:
        found = store.document(doc_id) if "\x00" not in doc_id else None
        if found is None:
            raise NotFound(f"no document {doc_id[:100]!r}")
        return JSONResponse(found)

def add_extraction(app: FastAPI, store: Store, worker: Worker, token: str | None) -> None:
    """POST /extract: a text's events; stored too when asked, with the token."""

    @app.post("/extract", response_model=ExtractOut, tags=["extraction"],
              responses=_errors(400, 401, 403, 408, 409, 413, 422, 503, 504),
              openapi_extra={"security": [{}, {"HTTPBearer": []}]},  # the token only for "store": true
              summary="Events of one text; stored only when asked")
    async def extract(body: ExtractIn,
                      credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> JSONResponse:
        """The text's events (CONTRACT.md). With `"store": true` and the token, the document and its
        events are stored too (again with the same content: nothing added)."""
        if body.store:
            check_token(credentials)
        for name in ("text", "id", "url", "lang"):
            value = getattr(body, name)
            if value is not None and "\x00" in value:
                raise BinaryDocument(f"{name}: contains a NUL character")
            if value is not None and not value.isprintable() and _has_surrogate(value):
                raise EncodingError(f"{name}: contains an unpaired surrogate (not Unicode text)")
        if not _VISIBLE.search(body.text):
            raise EmptyDocument("text: nothing but white space and control characters")
        doc_date = _document_date(body.doc_date)
        doc_id = body.id or f"api-{content_hash(body.text)[:16]}"
        document, events = await worker.extract(doc_id, body.text, doc_date, body.url, body.lang)
        stored = False
        if body.store:
            stats = await asyncio.to_thread(store.write_batch, [(document, events)])
            if stats.failed:
                raise Conflict(f"document id {doc_id[:100]!r} is already stored with other content: "
                               "give the new version its own id")
            stored = True
        return JSONResponse({"doc_id": doc_id, "events": [ev.as_dict() for ev in events], "stored": stored})

    def check_token(credentials: HTTPAuthorizationCredentials | None) -> None:
        if token is None:
            raise Forbidden(f"writes are off: the server has no token (set ${TOKEN_ENV})")
        if credentials is None:
            raise MissingToken("storing needs the token: send 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(credentials.credentials.encode("utf-8", "surrogateescape"),
                                   token.encode("utf-8", "surrogateescape")):
            raise Forbidden("wrong token")


def _has_surrogate(value: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in value)


_DOC_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?")


def _document_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not _DOC_DATE.fullmatch(value):
            raise ValueError(value)
        if len(value) == 10:
            date.fromisoformat(value)
    except ValueError:
        raise InvalidBody(f"doc_date: {value[:20]!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return value


def geojson(events: list[dict]) -> dict:
    """A FeatureCollection of the events that have coordinates. /events adds ``total`` (all the
    events the filters select), ``limit``, ``offset`` and ``near`` as foreign members (RFC 7946)."""
    features = []
    for ev in events:
        loc = ev.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        features.append({"type": "Feature", "id": ev["event_id"],
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": {**flatten(ev), "location_display_name": loc.get("display_name") or loc.get("name"),
                                        "n_reports": ev["n_reports"]}})
    return {"type": "FeatureCollection", "features": features}
