"""Stage 3, the other parties of an event: who undergoes it (the subject of a passive, "ont subi
des pertes"), who comments on it or tells it rather than doing it, and events with several
parties (a reciprocal "s'accusent", coordinated attackers, a joint operation's partner).
``roles.py`` reads the actor and the target; these spans keep a victim, a commenter or a teller
from being taken for the actor, and these lists make one event per party.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Span, Token

from ..nlp import doc_text
from ..records import Actor, ActorMention
from ..textnorm import fold
from .cues import ACCUSING_VERBS, DESCRIBING_VERBS, JOINT_WORDS, LOCATIVE_BEFORE, QUANTITY_NOUNS, UNDERGO_VERBS
from .kinds import SPEECH_ACTS
from .roles import agent_of, mentions_in, most_specific, phrase_span, subject_of
from .triggers import Hit

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorRegistry

# Statements about an event whose speaker is no party to it: condemnation, denial, praise, demand.
COMMENT_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "DEMAND"}


def passive_subjects(doc: Doc) -> list[int]:
    """Indices of the subjects of passive verbs in a parse ("nsubj:pass", or "nsubj" of a head
    with an "aux:pass" child), found once per document on the arrays of the parse."""
    cached = doc.user_data.get("veille_passive_subjects")
    if cached is None:
        strings = doc.vocab.strings
        deps, heads = doc.to_array([DEP, HEAD]).T.tolist()  # HEAD is relative to the token
        nsubj_pass, nsubj, aux_pass = strings["nsubj:pass"], strings["nsubj"], strings["aux:pass"]
        passive_heads = {i + h for i, (d, h) in enumerate(zip(deps, heads)) if d == aux_pass}
        cached = doc.user_data["veille_passive_subjects"] = [
            i for i, (d, h) in enumerate(zip(deps, heads))
            if d == nsubj_pass or (d == nsubj and i + h in passive_heads)]
    return cached


def patient_spans(sent: Span) -> list[tuple[int, int]]:
    """Phrases that undergo an action ("Plusieurs soldats maliens ont été tués"): victims, never actors."""
    doc = sent.doc
    # (not who is accused of an act: "l'armée est accusée d'avoir mené une frappe" did the act)
    spans = [phrase_span(doc[i]) for i in passive_subjects(doc) if sent.start <= i < sent.end
             and not _accused_of_an_act(doc[i])]
    # "les forces de soutien rapide ont subi des pertes": who undergoes is the victim too
    spans += [phrase_span(c) for t in sent if fold(t.lemma_.lower()) in UNDERGO_VERBS
              for c in t.children if c.dep_ == "nsubj"]
    return spans


def _accused_of_an_act(subject: Token) -> bool:
    head = subject.head
    # "est accusée d'avoir mené une frappe", "est accusée d'une frappe"
    return fold(head.lemma_.lower()) in ACCUSING_VERBS and any(
        c.dep_ in ("xcomp", "ccomp", "obl:arg", "obl", "obl:mod") and c.pos_ in ("VERB", "AUX", "NOUN")
        and c.i > head.i for c in head.children)


def patient_mention(hit: Hit, mentions: Iterable[ActorMention],
                    patients: Sequence[tuple[int, int]]) -> ActorMention | None:
    sent_start = hit.token.sent.start_char
    for m in mentions:
        if m.start >= sent_start and any(s <= m.start < e for s, e in patients):
            return m
    return None


def commenter_spans(hit: Hit, hits: list[Hit]) -> list[tuple[int, int]]:
    """The subjects of the statements that govern an event ("le ministre a condamné l'attaque",
    "X a nié toute implication dans l'attaque", "Y a salué l'offensive"): who comments on an
    event is not its author."""
    if hit.type in SPEECH_ACTS:
        return []
    ancestors = {t.i for t in hit.token.ancestors}
    spans = []
    for v in hit.token.ancestors:
        if v.pos_ in ("VERB", "ADJ") and fold(v.lemma_.lower()) in DESCRIBING_VERBS:
            subj, passive = subject_of(v)
            namer = agent_of(v) if passive or subj is None else subj
            if namer is not None and namer.i not in ancestors:
                spans.append(phrase_span(namer, with_conjuncts=True))
    for h in hits:
        if h.type in COMMENT_TYPES and h.pos == "verb" and h.token.i in ancestors:
            if h.type == "REJECT" and hit.token.dep_ == "xcomp" and hit.token.head.i == h.token.i:
                continue  # "X a démenti avoir attaqué Kiev": who denies having done it is who is said to
            if hit.pos == "verb" and hit.token.dep_ == "advcl" and hit.token.head.i == h.token.i and \
                    not any(c.dep_.startswith("nsubj") for c in hit.token.children):
                continue  # "Après avoir rencontré Kerry, Lavrov a balayé ...": an adverbial clause without a
                # subject of its own is done by the speaker, who does not comment on it
            path = []  # the hit and its ancestors below the statement's verb
            for a in [hit.token, *hit.token.ancestors]:
                if a.i == h.token.i:
                    break
                path.append(a)
            if any(a.dep_ == "conj" and a.pos_ in ("VERB", "AUX") for a in path):
                continue  # "Kinshasa a accusé Kigali et ordonné l'expulsion de son diplomate": an act of its own
            subj, passive = subject_of(h.token)
            # "l'offensive a été qualifiée de barbare par l'UE": the agent comments
            speaker = agent_of(h.token) if passive or subj is None else subj
            # "La Cédéao, qui a imposé des sanctions, a exigé ...": an act told in a relative clause
            # of the speaker is the speaker's own, not one it comments on
            if speaker is not None and speaker.i not in ancestors:
                # with the names the parser coordinated to it ("Le secrétaire général, Antonio Guterres,")
                spans.append(phrase_span(speaker, with_conjuncts=True))
    return spans


def teller_spans(hit: Hit) -> list[tuple[int, int]]:
    """Who says that the event happened ("un responsable des garde-côtes a déclaré que le cargo avait
    été attaqué"): the subject of a verb whose clausal complement holds the trigger tells it, and
    is not, for that, its author."""
    spans = []
    t = hit.token
    for _ in range(6):
        if t.head.i == t.i:
            break
        if t.dep_ == "ccomp" and t.head.pos_ == "VERB":
            subj, _ = subject_of(t.head)
            if subj is not None:
                spans.append(phrase_span(subj))
        t = t.head
    return spans


def reciprocal(hit: Hit, mentions: list[ActorMention]) -> list[tuple[Actor, Actor]]:
    """"Américains et Russes s'accusent": each accuses the other."""
    tok = hit.token
    if not any(fold(c.text.lower()) in ("se", "s'") for c in tok.children):
        return []
    subj, _ = subject_of(tok)
    if subj is None:
        return []
    # coordinated subjects only: "Le mollah Baradar, négociateur des talibans, s'est entretenu avec
    # Donald Trump" is one party described twice, talking with another
    found_parts: list[ActorMention] = []
    for part in (subj, *[c for c in subj.children if c.dep_ == "conj"]):
        found = most_specific(mentions_in(phrase_span(part), mentions))
        if found is not None and all(found.actor.name != f.actor.name for f in found_parts):
            found_parts.append(found)
    if len(found_parts) != 2:
        return []
    # the party named first is the actor, as a reader (and the gold annotation) takes it
    a, b = (f.actor for f in sorted(found_parts, key=lambda f: f.start))
    return [(a, b), (b, a)]


def coordinated(hit: Hit, actor: Actor | None, mentions: list[ActorMention],
                registry: ActorRegistry | None = None) -> list[Actor]:
    """"les avions du gouvernement syrien et de l'armée russe ont pilonné": two attackers, two events;
    so are "des avions de combat américains et britanniques" (with the ``registry``'s nationalities)."""
    if actor is None:
        return []
    tok = hit.token
    if registry is not None and actor.country is not None:
        allied = _coordinated_nationalities(registry, actor, mentions, tok.doc)
        if allied:
            return [actor, *allied]
    joint = _joint_partner(tok, actor, mentions)
    if joint is not None:
        return [actor, joint]
    heads = []
    if hit.pos == "verb":
        subj, passive = subject_of(tok)
        heads = [agent_of(tok)] if passive else [subj]
    else:
        heads = [c for c in tok.children if c.dep_.startswith("nmod")]
        if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS:
            heads += [c for c in tok.head.children if c.dep_.startswith("nmod") and c.i != tok.i]
    for h in heads:
        if h is None:
            continue
        found: list[Actor] = []
        # "de l'aviation russe, Américains et Russes vont se réunir": a bare noun after a comma is
        # no conjunct of a "de" complement (a real one repeats "de" or its article)
        bare = [phrase_span(c, with_conjuncts=True) for c in h.subtree if c.dep_ == "conj"
                and c.head.dep_.startswith("nmod") and not any(x.dep_ in ("case", "det") for x in c.children)]
        # only conjuncts are coordinated: "la coalition dirigée par l'Arabie saoudite au Yémen"
        # names one attacker, its leader and where it fights
        conjuncts = [phrase_span(c, with_conjuncts=True) for c in h.subtree if c.dep_ == "conj"]
        text = doc_text(tok.doc)
        for m in mentions_in(phrase_span(h, with_conjuncts=True), mentions):
            if any(lo <= m.start < hi for lo, hi in bare):
                continue
            if m.actor.kind == "state" and LOCATIVE_BEFORE.search(fold(text[max(0, m.start - 30):m.start])):
                continue
            if m.actor.kind in ("state", "military", "police", "armed_group") and m.actor.country not in (
                    None, *[a.country for a in found]) or (m.actor.country is None and m.actor.kind == "armed_group"
                                                          and all(a.name != m.actor.name for a in found)):
                found.append(m.actor)
        if len(found) == 2 and any(a.name == actor.name or a.country == actor.country for a in found) \
                and conjuncts:
            return found
    return []


def _joint_partner(tok: Token, actor: Actor, mentions: list[ActorMention]) -> Actor | None:
    """"des opérations militaires conjointes avec la Résistance islamique": a joint operation's
    partner ("avec", "et") is a second author."""
    if not any(c.dep_ == "amod" and fold(c.lemma_.lower()) in JOINT_WORDS for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_.startswith("nmod") and any(x.dep_ == "case" and fold(x.text.lower()) == "avec" for x in c.children):
            found = most_specific(mentions_in(phrase_span(c), mentions))
            if found is not None and found.actor.name != actor.name:
                return found.actor
    return None


def _coordinated_nationalities(registry: ActorRegistry, actor: Actor, mentions: list[ActorMention],
                               doc: Doc) -> list[Actor]:
    """"des avions de combat américains et britanniques": the organ of each nationality coordinated to
    the one that named the actor, in the actor's mention."""
    out: list[Actor] = []
    for m in mentions:
        if m.actor is not actor and m.actor.name != actor.name:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for t in span if span is not None else ():
            # the adjective, or the noun it qualifies ("les forces françaises et maliennes": the parser
            # hangs the second adjective on the noun)
            if not any(a.pos_ == "ADJ" and (state := registry.nationality(a.text)) is not None
                       and state.country == actor.country for a in (t, *(x for x in t.children if x.dep_ == "amod"))):
                continue
            for c in t.children:
                other = registry.nationality(c.text) if c.dep_ == "conj" and c.pos_ == "ADJ" else None
                if other is not None and other.country and other.country != actor.country:
                    derived = registry.organ_actor(other.country, actor.kind) if actor.kind != "state" else other
                    if derived is not None and all(a.name != derived.name for a in out):
                        out.append(derived)
    return out
