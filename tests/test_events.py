"""Event roles, modality and merging: the rules of events/ on whole sentences written for them.

Each test states the rule it holds in its name; the sentences are the project's own, in the style of
French news dispatches (publication day: Thursday 14 March 2024).
"""
from __future__ import annotations

import pytest

from veille.records import Document, Event

PUBLISHED = "2024-03-14"


def extract(pipeline, text: str, doc_date: str = PUBLISHED) -> list[Event]:
    events = pipeline.process(Document(id="t", text=text, doc_date=doc_date))
    for e in events:
        assert text[e.evidence_start:e.evidence_end] == e.evidence_text
    return events


def of_type(events: list[Event], etype: str) -> list[Event]:
    return [e for e in events if e.type == etype]


def actor_names(events: list[Event]) -> list[str | None]:
    return [e.actor.name if e.actor else None for e in events]


# ---------------------------------------------------------------- who acts

def test_a_country_heading_a_line_is_the_topic_not_the_actor(pipeline):
    events = extract(pipeline, "Soudan: des attaques de drones sur Port-Soudan\n\n"
                               "Les Forces de soutien rapide (FSR) ont lancé mardi des attaques de drones "
                               "contre le port de Port-Soudan.")
    assaults = of_type(events, "ASSAULT")
    assert actor_names(assaults) == ["Rapid Support Forces"]
    assert assaults[0].mode == "drone"


def test_a_country_named_as_a_place_is_not_the_actor(pipeline):
    [blast] = of_type(extract(pipeline, "Dans le nord du Mali, une explosion a fait trois morts jeudi au passage d'un convoi militaire."), "ASSAULT")
    assert blast.actor is None
    assert blast.location.country == "ML"


def test_clash_between_crowd_and_police_is_the_state_forces_against_the_crowd(pipeline):
    events = extract(pipeline, "Des affrontements entre des manifestants et les forces de sécurité ont fait "
                               "deux morts mardi à Conakry, en Guinée.")
    [clash] = of_type(events, "ASSAULT")
    assert clash.actor.country == "GIN"
    assert clash.target.name == "Guinean protesters"  # the crowd is named by where it protests


def test_clash_with_one_named_group_is_fought_by_the_country_forces(pipeline):
    [clash] = of_type(extract(pipeline, "Des combats avec les shebab ont fait dix morts mardi près de Kismayo, "
                                        "dans le sud de la Somalie."), "ASSAULT")
    assert (clash.actor.country, clash.target.name) == ("SOM", "Al-Shabaab")


def test_fighters_killed_in_clashes_were_killed_by_the_country_forces(pipeline):
    [clash] = of_type(extract(pipeline, "Dix-sept terroristes ont été éliminés mardi au cours de combats près "
                                        "de Ramadi, a indiqué l'armée irakienne."), "ASSAULT")
    assert clash.actor.country == "IRQ"
    assert clash.target.name == "Terrorists"


def test_clash_between_two_sides_names_no_implicit_forces(pipeline):
    [clash] = of_type(extract(pipeline, "Des affrontements entre les hommes d'un ancien chef de guerre et des "
                                        "milices islamistes ont fait trois morts vendredi à Misrata, en Libye."),
                      "ASSAULT")
    assert clash.actor is None or clash.actor.country != "LBY"


def test_fighters_led_by_a_leader_are_the_leaders_group(pipeline):
    [attack] = of_type(extract(pipeline, "Des combattants menés par Iyad Ag Ghaly ont attaqué mardi un camp "
                                         "militaire près de Kidal."), "ASSAULT")
    assert attack.actor.name == "Jama'at Nusrat al-Islam wal-Muslimin"


def test_coalition_led_by_a_state_is_the_coalition(pipeline):
    [strike] = of_type(extract(pipeline, "La ville a été bombardée mardi par les avions d'une coalition "
                                         "conduite par les Etats-Unis."), "ASSAULT")
    assert strike.actor.name == "US-led coalition"


def test_protesters_with_a_nationality_are_named_by_it(pipeline):
    [march] = of_type(extract(pipeline, "Des manifestants soudanais ont défilé jeudi à Khartoum contre le "
                                        "pouvoir militaire."), "PROTEST")
    assert march.actor.name == "Sudanese protesters"


@pytest.mark.parametrize("text, crowd", [
    # a crowd no name tells protests as protesters of the country of its place
    ("Plusieurs centaines de personnes se sont rassemblées mercredi devant l'Assemblée à Abidjan.",
     "Ivorian protesters"),
    ("Mercredi, les ouvriers du port ont défilé dans les rues de Lomé.", "Togolese protesters"),
    # whom a crowd's aim names did not gather
    ("Des dizaines de femmes ont manifesté mercredi à Abidjan pour exiger la libération des détenus.",
     "Ivorian protesters"),
])
def test_an_unnamed_crowd_protests_as_protesters(pipeline, text, crowd):
    [protest] = of_type(extract(pipeline, text), "PROTEST")
    assert protest.actor is not None and protest.actor.name == crowd


def test_a_protest_is_the_crowd_its_sentence_names(pipeline):
    events = extract(pipeline, "A Bamako, la marche de l'opposition était interdite, mais les partisans de "
                               "Soumaïla Cissé l'ont maintenue dans plusieurs quartiers samedi.")
    [march] = of_type(events, "PROTEST")
    assert march.actor.name == "Supporters of Soumaïla Cissé"


def test_he_continues_the_subject_or_agent_of_the_sentence_before(pipeline):
    events = extract(pipeline, "L'attentat de mardi à Kirkouk a été revendiqué par le groupe Etat islamique, "
                               "qui a perdu du terrain face à l'armée irakienne appuyée par la coalition "
                               "américaine. Mercredi, il a attaqué un poste de police près de Hawija.")
    assert set(actor_names(of_type(events, "ASSAULT"))) == {"Islamic State"}


def test_the_embassy_is_the_embassy_named_before(pipeline):
    events = extract(pipeline, "L'ambassade russe à Paris a dénoncé la décision. Dans un communiqué, "
                               "l'ambassade a appelé le journal Le Monde à retirer l'article et demandé aux "
                               "autorités françaises de protéger ses employés.")
    demands = of_type(events, "DEMAND")
    # two addressees, two demands, both from Russia
    assert sorted((e.actor.country, e.target.name) for e in demands) == [("RUS", "France"), ("RUS", "Le Monde")]


def test_a_passive_agent_misattached_by_the_parser_is_still_found(pipeline):
    # the host named in the agent, however the parser hangs it; received by him, the visitor (told by a
    # pronoun) is who meets, the host whom he meets
    events = extract(pipeline, "Le président nigérian est arrivé lundi à Washington. Il a été reçu mardi à "
                               "la Maison Blanche par son homologue américain Joe Biden.")
    [meeting] = of_type(events, "MEET")
    assert (meeting.actor.name, meeting.target.name) == ("Nigeria", "Joe Biden")


def test_par_telephone_is_a_means_not_an_agent_and_one_party_is_no_reciprocal(pipeline):
    events = extract(pipeline, "Le président Emmanuel Macron, chef de l'Etat français, s'est entretenu mardi "
                               "par téléphone avec Vladimir Poutine.")
    [call] = of_type(events, "CONSULT")
    assert (call.actor.name, call.target.name) == ("Emmanuel Macron", "Vladimir Putin")


