"""The language gate: French is coded, other languages are refused with their code, never parsed."""
import json

import pytest

from veille.errors import UnsupportedLanguage
from veille.language import MIN_LETTERS, SAMPLE_CHARS, check_french, declared_language, detect, document_language, sample
from veille.readers import document_from_text, iter_jsonl
from veille.records import Failure

pytestmark = pytest.mark.reliability

FRENCH = ("Des avions russes ont bombardé jeudi la ville d'Ariha, dans la province d'Idleb, dans le nord-ouest "
          "de la Syrie, faisant au moins sept morts parmi les civils, selon l'Observatoire syrien des droits de "
          "l'Homme. Moscou a démenti toute frappe sur des zones habitées.")
ENGLISH = ("Russian warplanes struck the town of Ariha in Idlib province, northwestern Syria, on Thursday, killing "
           "at least seven civilians, the Syrian Observatory for Human Rights said. Moscow denied hitting any "
           "residential area.")
SPANISH = ("Aviones rusos bombardearon el jueves la ciudad de Ariha, en la provincia de Idlib, en el noroeste de "
           "Siria, y causaron al menos siete muertos entre los civiles, según el Observatorio Sirio de Derechos "
           "Humanos. Moscú negó haber atacado zonas habitadas.")
PORTUGUESE = ("Aviões russos bombardearam na quinta-feira a cidade de Ariha, na província de Idlib, no noroeste da "
              "Síria, matando pelo menos sete civis, segundo o Observatório Sírio dos Direitos Humanos. Moscovo negou "
              "ter atingido zonas habitadas.")
ITALIAN = ("Aerei russi hanno bombardato giovedì la città di Ariha, nella provincia di Idlib, nel nord-ovest della "
           "Siria, uccidendo almeno sette civili, secondo l'Osservatorio siriano per i diritti umani. Mosca ha "
           "smentito di aver colpito zone abitate.")
GERMAN = ("Russische Kampfflugzeuge haben am Donnerstag die Stadt Ariha in der Provinz Idlib im Nordwesten Syriens "
          "bombardiert und dabei mindestens sieben Zivilisten getötet, teilte die Syrische Beobachtungsstelle für "
          "Menschenrechte mit. Moskau bestritt Angriffe auf Wohngebiete.")
ARABIC = ("قصفت طائرات حربية روسية صباح الخميس مدينة أريحا في محافظة إدلب شمال غرب سوريا، ما أسفر عن مقتل سبعة "
          "مدنيين على الأقل، بحسب المرصد السوري لحقوق الإنسان. ونفت موسكو استهداف مناطق سكنية.")
RUSSIAN = ("Российские самолёты в четверг нанесли удары по городу Ариха в провинции Идлиб на северо-западе Сирии, "
           "погибли по меньшей мере семь мирных жителей, сообщила Сирийская обсерватория по правам человека.")


def doc(text, lang=None, doc_id="d"):
    return document_from_text(doc_id, text, lang=lang)


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (SPANISH, "es"), (PORTUGUESE, "pt"), (ITALIAN, "it"),
                                        (GERMAN, "de"), (ARABIC, "ar"), (RUSSIAN, "ru")])
def test_other_languages_are_refused_with_their_code(text, code):
    with pytest.raises(UnsupportedLanguage) as info:
        check_french(doc(text))
    assert info.value.reason == f"unsupported language: {code}"
    assert info.value.code == "V201"


def test_french_passes():
    check_french(doc(FRENCH))
    assert detect(FRENCH) == "fr"


def test_french_quoting_english_is_french():
    text = FRENCH + ' "We will respond," a spokesman said in English. ' + FRENCH.replace("jeudi", "vendredi")
    assert document_language(doc(text)) == "fr"


def test_short_latin_text_is_not_detected_and_taken_as_french():
    # A headline: too few letters for detection to be trusted (MIN_LETTERS)
    headline = "Russian strikes hit Idlib"
    assert sum(c.isalpha() for c in headline) < MIN_LETTERS
    assert detect(headline) is None
    assert document_language(doc(headline)) == "fr"
    assert document_language(doc("Frappes russes sur Idleb")) == "fr"


