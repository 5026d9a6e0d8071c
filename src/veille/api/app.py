"""The app: its routes, its error handlers, its middleware and its spec, put together."""
from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from .. import __version__
from ..store import Store, open_store
from ..web import mount_docs, mount_web
from .errors import install_handlers
from .middleware import BODY_TIMEOUT_S, RequestGuard
from .routes import TOKEN_ENV, add_extraction, add_reads
from .spec import openapi
from .worker import EXTRACT_TIMEOUT_S, Worker

DEFAULT_MAX_BODY_BYTES = 1_000_000


class _Api(FastAPI):
    """FastAPI with veille's spec (spec.py: the GeoJSON and CSV answers of /events added)."""

    def openapi(self) -> dict[str, Any]:
        return openapi(self)


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

    app = _Api(
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

    install_handlers(app)
    add_reads(app, store, worker)
    add_extraction(app, store, worker, token)

    # -- middleware, outermost last: CORS headers reach the guard's refusals too ------------------
    app.add_middleware(RequestGuard, max_body_bytes=max_body_bytes, body_timeout_s=body_timeout_s)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)

    if static:
        mount_web(app)

    return app

