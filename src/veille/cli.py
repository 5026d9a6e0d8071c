"""The command line: parse options, call the library, turn its errors into clean messages.

    veille extract examples/                       events as JSONL on stdout
    veille extract article.html --format geojson   one page, as GeoJSON
    veille eval ../shared/corpus/dev.jsonl          precision, recall, F1 against gold
    veille places "Des frappes ont visé Alep."      toponyms, the entry chosen and why
    veille geocode toponyms.jsonl                   resolution of given spans only
"""
from __future__ import annotations

import inspect
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from . import __version__
from .errors import EngineError, QueryError, StoreError, VeilleError
from .eval import GoldFormatError, diff_report, format_report, load_gold, load_predictions, score
from .limits import DEFAULT_LIMITS, Limits
from .places.geocode import geocode_file
from .readers import DEFAULT_MAX_BYTES, document_from_text, read_paths, read_stdin
from .records import Failure

# The commands import the heavy parts inside their functions (spaCy through the pipeline and the
# output formats, SQLAlchemy through the store, FastAPI, Ray): `veille --help` stays at 0.3 s.

err = Console(stderr=True, highlight=False, soft_wrap=True)


# ------------------------------------------------------------------ help and errors, for every command
# Typer 0.29 writes types as "<list[str]>", flags as "<bool>" and required arguments as "{gold}";
# these classes give the help users know (TEXT, PATH, nothing for a flag, GOLD, [PATHS]...).
_TYPE_LABELS = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN", "path": "PATH",
                "int range": "INTEGER RANGE", "float range": "FLOAT RANGE"}


def _type_label(param, ctx) -> str | None:
    label = param.display_type(ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]  # a repeated option or several arguments: the type of one value
    return _TYPE_LABELS.get(label, label.upper())


class _Argument(TyperArgument):
    def get_usage_pieces(self, ctx) -> list[str]:
        name = self.name.upper() if self.required else f"[{self.name.upper()}]"
        return [name + ("..." if self.nargs != 1 else "")]

    def display_type_rich(self, ctx) -> str | None:
        return self.metavar or _type_label(self, ctx)


