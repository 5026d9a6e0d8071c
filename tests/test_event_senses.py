"""Words that are events in war news and something else in other news: accidents, disasters and
epidemics, other senses of a trigger, reflexive forms, folded accents. Sentences are the project's
own (publication day: Thursday 14 March 2024)."""
from __future__ import annotations

import pytest

from veille.events import default_lexicon
from veille.records import Document

PUBLISHED = "2024-03-14"
VIOLENT = {"ASSAULT", "PROTEST", "COERCE"}


def types_of(pipeline, text: str) -> set[str]:
    events = pipeline.process(Document(id="t", text=text, doc_date=PUBLISHED))
    return {e.type for e in events}


@pytest.mark.parametrize("text", [
    # accidents: an explosion, a fire, a death told with no attacker and no weapon
    "Une fuite de gaz a provoqué mercredi une violente explosion dans un immeuble de Lyon. "
    "Les pompiers ont évacué les habitants, et deux personnes ont été blessées.",
    "Un incendie s'est déclaré dans la nuit dans un entrepôt de Rouen. L'incendie a fait trois morts "
    "selon les pompiers, qui soupçonnent un court-circuit.",
    "L'accident de la route a tué deux personnes mardi près de Nantes.",
    # disasters: a storm that strikes, rain that falls, an earthquake that destroys
    "Un violent orage s'est abattu mardi sur la ville de Toulouse, provoquant des inondations.",
    "Un séisme de magnitude 6 a frappé mercredi le sud du pays, détruisant des dizaines de maisons.",
    # an epidemic: schools closed are a health measure
    "En raison de l'épidémie de grippe, les écoles de la région ont été fermées pendant une semaine.",
    # a laboratory accident
    "Dans le laboratoire, une fiole qui contenait un produit chimique s'est brisée et a explosé.",
])
def test_accidents_disasters_and_epidemics_are_no_violence(pipeline, text):
    assert types_of(pipeline, text) & VIOLENT == set()


@pytest.mark.parametrize("text, etype", [
    ("Une bombe a explosé mercredi sur le marché de Maiduguri, faisant dix morts.", "ASSAULT"),
    ("Des hommes armés ont incendié mardi plusieurs maisons du village de Tessit.", "ASSAULT"),
    ("Un incendie criminel a détruit la mairie de Kidal dans la nuit.", "ASSAULT"),
    ("Des jihadistes ont tué mercredi trois villageois près de Djibo.", "ASSAULT"),
])
def test_the_same_words_with_an_attacker_or_a_weapon_stay_attacks(pipeline, text, etype):
    assert etype in types_of(pipeline, text)


def test_an_attack_told_without_weapon_in_a_war_story_stays_an_attack(pipeline):
    text = ("Des jihadistes ont attaqué lundi un poste de l'armée à Tessit. "
            "Une explosion a ensuite tué deux soldats dans le camp de Gao.")
    events = pipeline.process(Document(id="t", text=text, doc_date=PUBLISHED))
    assert any(e.type == "ASSAULT" and e.location is not None and e.location.name == "Gao" for e in events)


@pytest.mark.parametrize("text", [
    "Le Pentagone a tiré des stocks américains l'équipement promis à Kiev.",
    "Au moins quarante explosions ont retenti dans la nuit au-dessus de la ville.",
    "La nouvelle aide comprend des systèmes de lance-roquettes et des obus d'artillerie.",
    "L'opérateur a lancé une offensive commerciale contre ses concurrents.",
    "Le ministre a été victime d'une attaque cardiaque mercredi à Paris.",
])
def test_other_senses_of_attack_words_are_no_attack(pipeline, text):
    assert "ASSAULT" not in types_of(pipeline, text)


def test_a_disease_that_shows_itself_is_no_protest(pipeline):
    assert "PROTEST" not in types_of(pipeline, "La maladie s'est manifestée par une fièvre soudaine chez les patients.")


@pytest.mark.parametrize("text", [
    "Des centaines d'habitants sont descendus dans les rues de Dakar pour dénoncer la vie chère.",
    "Des milliers de personnes ont participé samedi à une marche contre le racisme à Lyon.",
    "Des étudiants se sont rassemblés mardi devant le ministère pour exiger la démission du recteur.",
])
def test_protests_told_with_crowds_marches_and_streets(pipeline, text):
    assert "PROTEST" in types_of(pipeline, text)


def test_a_market_is_no_march(pipeline):
    assert "PROTEST" not in types_of(pipeline, "Les prix ont encore augmenté sur le marché de Rungis, selon les grossistes.")


@pytest.mark.parametrize("text, etype", [
    ("Un passant a été agressé au couteau mardi par des voyous à Marseille.", "ASSAULT"),
    ("Le procureur a placé le suspect en garde à vue mercredi à Lille.", "COERCE"),
])
def test_everyday_violence_and_arrests(pipeline, text, etype):
    assert etype in types_of(pipeline, text)


