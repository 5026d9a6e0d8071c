"""Library exceptions with stable codes; the CLI and the API translate them once, at the edge.

A code names the kind of failure so that users can search for it and tests can
assert on it without matching prose. A document that fails keeps its code beside its reason
(``records.Failure``), up to the store's ``failures`` table.
"""
from __future__ import annotations


class VeilleError(Exception):
    code = "V000"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.reason} [{self.code}]"


class ReadError(VeilleError):
    """A document could not be read: missing, binary, undecodable, malformed, too large, empty."""

    code = "V100"


class EmptyDocument(ReadError):
    code = "V101"


class BinaryDocument(ReadError):
    code = "V102"


class EncodingError(ReadError):
    code = "V103"


class MalformedRecord(ReadError):
    code = "V104"


class DocumentTooLarge(ReadError):
    code = "V105"


class MissingPath(ReadError):
    code = "V106"


class HtmlTooComplex(ReadError):
    """A page nested too deep or with too many elements for extraction to end in bounded time (limits.py)."""

    code = "V107"


class UnsupportedFileType(ReadError):
    """A file whose suffix names a kind veille does not read (.pdf, .docx): said, not read as text."""

    code = "V108"


class ProcessingError(VeilleError):
    """A document was read but a stage failed on it."""

    code = "V200"


class UnsupportedLanguage(ProcessingError):
    """The document is not French: French rules must not code it (language.py)."""

    code = "V201"


class LimitExceeded(ProcessingError):
    """The document is beyond a per-document limit: characters, tokens, sentences (limits.py)."""

    code = "V202"


class WorkerDied(ProcessingError):
    """The worker process extracting a document died on it (killed, out of memory): parallel.py."""

    code = "V203"


class GazetteerError(VeilleError):
    code = "V300"


class DataFileError(VeilleError):
    """A knowledge file (actors, triggers, place variants) is malformed."""

    code = "V400"


class StoreError(VeilleError):
    """The database cannot be opened or used: a bad URL, a missing folder, a foreign schema."""

    code = "V500"


class IdConflict(StoreError):
    """A document id already stored with other content: the store never overwrites a document."""

    code = "V501"


class QueryError(VeilleError):
    """A filter of `veille events` or `GET /events` that cannot be applied (unknown place, bad date)."""

    code = "V510"


class EngineError(VeilleError):
    """A run engine cannot start: Ray missing, a cluster that cannot be reached, no input to read."""

    code = "V700"
