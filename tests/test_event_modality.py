"""Stage 2 of events/ on its own: ``events/modality.py`` on hits of sentences written for it.

Which triggers tell what did not happen: the conditional, the future, the negative, an aim.
"""
from __future__ import annotations

import pytest

from veille.events.modality import governing_verb, unrealised
from veille.events.triggers import find_triggers


@pytest.fixture(scope="module")
def lex(pipeline):
    return pipeline.extractor.lex


def unrealised_hits(pipeline, lex, text: str) -> list[tuple[str, str, bool]]:
    [sent] = pipeline.nlp(text).sents
    return [(h.type, h.token.text, unrealised(lex, h)) for h in find_triggers(lex, sent)]


@pytest.mark.parametrize("text, expected", [
    ("Des hommes armés ont attaqué mardi un poste de police près de Gao.", [("ASSAULT", "attaqué", False)]),
    ("L'armée pourrait frapper les positions rebelles dans les prochains jours.", [("ASSAULT", "frapper", True)]),
    ("Les deux ministres vont se réunir la semaine prochaine à Genève.", [("MEET", "réunir", True)]),
    ("Les soldats n'ont pas attaqué le village, selon un responsable local.", [("ASSAULT", "attaqué", True)]),
])
def test_conditional_future_and_negated_triggers_are_unrealised(pipeline, lex, text, expected):
    assert unrealised_hits(pipeline, lex, text) == expected


def test_a_negated_verb_makes_its_object_noun_unrealised_too(pipeline, lex):
    assert unrealised_hits(pipeline, lex, "Le ministre n'a pas condamné l'attaque contre la mosquée.") == [
        ("ACCUSE", "condamné", True), ("ASSAULT", "attaque", True)]


def test_a_negated_denial_still_rejects(pipeline, lex):
    # "n'a pas démenti" is read as a REJECT that happened: the negation belongs to the denial word
    assert unrealised_hits(pipeline, lex, "Le gouvernement n'a pas démenti les accusations de Human Rights Watch.") == [
        ("REJECT", "démenti", False)]


def test_an_event_noun_is_governed_by_the_verb_that_tells_it(pipeline, lex):
    [sent] = pipeline.nlp("Les rebelles ont lancé de nouvelles attaques contre Goma.").sents
    [hit] = find_triggers(lex, sent)
    assert (hit.token.text, governing_verb(hit.token).text) == ("attaques", "lancé")
    assert unrealised(lex, hit) is False


def test_what_a_demand_asks_for_is_no_event(pipeline):
    from veille.records import Document
    text = "Le secrétaire général de l'ONU a appelé dimanche au passage rapide de l'aide humanitaire vers Gaza."
    kinds = {e.type for e in pipeline.process(Document(id="t", text=text, doc_date="2023-10-22"))}
    assert kinds == {"DEMAND"}  # a call for aid is a demand; the aid is not given yet


@pytest.mark.parametrize("text, expected", [
    # a condition is not a deed; "même si" concedes one
    ("Le Tchad est prêt à riposter en cas d'une attaque des rebelles contre la capitale.",
     [("ASSAULT", "attaque", True)]),
    ("Les voisins sont prêts à réagir si une offensive était lancée contre le pays.",
     [("ASSAULT", "offensive", True)]),
    ("Même si les rebelles ont attaqué le camp mardi, la trêve tient.", [("ASSAULT", "attaqué", False)]),
    # a war counted in days is the time of something else
    ("Les écoles ont rouvert mardi, au dixième jour de l'offensive contre la ville.",
     [("ASSAULT", "offensive", True)]),
])
def test_conditions_and_time_frames_are_unrealised(pipeline, lex, text, expected):
    assert [h for h in unrealised_hits(pipeline, lex, text) if h[0] == "ASSAULT"] == expected


def test_a_noun_its_relative_clause_plans_is_no_event(pipeline, lex):
    from veille.events.modality import planned_by_its_relative
    [sent] = pipeline.nlp("Ils ont évoqué l'accord de paix que Kinshasa et Kigali comptent signer en mars.").sents
    hits = find_triggers(lex, sent)
    unreal = [h for h in hits if unrealised(lex, h)]
    deal = next(h for h in hits if h.lemma == "accord")
    assert planned_by_its_relative(deal, unreal)
    [sent] = pipeline.nlp("Ils ont salué l'accord de paix signé mardi par les deux pays, qui comptent aussi signer un traité.").sents
    hits = find_triggers(lex, sent)
    deal = next(h for h in hits if h.lemma == "accord")
    assert not planned_by_its_relative(deal, [h for h in hits if unrealised(lex, h)])


@pytest.mark.parametrize("text", [
    "Les insurgés ont multiplié ces derniers mois les embuscades contre l'armée dans le nord du pays.",
    "Les rebelles ont intensifié leurs attaques contre les convois humanitaires.",
])
def test_an_event_noun_told_as_a_trend_is_no_event(pipeline, lex, text):
    hits = [h for h in unrealised_hits(pipeline, lex, text) if h[0] == "ASSAULT"]
    assert hits and all(h[2] for h in hits)


