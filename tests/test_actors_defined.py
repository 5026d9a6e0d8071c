"""Organisations a text defines itself (actors/defined.py), on sentences written for these tests."""
from __future__ import annotations

from veille.actors.defined import defined_organisations
from veille.records import Document


def found(pipeline, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.actor.name, m.actor.kind)
            for m in defined_organisations(text, pipeline.registry.find(text))]


def test_a_name_with_its_acronym_is_an_organisation_named_by_the_acronym(pipeline):
    text = ("Le Collectif des associations pour la défense des droits des paysans, de l'eau et des forêts (CADPEF) "
            "a dénoncé l'expulsion. Le CADPEF a saisi la justice.")
    got = found(pipeline, text)
    assert ("CADPEF", "ngo") in {(name, kind) for _, name, kind in got}
    # the definition spans the name from its first word, then each later use of the acronym
    assert [t for t, name, _ in got if name == "CADPEF"] == [text[3:text.index(")") + 1], "CADPEF"]


def test_a_type_noun_introduces_an_organisation_and_says_its_kind(pipeline):
    text = "L'ONG Terre Solidaire a dénoncé les frappes, et le parti Amal Watani a manifesté à Nouakchott."
    got = {(t, kind) for t, _, kind in found(pipeline, text)}
    assert ("Terre Solidaire", "ngo") in got and ("Amal Watani", "party") in got


def test_an_acronym_nothing_calls_an_organisation_is_none(pipeline):
    assert found(pipeline, "Les Jeux olympiques (JO) s'ouvrent vendredi, et le Produit intérieur brut (PIB) recule.") == []


def test_the_registry_knows_better_than_a_definition(pipeline):
    text = "Les Forces démocratiques de libération du Rwanda (FDLR) ont attaqué un village."
    assert {name for _, name, _ in found(pipeline, text)} == {"Democratic Forces for the Liberation of Rwanda"}


def test_a_defined_organisation_acts_in_events(pipeline):
    text = ("L'Union des jeunes pour la paix et le développement (UJPD), basée à Goma, a appelé lundi les autorités "
            "congolaises à protéger les civils.")
    events = pipeline.process(Document(id="t", text=text, doc_date="2024-03-11"))
    assert [(e.type, e.actor.name if e.actor else None) for e in events if e.type == "DEMAND"] == [("DEMAND", "UJPD")]
