"""Stage 3 of events/ on its own: ``events/roles.py`` and ``events/parties.py`` (the parse) and
``events/fallbacks.py`` (the sentence's surface) on hits of sentences written for them.

Who acts and who is acted upon, given the trigger, the actor mentions and the memory of the
sentences before.
"""
from __future__ import annotations

import pytest

from veille.events.fallbacks import clash_sides, crowd, fallback_target
from veille.events.memory import ActorMemory
from veille.events.parties import commenter_spans, reciprocal
from veille.events.roles import roles, sentence_topic
from veille.events.triggers import find_triggers
from veille.nlp import doc_text


@pytest.fixture(scope="module")
def lex(pipeline):
    return pipeline.extractor.lex


def parse(pipeline, text: str):
    doc = pipeline.nlp(text)
    return doc, pipeline.registry.find(doc_text(doc))


def hit_of(lex, sent, etype: str):
    [hit] = [h for h in find_triggers(lex, sent) if h.type == etype]
    return hit


def hits_in(pipeline, lex, text: str):
    """The actor mentions and the triggers of a one-sentence text."""
    doc, mentions = parse(pipeline, text)
    [sent] = doc.sents
    return mentions, find_triggers(lex, sent)


def roles_of(pipeline, lex, text: str, etype: str) -> tuple[str | None, str | None]:
    doc, mentions = parse(pipeline, text)
    [sent] = doc.sents
    actor, target = roles(lex, pipeline.registry, hit_of(lex, sent, etype), mentions, ActorMemory())
    return (actor.actor.name if actor else None), (target.actor.name if target else None)


def test_the_subject_of_an_active_verb_acts(pipeline, lex):
    assert roles_of(pipeline, lex, "Les shebab ont attaqué mercredi une base militaire à Mogadiscio.",
                    "ASSAULT") == ("Al-Shabaab", None)


def test_the_agent_of_a_passive_verb_acts_upon_its_subject(pipeline, lex):
    assert roles_of(pipeline, lex, "Un convoi de l'ONU a été attaqué mardi par les shebab près de Kismayo.",
                    "ASSAULT") == ("Al-Shabaab", "United Nations")


def test_a_de_complement_of_an_event_noun_is_its_author(pipeline, lex):
    assert roles_of(pipeline, lex, "Le gouvernement a démenti les accusations de Human Rights Watch.",
                    "REJECT") == ("Government", "Human Rights Watch")


def test_a_nationality_adjective_names_who_struck(pipeline, lex):
    doc, mentions = parse(pipeline, "Des frappes aériennes russes ont visé mardi des positions rebelles près d'Idleb.")
    [sent] = doc.sents
    [strikes] = [h for h in find_triggers(lex, sent) if h.lemma == "frappe"]
    actor, _ = roles(lex, pipeline.registry, strikes, mentions, ActorMemory())
    assert (actor.text, actor.actor.name, actor.actor.country) == ("russes", "Russia", "RUS")


@pytest.mark.parametrize("text, actor", [
    ("Le groupe Etat islamique a revendiqué l'attentat. Il a attaqué mardi un poste de police à Kirkouk.",
     "Islamic State"),
    ("Boko Haram a revendiqué l'attentat. Le groupe a attaqué mardi un village près de Maiduguri.", "Boko Haram"),
])
def test_a_pronoun_or_le_groupe_continues_the_actor_of_the_sentence_before(pipeline, lex, text, actor):
    doc, mentions = parse(pipeline, text)
    first, second = doc.sents
    attack = hit_of(lex, second, "ASSAULT")
    assert roles(lex, pipeline.registry, attack, mentions, ActorMemory())[0] is None  # nothing remembered
    memory = ActorMemory()
    memory.observe(first, mentions, sentence_topic(pipeline.registry, first, mentions, memory))
    found, _ = roles(lex, pipeline.registry, attack, mentions, memory)
    assert found.actor.name == actor


def test_coordinated_subjects_of_a_reflexive_accuse_each_other(pipeline, lex):
    doc, mentions = parse(pipeline, "Le Niger et le Bénin s'accusent mutuellement de bloquer la frontière.")
    [sent] = doc.sents
    pairs = reciprocal(hit_of(lex, sent, "ACCUSE"), mentions)
    assert [(a.name, b.name) for a, b in pairs] == [("Niger", "Benin"), ("Benin", "Niger")]


