"""Stage 3: who acts and who is acted upon, read from the dependency parse.

Subject or agent is the actor, object or "contre"/"sur" the target, a "de" complement the
author of an event noun; pronouns and "le groupe" continue the actors named before
(``ActorMemory``). What the parse leaves empty is filled from the sentence's surface by
``fallbacks.py``; these rules only follow arcs, which keeps them testable on one parse.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ..dates import DAY_WORDS
from ..nlp import doc_text
from ..records import Actor, ActorMention
from ..textnorm import fold
from .cues import (ACCUSING_VERBS, BACKER_BEFORE, FEATURE_NOUNS, GOVERNMENT_FUNCTIONS, GROUP_ANAPHORS, HEAD_OF_STATE,
                   IN_A_PLACE_BEFORE, NAME_PARTICLES, NOT_AN_ORGANISATION, PERSONAL_PRONOUNS, POSSESSIVES, QUANTITY_NOUNS)
from .lexicon import Lexicon
from .memory import ActorMemory
from .triggers import Hit

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorRegistry


# Types whose participle describes its noun as a doer ("les délégations réunies", "les troupes déployées")
_DONE_TOGETHER = {"MEET", "CONSULT", "AGREE", "PROTEST", "MOBILIZE"}
# "un accord entre Israël et le Hamas": the words that open and join the two parties of a deal or a meeting
_BETWEEN = re.compile(r"\s+entre\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?")
_AND_THEN = re.compile(r"\s+et\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?")
# Rank of an actor mention when a phrase holds several ("le chef de la diplomatie russe Sergueï
# Lavrov"): the most specific name wins.
_KIND_RANK = {"person": 0, "armed_group": 1, "igo": 1, "ngo": 1, "party": 1, "media": 1,
              "state": 2, "military": 3, "police": 3, "unknown": 4, "civilians": 5}


def phrase_span(tok: Token, *, with_conjuncts: bool = False) -> tuple[int, int]:
    """Character span of a noun phrase: the token and its dependents, relative clauses excluded,
    coordinated phrases only when asked ("Américains et Russes s'accusent")."""
    skip = {"acl:relcl", "acl", "parataxis", "advcl", "punct", "ccomp"}
    if not with_conjuncts:
        skip |= {"conj", "cc"}
    lo, hi = tok.idx, tok.idx + len(tok.text)
    stack = [c for c in tok.children if c.dep_ not in skip]
    # below the head, coordinated modifiers are the phrase's: "les chefs d'Etat et de gouvernement de l'UE"
    inner = skip - {"conj", "cc"}
    while stack:
        c = stack.pop()
        lo, hi = min(lo, c.idx), max(hi, c.idx + len(c.text))
        stack.extend(x for x in c.children if x.dep_ not in inner)
    return lo, hi


def mentions_in(span: tuple[int, int], mentions: list[ActorMention]) -> list[ActorMention]:
    """Mentions that begin in the phrase ("la coalition menée par Washington" reaches past the
    noun phrase of "coalition", into its participle)."""
    lo, hi = span
    return [m for m in mentions if lo <= m.start < hi]


def subject_of(v: Token) -> tuple[Token | None, bool]:
    head = v.head
    cc = next((c for c in v.children if c.dep_ == "cc" and c.i < v.i), None)
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    # "La veille, à Bruxelles, la ministre a exhorté": a day the parser made a second subject
    subjects = [c for c in subjects if fold(c.lemma_.lower()) not in DAY_WORDS] or subjects
    if len(subjects) > 1 and any(c.pos_ == "PROPN" for c in subjects):
        # "Les présidents français et ukrainien, Emmanuel Macron et Volodymyr Zelensky, ont évoqué": the
        # parser made the names in apposition a second subject; the names say who
        subjects = [c for c in subjects if c.pos_ == "PROPN"]
    for c in subjects:
        if c.dep_ == "nsubj":
            if cc is not None and head.i < c.i < cc.i and head.pos_ == "VERB":
                # "X a rejeté l'implication de Y et a appelé Z": the parser made the first verb's
                # object the second's subject; the second verb shares the first's subject
                return subject_of(head)
            return c, False
    for c in v.children:
        if c.dep_ == "nsubj:pass":
            return c, True
    if v.pos_ == "VERB" and "Fin" in (v.morph.get("VerbForm", []) + [a.morph.get("VerbForm", [""])[0] for a in v.children
                                                                     if a.dep_.startswith("aux")]):
        # "Dimanche, des miliciens Fano (...) ont revendiqué": the parser read "des" as "de les" and made
        # the subject an oblique; a noun so told before a finite verb with no subject is its subject
        told = next((c for c in v.children if c.i < v.i and c.dep_.startswith("obl") and c.pos_ == "NOUN"
                     and fold(c.lemma_.lower()) not in DAY_WORDS
                     and [fold(x.text.lower()) for x in c.children if x.dep_ == "case"] == ["des"]), None)
        if told is not None:
            return told, False
    infinitive = "Inf" in v.morph.get("VerbForm", []) or any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm", []) for c in v.children)  # "après avoir rencontré"
    if infinitive and v.head.i != v.i and v.dep_ in ("xcomp", "ccomp", "obl", "obl:arg") and \
            fold(v.head.lemma_.lower()) in ACCUSING_VERBS:
        # "accusant l'armée d'avoir frappé", "l'armée est accusée d'avoir mené une frappe": the accused acted
        accused = next((c for c in v.head.children if c.dep_ in ("obj", "nsubj:pass")), None)
        if accused is not None:
            return accused, False
    if infinitive and v.dep_ == "acl" and v.head.dep_ in ("obj", "nsubj:pass") and \
            fold(v.head.head.lemma_.lower()) in ACCUSING_VERBS:
        return v.head, False  # ... the parser hanging the act on the accused ("a accusé les forces d'avoir ouvert")
    if v.dep_ == "conj" and v.head.dep_ == "advcl" and any(
            c.dep_ == "mark" and fold(c.text.lower()) == "comme" for c in v.head.children) and v.head.head.i != v.head.i:
        # "X a démenti, comme l'avait affirmé Y, et a nié ...": the parser hangs the second verb on the
        # incise; it continues the main clause, whose subject it shares
        return subject_of(v.head.head)
    # "a justifié cette attaque en accusant le propriétaire": a gerund is done by its clause's subject
    gerund = v.dep_ == "advcl" and any(c.dep_ == "mark" and fold(c.text.lower()) == "en" for c in v.children)
    # ... and so is a present participle hung on the verb ("a suspendu la BBC, l'accusant de ...")
    gerund = gerund or (v.dep_ in ("advcl", "dep") and v.head.pos_ == "VERB" and "Part" in v.morph.get("VerbForm", [])
                        and "Pres" in v.morph.get("Tense", []))
    if v.head.i != v.i and (v.dep_ in ("xcomp", "conj") or gerund or (
            infinitive and v.dep_ in ("ccomp", "advcl", "acl", "obj"))):
        return subject_of(v.head)
    if v.pos_ == "NOUN" and v.head.i != v.i and v.head.pos_ == "VERB" and v.dep_.startswith(("obl", "obj")):
        # "il a insisté sur leur détermination à combattre l'armée": an infinitive under a noun is
        # done by the subject of the verb that governs the noun
        return subject_of(v.head)
    return None, False


def organ_where(v: Token, mentions: list[ActorMention]) -> ActorMention | None:
    """"L'ambassadeur a été convoqué au ministère français des Affaires étrangères": a passive
    without its agent, done at a state's organ, is that state's act."""
    text = doc_text(v.doc)
    for c in v.children:
        if c.i > v.i and c.dep_.startswith("obl") and any(
                x.dep_ == "case" and fold(x.text.lower()) in ("a", "au", "aux") for x in c.children):
            lo, hi = phrase_span(c)
            found = [m for m in mentions if lo <= m.start < hi and m.actor.kind == "state" and m.actor.country
                     and not m.metonym and not text[m.start:m.end][:1].isupper()]
            if found:
                return found[0]
    return None


def agent_of(v: Token) -> Token | None:
    # "par" introduces an agent only in the passive ("a été visée par"); with an active verb it
    # is a means: "s'est entretenu par téléphone avec Donald Trump"
    passive = any(c.dep_ == "aux:pass" for c in v.children) or (
        "Part" in v.morph.get("VerbForm", []) and not any(c.dep_.startswith("aux") for c in v.children))
    def by(t: Token) -> bool:
        # "par son homologue", "par les talibans", "par Washington"; not "par intérim", "par balle"
        return any(x.dep_ == "case" and fold(x.text.lower()) == "par" for x in t.children) and (
            t.pos_ in ("PROPN", "PRON") or any(x.dep_ == "det" for x in t.children))

    for c in v.children:
        if c.dep_ == "obl:agent" or (passive and c.dep_.startswith("obl") and by(c)):
            return c
    if passive and any(c.dep_ == "aux:pass" for c in v.children):
        # "a été reçu à la Maison Blanche par son homologue": the parser hung the agent lower
        for t in v.subtree:
            if t.i > v.i and t.dep_.startswith(("nmod", "obl")) and by(t):
                return t
    if passive and v.dep_ == "acl":
        # "un rapport rejeté dès vendredi soir par le gouvernement": the parser hung the agent on a
        # word of the participle's noun phrase
        for t in v.head.subtree:
            if t.i > v.i and (t.dep_ == "obl:agent" or (t.dep_.startswith(("nmod", "obl")) and by(t))):
                return t
    return None


def actor_from_token(registry: ActorRegistry, tok: Token, mentions: list[ActorMention], memory: ActorMemory) -> ActorMention | None:
    if tok.dep_ == "obj" and fold(tok.text.lower()) in ("l'", "le", "la", "les") and tok.head.head.i != tok.head.i:
        # "a suspendu la diffusion de la BBC, l'accusant": the clitic (tagged a pronoun or an article) takes
        # up the main verb's object
        main = next((c for c in tok.head.head.children if c.dep_ == "obj"), None)
        if main is not None and main.i < tok.i:
            return most_specific(mentions_in(phrase_span(_past_the_day(main)), mentions))
    if tok.pos_ == "PRON":
        if fold(tok.lemma_.lower()) == "celui":
            # "plusieurs armées, dont celle du Sénégal, se disent prêtes": the one its complement names
            return most_specific(mentions_in(phrase_span(tok), mentions))
        if fold(tok.text.lower()) == "qui" and tok.head.dep_ == "acl:relcl":
            return most_specific(mentions_in(phrase_span(tok.head.head), mentions))
        if fold(tok.text.lower()) in PERSONAL_PRONOUNS:
            # "Le président américain a affirmé qu'il approuvait": the speaker
            found = _reporter(tok, mentions)
            if found is not None:
                return found
            # "L'attentat a été revendiqué par l'organisation Etat islamique (...). Mais elle a mené":
            # the subject of a sentence continues the one before
            return memory.topic or memory.last_person or memory.last_actor
        return None
    span = phrase_span(tok)
    inside = mentions_in(span, mentions)
    # "des détenus palestiniens en Israël": a country after "en", "au", "dans" says where they are
    text = doc_text(tok.doc)
    who = [m for m in inside if not (m.actor.kind == "state" and IN_A_PLACE_BEFORE.search(fold(text[max(0, m.start - 12):m.start])))
           and not BACKER_BEFORE.search(fold(text[max(0, m.start - 30):m.start]))]
    found = most_specific(who or inside)
    # "par son homologue américain Barack Obama", the name misparsed out of the phrase: the person, whatever
    # the phrase names ("homologue américain": the United States)
    after = next((m for m in mentions if span[1] <= m.start <= span[1] + 1 and m.actor.kind == "person"), None)
    if after is not None and (found is None or found.actor.kind != "person"):
        return after
    if found is not None:
        return found
    unknown = _unregistered_person(tok) or _titled_person(tok, registry) or _unregistered_acronym(tok) or \
        _unregistered_name(registry, tok)
    if unknown is not None:
        return unknown
    lemma = fold(tok.lemma_.lower())
    if lemma in GROUP_ANAPHORS:
        # "la coalition" is the coalition named before, not the last group named; but any group is
        # "le groupe", whatever word its name was written with ("le groupe jihadiste Boko Haram")
        if lemma == "groupe":
            return memory.last_group or memory.last_called(lemma)
        return memory.last_called(lemma) or memory.last_group
    for c in tok.children:
        # "le commandement central de la guérilla a rejeté": the leaders of the group told before
        of_the = any(x.dep_ == "case" and fold(x.text.lower()) == "du" for x in c.children) or (
            any(x.dep_ == "case" and fold(x.text.lower()) == "de" for x in c.children)
            and any(x.dep_ == "det" and fold(x.text.lower()) in ("la", "le", "l'") for x in c.children))
        if c.dep_ == "nmod" and c.i > tok.i and of_the and fold(c.lemma_.lower()) in GROUP_ANAPHORS:
            return memory.last_called(fold(c.lemma_.lower())) or memory.last_group
    if lemma == "dernier" and any(fold(c.text.lower()) in ("ce", "cette") for c in tok.children):
        return memory.last_person or memory.last_actor  # "ce dernier": the one just named
    said = fold(doc_text(tok.doc)[tok.idx:tok.right_edge.idx + len(tok.right_edge.text)].lower())
    if said in HEAD_OF_STATE:
        # "Le chef de l'État" told again: the head of state named before, with any of its names
        named = [m for noun in HEAD_OF_STATE if (m := memory.last_organ(noun)) is not None]
        if named:
            return max(named, key=lambda m: m.start)
        if said.startswith("chef de"):
            # "Le chef de l'État a accusé l'ELN", no head of state named before: the state the story is
            # about (extract.py places it in the document's country)
            return _government(registry, tok)
    if any(said == f or said.startswith(f + " ") for f in GOVERNMENT_FUNCTIONS):
        # "le ministre de l'Intérieur a dénoncé des casseurs": a member of the government, unnamed; the one
        # named before if the text did ("le ministère russe de la Défense (...) le ministère de la Défense")
        return memory.last_organ(fold(tok.text.lower())) or _government(registry, tok)
    if registry.is_organ_noun(tok.text):
        if any(c.dep_ == "det" and fold(c.text.lower()) in POSSESSIVES for c in tok.children):
            # "Africom a annoncé que ses forces avaient mené une frappe": the forces of who tells it
            found = _reporter(tok, mentions)
            if found is not None:
                return found
        if any(c.dep_ == "det" for c in tok.children):
            # "l'ambassade russe (...) l'ambassade a appelé": the organ named before
            noun = fold(tok.text.lower())
            return memory.last_organ(noun) or memory.last_of(noun, text)
        # "des ambassadeurs des 15 pays siégeant au Conseil de sécurité": whom they represent
        lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
        return next((m for m in mentions if lo <= m.start and m.end <= hi
                     and m.actor.kind in ("igo", "state") and not m.metonym), None)
    return None


def _reporter(tok: Token, mentions: list[ActorMention]) -> ActorMention | None:
    """The named subject of the verb that reports the clause ``tok`` is the subject of."""
    clause = tok.head
    if clause.dep_ in ("ccomp", "xcomp", "advcl") and clause.head.i != clause.i:
        subj, _ = subject_of(clause.head)
        if subj is not None and subj.i != tok.i and subj.pos_ != "PRON":
            return most_specific(mentions_in(phrase_span(subj), mentions))
    return None


def most_specific(ms: list[ActorMention]) -> ActorMention | None:
    if not ms:
        return None
    return min(ms, key=lambda m: (_KIND_RANK.get(m.actor.kind, 4) if m.actor.aliases or m.actor.kind == "person"
                                  else 3, m.start))


def roles(lex: Lexicon, registry: ActorRegistry, hit: Hit, mentions: list[ActorMention], memory: ActorMemory) -> tuple[
        ActorMention | None, ActorMention | None]:
    tok = hit.token
    actor = target = None
    if hit.pos == "verb":
        subj, passive = subject_of(tok)
        passive = passive or any(c.dep_ == "aux:pass" for c in tok.children) or (
            tok.pos_ == "ADJ" and "Part" in tok.morph.get("VerbForm", []))
        agent = agent_of(tok)
        if agent is not None:
            actor = actor_from_token(registry, agent, mentions, memory)
        # "la frappe, menée près de Jilib, dans le sud de la Somalie, a détruit un véhicule": a subject
        # that is the event itself names no author with the names inside its phrase
        elif subj is not None and not passive and not lex.is_event_noun(subj.lemma_, hit.type) and \
                not _relative_of_event(lex, subj, hit.type):
            actor = actor_from_token(registry, subj, mentions, memory)
        if subj is None and tok.dep_ == "acl" and hit.type not in _DONE_TOGETHER and \
                "Part" in tok.morph.get("VerbForm", []) and not any(c.dep_.startswith("aux") for c in tok.children):
            # "le président Mohamed Bazoum renversé le 26 juillet": the noun a participle modifies
            # underwent it ("les délégations réunies à Genève" met: they are its actors)
            target = actor_from_token(registry, tok.head, mentions, memory)
            passive = True
        if passive and subj is not None:
            target = actor_from_token(registry, subj, mentions, memory)
            if actor is None:
                actor = organ_where(tok, mentions)
        elif not passive:
            objects = [_past_the_day(c) for c in tok.children if c.dep_ in ("obj", "iobj")]
            # ... and a bare name the parser took for a modifier ("a attaqué Kiev mercredi")
            obliques = [c for c in tok.children if c.dep_.startswith("obl") and (any(
                fold(x.text.lower()) in ("contre", "sur", "a", "au", "aux", "avec") for x in c.children
                if x.dep_ == "case") or (c.i > tok.i and c.pos_ == "PROPN" and not any(
                    x.dep_ == "case" for x in c.children)))]
            # "ont pris jeudi pour cible des bases de X": what "cible" names is the target, whatever the
            # parser made objects of
            aimed = [c for c in tok.children if c.dep_.startswith("obl") and fold(c.lemma_.lower()) == "cible"]
            if aimed and not any(c.dep_.startswith("nmod") for c in aimed[0].children):
                # ... or the complement the parser hung on the verb just after it
                aimed = [c for c in tok.children if c.i > aimed[0].i and c.dep_.startswith(("obj", "obl"))][:1]
            for c in aimed + objects + obliques:
                target = actor_from_token(registry, c, mentions, memory)
                if target:
                    break
            if subj is not None:
                # the party coordinated to the subject, rather than a name inside the deal's phrase
                target = _partner(registry, hit, subj, mentions, memory) or target
    else:
        of_complement = None  # the actor a "de" complement names ("l'attaque des talibans")
        # "les manifestants irakiens", "les partisans de X ont manifesté": the noun names who acts
        actor = next((m for m in mentions if m.start <= hit.start and hit.end <= m.end
                      and m.actor.kind not in ("state", "military", "police")), None)
        complements = list(tok.children)
        # "la visite dimanche des ambassadeurs": a bare modifier (a day) is no complement of its own;
        # the parser hangs the next ones on it
        complements += [x for c in tok.children if c.dep_.startswith("nmod") and not any(
            y.dep_ == "case" for y in c.children) for x in c.children if x.dep_.startswith("nmod")]
        if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS:
            # "des dizaines de frappes du régime": the parser hangs the author on the count
            complements += [c for c in tok.head.children if c.i != tok.i]
        for c in complements:
            cases = {fold(x.text.lower()) for x in c.children if x.dep_ == "case"}
            if c.dep_.startswith("nmod") and cases & {"de", "du", "des", "d'"} and hit.lemma in lex.patient_nouns:
                # "l'arrestation du journaliste", "la libération de trente détenus": who undergoes it
                target = target or actor_from_token(registry, c, mentions, memory)
            elif c.dep_.startswith("nmod") and cases & {"de", "du", "des", "d'"} and actor is None:
                actor = actor_from_token(registry, c, mentions, memory)
                of_complement = actor
            elif c.dep_.startswith("nmod") and cases & {"contre", "sur"} and target is None:
                target = actor_from_token(registry, c, mentions, memory)
            elif c.dep_ in ("acl", "acl:relcl"):
                agent = agent_of(c)
                if agent is not None and actor is None:
                    actor = actor_from_token(registry, agent, mentions, memory)
        if actor is None:
            # "des frappes aériennes russes", "les raids israéliens": the adjective names who struck; so
            # it does after a bare "de" complement, the parser hanging it there ("une frappe de drone israélienne")
            # (a weapon, not people undergoing it: "l'enlèvement de trois militaires français")
            bare = [x for c in tok.children if c.dep_.startswith("nmod") and hit.type == "ASSAULT"
                    and hit.lemma not in lex.patient_nouns
                    and not any(y.dep_ in ("det", "nummod") for y in c.children)
                    and any(y.dep_ == "case" and fold(y.text.lower()) in ("de", "d'") for y in c.children)
                    for x in c.children]
            for c in [*tok.children, *bare]:
                if c.dep_ == "amod" and c.pos_ == "ADJ":
                    state = registry.nationality(c.text)
                    if state is not None and state.country:
                        derived = registry.organ_actor(state.country, "military") or state
                        actor = ActorMention(derived, c.idx, c.idx + len(c.text), c.text)
                        break
        between = _between(tok, mentions) if hit.type in ("MEET", "CONSULT", "AGREE") else None
        if between is not None:
            # "a annoncé un accord entre Israël et le Hamas": the parties are those "entre" names, not who tells it
            actor, target = between
        head = tok.head
        if tok.dep_.startswith(("nmod", "obj")) and fold(head.lemma_.lower()) in DAY_WORDS and head.head.i != head.i:
            head = head.head  # "ont adopté jeudi de nouvelles sanctions": the parser hangs the noun on the day
        if actor is None and tok.dep_.startswith("obl") and fold(head.lemma_.lower()) in ACCUSING_VERBS:
            # "l'armée, accusée d'une frappe meurtrière": the accused struck
            accused = next((c for c in head.children if c.dep_ in ("obj", "nsubj:pass")), None) or (
                head.head if head.dep_ == "acl" else None)
            if accused is not None:
                actor = actor_from_token(registry, accused, mentions, memory)
        if (actor is None or (actor is of_complement and hit.type == "ASSAULT")) and \
                tok.dep_ in ("obj", "obl:arg", "obl", "nmod", "obl:mod") and fold(head.lemma_.lower()) in lex.light_verbs:
            # "des miliciens ont revendiqué l'attaque d'un camp militaire": who claims or leads an attack
            # did it, and the "de" complement is then what it struck (a deployment's are the troops sent)
            subj, passive = subject_of(head)
            named = actor_from_token(registry, subj, mentions, memory) if subj is not None and not passive else None
            if named is not None or actor is None:
                target = target or (actor if named is not None else None)
                actor = named
                if subj is not None and not passive:
                    target = target or _partner(registry, hit, subj, mentions, memory)
        if actor is None and hit.type in ("MEET", "CONSULT") and tok.dep_.startswith(("nmod", "obl")) and any(
                c.dep_.startswith("nmod") and any(x.dep_ == "case" and fold(x.text.lower()) == "avec" for x in c.children)
                for c in tok.children):
            # "Au cours d'un entretien téléphonique avec X, Y a répondu": who speaks in the call took part in it
            verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
            subj, passive = subject_of(verb) if verb is not None else (None, False)
            if subj is not None and not passive:
                actor = actor_from_token(registry, subj, mentions, memory)
        passive_head = tok.dep_ == "nsubj:pass" or any(c.dep_ == "aux:pass" for c in head.children) or (
            "Part" in head.morph.get("VerbForm", []) and not any(c.dep_.startswith("aux") for c in head.children))
        if actor is None and passive_head and (tok.dep_ in ("nsubj:pass", "nsubj") or (
                tok.dep_.startswith("obl") and any(c.dep_ == "acl" for c in tok.children))):
            # "la frappe a été menée par X"; not "cette attaque survient après le rejet par X"; "ont été
            # tués dans une embuscade tendue par X": the parser hangs the participle's agent on the verb
            agent = agent_of(head)
            if agent is not None:
                actor = actor_from_token(registry, agent, mentions, memory)
    if actor is not None and target is not None and actor.actor == target.actor:
        target = None
    return actor, target


def _between(tok: Token, mentions: list[ActorMention]) -> tuple[ActorMention, ActorMention] | None:
    """The two parties an event noun's "entre X et Y" complement names, in the order written."""
    for c in tok.children:
        if c.dep_.startswith("nmod") and any(x.dep_ == "case" and fold(x.text.lower()) == "entre" for x in c.children):
            lo, hi = phrase_span(c, with_conjuncts=True)
            parties: list[ActorMention] = []
            for m in sorted(mentions_in((lo, hi), mentions), key=lambda m: m.start):
                if all(m.actor.name != p.actor.name for p in parties):
                    parties.append(m)
            if len(parties) == 1:
                # "entre Vladimir Poutine et Xi Jinping a eu lieu": the parser made the second the verb's subject
                text = doc_text(tok.doc)
                parties += [m for m in mentions if m.start > hi and _AND_THEN.fullmatch(text[hi:m.start])][:1]
            if len(parties) == 2:
                return parties[0], parties[1]
    # ... the parser hung "entre Israël et le Hamas" on the verb: read the words after the noun
    text = doc_text(tok.doc)
    end = tok.idx + len(tok.text)
    opened = _BETWEEN.match(text, end)
    if opened is None:
        return None
    first = next((m for m in mentions if m.start == opened.end()), None)
    second = next((m for m in mentions if first is not None and m.start > first.end
                   and _AND_THEN.fullmatch(text[first.end:m.start])), None)
    if first is None or second is None or first.actor.name == second.actor.name:
        return None
    return first, second


