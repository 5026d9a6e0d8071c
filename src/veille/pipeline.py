"""One document in, events out. The stages, in order:

1. clean      mask web boilerplate and section headings (offsets unchanged)   clean.py
2. parse      spaCy fr_core_news_md, loaded once per process                 nlp.py
3. actors     registry look-up: groups, states, people, titles                actors/
4. places     toponyms found, resolved to GeoNames with the document's context places/
5. events     triggers, modality, roles, one event per struck place           events/
   with      dates (dates.py), sources (attribution.py), tolls (casualties.py)
6. output     Event.as_dict() -> JSONL / CSV / GeoJSON                        output.py
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterable, Iterator

import pycountry

from .clean import mask
from .errors import ProcessingError
from .readers import ReadFailure
from .places.resolve import place_of
from .records import ActorMention, Document, Event, Place, PlaceMention


@dataclass(frozen=True)
class Analysis:
    """Everything the stages found in one document (for `veille places` and debugging)."""

    document: Document
    events: list[Event]
    places: list[PlaceMention]
    dominant_country: Place | None


class Pipeline:
    def __init__(self, *, nlp=None, registry=None, resolver=None, lexicon=None):
        from .actors import default_registry
        from .events import EventExtractor, default_lexicon
        from .nlp import load_nlp
        from .places.resolve import PlaceResolver

        self.nlp = nlp or load_nlp()
        self.registry = registry or default_registry()
        self.resolver = resolver or PlaceResolver(registry=self.registry)
        self.extractor = EventExtractor(lexicon or default_lexicon(), self.registry)

    def analyse(self, document: Document, sdoc=None) -> Analysis:
        """All stages on one document; ``sdoc`` is its parse when a batch already made it
        (the parse is of the masked text, which is then ``sdoc.text``)."""
        sdoc = sdoc if sdoc is not None else self.nlp(mask(document.text).text)
        masked = sdoc.text
        mentions = self.registry.find(masked)
        toponyms = self.resolver.find_toponyms(masked, sdoc, mentions)
        ctx = self.resolver.document_context(toponyms, mentions)
        places = self.resolver.resolve_all(masked, toponyms, ctx)
        dominant = self.country_place(ctx.dominant) if ctx.dominant else None
        located = {(t.start, t.end) for t in toponyms}
        seats = {(t.start, t.end) for t in toponyms if t.seat}
        # "l'accord signé à Doha", "rencontré à l'ONU": after a locative preposition a capital or an
        # institution is the place, not the state
        mentions = [m for m in mentions if not ((m.metonym and (m.start, m.end) in located) or (m.start, m.end) in seats)]
        mentions = self.localise_organs(mentions, dominant)
        events = self.extractor.extract(document, sdoc, mentions, places, dominant, self.country_place)
        return Analysis(document, events, places, dominant)

    def country_place(self, code: str | None) -> Place | None:
        """A country-level Place from an ISO alpha-2 or alpha-3 code."""
        if not code:
            return None
        if len(code) == 3:
            c = pycountry.countries.get(alpha_3=code)
            code = c.alpha_2 if c else None
        entry = self.resolver.gazetteer.country(code) if code else None
        return place_of(entry, self.resolver.gazetteer) if entry else None

    def localise_organs(self, mentions: list[ActorMention], dominant: Place | None) -> list[ActorMention]:
        """"l'armée", "les forces de sécurité", "le gouvernement" without a nationality: the
        document's country's (news names the nationality once, then drops it)."""
        if dominant is None or not dominant.country:
            return mentions
        c = pycountry.countries.get(alpha_2=dominant.country)
        if c is None:
            return mentions
        out = []
        for m in mentions:
            if m.actor.country is None and m.actor.kind in ("state", "military", "police"):
                m = ActorMention(self.registry.organ_actor(c.alpha_3, m.actor.kind), m.start, m.end, m.text, m.metonym)
            out.append(m)
        return out

    def process(self, document: Document) -> list[Event]:
        try:
            return self.analyse(document).events
        except Exception as exc:  # noqa: BLE001
            # A stage failing on one document must not stop the batch: the caller records why.
            raise ProcessingError(f"{type(exc).__name__}: {exc}") from exc

    def process_stream(self, items: Iterable[Document | ReadFailure], *, batch_size: int = 16) -> Iterator[
            tuple[Document | ReadFailure, list[Event] | str]]:
        """(item, events) for documents, (failure, reason) for failures, in input order."""
        batch: list[Document] = []

        def flush():
            texts = [mask(d.text).text for d in batch]
            for d, sdoc in zip(batch, self.nlp.pipe(texts, batch_size=batch_size)):
                try:
                    yield d, self.analyse(d, sdoc).events
                except Exception as exc:  # noqa: BLE001 - the batch boundary: any failure is this document's reason
                    yield d, f"processing failed: {type(exc).__name__}: {exc}"
            batch.clear()

        for item in items:
            if isinstance(item, ReadFailure):
                yield from flush()
                yield item, item.reason
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield from flush()
        yield from flush()


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()


def extract_events(document: Document) -> list[Event]:
    return default_pipeline().process(document)
