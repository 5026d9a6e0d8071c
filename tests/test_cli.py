"""The command line as a user runs it: formats, bad input, exit codes, eval = score.py."""
import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from veille.cli import app

runner = CliRunner()

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
