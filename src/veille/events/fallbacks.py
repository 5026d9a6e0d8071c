"""Stage 3, continued: actors the parse does not give, read from the sentence's surface.

Parsers lose subjects, hang agents on the wrong word and read clash sides in any order. These
rules look at the words around a trigger instead: the nearest name before it that nothing
marks as a place or a target, whom a verb of meeting or demand addresses, the two sides of a
clash, the crowd of a protest. They run only where ``roles.py`` found nobody.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..countries import alpha3_of
from ..nlp import doc_text
from ..records import Actor, ActorMention, Place
from ..textnorm import fold
from .cues import (ASCRIBED_TO_BEFORE, BACKER_BEFORE, CROWD_NOUNS, LOCATIVE_OR_ORIGIN_BEFORE, NOT_AN_AGENT_BEFORE,
                   QUANTITY_NOUNS)
from .kinds import SPEECH_ACTS
from .lexicon import Lexicon
from .triggers import Hit

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorRegistry

# How far after a verb of demand its addressee may begin (characters): "a demandé aux autorités américaines".
DEMAND_ADDRESSEE_WINDOW = 12
# How far after a clash noun its sides are looked for (characters): "des combats ont opposé vendredi
# près de Tripoli des forces du gouvernement libyen internationalement reconnu à celles de ..." is 130.
CLASH_WINDOW = 200
# Who protests when the parse names nobody: the crowd named in the sentence.
_CROWD_KINDS = {"civilians", "party"}


def ascribed_author(sent: Span, mentions: list[ActorMention]) -> ActorMention | None:
    """"Une explosion a tué douze personnes, selon la police, qui l'attribue au groupe Boko Haram":
    the group or the state an attack of the sentence is ascribed to is its author."""
    text = doc_text(sent.doc)
    return next((m for m in mentions if sent.start_char <= m.start < sent.end_char
                 and m.actor.kind in ("armed_group", "state", "military")
                 and ASCRIBED_TO_BEFORE.search(fold(text[max(0, m.start - 60):m.start].lower()))), None)


def fallback_actor(hit: Hit, sent: Span, mentions: list[ActorMention], blocked: list[tuple[int, int]],
                   target: ActorMention | None) -> ActorMention | None:
    """The nearest actor named before the trigger in its sentence, outside sources and targets."""
    text = doc_text(sent.doc)
    best = None
    for m in mentions:
        if not (sent.start_char <= m.start and m.end <= hit.start):
            continue
        if any(s <= m.start < e for s, e in blocked):
            continue
        if target is not None and m.start == target.start:
            continue
        before = fold(text[max(sent.start_char, m.start - 40):m.start])
        if NOT_AN_AGENT_BEFORE.search(before) or BACKER_BEFORE.search(before):
            continue
        if m.actor.kind == "civilians" or _in_complement(sent.doc, m) or _of_another(sent.doc, m, mentions):
            continue
        if hit.type == "PROTEST" and m.actor.kind in ("police", "military", "state"):
            continue  # "la police a chargé les manifestants qui défilaient": the crowd protests, not the state
        if m.actor.kind == "media" and hit.type not in SPEECH_ACTS:
            continue  # "le journaliste de l'AFP a compté 100 explosions": who reports, not who strikes
        best = m
    return best


def _of_another(doc: Doc, m: ActorMention, mentions: list[ActorMention]) -> bool:
    """"les Houthis du Yémen", "les talibans d'Afghanistan": a name in a "de" complement of another
    actor's name says where that actor is from; the other is who acts."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    t = span.root
    if not t.dep_.startswith("nmod") or t.head.i == t.i or not any(
            c.dep_ == "case" and fold(c.text.lower()) in ("de", "du", "des", "d'") for c in t.children):
        return False
    head = t.head.idx
    return any(o is not m and o.start <= head < o.end for o in mentions)