def test_who_condemns_an_attack_is_its_commenter(pipeline, lex):
    text = "Le ministre a condamné l'attaque menée par les shebab contre un hôtel de Mogadiscio."
    doc, _ = parse(pipeline, text)
    [sent] = doc.sents
    hits = find_triggers(lex, sent)
    assault = hit_of(lex, sent, "ASSAULT")
    assert [text[lo:hi] for lo, hi in commenter_spans(assault, hits)] == ["Le ministre"]
    assert commenter_spans(hit_of(lex, sent, "ACCUSE"), hits) == []  # a statement comments on nothing


def test_whom_a_demand_addresses_follows_its_verb(pipeline, lex):
    doc, mentions = parse(pipeline, "Le ministre a appelé les autorités américaines à libérer les détenus.")
    [sent] = doc.sents
    target = fallback_target(lex, hit_of(lex, sent, "DEMAND"), sent, mentions, [])
    assert (target.text, target.actor.name) == ("autorités américaines", "United States")


def test_a_protest_without_a_subject_is_the_crowds(pipeline, lex):
    doc, mentions = parse(pipeline, "Des affrontements entre des manifestants et la police ont fait trois blessés "
                                    "à Conakry.")
    [sent] = doc.sents
    assert crowd(sent, mentions, []).actor.name == "Protesters"
    first = mentions[0]
    assert crowd(sent, mentions, [(first.start, first.end)]) is None  # a blocked span is no crowd


def test_a_clash_with_one_group_is_fought_by_the_forces_of_the_country(pipeline, lex):
    doc, mentions = parse(pipeline, "Des combats avec les shebab ont fait dix morts mardi près de Kismayo.")
    [sent] = doc.sents
    clash = hit_of(lex, sent, "ASSAULT")
    assert clash_sides(pipeline.registry, clash, sent, mentions, [], None) is None  # no country, no forces
    forces, group = clash_sides(pipeline.registry, clash, sent, mentions, [], pipeline.country_place("SO"))
    assert (forces.actor.kind, forces.actor.country, group.actor.name) == ("military", "SOM", "Al-Shabaab")


def test_a_verb_coordinated_after_an_object_keeps_the_first_verbs_subject(pipeline, lex):
    # the parser tends to make "l'implication" the subject of "a appelé"
    text = ("Le ministère iranien a également rejeté l’implication de Téhéran dans l’explosion survenue "
            "mardi soir et a appelé Bagdad à faire preuve de retenue.")
    assert roles_of(pipeline, lex, text, "DEMAND")[0] == "Iran"


def test_who_says_that_an_event_happened_is_not_its_author(pipeline, lex):
    from veille.events.parties import teller_spans
    text = "Un responsable de la marine sénégalaise a déclaré que le chalutier avait été attaqué au large de Dakar."
    doc, _ = parse(pipeline, text)
    [sent] = doc.sents
    assert [text[lo:hi] for lo, hi in teller_spans(hit_of(lex, sent, "ASSAULT"))] == [
        "Un responsable de la marine sénégalaise"]


def test_a_passive_done_at_a_states_organ_is_that_states(pipeline, lex):
    text = "L'ambassadeur d'Iran a été convoqué mardi au ministère allemand des Affaires étrangères."
    assert roles_of(pipeline, lex, text, "ACCUSE") == ("Germany", "Iran")


def test_an_event_noun_subject_is_the_event_not_the_names_inside_it(pipeline, lex):
    # the strike's phrase names a partner and a country; neither is the author of what it destroyed
    text = ("Le raid, mené en coordination avec l'armée nigériane dans le nord du Cameroun, a détruit "
            "un dépôt d'armes.")
    doc, mentions = parse(pipeline, text)
    [sent] = doc.sents
    [destroyed] = [h for h in find_triggers(lex, sent) if h.lemma == "detruire"]
    assert roles(lex, pipeline.registry, destroyed, mentions, ActorMemory()) == (None, None)


def test_who_undergoes_losses_is_a_victim(pipeline, lex):
    from veille.events.parties import patient_spans
    text = "Les rebelles ont subi de lourdes pertes lors de l'attaque du camp."
    doc, _ = parse(pipeline, text)
    [sent] = doc.sents
    assert [text[lo:hi] for lo, hi in patient_spans(sent)] == ["Les rebelles"]


