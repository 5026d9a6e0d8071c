"""Where an event happened and in which clause its day is told: the places of its sentence, most
specific first ("à Jisr al-Choughour, dans la province d'Idleb" is the town), the town a statement
was made from, the state an attack struck when no town is named, the evidence span, and the parts
of the sentence whose dates are the event's.
"""
from __future__ import annotations

import re

from collections.abc import Callable, Sequence

from spacy.tokens import Span

from ..nlp import doc_text
from ..records import Actor, Place, PlaceMention
from ..textnorm import fold
from .cues import AFTERMATH_WORDS, DURING_BEFORE, LANDMARK_BEFORE, ORIGIN_BEFORE
from .modality import governing_verb
from .triggers import Hit

# A country-level Place from an alpha-2 or alpha-3 code, None for none (Pipeline.country_place)
CountryPlace = Callable[[str | None], Place | None]

# How far (characters) a place may stand from its trigger and still be where the event happened.
MAX_PLACE_DISTANCE = 400


def places_for(hit: Hit, sent: Span, places: list[PlaceMention], blocked: Sequence[tuple[int, int]],
               others: Sequence[Hit] = ()) -> list[PlaceMention]:
    """Where the event of ``hit`` happened: the places of its sentence, most specific first, but not
    those of a clause that tells another event (``others``: the hits of the sentence's other events)."""
    blocked = list(blocked) + _clauses_of(hit, sent, others)
    inside = [(p, p.place) for p in places if p.place is not None and sent.start_char <= p.start
              and p.end <= sent.end_char and not any(s <= p.start < e for s, e in blocked)
              and abs(p.start - hit.start) <= MAX_PLACE_DISTANCE]
    if not inside:
        return []
    # "dans la ville de Bara, située au nord d'Al-Obeid": Al-Obeid only says where Bara is
    text = doc_text(sent.doc)
    inside = [(p, place) for p, place in inside if not (
        any(q.start < p.start for q, _ in inside) and LANDMARK_BEFORE.search(fold(text[max(0, p.start - 80):p.start])))]
    # "a acheminé depuis La Réunion une aide à Madagascar", "des roquettes tirées depuis le Liban": where it
    # came from is not where it happened (which the other places, or the party it reached, say)
    inside = [(p, place) for p, place in inside if not ORIGIN_BEFORE.search(fold(text[max(0, p.start - 30):p.start]))]
    located = any(place.precision != "country" for _, place in inside)
    keep = []
    for p, place in inside:
        if place.precision == "country" and located:
            continue  # "à Tessit, près des frontières avec le Burkina Faso": the town, not the countries
        if place.precision == "admin1" and any(_more_specific(text, p, q) for q, _ in inside if q is not p):
            continue
        keep.append(p)
    return keep


def _more_specific(text: str, p: PlaceMention, q: PlaceMention) -> bool:
    """Does ``q`` say more closely where the event was than ``p``, a division of its clause?"""
    division, other = p.place, q.place
    if division is None or other is None or (other.country, other.admin1) != (division.country, division.admin1):
        return False
    if other.precision == "point" and not q.fallback:
        # "à Jisr al-Choughour, dans la province d'Idleb": the town, not the province; and a locality the
        # gazetteer lacks, put in its division, beside a town that places it ("à Mulolya, à l'ouest
        # d'Oicha"), but not beside one listed with it ("à Jisr al-Choughour et à Jabal al-Zawiya")
        return not (p.fallback and _listed(text, p, q))
    if p.fallback:
        return False
    # a locality the gazetteer lacks, in that division ("à Hawach dans la province de Hama"); a second-level
    # division inside a first-level one ("dans le territoire de Beni (Nord-Kivu)": a first-level division's
    # Place names itself as its admin1, a second-level one its parent)
    return q.fallback or (division.name == division.admin1 and other.name != other.admin1)


# What stands between two places of one list, with or without their preposition: ", à", ", et à", " et ", ", ".
_LISTED_PLACE = re.compile(r"\s*(?:,\s*(?:et\s+)?|\s+et\s+)(?:(?:à|au|aux|dans|en)\s+(?:la\s+|le\s+|l['’]\s*)?)?")