class _Option(TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag:
            return None  # a flag takes no value
        return self.metavar or _type_label(self, ctx)


def _with_plain_help(param):
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


class _Command(TyperCommand):
    def get_help_option(self, ctx):
        return _with_plain_help(super().get_help_option(ctx))


class _Commands(TyperGroup):
    """The command group: the help above for every parameter, and the last line of defence that
    turns any error a command did not answer into one line on stderr, never a traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for command in [self, *self.commands.values()]:
            if type(command) is TyperCommand:
                command.__class__ = _Command
            for param in command.params:
                _with_plain_help(param)
            if command.help:
                command.help = _reflowed(command.help)
                # the list of commands shows the whole first paragraph, not 45 characters and "..."
                command.short_help = command.short_help or command.help.split("\n\n")[0]

    def get_help_option(self, ctx):
        return _with_plain_help(super().get_help_option(ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if hasattr(exc, "exit_code"):  # typer.Exit, usage errors: already answered
                raise
            _answer_unhandled(exc)


def _reflowed(help_text: str) -> str:
    """A docstring's paragraphs as single lines: Typer keeps its line breaks, which the terminal's
    width then cuts mid-sentence. A paragraph opening with \\b keeps its lines."""
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def _answer_unhandled(exc: Exception):
    if isinstance(exc, BrokenPipeError):  # `veille extract ... | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    if isinstance(exc, VeilleError):
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(1)
    if isinstance(exc, OSError) and exc.filename is not None:  # a file named on the command line
        err.print(f"veille: {exc.filename}: {(exc.strerror or str(exc)).lower()}", markup=False)
        raise typer.Exit(2)
    if os.environ.get("VEILLE_DEBUG"):
        raise exc
    err.print(f"veille: internal error: {type(exc).__name__}: {exc} (VEILLE_DEBUG=1 shows the traceback)",
              markup=False)
    raise typer.Exit(1)


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True,
                  help="veille: French news dispatches to geocoded, dated, evidence-linked events (offline).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Extract who did what to whom, where, when, according to whom, from French news."""


def _documents(paths: list[Path] | None, max_bytes: int):
    if not paths:
        if sys.stdin.isatty():  # no path typed: say why nothing happens
            err.print("veille: reading a text from stdin (Ctrl-D ends it); give files or folders to read them",
                      markup=False)
        return read_stdin(max_bytes=max_bytes)
    return read_paths(paths, max_bytes=max_bytes)


@app.command()
def extract(
    paths: Optional[list[str]] = typer.Argument(None, help="Files (.txt, .jsonl, .html) or folders; stdin when none."),
    format: str = typer.Option("jsonl", "--format", "-f",
                               help="Output format: jsonl, csv, geojson, plover (PLOVER JSON) or acled (ACLED-style "
                                    "CSV)."),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="Write here instead of stdout (with --engine ray: a folder or URI)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse documents larger than this."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default 1); with --engine ray, actors "
                                            "(default one per CPU of the cluster)."),
    engine: str = typer.Option("local", "--engine",
                               help="local (this machine) or ray (a Ray Data job writing Parquet; the cluster "
                                    "of $RAY_ADDRESS, else a local Ray)."),
    max_chars: int = typer.Option(DEFAULT_LIMITS.max_chars, "--max-chars", min=1,
                                  help="Refuse documents whose text is longer than this many characters (parsing "
                                       "takes about 3.5 MB of memory per 1,000); the token and sentence limits "
                                       "follow in proportion."),
) -> None:
    """Extract events from documents and write them (one JSON object per line by default).

    Example: veille extract examples/ --format csv -o events.csv

    Example: veille extract corpus/ --jobs 2 > events.jsonl   (same output, two processes)

    Example: veille extract corpus/ --engine ray -o events/   (Parquet, one row per event)

    A document that cannot be read or processed yields no event and a one-line
    reason on stderr ("doc_id: reason"); the run goes on. The exit status is 1
    only when no document could be read. Files of another type (.pdf) are refused
    ("unsupported file type .pdf"), as are documents not in French ("unsupported
    language: en") and documents beyond a limit (--max-chars).
    """
    from .output import FORMATS

    limits = DEFAULT_LIMITS.with_max_chars(max_chars)
    if limits != DEFAULT_LIMITS and (engine == "ray" or (jobs or 1) > 1):
        err.print("veille: --max-chars applies to one local process for now (not with --jobs or --engine ray)")
        raise typer.Exit(2)
    if engine not in ("local", "ray"):
        err.print(f"veille: unknown engine {engine!r} (choose from local, ray)", markup=False)
        raise typer.Exit(2)
    if engine == "ray":
        _extract_with_ray(paths, output, format, jobs, max_bytes)
        return
    if format not in FORMATS:
        err.print(f"veille: unknown format {format!r} (choose from {', '.join(FORMATS)})", markup=False)
        raise typer.Exit(2)
    writer = FORMATS[format]
    if output is not None:
        _check_output(output)
    ok = failed = 0

    def events():
        nonlocal ok, failed
        for item, result in _process_stream(_documents(paths, max_bytes), jobs or 1, limits=limits):
            if isinstance(result, Failure):
                failed += 1
                err.print(result.line(), markup=False)
                continue
            ok += 1
            for ev in result:
                yield ev.as_dict()

    fh = Path(output).open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer(events(), fh)
    finally:
        if output:
            fh.close()
        else:
            fh.flush()
    if ok == 0:
        err.print(f"veille: no document could be read ({failed} failed)")
        raise typer.Exit(1)


def _process_stream(items, jobs: int, *, limits: Limits = DEFAULT_LIMITS):
    """(item, events | failure) pairs in input order, from this process or from ``jobs`` workers.
    Inputs are read first: the failures before the first document are answered without loading
    the model (seconds), so a mistyped path is said at once."""
    from .engine import process_stream

    items = iter(items)
    for item in items:
        if isinstance(item, Failure):
            yield item, item
            continue
        yield from process_stream(itertools.chain([item], items), jobs=jobs, limits=limits)
        return


def _check_output(output: str | os.PathLike) -> None:
    """An output file's folder must exist: said before the inputs are read, not after."""
    folder = Path(output).expanduser().resolve().parent
    if str(output) == "" or Path(output).is_dir():
        err.print(f"veille: --output {str(output)!r} is not a file name", markup=False)
        raise typer.Exit(2)
    if not folder.is_dir():
        err.print(f"veille: --output {output}: no such folder {folder}", markup=False)
        raise typer.Exit(2)