def _partner(registry: ActorRegistry, hit: Hit, subj: Token, mentions: list[ActorMention],
             memory: ActorMemory) -> ActorMention | None:
    """"Le Hamas et Israël ont conclu un accord": in a deal or a meeting, the party coordinated to the
    subject is the other party (not a mediator named after: "sous l'égide du Qatar")."""
    if hit.type not in ("MEET", "CONSULT", "AGREE"):
        return None
    partner = next((c for c in subj.children if c.dep_ == "conj"), None)
    return actor_from_token(registry, partner, mentions, memory) if partner is not None else None


def _unregistered_person(tok: Token, any_role: bool = False) -> ActorMention | None:
    """"Evan Gershkovich, un reporter (...), a nié": a first and last name the parser joined, that the
    registry does not know, is a person of that name (the registry knows states, groups and public figures)."""
    if tok.pos_ != "PROPN" or (not any_role and tok.dep_ not in ("nsubj", "nsubj:pass", "obl:agent")):
        return None
    parts = [tok, *[c for c in tok.children if c.dep_ == "flat:name" and c.i > tok.i]]
    if not 2 <= len(parts) <= 4 or parts[-1].i - tok.i != len(parts) - 1:
        return None
    if not all(p.text[:1].isupper() and p.text[1:].islower() and p.text.isalpha() and len(p.text) > 1 for p in parts):
        return None
    if fold(parts[0].text.lower()) in FEATURE_NOUNS:
        return None  # "Mer Rouge : les Houthis revendiquent": a sea, no person
    start, end = tok.idx, parts[-1].idx + len(parts[-1].text)
    name = doc_text(tok.doc)[start:end]
    return ActorMention(Actor(name, "person"), start, end, name)