def test_how_a_trend_goes_is_no_event_either(pipeline, lex):
    hits = unrealised_hits(pipeline, lex, "Les insurgés ont multiplié les embuscades contre l'armée, en visant ses "
                                          "convois et ses postes avec des roquettes.")
    assert ("ASSAULT", "visant", True) in hits


def test_what_a_deal_provides_is_not_done(pipeline, lex):
    hits = unrealised_hits(pipeline, lex, "Parmi les clauses de l'accord, un retrait des troupes de la zone tampon.")
    assert ("RETREAT", "retrait", True) in hits
    # ... however deep in the list, while the deal itself is done
    hits = unrealised_hits(pipeline, lex, "Parmi les dispositions de la trêve, un cessez-le-feu et l'entrée de "
                                          "camions d'aide humanitaire.")
    assert ("AID", "aide", True) in hits and ("AGREE", "trêve", False) in hits


def test_an_aim_is_no_strike(pipeline, lex):
    hits = unrealised_hits(pipeline, lex, "Le tir de roquettes visait à intimider les habitants de la ville.")
    assert [h for h in hits if h[1] == "visait"] == [("ASSAULT", "visait", True)]


def test_an_attack_told_after_the_trend_is_an_event(pipeline, lex):
    hits = unrealised_hits(pipeline, lex, "Les rebelles ont attaqué lundi un convoi humanitaire près de Goma.")
    assert ("ASSAULT", "attaqué", False) in hits


@pytest.mark.parametrize("text, expected", [
    ("Les émeutiers ont eu le temps de saccager trois magasins avant l'arrivée de la police.", False),
    ("Les émeutiers n'ont pas eu le temps de saccager les magasins du centre.", True),
    ("Les émeutiers auront le temps de saccager les magasins du centre.", True),
])
def test_an_act_someone_had_the_time_to_do_is_as_done_as_having_it(pipeline, lex, text, expected):
    assert [h[2] for h in unrealised_hits(pipeline, lex, text) if h[0] == "ASSAULT"] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Selon des habitants, les rebelles auraient attaqué le village dans la nuit.", False),
    ("Une dizaine d'assaillants auraient été abattus par l'armée, selon une source sécuritaire.", False),
    ("L'armée aurait pu bombarder le camp, selon un officier.", True),
    ("Les rebelles pourraient attaquer le village dans les prochains jours.", True),
])
def test_the_conditional_of_news_reports_a_deed(pipeline, lex, text, expected):
    assert [h[2] for h in unrealised_hits(pipeline, lex, text) if h[0] == "ASSAULT"] == [expected]


@pytest.mark.parametrize("text, expected", [
    # a state that lasts "depuis une décennie", in the present: no event
    ("Les violences qui touchent le nord du Burkina Faso depuis une décennie ont vidé les villages.",
     [("ASSAULT", "violences", True)]),
    ("Les affrontements ensanglantent la région de Diffa depuis des années.", [("ASSAULT", "affrontements", True)]),
    # a deed of a past day stays one, in a place that has known violence for years
    ("Des jihadistes ont attaqué mardi le village de Seytenga, qui vit sous la menace depuis des années.",
     [("ASSAULT", "attaqué", False)]),
])
def test_a_state_that_lasts_for_years_is_no_event(pipeline, lex, text, expected):
    assert [h for h in unrealised_hits(pipeline, lex, text) if h[0] == "ASSAULT"] == expected


@pytest.mark.parametrize("text, expected", [
    # the tagger reads these conditionals as an imperfect or a present: the future stem tells them
    ("Le ministre a annoncé qu'il recevrait les dirigeants syndicaux la semaine suivante.",
     [("MEET", "recevrait", True)]),
    ("Selon lui, les rebelles attaqueraient la ville si les négociations échouaient.", [("ASSAULT", "attaqueraient", True)]),
    ("La police a assuré qu'elle interviendrait pour disperser les manifestants.", [("COERCE", "disperser", True)]),
])
def test_a_conditional_the_tagger_missed_is_unrealised(pipeline, lex, text, expected):
    assert [h for h in unrealised_hits(pipeline, lex, text) if h[0] == expected[0][0]] == expected


@pytest.mark.parametrize("word, is_conditional", [
    ("recevrait", True), ("attaqueraient", True), ("interviendrait", True), ("enverrait", True), ("pourrait", True),
    ("recevait", False), ("entraient", False), ("offrait", False), ("ouvrait", False), ("livrait", False),
])
def test_the_conditional_is_told_by_its_form(pipeline, word, is_conditional):
    from veille.events.modality import conditional
    [tok] = [t for t in pipeline.nlp(f"Il a dit qu'ils {word} la ville.") if t.text == word]
    assert conditional(tok) is is_conditional


@pytest.mark.parametrize("text, expected", [
    ("Un militant détenu depuis trois ans à la prison de Rabat a entamé une grève de la faim.",
     [("COERCE", "détenu", True)]),
    ("Un militant arrêté mardi à Rabat a été présenté à un juge.", [("COERCE", "arrêté", False)]),
])
def test_a_participle_that_qualifies_a_noun_for_years_tells_a_state(pipeline, lex, text, expected):
    assert [h for h in unrealised_hits(pipeline, lex, text) if h[0] == "COERCE"] == expected
