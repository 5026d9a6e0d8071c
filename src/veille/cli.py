"""The command line: parse options, call the library, turn its errors into clean messages.

    veille extract examples/                       events as JSONL on stdout
    veille extract article.html --format geojson   one page, as GeoJSON
    veille eval ../shared/corpus/dev.jsonl          precision, recall, F1 against gold
    veille places "Des frappes ont visé Alep."      toponyms, the entry chosen and why
    veille geocode toponyms.jsonl                   resolution of given spans only
"""
from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .api import TOKEN_ENV, Worker, create_app
from .cli_help import Commands, err
from .cli_inputs import DB_OPTION, check_input_file, check_inputs, check_output, open_store_at, usage_error
from .countries import country_code
from .engine import ingest_local, process_stream
from .errors import EngineError, QueryError, VeilleError
from .eval import GoldFormatError, diff_report, format_report, load_gold, load_predictions, score
from .events.lexicon import EVENT_TYPES
from .ingest import IngestStats
from .limits import DEFAULT_LIMITS, Limits
from .output import FLAT_COLUMNS, FORMATS, MERGE_COLUMNS, write_csv, write_jsonl, write_parquet
from .pipeline import default_pipeline
from .places.corpus import corpus_records
from .places.geocode import geocode_file
from .readers import DEFAULT_MAX_BYTES, document_from_text, read_jsonl_file, read_paths, read_stdin
from .records import Document, Failure, Result
from .search import select_events
from .store import EventQuery, Store
from .web.basemap import default_borders

# Ray (seconds to import, an optional dependency) is imported by the commands that run with
# --engine ray only (veille.distributed), and uvicorn by `veille serve` only.

# What `extract` and `ingest` run on: this machine's processes, or a Ray cluster (checked once, below).
ENGINES = ("local", "ray")

app = typer.Typer(cls=Commands, add_completion=False, no_args_is_help=True,
                  help="veille: French news dispatches to geocoded, dated, evidence-linked events (offline).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Extract who did what to whom, where, when, according to whom, from French news."""


def _documents(paths: list[str] | None, max_bytes: int) -> Iterator[Document | Failure]:
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
                               help="Output format: jsonl, csv, geojson, plover (PLOVER JSON) or acled (CSV in ACLED's "
                                    "own columns and conventions)."),
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
    limits = DEFAULT_LIMITS.with_max_chars(max_chars)
    if limits != DEFAULT_LIMITS and (engine == "ray" or (jobs or 1) > 1):
        err.print("veille: --max-chars applies to one local process for now (not with --jobs or --engine ray)")
        raise typer.Exit(2)
    if _checked_engine(engine) == "ray":
        _extract_with_ray(paths, output, format, jobs, max_bytes)
        return
    if format not in FORMATS:
        err.print(f"veille: unknown format {format!r} (choose from {', '.join(FORMATS)})", markup=False)
        raise typer.Exit(2)
    writer = FORMATS[format]
    if output is not None:
        check_output(output)
    ok = failed = 0

    def events() -> Iterator[dict]:
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


def _process_stream(items: Iterable[Document | Failure], jobs: int, *,
                    limits: Limits = DEFAULT_LIMITS) -> Iterator[Result]:
    """(item, events | failure) pairs in input order, from this process or from ``jobs`` workers.
    Inputs are read first: the failures before the first document are answered without loading
    the model (seconds), so a mistyped path is said at once."""
    items = iter(items)
    for item in items:
        if isinstance(item, Failure):
            yield item, item
            continue
        yield from process_stream(itertools.chain([item], items), jobs=jobs, limits=limits)
        return


