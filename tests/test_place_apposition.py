"""A division written after a place with a bare comma ("Springfield, Illinois") holds it; the same
name alone later in the document is the same town; "Washington" alone names no division
(places/resolve.py, places/context.py). Sentences written for these tests."""
from veille.places.resolve import default_resolver


def resolved(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(pm.text, pm.place.name if pm.place else None, pm.place.admin1 if pm.place else None)
            for pm in default_resolver().resolve_text(text)]


def test_a_division_after_a_bare_comma_holds_the_place():
    # the document names Missouri too, whose Springfield is the larger: the comma says which one
    [(_, name, admin1), *_] = resolved("Le sénateur a tenu un meeting à Springfield, Illinois, avant de partir "
                                       "pour le Missouri.")
    assert (name, admin1) == ("Springfield", "Illinois")


def test_the_same_name_alone_later_is_the_same_town():
    places = resolved("Une fusillade a eu lieu à Springfield, Illinois, mardi, puis une autre au Missouri. Les "
                      "habitants de Springfield se sont rassemblés le soir même.")
    assert [admin1 for text, _, admin1 in places if text == "Springfield"] == ["Illinois", "Illinois"]


def test_a_list_of_towns_holds_none_in_the_next_ones_division():
    # "Koursk, Belgorod": a list; Kursk is the city whatever namesake the Belgorod oblast has
    places = dict((text, (name, admin1)) for text, name, admin1 in resolved(
        "Des drones ont visé Koursk, Belgorod et Voronej dans la nuit."))
    assert places["Koursk"][0] == "Kursk"
    assert places["Belgorod"][0] == "Belgorod"


def test_a_city_standing_far_above_a_namesake_in_the_next_division_is_not_held_there():
    # Isfahan province has a village named Tehran: in a list, Tehran is still the capital
    places = dict((text, (name, admin1)) for text, name, admin1 in resolved(
        "Protests were reported in Tehran, Isfahan and Shiraz on Friday."))
    assert places["Tehran"] == ("Tehran", "Tehran")


def test_washington_alone_names_no_division():
    resolver = default_resolver()
    text = "Washington a annoncé de nouvelles sanctions, a indiqué la Maison Blanche."
    ctx = resolver.document_context(resolver.find_toponyms(text))
    assert ctx.divisions == frozenset()
    text = "Des incendies ravagent l'Etat de Washington, dans le nord-ouest des Etats-Unis."
    ctx = resolver.document_context(resolver.find_toponyms(text))
    assert len(ctx.divisions) == 1