def _unregistered_acronym(tok: Token, any_role: bool = False) -> ActorMention | None:
    """"La CGT a menacé de bloquer les raffineries", "la centrale syndicale UGTT": an acronym the
    registry does not know, as the subject, is an organisation of that name (its kind unknown)."""
    if tok.pos_ not in ("PROPN", "NOUN") or (not any_role and tok.dep_ not in ("nsubj", "nsubj:pass")):
        return None
    if not (2 <= len(tok.text) <= 8 and tok.text.isalpha() and tok.text.isupper()):
        return None
    return ActorMention(Actor(tok.text, "unknown"), tok.idx, tok.idx + len(tok.text), tok.text)


def _titled_person(tok: Token, registry: ActorRegistry) -> ActorMention | None:
    """"La cheffe de la diplomatie européenne Kaja Kallas a exhorté": a subject that is a function
    noun, the unknown name after it (hung anywhere in its phrase) is who acts."""
    if tok.pos_ not in ("NOUN", "ADJ") or tok.dep_ not in ("nsubj", "nsubj:pass", "obl:agent"):  # ("syndicale": ADJ)
        return None
    for t in tok.subtree:
        if t.i > tok.i and t.pos_ == "PROPN" and (t.dep_ in ("nmod", "appos", "flat:name") or _set_apart(t, tok)) and \
                not any(c.dep_ == "case" for c in t.children):
            # an acronym names the subject noun itself ("la centrale syndicale UGTT"), not what it holds
            # ("les ouvriers de l'entreprise AMI")
            return _unregistered_person(t, any_role=True) or _name_run(t) or (
                _unregistered_acronym(t, any_role=True) if t.head.i == tok.i else None)
        if t.i > tok.i and t.head.i == tok.i and t.dep_ == "nmod" and t.text[:1].isupper() \
                and any(c.dep_ == "case" and fold(c.text.lower()) in ("de", "du", "des") for c in t.children):
            # "les porte-parole du Front commun ont menacé": the organisation the function is of
            organisation = _unregistered_name(registry, t, any_role=True)
            if organisation is not None:
                return organisation
        if t.i > tok.i and t.head.i == tok.i and t.dep_ == "amod":
            # ... which the parser may take for a modifier of it ("la centrale syndicale CSTB")
            acronym = _unregistered_acronym(t, any_role=True)
            if acronym is not None:
                return acronym
    return None


