"""Toponyms found without spaCy's entity recogniser (veille's parse runs none: selective_parse.py):
a name after a locative cue, or a well-known place's name anywhere (places/toponyms.py)."""
import pytest

from veille.places.resolve import default_resolver


def found(text: str) -> list[str]:
    return [t.text for t in default_resolver().find_toponyms(text)]


@pytest.mark.parametrize("text, names", [
    # a country, a first-level division or a large city needs no preposition before it
    ("L'armée irakienne, appuyée par les Etats-Unis, veut reprendre Mossoul avant l'hiver.", ["Etats-Unis", "Mossoul"]),
    ("Le ministre a rencontré son homologue du Sénégal, puis Dakar a publié un communiqué.", ["Sénégal"]),
    ("Les drones ont visé Belgorod et la Crimée dans la nuit.", ["Belgorod", "Crimée"]),
    # ... a function word that opens the sentence is not read with it
    ("Selon Washington, les négociations reprendront bientôt.", ["Washington"]),
    ("Chassés de Mogadiscio en 2011, les insurgés ont reculé.", ["Mogadiscio"]),
    # ... nor the object of a verb of attack or capture, a day between them or not
    ("Les rebelles ont repris dimanche Kabala, puis pilonné Ouelessebougou.", ["Kabala", "Ouelessebougou"]),
    # a village is a place only after a cue
    ("Soumpi a été attaqué par des hommes armés venus de Ménaka.", ["Ménaka"]),
    ("Le convoi se trouvait à dix kilomètres de (la ville de) Gourma-Rharous.", ["Gourma-Rharous"]),
])
def test_places_named_without_an_entity_recogniser(text, names):
    assert [n for n in found(text) if n in names] == names
    assert "Soumpi" not in found(text)


@pytest.mark.parametrize("text", [
    "Par ailleurs, les discussions se poursuivent.",  # "Par" is also a name of Paris in GeoNames
    "Des responsables ont confirmé l'information.",
    "Le Nord du pays reste calme.",  # a compass word, not the French department
    "Mais les familles attendent toujours.",
    "La chanteuse Whitney Houston a été citée dans le documentaire.",  # a name's second word
])
def test_a_word_that_opens_a_sentence_is_no_place(text):
    assert found(text) == []


@pytest.mark.parametrize("text, country", [
    ("Des heurts ont éclaté mardi dans la capitale malienne après la prière.", "ML"),
    ("Un attentat a visé un ministère de la capitale afghane.", "AF"),
])
def test_the_capital_a_nationality_names(text, country):
    resolver = default_resolver()
    [pm] = [pm for pm in resolver.resolve_all(text, resolver.find_toponyms(text)) if "capitale" in pm.text]
    assert pm.place is not None and pm.place.country == country and pm.place.precision == "point"
    assert pm.place.name in ("Bamako", "Kabul")


def found_with_actors(text: str) -> list[str]:
    from veille.actors import default_registry
    return [t.text for t in default_resolver().find_toponyms(text, actor_mentions=default_registry().find(text))]


def test_a_capital_a_strike_hit_is_a_place_not_its_state():
    assert "Sanaa" in found_with_actors("Les frappes de la coalition sur Sanaa ont fait vingt morts.")
    assert "Kiev" in found_with_actors("Une pluie de missiles s'est abattue dans la nuit sur Kiev.")


def test_a_capital_after_sur_that_no_strike_opens_is_its_state():
    assert "Moscou" not in found_with_actors("Washington a accentué la pression sur Moscou, qui a démenti.")


def _strike_stems() -> list[str]:
    from veille.places.tables import _data_lines
    return _data_lines("strike_nouns.txt")


@pytest.mark.parametrize("stem", _strike_stems())
def test_each_strike_word_opens_the_place_it_hit(stem):
    from veille.places.tables import strike_on_before
    from veille.textnorm import fold
    assert stem == fold(stem).lower() and " " not in stem  # folded stems, one word
    assert strike_on_before().search(f"de nouvelles {stem}s de l'armee sur ")


def test_a_name_with_lowercase_words_before_its_capital_is_read_whole():
    # exonyms.tsv's "bande de Gaza": the Strip, whose towns then belong to it ("Rafah" is not Egypt's)
    text = "Des obus sont tombés mardi sur le nord de la bande de Gaza, près de Beit Lahia et de Rafah."
    assert "bande de Gaza" in found(text)
    rafah = [pm for pm in default_resolver().resolve_text(text) if pm.text == "Rafah"]
    assert rafah and rafah[0].place is not None and rafah[0].place.country == "PS"
