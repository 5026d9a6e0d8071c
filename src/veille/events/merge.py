"""In-document merging and the passes over all of a document's events.

One event is told many times in a story ("l'attentat", "l'explosion", "cette attaque"), and
some facts need the whole document: the armed group a story is about, the denials that
dispute what others report, the country that names an unnamed crowd. So sentence events are
made first and joined here; how a trigger refers to events told before (``refers_back``,
``tells_another``, ``tells_several``) is read per sentence for this merge.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..countries import alpha3_of
from ..dates import WEEKDAYS
from ..geometry import km_between as _km
from ..records import Actor, ActorMention, DateValue, Event, Place
from ..textnorm import fold
from .cues import CAUSE_VERBS, CIRCUMSTANCE_NOUNS, CLAIM_NOUNS, QUANTITY_NOUNS, RESPONSE_NOUNS, STRIKING_VERBS
from .kinds import SPEECH_ACTS
from .roles import mentions_in, phrase_span
from .triggers import Hit

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorRegistry

# Reports of one event within a document: places closer than this are the same place.
SAME_PLACE_KM = 15.0
# A headline names the area of what its story tells ("tués par les ADF dans le territoire de Beni"
# for a village 30 km away): how far its place may lie from the story's.
HEADLINE_PLACE_KM = 100.0
# Types whose reports of one event use different words ("la manifestation", "les manifestants",
# "la marche"; "s'est entretenu", "une conversation téléphonique"): merged whatever their trigger.
ONE_EVENT_MANY_WORDS = {"PROTEST", "AID", "CONSULT", "MEET"}
# Types where actor and target are partners: a report may name them in either order.
SYMMETRIC_TYPES = {"MEET", "CONSULT", "AGREE"}


def acted_upon(hit: Hit, hits: list[Hit]) -> bool:
    """"L'armée a repoussé l'attaque": an attack that is the object of a verb of attack is the act
    that verb answers, not the same act ("mener une attaque" is one phrase, one act)."""
    return hit.type == "ASSAULT" and hit.pos == "noun" and hit.token.dep_ in ("obj", "obl:arg") and any(
        h.pos == "verb" and not h.phrase and h.type == hit.type and h.token.i == hit.token.head.i
        for h in hits)


def caused_by(hit: Hit, hits: list[Hit]) -> bool:
    """"Cette attaque a permis aux soldats d'éliminer 13 assaillants": what an event let someone do is
    another act than that event ("des frappes ont permis de neutraliser 30 terroristes", where no one
    else is named, is the strikes' own act)."""
    tok = hit.token
    return hit.pos == "verb" and tok.dep_ == "xcomp" and fold(tok.head.lemma_.lower()) in CAUSE_VERBS and any(
        c.dep_ in ("obl:arg", "iobj") for c in tok.head.children) and any(
        h is not hit and h.type == hit.type and h.pos == "noun" and h.token.head.i == tok.head.i
        and h.token.dep_.startswith("nsubj") for h in hits)


def tells_several(tok: Token) -> bool:
    """"plusieurs attaques", "des raids", "des dizaines de frappes": more than one event, told at once."""
    if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS:
        return True
    return "Plur" in tok.morph.get("Number", []) and not any(
        c.dep_ == "det" and fold(c.text.lower()) in ("les", "ces", "leurs", "ses") for c in tok.children)


def tells_another(tok: Token) -> bool:
    """"une autre attaque", "d'autres raids", "de nouvelles frappes": a new event, never a repeat
    of one told; "tués dans la riposte", "en représailles": the answer to the event told."""
    return any(fold(c.lemma_.lower()) in ("autre", "nouveau", "nouvelle") and c.i < tok.i for c in tok.children) \
        or _answers(tok) or _also_struck(tok)


def _also_struck(tok: Token) -> bool:
    """"La ville de Raqa a également été visée": a passive told "also" of its subject, another target
    struck, not the strike told before."""
    lemma = fold(tok.lemma_.lower())  # (the lemmatiser may leave "visée" as "vise")
    if lemma not in STRIKING_VERBS and lemma + "r" not in STRIKING_VERBS:
        return False  # ("un civil a aussi été tué": a victim, most often of the attack told)
    children = list(tok.children)
    return any(c.dep_ == "advmod" and fold(c.text.lower()) in ("egalement", "aussi") for c in children) and \
        any(c.dep_ == "aux:pass" for c in children) and any(c.dep_ == "nsubj:pass" for c in children)


def own_weekday(tok: Token) -> str | None:
    """The weekday a verb tells for itself ("qui avait rencontré mercredi", "a été reçu jeudi")."""
    return next((w for c in tok.children if (w := fold(c.text.lower())) in WEEKDAYS), None) \
        if tok.pos_ in ("VERB", "AUX") else None


def told_on_another_day(hit: Hit, hits: list[Hit]) -> bool:
    """Two verbs of one type in a sentence, each with its own weekday ("X, qui avait rencontré
    mercredi Y, a été reçu jeudi par Z"): two events, whoever the parse makes their actor."""
    day = own_weekday(hit.token)
    return day is not None and any(h.type == hit.type and h is not hit and own_weekday(h.token) not in (None, day)
                                   for h in hits)


def _answers(tok: Token) -> bool:
    """"tués dans la riposte", "abattus lors de la riposte", "en représailles": told as an answer."""
    for c in tok.children:
        lemma = fold(c.lemma_.lower())
        if c.dep_.startswith(("obl", "nmod")) and lemma in RESPONSE_NOUNS:
            return True
        if lemma in CIRCUMSTANCE_NOUNS and any(fold(g.lemma_.lower()) in RESPONSE_NOUNS for g in c.children):
            return True  # "lors de la riposte", "à la suite de représailles"
    return False


_DEFINITE = ("les", "la", "le", "l'", "ces", "cette", "ce", "cet")


def refers_back(tok: Token) -> bool:
    """A definite event noun ("les frappes", "cette attaque") refers back to an event already told;
    so does a bare participle of a definite noun ("les personnes arrêtées", "l'otage libéré")."""
    if tok.pos_ == "NOUN":
        return any(c.dep_ == "det" and fold(c.text.lower()) in _DEFINITE for c in tok.children)
    return tok.dep_ == "acl" and "Part" in tok.morph.get("VerbForm", []) and "Past" in tok.morph.get("Tense", []) \
        and not any(c.dep_.startswith(("aux", "obl", "obj")) for c in tok.children) and any(
            c.dep_ == "det" and fold(c.text.lower()) in _DEFINITE for c in tok.head.children)


def _has_point(p: Place | None) -> bool:
    return p is not None and p.lat is not None and p.precision != "country"


def _compatible(a: Actor | None, b: Actor | None, generic: frozenset[str]) -> bool:
    if a is None or b is None:
        return True
    if a.name in generic or b.name in generic:
        # "des hommes armés" and "Boko Haram" may be the same attackers; not "des assaillants" and the
        # army that repelled them
        unnamed, other = (a, b) if a.name in generic else (b, a)
        return not (unnamed.kind in ("armed_group", "unknown") and other.country is not None)
    return a.name == b.name or (a.country is not None and a.country == b.country)


def _same_parties(a: Event, b: Event, generic: frozenset[str]) -> bool:
    """Compatible actors; for partners (a meeting, a call), in either order."""
    if _compatible(a.actor, b.actor, generic):
        return True
    return a.type in SYMMETRIC_TYPES and None not in (a.target, b.target) and \
        _compatible(a.actor, b.target, generic) and _compatible(a.target, b.actor, generic)


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if _has_point(a) and _has_point(b):
        return _km(a, b) <= SAME_PLACE_KM
    return a.country == b.country and a.precision == b.precision


_PRECISION_RANK = {"point": 0, "admin1": 1, "country": 2}


def _within_country(a: Place | None, b: Place | None) -> bool:
    """"Mali: deux soldats tués dans une attaque" and "le village de Soumpi (...) a subi le passage des
    terroristes": a report placed only in a country is the report placed more precisely there."""
    if a is None or b is None or not a.country or a.country != b.country:
        return False
    return (a.precision == "country") != (b.precision == "country")


def _more_precise(a: Place | None, b: Place | None) -> bool:
    if a is None or a.lat is None:
        return False
    return b is None or _PRECISION_RANK.get(a.precision, 3) < _PRECISION_RANK.get(b.precision, 3)


def _same_day(a: DateValue, b: DateValue) -> bool:
    # a date taken from the publication (no expression in the text) does not contradict one that is told
    if not a.value or not b.value or a.text is None or b.text is None:
        return True
    return a.value == b.value


# Modes one report may tell of an event another tells more closely: "des frappes" (aerial by default)
# and "un drone a pris pour cible une voiture"
_FINER_MODES = {("aerial", "drone")}


def _compatible_modes(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b or "other" in (a, b) or (a, b) in _FINER_MODES or (b, a) in _FINER_MODES


def merge_reports(events: list[Event], generic: frozenset[str] = frozenset(),
                  several: frozenset[int] = frozenset(), headline_end: int = 0) -> list[Event]:
    """Repeated reports of one event in a document become one event (the first, completed).

    Same type, compatible actors and modes, same day, and the same place - or no
    place of their own for a repeat ("cette attaque"), which joins the last event
    of its type. A report placed only in a country joins one placed within it, unless
    it tells several events ("plusieurs attaques", ``several``: ids of such events). A headline
    (the text before ``headline_end``) tells the event its lead tells.
    """
    kept: list[Event] = []
    retold: set[int] = set()
    for ev in events:
        twin = None
        # a repeat names the event it refers to by any word ("des drones ... Ce bombardement"): its
        # mode is no evidence of another event
        candidates = [k for k in kept if k.type == ev.type and _same_parties(k, ev, generic)
                      and (ev.repeat or _compatible_modes(k.mode, ev.mode))]
        if ev.type != "ASSAULT" and ev.type not in ONE_EVENT_MANY_WORDS and not ev.repeat:
            # dispersing a march, banning it and arresting its leaders are three acts; an attack
            # retold as "l'attentat", "l'explosion" is one; so is a statement of one speaker retold
            # ("a prévenu", "a menacé")
            candidates = [k for k in candidates if k.trigger == ev.trigger or (
                ev.type in SPEECH_ACTS and k.actor is not None and ev.actor is not None
                and k.actor.name == ev.actor.name and (k.target is None or ev.target is None or k.target == ev.target))]
        if ev.distinct:
            candidates = []
        if ev.repeat and candidates:
            twin = candidates[-1]
        else:
            for k in candidates:
                if k.place_stand_in != ev.place_stand_in and k.location is not None and ev.location is not None \
                        and k.location.precision == ev.location.precision != "point" and k.evidence_end > headline_end:
                    # "à Jabal al-Zawiya" standing in as Idlib province is not "dans la zone d'Idleb"; the town
                    # a story goes on about is the town named before
                    continue
                vaguer = k if k.location is not None and k.location.precision == "country" else ev
                if (_same_place(k.location, ev.location) or (
                        _within_country(k.location, ev.location) and id(vaguer) not in several)) \
                        and _same_day(k.date, ev.date):
                    twin = k
                    break
        if twin is None:
            kept.append(ev)
            continue
        if twin.evidence_end <= headline_end <= ev.evidence_start:
            retold.add(id(twin))  # the headline's event, found below it
        if ev.mode and ev.mode != "other" and (twin.mode in (None, "other") or (twin.mode, ev.mode) in _FINER_MODES):
            twin.mode = ev.mode  # the more specific: "des frappes" then "un drone a pris pour cible"
        if twin.date.text is None and ev.date.text is not None:
            twin.date = ev.date  # a told date beats the publication date
        _complete(twin, ev, generic)
    if headline_end:
        kept = _fold_headline(kept, headline_end, generic, retold)
    # event ids are hashes of evidence and type: two events of one clause and type would share one
    seen: set[str] = set()
    unique = []
    for ev in kept:
        if ev.event_id in seen:
            continue
        seen.add(ev.event_id)
        unique.append(ev)
    return unique


def _fold_headline(events: list[Event], headline_end: int, generic: frozenset[str], retold: set[int]) -> list[Event]:
    """A headline's event is one its story tells below it, on a day the headline does not give and
    often with a mode it takes from another act of the headline ("attentat-suicide à Gwoza, l'ISWAP
    attaque une base à Monguno"): it joins the story's report at its place (or in its country), or,
    when it is the headline's only event of its type, the nearest report within HEADLINE_PLACE_KM
    ("tués par les ADF dans le territoire de Beni" for a village 30 km away). One the story already
    retold at its place (``retold``: ids) is that report; a day the headline tells is kept."""
    above = [e for e in events if e.evidence_end <= headline_end and id(e) not in retold]
    below = [e for e in events if e.evidence_start >= headline_end]
    dropped: set[int] = set()
    taken: set[int] = set()
    for h in above:
        only = sum(1 for e in above if e.type == h.type) == 1
        # the day of a headline's event is most often its story's; only one the headline says binds
        told_day = h.date.text is not None and h.date.text in h.evidence_text
        best: tuple[tuple[int, float], Event] | None = None
        for b in below:
            if b.type != h.type or id(b) in taken or b.distinct or not _same_parties(h, b, generic) or \
                    (told_day and not _same_day(h.date, b.date)):
                continue
            hl, bl = h.location, b.location
            if hl is None or bl is None or _same_place(hl, bl):
                rank = (0, 0.0)
            elif only and _has_point(hl) and _has_point(bl) and _km(hl, bl) <= HEADLINE_PLACE_KM:
                rank = (1, _km(hl, bl))
            elif only and hl.precision == "admin1" and bl.precision == "point" and hl.country == bl.country \
                    and hl.admin1 is not None and hl.admin1 == bl.admin1:
                rank = (1, 0.0)  # "dans la région de Sagaing" above, a town of that region below
            elif _within_country(hl, bl):
                rank = (2, 0.0)
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, b)
        if best is None:
            continue
        b = best[1]
        taken.add(id(b))
        dropped.add(id(h))
        if not b.mode or b.mode == "other":
            b.mode = h.mode or b.mode
        _complete(b, h, generic)
    return [e for e in events if id(e) not in dropped]


def _complete(twin: Event, ev: Event, generic: frozenset[str]) -> None:
    """What a report ``ev`` of the event ``twin`` adds to it (not a place, when it only refers back to it:
    "ces frappes" has no place of its own, the place it was given is the story's)."""
    if not ev.repeat and _more_precise(ev.location, twin.location):
        twin.location = ev.location  # the more precise report says where
    if twin.actor is None or (twin.actor.name in generic and ev.actor is not None and ev.actor.name not in generic):
        twin.actor = ev.actor
    twin.target = twin.target or ev.target
    twin.claimed_by = twin.claimed_by or ev.claimed_by
    for attr in ("killed", "injured"):
        theirs, ours = getattr(ev, attr), getattr(twin, attr)
        if theirs is not None and (ours is None or theirs < ours):
            setattr(twin, attr, theirs)  # the lowest figure reported
    twin.confidence = min(0.95, twin.confidence + 0.1)


def assign_main_perpetrator(events: list[Event], mentions: list[ActorMention],
                            generic: frozenset[str] = frozenset()) -> None:
    """Attacks told without their author belong to the armed group the story is about.

    News about an insurgency names the group once or twice ("attribuée au groupe Boko
    Haram") and then tells its attacks without naming it. When one armed group is
    named more than any other, it becomes the actor of the ground attacks that have
    none or an unnamed one ("deux kamikazes", "des hommes armés"; air strikes are not an
    insurgent's). Unnamed groups ("les terroristes") are not counted: they name no one.
    """
    counts: dict[str, tuple[int, Actor]] = {}
    for m in mentions:
        if m.actor.kind == "armed_group" and m.actor.aliases and m.actor.name not in generic:
            n, _ = counts.get(m.actor.name, (0, m.actor))
            counts[m.actor.name] = (n + 1, m.actor)
    if not counts:
        return
    ranked = sorted(counts.values(), key=lambda x: -x[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return
    main = ranked[0][1]
    for ev in events:
        unnamed = ev.actor is None or (ev.actor.name in generic and ev.actor.kind in ("armed_group", "unknown"))
        if ev.target is not None and ev.target.kind == "armed_group":
            continue  # "17 terroristes ont été éliminés": the group lost men, it did not strike
        if ev.type == "ASSAULT" and unnamed and ev.mode not in ("aerial", "drone", "shelling") and \
                (ev.target is None or ev.target.name != main.name) and main.name not in ev.commented_by:
            ev.actor = main


def mark_denials(events: list[Event]) -> None:
    """A REJECT by X disputes the events of X's side that others report (claimed_by someone else)."""
    for rej in events:
        denier = rej.actor
        if rej.type != "REJECT" or denier is None:
            continue
        side = denier.country or denier.name
        for ev in events:
            if ev is rej or ev.type in ("REJECT", "ACCUSE") or ev.actor is None or not ev.claimed_by:
                continue
            if (ev.actor.country or ev.actor.name) == side and ev.claimed_by != denier.name:
                ev.denied_by = ev.denied_by or denier.name


def name_crowds(registry: ActorRegistry, events: list[Event]) -> None:
    """An unnamed crowd that protests is named by the country where it protests ("des
    manifestants" in Algiers are "Algerian protesters"), in every event of the document where
    it acts or is acted upon (the police disperses the same crowd)."""
    named: dict[Actor, Actor] = {}
    protesters = registry.lookup("manifestants")
    for ev in events:
        if ev.type == "PROTEST" and ev.actor is not None and ev.actor.kind == "state" and ev.actor.country \
                and protesters is not None:
            # "des milliers d'Algériens ont manifesté": a people in the street, not its state
            ev.actor = registry.national(protesters, ev.actor.country) or ev.actor
    for ev in events:
        crowd = ev.actor
        if ev.type != "PROTEST" or crowd is None or crowd.kind != "civilians" or crowd in named:
            continue
        if ev.location is None or not ev.location.country:
            continue
        alpha3 = alpha3_of(ev.location.country)
        national = registry.national(crowd, alpha3) if alpha3 else None
        if national is not None:
            named[crowd] = national
    for ev in events:
        ev.actor = named.get(ev.actor, ev.actor) if ev.actor else None
        ev.target = named.get(ev.target, ev.target) if ev.target else None


def riots_are_protests(events: list[Event]) -> list[Event]:
    """"des manifestants ont pris d'assaut l'ambassade, incendiant des pneus": the violence of a crowd
    that protests in the same sentence is its protest turned riot (GUIDE: PROTEST covers riots), no
    attack besides it."""
    protests = [ev for ev in events if ev.type == "PROTEST" and ev.actor is not None]
    return [ev for ev in events if not (
        ev.type == "ASSAULT" and ev.actor is not None and any(
            p.actor == ev.actor and p.evidence_start < ev.evidence_end and ev.evidence_start < p.evidence_end
            for p in protests))]


def rejected_accusations(reject: Event, hit: Hit, mentions: list[ActorMention]) -> list[Event]:
    """"X a balayé les accusations de Y": Y accused X. The REJECT's target is Y."""
    out = []
    for c in hit.token.children:
        if c.dep_ not in ("obj", "obl:arg", "nsubj:pass") or fold(c.lemma_.lower()) not in CLAIM_NOUNS:
            continue
        accusers = [m for m in mentions_in(phrase_span(c), mentions)
                    if m.actor.kind != "civilians" and (reject.actor is None or m.actor.name != reject.actor.name)]
        if not accusers:
            continue
        first = min(accusers, key=lambda m: m.start)
        reject.target = reject.target or first.actor
        out.append(Event(doc_id=reject.doc_id, type="ACCUSE", evidence_start=reject.evidence_start,
                         evidence_end=reject.evidence_end, evidence_text=reject.evidence_text,
                         actor=first.actor, target=reject.actor, location=reject.location,
                         date=DateValue(None, None), claimed_by=None, denied_by=reject.actor.name if reject.actor else None,
                         confidence=0.5, trigger=fold(c.lemma_.lower())))
        # keep ids distinct: an ACCUSE shares its evidence with the REJECT but not its type
    return out
