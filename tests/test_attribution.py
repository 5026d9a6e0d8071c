"""Attribution: who the text says reports an event (sentences written for these tests)."""
from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from veille.attribution import SourceTracker, find_attributions


def sources(sentence: str, registry=None) -> list[str]:
    return [a.source for a in find_attributions(sentence, registry)]


@pytest.mark.parametrize("sentence, source", [
    ("Selon l'Observatoire syrien des droits de l'homme, six civils ont été tués.", "Observatoire syrien des droits de l'homme"),
    ("D’après des témoins, les tirs ont duré une heure.", "témoins"),
    ("«Nous avons riposté», a déclaré un officier de l'armée.", "officier de l'armée"),
    ("Trois villages ont été incendiés, rapporte la radio locale.", "radio locale"),
    ("La frappe a visé un marché, a-t-on appris de source hospitalière.", "source hospitalière"),
    # an incise that tells whose claim the main clause disputes
    ("Le ministère a démenti avoir tiré, comme l'avait affirmé la mission de l'ONU.", "mission de l'ONU"),
    # the day it was said, before the source, is no part of it
    ("Deux villages ont été pillés, a indiqué vendredi soir un élu de la commune.", "élu de la commune"),
    ("Deux villages ont été pillés, a affirmé samedi 2 mars à l'AFP un chef coutumier.", "chef coutumier"),
    ("Deux villages ont été pillés, a-t-on appris dimanche de source humanitaire.", "source humanitaire"),
])
def test_reporting_phrases_name_their_source(sentence, source):
    assert sources(sentence) == [source]


def test_a_source_that_names_an_actor_is_that_actor(pipeline):
    assert sources("Deux soldats ont été tués, selon l'armée malienne.", pipeline.registry) == ["Mali"]


def test_an_anaphoric_source_is_the_last_one_named():
    tracker = SourceTracker()
    assert tracker.resolve(find_attributions("Selon l'agence Anadolu, l'attaque a fait deux morts.")) == "agence Anadolu"
    assert tracker.resolve(find_attributions("Les assaillants ont fui, selon cette source.")) == "agence Anadolu"
    assert tracker.resolve(find_attributions("Le bilan est lourd, a ajouté le porte-parole.")) == "agence Anadolu"


def test_a_pronoun_or_a_clause_is_no_source():
    assert sources("L'armée a riposté, a-t-il déclaré que les tirs avaient cessé.") == []
    assert sources("Selon qu'il pleuve ou non, le convoi partira.") == []


def test_the_reporting_words_are_data():
    data = tomllib.loads(resources.files("veille.data").joinpath("attribution.toml").read_text(encoding="utf-8"))
    # every reporting verb of the file is read in the inverted shape
    for verb in data["reported"]:
        assert sources(f"«La ville est tombée», a {verb} le gouverneur.") == ["gouverneur"], verb


def test_the_object_of_a_subject_s_verb_after_its_relative_clause_is_no_source():
    # "a annoncé" is the minister's own verb, past the relative clause that a comma closes
    assert sources("Le gouverneur, qui a dénoncé mardi des « pillards », a annoncé un couvre-feu à Kidal.") == []
    # ... but a relative clause that ends before a comma of its own leaves the incise an incise
    assert sources("Deux soldats, qui patrouillaient près de Gao, ont été tués, a indiqué l'armée.") == ["armée"]
    assert sources("« Les rebelles, qui ont attaqué la ville, sont partis », a indiqué le maire.") == ["maire"]
    # a relative clause inside the quotation before the incise is the quoted speaker's
    assert sources('Le préfet "salue les renforts, qui marquent le début de la reconquête", a annoncé la '
                   'préfecture.') == ["préfecture"]