def _set_apart(t: Token, noun: Token) -> bool:
    """"Le haut-commissaire pour la paix, Otty Patiño, a exhorté": a name between commas right after
    the function noun's phrase, which the parser may read as a second subject (a conjunct)."""
    if t.dep_ != "conj" or t.i == 0 or t.doc[t.i - 1].text != "," or any(c.dep_ == "cc" for c in t.children):
        return False
    # (the parser may hang it on the function noun or on its complement: "pour la paix, Ruben Ortega,")
    last = max([t, *[c for c in t.children if c.dep_ == "flat:name"]], key=lambda x: x.i)
    return noun.i < t.head.i < t.i or t.head.i == noun.i and last.i + 1 < len(t.doc) and t.doc[last.i + 1].text == ","


# A people ("les Écossais", "les Parisiens") is no organisation.
_DEMONYM_ENDING = re.compile(r"(?:ais|aise|ois|oise|ien|ienne|iens|iennes|ain|aine|ains|aines)$")


def _government(registry: ActorRegistry, tok: Token) -> ActorMention | None:
    """The government of the story's state, spoken for by the phrase of ``tok`` (placed by extract.py)."""
    government = registry.get("Government")
    if government is None:
        return None
    end = tok.right_edge.idx + len(tok.right_edge.text)
    return ActorMention(government, tok.idx, end, doc_text(tok.doc)[tok.idx:end])


