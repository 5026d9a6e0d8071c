"""Bad input loses nothing and stops nothing: property-based tests of the readers and the pipeline,
and the pathological documents of the web's debris, each ending on events or a recorded reason.

Every input counts in the reliability figures line (tests/reliability.py).
"""
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability import record
from veille.errors import HtmlTooComplex, ReadError
from veille.limits import DEFAULT_LIMITS, Limits, check_html, html_shape
from veille.readers import (ReadFailure, document_from_html, document_from_text, iter_jsonl, read_paths,
                            read_stdin)
from veille.records import Document, Failure

pytestmark = pytest.mark.reliability

# Readers are fast: many examples. The pipeline parses with spaCy: fewer, and no deadline.
# VEILLE_FUZZ_SCALE=20 fuzzes twenty times longer. No example database: it would be written
# into the working tree (a failure prints the example that reproduces it).
SCALE = int(os.environ.get("VEILLE_FUZZ_SCALE", "1"))
READERS = settings(max_examples=150 * SCALE, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PIPELINE = settings(max_examples=25 * SCALE, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# French news sentences written for these tests: triggers, actors, places, dates, tolls.
FRAGMENTS = [
    "Des avions russes ont bombardé jeudi la ville d'Ariha, dans la province d'Idleb, faisant sept morts.",
    "Selon l'Observatoire syrien des droits de l'Homme, au moins douze civils ont été tués. ",
    "Moscou a démenti toute frappe sur des zones habitées.",
    "Des milliers de manifestants ont défilé samedi à Alger contre le pouvoir.",
    "Le ministre des Affaires étrangères a rencontré mardi son homologue turc à Ankara.",
    "Un kamikaze s'est fait exploser dans un marché de Kaboul, tuant 20 personnes.",
    "L'armée malienne a repoussé une attaque jihadiste près de Gao, dans la nuit de mardi à mercredi.",
    "\n\nPartager sur Facebook\n",
    "Lire aussi : Syrie, la bataille d'Alep\n",
    "date 2021-10 ",
    " - \"Rumeurs non fondées\" - ",
    "(AFP) - ",
]
ODD = ["\n", "\n\n", " ", "\t", "\x00", "\x0b", "\x1b[0m", "\u2028", "\u200f", "\u200d", "\ufeff", "e\u0301",
       "…", "«", "»", "'", "’", "!!!", "((", "—", "%", "http://exemple.fr/a?b=c&d=e", "🔥", "北京",
       "إدلب", "Москва", "שלום", "ﷺ", "\U0001d400", "..."]
piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(ODD), st.text(max_size=60),
                  st.text(alphabet=st.characters(categories=("P", "S", "Z")), max_size=60))
texts = st.lists(piece, min_size=1, max_size=14).map("".join)

# Reasons a document may get; anything else ("processing failed: ...") is a stage crashing on it.
EXPECTED_REASONS = ("unsupported language: ", "document too long: ", "run of ", "too many tokens: ",
                    "too many sentences: ", "text is not valid Unicode: ")


def _item(doc_id: str, text: str) -> Document | ReadFailure:
    """What the readers make of a text: a Document, or the failure with its reason."""
    try:
        return document_from_text(doc_id, text)
    except ReadError as exc:
        return ReadFailure(doc_id, exc.reason, exc.code)


def _check_results(items, results):
    """One result per item, in order; events with exact offsets, or an expected reason."""
    assert [item for item, _ in results] == items
    for item, result in results:
        if isinstance(item, ReadFailure):
            assert result.reason == item.reason and result.code == item.code
        elif isinstance(result, Failure):
            assert result.reason.startswith(EXPECTED_REASONS), f"{item.id}: {result.reason}"
            assert result.doc_id == item.id and result.code[:2] in ("V1", "V2"), result
        else:
            for e in result:
                assert e.doc_id == item.id
                assert 0 <= e.evidence_start < e.evidence_end <= len(item.text)
                assert item.text[e.evidence_start:e.evidence_end] == e.evidence_text


# --- readers ---

def _is_clean(text: str) -> bool:
    return text.strip() != "" and not any(
        (ord(c) < 32 and c not in "\t\n\r\f") or ord(c) == 0x7f or 0xD800 <= ord(c) <= 0xDFFF for c in text)


def _non_blank_lines(data: bytes) -> int:
    """Lines iter_jsonl must answer for: each one gives one Document or one ReadFailure."""
    n = 0
    for i, raw in enumerate(data.split(b"\n")):
        try:
            line = raw.decode("utf-8-sig" if i == 0 else "utf-8")
        except UnicodeDecodeError:
            n += 1
            continue
        n += bool(line.strip())
    return n


@READERS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_any_bytes_in_a_file_give_documents_or_reasons(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        items = list(read_paths([path]))
    record(fuzzed=1)
    assert all(isinstance(i, (Document, ReadFailure)) for i in items)
    if suffix == ".jsonl":
        assert len(items) == _non_blank_lines(data)
    else:
        assert len(items) == 1
    for i in items:
        if isinstance(i, ReadFailure):
            assert i.reason and i.code.startswith("V1")
        else:
            assert _is_clean(i.text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)
records = st.fixed_dictionaries(
    {}, optional={"id": st.one_of(st.text(max_size=20), json_values), "text": st.one_of(texts, json_values),
                  "url": json_values, "doc_date": st.one_of(st.sampled_from(["2021-10", "2021-10-05", "2021"]),
                                                            json_values),
                  "lang": st.one_of(st.sampled_from(["fr", "en", "fr-FR", "xx"]), json_values),
                  "events": json_values})


@READERS
@given(rows=st.lists(records, min_size=1, max_size=6), ascii_only=st.booleans())
def test_jsonl_records_each_give_one_document_or_one_reason(rows, ascii_only):
    lines = [json.dumps(r, ensure_ascii=ascii_only) for r in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.jsonl"
        path.write_bytes(data)
        from_file = list(read_paths([path]))
    from_stdin = list(read_stdin(_Bytes(data)))
    record(fuzzed=len(rows))
    # no record is lost, and the file and stdin agree line for line (ids aside: "c.jsonl:3", "stdin:3")
    assert len(from_file) == len(rows) and list(map(_outcome, from_stdin)) == list(map(_outcome, from_file))
    for lineno, (row, item) in enumerate(zip(rows, from_file), 1):
        text = row.get("text")
        if isinstance(item, Document):
            assert isinstance(text, str) and _is_clean(item.text) and isinstance(item.id, str) and item.id
            assert item.lang is None or isinstance(item.lang, str)
            assert item.url is None or isinstance(item.url, str)
        elif isinstance(text, str):  # a text with nothing in it once the crawl marker and controls are gone
            assert item.reason == "empty document"
        else:
            assert item.reason == f"line {lineno} has no text field"


def _outcome(item):
    return item.text if isinstance(item, Document) else item.reason


class _Bytes:
    """A binary stream as stdin is one."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, n: int = -1) -> bytes:
        return self.data if n < 0 else self.data[:n]


# HTML: trees of tags, closed or not, with text, attributes, comments, scripts.
TAGS = ["div", "p", "span", "a", "b", "em", "section", "article", "ul", "li", "table", "tr", "td", "h1",
        "blockquote", "nav", "footer", "header", "script", "style", "svg", "br", "img", "title", "meta"]
html_text = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40),
                      st.sampled_from(["<", ">", "&amp;", "&#0;", "&nbsp;", "<!--", "-->", "</", "<!DOCTYPE html>"]))


def _element(args) -> str:
    tag, children, closed, attr = args
    return f"<{tag}{attr}>" + "".join(children) + (f"</{tag}>" if closed else "")


html_trees = st.recursive(html_text, lambda inner: st.tuples(
    st.sampled_from(TAGS), st.lists(inner, max_size=4), st.booleans(),
    st.sampled_from(["", ' class="article"', " id=x", ' data-x="a>b"', " /"])).map(_element), max_leaves=25)


@READERS
@given(body=html_trees, wrap=st.booleans())
def test_any_html_gives_a_document_or_a_reason(body, wrap):
    html = f"<html><head><title>Titre</title></head><body>{body}</body></html>" if wrap else body
    record(fuzzed=1)
    try:
        d = document_from_html("page.html", html)
    except ReadError as exc:
        assert exc.reason
        return
    assert _is_clean(d.text) and d.id == "page.html"


# The HTML guard measures exactly on well-formed pages: a tree drawn, rendered, measured.
CONTAINERS = ["div", "span", "section", "article", "b", "em", "a", "nav", "blockquote", "main"]
trees = st.recursive(st.sampled_from(["text", "br", "img"]), lambda inner: st.tuples(
    st.sampled_from(CONTAINERS), st.lists(inner, max_size=6)), max_leaves=60)


def _render(node) -> str:
    if node == "text":
        return "mot "
    if isinstance(node, str):
        return f"<{node}>"
    tag, children = node
    return f'<{tag} class="c">' + "".join(_render(c) for c in children) + f"</{tag}>"


def _measure(node, level=0):
    """(depth, elements, most children) of a drawn tree, ``node`` at ``level``."""
    if node == "text":
        return 0, 0, 0
    if isinstance(node, str):
        return level + 0, 1, 0  # a void element holds nothing and adds no level
    _, children = node
    depth, elements, widest = level + 1, 1, sum(1 for c in children if c != "text")
    for c in children:
        d, e, w = _measure(c, level + 1)
        depth, elements, widest = max(depth, d), elements + e, max(widest, w)
    return depth, elements, widest


@READERS
@given(forest=st.lists(trees, max_size=4), limit=st.integers(1, 8))
def test_html_shape_is_exact_and_the_guard_refuses_beyond_each_limit(forest, limit):
    html = "".join(_render(t) for t in forest)
    depth = max((_measure(t)[0] for t in forest), default=0)
    elements = sum(_measure(t)[1] for t in forest)
    widest = max([sum(1 for t in forest if t != "text")] + [_measure(t)[2] for t in forest])
    record(fuzzed=1)
    shape = html_shape(html)
    assert (shape.depth, shape.elements, shape.children) == (depth, elements, widest)
    for field, value in (("max_html_depth", depth), ("max_html_elements", elements), ("max_html_children", widest)):
        limits = Limits(**{field: limit})
        if value > limit:
            with pytest.raises(HtmlTooComplex):
                check_html(html, limits)
        elif (depth <= limits.max_html_depth and elements <= limits.max_html_elements
              and widest <= limits.max_html_children):
            check_html(html, limits)


# --- pipeline ---

@PIPELINE
@given(batch=st.lists(texts, min_size=1, max_size=8))
def test_any_text_gives_events_with_exact_offsets_or_a_reason(pipeline, batch):
    items = [_item(f"doc{i}", t) for i, t in enumerate(batch)]
    results = list(pipeline.process_stream(items, batch_size=3))
    record(fuzzed=len(items))
    _check_results(items, results)


@PIPELINE
@given(batch=st.lists(st.text(alphabet=st.characters(exclude_categories=()), max_size=300), min_size=1, max_size=6))
def test_documents_made_without_the_readers_never_stop_the_batch(pipeline, batch):
    # what a caller of the library may hand over: any code point, surrogates and NUL included
    items = [Document(id=f"raw{i}", text=t) for i, t in enumerate(batch)]
    results = list(pipeline.process_stream(items, batch_size=4))
    record(fuzzed=len(items))
    _check_results(items, results)


# --- pathological documents, one by one ---

def _one(pipeline, item):
    [(got, result)] = list(pipeline.process_stream([item]))
    record(fuzzed=1)
    assert got is item
    return result.reason if isinstance(result, Failure) else result


def test_a_ten_megabyte_single_line(tmp_path, pipeline):
    line = "Des frappes ont visé Alep jeudi selon l'OSDH, " * 212_766  # 10.0 MB, no line break
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    (tmp_path / "line.jsonl").write_text(json.dumps({"id": "l", "text": line}), encoding="utf-8")
    txt, jsonl = list(read_paths([tmp_path / "line.txt", tmp_path / "line.jsonl"]))
    record(fuzzed=2)
    assert txt.reason == "document too large: 10.0 MB > 5.0 MB limit"
    assert jsonl.reason == "document too large: line 1 exceeds 5.0 MB"
    # read under a larger byte limit, or handed over by a library caller: the pipeline refuses it
    [doc] = list(read_paths([tmp_path / "line.txt"], max_bytes=20_000_000))
    assert _one(pipeline, doc) == f"document too long: {len(line):,} characters > 200,000 limit"


def test_a_hundred_thousand_sentences(pipeline):
    text = "Des frappes ont visé Alep. " * 100_000
    assert _one(pipeline, Document("s", text)) == "document too long: 2,700,000 characters > 200,000 limit"
    # under generous character and token limits, the sentence limit is what stops it
    many = "Le convoi est arrivé à Alep. " * 300
    strict = pipeline.with_limits(Limits(max_sentences=100))
    reason = _one(strict, Document("s", many))
    assert reason.startswith("too many sentences: ") and reason.endswith(" > 100 limit")
    tokens = len(pipeline.nlp.make_doc(many))
    reason = _one(pipeline.with_limits(Limits(max_tokens=1_000)), Document("t", many))
    assert tokens > 1_000 and reason == f"too many tokens: {tokens:,} > 1,000 limit"


def test_only_punctuation(pipeline):
    assert _one(pipeline, Document("p1", "!" * 100_000)) == "run of 100,000 characters without a space > 300 limit"
    # runs the tokenizer can afford, but a token a character: the parser is spared
    spaced = " ".join(["«!?»" * 60] * 600)
    assert _one(pipeline, Document("p2", spaced)) == "too many tokens: 144,000 > 50,000 limit"
    # a little punctuation is a text like another, with no event
    assert _one(pipeline, Document("p3", "?! ... ;; « » — (...) ' ' ' !!!\n\n***")) == []


def test_arabic_script(pipeline):
    arabic = ("قصفت طائرات حربية صباح الخميس مدينة أريحا في محافظة إدلب، ما أسفر عن مقتل سبعة مدنيين على الأقل. ") * 80
    assert _one(pipeline, Document("ar", arabic)) == "unsupported language: ar"


def test_mixed_scripts(pipeline):
    text = ("Des avions russes ont bombardé jeudi la ville d'Ariha (أريحا), dans la province d'Idleb (إدلب), "
            "faisant sept morts 🔥, selon l'OSDH. Moscou (Москва) a démenti ; à Pékin (北京), silence. "
            "Le porte-parole a cite\u0301 un communiqué \u200f\u200d\U0001d400.")
    doc = document_from_text("mixed", text)
    results = list(pipeline.process_stream([doc]))
    record(fuzzed=1)
    _check_results([doc], results)
    assert any(e.type == "ASSAULT" for e in results[0][1])


def test_nul_bytes(tmp_path, pipeline):
    (tmp_path / "nul.txt").write_bytes(b"Des frappes ont vis\xc3\xa9 Alep.\x00\x00\x00")
    [failure] = list(read_paths([tmp_path / "nul.txt"]))
    assert failure.reason == "binary file (NUL bytes), not text"
    # a NUL escaped in JSON: the text keeps its length (offsets) with a space in its place
    text = "Des avions russes ont bombardé jeudi la ville d'Ariha,\u0000 dans la province d'Idleb."
    [doc] = iter_jsonl([json.dumps({"id": "n", "text": text})], "n.jsonl")
    assert "\x00" not in doc.text and len(doc.text) == len(text)
    events = _one(pipeline, doc)
    assert any(e.type == "ASSAULT" for e in events)
    # handed over raw by a library caller: still an answer, not a crash
    raw = Document("raw", text)
    _check_results([raw], list(pipeline.process_stream([raw])))
    record(fuzzed=2)


def test_deeply_nested_html(tmp_path):
    para = "<p>Des avions russes ont bombardé jeudi la ville d'Ariha, dans la province d'Idleb.</p>"
    (tmp_path / "closed.html").write_text("<html><body>" + "<div>" * 100_000 + para + "</div>" * 100_000)
    (tmp_path / "open.html").write_text("<html><body>" + "<div>" * 100_000 + para)
    items = list(read_paths([tmp_path]))
    record(fuzzed=2)
    assert [i.reason for i in items] == ["HTML nested too deep: more than 200 levels"] * 2
    assert {i.code for i in items} == {HtmlTooComplex.code}
    # within the limit, the text deep inside is found
    (tmp_path / "ok.html").write_text("<html><body>" + "<div>" * 150 + para * 3 + "</div>" * 150)
    [doc] = list(read_paths([tmp_path / "ok.html"]))
    assert "bombardé jeudi la ville d'Ariha" in doc.text
    # the limit is the caller's to set
    [refused] = list(read_paths([tmp_path / "ok.html"], limits=Limits(max_html_depth=100)))
    assert refused.reason == "HTML nested too deep: more than 100 levels"


def test_enormous_html(tmp_path):
    para = "<p>Paragraphe {i} : des frappes ont visé Alep, selon <a href='/osdh'>l'OSDH</a>.</p>\n"
    (tmp_path / "a_many.html").write_text("<html><body><article>" + "".join(para.format(i=i) for i in range(30_000)))
    (tmp_path / "b_wide.html").write_text("<html><body><article><p>" + "<span>mot</span> " * 3_000 + "</p>")
    (tmp_path / "c_huge.html").write_text("<html><body><p>" + "Alep. " * 1_000_000 + "</p>")
    many, wide, huge = list(read_paths([tmp_path]))
    record(fuzzed=3)
    assert many.reason == "HTML too large: more than 50,000 elements"
    assert wide.reason == "HTML too wide: 3,000 elements directly inside one <p> > 2,000 limit"
    assert huge.reason == "document too large: 6.0 MB > 5.0 MB limit"


def test_what_fuzzing_found(tmp_path, pipeline):
    # htmldate, inside trafilatura, asserts on a page whose root is an <svg> holding text: the
    # page is refused, and the pages after it are still read
    (tmp_path / "a.html").write_text("<svg>HTML", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Des frappes ont visé Alep.", encoding="utf-8")
    failure, doc = list(read_paths([tmp_path]))
    assert failure.reason == "HTML extraction failed: AssertionError" and doc.id == "b.txt"
    # a lone surrogate, which no UTF-8 output can write: the readers replace it, and the pipeline
    # refuses a Document made without them that holds one
    [read] = iter_jsonl(['{"id": "s", "text": "Alep \\ud800 sous les bombes"}'], "s.jsonl")
    assert read.text == "Alep \ufffd sous les bombes"
    raw = Document("raw", "Alep \ud800 sous les bombes")
    assert _one(pipeline, raw) == "text is not valid Unicode: lone surrogate at character 5"
    record(fuzzed=2)


def test_a_parse_failing_on_one_document_loses_only_that_one():
    import spacy
    from spacy.language import Language

    from veille.pipeline import Pipeline

    @Language.component("veille_test_fails_on_boum")
    def fails_on_boum(doc):
        if "BOUM" in doc.text:
            raise RuntimeError("the parser broke")
        return doc

    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("veille_test_fails_on_boum")
    items = [Document("a", "Des avions ont bombardé Alep."), Document("b", "BOUM, fait le parseur."),
             Document("c", "Des frappes ont visé Idleb.")]
    results = list(Pipeline(nlp=nlp).process_stream(items))
    record(fuzzed=3)
    assert [(d.id, r.reason if isinstance(r, Failure) else "events") for d, r in results] == [
        ("a", "events"), ("b", "processing failed: RuntimeError: the parser broke"), ("c", "events")]


def test_limits_are_checked_and_shared(pipeline):
    with pytest.raises(ValueError, match="max_chars must be a positive integer"):
        Limits(max_chars=0)
    assert DEFAULT_LIMITS.with_max_chars(400_000) == Limits(max_chars=400_000, max_tokens=100_000,
                                                             max_sentences=20_000)
    other = pipeline.with_limits(Limits(max_chars=10))
    assert other.nlp is pipeline.nlp and pipeline.limits == DEFAULT_LIMITS
    assert _one(other, Document("x", "Des frappes ont visé Alep.")) == "document too long: 26 characters > 10 limit"


def test_cli_extract_max_chars(tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    (tmp_path / "a.txt").write_text("Des avions russes ont bombardé jeudi la ville d'Ariha.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--max-chars", "20"])
    record(fuzzed=1)
    assert result.exit_code == 1 and result.stdout == ""
    assert "a.txt: document too long: 54 characters > 20 limit" in result.stderr
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--max-chars", "20", "--jobs", "2"])
    assert result.exit_code == 2 and "--max-chars applies to one local process" in result.stderr
