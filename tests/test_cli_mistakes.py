"""Every mistake a user makes on the command line gets one clear line and an exit status, never a
traceback: a missing file, an empty string, a wrong option value, for every command; and a folder
of good and bad documents gives the good ones' events and one `doc_id: reason` line per bad one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.events.lexicon import EVENT_TYPES

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

TYPES = ", ".join(EVENT_TYPES)
DISPATCH = ("date 2024-03-15 Des avions russes ont bombardé jeudi la ville de Saraqeb, dans la province d'Idleb, "
            "faisant au moins cinq morts, selon l'Observatoire syrien des droits de l'Homme.\n")
PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Manifestation à Bamako</title>
<meta property="article:published_time" content="2024-06-08T09:00:00Z"></head>
<body><nav><a href="/">Accueil</a> <a href="/afrique">Afrique</a></nav>
<article><h1>Manifestation à Bamako</h1>
<p>Des milliers de manifestants ont défilé vendredi à Bamako pour réclamer le départ de la junte, selon des
journalistes de l'AFP présents sur place. La police a dispersé le cortège à coups de gaz lacrymogènes.</p>
<p>Les organisateurs ont appelé à une nouvelle marche la semaine prochaine dans la capitale malienne.</p>
</article><footer>Partager sur Facebook. Abonnez-vous à notre newsletter.</footer></body></html>
"""


def run(*args: str, cwd: Path | None = None):
    """The command in this process; an exception it let out is a failure of the test, as a traceback
    would be for the user."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"veille {' '.join(args)} raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def refused(code: int, message: str, *args: str, cwd: Path | None = None):
    result = run(*args, cwd=cwd)
    assert result.exit_code == code, (args, result.exit_code, result.output)
    assert result.stderr.strip() == message, (args, result.stderr)
    assert result.stdout == ""
    return result


def usage_error(option: str, *args: str):
    """Typer's own answer to a value of the wrong type or range: exit 2, the option named."""
    result = run(*args)
    assert result.exit_code == 2 and option in result.output, (args, result.output)


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    """A store with one event in Syria, and the URL of a file that does not exist beside it."""
    folder = tmp_path_factory.mktemp("store")
    (folder / "saraqeb.txt").write_text(DISPATCH, encoding="utf-8")
    url = f"sqlite:///{folder / 'veille.db'}"
    assert run("ingest", str(folder / "saraqeb.txt"), "--db", url, "--quiet").exit_code == 0
    return url