def _unregistered_name(registry: ActorRegistry, tok: Token, any_role: bool = False) -> ActorMention | None:
    """"La Coordination rurale a menacé", "la Force Radaa a démenti": a subject written with a capital
    after its article (no sentence starts there), that the registry does not know, is an
    organisation of that name (its kind unknown). Institutions every state has ("le Sénat", "la
    Cour") are left to the registry, which knows whose they are."""
    if tok.pos_ not in ("NOUN", "PROPN") or (not any_role and tok.dep_ not in ("nsubj", "nsubj:pass")):
        return None
    if not (tok.text[:1].isupper() and tok.text[1:2].islower()) or \
            not any(c.i == tok.i - 1 and (c.dep_ == "det" or fold(c.text.lower()) in ("du", "des")) for c in tok.children):
        return None
    if fold(tok.text.lower()) in NOT_AN_ORGANISATION or registry.is_organ_noun(tok.text) or \
            _DEMONYM_ENDING.search(fold(tok.text.lower())):
        return None
    # the name runs on over the adjectives and names right after it ("Front commun", "Force Radaa")
    end = tok.i + 1
    while end < len(tok.doc) and end - tok.i < 4 and tok.doc[end].head.i == tok.i and (
            tok.doc[end].dep_ == "amod" or tok.doc[end].pos_ == "PROPN") and tok.doc[end].text.isalpha():
        end += 1
    start_char = tok.idx
    end_char = tok.doc[end - 1].idx + len(tok.doc[end - 1].text)
    name = doc_text(tok.doc)[start_char:end_char]
    return ActorMention(Actor(name, "unknown"), start_char, end_char, name)