def test_short_text_in_another_script_is_detected():
    assert detect("غارات روسية على إدلب") == "ar"
    with pytest.raises(UnsupportedLanguage, match="unsupported language: ar"):
        check_french(doc("غارات روسية على إدلب"))


def test_declared_language_decides_short_texts_only():
    assert document_language(doc("Russian strikes hit Idlib", lang="en")) == "en"
    assert document_language(doc("Frappes russes sur Idleb", lang="fr-FR")) == "fr"
    # long enough to tell: the text wins over a page template's default
    assert document_language(doc(FRENCH, lang="en")) == "fr"
    assert document_language(doc(ENGLISH, lang="fr")) == "en"


@pytest.mark.parametrize("value, code", [("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"),
                                         ("fra", "fr"), ("fre", "fr"), ("en-US", "en"), ("ara", "ar"),
                                         ("und", None), ("xx", None), ("french", None), ("", None), (None, None),
                                         (3, None)])
def test_declared_language_forms(value, code):
    assert declared_language(value) == code


def test_jsonl_lang_field_reaches_the_document():
    [d] = iter_jsonl([json.dumps({"id": "a", "text": "Russian strikes hit Idlib", "lang": "en"})], "x")
    assert d.lang == "en"
    with pytest.raises(UnsupportedLanguage, match="unsupported language: en"):
        check_french(d)
    # a lang that is not a string is no declaration
    [d] = iter_jsonl([json.dumps({"id": "b", "text": "Frappes sur Idleb", "lang": {"code": "en"}})], "x")
    assert d.lang is None and document_language(d) == "fr"


def test_long_text_is_sampled_at_start_middle_and_end():
    # a page opening on a long English warning dump is still French
    junk = "Warning: Deprecated function: implode(): Passing glue string after array is deprecated. " * 40
    text = junk + (FRENCH + "\n") * 40
    assert len(text) > SAMPLE_CHARS
    s = sample(text)
    assert len(s) <= SAMPLE_CHARS + 2 and s.startswith("Warning") and s.rstrip().endswith("habitées.")
    assert detect(text) == "fr"
    assert detect(junk * 3) == "en"


def test_dev_corpus_is_french(shared_dir):
    texts = [json.loads(line)["text"] for line in (shared_dir / "corpus" / "dev.jsonl").read_text().splitlines()]
    assert texts and [detect(t) for t in texts] == ["fr"] * len(texts)


def test_pipeline_refuses_before_the_parse_and_keeps_order(pipeline):
    items = [doc(FRENCH, doc_id="fr1"), doc(ENGLISH, doc_id="en1"), doc(ARABIC, doc_id="ar1"),
             doc("Frappes russes sur Idleb", doc_id="fr-short")]
    results = list(pipeline.process_stream(items))
    assert [d.id for d, _ in results] == ["fr1", "en1", "ar1", "fr-short"]
    by_id = {d.id: r.reason if isinstance(r, Failure) else r for d, r in results}
    assert {r.code for _, r in results if isinstance(r, Failure)} == {UnsupportedLanguage.code}
    assert by_id["en1"] == "unsupported language: en"
    assert by_id["ar1"] == "unsupported language: ar"
    assert isinstance(by_id["fr1"], list) and any(e.type == "ASSAULT" for e in by_id["fr1"])
    assert isinstance(by_id["fr-short"], list)


def test_process_and_analyse_raise_the_language_error(pipeline):
    with pytest.raises(UnsupportedLanguage) as info:
        pipeline.process(doc(SPANISH))
    assert str(info.value) == "unsupported language: es [V201]"
    with pytest.raises(UnsupportedLanguage):
        pipeline.analyse(doc(GERMAN))


def test_cli_extract_reports_the_language(tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    corpus = tmp_path / "mixed.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                                for i, t in (("fr1", FRENCH), ("en1", ENGLISH))), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "en1: unsupported language: en" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and {e["doc_id"] for e in events} == {"fr1"}


def test_cli_places_refuses_other_languages_cleanly():
    from typer.testing import CliRunner

    from veille.cli import app

    result = CliRunner().invoke(app, ["places", ENGLISH])
    assert result.exit_code == 1 and "veille: unsupported language: en [V201]" in result.stderr
