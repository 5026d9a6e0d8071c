"""The command line: parse options, call the library, turn its errors into clean messages.

    veille extract examples/                       events as JSONL on stdout
    veille extract article.html --format geojson   one page, as GeoJSON
    veille eval ../shared/corpus/dev.jsonl          precision, recall, F1 against gold
    veille places "Des frappes ont visé Alep."      toponyms, the entry chosen and why
    veille geocode toponyms.jsonl                   resolution of given spans only
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .readers import DEFAULT_MAX_BYTES, ReadFailure, read_paths, read_stdin

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="veille: French news dispatches to geocoded, dated, evidence-linked events (offline).")
err = Console(stderr=True, highlight=False, soft_wrap=True)


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
        return read_stdin(max_bytes=max_bytes)
    return read_paths(paths, max_bytes=max_bytes)


@app.command()
def extract(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files (.txt, .jsonl, .html) or folders; stdin when none."),
    format: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl, csv, geojson or plover."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse documents larger than this."),
) -> None:
    """Extract events from documents and write them (one JSON object per line by default).

    Example: veille extract examples/ --format csv -o events.csv

    A document that cannot be read or processed yields no event and a one-line
    reason on stderr ("doc_id: reason"); the run goes on. The exit status is 1
    only when no document could be read.
    """
    from .output import FORMATS
    from .pipeline import default_pipeline

    if format not in FORMATS:
        err.print(f"veille: unknown format {format!r} (choose from {', '.join(FORMATS)})")
        raise typer.Exit(2)
    writer = FORMATS[format]
    pipeline = default_pipeline()
    ok = failed = 0

    def events():
        nonlocal ok, failed
        for item, result in pipeline.process_stream(_documents(paths, max_bytes)):
            if isinstance(result, str):
                failed += 1
                doc_id = item.doc_id if isinstance(item, ReadFailure) else item.id
                err.print(f"{doc_id}: {result}", markup=False)
                continue
            ok += 1
            for ev in result:
                yield ev.as_dict()

    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
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


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="Gold corpus (JSONL with `events`), e.g. ../shared/corpus/dev.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", "-p",
                                               help="Score these JSONL events instead of extracting."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the extracted events here (JSONL)."),
    diff: bool = typer.Option(False, "--diff", help="List missed gold events and spurious predictions."),
) -> None:
    """Extract the gold corpus's texts and score the events (rules of CONTRACT.md).

    Example: veille eval ../shared/corpus/dev.jsonl --json
    """
    from .eval import diff_report, format_report, load_gold, load_predictions, score
    from .output import write_jsonl
    from .pipeline import default_pipeline

    gold_events = load_gold(gold)
    if predictions is not None:
        preds = load_predictions(predictions)
    else:
        preds = []
        pipeline = default_pipeline()
        for item, result in pipeline.process_stream(read_paths([gold])):
            if isinstance(result, str):
                doc_id = item.doc_id if isinstance(item, ReadFailure) else item.id
                err.print(f"{doc_id}: {result}", markup=False)
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
    text: str = typer.Argument(..., help="A French text, or @FILE to read one."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per toponym."),
) -> None:
    """Show each toponym found, the GeoNames entry chosen, the alternatives and why.

    Example: veille places "Des frappes ont visé Jisr al-Choughour, dans la province d'Idleb."
    """
    from rich.table import Table

    from .pipeline import default_pipeline
    from .readers import document_from_text

    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    doc = document_from_text("text", text)
    analysis = default_pipeline().analyse(doc)
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

    Example: veille geocode toponyms.jsonl > resolved.jsonl
    """
    from .places.geocode import geocode_file

    n = geocode_file(path, sys.stdout, on_error=lambda line: err.print(line, markup=False))
    if n == 0:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
