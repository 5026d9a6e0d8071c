"""Stage 2: triggers that tell what did not happen.

A trigger word in the future, the conditional or the negative, under a plan, a wish or a
capacity ("vont se réunir", "pourrait frapper", "l'annonce d'une offensive"), or a standing
relation told in the imperfect, is no event. Only the parse and the lexicon's lists of heads
decide, so this reads one hit at a time, before roles.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from ..dates import DAY_WORDS, WEEKDAYS, publication_date
from ..nlp import doc_text
from ..records import DateValue
from ..textnorm import fold
from .cues import (CONDITION_BEFORE, CONDITION_MARKS, DURATION_NOUNS, FRAME_TIME_NOUNS, JUDGING_VERBS, LIKENING_VERBS,
                   LIKENING_WORDS, PERSONAL_PRONOUNS, PLAN_NOUNS, PROVISION_NOUNS, PURPOSE_MARKS, REMAINING_VERBS,
                   QUANTITY_NOUNS, RESEMBLING_VERBS, TREND_VERBS, UPCOMING_ADJECTIVES, FUTURE_STEMS)
from .lexicon import Lexicon
from .triggers import Hit

# Types whose verbs also describe a standing relation: in the imperfect or as a participle
# modifying a noun ("soutenu par", "négocié par") they tell no act.
DESCRIPTIVE_TYPES = {"SUPPORT", "CONSULT"}
# How many tokens a relative clause's verb may stand from the noun it plans.
RELATIVE_REACH = 15


# The endings the conditional shares with the imperfect ("signer-ait", "sign-ait").
_IMPERFECT_ENDINGS = ("aient", "ait", "ais", "ions", "iez")


def conditional(tok: Token) -> bool:
    """A verb in the conditional, told by its form more than by its tag, which errs both ways: an
    imperfect's ending on the verb's future stem ("recevrait", "signeraient", "interviendrait",
    tagged imperfects or presents) is one; on the imperfect's stem ("offrait", "livrait", tagged
    conditionals) it is not."""
    tagged = "Cnd" in tok.morph.get("Mood", [])
    form, lemma = fold(tok.text.lower()), fold(tok.lemma_.lower())
    ending = next((e for e in _IMPERFECT_ENDINGS if form.endswith(e)), None)
    if ending is None or len(form) <= len(ending) + 1 or tok.pos_ not in ("VERB", "AUX"):
        return tagged
    stem = form[:-len(ending)]
    if lemma.endswith(("er", "ir")) and stem == lemma[:-2]:
        return False  # "offr-ait", "livr-ait": the imperfect
    if tagged:
        return True
    if not stem.endswith("r") or "Fin" not in tok.morph.get("VerbForm", []):
        return False
    if stem == lemma or (lemma.endswith("re") and stem == lemma[:-1]) or (
            lemma.endswith("oir") and stem == lemma[:-3] + "r"):
        return True  # "signer-ait", "prendr-ait", "recevr-ait"
    return any(lemma.endswith(end) and stem == lemma[:-len(end)] + future for end, future in FUTURE_STEMS)


def _provided_for(tok: Token) -> bool:
    """A noun listed among what a deal provides, however deep in the list ("Parmi les dispositions de la
    trêve, un échange de prisonniers et l'entrée des camions d'aide")."""
    t = tok
    for _ in range(5):
        if any(fold(x.lemma_.lower()) in PROVISION_NOUNS for x in t.children if x.i != tok.i):
            return True
        if t.head.i == t.i or not t.dep_.startswith(("nmod", "conj", "appos")):
            return False
        if fold(t.head.lemma_.lower()) in PROVISION_NOUNS:
            # "les dispositions de cette trêve": the deal whose provisions they are, not one of them
            return not (t.i == tok.i and tok.dep_.startswith("nmod"))
        t = t.head
    return False


def _in_a_trend(tok: Token) -> bool:
    """The trend verb itself, or the noun it multiplies ("ont multiplié les attaques")."""
    if fold(tok.lemma_.lower()) in TREND_VERBS:
        return True
    return tok.dep_ == "obj" and fold(tok.head.lemma_.lower()) in TREND_VERBS


# "pour leur rôle dans", "pour sa participation à": the grounds of a sanction or a charge
_PART_IN_BEFORE = re.compile(r"\bpour\s+(?:leur|son|sa|ses|leurs)\s+(?:role|implication|participation|responsabilite|"
                             r"responsabilites|complicite)\s+(?:presumee?s?\s+)?(?:(?:dans|a|au|aux)\s*(?:la\s+|le\s+|les\s+|l')?)?$")


def _grounds(tok: Token) -> bool:
    """A noun inside a "pour" phrase ("sanctionnés pour leur rôle dans la répression des manifestations",
    "placés en garde à vue pour des jets de pierres"): the grounds of another act, told as its reason,
    not an event the sentence reports."""
    t = tok
    for _ in range(3):
        if not t.dep_.startswith(("obl", "nmod")) or t.head.i == t.i:
            return False
        if any(c.dep_ == "case" and fold(c.text.lower()) == "pour" for c in t.children):
            return True
        if not t.dep_.startswith("nmod"):
            break
        t = t.head
    # (the parser may hang "dans la répression" on the verb rather than on "rôle")
    text = doc_text(t.doc)
    return _PART_IN_BEFORE.search(fold(text[max(0, t.left_edge.idx - 60):t.left_edge.idx].lower())) is not None


def _likened(tok: Token) -> bool:
    """A noun that says what something was like ("comme un bombardement", "on aurait dit un
    bombardement", "ressemblait à une attaque"), not what happened; "considérée comme un attentat"
    judges a deed, and stays one."""
    if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS:
        tok = tok.head  # "comme le paquet de sanctions le plus dur": the count noun is what is likened
    head = tok.head
    head_lemma = fold(head.lemma_.lower())
    if any(c.dep_ in ("case", "mark", "advmod", "amod", "det") and fold(c.text.lower()) in LIKENING_WORDS
           for c in tok.children):
        # "ce que Borrell a décrit comme le paquet de sanctions le plus dur": a name given to a deed
        # the relative's antecedent already told, by one who did not do it
        return head_lemma not in JUDGING_VERBS or any(
            c.dep_ == "obj" and "Rel" in c.morph.get("PronType", []) for c in head.children)
    if tok.dep_ in ("obj", "obl:arg", "obl") and head_lemma in LIKENING_VERBS:
        # "on aurait dit", "on se serait cru": the conditional of an impression
        return any(c.dep_.startswith("nsubj") and fold(c.text.lower()) == "on" for c in head.children) and any(
            conditional(c) for c in head.children if c.dep_.startswith("aux"))
    return tok.dep_ in ("obj", "obl:arg") and head_lemma in RESEMBLING_VERBS


def _standing(v: Token | None, noun: Token | None = None) -> bool:
    """A clause in the present that lasts "depuis une décennie", "depuis des mois": a standing state
    ("les violences qui touchent la région depuis une décennie"; "la région est en proie depuis trente
    ans aux violences", where the duration may hang on a noun between the event noun and its verb),
    not an event."""
    if v is None and noun is not None:
        # "la région est en proie depuis trente ans aux violences": a noun predicate, its copula's tense
        top = noun
        while top.head.i != top.i and top.pos_ in ("NOUN", "PROPN") and top.dep_ != "ROOT":
            top = top.head
        cop = next((c for c in top.children if c.dep_ == "cop"), None)
        if cop is None or "Pres" not in cop.morph.get("Tense", []):
            return False
        v = top
    elif v is None or any(c.dep_.startswith("aux") for c in v.children) or (
            "Pres" not in v.morph.get("Tense", []) and not (v.dep_ == "acl" and "Part" in v.morph.get("VerbForm", []))):
        # (a participle that qualifies a noun tells a state too: "un chercheur détenu depuis deux ans")
        return False
    holders = [v]
    t = noun
    while t is not None and t.i != v.i and len(holders) < 5 and t.head.i != t.i:
        holders.append(t)
        t = t.head
    return any((c.dep_.startswith("obl") or (c.dep_.startswith("nmod") and h.pos_ in ("NOUN", "PROPN")))
               and fold(c.lemma_.lower()) in DURATION_NOUNS
               and any(x.dep_ == "case" and fold(x.text.lower()) == "depuis" for x in c.children)
               for h in holders for c in h.children)


def _time_frame(tok: Token) -> bool:
    head = tok.head
    if not tok.dep_.startswith("nmod") or fold(head.lemma_.lower()) not in FRAME_TIME_NOUNS:
        return False
    return fold(head.lemma_.lower()) == "anniversaire" or any(
        c.dep_ in ("amod", "nummod") and _counts(c) for c in head.children)


def _counts(c: Token) -> bool:
    """"15e", "dixième", "premier": a word that counts the days of something."""
    return (c.pos_ == "NUM" or "Ord" in c.morph.get("NumType", []) or c.text[:1].isdigit()
            or fold(c.lemma_.lower()) in ("premier", "dernier") or fold(c.text.lower()).endswith("ieme"))


def governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(5):
        if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and "VerbForm=Part" in str(t.morph)):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def unrealised(lex: Lexicon, hit: Hit) -> bool:
    v = hit.token if hit.pos == "verb" else governing_verb(hit.token)
    if hit.pos == "noun" and any(fold(c.text.lower()) == "sans" for c in hit.token.children):
        return True
    if hit.pos == "noun" and any(c.dep_ == "amod" and fold(c.lemma_.lower()) in UPCOMING_ADJECTIVES
                                 for c in hit.token.children):
        return True  # "lors des prochaines négociations", "une éventuelle offensive": still to come, if ever
    if hit.pos == "noun" and any(c.dep_ == "acl:relcl" and _planned(lex, c) for c in hit.token.children):
        return True  # "l'accord que les deux pays envisagent de conclure"
    if hit.type in DESCRIPTIVE_TYPES and hit.pos == "verb" and (
            hit.token.dep_ == "acl" or ("Imp" in hit.token.morph.get("Tense", []) and not _speaker_reported(hit.token))):
        # "le gouvernement soutenu par la communauté internationale", "Kigali soutenait la
        # rébellion": a standing relation described, not an act
        return True
    if hit.pos == "noun" and hit.token.dep_.startswith("nmod") and \
            fold(hit.token.head.lemma_.lower()) in PLAN_NOUNS:
        return True  # "l'annonce d'une nouvelle offensive", "la menace d'une attaque"
    if hit.pos == "noun" and CONDITION_BEFORE.search(fold(doc_text(hit.token.doc)[max(0, hit.start - 40):hit.start].lower())):
        return True  # "si une intervention militaire était décidée", "en cas d'attaque"
    if hit.pos == "noun" and _in_a_trend(hit.token):
        return True  # "ont multiplié les attaques contre les forces de l'Union africaine": a trend, not an event
    if hit.pos == "verb" and hit.token.dep_ in ("advcl", "acl") and _in_a_trend(hit.token.head):
        return True  # "... ont multiplié les attaques, en visant leurs bases": how the trend goes
    if hit.pos == "verb" and hit.lemma == "viser" and any(
            c.dep_ in ("xcomp", "ccomp", "advcl") and "Inf" in c.morph.get("VerbForm", []) for c in hit.token.children):
        return True  # "une provocation visant à accroître la tension": an aim, not a strike
    if hit.pos == "noun" and _provided_for(hit.token):
        return True  # "parmi les dispositions de la trêve, un échange de prisonniers": provided for, not done
    if hit.pos == "noun" and "Sing" in hit.token.morph.get("Number", []) and any(
            c.dep_ in ("det", "amod") and fold(c.text.lower()) in ("tout", "toute") for c in hit.token.children):
        # the parser reads "toute" as det or amod alike
        return True  # "répondrait à toute nouvelle agression", "tout raid": any such act, none in particular
    # (the lemmatiser may leave "reste" as it is)
    if hit.pos == "verb" and hit.token.dep_ == "xcomp" and not REMAINING_VERBS.isdisjoint(
            {(lemma := fold(hit.token.head.lemma_.lower())), lemma + "r"}):
        return True  # "le journaliste reste détenu en Algérie": a state that goes on, no arrest now
    if _standing(v, hit.token if hit.pos == "noun" else None) or (hit.pos == "noun" and any(c.dep_ == "acl:relcl" and _standing(c) for c in hit.token.children)):
        return True  # "les violences jihadistes qui touchent la région depuis une décennie"
    if hit.pos == "noun" and _likened(hit.token):
        return True  # "« On aurait dit un bombardement »", "des détonations, comme un bombardement"
    if hit.pos == "noun" and _grounds(hit.token):
        return True  # "des sanctions ... pour leur rôle dans la répression des manifestations": the grounds
    if hit.pos == "noun" and _time_frame(hit.token):
        return True  # "au 15e jour de l'agression": the war as the time of something else
    if hit.pos == "noun" and hit.token.dep_ in ("obj", "obl:arg") and hit.token.head.pos_ == "VERB" and \
            fold(hit.token.head.lemma_.lower()) in lex.plan_object_heads and hit.type not in ("THREATEN", "DEMAND"):
        return True  # "l'accord prévoit un retrait", "exige le retrait des troupes": not yet done
    if hit.pos == "noun" and hit.token.dep_ == "nsubj:pass" and hit.token.head.pos_ == "VERB" and \
            fold(hit.token.head.lemma_.lower()) in lex.plan_object_heads - {"menacer"} and \
            hit.type not in ("THREATEN", "DEMAND"):
        return True  # "une nouvelle manifestation est prévue samedi", "l'envoi de soldats est envisagé": planned
    if hit.pos == "noun" and hit.token.dep_ in ("obj", "nsubj:pass") and hit.token.head.pos_ == "VERB" and \
            fold(hit.token.head.lemma_.lower()) in lex.halting_heads:
        return True  # "a suspendu son aide militaire", "les pourparlers ont été ajournés": halted, not done
    if hit.pos == "noun" and hit.type not in ("THREATEN", "DEMAND") and _asked_for(lex, hit.token):
        return True  # "a appelé au passage rapide de l'aide", "réclame la libération des otages"
    if hit.pos == "noun" and hit.token.dep_.startswith("obl") and any(
            c.dep_ == "obj" and fold(c.lemma_.lower()) in PLAN_NOUNS for c in hit.token.head.children):
        return True  # "un accord ouvrant la voie au retrait des troupes"
    depth = 0
    while v is not None and depth < 4:
        depth += 1
        morph = v.morph
        aux = [c for c in v.children if c.dep_.startswith("aux")]
        forms = [v, *aux]
        # the conditional of news: "auraient été abattus", "aurait attaqué" report a deed that the writer
        # does not vouch for; it happened as far as the report goes (unlike "attaquerait", "pourrait frapper")
        reported = "Part" in morph.get("VerbForm", []) and any(
            conditional(a) and fold(a.lemma_.lower()) in ("avoir", "etre") for a in aux) and not any(
            c.dep_ == "mark" and fold(c.text.lower()) in CONDITION_MARKS for c in v.children)
        if hit.type != "THREATEN" and not reported and any(
                conditional(f) or "Fut" in f.morph.get("Tense", []) or "Sub" in f.morph.get("Mood", [])
                for f in forms):
            return True  # "pourrait frapper", "frappera", "pour qu'ils tuent"
        if _negated(lex, v):
            return hit.type != "REJECT"
        marks = {fold(c.text.lower()) for c in v.children if c.dep_ == "mark"}
        # (the parser may read "pour qu'ils tuent" as a case and a dependent "qu'")
        marks |= {fold(v.doc[c.i - 1].text.lower()) for c in v.children if c.i > 0 and c.i < v.i
                  and fold(c.text.lower()) in ("que", "qu'", "qu’") and c.dep_ in ("dep", "mark", "case")}
        # (the parser may hang the clause on the verb's object, or on a day it took for it: "ont affronté
        # dimanche les policiers pour protester")
        act = v.head.head if v.head.pos_ in ("NOUN", "PROPN") or fold(v.head.lemma_.lower()) in DAY_WORDS else v.head
        if hit.type == "PROTEST" and v.i == hit.token.i and marks == {"pour"} and act.i != v.i and \
                act.pos_ in ("VERB", "AUX") and fold(act.lemma_.lower()) not in lex.modal_heads | lex.plan_object_heads:
            # "ont baissé le rideau pour protester contre": the act done to protest is the protest, as
            # real as it is
            v = act
            continue
        if marks & PURPOSE_MARKS:
            return True  # "pour qu'ils tuent", "avant qu'ils ne viennent": an aim, not a deed
        if marks & CONDITION_MARKS:
            mark = next(c for c in v.children if c.dep_ == "mark" and fold(c.text.lower()) in CONDITION_MARKS)
            if mark.i == 0 or fold(v.doc[mark.i - 1].text.lower()) != "meme":
                return True  # "s'ils attaquent": a condition; "même s'ils ont attaqué" concedes a deed
        head = v.head
        if "Inf" in morph.get("VerbForm", []):
            if any(fold(a.lemma_) in ("avoir", "etre") for a in aux):
                return False  # perfect infinitive: "affirme avoir effectué des frappes"
            if any(fold(c.text.lower()) == "sans" for c in v.children):
                return True
            if head.i == v.i:
                return True
            hl = fold(head.lemma_.lower())
            if hl in lex.factive_heads:
                v = head
                continue
            if hl in lex.factive_nouns and head.head.i != head.i and fold(head.head.lemma_.lower()) == "avoir":
                v = head.head  # "ont eu le temps de piller": as "avoir" says
                continue
            return hit.type not in ("THREATEN", "DEMAND")
        if v.dep_ in ("xcomp", "ccomp") and fold(head.lemma_.lower()) in lex.modal_heads:
            return hit.type not in ("THREATEN", "DEMAND")
        return False
    return False


