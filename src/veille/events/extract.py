"""Events from parsed sentences: the per-document loop that runs the stages in order.

For each sentence of a document, in order:
1. triggers (``triggers.py``): lemmas and phrases of the lexicon, contextual ones only with a
   word of their type around them, weak ones (death tolls) only with a place or an actor;
   accidents, disasters and a war's running toll are no events;
2. modality (``modality.py``): triggers in the future or conditional, negated, or governed by a
   plan, wish or capacity ("vont se réunir", "pourrait frapper") are dropped;
   background history dated over a month before publication too;
3. roles from the dependency parse (``roles.py``): subject or agent -> actor, object or
   "contre"/"sur"/"visant" -> target, nominal "de" -> actor of an event noun, the subject of a
   light verb ("mener des frappes") -> actor of its noun; pronouns, "l'ambassade", "ce dernier"
   -> the actor they continue (``memory.py``); from the sentence's surface where the parse
   names nobody (``fallbacks.py``): clashes ("des affrontements entre X et Y") -> the state's
   forces against the other side, implicit actors from the type (a protest's crowd, a state's
   arrests);
4. one event per (type, actor, addressee) of the sentence, and for ASSAULT one
   per struck place; an attack repelled is told before its repelling;
5. the date nearest the trigger, the sentence's source (claimed_by);
6. denials mark the events they dispute (denied_by) and accusations they
   reject become ACCUSE events.
Reports of one event repeated within a document are merged at the end (``merge.py``): same
type, compatible parties, same day, same place (or a country and a place in it).

This module only sequences the stages and builds the ``Event`` records; the rules live in the
stage modules, each testable on a parse of its own.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..attribution import Attribution, SourceTracker, find_attributions
from ..casualties import find_toll
from ..countries import alpha3_of
from ..dates import background_spans, event_date, reference_day, story_day, tells_a_recent_day
from ..nlp import doc_text
from ..records import Actor, ActorMention, DateValue, Document, Event, Place, PlaceMention
from ..textnorm import fold
from .fallbacks import (ascribed_author, clash_sides, crowd, fallback_actor, fallback_target, generic_names, localise,
                        unnamed_crowd)
from .cues import (ALLEGIANCE_BEFORE, FIRST_PERSON, LOCALITY_OF_A_COUNTRY, NATIONWIDE_PHRASE, OWN_LOCALITY_BEFORE, SCENE_PHRASE,
                   TALKS_WORDS, VISIT_VERBS)
from .kinds import SPEECH_ACTS
from .lexicon import Lexicon
from .memory import ActorMemory, StoryPlace, topic_label
from .merge import (acted_upon, assign_main_perpetrator, caused_by, mark_denials, merge_reports, name_crowds, refers_back,
                    rejected_accusations, riots_are_protests, tells_another, tells_several, told_on_another_day)
from .modality import governing_verb, planned_by_its_relative, told_ahead, unrealised
from .parties import commenter_spans, coordinated, patient_mention, patient_spans, reciprocal, teller_spans
from .roles import roles, sentence_topic, subject_of
from .placing import (CountryPlace, aftermath_place, coordinated_places, date_scope, evidence_span, places_for,
                      said_at, struck_country)
from .triggers import (Hit, accidental, attacked, document_frame, document_frames, figurative, find_triggers,
                       inside_a_name, running_toll)

# Names this module held before it was split, imported from here by tests and callers.
from .parties import passive_subjects  # noqa: F401
from .triggers import adjective_flags, folded_tokens, verb_flags  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorRegistry

# How far around the trigger the ASSAULT mode is read ("frappes ... un atelier de voitures piégées":
# the frappes are aerial, the workshop is their target).
MODE_WINDOW = 70
# Words of a bombardment that guns and aircraft both carry out: their mode is the weapon named near them.
GROUND_OR_AIR = {"bombarder", "bombardement", "pilonner", "pilonnage"}
# Acts only a state does (arrest, ban, curfew, deployment): told without an agent, they are
# the authorities' of the country where they happen.
STATE_ACTS = {"COERCE", "MOBILIZE"}
# What a benign text must not yield (the POPCORN scorer's false alarms).
VIOLENT_TYPES = {"ASSAULT", "PROTEST", "COERCE"}
# Types whose one sentence may tell the same act in several coordinated towns, each an event
# (ASSAULT takes every place of its sentence already).
SPREADING_TYPES = {"PROTEST", "COERCE"}
# Types that a state decides at home: told with no place, they are where their author governs.
DECIDED_TYPES = {"SANCTION"}
# Types that are nothing without a party: who speaks, who meets, who agrees.
NEEDS_A_PARTY = SPEECH_ACTS | {"MEET", "AGREE", "SANCTION"}
# Reflexive forms of these are mutual ("s'accusent", "se sont rencontrés").
RECIPROCAL_TYPES = {"ACCUSE", "MEET", "CONSULT", "THREATEN"}


class EventExtractor:
    """The events of one document: the stages of this package run sentence by sentence."""

    def __init__(self, lexicon: Lexicon, registry: ActorRegistry) -> None:
        self.lex = lexicon
        self.registry = registry

    def home_of(self, actor: Actor | None, country_place: CountryPlace | None) -> Place | None:
        """Where an actor's statements and decisions are made when the text says nowhere: a state's
        at home, an international organisation's where it sits ("L'Union européenne a appelé
        Caracas à...": Belgium, at country precision)."""
        if actor is None or country_place is None:
            return None
        country = actor.country or (self.registry.seat_country(actor) if actor.kind == "igo" else None)
        return country_place(country) if country else None

    def named_locality_country(self, stext: str, country_place: CountryPlace | None) -> Place | None:
        """The country of "le village libanais de X" when X itself was not placed: a locality the
        sentence names by its country's adjective."""
        if country_place is None:
            return None
        for m in LOCALITY_OF_A_COUNTRY.finditer(stext):
            state = self.registry.nationality(m.group(1))
            if state is not None and state.country:
                return country_place(state.country)
        return None

    def extract(self, document: Document, sdoc: Doc, mentions: list[ActorMention],
                places: list[PlaceMention], dominant_country: Place | None = None,
                country_place: CountryPlace | None = None, filed_from: Place | None = None) -> list[Event]:
        """Events of one document. ``country_place(alpha2 or alpha3)`` gives a country-level Place;
        ``filed_from`` is the town of the dispatch's dateline (where the reporter is)."""
        events: list[Event] = []
        memory = ActorMemory()
        sources = SourceTracker()
        text = document.text
        analysed = doc_text(sdoc)  # the masked text: same offsets, boilerplate blanked
        story = StoryPlace()
        assault_actors: list[Actor] = []  # authors of the attacks told so far, latest last
        several: set[int] = set()  # ids of events told as several ("plusieurs attaques", "des raids")
        mentions = [m for m in mentions if not topic_label(analysed, m)]
        # "le gouvernement acquis à Pékin": a government, not where anything happened
        places = [p for p in places if not ALLEGIANCE_BEFORE.search(fold(analysed[max(0, p.start - 40):p.start]))]
        generic = generic_names(self.registry)
        hazard_doc, hostile_doc = document_frame(self.lex, sdoc, analysed)
        frames = document_frames(self.lex, sdoc, analysed)
        reference = reference_day(analysed, document.doc_date)
        story_date: DateValue | None = None  # the last day a sentence told, for those that tell none
        # ... and before it, for the sentences before the one that tells it, the first day of the week
        # before publication the story tells ("...ont été interpellées. [...] Mais ce vendredi, ...")
        lead_day = story_day(analysed, document.doc_date, reference)
        found = [(sent, find_triggers(self.lex, sent)) for sent in sdoc.sents]
        # "s'est entretenu avec" in a story that tells a phone call (any sentence) is that call
        # (a call told as such, not talks: "les prochaines négociations" tell no call)
        phone_call = any(h.type == "CONSULT" and (h.phrase or h.lemma not in TALKS_WORDS)
                         for _, sent_hits in found for h in sent_hits)
        # where the story's last meeting or deal was, at first where the reporter is: "en marge du sommet", "sur place"
        scene: Place | None = filed_from
        for k, (sent, sent_hits) in enumerate(found):
            stext = analysed[sent.start_char:sent.end_char]
            story.next_sentence(new_paragraph="\n" in analysed[max(0, sent.start_char - 3):sent.start_char + 1])
            if len(stext.strip()) < 12:
                # "Iran :" opening a round-up's paragraph: no event, but where the paragraph is
                for p in places:
                    if p.place is not None and sent.start_char <= p.start < sent.end_char:
                        story.saw(p.place, country_place(p.place.country) if country_place else None)
                memory.observe(sent, mentions)
                continue
            attributions = find_attributions(stext, self.registry)
            abs_attr = [(sent.start_char + a.start, sent.start_char + a.end) for a in attributions]
            claimed_by = sources.resolve(attributions)
            question = stext.rstrip().endswith("?")
            unreal = [h for h in sent_hits if unrealised(self.lex, h)]
            hits = [h for h in sent_hits if h not in unreal and not inside_a_name(h, mentions, generic)
                    and not planned_by_its_relative(h, unreal)
                    # "parti de La Réunion", "à Sidi Bouzid": a trigger word inside a place's name
                    and not any(p.place is not None and p.start <= h.start < p.end for p in places)]
            hits = [h for h in hits if not (h.type == "AID" and attacked(h, hits))]
            if hits and any((h.type, h.lemma) in self.lex.hazard_prone for h in hits):
                hits = [h for h in hits if not accidental(self.lex, h, sent, mentions, hazard_doc, hostile_doc)]
            if frames & {"sport", "business"}:
                hits = [h for h in hits if not figurative(self.lex, h, sent, mentions, abs_attr)]
            if "culture" in frames and any(h.type in VIOLENT_TYPES for h in hits) and \
                    not tells_a_recent_day(stext, document.doc_date):
                # a film, a book, a show: the war it tells is not news of the past month
                hits = [h for h in hits if h.type not in VIOLENT_TYPES]
            sent_places = [p for p in places if p.place is not None and sent.start_char <= p.start < sent.end_char
                           and not any(s <= p.start < e for s, e in abs_attr)]
            # what only events need is worked out only in sentences that have a trigger (most have none)
            old_dates = background_spans(stext, document.doc_date) if hits else None
            patients = patient_spans(sent) if hits else []
            strong_types = {h.type for h in hits if not h.weak}
            groups: dict[tuple[str, str | None], dict] = {}
            sentence_targets: list[tuple[int, int]] = []
            for hit in hits:
                if question:
                    break
                if old_dates is not None and old_dates.covers(hit.start - sent.start_char):
                    continue  # history: the nearest date of the trigger is over a month old
                if hit.weak and (hit.type in strong_types or not (sent_places or mentions)):
                    continue
                if hit.type == "ASSAULT" and running_toll(self.lex, hit, sent):
                    continue  # "les combats ont déjà fait 528 morts": a war's toll so far, not an event
                if hit.type == "MEET" and hit.lemma in self.lex.calls_in_a_call_story and phone_call:
                    hit.type = "CONSULT"
                actor_m, target_m = roles(self.lex, self.registry, hit, mentions, memory)
                commenters = commenter_spans(hit, hits)
                if actor_m is not None and any(lo <= actor_m.start < hi for lo, hi in commenters):
                    actor_m = None  # "le ministre a condamné l'attaque": who condemns did not attack
                # the parse's actor stands even when it also reports ("L'armée russe a annoncé avoir
                # effectué des frappes"); only a victim is never an actor
                if caused_by(hit, hits):
                    # "l'attaque a permis aux soldats d'éliminer 13 assaillants": the soldiers act
                    actor_m = next((m for c in hit.token.head.children if c.dep_ in ("obl:arg", "iobj")
                                    for m in mentions if m.start <= c.idx < m.end), None) or actor_m
                if hit.type == "MOBILIZE" and actor_m is None:
                    # "les forces de sécurité irakiennes ont été déployées": who is deployed mobilises
                    actor_m = patient_mention(hit, mentions, patients)
                elif actor_m is not None and any(s <= actor_m.start < e for s, e in patients):
                    target_m = target_m or actor_m
                    actor_m = None
                if hit.type == "ASSAULT" and hit.pos == "noun" and hit.lemma in self.lex.clashes:
                    actor_m, target_m = clash_sides(self.registry, hit, sent, mentions, abs_attr, dominant_country,
                                                    patients) or (actor_m, target_m)
                subj = subject_of(hit.token)[0] if hit.pos == "verb" else None
                first_person = subj is not None and fold(subj.text.lower()) in FIRST_PERSON
                # «l'impératif humanitaire qui exige de rester»: a statement told of a thing that names
                # no actor is no one's, neither the speaker's nor a name nearby
                said_by_no_one = hit.type in SPEECH_ACTS and actor_m is None and subj is not None and \
                    fold(subj.text.lower()) == "qui"
                speaker = None
                if (hit.type in SPEECH_ACTS or first_person) and not said_by_no_one:
                    # «nous envoyons un convoi», a indiqué X: X acts
                    speaker = quoted_speaker(self.registry, hit, stext, sent, attributions, memory)
                if actor_m is None and hit.type == "PROTEST":
                    actor_m = crowd(sent, mentions, abs_attr) or unnamed_crowd(self.registry, hit)
                if actor_m is None and hit.type == "ASSAULT":
                    actor_m = ascribed_author(sent, mentions)
                if actor_m is None and speaker is None and not said_by_no_one and not acted_upon(hit, hits):
                    # the side another trigger of the sentence acts upon is not this one's author; nor is
                    # the one who repels an attack the author of the attack ("ont repoussé l'attaque")
                    tellers = teller_spans(hit) if hit.type not in SPEECH_ACTS else []
                    actor_m = fallback_actor(hit, sent, mentions,
                                             abs_attr + patients + sentence_targets + commenters + tellers, target_m)
                if target_m is None:
                    taken = [(actor_m.start, actor_m.end)] if actor_m is not None else []
                    target_m = fallback_target(self.lex, hit, sent, mentions, abs_attr + taken) or patient_mention(
                        hit, mentions, patients)
                if hit.type == "MEET" and hit.pos == "verb" and hit.lemma in VISIT_VERBS and \
                        any(c.dep_ in ("aux:pass", "nsubj:pass") for c in hit.token.children):
                    # "Blinken a été reçu au Caire par le président égyptien": the visitor meets the host
                    actor_m, target_m = target_m, actor_m
                actor = localise(self.registry, speaker, dominant_country) or (
                    localise(self.registry, actor_m.actor, dominant_country) if actor_m else None)
                if hit.type == "ASSAULT" and actor is not None and actor.kind == "person":
                    # "Le porte-parole des Talibans, Zabihullah Mujahid, a revendiqué l'attaque": a
                    # group's spokesman or leader claims its attacks; the group is their author
                    actor = self.registry.organisation_of(actor) or actor
                if actor is None and hit.type in SPEECH_ACTS and claimed_by and not said_by_no_one:
                    actor = localise(self.registry, self.registry.get(claimed_by), dominant_country)  # the source speaks
                key = (hit.type, actor.name if actor else None)
                if acted_upon(hit, hits) or caused_by(hit, hits) or told_on_another_day(hit, hits):
                    # "a repoussé l'attaque": the attack is another act; "l'attaque a permis d'éliminer": so is
                    # what it let the soldiers do; and so is an act told on a day of its own
                    key = (hit.type, f"@{hit.token.i}")
                elif key in groups and hit.type in SPEECH_ACTS and target_m is not None and \
                        groups[key]["target"] not in (None, target_m.actor):
                    # "a appelé le New York Times à ... et demandé aux autorités américaines de ...": two demands
                    key = (hit.type, f"{key[1]}>{target_m.actor.name}")
                elif key not in groups and actor is None:
                    same = [k for k in groups if k[0] == hit.type and not (k[1] or "").startswith("@")]
                    if same:
                        key = same[0]
                if hit.type in ("AGREE", "MEET", "CONSULT") and hit.pos == "noun" and any(
                        c.dep_ == "case" and fold(c.text.lower()) == "sur" for c in hit.token.children):
                    # "un accord entre Israël et le Hamas sur une trêve": the deal's topic is that deal
                    key = next((k for k in groups if k[0] == hit.type), key)
                if key[1] is not None and not key[1].startswith("@") and (hit.type, None) in groups:
                    groups[key] = groups.pop((hit.type, None))
                g = groups.setdefault(key, {"hits": [], "actor": actor, "target": None, "spans": []})
                g["hits"].append(hit)
                g.setdefault("commented_by", set()).update(
                    m.actor.name for m in mentions if any(lo <= m.start < hi for lo, hi in commenters))
                g["actor"] = g["actor"] or actor
                g["anaphoric"] = g.get("anaphoric", False) or (hit.type == "ASSAULT" and refers_back(hit.token))
                if target_m is not None and g["target"] is None:
                    g["target"] = target_m.actor
                if target_m is not None:
                    sentence_targets.append((target_m.start, target_m.end))
                for m in (actor_m, target_m):
                    if m is not None:
                        g["spans"].append((m.start, m.end))
                if actor_m is not None:
                    g.setdefault("actor_spans", []).append((actor_m.start, actor_m.end))
            toll = find_toll(stext) if groups else None
            toll_used = False
            told_before = list(assault_actors)
            # "X a repoussé l'attaque de Y": Y's attack came first, and is told first
            ordered = sorted(groups.items(), key=lambda kv: not (kv[0][1] or "").startswith("@"))
            for (etype, key_actor), g in ordered:
                hit = g["hits"][0]
                actor, target = g["actor"], g["target"]
                if actor is None and g.get("anaphoric"):
                    # "Les frappes ont été menées à ...": the strikes just told, unless the sentence
                    # names their author ("L'attaque ... lorsque deux kamikazes ont lancé"); an attack
                    # repelled is not its repeller's
                    answering = None
                    if (key_actor or "").startswith("@"):
                        answering = next((o["actor"] for o in groups.values() if o is not g and any(
                            h.token.i == hit.token.head.i for h in o["hits"])), None)
                    actor = next((a for a in reversed(told_before)
                                  if answering is None or a.name != answering.name), None)
                if actor is not None and target is not None and actor.name == target.name:
                    target = None
                if etype in NEEDS_A_PARTY and actor is None and (target is None or etype in SPEECH_ACTS):
                    continue  # a statement, meeting or deal with nobody in it is not an event
                implicit = False
                if actor is None and etype in STATE_ACTS and dominant_country is not None:
                    # "ont été interpellés", "les écoles ont été fermées": by the authorities of the country
                    actor = localise(self.registry, Actor("Government", "state"), dominant_country)
                    implicit = actor is not None and actor.country is not None
                    actor = actor if implicit else None
                repeat = distinct = False
                at_the_scene = scene_of(stext, story.place, scene) if etype in SCENE_TYPES else None
                if etype in SPEECH_ACTS:
                    where = said_at(hit, sent_places)
                    home = self.home_of(actor, country_place)
                    fallback = None if etype == "CONSULT" else (at_the_scene or home or story.country or dominant_country)
                else:
                    # an attack's target may be where it struck ("a bombardé le sud du Liban"); its author
                    # is not
                    blocked = abs_attr + (g.get("actor_spans", []) if etype == "ASSAULT" else g["spans"])
                    others = [h for k, o in groups.items() if k != (etype, key_actor) for h in o["hits"]]
                    where = places_for(hit, sent, places, blocked, others)
                    if etype != "ASSAULT":
                        # one place per event, or several coordinated ones for a protest ("À Quimper et
                        # à Vannes, des manifestants se sont rassemblés": two protests)
                        where = where[:1] + (coordinated_places(where, sent) if etype in SPREADING_TYPES else [])
                    unknown_town = not where and any(
                        p.place is None and sent.start_char <= p.start < sent.end_char and
                        OWN_LOCALITY_BEFORE.search(fold(analysed[max(0, p.start - 30):p.start].lower()))
                        for p in places)
                    nationwide = not where and NATIONWIDE_PHRASE.search(fold(stext.lower())) is not None
                    fallback = (self.named_locality_country(stext, country_place) if not where else None) \
                        or at_the_scene or (None if unknown_town or nationwide else story.place) or story.country \
                        or dominant_country
                    if etype in DECIDED_TYPES and not where:
                        # "Ottawa a imposé des sanctions à 77 entités russes": decided at home, not where the story is
                        fallback = self.home_of(actor, country_place) or fallback
                    if etype == "ASSAULT" and not where and k + 1 < len(found):
                        after, after_hits = found[k + 1]
                        ahead = aftermath_place(after, after_hits, places, "\n" in analysed[sent.end_char:after.start_char])
                        if ahead is not None and ahead.place is not None:
                            fallback = ahead.place
                    if etype == "ASSAULT" and not where:
                        fallback = struck_country(actor, g["target"], fallback, country_place) or fallback
                    located = [p for p in where if p.place is not None and p.place.precision != "country"]
                    # "les frappes", "cette attaque", and "a repoussé l'attaque" told again
                    repeat = not located and any(refers_back(h.token) or any(
                        o.token.head.i == h.token.i and acted_upon(o, hits) and refers_back(o.token)
                        for o in hits) for h in g["hits"])
                    distinct = any(tells_another(h.token) or caused_by(h, hits) for h in g["hits"])
                mode = assault_mode(self.lex, hit, stext, sent) if etype == "ASSAULT" else None
                own, clause, foreign = date_scope(hit, sent)
                date = event_date(stext, hit.start - sent.start_char, document.doc_date, reference, own=own,
                                  clause=clause, foreign=foreign)
                if told_ahead(hit, date, document.doc_date):
                    continue  # "se réunissent mercredi", told on a Monday: still to come
                if date.text is None and story_date is not None:
                    # the day the lead told: the story goes on about it (inherited, it is not told
                    # here, so it contradicts no date a report of the same event tells)
                    date = DateValue(story_date.value, story_date.precision, None)
                elif date.text is None and lead_day is not None and sent.end_char <= lead_day[1]:
                    date = lead_day[0]
                elif date.text is not None and date.precision == "day":
                    story_date = date
                # event nouns only: "les manifestants" are people, not protests
                nouns = [h for h in g["hits"] if h.pos == "noun" and not any(m.start <= h.start < m.end for m in mentions)]
                told_as_several = bool(nouns) and all(tells_several(h.token) for h in nouns)
                pairs: list[tuple[Actor | None, Actor | None]] = [(actor, target)]
                if etype in RECIPROCAL_TYPES:
                    pairs = [*reciprocal(hit, mentions)] or pairs
                elif etype == "ASSAULT":
                    # "combats entre l'armée et les rebelles du M23": the two sides are actor and target,
                    # not two attackers of the second
                    pairs = [(a, target) for a in coordinated(hit, actor, mentions, self.registry)
                             if target is None or a.name != target.name] or pairs
                each_place: list[PlaceMention | None] = [*where] or [None]
                for place_m in each_place:
                    for ev_actor, ev_target in pairs:
                        place = place_m.place if place_m else fallback
                        if implicit and place_m is not None and place is not None and place.country and \
                                country_place is not None and \
                                ev_actor is not None and ev_actor.country != alpha3_of(place.country):
                            # the authorities of the country where it happened, in a round-up of several
                            ev_actor = localise(self.registry, Actor("Government", "state"),
                                                country_place(place.country)) or ev_actor
                        stand_in = place_m is None or place_m.fallback
                        ev_start, ev_end = evidence_span(hit, sent, place_m)
                        ev = Event(doc_id=document.id, type=etype, evidence_start=ev_start, evidence_end=ev_end,
                                   evidence_text=text[ev_start:ev_end], mode=mode, actor=ev_actor, target=ev_target,
                                   location=place, date=date,
                                   claimed_by=claimed_by if (claimed_by and (ev_actor is None or claimed_by != ev_actor.name))
                                   else None,
                                   confidence=(0.7 if place_m else 0.5) - (0.2 if implicit else 0.0),
                                   trigger=hit.lemma, repeat=repeat,
                                   distinct=distinct, place_stand_in=stand_in,
                                   commented_by=frozenset(g.get("commented_by", ())))
                        if etype == "ASSAULT" and not toll_used and toll is not None:
                            ev.killed, ev.injured = toll.killed, toll.injured
                            toll_used = True
                        events.append(ev)
                        if told_as_several:
                            several.add(id(ev))
                        if etype == "REJECT":
                            events.extend(rejected_accusations(ev, hit, mentions))
                if etype == "ASSAULT" and actor is not None:
                    assault_actors.append(actor)
            if any(h.type in ("MEET", "AGREE") for h in hits):
                # "les dirigeants se sont réunis mercredi à Grenade": the story's gathering is there, whoever met
                scene = next((p.place for p in sent_places if p.place is not None and p.place.precision == "point"), scene)
            for p in sent_places:
                if p.place is not None:
                    story.saw(p.place, country_place(p.place.country) if country_place else None)
            memory.observe(sent, mentions, sentence_topic(self.registry, sent, mentions, memory))
        assign_main_perpetrator(events, mentions, generic_names(self.registry))
        # a first line of its own, without a full stop, heads the text ("RDC : 20 civils tués en Ituri")
        first_line = analysed.lstrip().split("\n", 1)[0].rstrip()
        headline_end = (len(analysed) - len(analysed.lstrip()) + len(first_line)) if (
            "\n" in analysed.strip() and first_line and not first_line.endswith((".", "!", "?"))) else 0
        events = merge_reports(riots_are_protests(events), generic=generic_names(self.registry), several=frozenset(several),
                               headline_end=headline_end)
        name_crowds(self.registry, events)
        mark_denials(events)
        return events


