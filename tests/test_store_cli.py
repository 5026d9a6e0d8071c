"""`veille ingest`, `veille events`, `veille failures` end to end: real extraction into a SQLite file."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from veille.cli import app

# Two agencies, one strike: the second writes a day later, spells the town otherwise and adds a denial.
FIRST = """date 2024-05-12
Des avions russes ont bombardé dimanche la ville de Maarat al-Nouman, dans la province d'Idleb, tuant six \
civils, selon l'Observatoire syrien des droits de l'Homme (OSDH).
"""
SECOND = """date 2024-05-13
Au moins huit civils ont été tués dimanche dans des raids aériens russes sur Maaret al-Noman, dans le \
nord-ouest de la Syrie, a indiqué lundi une ONG. Moscou a démenti avoir visé des civils.
"""

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "afp.txt").write_text(FIRST, encoding="utf-8")
    (folder / "ap.txt").write_text(SECOND, encoding="utf-8")
    (folder / "broken.jsonl").write_text('not json\n{"id": "blank", "text": "  "}\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'veille.db'}"
    first = runner.invoke(app, ["ingest", str(folder), "--db", url, "--quiet"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", url, "--quiet"])
    assert again.exit_code == 0 and "0 stored, 2 already stored" in again.output
    return url


def _events(db, *args) -> list[dict]:
    result = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_one_strike_told_by_two_documents_is_one_event_with_both_spans(db):
    [strike] = _events(db, "--type", "ASSAULT", "--near", "Maarat al-Nouman", "--radius", "5")
    assert strike["n_reports"] == 2 and strike["n_documents"] == 2
    assert {r["doc_id"] for r in strike["reports"]} == {"afp.txt", "ap.txt"}
    texts = {r["doc_id"]: r["evidence"]["text"] for r in strike["reports"]}
    assert texts["afp.txt"].startswith("Des avions russes ont bombardé")
    assert "raids aériens russes sur Maaret al-Noman" in texts["ap.txt"]
    assert strike["actor"]["name"] == "Russia" and strike["date"]["value"] == "2024-05-12"
    assert strike["claimed_by"] == "Syrian Observatory for Human Rights" and strike["denied_by"] == "Russia"
    assert strike["fatalities"]["killed"] == 6


def test_failures_are_listed_with_their_reason(db):
    result = runner.invoke(app, ["failures", "--db", db, "--json"])
    rows = {r["doc_id"]: r["reason"] for r in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == {"broken.jsonl:1", "blank"}
    assert "JSON" in rows["broken.jsonl:1"] and "empty" in rows["blank"]
    codes = {r["doc_id"]: r["code"] for r in map(json.loads, result.stdout.splitlines())}
    assert codes == {"broken.jsonl:1": "V104", "blank": "V101"}
    table = runner.invoke(app, ["failures", "--db", db])
    assert table.exit_code == 0 and "V104" in table.stdout


def test_formats_of_the_query(db, tmp_path):
    table = runner.invoke(app, ["events", "--db", db, "--type", "ASSAULT"])
    assert table.exit_code == 0 and "ASSAULT" in table.stdout and "Russia" in table.stdout
    acled = runner.invoke(app, ["events", "--db", db, "--type", "ASSAULT", "--format", "acled"])
    rows = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert rows and all(r["event_type"] == "Explosions/Remote violence" for r in rows)
    geo = json.loads(runner.invoke(app, ["events", "--db", db, "--format", "geojson"]).stdout)
    assert geo["type"] == "FeatureCollection" and any(f["properties"]["n_reports"] == 2 for f in geo["features"])
    out = tmp_path / "e.parquet"
    assert runner.invoke(app, ["events", "--db", db, "--format", "parquet", "-o", str(out)]).exit_code == 0
    assert out.stat().st_size > 0
    assert runner.invoke(app, ["events", "--db", db, "--format", "parquet"]).exit_code == 2


def test_bad_filters_and_bad_databases_are_clear_errors(db, tmp_path):
    bad = runner.invoke(app, ["events", "--db", db, "--since", "hier"])
    assert bad.exit_code == 2 and "since" in bad.output
    missing = runner.invoke(app, ["events", "--db", f"sqlite:///{tmp_path / 'no' / 'x.db'}"])
    assert missing.exit_code == 2 and "no such folder" in missing.output