def _listed(text: str, a: PlaceMention, b: PlaceMention) -> bool:
    """Are two places next to each other in one list ("à Jisr al-Choughour et à Jabal al-Zawiya")?"""
    first, second = (a, b) if a.start < b.start else (b, a)
    return _LISTED_PLACE.fullmatch(text, first.end, second.start) is not None


def coordinated_places(where: Sequence[PlaceMention], sent: Span) -> list[PlaceMention]:
    """The places after the first of ``where`` that the sentence coordinates with it, towns all
    ("à Mombasa, Kisumu et Eldoret", "À Quimper et à Vannes"): each is a place of its own."""
    if len(where) < 2 or where[0].place is None or where[0].place.precision != "point":
        return []
    first = sent.doc.char_span(where[0].start, where[0].end, alignment_mode="expand")
    if first is None:
        return []
    linked = {first.root.i}
    # "ont défilé dans la capitale, ainsi qu'à Chattogram": the parser may hang the next place, with its
    # own preposition, on the verb of the first
    verb = first.root.head if first.root.dep_.startswith("obl") else None
    out: list[PlaceMention] = []
    for p in sorted(where[1:], key=lambda q: q.start):
        span = sent.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None or p.place is None or p.place.precision != "point" or p.start < where[0].start:
            continue
        root = span.root
        # "à Anvers, à Bruxelles et à Liège": the parser may hang the second on the head of the first, or on
        # the verb
        sibling = root.head.i in (first.root.head.i, first.root.head.head.i) and _LISTED_PLACE.fullmatch(
            doc_text(sent.doc), out[-1].end if out else where[0].end, p.start) is not None
        if sibling or root.dep_ == "conj" and (root.head.i in linked or (verb is not None and root.head.i == verb.i and any(
                c.dep_ == "case" for c in root.children))):
            linked.add(root.i)
            out.append(p)
    return out


def _clauses_of(hit: Hit, sent: Span, others: Sequence[Hit]) -> list[tuple[int, int]]:
    """"ont tiré des drones contre des positions israéliennes tandis qu'Israël a bombardé le sud du
    Liban": the south of Lebanon is where the other clause's event happened (character spans)."""
    if not others:
        return []
    tok = hit.token
    out: list[tuple[int, int]] = []
    # (not so a noun of people, "a dispersé des manifestants à Dakar": they protested where they were dispersed)
    # (nor a noun that frames the other event, "ont interpellé quarante personnes à Tunis lors d'une manifestation")
    text = doc_text(sent.doc)
    framing = DURING_BEFORE.search(fold(text[max(0, tok.idx - 30):tok.idx]))
    if hit.pos == "noun" and not hit.weak and not framing and any(
            o.token.i == v.i for o in others for v in [governing_verb(tok)] if v is not None):
        # "a bombardé des camps à Sanaa, quatre jours après une attaque contre un site pétrolier": an
        # event told in a phrase of another event's verb has only the places of its own phrase
        lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
        out += [(sent.start_char, lo), (hi, sent.end_char)]
    for t in sent:
        if t.dep_ not in ("advcl", "conj", "acl:relcl", "parataxis", "dep") or t.left_edge.i <= tok.i <= t.right_edge.i:
            continue
        if any(t.left_edge.i <= o.token.i <= t.right_edge.i for o in others):
            out.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)))
    return out


def said_at(hit: Hit, sent_places: list[PlaceMention]) -> list[PlaceMention]:
    """"a appelé depuis Rafah", "a déclaré à Genève": a town in a complement of the verb of a
    statement is where it was made (the places a statement is about are its topic, not its place)."""
    if hit.pos != "verb":
        return []
    doc = hit.token.doc
    out = []
    for p in sent_places:
        if p.place is None or p.place.precision != "point":
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        t = span.root
        if t.head.i == hit.token.i and t.dep_.startswith("obl") and any(
                c.dep_ == "case" and fold(c.text.lower()) in ("depuis", "a", "au", "aux", "dans") for c in t.children):
            out.append(p)
    return out[:1]


