"""The command line as a user runs it: formats, bad input, exit codes, eval = score.py."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from veille.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

DISPATCH = ("date 2016-05-24 Des avions russes ont bombardé mardi la ville d'Alep, selon l'Observatoire syrien "
            "des droits de l'Homme.\n\nRecevez l'actualité gratuitement S'inscrire\n")


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text(DISPATCH, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Des frappes à Alep.".encode("latin-1"))
    return tmp_path


def test_extract_jsonl_keeps_going_past_bad_documents(corpus, pipeline):
    result = runner.invoke(app, ["extract", str(corpus)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(e["doc_id"] == "a.txt" for e in events)
    [ev] = [e for e in events if e["type"] == "ASSAULT"]
    assert ev["location"]["name"] == "Aleppo" and ev["date"] == {"value": "2016-05-24", "precision": "day"}
    text = DISPATCH[len("date 2016-05-24 "):]
    assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]
    assert "empty.txt: empty document" in result.stderr
    assert "bad.txt: invalid UTF-8 at byte" in result.stderr


def test_exit_status_is_nonzero_only_when_nothing_could_be_read(tmp_path, pipeline):
    (tmp_path / "empty.txt").write_text(" ", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory" in result.stderr


def test_csv_and_geojson(corpus, pipeline):
    result = runner.invoke(app, ["extract", str(corpus / "a.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["location_name"] == "Aleppo" and rows[0]["country"] == "SY"
    result = runner.invoke(app, ["extract", str(corpus / "a.txt"), "--format", "geojson"])
    fc = json.loads(result.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["type"] == "Point"
    assert runner.invoke(app, ["extract", str(corpus / "a.txt"), "--format", "xml"]).exit_code == 2


def test_stdin_is_read_when_no_path(pipeline):
    result = runner.invoke(app, ["extract"], input=DISPATCH.encode("utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == "stdin"


def test_eval_gives_the_numbers_of_the_reference_scorer(tmp_path, shared_dir, pipeline):
    gold = tmp_path / "gold.jsonl"
    docs = [
        {"id": "g1", "doc_date": "2016-05-24", "text": DISPATCH,
         "events": [{"type": "ASSAULT", "mode": "aerial", "actor": "Russia", "actor_country": "RUS", "target": None,
                     "location": {"name": "Aleppo", "country": "SY", "admin1": "Aleppo", "lat": 36.20124,
                                  "lon": 37.16117, "precision": "point"},
                     "date": "2016-05-24", "evidence": "Des avions russes ont bombardé mardi la ville d'Alep",
                     "claimed_by": None, "denied_by": None}]},
        {"id": "g2", "doc_date": None, "text": "Le match s'est terminé sur un score nul.", "events": []},
    ]
    gold.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    saved = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", str(gold), "--json", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    ref = subprocess.run([sys.executable, str(shared_dir / "tools" / "score.py"), str(gold), str(saved), "--json"],
                         capture_output=True, text=True, check=True)
    assert ours == json.loads(ref.stdout)
    assert ours["matched"] == 1


def test_every_command_has_help_with_an_example():
    for command in ("extract", "eval", "places", "geocode"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_places_explains_its_choice(pipeline):
    result = runner.invoke(app, ["places", "--json", "Des frappes ont visé Jisr al-Choughour, dans la province d'Idleb."])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    jisr = next(r for r in rows if r["text"] == "Jisr al-Choughour")
    assert jisr["place"]["geonameid"] == 169023 and "inside Idlib" in jisr["why"]


def test_geocode_resolves_given_spans(tmp_path, pipeline):
    text = "Fighting broke out in Aleppo and Homs, Syria, while talks went on in Geneva."
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in ("Aleppo", "Homs", "Syria", "Geneva")]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": text, "toponyms": spans}) + "\nnot json\n", encoding="utf-8")
    result = runner.invoke(app, ["geocode", str(path)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["country"] for r in rows] == ["SY", "SY", "SY", "CH"]
    assert rows[2]["precision"] == "country"
    assert "in.jsonl:2: malformed line" in result.stderr


def test_a_failing_stage_loses_only_its_document(corpus, pipeline, monkeypatch):
    """A bug in a stage on one document is reported as that document's reason; the others go on."""
    real = pipeline.analyse

    def flaky(document, sdoc=None):
        if document.id == "a.txt":
            raise AttributeError("simulated stage bug")
        return real(document, sdoc)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    (corpus / "b.txt").write_text(DISPATCH, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(corpus)])
    assert result.exit_code == 0
    assert "a.txt: processing failed: AttributeError: simulated stage bug" in result.stderr
    assert {json.loads(line)["doc_id"] for line in result.stdout.splitlines()} == {"b.txt"}