# ---------------------------------------------------------------------------------------- extract
def test_extract_mistakes(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    no_document = "veille: no document could be read (1 failed)"
    refused(1, f"x.pdf: unsupported file type .pdf (veille reads .txt, .jsonl, .html, .htm)\n{no_document}",
            "extract", "x.pdf", cwd=tmp_path)
    refused(1, f"nope.txt: no such file or directory\n{no_document}", "extract", "nope.txt", cwd=tmp_path)
    # Path("") is the current folder: an empty argument must not read everything below it
    (tmp_path / "a.txt").write_text(DISPATCH, encoding="utf-8")
    refused(1, f'"": empty path: give a file or folder name\n{no_document}', "extract", "", cwd=tmp_path)
    refused(2, "veille: unknown format 'xml' (choose from jsonl, csv, geojson, plover, acled)",
            "extract", "a.txt", "--format", "xml", cwd=tmp_path)
    refused(2, "veille: unknown engine 'spark' (choose from local, ray)", "extract", "a.txt", "--engine", "spark",
            cwd=tmp_path)
    refused(2, f"veille: --output {tmp_path}/no/events.jsonl: no such folder {tmp_path}/no",
            "extract", "a.txt", "-o", str(tmp_path / "no" / "events.jsonl"))
    usage_error("--jobs", "extract", "a.txt", "--jobs", "0")
    usage_error("--max-bytes", "extract", "a.txt", "--max-bytes", "lots")


def test_a_folder_of_good_and_bad_documents(tmp_path, pipeline):
    """Every good document's events, and one `doc_id: reason` line per bad one, in folder order."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_page.html").write_text(PAGE, encoding="utf-8")
    (folder / "b_dispatch.txt").write_text(DISPATCH, encoding="utf-8")
    good_line = json.dumps({"id": "feed-ok", "text": DISPATCH.replace("Saraqeb", "Ariha"), "lang": "fr"},
                           ensure_ascii=False)
    (folder / "c_feed.jsonl").write_bytes(good_line.encode() + b'\n{"id": "half", "text": \n'
                                          + b'{"id": "latin1", "text": "Frappe \xe0 Alep"}\n')
    (folder / "d_report.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "e_latin1.txt").write_bytes("Des frappes ont visé Alep.".encode("latin-1"))
    (folder / ".hidden.txt").write_text(DISPATCH, encoding="utf-8")  # passed over, as is README
    (folder / "README").write_text("notes", encoding="utf-8")
    result = run("extract", str(folder))
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["doc_id"] for e in events} == {"a_page.html", "b_dispatch.txt", "feed-ok"}
    assert result.stderr.splitlines() == [
        "c_feed.jsonl:2: malformed JSON line 2: Expecting value at column 24",
        "c_feed.jsonl:3: invalid UTF-8 at byte 33 of line 3",
        "d_report.pdf: unsupported file type .pdf (veille reads .txt, .jsonl, .html, .htm)",
        "e_latin1.txt: invalid UTF-8 at byte 19",
    ]


def test_a_missing_file_is_said_before_the_model_loads(tmp_path):
    """Inputs are read first: a mistyped path costs no model load (the pipeline is never built)."""
    code = ("import sys; from veille.cli import app\n"
            "for args in (['extract', 'nope.txt'], ['ingest', 'nope.jsonl', '--db', 'sqlite:///v.db']):\n"
            "    try:\n"
            "        app(args)\n"
            "    except SystemExit as exc:\n"
            "        print(exc.code)\n"
            "from veille.pipeline import default_pipeline\n"
            "print(default_pipeline.cache_info().currsize > 0)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.stdout.split() == ["1", "2", "False"], done.stdout + done.stderr
    assert done.stderr.splitlines() == ["nope.txt: no such file or directory",
                                        "veille: no document could be read (1 failed)",
                                        "veille: nope.jsonl: no such file or directory"]
    assert not (tmp_path / "v.db").exists()


# ------------------------------------------------------------------------- eval, places, geocode
def test_eval_mistakes(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": DISPATCH, "events": []}, ensure_ascii=False), encoding="utf-8")
    refused(2, f"veille: {tmp_path}/nope.jsonl: no such file or directory", "eval", str(tmp_path / "nope.jsonl"))
    refused(2, "veille: empty path: give a file name", "eval", "")
    refused(2, f"veille: {tmp_path}: a folder, not a file", "eval", str(tmp_path))
    refused(2, "veille: --predictions nope.jsonl: no such file or directory",
            "eval", str(gold), "--predictions", "nope.jsonl")
    usage_error("--jobs", "eval", str(gold), "--jobs", "-1")


def test_places_mistakes(tmp_path):
    refused(2, "veille: @missing.txt: no such file or directory", "places", "@missing.txt", cwd=tmp_path)
    refused(2, "veille: empty text: give a French text, or @FILE to read one", "places", "")
    refused(2, "veille: empty text: give a French text, or @FILE to read one", "places", " \n ")
    refused(2, "veille: empty path after @: give a file name", "places", "@")
    usage_error("--nope", "places", "Alep", "--nope")


def test_geocode_mistakes(tmp_path):
    refused(2, "veille: nope.jsonl: no such file or directory", "geocode", "nope.jsonl", cwd=tmp_path)
    refused(2, "veille: .: is a directory", "geocode", "", cwd=tmp_path)
    usage_error("--format", "geocode", "x.jsonl", "--format", "csv")


# --------------------------------------------------------------------------------------- the store
def test_ingest_mistakes(tmp_path):
    url = f"sqlite:///{tmp_path / 'v.db'}"
    refused(2, "veille: nope.jsonl: no such file or directory", "ingest", "nope.jsonl", "--db", url, cwd=tmp_path)
    refused(2, "veille: empty path: give a file or folder name", "ingest", "", "--db", url, cwd=tmp_path)
    refused(2, "veille: unknown engine 'spark' (choose from local, ray)", "ingest", str(tmp_path), "--engine",
            "spark", "--db", url)
    refused(2, "veille: --db is empty: give a database URL (sqlite:///FILE or postgresql://...)",
            "ingest", str(tmp_path), "--db", "")
    refused(2, "veille: unsupported database 'mysql': use sqlite:///FILE or postgresql://... [V500]",
            "ingest", str(tmp_path), "--db", "mysql://localhost/veille")
    usage_error("--batch-size", "ingest", str(tmp_path), "--batch-size", "0", "--db", url)
    assert not (tmp_path / "v.db").exists()


def test_ingest_says_each_failure(tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(DISPATCH, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "english.txt").write_text("Russian warplanes struck the town of Saraqeb in Idlib province on "
                                        "Thursday, killing at least five civilians, according to the Syrian "
                                        "Observatory for Human Rights, a monitoring group based in Britain.",
                                        encoding="utf-8")
    result = run("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'v.db'}", "--quiet")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:2] == ["empty.txt: empty document", "english.txt: unsupported language: en"]
    assert lines[2].startswith("3 read, 1 stored, 0 already stored, 2 failed")


def test_read_only_commands_refuse_a_missing_database(tmp_path):
    missing = tmp_path / "none.db"
    said = f"veille: no database at {missing} (veille ingest --db ... creates one)"
    for command in ("events", "failures", "serve"):
        refused(2, said, command, "--db", f"sqlite:///{missing}")
        refused(2, "veille: --db is empty: give a database URL (sqlite:///FILE or postgresql://...)",
                command, "--db", "")
    refused(2, f"veille: no database at {tmp_path} (a folder, not a SQLite file)", "failures", "--db",
            f"sqlite:///{tmp_path}")
    refused(2, "veille: not a database URL: 'veille.db' (e.g. sqlite:///veille.db or "
               "postgresql+psycopg://host/db) [V500]", "events", "--db", "veille.db")
    assert not missing.exists()  # nothing was created
    foreign = tmp_path / "foreign.db"  # an empty file: no tables are added to it by a reader
    foreign.write_bytes(b"")
    refused(2, f"veille: sqlite:///{foreign}: not a veille store (OperationalError) [V500]", "failures", "--db",
            f"sqlite:///{foreign}")
    usage_error("--port", "serve", "--db", f"sqlite:///{missing}", "--port", "0")
    unreachable = run("failures", "--db", "postgresql://nobody@127.0.0.1:1/veille")  # port 1: nobody listens
    assert unreachable.exit_code == 2
    assert unreachable.stderr.startswith("veille: cannot open the database: connection failed: "), unreachable.stderr


def test_events_filters_are_checked_as_the_apis(db, tmp_path):
    refused(2, f"veille: type: 'FOO' is not an event type (choose from {TYPES})", "events", "--db", db,
            "--type", "FOO")
    refused(2, "veille: since: 'hier' is not a date (YYYY-MM-DD) [V510]", "events", "--db", db, "--since", "hier")
    refused(2, "veille: until: '2024-02-30' is not a date (YYYY-MM-DD) [V510]", "events", "--db", db,
            "--until", "2024-02-30")
    refused(2, "veille: country: 'Narnia' is not an ISO code or a country name (e.g. SY, SYR, Syria or Syrie) "
               "[V510]", "events", "--db", db, "--country", "Narnia")
    refused(2, "veille: country: '' is not an ISO code or a country name (e.g. SY, SYR, Syria or Syrie) [V510]",
            "events", "--db", db, "--country", "")
    refused(2, "veille: limit: 0 is not between 1 and 10000 [V510]", "events", "--db", db, "--limit", "0")
    refused(2, "veille: near: no place called 'Atlantide' in the gazetteer [V510]", "events", "--db", db,
            "--near", "Atlantide")
    refused(2, "veille: unknown format 'xml' (choose from table, jsonl, csv, geojson, parquet, acled, plover)",
            "events", "--db", db, "--format", "xml")
    refused(2, f"veille: --output {tmp_path}/no/e.csv: no such folder {tmp_path}/no", "events", "--db", db,
            "--format", "csv", "-o", str(tmp_path / "no" / "e.csv"))
    usage_error("--radius", "events", "--db", db, "--radius", "far")


def test_events_take_french_country_names_and_any_case_of_a_type(db):
    def ids(*args):
        result = run("events", "--db", db, "--format", "jsonl", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["event_id"] for line in result.stdout.splitlines()]

    syria = ids("--country", "SY")
    assert syria
    for name in ("Syrie", "syrie", "SYR", "Syria", "République arabe syrienne"):
        assert ids("--country", name) == syria, name
    assert ids("--country", "Liban") == []
    assert ids("--type", "assault", "--country", "Syrie") == ids("--type", "ASSAULT", "--country", "SY") != []


# ---------------------------------------------------------------------------- as a user runs it
@pytest.mark.parametrize("args, code, message", [
    (["places", "@missing.txt"], 2, "veille: @missing.txt: no such file or directory"),
    (["places", ""], 2, "veille: empty text: give a French text, or @FILE to read one"),
    (["geocode", "nope.jsonl"], 2, "veille: nope.jsonl: no such file or directory"),
    (["eval", "nope.jsonl"], 2, "veille: nope.jsonl: no such file or directory"),
    (["events", "--db", "sqlite:///none.db"], 2, "veille: no database at none.db (veille ingest --db ... creates one)"),
])
def test_no_traceback_reaches_the_terminal(tmp_path, args, code, message):
    done = subprocess.run([sys.executable, "-m", "veille.cli", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert (done.returncode, done.stderr.strip()) == (code, message)
    assert "Traceback" not in done.stdout + done.stderr


def test_a_broken_gold_corpus_is_said(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "g1", "text": "Des frappes.", "events": []}\n{"id": "g2", "text": \n', encoding="utf-8")
    refused(2, f"veille: {gold}:2: not JSON (Expecting value)", "eval", str(gold))
    gold.write_bytes(b'{"id": "g1", "text": "Frappe \xe0 Alep", "events": []}\n')
    refused(2, f"veille: {gold}: not UTF-8 text (invalid continuation byte)", "eval", str(gold))
