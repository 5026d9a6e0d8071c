"""The last stage of events/ on its own: ``events/merge.py`` on events made by hand.

Which reports of a document are one event, and the passes that need all of a document's events:
the armed group a story is about, denials, and how a trigger refers to events told before.
"""
from __future__ import annotations

import pytest

from veille.events.merge import (assign_main_perpetrator, mark_denials, merge_reports, refers_back, tells_another,
                                 tells_several)
from veille.records import Actor, ActorMention, DateValue, Event, Place

GAO = Place("Gao", "ML", "07", 16.27, -0.04, "point", geonameid=1)
NEAR_GAO = Place("Wabaria", "ML", "07", 16.30, -0.02, "point", geonameid=2)  # about 4 km away
TIMBUKTU = Place("Tombouctou", "ML", "08", 16.77, -3.00, "point", geonameid=3)
MALI = Place("Mali", "ML", None, 17.0, -4.0, "country", geonameid=4)
JNIM = Actor("Jama'at Nusrat al-Islam wal-Muslimin", "armed_group", aliases=("JNIM",))
ISGS = Actor("Islamic State in the Greater Sahara", "armed_group", aliases=("EIGS",))
ARMED_MEN = Actor("Armed men", "unknown")
MALI_ARMY = Actor("Mali", "military", "MLI")
GENERIC = frozenset({"Armed men"})
TUESDAY = DateValue("2024-03-12", "day", "mardi")
WEDNESDAY = DateValue("2024-03-13", "day", "mercredi")


def report(start: int, **kw) -> Event:
    fields = dict(doc_id="d", type="ASSAULT", evidence_start=start, evidence_end=start + 10,
                  evidence_text=f"report {start}", mode="firearms", trigger="attaque")
    fields.update(kw)
    return Event(**fields)


def test_two_reports_of_one_day_and_place_are_one_event_with_the_lowest_toll():
    first = report(0, actor=JNIM, location=GAO, date=TUESDAY, killed=12)
    second = report(100, actor=None, location=NEAR_GAO, date=TUESDAY, killed=9, injured=4)
    [merged] = merge_reports([first, second], GENERIC)
    assert merged is first
    assert (merged.actor, merged.killed, merged.injured, merged.location) == (JNIM, 9, 4, GAO)
    assert merged.confidence == pytest.approx(0.6)


@pytest.mark.parametrize("second", [
    report(100, location=GAO, date=WEDNESDAY),  # another day told
    report(100, location=TIMBUKTU, date=TUESDAY),  # another town
    report(100, location=GAO, date=TUESDAY, distinct=True),  # "une autre attaque"
    report(100, location=GAO, date=TUESDAY, mode="aerial"),  # another mode
    report(100, location=GAO, date=TUESDAY, actor=MALI_ARMY),  # an army is no unnamed gunman
])
def test_reports_that_differ_stay_apart(second):
    first = report(0, actor=ARMED_MEN, location=GAO, date=TUESDAY)
    assert merge_reports([first, second], GENERIC) == [first, second]


def test_a_named_group_replaces_unnamed_gunmen():
    first = report(0, actor=ARMED_MEN, location=GAO, date=TUESDAY)
    [merged] = merge_reports([first, report(100, actor=JNIM, location=GAO, date=TUESDAY)], GENERIC)
    assert merged.actor == JNIM


def test_a_repeat_joins_the_last_report_of_its_type_and_lends_its_place_when_more_precise():
    first = report(0, location=GAO, date=TUESDAY)
    second = report(100, location=TIMBUKTU, date=TUESDAY)
    repeat = report(200, location=MALI, date=DateValue("2024-03-14", "day", None), repeat=True, killed=3)
    assert merge_reports([first, second, repeat]) == [first, second]
    assert (second.killed, second.location, first.killed) == (3, TIMBUKTU, None)


def test_a_country_report_joins_a_report_placed_in_that_country_unless_it_tells_several():
    vague = report(0, location=MALI, date=TUESDAY)
    precise = report(100, location=GAO, date=TUESDAY)
    [merged] = merge_reports([vague, precise])
    assert merged is vague and merged.location == GAO
    several = report(0, location=MALI, date=TUESDAY)  # "plusieurs attaques au Mali"
    in_gao = report(100, location=GAO, date=TUESDAY)
    assert merge_reports([several, in_gao], several=frozenset({id(several)})) == [several, in_gao]


def test_meetings_with_other_triggers_merge_but_other_statements_do_not():
    call = report(0, type="CONSULT", mode=None, trigger="entretenir", actor=MALI_ARMY, date=TUESDAY)
    phone = report(100, type="CONSULT", mode=None, trigger="telephoner", actor=MALI_ARMY, date=TUESDAY)
    assert merge_reports([call, phone]) == [call]
    ban = report(0, type="COERCE", mode=None, trigger="interdire", actor=MALI_ARMY, date=TUESDAY)
    arrest = report(100, type="COERCE", mode=None, trigger="arreter", actor=MALI_ARMY, date=TUESDAY)
    assert merge_reports([ban, arrest]) == [ban, arrest]