def test_we_in_a_quote_is_the_speaker(pipeline):
    [aid] = of_type(extract(pipeline, "« Nous avons distribué mercredi des vivres à 5.000 familles à Maiduguri », "
                                      "a indiqué jeudi le Programme alimentaire mondial (PAM)."), "AID")
    assert aid.actor.name == "World Food Programme"


def test_a_quoted_verb_whose_subject_is_no_one_is_no_statement_of_the_speaker(pipeline):
    events = extract(pipeline, "« Nous avons repris les distributions en raison de l'impératif humanitaire qui "
                               "exige de rester », a expliqué le Programme alimentaire mondial.")
    assert of_type(events, "DEMAND") == []


def test_a_present_tense_verb_the_lemmatiser_missed_is_still_a_trigger(pipeline):
    # spaCy leaves "bombarde" as its own lemma here; "bombarder" is the trigger
    [strike] = of_type(extract(pipeline, "Les avions de la coalition internationale menée par Washington, qui "
                                         "bombarde depuis ce matin les positions jihadistes près de Raqqa, ont "
                                         "détruit un dépôt."), "ASSAULT")
    assert strike.actor.name == "US-led coalition"
    assert strike.mode == "aerial"


@pytest.mark.parametrize("text, mediator", [
    ("Sous l'égide de l'Union africaine, un cessez-le-feu a été conclu mardi à Pretoria.", "African Union"),
    # "par intérim" is no agent of the passive
    ("Les délégations ont signé un accord à Genève. L'accord a été signé mardi en présence de l'émissaire "
     "par intérim de l'ONU en Libye, Stephanie Williams.", "United Nations"),
])
def test_a_mediator_is_not_a_party(pipeline, text, mediator):
    assert mediator not in actor_names(extract(pipeline, text))


def test_unnamed_attackers_are_the_group_the_story_is_about(pipeline):
    events = extract(pipeline, "Le groupe jihadiste Boko Haram est actif dans l'Etat de Borno depuis 2009, "
                               "selon la police. Boko Haram y a perdu du terrain l'an dernier. Jeudi, des hommes "
                               "armés ont attaqué le village de Konduga, tuant six civils.")
    assert actor_names(of_type(events, "ASSAULT")) == ["Boko Haram"]


def test_a_group_that_lost_fighters_is_not_their_killer(pipeline):
    events = extract(pipeline, "Le groupe Etat islamique est actif dans la province d'Anbar. Mardi, dix-sept "
                               "terroristes ont été tués près de Ramadi, a indiqué la police irakienne.")
    assert "Islamic State" not in actor_names(of_type(events, "ASSAULT"))


def test_an_attack_repelled_is_told_before_the_repelling_and_by_its_own_author(pipeline):
    events = of_type(extract(pipeline, "Les soldats maliens ont repoussé mardi l'attaque des jihadistes contre "
                                       "leur camp de Boulkessi."), "ASSAULT")
    assert [(e.actor.name, e.trigger) for e in events] == [("Jihadists", "attaque"), ("Mali", "repousser")]


# ---------------------------------------------------------------- what did not happen

@pytest.mark.parametrize("text", [
    "Moscou dément avoir payé des combattants pour qu'ils tuent des soldats français au Mali.",
    "Le groupe combat à la fois l'armée malienne et les milices d'autodéfense dans le centre du Mali.",
    "L'accord prévoit un retrait des troupes étrangères du pays d'ici à la fin de l'année.",
    "Le texte signé samedi ouvre la voie au retrait des troupes américaines d'Afghanistan.",
])
def test_aims_standing_enmities_and_plans_are_not_events(pipeline, text):
    assert of_type(extract(pipeline, text), "ASSAULT") == [] and of_type(extract(pipeline, text), "RETREAT") == []


def test_aid_that_is_struck_is_the_target_not_an_aid_event(pipeline):
    events = extract(pipeline, "L'attaque contre un convoi d'aide humanitaire a fait trois morts mardi près de Goma.")
    assert of_type(events, "AID") == []
    assert len(of_type(events, "ASSAULT")) == 1


# ---------------------------------------------------------------- one event, many reports

def test_a_protest_retold_in_other_words_is_one_protest(pipeline):
    events = extract(pipeline, "Des milliers de manifestants ont défilé samedi à Dakar contre le report de "
                               "l'élection. La manifestation s'est déroulée dans le calme. Les manifestants "
                               "scandaient des slogans hostiles au gouvernement.")
    assert len(of_type(events, "PROTEST")) == 1


def test_a_phone_call_retold_from_either_side_is_one_consultation(pipeline):
    events = extract(pipeline, "Le président américain Joe Biden s'est entretenu mardi par téléphone avec le "
                               "président turc Recep Tayyip Erdogan. Erdogan a eu mardi une conversation "
                               "téléphonique avec Joe Biden, a indiqué la présidence turque.")
    assert len(of_type(events, "CONSULT")) == 1


def test_a_headline_placed_in_a_country_joins_the_report_placed_in_a_town(pipeline):
    events = extract(pipeline, "Nigeria: un attentat fait dix morts\n\nUn kamikaze s'est fait exploser mardi "
                               "dans un marché de Maiduguri, tuant dix personnes.")
    [bombing] = of_type(events, "ASSAULT")
    assert bombing.location.name == "Maiduguri"
    assert bombing.mode == "suicide"


def test_a_headline_placed_in_a_division_joins_the_lead_placed_by_a_village_unknown_there(pipeline):
    events = extract(pipeline, "Niger : dix soldats tués dans une attaque dans la région de Tillabéri\n\nDix soldats "
                               "ont été tués mardi dans une attaque contre leur poste du village de Zkwaralou, "
                               "dans la région de Tillabéri, a annoncé l'armée.")
    assert len(of_type(events, "ASSAULT")) == 1


def test_a_headline_joins_its_story_told_further_down_on_another_day_and_with_another_mode(pipeline):
    # the headline's second clause takes "attentat-suicide" for its mode and has no day of its own;
    # the story tells that attack two paragraphs below, near the headline's town
    events = extract(pipeline, "Nigeria : attentat-suicide à Bama, des insurgés attaquent une caserne à Dikwa\n\n"
                               "Un kamikaze s'est fait exploser samedi sur le marché de Bama, tuant six personnes.\n\n"
                               "Jeudi, des insurgés ont attaqué au mortier une caserne de Dikwa, selon l'armée.")
    assaults = of_type(events, "ASSAULT")
    assert sorted(e.location.name for e in assaults) == ["Bama", "Dikwa"]
    [dikwa] = [e for e in assaults if e.location.name == "Dikwa"]
    assert (dikwa.mode, dikwa.date.value) == ("shelling", "2024-03-14")


@pytest.mark.parametrize("text, town", [
    # a town the tagger reads as a common noun before a weekday ("attaqué Djibo lundi")
    ("Des jihadistes ont attaqué Djibo lundi, tuant dix civils.", "Djibo"),
    ("Les forces russes ont pilonné la ville de Bakhmout mardi, selon Kiev.", "Bakhmut"),
])
def test_a_town_named_before_a_weekday_places_the_attack(pipeline, text, town):
    [attack] = of_type(extract(pipeline, text), "ASSAULT")
    assert attack.location.name == town


