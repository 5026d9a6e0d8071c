"""What the commands check before they work: inputs and outputs named on the command line, and the
store (``--db``, one option shared by every command that opens it)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from .cli_help import err
from .errors import StoreError
from .store import Store, open_store

_DB_HELP = "Database URL (sqlite:///FILE or postgresql://...); default $VEILLE_DB or sqlite:///veille.db."
DB_OPTION = typer.Option(None, "--db", help=_DB_HELP)  # the --db of ingest, failures, events and serve


def check_output(output: str | os.PathLike) -> None:
    """An output file's folder must exist: said before the inputs are read, not after."""
    folder = Path(output).expanduser().resolve().parent
    if str(output) == "" or Path(output).is_dir():
        err.print(f"veille: --output {str(output)!r} is not a file name", markup=False)
        raise typer.Exit(2)
    if not folder.is_dir():
        err.print(f"veille: --output {output}: no such folder {folder}", markup=False)
        raise typer.Exit(2)


def open_store_at(db: str | None, *, existing: bool = False) -> Store:
    """The store at ``db``; with ``existing`` (the commands that only read), a SQLite file that
    is not there is an error, not a new empty store."""
    if db is not None and not db.strip():  # not the default: an empty --db is a mistake
        usage_error("--db is empty: give a database URL (sqlite:///FILE or postgresql://...)")
    if existing:
        path = _sqlite_file(db or os.environ.get("VEILLE_DB") or "sqlite:///veille.db")
        # (a missing folder is the store's own error, below)
        if path is not None and Path(path).parent.is_dir() and not Path(path).is_file():
            what = "a folder, not a SQLite file" if Path(path).is_dir() else "veille ingest --db ... creates one"
            usage_error(f"no database at {path} ({what})")

    try:
        return open_store(db, create=not existing)  # reading: never add tables to a foreign database
    except StoreError as exc:
        err.print(f"veille: {exc}", markup=False)
        raise typer.Exit(2)
    except DBAPIError as exc:  # a server that cannot be reached, a password refused
        reason = str(exc.orig or exc).strip().splitlines()[0]
        usage_error(f"cannot open the database: {reason}")


def _sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL; None for another database, memory, or a URL open_store will refuse."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def usage_error(message: str) -> NoReturn:
    err.print(f"veille: {message}", markup=False)
    raise typer.Exit(2)


def check_input_file(name: str | Path, option: str = "") -> Path:
    """A file a command reads whole: said at once when it is missing, a folder or an empty name.
    (Typed str, not Path, by the command: Path("") is the current folder.)"""
    if str(name) == "":
        usage_error(f"empty path{' after ' + option.strip() if option else ''}: give a file name")
    path = Path(name)
    if not path.exists():
        usage_error(f"{option}{path}: no such file or directory")
    if path.is_dir():
        usage_error(f"{option}{path}: a folder, not a file")
    return path


def check_inputs(paths: list[Path] | list[str]) -> None:
    """Every path given exists: said before the store is opened or the model loaded. (A URI,
    s3://..., is Ray's to open.)"""
    for p in paths:
        if str(p) == "":
            usage_error("empty path: give a file or folder name")
        if "://" not in str(p) and not Path(p).exists():
            usage_error(f"{p}: no such file or directory")