def _asked_for(lex: Lexicon, noun: Token) -> bool:
    """Is an event noun, or the noun phrase it completes, what a verb of demand or plan asks for:
    its object, or its complement after "à" ("appelle au retrait", "a appelé au passage de l'aide")?"""
    top = noun
    for _ in range(4):
        if not top.dep_.startswith("nmod") or top.head.pos_ not in ("NOUN", "PROPN"):
            break
        top = top.head
    verb = top.head
    if verb.i == top.i or verb.pos_ != "VERB" or fold(verb.lemma_.lower()) not in lex.plan_object_heads | lex.modal_heads:
        return False
    after_a = any(x.dep_ == "case" and fold(x.text.lower()) in ("a", "au", "aux") for x in top.children)
    return top.dep_ in ("obj", "obl:arg") or (top.dep_.startswith("obl") and after_a)


def _speaker_reported(v: Token) -> bool:
    """"Le président a affirmé qu'il approuvait les mesures": an imperfect the speaker says of
    himself is his present, reported (not "a affirmé que Kigali soutenait les rebelles")."""
    return v.dep_ == "ccomp" and any(c.dep_ == "nsubj" and fold(c.text.lower()) in PERSONAL_PRONOUNS
                                     for c in v.children)


def _planned(lex: Lexicon, v: Token) -> bool:
    """Is a clause a plan or a wish ("que les deux pays envisagent de conclure", "qu'ils
    pourraient signer")?"""
    if fold(v.lemma_.lower()) in lex.modal_heads or fold(v.lemma_.lower()) in lex.plan_object_heads:
        return True
    return any(conditional(f) or "Fut" in f.morph.get("Tense", [])
               for f in (v, *[c for c in v.children if c.dep_.startswith("aux")]))