def test_thanks_for_support_are_the_thankers_praise(pipeline, lex):
    text = "Le Premier ministre malien a remercié l'Algérie pour son appui constant."
    assert roles_of(pipeline, lex, text, "SUPPORT") == ("Mali", "Algeria")
    [sent] = pipeline.nlp("Le ministre a remercié les journalistes pour leur présence.").sents
    assert "SUPPORT" not in {h.type for h in find_triggers(lex, sent)}


def test_coordinated_parties_of_a_reciprocal_act_are_taken_in_the_order_named(pipeline, lex):
    doc, mentions = parse(pipeline, "Le Mali et l'Algérie se sont accusés mardi de soutenir des groupes armés.")
    [sent] = doc.sents
    assert [(a.name, b.name) for a, b in reciprocal(hit_of(lex, sent, "ACCUSE"), mentions)] == [
        ("Mali", "Algeria"), ("Algeria", "Mali")]




def test_names_in_apposition_parsed_as_a_second_subject_say_who_acts(pipeline):
    # the parse the model gives "Les présidents français et ukrainien, Emmanuel Macron et Volodymyr
    # Zelensky, ont évoqué ...": the names hang on the verb as a second subject
    from spacy.tokens import Doc
    from veille.events.roles import subject_of
    words = ["Les", "ministres", "malien", "et", "nigérien", ",", "Abdoulaye", "Diop", "et", "Bakary", "Sangaré",
             ",", "ont", "discuté"]
    heads = [1, 13, 1, 4, 2, 13, 13, 6, 9, 6, 9, 13, 13, 13]
    deps = ["det", "nsubj", "amod", "cc", "conj", "punct", "nsubj", "flat:name", "cc", "conj", "flat:name",
            "punct", "aux:tense", "ROOT"]
    pos = ["DET", "NOUN", "ADJ", "CCONJ", "ADJ", "PUNCT", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PUNCT",
           "AUX", "VERB"]
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    subj, passive = subject_of(doc[13])
    assert (subj.text, passive) == ("Abdoulaye", False)


def test_the_noun_a_participle_modifies_underwent_it(pipeline, lex):
    text = "Les juges ont rencontré mardi le président Alpha Condé renversé en septembre par l'armée."
    doc, mentions = parse(pipeline, text)
    [sent] = doc.sents
    [coup] = [h for h in find_triggers(lex, sent) if h.lemma == "renverser"]
    actor, target = roles(lex, pipeline.registry, coup, mentions, ActorMemory())
    assert target is not None and target.actor.name == "Alpha Conde"


def test_an_infinitive_under_a_noun_is_done_by_the_subject_of_its_verb(pipeline, lex):
    from veille.events.roles import subject_of
    text = "Le chef des rebelles a rappelé sa détermination à combattre l'armée malienne."
    doc, _ = parse(pipeline, text)
    [sent] = doc.sents
    subj, _ = subject_of(hit_of(lex, sent, "THREATEN").token)
    assert subj is not None and subj.text == "chef"


@pytest.mark.parametrize("text, etype, actor", [
    # the forces of whoever reports them are theirs
    ("L'armée française a annoncé mardi que ses forces spéciales avaient attaqué un camp jihadiste au Mali.",
     "ASSAULT", "France"),
    # officials with a nationality are their state
    ("Des responsables irakiens ont démenti toute implication dans l'explosion du dépôt.", "REJECT", "Iraq"),
    # a complement phrase tells the act of the verb it hangs on
    ("L'Union africaine a donné dix jours à la junte, sous peine de sanctions, pour rendre le pouvoir.",
     "THREATEN", "African Union"),
    # "celle de X" is the one its complement names
    ("Plusieurs armées, dont celle du Tchad, se disent prêtes à intervenir au Niger.", "THREATEN", "Chad"),
])
def test_who_acts_in_sentences_of_these_classes(pipeline, lex, text, etype, actor):
    assert roles_of(pipeline, lex, text, etype)[0] == actor


def test_a_gerund_is_done_by_the_subject_of_its_clause(pipeline, lex):
    assert roles_of(pipeline, lex, "Le Hamas a rompu la trêve en accusant Israël de retarder les libérations.",
                    "ACCUSE") == ("Hamas", "Israel")