def _checked_engine(engine: str) -> str:
    """The engine a command runs on: "local" (this machine's processes) or "ray" (veille.distributed)."""
    if engine not in ENGINES:
        usage_error(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    return engine


def _extract_with_ray(paths: list[str] | None, output: str | None, format: str, jobs: int | None,
                      max_bytes: int) -> None:
    from .distributed import extract_with_ray  # Ray (seconds), only with --engine ray

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
    gold_file = check_input_file(gold)
    if predictions is not None:
        check_input_file(predictions, "--predictions ")
    if save is not None:
        check_output(save)
    reading: Path | None = gold_file
    try:
        gold_events = load_gold(gold_file)
        reading = predictions
        preds = load_predictions(predictions) if predictions is not None else None
    except GoldFormatError as exc:
        usage_error(str(exc))
    except UnicodeDecodeError as exc:
        usage_error(f"{reading}: not UTF-8 text ({exc.reason})")  # exc.start counts from a buffer, not the file
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
    if fmt not in ("table", "jsonl"):
        err.print(f"veille: unknown format {fmt!r} (table or jsonl)", markup=False)
        raise typer.Exit(2)
    if fmt == "jsonl" or (text.endswith(".jsonl") and Path(text).is_file()):
        path = Path(text[1:] if text.startswith("@") else text)
        if not path.is_file():
            err.print(f"veille: no such file: {path}", markup=False)
            raise typer.Exit(1)
        for row in corpus_records(default_pipeline(), read_jsonl_file(path, path.name),
                                  lambda doc_id, reason: err.print(f"{doc_id}: {reason}", markup=False)):
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    if text.startswith("@"):
        text = check_input_file(text[1:], "@").read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        usage_error("empty text: give a French text, or @FILE to read one")
    doc = document_from_text("text", text)
    try:
        analysis = default_pipeline().with_full_parse().analyse(doc)  # recognition: entities in every sentence
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
                      p.precision if p else "-", str(p.geonameid) if p and p.geonameid else "-", f"{pm.score:.2f}", pm.why)
    Console().print(table)


@app.command()
def geocode(
    path: Path = typer.Argument(..., help="JSONL: {id, text, toponyms: [{start, end}, ...]} per line."),
) -> None:
    """Resolve given toponym spans with the whole document as context (CONTRACT.md).

    One line per span; besides CONTRACT.md's fields, `fallback` and `why`. A span the gazetteer
    lacks is answered too: an institution at its seat, a sea, river or region at its point
    (places/data/features.tsv, country precision), else the place named inside the span, else
    the place named nearest in the text (those last two with fallback true). Candidates are
    weighed with weights trained on English geoparsing gold sets (places/data/ranker.json,
    rebuilt by tools/train_places.py).

    Example: veille geocode toponyms.jsonl > resolved.jsonl
    """
    n = geocode_file(path, sys.stdout, on_error=lambda line: err.print(line, markup=False))
    if n == 0:
        raise typer.Exit(1)