def struck_country(actor: Actor | None, target: Actor | None, fallback: Place | None,
                   country_place: CountryPlace | None) -> Place | None:
    """"L'armée russe a frappé Kiev", no town named: an attack on a state is placed in that state,
    not in its author's, which the story's country often is."""
    if actor is None or target is None or not actor.country or not target.country or country_place is None:
        return None
    if target.country == actor.country or (fallback is not None and fallback.precision != "country"):
        return None
    own = country_place(actor.country)
    if fallback is not None and (own is None or fallback.country != own.country):
        return None
    return country_place(target.country)


def date_scope(hit: Hit, sent: Span) -> tuple[tuple[int, int], tuple[int, int] | None, list[tuple[int, int]]]:
    """Where in its sentence (relative offsets) a trigger's own date may be told, then an event
    noun's clause, and the clauses that tell other things: "a démenti mercredi avoir attaqué Kiev au
    cours de la journée écoulée" (the attack's day is in its own phrase), "a déclaré mardi que
    l'attaque a eu lieu lundi soir" (Monday, in the clause of the verb that tells the noun), "a
    rejeté l'implication de Moscou dans l'explosion survenue mardi soir" (Tuesday is the explosion's)."""
    tok = hit.token
    base = sent.start_char
    own = (tok.left_edge.idx - base, tok.right_edge.idx + len(tok.right_edge.text) - base)
    # an event noun's clause: the verb that tells it ("l'attaque a eu lieu lundi soir")
    verb = governing_verb(tok) if hit.pos == "noun" else None
    clause = None if verb is None or verb.i == tok.i else (
        verb.left_edge.idx - base, verb.right_edge.idx + len(verb.right_edge.text) - base)
    foreign = []
    for t in sent:
        # a clause on the trigger itself tells its circumstances ("l'accord signé samedi")
        if t.dep_ in ("acl", "acl:relcl", "advcl") and not (t.left_edge.i <= tok.i <= t.right_edge.i) and \
                t.head.i != tok.i:
            foreign.append((t.left_edge.idx - base, t.right_edge.idx + len(t.right_edge.text) - base))
    return own, clause, foreign


def evidence_span(hit: Hit, sent: Span, place_m: PlaceMention | None) -> tuple[int, int]:
    """The clause that reports the event: the trigger's clause, reaching its place."""
    v = hit.token if hit.pos == "verb" else (governing_verb(hit.token) or hit.token)
    lo = min(v.left_edge.idx, hit.start)
    hi = max(v.right_edge.idx + len(v.right_edge.text), hit.end)
    lo, hi = max(lo, sent.start_char), min(hi, sent.end_char)
    if place_m is not None:
        lo, hi = min(lo, place_m.start), max(hi, place_m.end)
    text = doc_text(sent.doc)
    if hi - lo < 40:  # a bare participle ("tués") is no evidence: the sentence is
        lo, hi = min(lo, sent.start_char), max(hi, sent.end_char)
    while lo < hi and text[lo] in " \n\t,;:«»\"'-–—(":
        lo += 1
    while hi > lo and text[hi - 1] in " \n\t,;:«»\"-–—(.":
        hi -= 1
    return lo, hi


def aftermath_place(next_sent: Span | None, next_hits: Sequence[Hit], places: list[PlaceMention],
                    paragraph_break: bool) -> PlaceMention | None:
    """Where an attack told without a place struck, when the next sentence of its paragraph tells its
    aftermath there: "11 missiles tirés par la Russie au cours de la nuit. Une femme a été blessée et
    des bâtiments endommagés à Odessa". Not when that sentence tells an attack of its own."""
    if next_sent is None or paragraph_break or any(h.type == "ASSAULT" and not h.weak for h in next_hits):
        return None
    if not any(fold(t.lemma_.lower()) in AFTERMATH_WORDS or fold(t.text.lower()) in AFTERMATH_WORDS
               for t in next_sent):
        return None
    return next((p for p in places if p.place is not None and p.place.precision != "country" and not p.fallback
                 and next_sent.start_char <= p.start < next_sent.end_char), None)