COMMANDS = ("extract", "eval", "places", "geocode", "ingest", "failures", "events", "serve")


def _help(*args, width=100) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    """Help text without the boxes and the wrapping: what it says, whatever the terminal's width."""
    return " ".join(text.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def test_help_reads_as_typer_users_expect():
    for args in [(), *((c,) for c in COMMANDS)]:
        text = _help(*args)
        for noise in ("<bool>", "<str>", "<int", "<float>", "<path>", "<list[", "{"):
            assert noise not in text.replace("{id, text, toponyms: [{start, end}, ...]}", ""), (args, noise)
    assert " eval [OPTIONS] GOLD " in _help("eval")
    assert " extract [OPTIONS] [PATHS]..." in _help("extract")
    assert " ingest [OPTIONS] PATHS..." in _help("ingest")
    events = _flat(_help("events", width=200))
    assert "--type -t TEXT Event type" in events and "--radius FLOAT" in events and "--min-reports INTEGER RANGE" in events


def test_extract_format_help_lists_every_format():
    from veille.output import FORMATS

    text = _flat(_help("extract"))
    said = text[text.index("--format"):text.index("--output")]
    assert all(name in said for name in FORMATS), said
    assert "acled" in said


def test_help_paragraphs_are_not_cut_mid_sentence():
    """A docstring's line breaks are not the terminal's: at any width a paragraph is one run of text,
    and the list of commands gives each command's whole first sentence."""
    wide = _help("ingest", width=200)
    [line] = [ln for ln in wide.splitlines() if "so a run that was stopped or killed" in ln]
    assert "resumed by running it again" in line
    top = _flat(_help(width=200))
    for name, command in typer.main.get_command(app).commands.items():
        first = " ".join(command.help.split("\n\n")[0].split())
        assert f"{name} {first}" in top, (name, first)
    plain = subprocess.run([sys.executable, "-m", "veille.cli", "--help"], capture_output=True, text=True,
                           env={**os.environ, "TYPER_USE_RICH": "0", "COLUMNS": "200",
                                "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    listed = _flat(plain.stdout.split("Commands:")[1])
    assert "..." not in listed and "ingest Extract documents and store them with their events; reports of one event " \
                                  "are merged." in listed, plain.stdout


def test_extract_reads_an_html_page_end_to_end(tmp_path, pipeline):
    """A page as a crawler saves it: trafilatura finds the article and its date (lxml.html.clean,
    which its justext imports, is the lxml-html-clean package since lxml 6.1)."""
    import lxml.html.clean  # noqa: F401 - fails when lxml-html-clean is missing

    page = tmp_path / "bamako.html"
    page.write_text("""<!DOCTYPE html><html lang="fr"><head><title>Manifestation à Bamako</title>
<meta property="article:published_time" content="2024-06-08T09:00:00Z"></head>
<body><nav><a href="/">Accueil</a> <a href="/afrique">Afrique</a> <a href="/sport">Sport</a></nav>
<article><h1>Manifestation à Bamako</h1>
<p>Des milliers de manifestants ont défilé vendredi à Bamako pour réclamer le départ de la junte, selon des
journalistes de l'AFP présents sur place. La police a dispersé le cortège à coups de gaz lacrymogènes.</p>
<p>Les organisateurs ont appelé à une nouvelle marche la semaine prochaine dans la capitale malienne.</p>
</article><footer>Partager sur Facebook. Abonnez-vous à notre newsletter. Mentions légales.</footer>
</body></html>""", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    protest = next(e for e in events if e["type"] == "PROTEST")
    assert protest["doc_id"] == "bamako.html"
    assert protest["location"]["name"] == "Bamako" and protest["location"]["country"] == "ML"
    assert protest["date"] == {"value": "2024-06-07", "precision": "day"}  # "vendredi" before the 8th
    assert "Partager" not in result.stdout and "Accueil" not in result.stdout
