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


def found(pipeline, text: str, *, for_events: bool = False) -> list[str]:
    from veille.nlp import doc_text
    from veille.readers import document_from_text

    sdoc = pipeline.nlp(pipeline.admit(document_from_text("t", text)))
    masked = doc_text(sdoc)
    mentions = pipeline.registry.find(masked)
    return [t.text for t in pipeline.resolver.find_toponyms(masked, sdoc, mentions, for_events=for_events)]


@pytest.mark.parametrize("text,not_place", [
    ("Le chèque a été remis à Madame Laurence Bertin devant la mairie de Rennes, mardi.", "Laurence"),
    ("Les enquêteurs ont interrogé le Général Paul Mbeki à Kinshasa jeudi.", "Paul"),
    ("La présidente de la fondation « Amazonas » a été reçue à Lisbonne lundi.", "Amazonas"),
    ("Les salariés de l'usine \"Kenya Textiles\" ont manifesté à Toulouse samedi.", "Kenya"),
    ("Le directeur du FBI a confirmé la saisie, selon des policiers de Chicago.", "FBI"),
    ("La vidéo a été vue des millions de fois sur Facebook depuis Marseille.", "Facebook"),
    ("Les membres de l'Association des juristes de Montréal ont dénoncé la décision à Paris.", "Montréal"),
    ("L'ONG Santé Durable a ouvert un dispensaire à Niamey.", "Santé"),
    # "le Midi" is a direction, not a village of that name
    ("Des heurts ont éclaté près de la gare du Midi avant la dispersion du cortège.", "Midi"),
    # a first name before a nickname in quotes and a surname
    ("Le procès du neveu de Santiago « El Flaco » Quintero s'est ouvert à Monterrey.", "Santiago"),
])
def test_people_names_and_organisations_are_no_places(pipeline, text, not_place):
    spans = found(pipeline, text)
    assert not any(not_place in s for s in spans), spans


def test_quoted_speech_keeps_its_places(pipeline):
    text = "« Nous avons dû fuir Alep en pleine nuit avec nos enfants », a raconté une habitante réfugiée à Gaziantep."
    assert "Alep" in found(pipeline, text, for_events=True)


@pytest.mark.parametrize("text,place", [
    ("Le laboratoire, basé à Prague, a signalé une fuite de produits chimiques.", "Prague"),
    ("Une épidémie s'est propagée en Europe et en Afrique depuis une semaine.", "Europe"),
    ("Une épidémie s'est propagée en Europe et en Afrique depuis une semaine.", "Afrique"),
    ("Le gouvernement de la Colombie a annoncé un plan contre le trafic.", "Colombie"),
    ("Un embouteillage géant a paralysé Buenos Aires mardi matin.", "Buenos Aires"),
    ("Des pluies diluviennes ont touché la Côte d’Ivoire et le Ghana.", "Côte d’Ivoire"),
])
def test_recognition_keeps_what_events_leave_aside(pipeline, text, place):
    assert place in found(pipeline, text), found(pipeline, text)