def _extract_with_ray(paths: list[str] | None, output: str | None, format: str, jobs: int | None,
                      max_bytes: int) -> None:
    from .distributed import extract_with_ray

    if not paths:
        err.print("veille: --engine ray reads files, folders or URIs, not stdin")
        raise typer.Exit(2)
    if not output:
        err.print("veille: --engine ray needs --output, the folder (or URI) of the Parquet files")
        raise typer.Exit(2)
    if format != "jsonl":
        err.print("veille: --engine ray writes Parquet (one row per event or failure); --format does not apply")
        raise typer.Exit(2)
    try:
        missing = extract_with_ray(paths, output, jobs=jobs, max_bytes=max_bytes)
    except EngineError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(1)
    for failure in missing:
        err.print(failure.line(), markup=False)
    err.print(f"veille: events written as Parquet to {output} (rows with `failure` set are the documents "
              "that could not be read or processed)", markup=False)


@app.command("eval")
def evaluate(
    gold: str = typer.Argument(..., help="Gold corpus (JSONL with `events`), e.g. ../shared/corpus/dev.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", "-p",
                                               help="Score these JSONL events instead of extracting."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the extracted events here (JSONL)."),
    diff: bool = typer.Option(False, "--diff", help="List missed gold events and spurious predictions."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the extraction."),
) -> None:
    """Extract the gold corpus's texts and score the events (rules of CONTRACT.md).

    Example: veille eval ../shared/corpus/dev.jsonl --json
    """
    from .output import write_jsonl

    gold_file = _check_input_file(gold)
    if predictions is not None:
        _check_input_file(predictions, "--predictions ")
    if save is not None:
        _check_output(save)
    reading: Path | None = gold_file
    try:
        gold_events = load_gold(gold_file)
        reading = predictions
        preds = load_predictions(predictions) if predictions is not None else None
    except GoldFormatError as exc:
        _usage_error(str(exc))
    except UnicodeDecodeError as exc:
        _usage_error(f"{reading}: not UTF-8 text ({exc.reason})")  # exc.start counts from a buffer, not the file
    if preds is None:
        preds = []
        for item, result in _process_stream(read_paths([str(gold_file)]), jobs):
            if isinstance(result, Failure):
                err.print(result.line(), markup=False)
                continue
            preds.extend(ev.as_dict() for ev in result)
        if save is not None:
            with save.open("w", encoding="utf-8") as fh:
                write_jsonl(preds, fh)
    scores = score(gold_events, preds)
    if as_json:
        typer.echo(json.dumps(scores.as_dict()))
    else:
        typer.echo(format_report(scores))
    if diff:
        for doc in diff_report(gold_events, preds):
            typer.echo(json.dumps(doc, ensure_ascii=False))


@app.command()
def places(
    text: str = typer.Argument(..., help="A French text, @FILE to read one, or a corpus FILE.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per toponym."),
    fmt: str = typer.Option("table", "--format", help="table, or jsonl: one CONTRACT.md line per toponym "
                                                      "of each document of a FILE.jsonl corpus."),
) -> None:
    """Show each toponym found, the GeoNames entry chosen, the alternatives and why.

    Example: veille places "Des frappes ont visé Jisr al-Choughour, dans la province d'Idleb."

    Corpus: veille places corpus.jsonl --format jsonl > toponyms.jsonl (one line per toponym found,
    with doc_id, start, end, text and place, documents in input order; CONTRACT.md).
    """
    from rich.table import Table

    from .pipeline import default_pipeline

    if fmt not in ("table", "jsonl"):
        err.print(f"veille: unknown format {fmt!r} (table or jsonl)", markup=False)
        raise typer.Exit(2)
    if fmt == "jsonl" or (text.endswith(".jsonl") and Path(text).is_file()):
        from .places.corpus import corpus_records
        from .readers import read_jsonl_file

        path = Path(text[1:] if text.startswith("@") else text)
        if not path.is_file():
            err.print(f"veille: no such file: {path}", markup=False)
            raise typer.Exit(1)
        for row in corpus_records(default_pipeline(), read_jsonl_file(path, path.name),
                                  lambda doc_id, reason: err.print(f"{doc_id}: {reason}", markup=False)):
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    if text.startswith("@"):
        text = _check_input_file(text[1:], "@").read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        _usage_error("empty text: give a French text, or @FILE to read one")
    doc = document_from_text("text", text)
    try:
        analysis = default_pipeline().analyse(doc)
    except VeilleError as exc:  # not French, or beyond a limit
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(1)
    if as_json:
        for pm in analysis.places:
            typer.echo(json.dumps({"text": pm.text, "start": pm.start, "end": pm.end, "score": round(pm.score, 3),
                                   "why": pm.why, "place": pm.place.as_dict() if pm.place else None},
                                  ensure_ascii=False))
        return
    table = Table(title=f"Toponyms (dominant country: {analysis.dominant_country.name if analysis.dominant_country else '-'})")
    for col in ("mention", "entry", "country", "admin1", "precision", "geonameid", "score", "why"):
        table.add_column(col)
    for pm in analysis.places:
        p = pm.place
        table.add_row(pm.text, p.name if p else "-", p.country if p else "-", (p.admin1 or "-") if p else "-",
                      p.precision if p else "-", str(p.geonameid) if p else "-", f"{pm.score:.2f}", pm.why)
    Console().print(table)


@app.command()
def geocode(
    path: Path = typer.Argument(..., help="JSONL: {id, text, toponyms: [{start, end}, ...]} per line."),
) -> None:
    """Resolve given toponym spans with the whole document as context (CONTRACT.md).

    One line per span; besides CONTRACT.md's fields, `fallback` and `why`. A span the gazetteer
    lacks is answered too: an institution at its seat, a sea, river or region at its point
    (places/data/features.tsv, country precision), else the place named inside the span, else
    the place named nearest in the text (those last two with fallback true).

    Example: veille geocode toponyms.jsonl > resolved.jsonl
    """
    n = geocode_file(path, sys.stdout, on_error=lambda line: err.print(line, markup=False))
    if n == 0:
        raise typer.Exit(1)

# ---------------------------------------------------------------------------------------- the store
_DB_HELP = "Database URL (sqlite:///FILE or postgresql://...); default $VEILLE_DB or sqlite:///veille.db."


def _open_store(db: str | None, *, existing: bool = False):
    """The store at ``db``; with ``existing`` (the commands that only read), a SQLite file that
    is not there is an error, not a new empty store."""
    from .store import open_store

    if db is not None and not db.strip():  # not the default: an empty --db is a mistake
        _usage_error("--db is empty: give a database URL (sqlite:///FILE or postgresql://...)")
    if existing:
        path = _sqlite_file(db or os.environ.get("VEILLE_DB") or "sqlite:///veille.db")
        # (a missing folder is the store's own error, below)
        if path is not None and Path(path).parent.is_dir() and not Path(path).is_file():
            what = "a folder, not a SQLite file" if Path(path).is_dir() else "veille ingest --db ... creates one"
            _usage_error(f"no database at {path} ({what})")
    from sqlalchemy.exc import DBAPIError

    try:
        return open_store(db, create=not existing)  # reading: never add tables to a foreign database
    except StoreError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(2)
    except DBAPIError as exc:  # a server that cannot be reached, a password refused
        reason = str(exc.orig or exc).strip().splitlines()[0]
        _usage_error(f"cannot open the database: {reason}")


def _sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL; None for another database, memory, or a URL open_store will refuse."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def _usage_error(message: str):
    err.print(f"veille: {message}", markup=False)
    raise typer.Exit(2)


def _check_input_file(name: str | Path, option: str = "") -> Path:
    """A file a command reads whole: said at once when it is missing, a folder or an empty name.
    (Typed str, not Path, by the command: Path("") is the current folder.)"""
    if str(name) == "":
        _usage_error(f"empty path{' after ' + option.strip() if option else ''}: give a file name")
    path = Path(name)
    if not path.exists():
        _usage_error(f"{option}{path}: no such file or directory")
    if path.is_dir():
        _usage_error(f"{option}{path}: a folder, not a file")
    return path


def _check_inputs(paths: list[Path] | list[str]) -> None:
    """Every path given exists: said before the store is opened or the model loaded. (A URI,
    s3://..., is Ray's to open.)"""
    for p in paths:
        if str(p) == "":
            _usage_error("empty path: give a file or folder name")
        if "://" not in str(p) and not Path(p).exists():
            _usage_error(f"{p}: no such file or directory")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html) or folders."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the extraction."),
    batch_size: int = typer.Option(50, "--batch-size", min=1, help="Documents per transaction."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse documents larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: str = typer.Option("local", "--engine",
                               help="local (this machine) or ray (Ray Data actors, each storing what it extracts; "
                                    "the cluster of $RAY_ADDRESS, else a local Ray; use PostgreSQL on a cluster)."),
) -> None:
    """Extract documents and store them with their events; reports of one event are merged.

    Example: veille ingest ../shared/corpus/dev.jsonl --db sqlite:///veille.db

    Example: veille ingest corpus/ --engine ray --db postgresql://veille@db/veille

    Ingesting the same content again adds nothing, so a run that was stopped or killed is
    resumed by running it again. Each document that fails is said ("doc_id: reason") and kept
    with its reason (veille failures).
    """
    import time
    from datetime import datetime, timezone

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .engine import ingest_local as ingest_documents

    if engine not in ("local", "ray"):
        _usage_error(f"unknown engine {engine!r} (choose from local, ray)")
    _check_inputs(paths)  # before the store is opened and the model loaded
    store = _open_store(db)
    if engine == "ray":
        _ingest_with_ray(paths, store, jobs if jobs > 1 else None, max_bytes)
        return
    since = datetime.now(timezone.utc).isoformat(timespec="seconds")  # the store's failed_at format
    started = time.monotonic()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  disable=quiet, transient=False) as progress:
        task = progress.add_task("reading", total=None)

        def on_batch(stats):
            rate = stats.read / max(1e-9, time.monotonic() - started)
            progress.update(task, description=f"{stats.read} documents ({rate:.1f}/s): {stats.stored} stored, "
                                              f"{stats.skipped} already stored, {stats.failed} failed")

        stats = ingest_documents(store, read_paths(paths, max_bytes=max_bytes), jobs=jobs, batch_size=batch_size,
                                 on_batch=on_batch)
    elapsed = time.monotonic() - started
    if stats.failed:
        for row in store.failures():  # this run's failures: the store keeps each with its time
            if row["failed_at"] >= since:
                err.print(f"{row['doc_id']}: {row['reason']}", markup=False)
    err.print(f"{stats.line()} ({stats.read / max(elapsed, 1e-9):.1f} documents/s) into {store.url_safe}",
              markup=False)
    if stats.read and not (stats.stored or stats.skipped):
        raise typer.Exit(1)


