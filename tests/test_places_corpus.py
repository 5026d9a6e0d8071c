"""`veille places FILE.jsonl --format jsonl` (CONTRACT.md, "Recognition and resolution") and what
the toponym finder takes for a place in French text. Documents are written for each rule."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from veille.cli import app

runner = CliRunner()


def spans_of(tmp_path, texts: list[str]) -> list[dict]:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    result = runner.invoke(app, ["places", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_corpus_mode_gives_one_line_per_toponym_with_offsets(tmp_path, pipeline):
    texts = ["Un incendie a ravagé un entrepôt à Lyon, près de la gare, a indiqué la préfecture du Rhône.",
             "Des pluies diluviennes ont inondé plusieurs quartiers de Dakar, au Sénégal, samedi soir."]
    rows = spans_of(tmp_path, texts)
    assert {r["doc_id"] for r in rows} == {"d0", "d1"}
    assert [r["doc_id"] for r in rows] == sorted(r["doc_id"] for r in rows)  # documents in input order
    for r in rows:
        assert texts[int(r["doc_id"][1:])][r["start"]:r["end"]] == r["text"]
        assert set(r) == {"doc_id", "start", "end", "text", "place"}
    lyon = next(r for r in rows if r["text"] == "Lyon")
    assert lyon["place"]["country"] == "FR" and lyon["place"]["precision"] == "point"


def test_corpus_mode_reports_an_unreadable_document_and_goes_on(tmp_path, pipeline):
    path = tmp_path / "corpus.jsonl"
    path.write_text("not json\n" + json.dumps({"id": "ok", "text": "Un accident a fait trois blessés à Toulouse "
                                                                   "mardi matin, selon les pompiers."}) + "\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["places", str(path), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["text"] == "Toulouse" for r in rows)
    assert "malformed" in result.stderr
