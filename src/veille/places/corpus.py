"""`veille places FILE.jsonl --format jsonl`: the toponyms found in a corpus of French documents
(CONTRACT.md, "Recognition and resolution"), one line per toponym, documents in input order.

For measuring recognition (``tools/score_popcorn.py --toponyms``): each line gives the span as
offsets into the document's text, the text, and the place it resolved to (null when none fits).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..errors import VeilleError
from ..limits import check_sentences
# nlp loads spaCy: no extra cost, this module is imported only beside a pipeline, which holds spaCy already
from ..nlp import count_sentences, doc_text
from ..readers import ReadFailure
from ..records import Document


def find_places(pipeline, document: Document):
    """The pipeline's stages up to places (admission, masking, parse, actors, toponyms, context,
    resolution), without the events: what `veille extract` resolves, found the same way."""
    sdoc = pipeline.nlp(pipeline.admit(document))
    check_sentences(count_sentences(sdoc), pipeline.limits)
    masked = doc_text(sdoc)
    mentions = pipeline.registry.find(masked)
    toponyms = pipeline.resolver.find_toponyms(masked, sdoc, mentions, for_events=False)
    ctx = pipeline.resolver.document_context(toponyms, mentions)
    return pipeline.resolver.resolve_all(masked, toponyms, ctx)


def toponym_records(pipeline, document: Document) -> Iterator[dict]:
    """The toponyms the pipeline finds in one document, as CONTRACT.md's lines."""
    for pm in sorted(find_places(pipeline, document), key=lambda pm: (pm.start, pm.end)):
        yield {"doc_id": document.id, "start": pm.start, "end": pm.end, "text": document.text[pm.start:pm.end],
               "place": pm.place.as_dict() if pm.place is not None else None}


def corpus_records(pipeline, documents: Iterable, on_error) -> Iterator[dict]:
    """Lines for every readable document; ``on_error(doc_id, reason)`` for the others."""
    for doc in documents:
        if isinstance(doc, ReadFailure):
            on_error(doc.doc_id, doc.reason)
            continue
        try:
            yield from list(toponym_records(pipeline, doc))
        except VeilleError as exc:  # not French, or beyond a limit
            on_error(doc.id, str(exc))