def _negated(lex: Lexicon, v: Token) -> bool:
    """"ne ... pas/jamais/plus/aucun" around the verb, however the parser attached "pas"
    ("ne visaient \"probablement pas\"")."""
    if not any(fold(c.text.lower()) in ("ne", "n'") for c in v.children):
        return False
    doc = v.doc
    after = doc[v.i + 1:min(len(doc), v.i + 5)]
    return any(fold(t.lemma_.lower()) in lex.negation_words or fold(t.text.lower()) in lex.negation_words
               for t in [*v.children, *after])


def planned_by_its_relative(hit: Hit, unrealised_hits: list[Hit]) -> bool:
    """"l'accord bilatéral de défense que la France et l'Ukraine envisagent de conclure": a noun whose
    relative clause plans it, by a verb of the same kind that tells no event. The parser often
    loses the relative clause; the words between (a "que" and no stop) say it."""
    if hit.pos != "noun":
        return False
    doc = hit.token.doc
    for u in unrealised_hits:
        if u.type != hit.type or u.pos != "verb" or not 0 < u.token.i - hit.token.i <= RELATIVE_REACH:
            continue
        between = doc[hit.token.i + 1:u.token.i]
        if any(fold(t.text.lower()) in ("que", "qu'") for t in between) and not any(
                t.text in (";", ".", ":") for t in between):
            return True
    return False