def _name_run(first: Token) -> ActorMention | None:
    """"Le Premier ministre Bart De Wever": the capitalised words after a function noun, read as written
    (the parser splits a name with a particle into a name and a complement), a person of that name."""
    doc, i = first.doc, first.i
    words: list[Token] = []
    while i < len(doc) and len(words) < 5:
        t = doc[i]
        if t.text[:1].isupper() and t.text[1:].islower() and t.text.isalpha() and len(t.text) > 1 and \
                fold(t.text.lower()) not in NAME_PARTICLES:
            words.append(t)
        elif fold(t.text.lower()) in NAME_PARTICLES and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            pass  # a particle goes on the name only before a capitalised word
        else:
            break
        i += 1
    if len(words) < 2 or doc[i - 1].i != words[-1].i:
        return None
    start, end = first.idx, words[-1].idx + len(words[-1].text)
    name = doc_text(doc)[start:end]
    return ActorMention(Actor(name, "person"), start, end, name)


def _past_the_day(obj: Token) -> Token:
    """"ont suspendu jeudi pour trois mois la diffusion de la BBC": the parser takes the day after a verb
    for its object; the object is the first noun phrase after it that no preposition opens."""
    if fold(obj.lemma_.lower()) not in DAY_WORDS:
        return obj
    verb = obj.head
    for t in obj.doc[obj.i + 1:verb.right_edge.i + 1]:
        if t.pos_ in ("VERB", "AUX") or t.text in (",", ";", ":"):
            break
        if t.pos_ in ("NOUN", "PROPN") and fold(t.lemma_.lower()) not in DAY_WORDS and not any(
                c.dep_ in ("case", "mark") for c in t.children):
            return t
    return obj