# Types that a gathering's place may hold when the sentence gives none of its own.
SCENE_TYPES = (SPEECH_ACTS - {"CONSULT"}) | {"MEET", "AGREE", "AID"}


def scene_of(stext: str, last_place: Place | None, scene: Place | None) -> Place | None:
    """"Sánchez a réitéré sur place son refus" (where the story just was), "En marge du sommet, X s'est
    entretenu avec Y" (where the meeting or deal told last took place): the place of a sentence that
    names none of its own but says it was there."""
    found = SCENE_PHRASE.search(fold(stext.lower()))
    if found is None:
        return None
    if found.group(0) == "sur place" and last_place is not None and last_place.precision == "point":
        return last_place
    return scene


def quoted_speaker(registry: ActorRegistry, hit: Hit, stext: str, sent: Span, attributions: list[Attribution],
                   memory: ActorMemory) -> Actor | None:
    """Who says a quoted statement: the source of its sentence ("«...», a déclaré X")."""
    rel = hit.start - sent.start_char
    before = stext[:rel]
    quoted = before.count("«") > before.count("»") or before.count('"') % 2 == 1 or \
        before.count("“") > before.count("”")
    if not quoted:
        return None
    for a in attributions:
        if a.start > rel:
            actor = registry.get(a.source) or registry.lookup(a.source)
            if actor is not None:
                return actor
    if re.search(r"-t-(il|elle)\b|\b(a|avait)-(il|elle)\b", stext[rel:]):
        last = memory.last_person or memory.last_actor
        return last.actor if last else None
    return None


def assault_mode(lex: Lexicon, hit: Hit, stext: str, sent: Span) -> str:
    """The trigger's own mode ("kamikaze", "abattre", "frappe"), else the words around it."""
    rel = hit.start - sent.start_char
    window = lex.mode_of(fold(stext[max(0, rel - MODE_WINDOW):rel + (hit.end - hit.start) + MODE_WINDOW]))
    own = lex.mode_of(fold(stext[rel:rel + (hit.end - hit.start)])) or lex.mode_of(hit.lemma)
    if own == "aerial" and window == "drone":
        return "drone"  # "une frappe de drone"
    if own == "aerial" and hit.lemma in GROUND_OR_AIR and lex.names_mode("shelling", fold(
            stext[max(0, rel - MODE_WINDOW):rel + (hit.end - hit.start) + MODE_WINDOW])):
        return "shelling"  # "ont bombardé à l'arme lourde", "a pilonné au mortier": guns, not aircraft
    if hit.lemma in ("tirer", "tir") and window not in (None, "suicide"):
        return window  # "a tiré un missile", "des tirs de roquettes": firing says nothing of the weapon
    return own or window or lex.mode_of(fold(stext)) or "other"