@pytest.mark.parametrize("text", [
    "Le ministre a annoncé mardi le déblocage d'une enveloppe de 300 millions d'euros d'aide militaire pour Kiev.",
    "Le chancelier a annoncé mardi à Berlin la livraison de trois systèmes de défense antiaérienne à l'Ukraine.",
])
def test_military_aid_in_money_or_arms_is_aid(pipeline, text):
    assert of_type(extract(pipeline, text), "AID")


@pytest.mark.parametrize("text", [
    # aid halted is no aid given
    "Washington a suspendu mardi son aide militaire à l'Ukraine.",
    # a military convoy struck is no aid
    "Une mine a explosé mardi au passage d'un convoi militaire près de Gao, tuant deux soldats.",
])
def test_aid_halted_or_a_military_convoy_is_no_aid(pipeline, text):
    assert not of_type(extract(pipeline, text), "AID")


def test_a_protest_in_coordinated_towns_is_one_protest_in_each(pipeline):
    events = extract(pipeline, "À Brest et à Lorient, plusieurs centaines de manifestants ont défilé mardi contre "
                               "la réforme, devant les sous-préfectures.")
    assert sorted(e.location.name for e in of_type(events, "PROTEST")) == ["Brest", "Lorient"]


def test_a_protest_before_an_embassy_stays_in_its_town(pipeline):
    events = extract(pipeline, "Des manifestants se sont rassemblés mardi à Paris devant l'ambassade d'Iran.")
    assert [e.location.name for e in of_type(events, "PROTEST")] == ["Paris"]


@pytest.mark.parametrize("text, mode", [
    ("Les rebelles ont bombardé mardi à l'arme lourde des positions de l'armée près de Goma.", "shelling"),
    ("La police a mené mardi des frappes de drones kamikazes contre des positions des gangs à Kenscoff.", "drone"),
    # the explosives a drone drops: the drone is the weapon
    ("Le cartel a largué mardi des explosifs à l'aide de drones sur la localité d'Aguililla.", "drone"),
])
def test_the_weapon_named_beside_a_bombardment_gives_its_mode(pipeline, text, mode):
    assert [e.mode for e in of_type(extract(pipeline, text), "ASSAULT")] == [mode]


def test_fireworks_mortars_are_no_artillery(pipeline):
    events = extract(pipeline, "Des jeunes ont visé mardi les policiers avec des mortiers d'artifice à Grenoble.")
    assert "shelling" not in {e.mode for e in of_type(events, "ASSAULT")}


@pytest.mark.parametrize("text, actor", [
    # the accused is the author of the act they are accused of
    ("L'armée tchadienne est accusée d'avoir bombardé mardi un camp de réfugiés près d'Abéché.", "Chad"),
    ("Les rebelles ont démenti, accusant l'armée congolaise d'avoir bombardé mardi le marché de Sake.", "DR Congo"),
    ("Tchad : l'armée accusée d'une frappe meurtrière près d'Abéché", "Chad"),
    # the parser hangs the strikes on their day
    ("L'armée kényane a mené samedi des frappes aériennes contre des camps des shebab près de Garissa.", "Kenya"),
    # "des miliciens X": a group no table lists; the parser reads "des" as "de les"; the camp is what was struck
    ("Samedi, des miliciens Fano ont revendiqué l'attaque d'un camp militaire près de Debre Markos.", "Fano"),
])
def test_the_author_of_an_attack_in_these_classes(pipeline, text, actor):
    [attack] = of_type(extract(pipeline, text), "ASSAULT")
    assert attack.actor is not None and attack.actor.name == actor


def test_a_town_that_only_measures_a_distance_is_not_where_the_attack_was(pipeline):
    events = extract(pipeline, "Des hommes armés ont attaqué mardi le marché de Dori, à environ 250 km au nord-est "
                               "de Ouagadougou, tuant six civils.")
    assert [e.location.name for e in of_type(events, "ASSAULT")] == ["Dori"]


@pytest.mark.parametrize("text, word, country", [
    # the police of a paragraph whose places lie in one country
    ("Arménie : des milliers de manifestants se sont rassemblés mardi à Erevan. La police antiémeute a interpellé "
     "vingt personnes.\n\nPérou : à Lima, des milliers de manifestants ont défilé mardi. Au Pérou, le gouvernement a "
     "décrété l'état d'urgence à Cuzco et à Arequipa.", "interpellé", "ARM"),
    # the authorities of a paragraph labelled with its country
    ("Afrique centrale : ce qu'il faut retenir\n\nCameroun. Des séparatistes ont attaqué lundi un poste de "
     "gendarmerie près de Bamenda.\n\nTchad. Les autorités ont suspendu mardi l'accès aux réseaux sociaux à "
     "N'Djamena, après des manifestations de l'opposition.", "suspendu", "TCD"),
])
def test_the_organs_of_a_round_up_paragraph_are_its_country_s(pipeline, text, word, country):
    [act] = [e for e in of_type(extract(pipeline, text), "COERCE") if word in e.evidence_text]
    assert act.actor is not None and act.actor.country == country


@pytest.mark.parametrize("text, etype", [
    # a trigger word inside a place's name
    ("Un avion militaire parti de La Réunion a acheminé mardi 15 tonnes de vivres à Toamasina.", "MEET"),
    # any such act, none in particular
    ("Le ministre a prévenu que son pays répondrait à toute nouvelle agression, mardi à Islamabad.", "ASSAULT"),
    # a parade of cars after an election, a victory celebrated
    ("Dans les rues de Thiès et de Kaolack, des cortèges de voitures ont klaxonné mardi jusqu'à l'aube.", "PROTEST"),
    ("Des milliers de partisans se sont rassemblés mardi devant le siège du parti à Dakar pour célébrer la victoire.",
     "PROTEST"),
    # soldiers resupplied are no aid
    ("Un navire qui ravitaillait mardi des soldats près de Palawan a été bloqué par les garde-côtes.", "AID"),
    # a phone interview is a call, no meeting
    ("Le président iranien a eu mardi un entretien téléphonique avec Emmanuel Macron.", "MEET"),
])
def test_words_that_tell_no_such_event_here(pipeline, text, etype):
    assert not of_type(extract(pipeline, text), etype)


@pytest.mark.parametrize("text, etype", [
    ("Trois militants ont été remis en liberté mardi à Maracaibo, selon leur avocat.", "RETREAT"),
    ("Le PAM a ravitaillé mardi des milliers de déplacés à Goma.", "AID"),
])
def test_a_release_and_a_resupply_of_the_displaced(pipeline, text, etype):
    assert of_type(extract(pipeline, text), etype)


def test_a_headline_region_joins_a_town_of_that_region_below(pipeline):
    events = extract(pipeline, "Birmanie : des frappes aériennes font au moins 17 morts dans la région de Sagaing\n\n"
                               "Au moins 17 civils ont été tués mercredi dans des frappes aériennes de l'armée "
                               "birmane sur un village proche de Shwebo, selon des habitants.")
    assert [e.location.name for e in of_type(events, "ASSAULT")] == ["Shwebo"]


def test_a_town_the_gazetteer_lacks_is_placed_in_the_country_not_the_last_town(pipeline):
    events = extract(pipeline, "Cinq militaires ont été tués lundi dans une embuscade près de Bamenda. Mardi, un "
                               "kamikaze s'est fait exploser sur le marché de Zigagué, blessant onze personnes.")
    [bombing] = [e for e in of_type(events, "ASSAULT") if e.mode == "suicide"]
    assert (bombing.location.name, bombing.location.precision) == ("Cameroon", "country")