def mention(actor: Actor, start: int) -> ActorMention:
    return ActorMention(actor, start, start + 4, actor.aliases[0] if actor.aliases else actor.name)


def test_attacks_without_author_belong_to_the_group_named_most():
    mentions = [mention(JNIM, 0), mention(JNIM, 50), mention(ISGS, 100)]
    ground = report(0, actor=None)
    gunmen = report(100, actor=ARMED_MEN)
    air = report(200, actor=None, mode="aerial")
    condemned = report(300, actor=None, commented_by=frozenset({JNIM.name}))
    assign_main_perpetrator([ground, gunmen, air, condemned], mentions, GENERIC)
    assert [e.actor for e in (ground, gunmen, air, condemned)] == [JNIM, JNIM, None, None]


def test_two_groups_named_as_often_give_no_main_perpetrator():
    ground = report(0, actor=None)
    assign_main_perpetrator([ground], [mention(JNIM, 0), mention(ISGS, 100)], GENERIC)
    assert ground.actor is None


def test_a_denial_marks_the_reported_events_of_its_side():
    claimed = report(0, actor=MALI_ARMY, claimed_by="Human Rights Watch")
    own = report(100, actor=MALI_ARMY, claimed_by="Mali")
    unsourced = report(200, actor=MALI_ARMY)
    denial = report(300, type="REJECT", mode=None, actor=Actor("Mali", "state", "MLI"))
    mark_denials([claimed, own, unsourced, denial])
    assert [e.denied_by for e in (claimed, own, unsourced, denial)] == ["Mali", None, None, None]


def test_how_an_event_noun_refers_to_events_told(pipeline):
    doc = pipeline.nlp("Les frappes ont repris, puis d'autres raids et plusieurs attaques ont visé Gao.")
    frappes, raids, attaques = (next(t for t in doc if t.text == w) for w in ("frappes", "raids", "attaques"))
    assert [refers_back(t) for t in (frappes, raids, attaques)] == [True, False, False]
    assert [tells_another(t) for t in (frappes, raids, attaques)] == [False, True, False]
    assert [tells_several(t) for t in (frappes, raids, attaques)] == [False, True, True]


def test_a_repeat_told_with_another_word_of_attack_joins_the_event_it_refers_to():
    # "ont ciblé des sites avec des drones. Ce bombardement a eu lieu après ...": "bombardement"
    # refers to the drone strike just told; its mode is no sign of another event
    first = report(0, actor=JNIM, location=GAO, date=TUESDAY, mode="drone")
    repeat = report(100, actor=JNIM, location=GAO, date=TUESDAY, mode="aerial", repeat=True)
    assert merge_reports([first, repeat], GENERIC) == [first]
    other = report(100, actor=JNIM, location=GAO, date=TUESDAY, mode="shelling")
    assert merge_reports([first, other], GENERIC) == [first, other]


def test_strikes_told_from_the_air_then_by_their_drone_are_one_event():
    # "des frappes israéliennes près de Nabatiyé" (aerial by default), then "un drone a pris pour cible une
    # voiture" there that day: the second tells the first more closely
    strikes = report(0, actor=JNIM, location=GAO, date=TUESDAY, mode="aerial")
    drone = report(100, actor=JNIM, location=GAO, date=TUESDAY, mode="drone")
    assert merge_reports([strikes, drone], GENERIC) == [strikes] and strikes.mode == "drone"


def test_an_act_told_as_the_answer_to_an_attack_is_another_event(pipeline):
    doc = pipeline.nlp("Selon l'armée, plusieurs assaillants ont été abattus lors de la riposte des soldats.")
    abattus = next(t for t in doc if t.text == "abattus")
    assert tells_another(abattus)
    doc = pipeline.nlp("Trois policiers ont été abattus lors de l'attaque du commissariat.")
    assert not tells_another(next(t for t in doc if t.text == "abattus"))


def test_a_killing_in_the_riposte_is_not_merged_into_the_attack(pipeline):
    from veille.records import Document
    text = ("Quatre gendarmes ont été tués mardi lors d'une attaque contre leur poste à Djibo, dans le nord du "
            "Burkina Faso. Selon une source sécuritaire, une dizaine d'assaillants ont été tués dans la riposte.")
    events = [e for e in pipeline.process(Document(id="t", text=text, doc_date="2024-03-13")) if e.type == "ASSAULT"]
    assert len(events) == 2