def _relative_of_event(lex: Lexicon, subj: Token, etype: str) -> bool:
    """"des frappes sur quatre positions de l'EI, qui ont détruit un dépôt": a relative "qui" whose
    antecedent is an event noun, or the target that noun's "sur"/"contre" complement names, continues
    that event; the names in the antecedent are its targets, not the relative verb's author."""
    if fold(subj.text.lower()) != "qui" or subj.head.dep_ != "acl:relcl":
        return False
    antecedent = subj.head.head
    for _ in range(3):
        if lex.is_event_noun(antecedent.lemma_, etype):
            return True
        cases = {fold(x.text.lower()) for x in antecedent.children if x.dep_ == "case"}
        if not (cases & {"sur", "contre", "de", "du", "des", "d'"}) or antecedent.head.i == antecedent.i:
            return False
        if antecedent.head.pos_ in ("VERB", "AUX") and antecedent.dep_.startswith("obl"):
            # "a effectué des frappes sur quatre positions": the parser hangs the target on the verb
            return any(c.dep_ == "obj" and lex.is_event_noun(c.lemma_, etype) for c in antecedent.head.children)
        antecedent = antecedent.head
    return False


def sentence_topic(registry: ActorRegistry, sent: Span, mentions: list[ActorMention], memory: ActorMemory) -> ActorMention | None:
    """Who a sentence is about: the actor its main verb's subject names, or its agent when passive
    ("L'attentat a été revendiqué par l'organisation Etat islamique")."""
    root = sent.root
    subj, passive = subject_of(root)
    passive = passive or any(c.dep_ == "aux:pass" for c in root.children)
    agent = agent_of(root) if passive else None
    tok = agent if agent is not None else subj
    if tok is None or tok.pos_ == "PRON":
        return None
    return actor_from_token(registry, tok, mentions, memory)