def test_who_speaks_in_a_call_took_part_in_it(pipeline):
    events = extract(pipeline, "Lors d'un entretien téléphonique mardi avec Emmanuel Macron, le président iranien "
                               "Masoud Pezeshkian a affirmé que son pays ne voulait pas la guerre.")
    [call] = of_type(events, "CONSULT")
    assert call.actor is not None and call.actor.name == "Masoud Pezeshkian"


def test_the_act_the_parser_hangs_on_the_accused_is_theirs(pipeline):
    events = extract(pipeline, "Le ministère azerbaïdjanais de la Défense a accusé lundi les forces arméniennes "
                               "d'avoir ouvert le feu dimanche soir sur des positions près de Latchine.")
    [shooting] = of_type(events, "ASSAULT")
    assert shooting.actor is not None and shooting.actor.name == "Armenia"


@pytest.mark.parametrize("text", [
    "Les commerçants du souk de Tunis ont baissé le rideau mardi pour protester contre la hausse des taxes.",
    # the parser hangs the purpose on the day it took for the verb's object
    "Des centaines de jeunes ont affronté mardi les policiers à Dakar pour protester contre le report du scrutin.",
])
def test_an_act_done_to_protest_is_a_protest(pipeline, text):
    assert of_type(extract(pipeline, text), "PROTEST")


@pytest.mark.parametrize("text", [
    "Les agriculteurs prévoient de bloquer les routes jeudi pour protester contre la réforme.",
    "Les syndicats ont appelé à une grève jeudi pour protester contre la réforme.",
])
def test_a_plan_or_a_call_to_protest_is_no_protest(pipeline, text):
    assert not of_type(extract(pipeline, text), "PROTEST")


def test_a_round_up_paragraph_labelled_by_its_country_is_placed_there(pipeline):
    events = extract(pipeline, "Serbie : à Belgrade, des milliers d'étudiants ont défilé mardi contre le gouvernement."
                               "\n\nIran :\nles commerçants du bazar ont baissé le rideau mardi pour protester "
                               "contre la chute du rial.")
    places = sorted((e.location.name for e in of_type(events, "PROTEST")))
    assert places == ["Belgrade", "Iran"]


def test_a_river_named_beside_the_town_struck_is_no_second_place(pipeline):
    events = extract(pipeline, "Mardi, l'artillerie russe a pilonné Nikopol, sur la rive droite du Dniepr, "
                               "blessant deux personnes.")
    assert [e.location.name for e in of_type(events, "ASSAULT")] == ["Nikopol"]


def test_an_unknown_name_after_a_function_noun_is_who_speaks_even_after_a_day(pipeline):
    events = extract(pipeline, "La veille, à Bruxelles, la cheffe de la diplomatie européenne Kaja Kallas a exhorté "
                               "les dirigeants syriens à protéger les minorités.")
    [demand] = of_type(events, "DEMAND")
    assert demand.actor is not None and demand.actor.name == "Kaja Kallas"
    assert demand.location is not None and demand.location.name == "Brussels"


def test_a_call_for_help_is_no_demand(pipeline):
    events = extract(pipeline, "Monsieur Paul Durand a appelé les secours avec son portable mardi à Nantes.")
    assert not of_type(events, "DEMAND")


def test_the_people_arrested_told_again_are_the_same_arrests(pipeline):
    events = extract(pipeline, "Plusieurs opposants ont été arrêtés lundi à Caracas, selon une ONG. Le procureur "
                               "Tarek Saab a accusé mardi les personnes arrêtées de préparer des actes de "
                               "déstabilisation.")
    assert len(of_type(events, "COERCE")) == 1


def test_an_attack_ascribed_to_a_group_is_that_group_s(pipeline):
    events = extract(pipeline, "Au moins douze personnes ont été tuées samedi dans un attentat-suicide à Konduga, "
                               "selon la police, qui l'attribue au groupe jihadiste Boko Haram.\n\n"
                               "Jeudi, des combattants de l'Etat islamique en Afrique de l'Ouest ont attaqué une base "
                               "militaire à Monguno.")
    actors = {e.location.name: e.actor.name for e in of_type(events, "ASSAULT") if e.actor is not None}
    assert actors == {"Konduga": "Boko Haram", "Monguno": "ISWAP"}


def test_le_groupe_is_the_last_group_named_whatever_its_name_s_words(pipeline):
    events = extract(pipeline, "La police attribue l'attentat de Maiduguri au groupe jihadiste Boko Haram. Jeudi, des "
                               "combattants de l'Etat islamique en Afrique de l'Ouest ont attaqué une base à Monguno. "
                               "Le groupe a revendiqué l'assaut sur ses canaux de propagande.")
    assert [e.actor.name for e in of_type(events, "ASSAULT") if e.location and e.location.name == "Monguno"] == ["ISWAP"]


def test_a_headline_of_two_places_keeps_both_when_the_story_tells_one(pipeline):
    events = extract(pipeline, "Syrie : frappes sur Alep et Idleb\n\nDes avions ont bombardé mardi plusieurs "
                               "quartiers d'Idleb, selon des secouristes.")
    assert sorted(e.location.name for e in of_type(events, "ASSAULT")) == ["Aleppo", "Idlib"]


def test_several_attacks_told_at_once_do_not_swallow_one_told_precisely(pipeline):
    events = extract(pipeline, "Plusieurs attaques ont visé le nord du Burkina Faso cette semaine. Mardi, des "
                               "hommes armés ont attaqué la ville de Djibo, tuant douze civils.")
    assaults = of_type(events, "ASSAULT")
    assert [e.location.name for e in assaults] == ["Burkina Faso", "Djibo"]


@pytest.mark.parametrize("frame", ["lors d'un", "pendant un", "en marge d'un"])
def test_an_event_noun_that_frames_an_arrest_happened_at_its_place(pipeline, frame):
    events = extract(pipeline, f"Les gendarmes ont arrêté mercredi une trentaine de personnes à Conakry {frame} "
                               "rassemblement de l'opposition.")
    [protest] = of_type(events, "PROTEST")
    assert protest.location.name == "Conakry"


def test_the_agent_of_a_participle_the_parser_hung_on_the_verb_is_the_attacks_author(pipeline):
    events = extract(pipeline, "Huit gendarmes burkinabè ont été tués lundi dans une attaque menée par des "
                               "jihadistes présumés près de Djibo.")
    [attack] = of_type(events, "ASSAULT")
    assert attack.actor is not None and attack.actor.name == "Jihadists"


@pytest.mark.parametrize("text, mode", [
    # firing says nothing of the weapon: what is fired does
    ("Les séparatistes ont tiré mardi plusieurs roquettes sur Donetsk.", "shelling"),
    ("L'armée a tiré lundi deux missiles de croisière sur Alep.", "aerial"),
    ("Des hommes armés ont tiré mardi sur un bus à Kidal.", "firearms"),
])
def test_the_mode_of_a_shot_is_its_weapon(pipeline, text, mode):
    [attack] = of_type(extract(pipeline, text), "ASSAULT")
    assert attack.mode == mode


