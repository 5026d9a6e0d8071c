"""Typed records that flow through the pipeline, each with one ``as_dict()``.

Document -> (stages) -> Event, or Failure. Every output format (JSONL, CSV, GeoJSON, the
store) is built from ``Event.as_dict()``, so a field has one name everywhere. A document that
gives no events gives a ``Failure``: its code and its reason travel together from the reader or
the stage that refused it to the store's ``failures`` table and the CLI's messages.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Document:
    """One news text as the extractor sees it (crawl marker already removed)."""

    id: str
    text: str
    url: str | None = None
    doc_date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    lang: str | None = None
    source: str | None = None  # path or "<stdin>": where it was read from

    @property
    def date_precision(self) -> str | None:
        if not self.doc_date:
            return None
        return {4: "year", 7: "month", 10: "day"}.get(len(self.doc_date))


@dataclass(frozen=True)
class Failure:
    """Why a document gives no events: its id, the reason, and the reason's stable code
    (errors.py: V1xx it could not be read, V2xx it was read but refused or a stage failed on it,
    V5xx the store refused it). Readers yield it in place of a Document (``readers.ReadFailure``
    is this class), the pipeline and the engines in place of the events."""

    doc_id: str
    reason: str
    code: str = "V100"  # errors.ReadError's: a document that could not be read, without a finer code

    def line(self) -> str:
        """``doc_id: reason``, as the CLI reports it."""
        return f"{self.doc_id}: {self.reason}"


@dataclass(frozen=True)
class Actor:
    """An entry of the actor registry (actors/data/actors.tsv)."""

    name: str  # canonical English name
    kind: str  # state, military, police, armed_group, party, igo, ngo, media, person, civilians, unknown
    country: str | None = None  # ISO 3166-1 alpha-3 of the state affiliation
    wikidata: str | None = None
    role: str | None = None  # for people: "foreign minister", ...
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "kind": self.kind}


@dataclass(frozen=True)
class ActorMention:
    """An actor found in the text, with the span that names it."""

    actor: Actor
    start: int
    end: int
    text: str
    metonym: bool = False  # a capital standing for its state ("Moscou a démenti")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry chosen for a toponym."""

    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # point | admin1 | country
    geonameid: int | None = None
    display_name: str | None = None  # the name shown to readers ("Hama" for "Ḩamāh"); None: ``name``

    def as_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "geonameid": self.geonameid, "display_name": self.display_name or self.name}


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in the text and what it resolved to (``place`` None when nothing fits)."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    why: str = ""
    fallback: bool = False  # not in the gazetteer: the division named around it stands in
    margin: float = 0.0  # how far the chosen entry's score is ahead of the next one's (ambiguity)


@dataclass(frozen=True)
class DateValue:
    value: str | None  # YYYY-MM-DD, or None when the text does not let a reader infer the day
    precision: str | None  # day | month | year
    text: str | None = None  # the expression it came from

    def as_dict(self) -> dict:
        return {"value": self.value, "precision": self.precision}


@dataclass
class Event:
    doc_id: str
    type: str
    evidence_start: int
    evidence_end: int
    evidence_text: str
    mode: str | None = None
    actor: Actor | None = None
    target: Actor | None = None
    location: Place | None = None
    date: DateValue = field(default_factory=lambda: DateValue(None, None))
    claimed_by: str | None = None
    denied_by: str | None = None
    killed: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    trigger: str | None = None  # the word that fired, for debugging and merging
    repeat: bool = False  # told again without a place of its own ("cette attaque"): merge into the last one
    distinct: bool = False  # "une autre attaque": never merged into an earlier report
    place_stand_in: bool = False  # the place is the story's or a division standing in, not named for this event
    commented_by: frozenset[str] = frozenset()  # who condemns, denies or praises it: not its author

    @property
    def event_id(self) -> str:
        # doc, evidence span and type; the roles and place too, since one clause can tell two events
        # of one type ("Américains et Russes s'accusent", one strike on two towns)
        roles = f"{self.actor.name if self.actor else ''}>{self.target.name if self.target else ''}"
        where = self.location.geonameid if self.location else ""
        key = (f"{self.doc_id}\x1f{self.evidence_start}:{self.evidence_end}\x1f{self.evidence_text}\x1f{self.type}"
               f"\x1f{roles}\x1f{where}")
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "type": self.type,
            "mode": self.mode,
            "actor": self.actor.as_dict() if self.actor else None,
            "target": self.target.as_dict() if self.target else None,
            "location": self.location.as_dict() if self.location else None,
            "date": self.date.as_dict(),
            "evidence": {"text": self.evidence_text, "start": self.evidence_start, "end": self.evidence_end},
            "claimed_by": self.claimed_by,
            "denied_by": self.denied_by,
            "fatalities": {"killed": self.killed, "injured": self.injured},
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
        }


# What the pipeline and the engines give for each item they are handed: a document and its
# events, or the item (a document, or a Failure from a reader) and why it has none.
Result = tuple[Document | Failure, list[Event] | Failure]