def _ingest_with_ray(paths: list[str], store, jobs: int | None, max_bytes: int) -> None:
    import time

    from .distributed import ingest_with_ray

    started = time.monotonic()
    try:
        totals, missing = ingest_with_ray([str(p) for p in paths], store.url, jobs=jobs, max_bytes=max_bytes)
    except EngineError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(1)
    for failure in missing:
        err.print(failure.line(), markup=False)
    elapsed = time.monotonic() - started
    err.print(f"{totals['read']} read, {totals['stored']} stored, {totals['skipped']} already stored, "
              f"{totals['failed']} failed, {totals['reports']} reports ({totals['read'] / max(elapsed, 1e-9):.1f} "
              f"documents/s) into {store.url_safe} with Ray", markup=False)
    if totals["read"] and not (totals["stored"] or totals["skipped"]):
        raise typer.Exit(1)


@app.command()
def failures(
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per failure."),
) -> None:
    """List the documents that could not be stored, with the reason.

    Example: veille failures --db sqlite:///veille.db
    """
    from rich.table import Table

    rows = _open_store(db, existing=True).failures()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} failures")
    for col in ("doc_id", "code", "reason", "source", "failed_at"):
        table.add_column(col)
    for row in rows:
        table.add_row(row["doc_id"], row["code"], row["reason"], row["source"] or "-", row["failed_at"])
    Console().print(table)