def test_settlers_who_set_fire_to_a_village_attack_it(pipeline):
    events = extract(pipeline, "Des colons israéliens ont incendié dans la nuit des voitures et une grange à "
                               "l'entrée d'un village proche de Ramallah.")
    [arson] = of_type(events, "ASSAULT")
    assert arson.actor is not None and arson.actor.name == "Israeli settlers"


def test_a_village_named_alone_beside_a_foreign_force_is_still_placed(pipeline):
    # the peacekeepers' nationality votes for Egypt; the village, the only place named, keeps its own vote
    events = extract(pipeline, "Trois Casques bleus égyptiens ont été blessés samedi dans une embuscade à Tessalit.")
    [blast] = of_type(events, "ASSAULT")
    assert (blast.location.name, blast.location.country) == ("Tessalit", "ML")


def test_a_counterpart_named_by_a_nationality_is_that_state(pipeline):
    [meeting] = of_type(extract(pipeline, "La ministre sénégalaise des Affaires étrangères a reçu mardi à Dakar "
                                          "son homologue marocain."), "MEET")
    assert meeting.target is not None and meeting.target.country == "MAR"


def test_a_car_bomb_that_exploded_is_an_attack(pipeline):
    [blast] = of_type(extract(pipeline, "Un véhicule piégé a explosé mardi près d'un marché de Kirkouk, tuant quatre "
                                        "passants."), "ASSAULT")
    assert blast.mode == "explosives"


@pytest.mark.parametrize("text, etype, parties", [
    # the parties are those "entre" names, not who announces the deal
    # (one deal: the truce it is about is that deal)
    ("Le Qatar a annoncé mardi un accord entre l'Arménie et l'Azerbaïdjan sur une trêve de trois jours.",
     "AGREE", ("Armenia", "Azerbaijan")),
    # ... even where the parser made the second one the subject of the next verb
    ("Une rencontre entre Emmanuel Macron et Olaf Scholz a eu lieu jeudi à Berlin.", "MEET",
     ("Emmanuel Macron", "Olaf Scholz")),
])
def test_the_parties_of_a_deal_or_a_meeting_are_those_between_names(pipeline, text, etype, parties):
    [event] = of_type(extract(pipeline, text), etype)
    assert (event.actor.name, event.target.name) == parties


def test_the_party_coordinated_to_the_subject_is_the_other_party_not_the_mediator(pipeline):
    text = "Le Soudan et le Soudan du Sud ont signé mardi un accord de paix sous l'égide de l'Ouganda."
    [event] = of_type(extract(pipeline, text), "AGREE")
    assert (event.actor.name, event.target.name) == ("Sudan", "South Sudan")


def test_the_counterpart_met_is_the_person_named_after_the_function(pipeline):
    text = ("Après avoir rencontré à Genève pour la deuxième fois en quelques semaines son homologue américain "
            "Antony Blinken, le ministre chinois Wang Yi a rejeté les critiques.")
    [meeting] = of_type(extract(pipeline, text), "MEET")
    assert meeting.target is not None and meeting.target.name == "Antony Blinken"


def test_protesters_dispersed_in_a_town_protested_there(pipeline):
    events = extract(pipeline, "Les gendarmes ont dispersé mercredi au gaz lacrymogène plusieurs centaines de "
                               "manifestants devant la préfecture à Conakry.")
    [protest] = of_type(events, "PROTEST")
    assert protest.location.name == "Conakry"


@pytest.mark.parametrize("again, count", [("des frappes", 1), ("de nouvelles frappes", 2)])
def test_new_strikes_are_not_the_strikes_told_before(pipeline, again, count):
    events = extract(pipeline, "Des avions russes ont frappé mardi des positions rebelles à Idleb. L'aviation "
                               f"russe a ensuite mené {again} contre des positions rebelles à Idleb.")
    assert len(of_type(events, "ASSAULT")) == count


# ---------------------------------------------------------------- who comments is not who acts

@pytest.mark.parametrize("text", [
    "Le ministre malien des Affaires étrangères a condamné mercredi l'attaque contre la base de Tessalit.",
    "Le gouvernement nigérien a dénoncé mardi l'embuscade contre une patrouille près de Tillabéri.",
    "Le Hezbollah a nié mercredi toute implication dans l'attaque contre la patrouille de Marjayoun.",
])
def test_who_condemns_or_denies_an_attack_is_not_its_author(pipeline, text):
    attacks = of_type(extract(pipeline, text), "ASSAULT")
    assert attacks and all(e.actor is None for e in attacks)


def test_the_coalition_is_the_coalition_named_before_not_the_last_group(pipeline):
    text = ("La coalition militaire dirigée par l'Arabie saoudite a bombardé mardi des positions des rebelles "
            "houthis à Saada. Plusieurs frappes aériennes de la coalition ont visé mercredi des camps à Hodeida.")
    assert actor_names(of_type(extract(pipeline, text), "ASSAULT")) == ["Saudi-led coalition"] * 2


def test_a_country_where_a_coalition_fights_is_no_second_attacker(pipeline):
    text = "La coalition dirigée par l'Arabie saoudite au Yémen a bombardé mardi un camp à Saada."
    assert actor_names(of_type(extract(pipeline, text), "ASSAULT")) == ["Saudi-led coalition"]


def test_unnamed_protesters_are_named_by_the_country_where_they_protest(pipeline):
    text = ("Des milliers de manifestants ont défilé vendredi à Alger contre le pouvoir. "
            "La police a dispersé les manifestants à coups de gaz lacrymogène.")
    events = extract(pipeline, text)
    assert actor_names(of_type(events, "PROTEST")) == ["Algerian protesters"]
    assert [e.target.name for e in of_type(events, "COERCE") if e.target] == ["Algerian protesters"]


def test_a_group_named_by_its_acronym_is_its_written_out_name(pipeline):
    text = "Les ADF ont tué mardi sept civils dans le village de Mantumbi, près de Beni."
    assert actor_names(of_type(extract(pipeline, text), "ASSAULT")) == ["Allied Democratic Forces"]


# ---------------------------------------------------------------- statements told in other words

@pytest.mark.parametrize("text, etype, actor", [
    ('Le régime a qualifié de "crime odieux" l\'attaque contre le marché de Kidal.', "ACCUSE", None),
    ("La Cédéao a donné jusqu'à lundi aux militaires pour rétablir le président dans ses fonctions.",
     "DEMAND", "ECOWAS"),
    ("Le président ukrainien Volodymyr Zelensky a remercié l'Allemagne pour son soutien indéfectible.",
     "SUPPORT", None),
    ("Emmanuel Macron et Alassane Ouattara ont évoqué samedi au téléphone la situation au Sahel.", "CONSULT",
     "Emmanuel Macron"),
    ("Un responsable houthi a dénoncé mercredi les raids de la coalition sur Sanaa.", "ACCUSE", "Houthis"),
])
def test_statements_told_in_other_words(pipeline, text, etype, actor):
    found = of_type(extract(pipeline, text), etype)
    assert found
    if actor is not None:
        assert actor in actor_names(found)


def test_the_agent_of_a_blame_is_not_the_author_of_what_it_blames(pipeline):
    events = extract(pipeline, 'L\'offensive lancée mardi sur Kharkiv a été qualifiée de "barbare" par Paris.')
    assert all(e.actor is None or e.actor.name != "France" for e in of_type(events, "ASSAULT"))


