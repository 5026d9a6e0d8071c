"""The API's errors: its own, the codes every answer carries, and the one translation of library
exceptions into HTTP statuses (``_status_of``), installed on an app by ``install_handlers``.

Every error is JSON ``{"error": {"code", "message"}}``; anything unexpected is logged with its
trace and answered V900 without it.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (LimitExceeded, ProcessingError, QueryError, ReadError, StoreError, UnsupportedLanguage,
                      VeilleError)

log = logging.getLogger("veille.api")


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


def install_handlers(app: FastAPI) -> None:
    """Errors: one translation, at the edge."""

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


def _json_error_place(document: object, error: dict) -> str:
    """"malformed JSON at line L, column C: reason" from FastAPI's error (a character offset)."""
    reason = (error.get("ctx") or {}).get("error") or "not JSON"
    loc: tuple = tuple(error.get("loc") or ())
    pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    if pos is None or not isinstance(document, str):
        return f"body: malformed JSON: {reason}"
    line = document.count("\n", 0, pos) + 1
    column = pos - (document.rfind("\n", 0, pos) + 1) + 1
    return f"body: malformed JSON at line {line}, column {column}: {reason}"

