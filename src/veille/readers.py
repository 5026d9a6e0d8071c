"""Inputs -> Documents: plain text, JSONL, HTML, folders, stdin (CONTRACT.md, "Input").

Every reader yields either a ``Document`` or a ``ReadFailure`` carrying the
document id and the reason, so one broken file never stops a batch and the
caller always learns why something was dropped.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator, Protocol

from .errors import (BinaryDocument, DocumentTooLarge, EmptyDocument, EncodingError,
                     MalformedRecord, MissingPath, ReadError, UnsupportedFileType)
from .limits import DEFAULT_LIMITS, Limits, check_html
from .records import Document, Failure

# 5 MB: a long news feature is ~50 KB; anything beyond this is a dump, not an article,
# and would make the parser allocate gigabytes. Configurable per call.
DEFAULT_MAX_BYTES = 5_000_000

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
READABLE = ".txt, .jsonl, .html, .htm"  # for the reason given to a file of another type

# The crawl marker: an optional leading "date YYYY-MM" or "date YYYY-MM-DD" token run.
_CRAWL_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*")
_DATE_FIELD = re.compile(r"\A\d{4}(?:-\d{2}(?:-\d{2})?)?\Z")
# Control characters other than tab, line and page breaks are not text (a NUL cannot even be stored
# in a PostgreSQL text column), and a lone surrogate from a JSON escape cannot be written as UTF-8.
# Each becomes one character (a space, U+FFFD), so that offsets into the text stay offsets.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# A document that could not be read: records.Failure, under the name its readers give it.
ReadFailure = Failure


class ByteStream(Protocol):
    """What ``read_stream`` reads: a binary file, or any stream of lines that can also be read whole."""

    def read(self, n: int = -1, /) -> bytes: ...

    def __iter__(self) -> Iterator[bytes]: ...


def strip_crawl_marker(text: str) -> tuple[str, str | None]:
    """Remove a leading ``date YYYY-MM[-DD]`` marker; return (text, date or None)."""
    m = _CRAWL_MARKER.match(text)
    if not m:
        return text, None
    return text[m.end():], m.group(1)


def _decode(raw: bytes, max_bytes: int) -> str:
    if len(raw) > max_bytes:
        raise DocumentTooLarge(f"document too large: {len(raw) / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit")
    head = raw[:8192]
    # NUL bytes do not occur in text; a share of control bytes marks an image, archive or executable.
    if b"\x00" in head:
        raise BinaryDocument("binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"invalid UTF-8 at byte {exc.start}") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * max(1, len(text[:8192])):
        raise BinaryDocument("binary file (control bytes), not text")
    return text


def _check_text(text: str) -> None:
    if not text.strip():
        raise EmptyDocument("empty document")


def _printable(text: str) -> str:
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))


def check_unicode(text: str) -> None:
    """Raise ``EncodingError`` when a text holds a lone surrogate, which no UTF-8 output can write.
    The readers replace them; a Document a library caller made may still hold one."""
    m = _SURROGATE.search(text)
    if m:
        raise EncodingError(f"text is not valid Unicode: lone surrogate at character {m.start()}")


def _normalise_date(value: object) -> str | None:
    if value is None or value == "":
        return None
    s = str(value).strip()[:10]
    return s if _DATE_FIELD.match(s) else None


def document_from_text(doc_id: str, text: str, *, url: str | None = None, doc_date: str | None = None,
                       lang: str | None = None, source: str | None = None) -> Document:
    """A Document from raw text: the crawl marker becomes the date when none is given."""
    text, marker_date = strip_crawl_marker(_printable(text))
    _check_text(text)
    return Document(id=doc_id, text=text, url=url, doc_date=_normalise_date(doc_date) or marker_date,
                    lang=lang, source=source)


def read_text_file(path: Path, doc_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    return document_from_text(doc_id, _decode(path.read_bytes(), max_bytes), source=str(path))


def read_html_file(path: Path, doc_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   limits: Limits = DEFAULT_LIMITS) -> Document:
    html = _decode(path.read_bytes(), max_bytes)
    return document_from_html(doc_id, html, source=str(path), limits=limits)


def document_from_html(doc_id: str, html: str, *, url: str | None = None, source: str | None = None,
                       limits: Limits = DEFAULT_LIMITS) -> Document:
    """Main text of a page (trafilatura drops menus, share buttons, comments) and its date.
    A page too deep or too wide for extraction to end in bounded time is refused first."""
    check_html(html, limits)
    import trafilatura  # imported here: it costs ~0.3 s and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                                include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - its bug on one page must not stop the batch
        # (found by tests/test_fuzz.py: htmldate asserts on a page whose root element is <svg>)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ReadError(f"HTML extraction failed: {detail}") from exc
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise EmptyDocument("no main text found in the HTML page")
    page_url = url or getattr(extracted, "url", None)
    date = _normalise_date(getattr(extracted, "date", None))
    title = getattr(extracted, "title", None)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return document_from_text(doc_id, text, url=page_url, doc_date=date, source=source)


def iter_jsonl(lines: Iterable[str], name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               first_lineno: int = 1) -> Iterator[Document | ReadFailure]:
    for lineno, line in enumerate(lines, first_lineno):
        if not line.strip():
            continue
        fallback_id = f"{name}:{lineno}"
        if len(line) > max_bytes:
            yield ReadFailure(fallback_id, f"document too large: line {lineno} exceeds {max_bytes / 1e6:.1f} MB",
                              DocumentTooLarge.code)
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))  # so that a column at the line's end is on this line
        except json.JSONDecodeError as exc:
            yield ReadFailure(fallback_id, f"malformed JSON line {lineno}: {exc.msg} at column {exc.colno}",
                              MalformedRecord.code)
            continue
        if not isinstance(record, dict):
            yield ReadFailure(fallback_id, f"line {lineno} is not a JSON object", MalformedRecord.code)
            continue
        doc_id = _printable(str(record.get("id") or fallback_id))
        text = record.get("text")
        if not isinstance(text, str):
            yield ReadFailure(doc_id, f"line {lineno} has no text field", MalformedRecord.code)
            continue
        url, lang = record.get("url"), record.get("lang")
        try:
            yield document_from_text(doc_id, text, url=_printable(url) if isinstance(url, str) else None,
                                     doc_date=record.get("doc_date"), lang=lang if isinstance(lang, str) else None,
                                     source=name)
        except ReadError as exc:
            yield ReadFailure(doc_id, exc.reason, exc.code)


def read_jsonl_file(path: Path, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadFailure]:
    with path.open("rb") as fh:
        yield from iter_jsonl_bytes(fh, name, max_bytes=max_bytes)


def iter_jsonl_bytes(raw_lines: Iterable[bytes], name: str, *,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadFailure]:
    """Decode line by line, so one undecodable line loses only itself."""
    for lineno, raw in enumerate(raw_lines, 1):
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield ReadFailure(f"{name}:{lineno}", f"invalid UTF-8 at byte {exc.start} of line {lineno}",
                              EncodingError.code)
            continue
        yield from iter_jsonl([line], name, max_bytes=max_bytes, first_lineno=lineno)


def read_stream(stream: ByteStream, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | ReadFailure]:
    """A file already open (a distributed engine opens it on its own filesystem), by the suffix of
    ``name``: the rules of ``read_file``, with ``name`` as the id of a text or HTML document."""
    suffix = PurePosixPath(name).suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from iter_jsonl_bytes(stream, name, max_bytes=max_bytes)
            return
        raw = stream.read(max_bytes + 1)
        if suffix in HTML_SUFFIXES:
            yield document_from_html(name, _decode(raw, max_bytes), source=name, limits=limits)
        else:
            yield document_from_text(name, _decode(raw, max_bytes), source=name)
    except ReadError as exc:
        yield ReadFailure(name, exc.reason, exc.code)


def unsupported_type(path: Path) -> str | None:
    """The reason a file is not read, or None: a name without a suffix is read as text, as it was
    always; a suffix of another kind (.pdf, .docx, .md) is said, not read as garbled text."""
    suffix = path.suffix.lower()
    if not suffix or suffix in SUFFIXES:
        return None
    return f"unsupported file type {suffix} (veille reads {READABLE})"


def read_file(path: Path, doc_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | ReadFailure]:
    suffix = path.suffix.lower()
    unsupported = unsupported_type(path)
    if unsupported:
        yield ReadFailure(doc_id, unsupported, UnsupportedFileType.code)
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl_file(path, doc_id, max_bytes=max_bytes)
        elif suffix in HTML_SUFFIXES:
            yield read_html_file(path, doc_id, max_bytes=max_bytes, limits=limits)
        else:
            yield read_text_file(path, doc_id, max_bytes=max_bytes)
    except ReadError as exc:
        yield ReadFailure(doc_id, exc.reason, exc.code)
    except OSError as exc:
        yield ReadFailure(doc_id, f"cannot read: {exc.strerror or exc}")


def read_paths(paths: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES,
               limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | ReadFailure]:
    """Documents from files and folders, in the order given (folders sorted, recursively);
    ``limits`` bounds HTML pages (the text's own limits are the pipeline's). In a folder, files of
    another type with a suffix (a .pdf) get their reason; hidden ones and those without a suffix
    (.DS_Store, README) are passed over."""
    for p in paths:
        if str(p) == "":  # Path("") is the current folder: an empty argument must not read it all
            yield ReadFailure('""', "empty path: give a file or folder name", MissingPath.code)
            continue
        path = Path(p)
        if not path.exists():
            yield ReadFailure(str(p), "no such file or directory", MissingPath.code)
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if (child.is_file() and child.suffix
                        and not any(part.startswith(".") for part in relative.parts)):
                    yield from read_file(child, relative.as_posix(), max_bytes=max_bytes, limits=limits)
        else:
            yield from read_file(path, path.name, max_bytes=max_bytes, limits=limits)


def read_stdin(stream: BinaryIO | None = None, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadFailure]:
    """stdin holds JSONL when its first non-blank character opens an object, else one text."""
    stream = stream or sys.stdin.buffer
    raw = stream.read(max_bytes + 1)
    try:
        text = _decode(raw, max_bytes)
    except ReadError as exc:
        yield ReadFailure("stdin", exc.reason, exc.code)
        return
    if text.lstrip().startswith("{"):
        # split on line feeds only, as files are: str.splitlines would also cut inside a JSON
        # string at U+2028 or U+0085, which JSON leaves unescaped
        yield from iter_jsonl(text.split("\n"), "stdin", max_bytes=max_bytes)
        return
    try:
        yield document_from_text("stdin", text, source="<stdin>")
    except ReadError as exc:
        yield ReadFailure("stdin", exc.reason, exc.code)
