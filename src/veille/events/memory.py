"""Discourse memory: what the sentences before have said, for the sentences that do not say it.

News names a place, an author and a topic once, then goes on with "la ville", "le groupe",
"il" or nothing at all. The extractor walks a document sentence by sentence and these small
objects remember just enough of it: where the story is, and who was named last.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from ..records import ActorMention, Place
from ..textnorm import fold


class StoryPlace:
    """Where the story is: a sentence that names no place continues the last place of its paragraph.

    News tells an event's place once, then its toll, its author and its aftermath
    in the next sentences. The last place named stands for two sentences within a
    paragraph, its country for a few more; beyond that, the document's country.
    """

    SENTENCES = 2
    COUNTRY_SENTENCES = 4

    def __init__(self) -> None:
        self._place: Place | None = None
        self._age = 0
        self._country: Place | None = None
        self._country_age = 0

    @property
    def place(self) -> Place | None:
        return self._place if self._age <= self.SENTENCES else None

    @property
    def country(self) -> Place | None:
        return self._country if self._country_age <= self.COUNTRY_SENTENCES else None

    def next_sentence(self, *, new_paragraph: bool) -> None:
        self._age += 1
        self._country_age += 1
        if new_paragraph:
            self._place = None

    def saw(self, place: Place, country: Place | None) -> None:
        # "À El Fasher, capitale de l'État du Nord-Darfour": a town and then its province in one
        # sentence; the story goes on at the town
        same_sentence_town = self._age == 0 and self._place is not None and self._place.precision == "point"
        if place.precision != "country" and not (same_sentence_town and place.precision != "point"):
            self._place, self._age = place, 0
        if country is not None:
            self._country, self._country_age = country, 0


class ActorMemory:
    """The last actors named, for pronouns and "le groupe" (news coreference, good enough)."""

    def __init__(self) -> None:
        self.last_actor: ActorMention | None = None
        self.last_group: ActorMention | None = None
        self.last_person: ActorMention | None = None
        self.topic: ActorMention | None = None  # who the last sentence was about (its subject or agent)
        self.seen: list[ActorMention] = []

    def last_organ(self, noun: str) -> ActorMention | None:
        """The last mention of a state organ named with this noun ("ambassade" -> "l'ambassade russe")."""
        return next((m for m in reversed(self.seen) if m.actor.country and fold(m.text.lower()).startswith(noun + " ")),
                    None)

    def last_of(self, noun: str, text: str) -> ActorMention | None:
        """The last actor named as the complement of this noun ("le porte-parole militaire des Houthis"
        -> the Houthis), for the noun told again alone ("Le porte-parole a justifié cette attaque")."""
        return next((m for m in reversed(self.seen)
                     if noun in fold(text[max(0, m.start - 40):m.start].lower()).split()), None)

    def last_called(self, noun: str) -> ActorMention | None:
        """The last mention of a group written or named with this noun ("coalition" -> "la coalition
        menée par l'Arabie saoudite", "Saudi-led coalition")."""
        return next((m for m in reversed(self.seen) if m.actor.kind not in ("civilians", "person", "state")
                     and (noun in fold(m.text.lower()) or noun in fold(m.actor.name.lower()))), None)

    def observe(self, sent: Span, mentions: list[ActorMention], topic: ActorMention | None = None) -> None:
        if topic is not None:
            self.topic = topic
        for m in mentions:
            if sent.start_char <= m.start < sent.end_char and m.actor.kind != "civilians":
                self.seen.append(m)
                self.last_actor = m
                if m.actor.kind == "person":
                    self.last_person = m
                if m.actor.kind in ("armed_group", "igo", "ngo", "party"):
                    self.last_group = m


# What may precede a heading on its line: spaces, a crawl marker left in the text ("date 2016-11").
_LINE_START = re.compile(r"\s*(?:date\s+\d{4}-\d{2}(?:-\d{2})?\s+)?")


def topic_label(text: str, m: ActorMention) -> bool:
    """"Syrie: bombardements sur Alep", "Mali: deux soldats tués": a country heading a line before a
    colon is the story's topic, not who acts."""
    if m.actor.kind != "state" or not text[m.end:m.end + 3].lstrip(" ").startswith(":"):
        return False
    line = text[text.rfind("\n", 0, m.start) + 1:m.start]
    return _LINE_START.fullmatch(line) is not None
