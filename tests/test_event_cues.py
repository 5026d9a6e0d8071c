"""The event stages' cue words are data (events/data/cues.toml): read, folded, and used."""
from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from veille.events import cues
from veille.records import Document
from veille.textnorm import fold


def data() -> dict:
    return tomllib.loads(resources.files("veille.events.data").joinpath("cues.toml").read_text(encoding="utf-8"))


def test_every_list_is_read_folded():
    d = data()
    assert cues.PLAN_NOUNS == {fold(w) for w in d["plan_nouns"]}
    assert "eventualite" in cues.PLAN_NOUNS and "éventualité" not in cues.PLAN_NOUNS
    assert ("a", "la", "fois") in cues.ADVERBIAL_PHRASES


@pytest.mark.parametrize("word", data()["before"]["locative"])
def test_a_state_after_each_locative_word_is_a_place(word):
    assert cues.LOCATIVE_BEFORE.search(fold(f"des combats {word} la "))
    assert cues.NOT_AN_AGENT_BEFORE.search(fold("des raids dans le nord du "))


@pytest.mark.parametrize("participle", data()["backer_participles"])
def test_each_backer_participle_marks_who_backs(participle):
    assert cues.BACKER_BEFORE.search(fold(f"les miliciens, {participle}s par l'"))


def test_a_locality_and_its_countrys_adjective():
    m = cues.LOCALITY_OF_A_COUNTRY.search("près de la bourgade malienne de Tessit")
    assert m is not None and m.group(1) == "malienne"


def test_a_talk_is_a_call_only_in_a_story_that_tells_one(pipeline):
    call = ("Le président kényan s'est entretenu mardi avec son homologue somalien. "
            "Lors de cet appel téléphonique, les deux dirigeants ont évoqué la sécurité.")
    visit = ("Le président kényan s'est entretenu mardi avec son homologue somalien à Nairobi. "
             "Les deux dirigeants ont évoqué la sécurité de la frontière et le téléphone portable du ministre.")
    kinds = lambda text: {e.type for e in pipeline.process(Document(id="t", text=text, doc_date="2024-03-14"))}
    assert "CONSULT" in kinds(call) and "MEET" not in kinds(call)
    # a story that only mentions a telephone is no call
    assert "MEET" in kinds(visit) and "CONSULT" not in kinds(visit)


@pytest.mark.parametrize("word", data()["allegiance_words"])
def test_each_allegiance_word_marks_a_government_not_a_place(word):
    assert cues.ALLEGIANCE_BEFORE.search(fold(f"les milices {word}es à "))
    assert not cues.ALLEGIANCE_BEFORE.search(fold("des livraisons d'armes à "))  # a recipient's weapons


def test_a_capital_named_as_a_government_does_not_place_the_next_sentences_events(pipeline):
    text = ("Des milliers d'étudiants ont manifesté samedi à Valparaiso contre le gouverneur régional, "
            "fidèle à Santiago. La police a dispersé les manifestants avec des gaz lacrymogènes.")
    events = pipeline.process(Document(id="t", text=text, doc_date="2024-03-16"))
    coerce = [e for e in events if e.type == "COERCE"]
    # the story goes on where the protest was, not in the capital the governor answers to
    assert coerce and all(e.location is not None and e.location.name == "Valparaíso" for e in coerce)
