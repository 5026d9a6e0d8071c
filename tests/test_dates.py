"""News-aware dates (HeidelTime's news rules, the gold guide)."""
import pytest
from veille.dates import background_spans, event_date, find_dates, is_background, reference_day


def value(sentence, doc_date, offset=0):
    return event_date(sentence, offset, doc_date).value


def test_weekday_is_the_latest_such_day_the_same_day_included():
    # 2015-10-01 is a Thursday
    assert value("Les avions ont frappé jeudi.", "2015-10-01") == "2015-10-01"
    assert value("Les avions ont frappé mercredi soir.", "2015-10-01") == "2015-09-30"
    assert value("Vendredi, le Pentagone avait écarté la proposition.", "2016-05-24") == "2016-05-20"


def test_weekday_without_a_publication_day_gives_no_day():
    d = event_date("Les avions ont frappé jeudi.", 0, "2021-10")
    assert d.value == "2021-10" and d.precision == "month"
    assert event_date("Les avions ont frappé jeudi.", 0, None).value is None


def test_relative_days_and_nights():
    assert value("Il a affirmé hier soir à la télévision.", "2014-10-15") == "2014-10-14"
    assert value("dans la nuit de samedi à dimanche", "2016-05-09") == "2016-05-07"
    assert value("Des tirs ont eu lieu aujourd'hui.", "2017-10-25") == "2017-10-25"


def test_explicit_dates_take_the_publication_year():
    assert value("L'attaque, survenue le 19 septembre au soir.", "2016-09-22") == "2016-09-19"
    assert value("La dernière remonte au 1er mai.", "2016-05-11") == "2016-05-01"
    assert value("samedi 27 juin", "2020-06-27") == "2020-06-27"
    assert value("le 28 décembre", "2021-01-05") == "2020-12-28"
    assert value("le 3 septembre 2019", "2021-01-05") == "2019-09-03"


def test_nearest_expression_to_the_trigger_wins():
    s = "Lundi, l'armée a annoncé que les frappes de jeudi avaient tué dix combattants."
    assert value(s, "2016-05-24", offset=s.index("frappes")) == "2016-05-19"


def test_background_history_is_recognised():
    assert is_background("Raqa est tombée aux mains du Front Al-Nosra en mars 2013.", "2016-05-24")
    assert is_background("La ville a déjà été bombardée par l'aviation syrienne l'an dernier.", "2016-05-24")
    assert is_background("L'attaque du 3 mars avait fait 20 morts.", "2016-05-24")
    assert not is_background("La ville a été visée par des frappes intenses ce mardi.", "2016-05-24")
    assert not is_background("Les frappes ont repris.", None)


def test_find_dates_spans():
    s = "Des raids mercredi et le 3 septembre."
    found = find_dates(s, "2015-10-01")
    assert [s[d.start:d.end] for d in found] == ["mercredi", "3 septembre"]


def test_a_full_date_of_the_publication_month_anchors_the_weekdays_after_it():
    # published in March 2024, month only; Monday 11 March is told, so the text was written on or
    # after it, and its "mercredi" is the Wednesday after
    text = "Lundi 11 mars, des frappes ont touché la ville. Mercredi, l'armée a riposté."
    ref = reference_day(text, "2024-03")
    assert ref is not None and ref.isoformat() == "2024-03-11"
    assert event_date("Mercredi, l'armée a riposté.", 0, "2024-03", ref).value == "2024-03-13"
    assert event_date("Lundi, l'armée a riposté.", 0, "2024-03", ref).value == "2024-03-11"
    # a full date of another month, or a known publication day, anchors nothing
    assert reference_day("Le 28 février, des frappes ont touché la ville.", "2024-03") is None
    assert reference_day(text, "2024-03-15") is None


def event_days(pipeline, text: str, doc_date: str, etype: str | None = None) -> list[str | None]:
    """The day of each event (of ``etype``, when given) veille extracts from ``text``."""
    from veille.records import Document
    events = pipeline.process(Document(id="t", text=text, doc_date=doc_date))
    return [e.date.value for e in events if etype is None or e.type == etype]


def test_a_sentence_without_a_date_keeps_the_day_its_story_told(pipeline):
    text = ("Des hommes armés ont attaqué mardi le village de Tessit, dans le nord du Mali. "
            "Les assaillants ont ensuite incendié le marché de Tessit.")
    days = event_days(pipeline, text, "2024-03-14", "ASSAULT")
    assert days and set(days) == {"2024-03-12"}