def test_an_object_hung_on_a_weekday_is_still_an_event(pipeline):
    events = extract(pipeline, "Les Vingt-Sept ont adopté jeudi de nouvelles sanctions contre la Russie.")
    assert of_type(events, "SANCTION")


def test_a_stop_without_its_space_still_ends_a_sentence(pipeline):
    events = extract(pipeline, "Les frappes ont touché un quartier de Sanaa.Un responsable houthi a dénoncé les raids.")
    assert "Houthis" in actor_names(of_type(events, "ACCUSE"))


def test_an_official_without_a_name_speaks_for_the_country(pipeline):
    text = ("Dans l'est de la RDC, les rebelles ont attaqué mardi la ville de Beni. "
            "Le gouverneur de la province a appelé l'armée à sécuriser les grandes villes.")
    demands = of_type(extract(pipeline, text), "DEMAND")
    assert demands and demands[0].actor is not None and demands[0].actor.country == "COD"


# ---------------------------------------------------------------- what describes rather than reports

@pytest.mark.parametrize("text, etype", [
    ("Selon le dernier bilan, les combats ont déjà fait au moins 300 morts depuis le début du conflit.", "ASSAULT"),
    ("Le gouvernement, soutenu par la communauté internationale, contrôle la capitale.", "SUPPORT"),
    ("L'opposition affirme que le Rwanda soutenait les rebelles du M23.", "SUPPORT"),
    ("Les deux dirigeants ont parlé de l'accord que leurs pays envisagent de conclure.", "AGREE"),
    ("Le groupe annonce un repli de l'activité de 5% au premier semestre.", "RETREAT"),
    ("Les batteries antiaériennes ont détruit quatre drones au-dessus de la ville.", "ASSAULT"),
])
def test_descriptions_running_tolls_and_plans_are_no_events(pipeline, text, etype):
    assert of_type(extract(pipeline, text), etype) == []


def test_support_the_speaker_reports_of_himself_is_an_event(pipeline):
    text = "Le président américain Joe Biden a affirmé mardi qu'il approuvait les mesures du gouvernement nigérian."
    assert of_type(extract(pipeline, text), "SUPPORT")


@pytest.mark.parametrize("text, actor", [
    ("L'entité sioniste a mené mardi une agression meurtrière contre l'enclave de Gaza.", "Israel"),
    ("Les forces de soutien rapide ont attaqué mardi des positions de l'armée à Khartoum.", "Rapid Support Forces"),
])
def test_names_some_outlets_give_an_actor(pipeline, text, actor):
    assert actor in actor_names(of_type(extract(pipeline, text), "ASSAULT"))


@pytest.mark.parametrize("text, etype, target", [
    ("Le Qatar a annoncé jeudi la libération de trente détenus palestiniens.", "RETREAT", "Palestinian prisoners"),
    ("L'arrestation de plusieurs journalistes a été annoncée mardi à Moscou.", "COERCE", "Journalists"),
])
def test_who_undergoes_an_act_told_by_a_noun_is_its_target(pipeline, text, etype, target):
    [event] = of_type(extract(pipeline, text), etype)
    assert event.target is not None and event.target.name == target
    assert event.actor is None or event.actor.name != target


def test_asking_for_a_thing_is_a_demand(pipeline):
    text = "Les opposants avaient demandé mardi l'autorisation de manifester samedi à Téhéran."
    assert of_type(extract(pipeline, text), "DEMAND")


def test_a_country_struck_is_where_the_attack_happened(pipeline):
    text = "Israël a bombardé dimanche le sud du Liban, selon l'agence nationale libanaise."
    [strike] = of_type(extract(pipeline, text), "ASSAULT")
    assert strike.actor is not None and strike.actor.name == "Israel"
    assert strike.location is not None and strike.location.country == "LB"


def test_a_locality_named_by_its_country_adjective_is_in_that_country(pipeline):
    text = "L'aviation israélienne a bombardé mardi les alentours du village libanais de Yaroune."
    [strike] = of_type(extract(pipeline, text), "ASSAULT")
    assert strike.location is not None and strike.location.country == "LB"


def test_a_country_after_en_inside_a_phrase_is_where_not_who(pipeline):
    text = "Le Qatar a annoncé jeudi la libération de trente détenus palestiniens en Israël."
    [release] = of_type(extract(pipeline, text), "RETREAT")
    assert release.target is not None and release.target.name == "Palestinian prisoners"
    assert release.location is not None and release.location.country == "IL"


def test_armed_forces_can_be_whom_a_demand_addresses(pipeline):
    text = "Le président congolais a appelé lundi les FARDC à sécuriser les grandes villes du Nord-Kivu."
    [demand] = of_type(extract(pipeline, text), "DEMAND")
    assert demand.target is not None and demand.target.country == "COD"


@pytest.mark.parametrize("text", [
    "Les combattants, soutenus par l'Iran, ont tiré lundi des roquettes contre une base de Jizan.",
    "Les miliciens alignés sur l'Iran ont attaqué lundi une base de Jizan.",
])
def test_who_backs_a_group_is_not_who_acts(pipeline, text):
    assert "Iran" not in actor_names(of_type(extract(pipeline, text), "ASSAULT"))


def test_an_attack_on_a_state_is_placed_in_that_state_not_its_authors(pipeline):
    # no town is named: the place is the state struck (its capital stands for it), not the country
    # of the attacker, which is the only one the story names otherwise
    text = "Les forces russes ont frappé Kiev jeudi avec des missiles de croisière."
    [strike] = of_type(extract(pipeline, text), "ASSAULT")
    assert strike.actor is not None and strike.actor.country == "RUS"
    assert strike.target is not None and strike.target.country == "UKR"
    assert strike.location is not None and strike.location.country == "UA"


def test_a_denied_attack_is_the_deniers_and_the_claim_is_the_incises(pipeline):
    text = ("Le ministère iranien a démenti lundi avoir bombardé Erbil, comme l'avait affirmé le gouvernement "
            "irakien, et a de nouveau rejeté toute responsabilité.")
    events = extract(pipeline, text)
    [strike] = of_type(events, "ASSAULT")
    assert strike.actor is not None and strike.actor.country == "IRN"
    assert strike.denied_by == "Iran" and strike.claimed_by == "Iraq"
    # the second verb, hung by the parser on the incise, keeps the subject of the main clause
    assert {e.actor.country for e in of_type(events, "REJECT") if e.actor} == {"IRN"}


def test_an_act_told_in_a_relative_clause_of_the_speaker_is_the_speakers(pipeline):
    text = ("L'Union africaine, qui a imposé de nouvelles sanctions au Gabon, a exigé mercredi "
            "la libération du président.")
    [sanction] = of_type(extract(pipeline, text), "SANCTION")
    assert sanction.actor is not None and sanction.actor.name == "African Union"


def test_a_country_in_a_de_complement_of_a_group_says_where_it_is_from(pipeline):
    text = "Les shebab de Somalie ont revendiqué lundi l'attaque d'un hôtel et des tirs contre un convoi."
    assert set(actor_names(of_type(extract(pipeline, text), "ASSAULT"))) == {"Al-Shabaab"}


def test_the_police_of_a_territory_the_registry_lacks_is_that_territorys(pipeline):
    # Macao is in no actor table: its police is named as ISO 3166 names it
    text = "La police a dispersé samedi à Macao un rassemblement interdit par les autorités."
    coerce = of_type(extract(pipeline, text), "COERCE")
    assert coerce and all(e.actor is not None and e.actor.country == "MAC" for e in coerce)


