"""Sentences naming towns of several countries at once (tests/data/places_fr_multi.tsv).

A sentence about Ukraine that also names Lyon and Geneva must not read them as Ukrainian
variant spellings or as the canton: context may raise a candidate, never outweigh a major
place's own standing on its exact name. The resolver sees each sentence with all of its
mentions as toponyms, as the parser gives them.
"""
import csv
from collections import defaultdict
from pathlib import Path

import pytest

from veille.places.resolve import default_resolver

TABLE = Path(__file__).parent / "data" / "places_fr_multi.tsv"
# Issue 13 asks 0.95; the resolver gives 0.994 (one miss, "Sion"): a second miss is a regression.
MIN_ACCURACY = 0.99


def rows():
    with TABLE.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def resolve_sentence(context: str, mentions: list[str]):
    resolver = default_resolver()
    starts = {}
    pos = 0
    for m in mentions:  # mentions in order of the sentence
        i = context.index(m, pos)
        starts[m] = i
        pos = i + len(m)
    toponyms = [t for t in resolver.find_toponyms(context)
                if not any(t.start < s + len(m) and s < t.end for m, s in starts.items())]
    toponyms += [resolver._with_cues(context, s, s + len(m)) for m, s in starts.items()]
    toponyms.sort(key=lambda t: t.start)
    resolved = resolver.resolve_all(context, toponyms)
    return {m: next(pm for pm in resolved if pm.start == s) for m, s in starts.items()}


def test_multi_country_table(capsys):
    table = rows()
    assert len(table) >= 60
    by_context = defaultdict(list)
    for row in table:
        by_context[row["context"]].append(row)
    wrong = []
    for context, group in by_context.items():
        found = resolve_sentence(context, [r["mention"] for r in group])
        for row in group:
            pm = found[row["mention"]]
            if pm.place is None or pm.place.geonameid != int(row["geonameid"]):
                wrong.append(f"{row['mention']!r} -> {pm.place.name if pm.place else None} "
                             f"({pm.place.country if pm.place else '-'}), want {row['geonameid']} {row['country']}: {pm.why}")
    accuracy = 1 - len(wrong) / len(table)
    with capsys.disabled():
        print(f"\nmulti-country table: {accuracy:.3f} of {len(table)} mentions resolved right")
        for w in wrong:
            print("  ", w)
    assert accuracy >= MIN_ACCURACY, "\n".join(wrong)


def resolve_in(context: str, mention: str):
    return resolve_sentence(context, [mention])[mention]


def found_and_resolved(context: str, mention: str):
    """The mention as the toponym finder finds it in the sentence, resolved with the others found."""
    resolver = default_resolver()
    toponyms = resolver.find_toponyms(context)
    assert mention in {t.text for t in toponyms}, [t.text for t in toponyms]
    return {pm.text: pm for pm in resolver.resolve_all(context, toponyms)}[mention]


@pytest.mark.parametrize("context,mention", [
    ("Un habitant du village de Daka, dans le centre du Burkina Faso, a été tué mardi.", "Daka"),
    ("Des hommes armés ont attaqué à Daka, dans le centre du Burkina Faso, selon des sources locales.", "Daka"),
    ("Les habitants de la localité de Lagos, dans le nord du Portugal, ont été évacués.", "Lagos"),
])
def test_a_village_is_no_namesake_on_another_continent(context, mention):
    pm = resolve_in(context, mention)
    # the village is not in the gazetteer: nothing, or a place in the country the text names
    assert pm.place is None or pm.place.country in ("BF", "PT"), pm.why


@pytest.mark.parametrize("context,mention,country", [
    ("Les affrontements ont repris à Tripoli, au Liban, dans la nuit de lundi.", "Tripoli", "LB"),
    ("Les affrontements ont repris à Tripoli, en Libye, dans la nuit de lundi.", "Tripoli", "LY"),
    ("Des pêcheurs de Saint-Louis, au Sénégal, manifestent contre les licences.", "Saint-Louis", "SN"),
    ("Une explosion a eu lieu à Valence, en Espagne, selon les pompiers.", "Valence", "ES"),
])
def test_a_country_named_right_after_the_place_decides(context, mention, country):
    pm = resolve_in(context, mention)
    assert pm.place is not None and pm.place.country == country, pm.why


@pytest.mark.parametrize("context,mention,country", [
    ("Un élu local a été enlevé à Daka, province du Sourou, mardi soir.", "Daka", "BF"),
    ("Des hommes armés ont attaqué le marché de Kaya, province du Sanmatenga, dimanche.", "Kaya", "BF"),
])
def test_a_division_named_right_after_the_place_holds_it(context, mention, country):
    pm = found_and_resolved(context, mention)
    # the village may be missing from the gazetteer: then the division stands in, never Dhaka
    assert pm.place is not None and pm.place.country == country, pm.why


