"""The filters of /events and /timeline as query parameters, checked as `veille events` checks them."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic.json_schema import SkipJsonSchema

from ..countries import country_code
from ..errors import QueryError
from ..events.lexicon import EVENT_TYPES
from ..store import EventQuery

MAX_FILTER_CHARS = 500  # a filter value longer than this is not a name, a place or a phrase
MAX_COUNT = 2**31 - 1  # offset and min_reports: beyond a 32-bit integer no store has that many rows


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


def _filter(description: str, example: str | None = None) -> Any:  # FastAPI's Query() is typed Any
    return Query(max_length=MAX_FILTER_CHARS, description=description,
                 examples=[example] if example else None)


_DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _date_param(description: str) -> Any:
    # the parameter's type is `str | SkipJsonSchema[None]`, whose schema is the string's without
    # its pattern: the pattern is written into the schema again, beside the format
    return Query(pattern=_DAY_PATTERN, json_schema_extra={"format": "date", "pattern": _DAY_PATTERN},
                 description=description, examples=["2015-09-30"])


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
        since: Annotated[str | SkipJsonSchema[None], _date_param("From this day on.")] = None,
        until: Annotated[str | SkipJsonSchema[None], _date_param("Up to this day.")] = None,
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