def test_the_police_or_the_state_never_protest_for_the_crowd_they_face(pipeline):
    text = ("Les policiers ont chargé dimanche les étudiants qui manifestaient devant le parlement à Dacca. "
            "Les autorités avaient interdit le rassemblement.")
    for protest in of_type(extract(pipeline, text), "PROTEST"):
        assert protest.actor is None or protest.actor.kind not in ("police", "military", "state")


def test_a_statement_made_from_a_town_is_placed_there(pipeline):
    text = "Le secrétaire général de l'ONU a appelé vendredi depuis Genève au respect du cessez-le-feu au Soudan."
    [demand] = of_type(extract(pipeline, text), "DEMAND")
    assert demand.location is not None and demand.location.name == "Geneva"


def test_a_day_told_in_another_clause_is_not_the_events(pipeline):
    # Tuesday is the explosion's (a participle of another noun); the rejection is of the publication day
    text = ("Le ministère iranien a rejeté toute implication dans l'explosion survenue mardi soir près de la "
            "frontière et a appelé Bagdad à la retenue.")
    [reject] = of_type(extract(pipeline, text, "2024-03-14"), "REJECT")
    assert reject.date.value == "2024-03-14"
    # a day in the event's own phrase comes before one told of the verb that governs it
    text = "L'armée a démenti jeudi avoir bombardé la ville au cours de la journée de mardi."
    [strike] = of_type(extract(pipeline, text, "2024-03-14"), "ASSAULT")
    assert strike.date.value == "2024-03-12"


def test_a_coordinated_modifier_of_the_subject_is_still_the_subjects(pipeline):
    # "de l'Union africaine" hangs on "gouvernement", coordinated with "Etat"; the day takes the noun
    text = "Les chefs d'Etat et de gouvernement de l'Union africaine ont adopté lundi de nouvelles sanctions contre le Niger."
    [sanction] = of_type(extract(pipeline, text), "SANCTION")
    assert sanction.actor is not None and sanction.actor.name == "African Union"


def test_protesters_of_a_territory_are_named_by_it(pipeline):
    text = "Des milliers de Hongkongais ont manifesté dimanche à Kowloon contre le projet de loi."
    [protest] = of_type(extract(pipeline, text), "PROTEST")
    assert protest.actor is not None and protest.actor.name == "Hong Kong protesters"


def test_a_place_in_a_clause_telling_another_event_is_that_events(pipeline):
    text = ("Les shebab ont attaqué mardi une base de l'armée somalienne tandis que l'aviation kényane "
            "a bombardé un camp près de Kismayo.")
    places = {(e.actor.name if e.actor else None, e.location.name if e.location else None)
              for e in of_type(extract(pipeline, text), "ASSAULT")}
    assert ("Al-Shabaab", "Kismayo") not in places
    assert ("Kenya", "Kismayo") in places


def test_an_event_told_in_a_phrase_of_another_has_only_its_own_places(pipeline):
    text = ("Les forces françaises ont bombardé mardi un camp jihadiste près de Gao, deux jours après une "
            "attaque de l'EIGS contre une base de l'armée nigérienne.")
    places = {(e.actor.name if e.actor else None, e.location.name if e.location else None)
              for e in of_type(extract(pipeline, text), "ASSAULT")}
    assert ("France", "Gao") in places
    assert ("Islamic State in the Greater Sahara", "Gao") not in places


def test_a_capital_after_an_event_noun_and_de_is_its_author(pipeline):
    text = "Les habitants de Kiev redoutent les frappes après la promesse de Moscou d'une riposte sévère."
    threats = of_type(extract(pipeline, text), "THREATEN")
    assert actor_names(threats) == ["Russia"]


def test_a_joint_operation_has_its_partner_as_a_second_author(pipeline):
    text = "L'armée malienne a mené mardi une opération conjointe avec l'armée nigérienne près de Ménaka."
    assert sorted(actor_names(of_type(extract(pipeline, text), "ASSAULT"))) == ["Mali", "Niger"]


def test_an_attack_claimed_by_a_groups_leader_is_the_groups(pipeline):
    text = "Hassan Nasrallah a revendiqué mardi l'attaque menée contre une patrouille israélienne près de Metoula."
    assert actor_names(of_type(extract(pipeline, text), "ASSAULT")) == ["Hezbollah"]


def test_an_attack_told_without_a_place_struck_where_the_next_sentence_tells_its_aftermath(pipeline):
    text = ("Des combats ont eu lieu près de Kharkiv. Dans la nuit, l'armée russe a tiré une dizaine de missiles "
            "sur le sud du pays. Deux personnes ont été blessées et un entrepôt a été détruit à Mykolaïv, "
            "selon le gouverneur.")
    events = pipeline.process(Document(id="t", text=text, doc_date="2024-03-13"))
    missiles = [e for e in events if e.type == "ASSAULT" and "missiles" in e.evidence_text]
    assert missiles and missiles[0].location is not None and missiles[0].location.name == "Mykolayiv"


def test_the_next_sentence_that_tells_an_attack_of_its_own_keeps_its_place(pipeline):
    text = ("Dans la nuit, l'armée russe a tiré une dizaine de missiles sur le sud du pays. À Mykolaïv, des drones "
            "ont frappé un entrepôt et blessé deux personnes.")
    events = pipeline.process(Document(id="t", text=text, doc_date="2024-03-13"))
    missiles = [e for e in events if e.type == "ASSAULT" and "missiles" in e.evidence_text]
    assert missiles and (missiles[0].location is None or missiles[0].location.name != "Mykolayiv")


def test_what_an_attack_let_the_soldiers_do_is_their_own_act(pipeline):
    text = ("Des hommes armés ont attaqué mardi un poste de l'armée nigérienne près de Tillabéri. Cette attaque a "
            "permis aux soldats nigériens de neutraliser huit assaillants.")
    assaults = of_type(extract(pipeline, text), "ASSAULT")
    assert len(assaults) == 2
    assert assaults[1].actor is not None and assaults[1].actor.country == "NER"


def test_strikes_that_let_no_one_else_act_are_one_act(pipeline):
    text = "Des frappes aériennes de l'armée nigérienne ont permis de neutraliser mardi huit terroristes près de Tillabéri."
    assert len(of_type(extract(pipeline, text), "ASSAULT")) == 1


def test_a_landmark_that_places_the_struck_town_is_not_struck(pipeline):
    text = ("L'aviation a bombardé mardi des positions rebelles dans la ville de Kidal, située au nord de Gao, "
            "selon l'armée malienne.")
    places = {e.location.name for e in of_type(extract(pipeline, text), "ASSAULT") if e.location is not None}
    assert "Kidal" in places and "Gao" not in places


def test_a_town_given_as_the_only_place_by_distance_is_still_where(pipeline):
    text = "Des hommes armés ont attaqué mardi un convoi à une vingtaine de kilomètres de Gao, selon l'armée malienne."
    places = {e.location.name for e in of_type(extract(pipeline, text), "ASSAULT") if e.location is not None}
    assert places == {"Gao"}


