"""The documented shapes: the models document the responses in /openapi.json (schemathesis checks
the answers against them); the endpoints return the store's dicts as they are."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema


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
    display_name: str | None = Field(None, description="The name shown to readers: a town's plain romanisation "
                                                       "('Hama' for 'Ḩamāh'), a country's French name ('Syrie').")


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


class TimelineMonth(BaseModel):
    month: str = Field(description="YYYY-MM.")
    type: str
    count: int


class TimelineOut(BaseModel):
    days: list[TimelineDay]
    months: list[TimelineMonth] = Field(description="Events dated by their month only, per month and type.")


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



class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM.")
    count: int
    killed: int
    injured: int


class CountryCount(BaseModel):
    country: str | None = Field(description="ISO 3166-1 alpha-2; null for events without a country.")
    name: str | None = Field(description="The country's French name.")
    count: int
    killed: int
    injured: int


class StatsOut(BaseModel):
    total: int
    undated: int
    killed: int
    injured: int
    by_month: list[MonthCount]
    by_country: list[CountryCount] = Field(description="Most events first.")