# A weekday told in the present this many days or more before publication is the coming one.
AHEAD_MIN_DAYS = 4


def told_ahead(hit: Hit, date: DateValue, doc_date: str | None) -> bool:
    """"Les ministres se réunissent mercredi à Bruxelles", published on a Monday: a verb in the present
    with a weekday of its own that would fall four days or more before publication tells the coming
    one (the present of a programme), not the last; "Israël frappe mardi Gaza", published on the
    Thursday, is a headline's present of a deed two days old."""
    tok = hit.token
    # (the tagger reads some presents as a simple past, "réunissent", which news hardly uses: a finite
    # verb without auxiliary, neither imperfect nor future, is taken for a present)
    if hit.pos != "verb" or "Fin" not in tok.morph.get("VerbForm", []) or any(
            t in tok.morph.get("Tense", []) for t in ("Imp", "Fut")) or any(c.dep_.startswith("aux") for c in tok.children):
        return False
    if not any(fold(c.text.lower()) in WEEKDAYS and not any(x.dep_ == "case" for x in c.children) for c in tok.children):
        return False  # (not "qui bloquent depuis jeudi l'autoroute": a state since a day gone)
    pub, precision = publication_date(doc_date)
    if pub is None or precision != "day" or date.value is None:
        return False
    return (pub - dt.date.fromisoformat(date.value)).days >= AHEAD_MIN_DAYS