@pytest.mark.parametrize("text, etype", [
    # any such act, however the parser hangs "toute" on it
    ("Moscou a prévenu jeudi que toute frappe sur le territoire russe avec des missiles américains entraînerait "
     "une riposte appropriée.", "ASSAULT"),
    # sanctions lifted are none imposed
    ("La levée de la plupart des sanctions américaines a relancé mardi le commerce à Caracas.", "SANCTION"),
    # a detention that goes on is no arrest now
    ("L'opposant reste détenu à la prison de Mornaguia, près de Tunis.", "COERCE"),
    # a drill
    ("Selon le parquet, le groupe s'entraînait au maniement des armes et au combat en forêt près de Linz.", "ASSAULT"),
    # a cyclist who stops
    ("Un jeune homme à vélo s'est arrêté mardi à Lyon pour lui venir en aide, selon la police.", "COERCE"),
    # the exit of a prayer is a place and a time
    ("À Maradi, dans le sud du pays, les forces de sécurité ont interpellé vendredi une vingtaine de fidèles à la "
     "sortie de la prière, selon une ONG locale.", "ASSAULT"),
    # a ceasefire broken is no ceasefire agreed, nor a break of relations
    ("Le Soudan a annoncé mardi la rupture du cessez-le-feu avec les FSR à El-Facher.", "AGREE"),
    ("Le Soudan a annoncé mardi la rupture du cessez-le-feu avec les FSR à El-Facher.", "SANCTION"),
    # help asked for is no help given
    ("Le Premier ministre malien a sollicité jeudi l'aide militaire de la Russie.", "AID"),
    # a call, not a meeting
    ("Le président sénégalais s'est entretenu dans la soirée de lundi au téléphone avec Emmanuel Macron.", "MEET"),
])
def test_more_words_that_tell_no_such_event_here(pipeline, text, etype):
    assert not of_type(extract(pipeline, text), etype)


def test_a_match_told_as_an_assault_is_no_attack(pipeline):
    text = ("Football : Lens renverse Lyon\n\nSamedi soir, les Lensois ont pris d'assaut la défense lyonnaise au "
            "stade Bollaert (2-0). Leur entraîneur a salué un match abouti, et le gardien a sauvé un penalty avant "
            "la mi-temps. Lens remonte à la troisième place du championnat de Ligue 1.")
    assert not of_type(extract(pipeline, text), "ASSAULT")


def test_a_price_war_s_kamikaze_offensive_is_no_attack(pipeline):
    text = ("Grande distribution : la guerre des prix s'intensifie\n\nLes enseignes se livrent une guerre des prix "
            "sans merci, et un analyste parle d'une « offensive kamikaze » sur les marges des concurrents. Les "
            "promotions se multiplient pour séduire les consommateurs, au détriment des fournisseurs.")
    assert not of_type(extract(pipeline, text), "ASSAULT")


@pytest.mark.parametrize("text", [
    "Bakou a démenti mercredi, qualifiant ces accusations de « provocation ».",
    "Le ministère algérien des Affaires étrangères a rejeté mardi ces critiques, dénonçant une « ingérence » dans "
    "les affaires du pays.",
    "Le Kremlin a qualifié vendredi ces allégations de « fables ».",
])
def test_blame_aimed_at_a_claim_rejects_it_and_accuses_no_one(pipeline, text):
    events = extract(pipeline, text)
    assert of_type(events, "REJECT") and not of_type(events, "ACCUSE")


def test_two_meetings_told_on_two_days_in_one_sentence(pipeline):
    events = extract(pipeline, "Le médiateur qatari, qui avait rencontré lundi à Doha le chef du Hamas, a été reçu "
                               "mardi au Caire par le président égyptien Abdel Fattah al-Sissi.")
    assert sorted(e.location.name for e in of_type(events, "MEET")) == ["Cairo", "Doha"]


def test_more_kinds_of_events_found(pipeline):
    cases = [
        ("Le gouvernement soudanais a annoncé jeudi un cessez-le-feu de trois jours à Khartoum.", "AGREE"),
        ("Le propriétaire du restaurant a été arrêté dimanche soir à Liège.", "COERCE"),
        ("Le journaliste Ahmed Salem a été libéré jeudi à Nouakchott.", "RETREAT"),
        ("Gracié jeudi par le président Kaïs Saïed, le blogueur a quitté la prison de Mornaguia.", "RETREAT"),
        ("Rabat a annoncé lundi le rappel de son ambassadeur à Alger.", "SANCTION"),
        ("Le Niger a annoncé jeudi la rupture de ses relations diplomatiques avec l'Ukraine.", "SANCTION"),
        ("Le président sénégalais s'est entretenu dans la soirée de lundi au téléphone avec Emmanuel Macron.",
         "CONSULT"),
        ("Le Premier ministre malien a sollicité jeudi l'aide militaire de la Russie.", "DEMAND"),
    ]
    missed = [(text, etype) for text, etype in cases if not of_type(extract(pipeline, text), etype)]
    assert not missed


def test_rallies_held_too_continue_the_protest_told_before(pipeline):
    events = extract(pipeline, "Des milliers de manifestants ont défilé samedi à Lima contre le gouvernement. La "
                               "police a dispersé le cortège à coups de gaz lacrymogène. Des rassemblements ont aussi "
                               "eu lieu samedi à Cuzco et à Arequipa.")
    assert {"Cusco", "Arequipa"} <= {e.location.name for e in of_type(events, "PROTEST")}


@pytest.mark.parametrize("text, name", [
    ("La CGT a menacé mardi de bloquer les raffineries de Normandie.", "CGT"),
    ("La centrale syndicale UGTT a menacé samedi de déclencher une grève générale à Tunis.", "UGTT"),
])
def test_an_acronym_no_table_lists_is_the_organisation_that_acts(pipeline, text, name):
    [threat] = of_type(extract(pipeline, text), "THREATEN")
    assert threat.actor is not None and threat.actor.name == name


def test_a_state_that_strikes_means_to(pipeline):
    # no word of violence besides the verb, in a text of one sentence: a state's strike is no accident
    events = extract(pipeline, "La Russie a frappé mardi des positions ukrainiennes à Kharkiv, selon Kiev.")
    assert [e.location.name for e in of_type(events, "ASSAULT")] == ["Kharkiv"]


def test_the_head_of_state_told_again_is_the_one_named_before(pipeline):
    events = extract(pipeline, "Le président tchadien a exigé mardi le départ des troupes étrangères. Le chef de "
                               "l'État s'est entretenu le même jour au téléphone avec Emmanuel Macron.")
    [call] = of_type(events, "CONSULT")
    assert call.actor is not None and call.actor.name == "Chad"


def test_medical_supplies_delivered_are_aid(pipeline):
    events = extract(pipeline, "Un avion affrété par le Canada a livré jeudi douze tonnes de matériel médical à "
                               "l'hôpital de Jacmel.")
    assert of_type(events, "AID")


def test_who_claims_to_be_a_group_demands_nothing(pipeline):
    events = extract(pipeline, "Les assaillants, qui se réclament d'un mouvement séparatiste, ont fait exploser "
                               "lundi un engin artisanal au passage d'un convoi près de Kumba.")
    assert not of_type(events, "DEMAND")


def test_the_capital_unnamed_is_the_capital_of_the_story_s_country(pipeline):
    events = extract(pipeline, "Au Pérou, la colère ne retombe pas. Dans la capitale, des centaines d'étudiants ont "
                               "manifesté mardi contre le gouvernement.")
    assert [e.location.name for e in of_type(events, "PROTEST")] == ["Lima"]
