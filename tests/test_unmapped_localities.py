"""Localities the gazetteer lacks ("le village de X"): placed by the town the text locates them by,
else in the one division the document names (places/resolve.py); and the spans that name them
and their division are found (places/toponyms.py). The village names here are made up."""
from spacy.tokens import Doc
from spacy.vocab import Vocab

from veille.places.resolve import default_resolver


def resolved(text: str) -> dict[str, tuple[str | None, str | None, bool]]:
    resolver = default_resolver()
    return {pm.text: (pm.place.name if pm.place else None, pm.place.precision if pm.place else None, pm.fallback)
            for pm in resolver.resolve_text(text)}


def test_a_capitalised_division_noun_opens_the_division_it_names():
    found = default_resolver().find_toponyms("Il faut rappeler que l'Etat de Kaduna est l'un des plus touchés.")
    assert [(t.text, t.cue) for t in found] == [("Kaduna", "division")]


def test_a_name_after_le_village_de_is_kept_however_the_tagger_reads_it():
    words = ["Des", "hommes", "ont", "pillé", "le", "village", "de", "Tounkabiri", "."]
    spaces = [True] * 7 + [False, False]
    tagged = Doc(Vocab(), words=words, spaces=spaces,
                 pos=["DET", "NOUN", "AUX", "VERB", "DET", "NOUN", "ADP", "NOUN", "PUNCT"])
    text = tagged.text
    assert [t.text for t in default_resolver().find_toponyms(text, tagged)] == ["Tounkabiri"]
    # a capitalised common noun after a weaker cue is still no place
    words = ["Le", "rapport", "de", "Observatoire", "est", "paru", "."]
    tagged = Doc(Vocab(), words=words, spaces=[True] * 5 + [False, False],
                 pos=["DET", "NOUN", "ADP", "NOUN", "AUX", "VERB", "PUNCT"])
    assert default_resolver().find_toponyms(tagged.text, tagged) == []


def test_a_locality_is_placed_in_the_only_division_the_document_names():
    places = resolved("Des assaillants ont incendié le village de Tounkabiri dans la nuit.\n\n"
                      "Les autorités ont envoyé des renforts. L'Etat de Zamfara, au Nigeria, est le plus touché.")
    assert places["Tounkabiri"] == ("Zamfara", "admin1", True)


def test_no_division_for_a_locality_when_the_document_names_two():
    places = resolved("Des assaillants ont incendié le village de Tounkabiri dans la nuit. Les Etats de Zamfara "
                      "et l'Etat de Katsina, au Nigeria, sont les plus touchés; l'Etat de Sokoto aussi.")
    assert places["Tounkabiri"][0] is None


def test_no_division_for_a_locality_its_sentence_places_by_a_town():
    # the town of the sentence says more than a division named elsewhere
    places = resolved("Des hommes ont attaqué la localité de Tounkabiri, à l'est de la ville de Gusau, au Nigeria. "
                      "L'Etat de Zamfara est le plus touché.")
    assert places["Tounkabiri"][1] != "admin1"


def test_a_locality_apposed_to_a_town_is_placed_at_the_town():
    places = resolved("Le village de Tounkabiri, situé à une quinzaine de km de (la ville de) Gao, au Mali, "
                      "a été attaqué mardi.")
    assert places["Tounkabiri"] == ("Gao", "point", True)


def test_a_locality_a_later_sentence_places_by_a_town():
    places = resolved("L'attaque contre le village de Tounkabiri, dans l'Etat de Zamfara, a fait dix morts. "
                      "Les assaillants sont entrés dans le village, près de la ville de Gusau, au Nigeria.")
    assert places["Tounkabiri"] == ("Gusau", "point", True)


def test_a_town_of_another_sentence_that_does_not_name_the_village_again_does_not_place_it():
    places = resolved("Le village de Tounkabiri, au Mali, a été attaqué. Plus tard, près de Gao, deux soldats "
                      "ont été tués.")
    assert places["Tounkabiri"][0] is None
    # nor does a town a later sentence places another locality by
    places = resolved("Le village de Tounkabiri, au Mali, a été attaqué. La localité de Dioura-Koumbé, "
                      "près de Gao, a aussi été visée.")
    assert places["Tounkabiri"][0] is None