def _in_complement(doc: Doc, m: ActorMention) -> bool:
    """Is the mention inside a prepositional phrase ("contre Maâmmar Kadhafi", "dans le nord du
    Mali"), whatever noun it hangs on, or an adjective ("le secteur rebelle")? Only a bare noun
    phrase (or an agent, "par") can be a subject the parser lost."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    t = span.root
    if t.dep_ == "amod" and m.actor.kind not in ("military", "police", "state"):
        # "la partie rebelle de la ville": where the rebels hold, not rebels acting ("une opération
        # militaire" is the forces')
        return True
    for _ in range(8):
        cases = {fold(c.text.lower()) for c in t.children if c.dep_ == "case"}
        of = bool(cases) and cases <= {"de", "du", "des", "d'"}
        if t.dep_ == "appos" and not cases:
            return False  # "Le général à la retraite, Khalifa Haftar, a affirmé": a name set apart
        if t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN") and (
                t.dep_ in ("flat:name", "flat") or (of and t.dep_.startswith("nmod"))):
            t = t.head  # "les avions de l'armée syrienne": the phrase is "les avions ..."
            continue
        return bool(cases - {"par"})
    return False


def clash_sides(registry: ActorRegistry, hit: Hit, sent: Span, mentions: list[ActorMention],
                blocked: Sequence[tuple[int, int]], dominant_country: Place | None,
                patients: Sequence[tuple[int, int]] = ()) -> tuple[ActorMention, ActorMention | None] | None:
    """"des affrontements entre les manifestants et les forces de sécurité", "des combats ont opposé
    des forces du gouvernement à celles de Fajr Libya": the sides are named after the noun, in an
    order the parser often gets wrong. The state's forces are the actor, the other side the
    target; with only an armed group named, the forces of the country where it happens fight it
    (also when the group is named as the fallen: "17 terroristes ont été tués au cours des combats")."""
    text = doc_text(sent.doc)
    hi = min(sent.end_char, hit.end + CLASH_WINDOW)
    sides: list[ActorMention] = []
    for m in mentions:
        if not (hit.end <= m.start and m.end <= hi) or any(s <= m.start < e for s, e in blocked):
            continue
        if m.actor.kind == "state" and (m.metonym or LOCATIVE_OR_ORIGIN_BEFORE.search(fold(text[max(0, m.start - 30):m.start]))):
            continue  # "combats en Syrie": where, not who
        sides.append(m)
    if not sides:
        sides = [m for m in mentions if sent.start_char <= m.start < sent.end_char and m.actor.kind == "armed_group"
                 and any(s <= m.start < e for s, e in patients)]
    state = next((m for m in sides if m.actor.kind in ("state", "military", "police") and m.actor.country), None)
    others = [m for m in sides if state is None or m.actor.country != state.actor.country]
    named = [m for m in others if m.actor.name not in generic_names(registry)]
    other = named[0] if named else (others[0] if others else None)
    if state is not None:
        return state, other
    if other is None or other.actor.kind != "armed_group" or dominant_country is None:
        return None
    if fold(text[hit.end:hit.end + 10]).lstrip().startswith("entre"):
        return None  # "entre les forces d'un général à la retraite et des milices": both sides told
    forces = localise(registry, Actor("Security forces", "military"), dominant_country)
    if forces is None or forces.country is None:
        return None
    return ActorMention(forces, hit.start, hit.start, ""), other


def crowd(sent: Span, mentions: list[ActorMention], blocked: Sequence[tuple[int, int]]) -> ActorMention | None:
    """"la manifestation était interdite, mais les partisans de X l'ont maintenue": a protest's
    actor is the crowd its sentence names (protesters, supporters, a party)."""
    blocked = [*blocked, *_aims(sent)]
    return next((m for m in mentions if sent.start_char <= m.start < sent.end_char
                 and m.actor.kind in _CROWD_KINDS and not any(s <= m.start < e for s, e in blocked)), None)


def unnamed_crowd(registry: ActorRegistry, hit: Hit) -> ActorMention | None:
    """"Des centaines de personnes se sont rassemblées", "la foule a défilé": a protest whose subject is
    a crowd no name tells is done by protesters (named later by the country of its place)."""
    if hit.pos != "verb":
        return None  # "lors d'une émeute à Paris, un jeune homme a été": the subject of a noun's verb may be anyone
    verb = hit.token
    # "se sont rassemblées" is parsed as a passive with "se"
    reflexive = any(c.dep_ == "expl:pass" for c in verb.children)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" or (reflexive and c.dep_ == "nsubj:pass")), None)
    if subj is not None and fold(subj.lemma_.lower()) in QUANTITY_NOUNS:
        subj = next((c for c in subj.children if c.dep_ == "nmod"), None)  # "des centaines de personnes"
    protesters = registry.lookup("manifestants")
    if subj is None or protesters is None or fold(subj.lemma_.lower()) not in CROWD_NOUNS:
        return None
    return ActorMention(protesters, subj.idx, subj.idx + len(subj.text), subj.text)


def _aims(sent: Span) -> list[tuple[int, int]]:
    """"se sont rassemblés pour réclamer la libération des détenus": whom a crowd's aim names (what
    follows the verb of a clause of purpose) did not gather."""
    return [(t.idx + len(t.text), t.right_edge.idx + len(t.right_edge.text)) for t in sent
            if t.dep_ == "advcl" and t.pos_ == "VERB" and any(
                c.dep_ == "mark" and fold(c.text.lower()) in ("pour", "afin") for c in t.children)]


# Nothing but an article between a verb and a name: the name is the verb's object.
_RIGHT_AFTER = re.compile(r"\s*(?:(?:le|la|les|l['’])\s*)?$", re.IGNORECASE)


def fallback_target(lex: Lexicon, hit: Hit, sent: Span, mentions: list[ActorMention],
                    blocked: Sequence[tuple[int, int]]) -> ActorMention | None:
    text = doc_text(sent.doc)
    if hit.type in ("MEET", "CONSULT", "AGREE", "DEMAND"):
        # "a rencontré ... son homologue américain John Kerry", "s'est entretenu avec Donald Trump";
        # "a appelé le New York Times à cesser": whom one asks follows the verb at once
        reach = DEMAND_ADDRESSEE_WINDOW if hit.type == "DEMAND" else 120
        for m in mentions:
            if hit.end <= m.start < min(sent.end_char, hit.end + reach) and not any(s <= m.start < e for s, e in blocked) \
                    and (m.actor.kind in ("person", "state", "igo", "armed_group", "party", "ngo", "military", "police")
                         or (hit.type == "DEMAND" and m.actor.kind == "media")):
                # "son homologue américain John Kerry": the person the function is followed by
                named = next((n for n in mentions if m.end <= n.start <= m.end + 1 and n.actor.kind == "person"), None)
                return named if named is not None and m.actor.kind != "person" else m
    for m in mentions:
        if m.start < hit.end or m.end > sent.end_char or any(s <= m.start < e for s, e in blocked):
            continue
        if hit.pos == "verb" and _RIGHT_AFTER.match(text, hit.end, m.start):
            return m  # "ont frappé Kiev jeudi": a name right after the verb is its object, however parsed
        before = fold(text[max(hit.end, m.start - 40):m.start])
        if re.search(r"\b(" + "|".join(lex.targets_after) + r")\b", before):
            return m
    return None


def localise(registry: ActorRegistry, actor: Actor | None, dominant_country: Place | None) -> Actor | None:
    """"le gouvernement" named as a source: the government of the document's country."""
    if actor is None or actor.country or actor.kind not in ("state", "military", "police") or \
            dominant_country is None or not dominant_country.country:
        return actor
    alpha3 = alpha3_of(dominant_country.country)
    return (registry.organ_actor(alpha3, actor.kind) or actor) if alpha3 else actor


def generic_names(registry: ActorRegistry) -> frozenset[str]:
    return frozenset(a.name for a in getattr(registry, "generic", ()))