def test_a_night_closed_by_a_full_date_keeps_the_date_written():
    # the publication day is unknown (month only): the written date is what the reader knows
    text = "Des tirs ont visé la ville dans la nuit de mardi à mercredi 12 mars."
    assert event_date(text, 4, "2025-03", reference_day(text, "2025-03")).value == "2025-03-12"
    # with the publication day known and no date written, the night is still its first day
    assert event_date("Des tirs dans la nuit de mardi à mercredi.", 4, "2025-03-13").value == "2025-03-11"


def test_the_date_words_are_data():
    import tomllib
    from importlib import resources
    data = tomllib.loads(resources.files("veille.data").joinpath("dates.toml").read_text(encoding="utf-8"))
    assert len(data["weekdays"]) == 7 and set(data["months"].values()) == set(range(1, 13))
    # every relative expression of the file is found in a sentence and counted from the publication day
    for words, days in data["relative"].items():
        found = find_dates(f"Des tirs ont été entendus {words} près du camp.", "2024-03-14")
        assert [d.value.isoformat() for d in found] == [f"2024-03-{14 + days:02d}"], words


def test_since_a_month_is_history_only_when_that_month_is_two_or_more_back():
    assert background_spans("Les combats ont fait 500 morts depuis janvier.", "2024-10-02").covers(5)
    assert not background_spans("Les combats ont fait 50 morts depuis septembre.", "2024-10-02").covers(5)


def test_the_clause_that_tells_an_event_noun_gives_its_day_before_the_sentence():
    s = "Le gouverneur a déclaré, mardi, que l'attaque a eu lieu lundi soir."
    at = s.index("attaque")
    clause = (s.index("l'attaque"), len(s) - 1)
    assert event_date(s, at, "2019-10-23").value == "2019-10-22"  # nearest: the statement's Tuesday
    assert event_date(s, at, "2019-10-23", clause=clause).value == "2019-10-21"
    own = (s.index("l'attaque"), at + len("attaque"))  # the noun's own phrase names no day: the clause's
    assert event_date(s, at, "2019-10-23", own=own, clause=clause).value == "2019-10-21"


def test_the_story_day_is_the_first_day_of_the_week_before_publication_the_text_tells():
    from veille.dates import story_day
    text = ("Plusieurs militants ont été interpellés, selon les médias. Mais ce vendredi, la police était plus "
            "nombreuse que d'habitude. Le 2 mai, une autre marche avait eu lieu.")
    found = story_day(text, "2019-05-25")
    assert found is not None and found[0].value == "2019-05-24" and "vendredi" in text[found[1]:found[1] + 12]
    # a day over a week old is history, not the story's day; no publication day, no story day
    assert story_day("Le 2 mai, une marche avait eu lieu.", "2019-05-25") is None
    assert story_day(text, "2019-05") is None


def test_events_told_before_the_story_day_take_it(pipeline):
    text = ("Plusieurs dizaines de manifestants ont été interpellés à Alger, selon les médias. "
            "Mais ce vendredi, des milliers de manifestants ont défilé dans le centre d'Alger.")
    days = event_days(pipeline, text, "2019-05-25")
    assert days and set(days) == {"2019-05-24"}


@pytest.mark.parametrize("text", [
    "Les rebelles du Mouvement du 23 mars ont repris leurs positions.",
    "Les manifestants se sont rassemblés sur la Place du 30 juin à Bamako.",
    "Les rebelles du M23 («Mouvement du 23 mars») ont attaqué.",
])
def test_a_date_inside_a_name_is_no_day(text):
    assert find_dates(text, "2024-05-30") == []


def test_a_date_that_opens_a_headline_is_still_a_day():
    assert [d.text for d in find_dates("Attaque du 23 mars : trois morts à Goma.", "2024-05-30")] == ["23 mars"]


@pytest.mark.parametrize("text, day", [
    ("Les ravisseurs ont relâché samedi 12 passagers du bus.", "2024-03-09"),  # a count, not the 12th
    ("Les ravisseurs ont relâché samedi 9 mars douze passagers.", "2024-03-09"),
])
def test_a_weekday_before_a_count_is_the_weekday(text, day):
    assert event_date(text, text.index("relâché"), "2024-03-14").value == day


@pytest.mark.parametrize("text, day", [
    ("Le convoi a été attaqué il y a trois jours près de Gao.", "2024-03-11"),
    ("Le convoi a été attaqué il y a 5 jours près de Gao.", "2024-03-09"),
])
def test_days_ago_count_back_from_publication(text, day):
    assert event_date(text, text.index("attaqué"), "2024-03-14").value == day


def test_a_span_of_the_last_years_is_history():
    text = "Au cours des deux dernières années, le groupe a pris le contrôle de plusieurs villes."
    assert is_background(text, "2024-03-14")
