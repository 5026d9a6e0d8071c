"""Discourse memory of events/ on its own: ``events/memory.py``.

How long a place named stands for the sentences after it, which actor "le groupe" or "ce dernier"
continues, and which country names a line's topic rather than an actor.
"""
from __future__ import annotations

from veille.events.memory import ActorMemory, StoryPlace, topic_label
from veille.nlp import doc_text
from veille.records import Actor, ActorMention, Place

GAO = Place("Gao", "ML", "07", 16.27, -0.04, "point")
MALI = Place("Mali", "ML", None, 17.0, -4.0, "country")
NIGER = Place("Niger", "NE", None, 17.6, 8.1, "country")


def test_a_town_stands_for_two_sentences_and_its_country_for_four():
    story = StoryPlace()
    story.saw(GAO, MALI)
    seen = []
    for _ in range(5):
        story.next_sentence(new_paragraph=False)
        seen.append((story.place, story.country))
    assert seen == [(GAO, MALI), (GAO, MALI), (None, MALI), (None, MALI), (None, None)]


def test_a_new_paragraph_forgets_the_town_not_the_country():
    story = StoryPlace()
    story.saw(GAO, MALI)
    story.next_sentence(new_paragraph=True)
    assert (story.place, story.country) == (None, MALI)


def test_a_country_named_keeps_the_town_told_before():
    story = StoryPlace()
    story.saw(GAO, MALI)
    story.saw(NIGER, NIGER)
    assert (story.place, story.country) == (GAO, NIGER)


def test_memory_keeps_the_last_actor_person_and_group_of_a_sentence(pipeline):
    text = "Le président Mohamed Bazoum a accusé Boko Haram et les manifestants de semer le chaos."
    doc = pipeline.nlp(text)
    mentions = pipeline.registry.find(doc_text(doc))
    memory = ActorMemory()
    [sent] = doc.sents
    memory.observe(sent, mentions)
    assert (memory.last_person.actor.kind, memory.last_group.actor.name, memory.last_actor.actor.name) == (
        "person", "Boko Haram", "Boko Haram")  # the crowd ("les manifestants") is never remembered
    assert memory.last_called("groupe") is None and memory.topic is None


def test_le_groupe_and_la_coalition_are_the_last_named_with_that_word():
    memory = ActorMemory()
    coalition = Actor("Saudi-led coalition", "igo")
    houthis = Actor("Houthis", "armed_group")
    memory.seen = [ActorMention(coalition, 0, 30, "la coalition menée par Riyad"),
                   ActorMention(houthis, 40, 47, "houthis")]
    assert memory.last_called("coalition").actor == coalition
    assert memory.last_called("milice") is None


def test_a_country_heading_a_line_is_a_topic_label():
    text = "Mali: deux soldats tués près de Gao\nLe Mali a fermé sa frontière."
    heading = ActorMention(Actor("Mali", "state", "MLI"), 0, 4, "Mali")
    in_sentence = ActorMention(Actor("Mali", "state", "MLI"), text.index("Mali a"), text.index("Mali a") + 4, "Mali")
    assert (topic_label(text, heading), topic_label(text, in_sentence)) == (True, False)
    dated = "date 2024-03 Mali : une attaque"
    assert topic_label(dated, ActorMention(Actor("Mali", "state", "MLI"), 13, 17, "Mali")) is True


def test_a_town_then_its_province_in_one_sentence_leaves_the_story_at_the_town():
    # "À Gao, chef-lieu de la région de Gao, ..." names the town, then the division it lies in
    region = Place("Gao Region", "ML", "07", 17.0, 0.5, "admin1", geonameid=5)
    story = StoryPlace()
    story.next_sentence(new_paragraph=False)
    story.saw(GAO, MALI)
    story.saw(region, MALI)
    assert story.place == GAO
    story.next_sentence(new_paragraph=False)
    story.saw(region, MALI)  # a later sentence that names the province moves the story there
    assert story.place == region
