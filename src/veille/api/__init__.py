"""The HTTP API: stored events and documents, and the extraction of one text, over FastAPI.

    VEILLE_API_TOKEN=secret veille serve --db sqlite:///veille.db    # then http://127.0.0.1:8000/docs

    GET  /health              the store's counts
    GET  /events              canonical events, filtered like `veille events`, paged, JSON or GeoJSON
    GET  /events/{id}         one canonical event with its reports
    GET  /timeline            events per day and type (and per month, those dated by month only), same filters
    GET  /stats               counts and tolls by month and by country, same filters
    GET  /documents/{id}      a stored document, its text and the spans of its reports
    POST /extract             a text in, its events out; stored only when asked (with the token)

Reads are open. A write (``"store": true``) needs the token of ``$VEILLE_API_TOKEN`` sent as
``Authorization: Bearer <token>``; with no token configured, writes are refused.

Every error is JSON ``{"error": {"code", "message"}}``: library exceptions and the API's own are
translated once, in errors.py (``_status_of``); anything unexpected is logged with its trace and
answered V900 without it. Request bodies are counted while they arrive and refused past the limit
(413, middleware.py); reading one is bounded in time (408), and so is an extraction (504,
worker.py): it runs in a process of its own, killed and replaced when the time is up (extractor.py).

    app.py         create_app: the parts below put together
    routes.py      the routes: reads, and POST /extract
    filters.py     the query parameters of /events and /timeline
    models.py      the documented shapes (pydantic), for /openapi.json
    errors.py      ApiError and its codes, error_response, the exception handlers
    middleware.py  RequestGuard: body size and time limits, nosniff
    worker.py      Worker: extractions and gazetteer look-ups off the event loop
    extractor.py   ExtractionProcess: the process that extracts, killed and replaced past the time limit
    spec.py        the OpenAPI adjustments
"""
from .app import DEFAULT_MAX_BODY_BYTES, create_app
from .errors import (INTERNAL_ERROR, ApiError, BodyTimeout, BodyTooLarge, Busy, Conflict, ExtractTimeout,
                     Forbidden, InvalidBody, MethodNotAllowed, MissingToken, NotFound, error_response)
from .filters import MAX_COUNT, MAX_FILTER_CHARS, Filters
from .middleware import BODY_TIMEOUT_S, RequestGuard
from .routes import TOKEN_ENV, geojson
from .worker import EXTRACT_TIMEOUT_S, MAX_PENDING_EXTRACTIONS, Worker

__all__ = ["BODY_TIMEOUT_S", "DEFAULT_MAX_BODY_BYTES", "EXTRACT_TIMEOUT_S", "INTERNAL_ERROR", "MAX_COUNT",
           "MAX_FILTER_CHARS", "MAX_PENDING_EXTRACTIONS", "TOKEN_ENV", "ApiError", "BodyTimeout", "BodyTooLarge",
           "Busy", "Conflict", "ExtractTimeout", "Filters", "Forbidden", "InvalidBody", "MethodNotAllowed",
           "MissingToken", "NotFound", "RequestGuard", "Worker", "create_app", "error_response", "geojson"]