@pytest.mark.parametrize("context,mention,country,kind", [
    ("Des affrontements ont éclaté dans le Kordofan du Nord, selon des témoins.", "Kordofan du Nord", "SD", "admin1"),
    ("Les déplacés du Kivu du Sud affluent vers Bukavu.", "Kivu du Sud", "CD", "admin1"),
])
def test_a_french_compass_qualifier_after_the_name(context, mention, country, kind):
    pm = resolve_in(context, mention)
    assert pm.place is not None and pm.place.country == country and pm.place.precision == kind, pm.why


def test_a_name_of_three_letters_has_no_variant_spellings():
    pm = resolve_in("Des pêcheurs ont été tués sur les rives du Nil, au Soudan.", "Nil")
    assert pm.place is None or "variant" not in pm.why, pm.why


def test_a_country_is_in_no_division_named_around_it():
    pm = resolve_in("Des combattants venus du Niger ont attaqué Maiduguri, dans l'Etat de Borno, au Nigeria.", "Niger")
    assert pm.place is not None and pm.place.country == "NE" and pm.place.precision == "country", pm.why


def test_a_neighbouring_country_named_as_a_border_is_no_location():
    context = "Les combats ont eu lieu dans la province de la Tapoa, frontalière du Niger et du Bénin."
    names = [t.text for t in default_resolver().find_toponyms(context)]
    assert "Niger" not in names and "Bénin" not in names, names


def test_a_state_that_bears_a_far_country_name_in_a_story_about_its_country():
    from veille.places.geocode import geocode_document

    text = "Tornadoes hit Georgia and Alabama, officials in Atlanta and Washington said; the United States sent aid."
    names = ["Georgia", "Alabama", "Atlanta", "United States"]
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in names]
    rows = geocode_document({"id": "g", "text": text, "toponyms": spans}, default_resolver())
    assert rows[0]["country"] == "US" and rows[0]["precision"] == "admin1", rows[0]["why"]


def test_a_village_vote_stands_when_another_name_may_lie_in_its_country():
    # Kidal also names a hamlet of Indonesia, so only Aguelhok votes for Mali; Kidal may lie there
    pm = resolve_in("Des pourparlers se tiennent à Doha, pendant que l'armée affronte des rebelles près de Kidal "
                    "et d'Aguelhok.", "Aguelhok")
    assert pm.place is not None and pm.place.country == "ML"


def test_a_town_near_a_named_place_inside_the_division_of_its_name_stays_the_town():
    pm = resolve_in("Les délégués ont quitté Lausanne pour Fribourg mardi soir.", "Fribourg")
    assert pm.place is not None and (pm.place.country, pm.place.precision) == ("CH", "point")


@pytest.mark.parametrize("context,mention,country", [
    ("Un homme a été interpellé mardi à Leipzig, en Saxe, après une agression au couteau.", "Saxe", "DE"),
    ("Des orages ont coupé plusieurs routes de Bavière et de Styrie dimanche.", "Bavière", "DE"),
    ("Des orages ont coupé plusieurs routes de Bavière et de Styrie dimanche.", "Styrie", "AT"),
    ("Les incendies progressent en Nouvelle-Galles du Sud, selon les pompiers.", "Nouvelle-Galles du Sud", "AU"),
    ("Des policiers ont été blessés samedi en Tchétchénie, selon les autorités.", "Tchétchénie", "RU"),
])
def test_a_division_s_french_name_is_that_division(context, mention, country):
    # places/data/exonyms.tsv: the French press names of first-level divisions
    pm = found_and_resolved(context, mention)
    assert pm.place is not None and (pm.place.country, pm.place.precision) == (country, "admin1"), pm.why


def test_the_capital_unnamed_is_no_name_for_the_toponym_table():
    # `veille places` lists names; "la capitale" is placed for events only
    resolver = default_resolver()
    text = "Au Pérou, des étudiants ont manifesté dans la capitale."
    assert "la capitale" in [t.text for t in resolver.find_toponyms(text)]
    assert "la capitale" not in [t.text for t in resolver.find_toponyms(text, for_events=False)]


def test_the_capital_unnamed_is_that_of_the_country_named_last_before_it():
    resolver = default_resolver()
    text = ("Iran. Des manifestants ont défilé à Ispahan et à Chiraz. Irak. Des attaques ont visé Mossoul. Dans la "
            "capitale, des habitants ont manifesté.")
    toponyms = resolver.find_toponyms(text)
    [capital] = [pm for pm in resolver.resolve_all(text, toponyms) if pm.text == "la capitale"]
    assert capital.place is not None and capital.place.name == "Baghdad", capital.why