# ---------------------------------------------------------------------------------------- the store
@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html) or folders."),
    db: Optional[str] = DB_OPTION,
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
    _checked_engine(engine)
    check_inputs(paths)  # before the store is opened and the model loaded
    store = open_store_at(db)
    if engine == "ray":
        _ingest_with_ray(paths, store, jobs if jobs > 1 else None, max_bytes)
        return
    since = datetime.now(timezone.utc).isoformat(timespec="seconds")  # the store's failed_at format
    started = time.monotonic()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  disable=quiet, transient=False) as progress:
        task = progress.add_task("reading", total=None)

        def on_batch(stats: IngestStats) -> None:
            rate = stats.read / max(1e-9, time.monotonic() - started)
            progress.update(task, description=f"{stats.read} documents ({rate:.1f}/s): {stats.stored} stored, "
                                              f"{stats.skipped} already stored, {stats.failed} failed")

        stats = ingest_local(store, read_paths(paths, max_bytes=max_bytes), jobs=jobs, batch_size=batch_size,
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


def _ingest_with_ray(paths: list[str], store: Store, jobs: int | None, max_bytes: int) -> None:
    from .distributed import ingest_with_ray  # Ray (seconds), only with --engine ray

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
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per failure."),
) -> None:
    """List the documents that could not be stored, with the reason.

    Example: veille failures --db sqlite:///veille.db
    """
    rows = open_store_at(db, existing=True).failures()
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
    db: Optional[str] = DB_OPTION,
) -> None:
    """Query stored events (one per happening, with its reports), newest first.

    Example: veille events --type ASSAULT --country SY --near Hama --radius 50 --format jsonl
    """
    if format not in EVENT_FORMATS:
        usage_error(f"unknown format {format!r} (choose from {', '.join(EVENT_FORMATS)})")
    if format == "parquet" and output is None:
        usage_error("--format parquet needs --output FILE")
    if output is not None:
        check_output(output)
    # the filters are checked as the API checks them, before the store is opened
    types = [t.strip().upper() for t in type or []]
    for value, given in zip(types, type or []):
        if value not in EVENT_TYPES:
            usage_error(f"type: {given!r} is not an event type (choose from {', '.join(EVENT_TYPES)})")
    query = EventQuery(types=types, admin1=admin1, actor=actor, since=since, until=until,
                       near=near, radius_km=radius, text=text, min_reports=min_reports, limit=limit, offset=offset)
    try:
        query.country = country_code(country) if country is not None else None
        query.validate()
    except QueryError as exc:
        usage_error(str(exc))
    store = open_store_at(db, existing=True)
    try:
        page = select_events(store, query)
    except QueryError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(2)
    if page.near:
        err.print(f"near {page.near}, within {radius:g} km", markup=False)
    if format == "table":
        table = Table(title=f"{page.total} events" + (f" (showing {len(page.events)})" if len(page.events) < page.total else ""))
        for col in ("date", "type", "mode", "actor", "target", "place", "admin1", "reports", "evidence"):
            table.add_column(col, overflow="fold")
        for ev in page.events:
            loc = ev["location"] or {}
            table.add_row(ev["date"]["value"] or "-", ev["type"], ev["mode"] or "-",
                          (ev["actor"] or {}).get("name") or "-", (ev["target"] or {}).get("name") or "-",
                          loc.get("display_name") or loc.get("name") or "-", loc.get("admin1") or "-",
                          str(ev["n_reports"]),
                          (ev["evidence"] or {}).get("text", "")[:100])
        # a pipe or a file gets the full width, not 80 columns
        Console(file=output.open("w", encoding="utf-8") if output else None,
                width=None if sys.stdout.isatty() and not output else 200).print(table)
        return
    if format == "parquet":
        if output is None:  # refused above, before the store was opened
            usage_error("--format parquet needs --output FILE")
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
    db: Optional[str] = DB_OPTION,
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
    import uvicorn  # the HTTP server (0.2 s to import), only to serve

    store = open_store_at(db, existing=True)
    application = create_app(store, cors_origins=tuple(cors_origin or ()), max_body_bytes=max_body_bytes)
    # the model and the gazetteer before the first request, not during it: the server listens
    # (and /health answers) only once an extraction can start at once
    err.print("veille: loading the model and the gazetteer...", markup=False)
    # the model in the extraction process (killed and replaced when an extraction runs past its
    # time), the gazetteer here too, for place names in filters
    if not Worker.preload():
        err.print("veille: the extraction process did not load the model in time", markup=False)
        raise typer.Exit(1)
    # the map's division borders, simplified once into the cache (about 10 s), while it listens
    threading.Thread(target=default_borders, daemon=True, name="veille-basemap").start()
    writes = f"writes need the token of ${TOKEN_ENV}" if os.environ.get(TOKEN_ENV) else f"writes off (no ${TOKEN_ENV})"
    err.print(f"veille: serving {store.url_safe} at http://{host}:{port}/ (API docs at /docs; {writes})",
              markup=False)
    uvicorn.run(application, host=host, port=port, log_level="info", timeout_keep_alive=5, server_header=False)


if __name__ == "__main__":  # pragma: no cover
    app()
