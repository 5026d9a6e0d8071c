"""The OpenAPI spec: FastAPI's, plus what it cannot say of /events (its GeoJSON and CSV answers)."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .models import FeatureCollectionOut


def openapi(app: FastAPI) -> dict:
    """FastAPI's spec, plus the GeoJSON and CSV answers of /events (other media types, their own schemas)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    collection = FeatureCollectionOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(collection.pop("$defs", {}))
    schemas["FeatureCollectionOut"] = collection
    answer = spec["paths"]["/events"]["get"]["responses"]["200"]
    # the page with its foreign members, or with download=true the file `veille events --format geojson` writes
    file_schema = {"type": "object", "required": ["type", "features"],
                   "properties": {"type": {"const": "FeatureCollection"},
                                  "features": {"type": "array", "items": {"type": "object"}}}}
    answer["content"]["application/geo+json"] = {"schema": {"anyOf": [
        {"$ref": "#/components/schemas/FeatureCollectionOut"}, file_schema]}}
    answer["content"]["text/csv"] = {"schema": {"type": "string", "description": "CSV with a header line."}}
    answer["description"] = ("A page of events (JSON), a GeoJSON FeatureCollection with format=geojson (the CLI's "
                             "file with download=true), or a CSV file with format=csv (veille's columns) or "
                             "format=acled (ACLED's columns).")
    app.openapi_schema = spec
    return spec