def test_a_function_noun_told_again_is_whose_it_was_when_first_named(pipeline, lex):
    text = ("Le porte-parole des shebab a revendiqué l'attaque de Mogadiscio. "
            "Le porte-parole a accusé le gouvernement d'avoir menti.")
    doc, mentions = parse(pipeline, text)
    first, second = doc.sents
    memory = ActorMemory()
    memory.observe(first, mentions, sentence_topic(pipeline.registry, first, mentions, memory))
    found, _ = roles(lex, pipeline.registry, hit_of(lex, second, "ACCUSE"), mentions, memory)
    assert found is not None and found.actor.name == "Al-Shabaab"


def test_an_adverbial_clause_without_a_subject_is_the_speakers_own_act(pipeline, lex):
    text = "Après avoir reçu à Dakar son homologue gambien Adama Barrow, le président Macky Sall a démenti les rumeurs."
    mentions, hits = hits_in(pipeline, lex, text)
    [meet] = [h for h in hits if h.type == "MEET"]
    assert commenter_spans(meet, hits) == []
    assert roles(lex, pipeline.registry, meet, mentions, ActorMemory())[0].actor.name == "Macky Sall"


@pytest.mark.parametrize("text", [
    # the relative hangs on the target the strikes' complement names
    "L'aviation syrienne a mené des raids sur des positions de Hayat Tahrir al-Cham, qui ont détruit deux dépôts.",
    # and on the strike noun itself
    "Les frappes de l'aviation syrienne contre Hayat Tahrir al-Cham, qui ont détruit deux dépôts, ont repris.",
])
def test_a_relative_that_continues_a_strike_takes_no_author_from_its_antecedent(pipeline, lex, text):
    doc, mentions = parse(pipeline, text)
    [sent] = doc.sents
    [destroyed] = [h for h in find_triggers(lex, sent) if h.lemma == "detruire"]
    actor, _ = roles(lex, pipeline.registry, destroyed, mentions, ActorMemory())
    assert actor is None or actor.actor.name != "Hayat Tahrir al-Sham"


@pytest.mark.parametrize("text, target", [
    ("Des drones turcs ont pris mardi pour cible des positions du PKK, l'un des groupes kurdes les plus actifs.", "PKK"),
    # the quoted complement the parser hangs on the verb, not on "cible"
    ('Six drones israéliens ont pris jeudi pour cible "des bases" du Hezbollah ("le Parti de Dieu"), '
     "l'un des plus puissants mouvements chiites.", "Hezbollah"),
])
def test_what_cible_names_is_the_target_whatever_the_objects(pipeline, lex, text, target):
    assert roles_of(pipeline, lex, text, "ASSAULT")[1] == target


def test_the_name_the_parser_coordinated_to_a_commenter_comments_too(pipeline, lex):
    text = "Le secrétaire général de l'ONU, Antonio Guterres, a condamné l'attentat et appelé au calme."
    _, hits = hits_in(pipeline, lex, text)
    [attack] = [h for h in hits if h.type == "ASSAULT"]
    spans = [text[lo:hi] for lo, hi in commenter_spans(attack, hits)]
    assert any("Antonio Guterres" in s for s in spans), spans


def test_the_day_the_parser_took_for_the_object_hides_no_target(pipeline, lex):
    # "mardi" parsed as the object: the object is the noun phrase after the day
    text = "Les autorités maliennes ont suspendu mardi pour un mois la diffusion de France 24."
    assert roles_of(pipeline, lex, text, "COERCE") == ("Mali", "France 24")


def test_a_present_participle_is_done_by_the_verbs_subject_and_its_clitic_is_the_verbs_object(pipeline, lex):
    text = "Les autorités maliennes ont suspendu mardi pour un mois la diffusion de France 24, l'accusant de mensonges."
    assert roles_of(pipeline, lex, text, "ACCUSE") == ("Mali", "France 24")


def test_the_person_after_a_counterpart_is_the_agent_not_the_counterparts_state(pipeline, lex):
    text = "Le président kényan a été reçu lundi à la Maison Blanche par son homologue américain Joe Biden."
    assert roles_of(pipeline, lex, text, "MEET")[0] == "Joe Biden"


def test_a_first_and_last_name_the_registry_does_not_know_is_a_person_of_that_name(pipeline, lex):
    text = "Aminata Traoré, une militante connue pour son franc-parler, a démenti les rumeurs de son arrestation."
    assert roles_of(pipeline, lex, text, "REJECT")[0] == "Aminata Traoré"