def test_lexicon_sense_tables_are_read():
    lex = default_lexicon()
    assert lex.other_sense("ASSAULT", "tirer", {"stock"})
    assert not lex.other_sense("ASSAULT", "tirer", {"roquette"})
    assert ("ASSAULT", "explosion") in lex.hazard_prone
    assert ("PROTEST", "manifester") in lex.not_reflexive
    assert lex.names_hazard({"seisme"}, "") and lex.names_hostility(set(), "un engin explosif")


def test_a_sense_table_key_that_is_no_word_of_its_type_is_refused():
    # a setting written under a word's table (here a type's phrases after its own_context table) would be
    # read as a word's context and the phrases lost: the loader says which key and which type
    import tomllib
    from importlib.resources import files

    from veille.errors import DataFileError
    from veille.events.lexicon import Lexicon

    data = tomllib.loads((files("veille.events") / "data" / "triggers.toml").read_text(encoding="utf-8"))
    data["types"]["MOBILIZE"]["own_context"]["phrases"] = ["rassembler des troupes"]
    with pytest.raises(DataFileError, match=r"MOBILIZE\.own_context.*phrases"):
        Lexicon.from_toml(data)


@pytest.mark.parametrize("text", [
    # a match told with the words of war: an attack, a strike, an offensive, a shot
    "Championnat : Rennes bat Nantes (2-1). Dès la 5e minute, l'attaque rennaise a pris le dessus, et une "
    "frappe croisée a trompé le gardien. Juste avant la mi-temps, une nouvelle offensive nantaise a permis "
    "d'égaliser sur penalty. L'entraîneur a salué le match de ses joueurs.",
    # a hunt: a shot fired by mistake
    "Un chasseur de 58 ans a été mortellement blessé dimanche par un tir accidentel lors d'une battue au "
    "sanglier près de Périgueux, a indiqué la gendarmerie.",
    # a road accident: "la violence du choc"
    "Deux jeunes ont été tués samedi soir lorsque leur voiture a percuté un arbre près de Dax. La violence "
    "du choc a été telle que les secours n'ont rien pu faire.",
    # a likeness in a witness's words, and windows that burst
    "Une fuite de gaz a soufflé un immeuble mardi à Lille. « On aurait dit un bombardement, toutes les "
    "vitres ont explosé », raconte un voisin.",
])
def test_a_match_a_hunt_a_crash_and_a_likeness_are_no_attack(pipeline, text):
    assert "ASSAULT" not in types_of(pipeline, text)


@pytest.mark.parametrize("text", [
    # violence at a match that sport does not have: supporters who attack policemen with bars
    "Le match de championnat s'est achevé sur une victoire de Nice. Après la rencontre, des supporters armés "
    "de barres de fer ont attaqué des policiers devant le stade, blessant trois agents, selon la préfecture. "
    "L'entraîneur a condamné ces violences.",
    # what is judged an attack stays one
    "L'explosion, considérée comme un attentat par les enquêteurs, a fait trois morts mardi à Kaboul.",
])
def test_violence_beside_a_match_or_judged_as_an_attack_stays_one(pipeline, text):
    assert "ASSAULT" in types_of(pipeline, text)


@pytest.mark.parametrize("text", [
    # a price war told with the words of war
    "Guerre des prix : le distributeur lance l'offensive. L'enseigne a annoncé mardi une baisse de 10 % sur 500 "
    "produits, une attaque frontale contre ses concurrents. « Nous allons bombarder le marché de promotions », a "
    "déclaré son PDG. L'action a explosé de 8 % à la Bourse de Paris.",
    # a war film: the war it shows is no news
    "Cinéma : la Grande Guerre vue des tranchées. Dans son nouveau film, le réalisateur plonge le spectateur dans "
    "l'offensive de 1916. Les soldats attaquent les positions ennemies sous un déluge d'obus, et le héros est tué "
    "lors d'un assaut. Le film sort mercredi en salles.",
])
def test_a_price_war_and_a_war_film_are_no_attack(pipeline, text):
    assert "ASSAULT" not in types_of(pipeline, text)


def test_an_attack_on_a_cinema_told_with_its_day_stays_one(pipeline):
    text = ("Le film, qui sortait mercredi en salles, devait être présenté par son réalisateur et ses acteurs. "
            "Mardi soir, des hommes armés ont ouvert le feu sur le cinéma de Kandahar, tuant trois spectateurs.")
    assert "ASSAULT" in types_of(pipeline, text)


def test_a_triggers_file_toml_cannot_read_is_said_as_the_data_file_s_fault():
    # an analyst's key with an accent left bare ("débloquer = [...]") is no TOML key
    from veille.errors import DataFileError
    from veille.events.lexicon import read_lexicon

    with pytest.raises(DataFileError, match=r"^triggers\.toml: "):
        read_lexicon('version = 3\n[types.AID.own_context]\ndébloquer = ["million"]\n')