EVENT_FORMATS = ("table", "jsonl", "csv", "geojson", "parquet", "acled", "plover")


@app.command()
def events(
    type: Optional[list[str]] = typer.Option(None, "--type", "-t",
                                             help="Event type, e.g. ASSAULT or PROTEST (repeat for several)."),
    country: Optional[str] = typer.Option(None, "--country",
                                          help="ISO code, English or French name (SY, SYR, Syria, Syrie)."),
    admin1: Optional[str] = typer.Option(None, "--admin1", help="First-level division as stored (Idlib)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor or target name contains this."),
    since: Optional[str] = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD)."),
    near: Optional[str] = typer.Option(None, "--near", help="A place name or 'lat,lon'."),
    radius: float = typer.Option(50.0, "--radius", help="Kilometres around --near."),
    text: Optional[str] = typer.Option(None, "--text", help="In any report's evidence."),
    min_reports: int = typer.Option(1, "--min-reports", min=1, help="Only events told by this many reports."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many events (default: all)."),
    offset: int = typer.Option(0, "--offset", min=0),
    format: str = typer.Option("table", "--format", "-f", help="table, jsonl, csv, geojson, parquet, acled or plover."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (required for parquet)."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Query stored events (one per happening, with its reports), newest first.

    Example: veille events --type ASSAULT --country SY --near Hama --radius 50 --format jsonl
    """
    from .countries import country_code
    from .events.lexicon import EVENT_TYPES
    from .output import FLAT_COLUMNS, FORMATS, MERGE_COLUMNS, write_csv, write_parquet
    from .search import select_events
    from .store import EventQuery

    if format not in EVENT_FORMATS:
        _usage_error(f"unknown format {format!r} (choose from {', '.join(EVENT_FORMATS)})")
    if format == "parquet" and output is None:
        _usage_error("--format parquet needs --output FILE")
    if output is not None:
        _check_output(output)
    # the filters are checked as the API checks them, before the store is opened
    types = [t.strip().upper() for t in type or []]
    for value, given in zip(types, type or []):
        if value not in EVENT_TYPES:
            _usage_error(f"type: {given!r} is not an event type (choose from {', '.join(EVENT_TYPES)})")
    query = EventQuery(types=types, admin1=admin1, actor=actor, since=since, until=until,
                       near=near, radius_km=radius, text=text, min_reports=min_reports, limit=limit, offset=offset)
    try:
        query.country = country_code(country) if country is not None else None
        query.validate()
    except QueryError as exc:
        _usage_error(str(exc))
    store = _open_store(db, existing=True)
    try:
        page = select_events(store, query)
    except QueryError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(2)
    if page.near:
        err.print(f"near {page.near}, within {radius:g} km", markup=False)
    if format == "table":
        from rich.table import Table

        table = Table(title=f"{page.total} events" + (f" (showing {len(page.events)})" if len(page.events) < page.total else ""))
        for col in ("date", "type", "mode", "actor", "target", "place", "admin1", "reports", "evidence"):
            table.add_column(col, overflow="fold")
        for ev in page.events:
            loc = ev["location"] or {}
            table.add_row(ev["date"]["value"] or "-", ev["type"], ev["mode"] or "-",
                          (ev["actor"] or {}).get("name") or "-", (ev["target"] or {}).get("name") or "-",
                          loc.get("name") or "-", loc.get("admin1") or "-", str(ev["n_reports"]),
                          (ev["evidence"] or {}).get("text", "")[:100])
        # a pipe or a file gets the full width, not 80 columns
        Console(file=output.open("w", encoding="utf-8") if output else None,
                width=None if sys.stdout.isatty() and not output else 200).print(table)
        return
    if format == "parquet":
        write_parquet(page.events, output)
        return
    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format == "csv":
            write_csv(page.events, fh, FLAT_COLUMNS + MERGE_COLUMNS)
        else:
            FORMATS[format](page.events, fh)
    finally:
        if output:
            fh.close()


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: every one)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    cors_origin: Optional[list[str]] = typer.Option(None, "--cors-origin",
                                                    help="Let pages of this origin call the API (repeat; CORS is off "
                                                         "by default)."),
    max_body_bytes: int = typer.Option(1_000_000, "--max-body-bytes", min=1, help="Refuse larger request bodies (413)."),
) -> None:
    """Serve the store over HTTP: the events API (docs at /docs) and the web page at /.

    Example: VEILLE_API_TOKEN=secret veille serve --db sqlite:///veille.db --port 8000

    Reads are open; storing a text (POST /extract with "store": true) needs the token of
    $VEILLE_API_TOKEN as "Authorization: Bearer <token>", and is refused when it is not set.
    """
    import os

    import uvicorn

    from .api import TOKEN_ENV, create_app

    store = _open_store(db, existing=True)
    application = create_app(store, cors_origins=tuple(cors_origin or ()), max_body_bytes=max_body_bytes)
    # the model and the gazetteer before the first request, not during it: the server listens
    # (and /health answers) only once an extraction can start at once
    err.print("veille: loading the model and the gazetteer...", markup=False)
    from .pipeline import default_pipeline

    default_pipeline()
    writes = f"writes need the token of ${TOKEN_ENV}" if os.environ.get(TOKEN_ENV) else f"writes off (no ${TOKEN_ENV})"
    err.print(f"veille: serving {store.url_safe} at http://{host}:{port}/ (API docs at /docs; {writes})",
              markup=False)
    uvicorn.run(application, host=host, port=port, log_level="info", timeout_keep_alive=5, server_header=False)


if __name__ == "__main__":  # pragma: no cover
    app()
