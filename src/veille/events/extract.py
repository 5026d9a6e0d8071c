"""Events from parsed sentences: triggers, modality, roles, places, dates, sources.

For each sentence of a document, in order:
1. triggers: lemmas and phrases of the lexicon, contextual ones only with a
   word of their type around them, weak ones (death tolls) only with a place
   or an actor;
2. modality: triggers in the future or conditional, negated, or governed by a
   plan, wish or capacity ("vont se réunir", "pourrait frapper") are dropped;
   background history dated over a month before publication too;
3. roles from the dependency parse: subject or agent -> actor, object or
   "contre"/"sur"/"visant" -> target, nominal "de" -> actor of an event noun,
   the subject of a light verb ("mener des frappes") -> actor of its noun;
   clashes ("des affrontements entre X et Y") -> the state's forces against the
   other side; pronouns, "l'ambassade", "ce dernier" -> the actor they continue;
   implicit actors from the type (a protest's crowd, a state's arrests);
4. one event per (type, actor, addressee) of the sentence, and for ASSAULT one
   per struck place; an attack repelled is told before its repelling;
5. the date nearest the trigger, the sentence's source (claimed_by);
6. denials mark the events they dispute (denied_by) and accusations they
   reject become ACCUSE events.
Reports of one event repeated within a document are merged at the end: same
type, compatible parties, same day, same place (or a country and a place in it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from spacy.attrs import DEP, HEAD, LEMMA, ORTH, POS
from spacy.symbols import ADJ, VERB
from spacy.tokens import Doc, Span, Token

from ..attribution import Attribution, SourceTracker, find_attributions
from ..casualties import find_toll
from ..dates import background_spans, event_date, reference_day
from ..nlp import doc_text
from ..countries import alpha3_of
from ..geometry import km_between as _km
from ..records import Actor, ActorMention, DateValue, Document, Event, Place, PlaceMention
from ..textnorm import fold
from .lexicon import Lexicon

_PERSONAL_PRONOUNS = {"il", "elle", "ils", "elles"}
_PLAN_NOUNS = {"annonce", "menace", "plan", "projet", "voie", "preparation", "possibilite", "risque", "crainte",
               "perspective", "eventualite", "hypothese", "promesse", "intention", "proposition", "appel", "ordre"}
_QUANTITY_NOUNS = {"dizaine", "vingtaine", "trentaine", "centaine", "millier", "serie", "vague", "nombre", "salve",
                   "multitude", "succession", "suite", "jour", "nuit", "semaine", "mois", "journee", "heure",
                   "recrudescence", "regain", "multiplication", "flambee", "escalade", "reprise", "bilan"}
_FIRST_PERSON = {"je", "j'", "nous"}
# Articles a lexicon phrase may be told with in another agreement, by kind: definite, indefinite,
# contracted.
_ARTICLES = {"le": 1, "la": 1, "les": 1, "l'": 1, "un": 2, "une": 2, "des": 2, "au": 3, "aux": 3}
# Subordinators of a clause that tells an aim or what has not happened yet.
_PURPOSE_MARKS = {"pour", "afin", "avant", "sans"}
# "au cours d'affrontements", "à l'issue de combats": nouns that frame an event told by their complement.
_CIRCUMSTANCE_NOUNS = {"cours", "issue", "suite", "lendemain", "veille", "moment", "occasion", "cadre", "lors"}
# Days and times a parser may take for a noun with a "de" complement ("jeudi de nouvelles sanctions").
_DAY_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "hier",
              "aujourd'hui", "veille", "lendemain", "nuit", "midi", "apres-midi", "matinee", "soiree"}
_GROUP_ANAPHORS = {"groupe", "organisation", "mouvement", "milice", "formation", "coalition"}
# Nouns whose "de" complement names what is rejected rather than who acts.
_CLAIM_NOUNS = {"accusation", "information", "allegation", "rumeur", "affirmation", "critique"}
# How far (characters) a place may stand from its trigger and still be where the event happened.
MAX_PLACE_DISTANCE = 400
# Speech acts happen where their speaker is, which the text seldom says: the places a
# statement names are its topic. They are placed at the speaker's country.
SPEECH_ACTS = {"ACCUSE", "REJECT", "DEMAND", "THREATEN", "SUPPORT", "CONSULT"}
# How far around the trigger the ASSAULT mode is read ("frappes ... un atelier de voitures piégées":
# the frappes are aerial, the workshop is their target).
MODE_WINDOW = 70
# Acts only a state does (arrest, ban, curfew, deployment): told without an agent, they are
# the authorities' of the country where they happen.
STATE_ACTS = {"COERCE", "MOBILIZE"}
# Types whose verbs also describe a standing relation: in the imperfect or as a participle
# modifying a noun ("soutenu par", "négocié par") they tell no act.
DESCRIPTIVE_TYPES = {"SUPPORT", "CONSULT"}
# Statements about an event whose speaker is no party to it: condemnation, denial, praise, demand.
COMMENT_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "DEMAND"}
# Types that are nothing without a party: who speaks, who meets, who agrees.
NEEDS_A_PARTY = SPEECH_ACTS | {"MEET", "AGREE", "SANCTION"}
# Reflexive forms of these are mutual ("s'accusent", "se sont rencontrés").
RECIPROCAL_TYPES = {"ACCUSE", "MEET", "CONSULT", "THREATEN"}
# Rank of an actor mention when a phrase holds several ("le chef de la diplomatie russe Sergueï
# Lavrov"): the most specific name wins.
_KIND_RANK = {"person": 0, "armed_group": 1, "igo": 1, "ngo": 1, "party": 1, "media": 1,
              "state": 2, "military": 3, "police": 3, "unknown": 4, "civilians": 5}
# Reports of one event within a document: places closer than this are the same place.
SAME_PLACE_KM = 15.0
# What, before a name, makes it no agent: a target or partner ("contre", "avec"), a place ("en Syrie",
# "dans le nord du Mali", "la deuxième ville de Syrie"), a mediator ("sous l'égide de l'ONU").
_NOT_AN_AGENT_BEFORE = re.compile(
    r"(?:\b(?:contre|sur|visant|vers|avec|a|aux|au|en|dans|depuis|chez)"
    r"|\b(?:nord|sud|est|ouest|centre|ville|capitale|province|region|partie|frontiere|territoire|zone|localite"
    r"|cote|interieur|reste)\s+(?:de|du|d'|des)"
    r"|\b(?:sous l'egide|en presence|sous les auspices|avec la mediation|par l'intermediaire|au nom)\s+(?:de|du|d'|des))"
    r"\s*(?:l'|la |le |les |des |du )?$")
# How far after a verb of demand its addressee may begin (characters): "a demandé aux autorités américaines".
DEMAND_ADDRESSEE_WINDOW = 12
# How far after a clash noun its sides are looked for (characters): "des combats ont opposé vendredi
# près de Tripoli des forces du gouvernement libyen internationalement reconnu à celles de ..." is 130.
CLASH_WINDOW = 200
# A state's name after these is a place: "des combats en Syrie", "au Mali", "près de la Libye".
_LOCATIVE_BEFORE = re.compile(r"\b(?:en|dans|depuis|vers|a|au|aux|pres de|pres du|pres des|de|du|d')\s*"
                              r"(?:l'|la |le |les )?$")
# What makes a state's name where something happens, not who does it: "au Yémen", "en Syrie".
_IN_A_PLACE_BEFORE = re.compile(r"\b(?:en|dans|depuis|vers|a|au|aux|pres de|pres du|pres des)\s*(?:l'|la |le |les )?$")
# Types whose reports of one event use different words ("la manifestation", "les manifestants",
# "la marche"; "s'est entretenu", "une conversation téléphonique"): merged whatever their trigger.
ONE_EVENT_MANY_WORDS = {"PROTEST", "AID", "CONSULT", "MEET"}
# Types where actor and target are partners: a report may name them in either order.
SYMMETRIC_TYPES = {"MEET", "CONSULT", "AGREE"}
# Who protests when the parse names nobody: the crowd named in the sentence.
_CROWD_KINDS = {"civilians", "party"}


@dataclass
class Hit:
    type: str
    token: Token
    start: int
    end: int
    lemma: str
    pos: str
    weak: bool
    phrase: bool = False


def folded_tokens(doc: Doc) -> tuple[list[str], list[str]]:
    """Folded lemma and folded text of every token of a parse, made once per document: the
    trigger and context look-ups read them for every sentence, and each ``Token`` made to
    read one costs more than the look-up."""
    cached = doc.user_data.get("veille_folded_tokens")
    if cached is None:
        strings = doc.vocab.strings
        if len(_FOLDED) > 500_000:
            _FOLDED.clear()

        def folded(h: int) -> str:
            f = _FOLDED.get(h)
            if f is None:
                f = _FOLDED[h] = fold(strings[h].lower())
            return f

        ids = doc.to_array([LEMMA, ORTH]).tolist()
        cached = doc.user_data["veille_folded_tokens"] = ([folded(lem) for lem, _ in ids],
                                                          [folded(orth) for _, orth in ids])
    return cached


# string hash (lemma or text) -> its folded lower case: the same few thousand words recur
_FOLDED: dict[int, str] = {}


def verb_flags(doc: Doc) -> list[bool]:
    """Whether each token of a parse is tagged VERB, read once per document from its array."""
    cached = doc.user_data.get("veille_verb_flags")
    if cached is None:
        cached = doc.user_data["veille_verb_flags"] = (doc.to_array(POS) == VERB).tolist()
    return cached


def adjective_flags(doc: Doc) -> list[bool]:
    """Whether each token of a parse is tagged ADJ (participles often are), read once per document."""
    cached = doc.user_data.get("veille_adjective_flags")
    if cached is None:
        cached = doc.user_data["veille_adjective_flags"] = (doc.to_array(POS) == ADJ).tolist()
    return cached


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


def _accent_clash(tok: Token, word: str) -> bool:
    """Is the token a word that folding made the lexicon's word ("marché" -> "marche")? Text written
    without accents (capitals, wires) is given the benefit of the doubt."""
    lemma, text = tok.lemma_.lower(), tok.text.lower()
    if lemma == word or text == word or text.rstrip("sx") == word:
        return False
    return lemma != fold(lemma) and fold(lemma) == fold(word)


def _reflexive(tok: Token) -> bool:
    return any(c.pos_ == "PRON" and fold(c.text.lower()) in ("se", "s'") for c in tok.children)


def _neighbour_lemmas(tok: Token) -> set[str]:
    """Folded lemmas and words around a trigger in the parse: its head, its dependents, its
    head's other dependents (a subject beside it, "l'aide comprend des missiles") and the word
    just before it ("lance-roquettes")."""
    near = [tok.head, *tok.children, *tok.head.children]
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "des systèmes de lance-roquettes et des obus": what holds the first holds all
    if first is not tok:
        near += [first.head, *first.head.children]
    if tok.i > 0:
        near.append(tok.doc[tok.i - 1])
    out: set[str] = set()
    for t in near:
        if t.i != tok.i:
            out.add(fold(t.lemma_.lower()))
            out.add(fold(t.text.lower()))
    return out


def _folded_sentence(sent: Span) -> str:
    return fold(doc_text(sent.doc)[sent.start_char:sent.end_char])


def _infinitives(tok: Token, lemma: str) -> tuple[str, ...]:
    """The infinitive of a present-tense verb or a participle the lemmatiser left as it found it
    ("qui bombarde", "ils pilonnent", "une invasion qualifiée de" -> "bombarder", "pilonner",
    "qualifier")."""
    if lemma.endswith(("er", "ir", "re")):
        return ()
    if tok.pos_ == "ADJ" and tok.text.lower().endswith(("é", "ée", "és", "ées")) and lemma.endswith("e"):
        return (lemma + "r",)
    if tok.pos_ != "VERB":
        return ()
    if lemma.endswith("ent"):
        return (lemma[:-2] + "r",)
    if lemma.endswith("e"):
        return (lemma + "r",)
    return ()


def _has_point(p: Place | None) -> bool:
    return p is not None and p.lat is not None and p.precision != "country"


class EventExtractor:
    def __init__(self, lexicon: Lexicon, registry):
        self.lex = lexicon
        self.registry = registry

    # ------------------------------------------------------------------ triggers
    def find_triggers(self, sent: Span) -> list[Hit]:
        hits: list[Hit] = []
        folded_sentence = _folded_sentence(sent)
        all_lemmas, all_words = folded_tokens(sent.doc)
        lemmas = all_lemmas[sent.start:sent.end]
        words = all_words[sent.start:sent.end]
        by_lemma = self.lex.by_lemma
        verbs = verb_flags(sent.doc)
        adjectives = adjective_flags(sent.doc)
        for i, (lemma, word) in enumerate(zip(lemmas, words)):
            # most tokens name no trigger: look at the token itself only when one may
            # (a verb's lemma the lemmatiser left inflected ends in -e or -ent: see _infinitives)
            if lemma not in by_lemma and word not in by_lemma and not (
                    (verbs[sent.start + i] or adjectives[sent.start + i]) and lemma.endswith(("e", "ent"))):
                continue
            tok = sent[i]
            if tok.is_punct or tok.is_space:
                continue
            for key in {lemmas[i], words[i], *_infinitives(tok, lemmas[i])}:
                for entry in self.lex.by_lemma.get(key, ()):
                    if entry.pos == "verb" and tok.pos_ not in ("VERB", "ADJ", "AUX"):
                        continue
                    if entry.pos == "noun" and tok.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
                        continue
                    if entry.pos == "noun" and (self._classifier(tok) or self._verb_read_as_noun(tok)):
                        continue
                    if entry.pos == "noun" and _accent_clash(tok, entry.word):
                        continue  # "un marché" is no "marche", "la côte" no "cote"
                    if (entry.type, key) in self.lex.not_reflexive and _reflexive(tok):
                        continue  # "la maladie s'est manifestée": no protest
                    if self.lex.other_sense(entry.type, key, _neighbour_lemmas(tok)):
                        continue  # "tirer des stocks", "un séisme a frappé", "des explosions ont retenti"
                    if entry.reflexive_only and not any(
                            fold(c.text.lower()) in ("se", "s'", "me", "nous") for c in tok.children) and not (
                            "Part" in tok.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in tok.children)):
                        continue  # "s'est entretenu", "réunies à Genève"; not "a reçu une lettre"
                    if entry.contextual and not self._has_context(entry.type, sent, tok):
                        continue
                    if entry.type == "DEMAND" and entry.contextual and not self._asks_for_something(tok):
                        continue
                    hits.append(Hit(entry.type, tok, tok.idx, tok.idx + len(tok.text), key, entry.pos, entry.weak))
        present = set(lemmas) | set(words)
        for etype, seq in self.lex.phrases:
            if seq[0] not in present:
                continue  # most phrases are absent: skip the scan of every token
            for i in range(len(sent)):
                if lemmas[i] != seq[0] and words[i] != seq[0]:
                    continue
                j, k, gaps = i + 1, 1, 0
                while k < len(seq) and j < len(sent) and gaps <= 2:
                    if lemmas[j] == seq[k] or words[j] == seq[k] or words[j].rstrip("'") + "'" == seq[k]:
                        k += 1
                        gaps = 0
                    elif _ARTICLES.get(seq[k], 0) and _ARTICLES.get(seq[k]) == _ARTICLES.get(words[j]):
                        k += 1  # "descendre dans la rue" told as "descendus dans les rues"
                        gaps = 0
                    else:
                        gaps += 1
                    j += 1
                if k == len(seq):
                    # the phrase's verb carries its tense and negation ("s'est fait exploser")
                    tok = next((sent[x] for x in range(i, j) if sent[x].pos_ == "VERB"), sent[i])
                    hits.append(Hit(etype, tok, tok.idx, sent[j - 1].idx + len(sent[j - 1].text), " ".join(seq),
                                    "verb" if tok.pos_ in ("VERB", "AUX") else "noun", False, True))
        hits = [h for h in hits if not self.lex.blocked(h.type, folded_sentence)]
        rejecting = {h.token.i for h in hits if h.type == "REJECT"}
        # "a balayé les accusations du Pentagone": the accusation is told by the REJECT (rejected_accusations)
        hits = [h for h in hits if not (h.type == "ACCUSE" and h.pos == "noun" and h.token.head.i in rejecting)]
        # one hit per (type, token)
        seen: set[tuple[str, int]] = set()
        unique = []
        for h in sorted(hits, key=lambda h: (h.start, not h.phrase)):
            if (h.type, h.token.i) in seen:
                continue
            seen.add((h.type, h.token.i))
            unique.append(h)
        return unique

    def _document_frame(self, doc: Doc, text: str) -> tuple[bool, bool]:
        """Is a document about an accident, a disaster or an epidemic (its hazard words at least two
        and no fewer than its words of violence), and does it tell of deliberate violence (two such
        words or more)? Read once per document."""
        lemmas, words = folded_tokens(doc)
        # the words of verbs are not read: folded, "frappé" would read as "frappe"
        tokens = [(lemma, "" if verb else word) for lemma, word, verb in zip(lemmas, words, verb_flags(doc))]
        folded = fold(text.lower())
        hazards = sum(1 for lemma, word in tokens if lemma in self.lex.hazards or word in self.lex.hazards)
        hazards += sum(folded.count(p) for p in self.lex.hazard_phrases)
        hostile = sum(1 for lemma, word in tokens if lemma in self.lex.hostile or word in self.lex.hostile)
        hostile += sum(folded.count(p) for p in self.lex.hostile_phrases)
        return hazards >= 2 and hazards >= hostile, hostile >= 2

    def _accidental(self, hit: Hit, sent: Span, mentions: list[ActorMention], hazard_doc: bool,
                    hostile_doc: bool) -> bool:
        """A hazard-prone trigger ("une explosion", "l'incendie", "a tué", "fermé") told of an accident,
        a disaster or an epidemic: its sentence names no deliberate violence (no word of it, no armed
        group or armed forces), and names a hazard or stands in a document about one (for an attack:
        or in a document that tells of no violence at all)."""
        if (hit.type, hit.lemma) not in self.lex.hazard_prone:
            return False
        all_lemmas, all_words = folded_tokens(sent.doc)
        verbs = verb_flags(sent.doc)
        # lemmas, and the words of other tokens than verbs: folded, "frappé" would read as "frappe"
        near = {all_lemmas[i] for i in range(sent.start, sent.end) if i != hit.token.i}
        near |= {all_words[i] for i in range(sent.start, sent.end) if i != hit.token.i and not verbs[i]}
        folded = _folded_sentence(sent)
        if self.lex.names_hostility(near, folded) or any(
                sent.start_char <= m.start < sent.end_char and m.actor.kind in ("armed_group", "military")
                for m in mentions):
            return False
        hazard_here = self.lex.names_hazard(near, folded)
        if hit.type == "ASSAULT":
            return hazard_here or hazard_doc or not hostile_doc
        return hazard_here or (hazard_doc and not hostile_doc)

    @staticmethod
    def _asks_for_something(tok: Token) -> bool:
        """"a appelé X à cesser", "a demandé aux autorités de prendre": a request has a content."""
        for c in tok.subtree:
            if c.i != tok.i and "Inf" in c.morph.get("VerbForm") and c.head.i in (tok.i, *[x.i for x in tok.children]):
                return True
        return any(c.dep_ in ("ccomp",) for c in tok.children)

    @staticmethod
    def _verb_read_as_noun(tok: Token) -> bool:
        """"L'Armée de la conquête combat à la fois le régime et l'EI": a bare "noun" after its subject
        and before an object is a verb in the present (a standing enmity, not an event)."""
        if any(c.dep_ == "det" for c in tok.children) or tok.i == tok.sent.start:
            return False
        doc = tok.doc
        before = doc[tok.i - 1]
        if before.pos_ in ("ADP", "DET", "NUM") or fold(before.text.lower()) in ("de", "d'", "du", "des", "en"):
            return False
        k = tok.i + 1
        while k < len(doc) and (doc[k].pos_ == "ADV" or fold(doc[k:k + 3].text.lower()) == "a la fois"):
            k += 3 if doc[k].pos_ != "ADV" else 1  # "combat à la fois le régime", "combat toujours les"
        return k < len(doc) and doc[k].pos_ == "DET" and fold(doc[k].text.lower()) in ("le", "la", "les", "l'")

    @staticmethod
    def _classifier(tok: Token) -> bool:
        """"avions de combat", "hélicoptères d'attaque": a bare noun complement names a kind, not an event."""
        if not tok.dep_.startswith("nmod") or tok.head.pos_ not in ("NOUN", "PROPN"):
            return False
        if fold(tok.head.lemma_.lower()) in _QUANTITY_NOUNS | _CIRCUMSTANCE_NOUNS | _DAY_WORDS:
            # "des dizaines de frappes", "au cours d'affrontements": events, counted or framing;
            # "a adopté jeudi de nouvelles sanctions": the parser hung the object on the day
            return False
        children = list(tok.children)
        has_de = any(c.dep_ == "case" and fold(c.text.lower()) in ("de", "d'") for c in children)
        has_det = any(c.dep_ == "det" for c in children)
        return has_de and not has_det

    def _has_context(self, etype: str, sent: Span, trigger: Token) -> bool:
        ctx = self.lex.context.get(etype, frozenset())
        lemmas, words = folded_tokens(sent.doc)
        for i in range(sent.start, sent.end):
            if i != trigger.i and (lemmas[i] in ctx or words[i] in ctx):
                return True
        folded = _folded_sentence(sent)
        return any(p in folded for p in self.lex.context_phrases.get(etype, ()))

    # ------------------------------------------------------------------ modality
    @staticmethod
    def governing_verb(tok: Token) -> Token | None:
        t = tok
        for _ in range(5):
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and "VerbForm=Part" in str(t.morph)):
                return t
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def unrealised(self, hit: Hit) -> bool:
        v = hit.token if hit.pos == "verb" else self.governing_verb(hit.token)
        if hit.pos == "noun" and any(fold(c.text.lower()) == "sans" for c in hit.token.children):
            return True
        if hit.pos == "noun" and any(c.dep_ == "acl:relcl" and self._planned(c) for c in hit.token.children):
            return True  # "l'accord que les deux pays envisagent de conclure"
        if hit.type in DESCRIPTIVE_TYPES and hit.pos == "verb" and (
                hit.token.dep_ == "acl" or ("Imp" in hit.token.morph.get("Tense") and not self._speaker_reported(hit.token))):
            # "le gouvernement soutenu par la communauté internationale", "Kigali soutenait la
            # rébellion": a standing relation described, not an act
            return True
        if hit.pos == "noun" and hit.token.dep_.startswith("nmod") and \
                fold(hit.token.head.lemma_.lower()) in _PLAN_NOUNS:
            return True  # "l'annonce d'une nouvelle offensive", "la menace d'une attaque"
        if hit.pos == "noun" and hit.token.dep_ in ("obj", "obl:arg") and hit.token.head.pos_ == "VERB" and \
                fold(hit.token.head.lemma_.lower()) in self.lex.plan_object_heads and hit.type not in ("THREATEN", "DEMAND"):
            return True  # "l'accord prévoit un retrait", "exige le retrait des troupes": not yet done
        if hit.pos == "noun" and hit.token.dep_.startswith("obl") and any(
                c.dep_ == "obj" and fold(c.lemma_.lower()) in _PLAN_NOUNS for c in hit.token.head.children):
            return True  # "un accord ouvrant la voie au retrait des troupes"
        depth = 0
        while v is not None and depth < 4:
            depth += 1
            morph = v.morph
            aux = [c for c in v.children if c.dep_.startswith("aux")]
            forms = [v, *aux]
            if hit.type != "THREATEN" and any("Cnd" in f.morph.get("Mood") or "Fut" in f.morph.get("Tense")
                                              or "Sub" in f.morph.get("Mood") for f in forms):
                return True  # "pourrait frapper", "frappera", "pour qu'ils tuent"
            if self._negated(v):
                return hit.type != "REJECT"
            if {fold(c.text.lower()) for c in v.children if c.dep_ == "mark"} & _PURPOSE_MARKS:
                return True  # "pour qu'ils tuent", "avant qu'ils ne viennent": an aim, not a deed
            head = v.head
            if "Inf" in morph.get("VerbForm"):
                if any(fold(a.lemma_) in ("avoir", "etre") for a in aux):
                    return False  # perfect infinitive: "affirme avoir effectué des frappes"
                if any(fold(c.text.lower()) == "sans" for c in v.children):
                    return True
                if head.i == v.i:
                    return True
                hl = fold(head.lemma_.lower())
                if hl in self.lex.factive_heads:
                    v = head
                    continue
                return hit.type not in ("THREATEN", "DEMAND")
            if v.dep_ in ("xcomp", "ccomp") and fold(head.lemma_.lower()) in self.lex.modal_heads:
                return hit.type not in ("THREATEN", "DEMAND")
            return False
        return False

    def _running_toll(self, hit: Hit, sent: Span) -> bool:
        """A plural event noun ("les combats", "les violences") whose sentence counts its dead so far
        ("déjà", "depuis le début", "à ce jour"): the toll of a war, not one event."""
        if hit.pos != "noun" or "Plur" not in hit.token.morph.get("Number"):
            return False
        folded = _folded_sentence(sent)
        return any(re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", folded) for cue in self.lex.running_tolls) \
            and find_toll(doc_text(sent.doc)[sent.start_char:sent.end_char]) is not None

    @staticmethod
    def _speaker_reported(v: Token) -> bool:
        """"Le président a affirmé qu'il approuvait les mesures": an imperfect the speaker says of
        himself is his present, reported (not "a affirmé que Kigali soutenait les rebelles")."""
        return v.dep_ == "ccomp" and any(c.dep_ == "nsubj" and fold(c.text.lower()) in _PERSONAL_PRONOUNS
                                         for c in v.children)

    def _planned(self, v: Token) -> bool:
        """Is a clause a plan or a wish ("que les deux pays envisagent de conclure", "qu'ils
        pourraient signer")?"""
        if fold(v.lemma_.lower()) in self.lex.modal_heads or fold(v.lemma_.lower()) in self.lex.plan_object_heads:
            return True
        return any("Cnd" in f.morph.get("Mood") or "Fut" in f.morph.get("Tense")
                   for f in (v, *[c for c in v.children if c.dep_.startswith("aux")]))

    def _negated(self, v: Token) -> bool:
        """"ne ... pas/jamais/plus/aucun" around the verb, however the parser attached "pas"
        ("ne visaient \"probablement pas\"")."""
        if not any(fold(c.text.lower()) in ("ne", "n'") for c in v.children):
            return False
        doc = v.doc
        after = doc[v.i + 1:min(len(doc), v.i + 5)]
        return any(fold(t.lemma_.lower()) in self.lex.negation_words or fold(t.text.lower()) in self.lex.negation_words
                   for t in [*v.children, *after])

    # ------------------------------------------------------------------ roles
    @staticmethod
    def phrase_span(tok: Token, *, with_conjuncts: bool = False) -> tuple[int, int]:
        """Character span of a noun phrase: the token and its dependents, relative clauses excluded,
        coordinated phrases only when asked ("Américains et Russes s'accusent")."""
        skip = {"acl:relcl", "acl", "parataxis", "advcl", "punct", "ccomp"}
        if not with_conjuncts:
            skip |= {"conj", "cc"}
        lo, hi = tok.idx, tok.idx + len(tok.text)
        stack = [c for c in tok.children if c.dep_ not in skip]
        while stack:
            c = stack.pop()
            lo, hi = min(lo, c.idx), max(hi, c.idx + len(c.text))
            stack.extend(x for x in c.children if x.dep_ not in skip)
        return lo, hi

    @staticmethod
    def mentions_in(span: tuple[int, int], mentions: list[ActorMention]) -> list[ActorMention]:
        """Mentions that begin in the phrase ("la coalition menée par Washington" reaches past the
        noun phrase of "coalition", into its participle)."""
        lo, hi = span
        return [m for m in mentions if lo <= m.start < hi]

    def _subject(self, v: Token) -> tuple[Token | None, bool]:
        for c in v.children:
            if c.dep_ == "nsubj":
                return c, False
        for c in v.children:
            if c.dep_ == "nsubj:pass":
                return c, True
        infinitive = "Inf" in v.morph.get("VerbForm") or any(
            c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in v.children)  # "après avoir rencontré"
        if v.head.i != v.i and (v.dep_ in ("xcomp", "conj") or (infinitive and v.dep_ in ("ccomp", "advcl", "acl", "obj"))):
            return self._subject(v.head)
        return None, False

    @staticmethod
    def _agent(v: Token) -> Token | None:
        # "par" introduces an agent only in the passive ("a été visée par"); with an active verb it
        # is a means: "s'est entretenu par téléphone avec Donald Trump"
        passive = any(c.dep_ == "aux:pass" for c in v.children) or (
            "Part" in v.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in v.children))
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
        return None

    def _actor_from_token(self, tok: Token, mentions: list[ActorMention], memory: "ActorMemory") -> ActorMention | None:
        if tok.pos_ == "PRON":
            if fold(tok.text.lower()) == "qui" and tok.head.dep_ == "acl:relcl":
                return self._first(self.mentions_in(self.phrase_span(tok.head.head), mentions))
            if fold(tok.text.lower()) in _PERSONAL_PRONOUNS:
                # "Le président américain a affirmé qu'il approuvait": the speaker
                clause = tok.head
                if clause.dep_ in ("ccomp", "xcomp", "advcl") and clause.head.i != clause.i:
                    subj, _ = self._subject(clause.head)
                    if subj is not None and subj.i != tok.i and subj.pos_ != "PRON":
                        found = self._first(self.mentions_in(self.phrase_span(subj), mentions))
                        if found is not None:
                            return found
                # "L'attentat a été revendiqué par l'organisation Etat islamique (...). Mais elle a mené":
                # the subject of a sentence continues the one before
                return memory.topic or memory.last_person or memory.last_actor
            return None
        span = self.phrase_span(tok)
        found = self._first(self.mentions_in(span, mentions))
        if found is not None:
            return found
        lemma = fold(tok.lemma_.lower())
        # "par son homologue américain Barack Obama", the name misparsed out of the phrase
        after = next((m for m in mentions if span[1] <= m.start <= span[1] + 1 and m.actor.kind == "person"), None)
        if after is not None:
            return after
        if lemma in _GROUP_ANAPHORS:
            # "la coalition" is the coalition named before, not the last group named
            return memory.last_called(lemma) or memory.last_group
        if lemma == "dernier" and any(fold(c.text.lower()) in ("ce", "cette") for c in tok.children):
            return memory.last_person or memory.last_actor  # "ce dernier": the one just named
        if self.registry.is_organ_noun(tok.text):
            if any(c.dep_ == "det" for c in tok.children):
                # "l'ambassade russe (...) l'ambassade a appelé": the organ named before
                return memory.last_organ(fold(tok.text.lower()))
            # "des ambassadeurs des 15 pays siégeant au Conseil de sécurité": whom they represent
            lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
            return next((m for m in mentions if lo <= m.start and m.end <= hi
                         and m.actor.kind in ("igo", "state") and not m.metonym), None)
        return None

    @staticmethod
    def _first(ms: list[ActorMention]) -> ActorMention | None:
        if not ms:
            return None
        return min(ms, key=lambda m: (_KIND_RANK.get(m.actor.kind, 4) if m.actor.aliases or m.actor.kind == "person"
                                      else 3, m.start))

    def roles(self, hit: Hit, mentions: list[ActorMention], memory: "ActorMemory") -> tuple[
            ActorMention | None, ActorMention | None]:
        tok = hit.token
        actor = target = None
        if hit.pos == "verb":
            subj, passive = self._subject(tok)
            passive = passive or any(c.dep_ == "aux:pass" for c in tok.children) or (
                tok.pos_ == "ADJ" and "Part" in tok.morph.get("VerbForm"))
            agent = self._agent(tok)
            if agent is not None:
                actor = self._actor_from_token(agent, mentions, memory)
            elif subj is not None and not passive:
                actor = self._actor_from_token(subj, mentions, memory)
            if passive and subj is not None:
                target = self._actor_from_token(subj, mentions, memory)
            elif not passive:
                objects = [c for c in tok.children if c.dep_ in ("obj", "iobj")]
                obliques = [c for c in tok.children if c.dep_.startswith("obl") and any(
                    fold(x.text.lower()) in ("contre", "sur", "a", "au", "aux", "avec") for x in c.children
                    if x.dep_ == "case")]
                for c in objects + obliques:
                    target = self._target_in(c, mentions, memory)
                    if target:
                        break
        else:
            # "les manifestants irakiens", "les partisans de X ont manifesté": the noun names who acts
            actor = next((m for m in mentions if m.start <= hit.start and hit.end <= m.end
                          and m.actor.kind not in ("state", "military", "police")), None)
            complements = list(tok.children)
            # "la visite dimanche des ambassadeurs": a bare modifier (a day) is no complement of its own;
            # the parser hangs the next ones on it
            complements += [x for c in tok.children if c.dep_.startswith("nmod") and not any(
                y.dep_ == "case" for y in c.children) for x in c.children if x.dep_.startswith("nmod")]
            if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in _QUANTITY_NOUNS:
                # "des dizaines de frappes du régime": the parser hangs the author on the count
                complements += [c for c in tok.head.children if c.i != tok.i]
            for c in complements:
                cases = {fold(x.text.lower()) for x in c.children if x.dep_ == "case"}
                if c.dep_.startswith("nmod") and cases & {"de", "du", "des", "d'"} and actor is None:
                    actor = self._actor_from_token(c, mentions, memory)
                elif c.dep_.startswith("nmod") and cases & {"contre", "sur"} and target is None:
                    target = self._target_in(c, mentions, memory)
                elif c.dep_ in ("acl", "acl:relcl"):
                    agent = self._agent(c)
                    if agent is not None and actor is None:
                        actor = self._actor_from_token(agent, mentions, memory)
            if actor is None:
                # "des frappes aériennes russes", "les raids israéliens": the adjective names who struck
                for c in tok.children:
                    if c.dep_ == "amod" and c.pos_ == "ADJ":
                        state = self.registry.nationality(c.text)
                        if state is not None and state.country:
                            derived = self.registry.organ_actor(state.country, "military") or state
                            actor = ActorMention(derived, c.idx, c.idx + len(c.text), c.text)
                            break
            head = tok.head
            if actor is None and tok.dep_ in ("obj", "obl:arg", "obl", "nmod", "obl:mod") and \
                    fold(head.lemma_.lower()) in self.lex.light_verbs:
                subj, passive = self._subject(head)
                if subj is not None and not passive:
                    actor = self._actor_from_token(subj, mentions, memory)
            passive_head = tok.dep_ == "nsubj:pass" or any(c.dep_ == "aux:pass" for c in head.children) or (
                "Part" in head.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in head.children))
            if actor is None and tok.dep_ in ("nsubj:pass", "nsubj") and passive_head:
                # "la frappe a été menée par X"; not "cette attaque survient après le rejet par X"
                agent = self._agent(head)
                if agent is not None:
                    actor = self._actor_from_token(agent, mentions, memory)
        if actor is not None and target is not None and actor.actor == target.actor:
            target = None
        return actor, target

    def _target_in(self, tok: Token, mentions, memory) -> ActorMention | None:
        return self._actor_from_token(tok, mentions, memory)

    def patient_spans(self, sent: Span) -> list[tuple[int, int]]:
        """Phrases that undergo an action ("Plusieurs soldats maliens ont été tués"): victims, never actors."""
        doc = sent.doc
        return [self.phrase_span(doc[i]) for i in passive_subjects(doc) if sent.start <= i < sent.end]

    def fallback_actor(self, hit: Hit, sent: Span, mentions: list[ActorMention], blocked: list[tuple[int, int]],
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
            if _NOT_AN_AGENT_BEFORE.search(before):
                continue
            if m.actor.kind == "civilians" or self._in_complement(sent.doc, m):
                continue
            if m.actor.kind == "media" and hit.type not in SPEECH_ACTS:
                continue  # "le journaliste de l'AFP a compté 100 explosions": who reports, not who strikes
            best = m
        return best

    @staticmethod
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

    def clash_sides(self, hit: Hit, sent: Span, mentions: list[ActorMention], blocked,
                    dominant_country: Place | None, patients=()) -> tuple[ActorMention, ActorMention | None] | None:
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
            if m.actor.kind == "state" and (m.metonym or _LOCATIVE_BEFORE.search(fold(text[max(0, m.start - 30):m.start]))):
                continue  # "combats en Syrie": where, not who
            sides.append(m)
        if not sides:
            sides = [m for m in mentions if sent.start_char <= m.start < sent.end_char and m.actor.kind == "armed_group"
                     and any(s <= m.start < e for s, e in patients)]
        state = next((m for m in sides if m.actor.kind in ("state", "military", "police") and m.actor.country), None)
        others = [m for m in sides if state is None or m.actor.country != state.actor.country]
        named = [m for m in others if m.actor.name not in self._generic_names()]
        other = (named or others or [None])[0]
        if state is not None:
            return state, other
        if other is None or other.actor.kind != "armed_group" or dominant_country is None:
            return None
        if fold(text[hit.end:hit.end + 10]).lstrip().startswith("entre"):
            return None  # "entre les forces d'un général à la retraite et des milices": both sides told
        forces = self._localise(Actor("Security forces", "military"), dominant_country)
        if forces is None or forces.country is None:
            return None
        return ActorMention(forces, hit.start, hit.start, ""), other

    def topic(self, sent: Span, mentions: list[ActorMention], memory: "ActorMemory") -> ActorMention | None:
        """Who a sentence is about: the actor its main verb's subject names, or its agent when passive
        ("L'attentat a été revendiqué par l'organisation Etat islamique")."""
        root = sent.root
        subj, passive = self._subject(root)
        passive = passive or any(c.dep_ == "aux:pass" for c in root.children)
        agent = self._agent(root) if passive else None
        tok = agent if agent is not None else subj
        if tok is None or tok.pos_ == "PRON":
            return None
        return self._actor_from_token(tok, mentions, memory)

    @staticmethod
    def crowd(sent: Span, mentions: list[ActorMention], blocked) -> ActorMention | None:
        """"la manifestation était interdite, mais les partisans de X l'ont maintenue": a protest's
        actor is the crowd its sentence names (protesters, supporters, a party)."""
        return next((m for m in mentions if sent.start_char <= m.start < sent.end_char
                     and m.actor.kind in _CROWD_KINDS and not any(s <= m.start < e for s, e in blocked)), None)

    def fallback_target(self, hit: Hit, sent: Span, mentions: list[ActorMention], blocked) -> ActorMention | None:
        text = doc_text(sent.doc)
        if hit.type in ("MEET", "CONSULT", "AGREE", "DEMAND"):
            # "a rencontré ... son homologue américain John Kerry", "s'est entretenu avec Donald Trump";
            # "a appelé le New York Times à cesser": whom one asks follows the verb at once
            reach = DEMAND_ADDRESSEE_WINDOW if hit.type == "DEMAND" else 120
            for m in mentions:
                if hit.end <= m.start < min(sent.end_char, hit.end + reach) and not any(s <= m.start < e for s, e in blocked) \
                        and (m.actor.kind in ("person", "state", "igo", "armed_group", "party", "ngo")
                             or (hit.type == "DEMAND" and m.actor.kind == "media")):
                    return m
        for m in mentions:
            if m.start < hit.end or m.end > sent.end_char or any(s <= m.start < e for s, e in blocked):
                continue
            before = fold(text[max(hit.end, m.start - 40):m.start])
            if re.search(r"\b(" + "|".join(self.lex.targets_after) + r")\b", before):
                return m
        return None

    # ------------------------------------------------------------------ places
    @staticmethod
    def places_for(hit: Hit, sent: Span, places: list[PlaceMention], blocked) -> list[PlaceMention]:
        """Where the event of ``hit`` happened: the places of its sentence, most specific first."""
        inside = [p for p in places if p.place is not None and sent.start_char <= p.start and p.end <= sent.end_char
                  and not any(s <= p.start < e for s, e in blocked)]
        inside = [p for p in inside if abs(p.start - hit.start) <= MAX_PLACE_DISTANCE]
        if not inside:
            return []
        located = any(p.place.precision != "country" for p in inside)
        keep = []
        for p in inside:
            if p.place.precision == "country" and located:
                continue  # "à Tessit, près des frontières avec le Burkina Faso": the town, not the countries
            if p.place.precision == "admin1" and not p.fallback and any(
                    q.place.country == p.place.country and q.place.admin1 == p.place.admin1 for q in inside
                    if q is not p and (q.place.precision == "point" or q.fallback)):
                continue  # "à Jisr al-Choughour, dans la province d'Idleb": the town, not the province
            keep.append(p)
        return keep

    def speaker(self, hit: Hit, stext: str, sent: Span, attributions: list[Attribution],
                memory: "ActorMemory") -> Actor | None:
        """Who says a quoted statement: the source of its sentence ("«...», a déclaré X")."""
        rel = hit.start - sent.start_char
        before = stext[:rel]
        quoted = before.count("«") > before.count("»") or before.count('"') % 2 == 1 or \
            before.count("“") > before.count("”")
        if not quoted:
            return None
        for a in attributions:
            if a.start > rel:
                actor = self.registry.get(a.source) or self.registry.lookup(a.source)
                if actor is not None:
                    return actor
        if re.search(r"-t-(il|elle)\b|\b(a|avait)-(il|elle)\b", stext[rel:]):
            last = memory.last_person or memory.last_actor
            return last.actor if last else None
        return None

    # ------------------------------------------------------------------ document
    def extract(self, document: Document, sdoc: Doc, mentions: list[ActorMention],
                places: list[PlaceMention], dominant_country: Place | None = None,
                country_place=None) -> list[Event]:
        """Events of one document. ``country_place(alpha2 or alpha3)`` gives a country-level Place."""
        events: list[Event] = []
        memory = ActorMemory()
        sources = SourceTracker()
        text = document.text
        analysed = doc_text(sdoc)  # the masked text: same offsets, boilerplate blanked
        story = StoryPlace()
        assault_actors: list[Actor] = []  # authors of the attacks told so far, latest last
        several: set[int] = set()  # ids of events told as several ("plusieurs attaques", "des raids")
        phone_call = bool(re.search(r"t[ée]l[ée]phon", fold(analysed)))
        mentions = [m for m in mentions if not _topic_label(analysed, m)]
        generic = self._generic_names()
        hazard_doc, hostile_doc = self._document_frame(sdoc, analysed)
        reference = reference_day(analysed, document.doc_date)
        story_date: DateValue | None = None  # the last day a sentence told, for those that tell none
        for sent in sdoc.sents:
            stext = analysed[sent.start_char:sent.end_char]
            story.next_sentence(new_paragraph="\n" in analysed[max(0, sent.start_char - 3):sent.start_char + 1])
            if len(stext.strip()) < 12:
                memory.observe(sent, mentions)
                continue
            attributions = find_attributions(stext, self.registry)
            abs_attr = [(sent.start_char + a.start, sent.start_char + a.end) for a in attributions]
            claimed_by = sources.resolve(attributions)
            question = stext.rstrip().endswith("?")
            hits = [h for h in self.find_triggers(sent) if not self.unrealised(h)
                    and not self._inside_a_name(h, mentions, generic)]
            hits = [h for h in hits if not (h.type == "AID" and self._attacked(h, hits))]
            if hits and any((h.type, h.lemma) in self.lex.hazard_prone for h in hits):
                hits = [h for h in hits if not self._accidental(h, sent, mentions, hazard_doc, hostile_doc)]
            sent_places = [p for p in places if p.place is not None and sent.start_char <= p.start < sent.end_char
                           and not any(s <= p.start < e for s, e in abs_attr)]
            # what only events need is worked out only in sentences that have a trigger (most have none)
            old_dates = background_spans(stext, document.doc_date) if hits else None
            patients = self.patient_spans(sent) if hits else []
            strong_types = {h.type for h in hits if not h.weak}
            groups: dict[tuple[str, str | None], dict] = {}
            sentence_targets: list[tuple[int, int]] = []
            for hit in hits:
                if question:
                    break
                if old_dates.covers(hit.start - sent.start_char):
                    continue  # history: the nearest date of the trigger is over a month old
                if hit.weak and (hit.type in strong_types or not (sent_places or mentions)):
                    continue
                if hit.type == "ASSAULT" and self._running_toll(hit, sent):
                    continue  # "les combats ont déjà fait 528 morts": a war's toll so far, not an event
                if hit.type == "MEET" and hit.lemma == "entretenir" and phone_call:
                    hit.type = "CONSULT"  # "s'est entretenu" in a story about a phone call
                actor_m, target_m = self.roles(hit, mentions, memory)
                commenters = self.commenters(hit, hits)
                if actor_m is not None and any(lo <= actor_m.start < hi for lo, hi in commenters):
                    actor_m = None  # "le ministre a condamné l'attaque": who condemns did not attack
                # the parse's actor stands even when it also reports ("L'armée russe a annoncé avoir
                # effectué des frappes"); only a victim is never an actor
                if hit.type == "MOBILIZE" and actor_m is None:
                    # "les forces de sécurité irakiennes ont été déployées": who is deployed mobilises
                    actor_m = self._patient_mention(hit, mentions, patients)
                elif actor_m is not None and any(s <= actor_m.start < e for s, e in patients):
                    target_m = target_m or actor_m
                    actor_m = None
                if hit.type == "ASSAULT" and hit.pos == "noun" and hit.lemma in self.lex.clashes:
                    actor_m, target_m = self.clash_sides(hit, sent, mentions, abs_attr, dominant_country, patients) or (
                        actor_m, target_m)
                subj = self._subject(hit.token)[0] if hit.pos == "verb" else None
                first_person = subj is not None and fold(subj.text.lower()) in _FIRST_PERSON
                # «l'impératif humanitaire qui exige de rester»: a statement told of a thing that names
                # no actor is no one's, neither the speaker's nor a name nearby
                said_by_no_one = hit.type in SPEECH_ACTS and actor_m is None and subj is not None and \
                    fold(subj.text.lower()) == "qui"
                speaker = None
                if (hit.type in SPEECH_ACTS or first_person) and not said_by_no_one:
                    # «nous envoyons un convoi», a indiqué X: X acts
                    speaker = self.speaker(hit, stext, sent, attributions, memory)
                if actor_m is None and hit.type == "PROTEST":
                    actor_m = self.crowd(sent, mentions, abs_attr)
                if actor_m is None and speaker is None and not said_by_no_one and not self._acted_upon(hit, hits):
                    # the side another trigger of the sentence acts upon is not this one's author; nor is
                    # the one who repels an attack the author of the attack ("ont repoussé l'attaque")
                    actor_m = self.fallback_actor(hit, sent, mentions,
                                                  abs_attr + patients + sentence_targets + commenters, target_m)
                if target_m is None:
                    taken = [(actor_m.start, actor_m.end)] if actor_m is not None else []
                    target_m = self.fallback_target(hit, sent, mentions, abs_attr + taken) or self._patient_mention(
                        hit, mentions, patients)
                actor = self._localise(speaker, dominant_country) or (actor_m.actor if actor_m else None)
                if actor is None and hit.type in SPEECH_ACTS and claimed_by and not said_by_no_one:
                    actor = self._localise(self.registry.get(claimed_by), dominant_country)  # the source speaks
                key = (hit.type, actor.name if actor else None)
                if self._acted_upon(hit, hits):
                    key = (hit.type, f"@{hit.token.i}")  # "a repoussé l'attaque": the attack is another act
                elif key in groups and hit.type in SPEECH_ACTS and target_m is not None and \
                        groups[key]["target"] not in (None, target_m.actor):
                    # "a appelé le New York Times à ... et demandé aux autorités américaines de ...": two demands
                    key = (hit.type, f"{key[1]}>{target_m.actor.name}")
                elif key not in groups and actor is None:
                    same = [k for k in groups if k[0] == hit.type and not (k[1] or "").startswith("@")]
                    if same:
                        key = same[0]
                if key[1] is not None and not key[1].startswith("@") and (hit.type, None) in groups:
                    groups[key] = groups.pop((hit.type, None))
                g = groups.setdefault(key, {"hits": [], "actor": actor, "target": None, "spans": []})
                g["hits"].append(hit)
                g.setdefault("commented_by", set()).update(
                    m.actor.name for m in mentions if any(lo <= m.start < hi for lo, hi in commenters))
                g["actor"] = g["actor"] or actor
                g["anaphoric"] = g.get("anaphoric", False) or (hit.type == "ASSAULT" and self._anaphoric(hit.token))
                if target_m is not None and g["target"] is None:
                    g["target"] = target_m.actor
                if target_m is not None:
                    sentence_targets.append((target_m.start, target_m.end))
                for m in (actor_m, target_m):
                    if m is not None:
                        g["spans"].append((m.start, m.end))
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
                    actor = self._localise(Actor("Government", "state"), dominant_country)
                    implicit = actor is not None and actor.country is not None
                    actor = actor if implicit else None
                repeat = distinct = False
                if etype in SPEECH_ACTS:
                    where = []
                    home = country_place(actor.country) if (actor is not None and actor.country and country_place) else None
                    fallback = None if etype == "CONSULT" else (home or story.country or dominant_country)
                else:
                    where = self.places_for(hit, sent, places, abs_attr + g["spans"])
                    if etype != "ASSAULT":
                        where = where[:1]
                    fallback = story.place or story.country or dominant_country
                    located = [p for p in where if p.place.precision != "country"]
                    # "les frappes", "cette attaque", and "a repoussé l'attaque" told again
                    repeat = not located and any(self._anaphoric(h.token) or any(
                        o.token.head.i == h.token.i and self._acted_upon(o, hits) and self._anaphoric(o.token)
                        for o in hits) for h in g["hits"])
                    distinct = any(self._another(h.token) for h in g["hits"])
                mode = self.mode(hit, stext, sent) if etype == "ASSAULT" else None
                date = event_date(stext, hit.start - sent.start_char, document.doc_date, reference)
                if date.text is None and story_date is not None:
                    # the day the lead told: the story goes on about it (inherited, it is not told
                    # here, so it contradicts no date a report of the same event tells)
                    date = DateValue(story_date.value, story_date.precision, None)
                elif date.text is not None and date.precision == "day":
                    story_date = date
                # event nouns only: "les manifestants" are people, not protests
                nouns = [h for h in g["hits"] if h.pos == "noun" and not any(m.start <= h.start < m.end for m in mentions)]
                told_as_several = bool(nouns) and all(self._several(h.token) for h in nouns)
                pairs = [(actor, target)]
                if etype in RECIPROCAL_TYPES:
                    pairs = self.reciprocal(hit, mentions) or pairs
                elif etype == "ASSAULT":
                    pairs = [(a, target) for a in self.coordinated(hit, actor, mentions)] or pairs
                for place_m in (where or [None]):
                    for ev_actor, ev_target in pairs:
                        place = place_m.place if place_m else fallback
                        stand_in = place_m is None or place_m.fallback
                        ev_start, ev_end = self.evidence_span(hit, sent, place_m)
                        ev = Event(doc_id=document.id, type=etype, evidence_start=ev_start, evidence_end=ev_end,
                                   evidence_text=text[ev_start:ev_end], mode=mode, actor=ev_actor, target=ev_target,
                                   location=place, date=date,
                                   claimed_by=claimed_by if (claimed_by and (ev_actor is None or claimed_by != ev_actor.name))
                                   else None,
                                   confidence=(0.7 if place_m else 0.5) - (0.2 if implicit else 0.0),
                                   trigger=hit.lemma, repeat=repeat,
                                   distinct=distinct, place_stand_in=stand_in,
                                   commented_by=frozenset(g.get("commented_by", ())))
                        if etype == "ASSAULT" and not toll_used:
                            ev.killed, ev.injured = toll.killed, toll.injured
                            toll_used = True
                        events.append(ev)
                        if told_as_several:
                            several.add(id(ev))
                        if etype == "REJECT":
                            events.extend(self.rejected_accusations(ev, hit, mentions, memory))
                if etype == "ASSAULT" and actor is not None:
                    assault_actors.append(actor)
            for p in sent_places:
                story.saw(p.place, country_place(p.place.country) if country_place else None)
            memory.observe(sent, mentions, self.topic(sent, mentions, memory))
        assign_main_perpetrator(events, mentions, self._generic_names())
        events = merge_reports(events, generic=self._generic_names(), several=frozenset(several))
        self.name_crowds(events)
        mark_denials(events)
        return events

    def name_crowds(self, events: list[Event]) -> None:
        """An unnamed crowd that protests is named by the country where it protests ("des
        manifestants" in Algiers are "Algerian protesters"), in every event of the document where
        it acts or is acted upon (the police disperses the same crowd)."""
        named: dict[Actor, Actor] = {}
        for ev in events:
            crowd = ev.actor
            if ev.type != "PROTEST" or crowd is None or crowd.kind != "civilians" or crowd in named:
                continue
            if ev.location is None or not ev.location.country:
                continue
            country = pycountry.countries.get(alpha_2=ev.location.country)
            national = self.registry.national(crowd, country.alpha_3) if country else None
            if national is not None:
                named[crowd] = national
        for ev in events:
            ev.actor = named.get(ev.actor, ev.actor) if ev.actor else None
            ev.target = named.get(ev.target, ev.target) if ev.target else None

    def _localise(self, actor: Actor | None, dominant_country: Place | None) -> Actor | None:
        """"le gouvernement" named as a source: the government of the document's country."""
        if actor is None or actor.country or actor.kind not in ("state", "military", "police") or \
                dominant_country is None or not dominant_country.country:
            return actor
        alpha3 = alpha3_of(dominant_country.country)
        return (self.registry.organ_actor(alpha3, actor.kind) or actor) if alpha3 else actor

    def coordinated(self, hit: Hit, actor: Actor | None, mentions: list[ActorMention]) -> list[Actor]:
        """"les avions du gouvernement syrien et de l'armée russe ont pilonné": two attackers, two events."""
        if actor is None:
            return []
        tok = hit.token
        heads = []
        if hit.pos == "verb":
            subj, passive = self._subject(tok)
            heads = [self._agent(tok)] if passive else [subj]
        else:
            heads = [c for c in tok.children if c.dep_.startswith("nmod")]
            if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in _QUANTITY_NOUNS:
                heads += [c for c in tok.head.children if c.dep_.startswith("nmod") and c.i != tok.i]
        for h in heads:
            if h is None:
                continue
            found: list[Actor] = []
            # "de l'aviation russe, Américains et Russes vont se réunir": a bare noun after a comma is
            # no conjunct of a "de" complement (a real one repeats "de" or its article)
            bare = [self.phrase_span(c, with_conjuncts=True) for c in h.subtree if c.dep_ == "conj"
                    and c.head.dep_.startswith("nmod") and not any(x.dep_ in ("case", "det") for x in c.children)]
            # only conjuncts are coordinated: "la coalition dirigée par l'Arabie saoudite au Yémen"
            # names one attacker, its leader and where it fights
            conjuncts = [self.phrase_span(c, with_conjuncts=True) for c in h.subtree if c.dep_ == "conj"]
            text = doc_text(tok.doc)
            for m in self.mentions_in(self.phrase_span(h, with_conjuncts=True), mentions):
                if any(lo <= m.start < hi for lo, hi in bare):
                    continue
                if m.actor.kind == "state" and _IN_A_PLACE_BEFORE.search(fold(text[max(0, m.start - 30):m.start])):
                    continue
                if m.actor.kind in ("state", "military", "police", "armed_group") and m.actor.country not in (
                        None, *[a.country for a in found]) or (m.actor.country is None and m.actor.kind == "armed_group"
                                                              and all(a.name != m.actor.name for a in found)):
                    found.append(m.actor)
            if len(found) == 2 and any(a.name == actor.name or a.country == actor.country for a in found) \
                    and conjuncts:
                return found
        return []

    def commenters(self, hit: Hit, hits: list[Hit]) -> list[tuple[int, int]]:
        """The subjects of the statements that govern an event ("le ministre a condamné l'attaque",
        "X a nié toute implication dans l'attaque", "Y a salué l'offensive"): who comments on an
        event is not its author."""
        if hit.type in SPEECH_ACTS:
            return []
        ancestors = {t.i for t in hit.token.ancestors}
        spans = []
        for h in hits:
            if h.type in COMMENT_TYPES and h.pos == "verb" and h.token.i in ancestors:
                subj, passive = self._subject(h.token)
                # "l'offensive a été qualifiée de barbare par l'UE": the agent comments
                speaker = self._agent(h.token) if passive or subj is None else subj
                if speaker is not None:
                    spans.append(self.phrase_span(speaker))
        return spans

    def _generic_names(self) -> frozenset[str]:
        return frozenset(a.name for a in getattr(self.registry, "generic", ()))

    def _patient_mention(self, hit: Hit, mentions, patients) -> ActorMention | None:
        sent_start = hit.token.sent.start_char
        for m in mentions:
            if m.start >= sent_start and any(s <= m.start < e for s, e in patients):
                return m
        return None

    def reciprocal(self, hit: Hit, mentions: list[ActorMention]) -> list[tuple[Actor, Actor]]:
        """"Américains et Russes s'accusent": each accuses the other."""
        tok = hit.token
        if not any(fold(c.text.lower()) in ("se", "s'") for c in tok.children):
            return []
        subj, _ = self._subject(tok)
        if subj is None:
            return []
        # coordinated subjects only: "Le mollah Baradar, négociateur des talibans, s'est entretenu avec
        # Donald Trump" is one party described twice, talking with another
        actors = []
        for part in (subj, *[c for c in subj.children if c.dep_ == "conj"]):
            found = self._first(self.mentions_in(self.phrase_span(part), mentions))
            if found is not None and all(found.actor.name != a.name for a in actors):
                actors.append(found.actor)
        if len(actors) != 2:
            return []
        a, b = actors
        return [(a, b), (b, a)]

    @staticmethod
    def _inside_a_name(hit: Hit, mentions: list[ActorMention], generic: frozenset[str]) -> bool:
        """"l'opération Dignité", "l'Armée de la conquête": a trigger word inside a group's name is no
        event (inside an unnamed group's, "les manifestants", it names who acts)."""
        return any(m.start <= hit.start and hit.end <= m.end and m.actor.name not in generic
                   and m.actor.kind not in ("state", "military", "police", "civilians") for m in mentions)

    @staticmethod
    def _attacked(hit: Hit, hits: list[Hit]) -> bool:
        """"l'attaque contre un convoi d'aide", "l'attaque a touché un convoi acheminant de l'aide": aid
        that is struck is the attack's target, not an aid event of its own."""
        assaults = {h.token.i for h in hits if h.type == "ASSAULT"}
        t = hit.token
        for _ in range(4):
            if t.head.i == t.i:
                return False
            t = t.head
            if t.i in assaults or any(c.dep_ == "nsubj" and c.i in assaults for c in t.children):
                return True
        return False

    @staticmethod
    def _acted_upon(hit: Hit, hits: list[Hit]) -> bool:
        """"L'armée a repoussé l'attaque": an attack that is the object of a verb of attack is the act
        that verb answers, not the same act ("mener une attaque" is one phrase, one act)."""
        return hit.type == "ASSAULT" and hit.pos == "noun" and hit.token.dep_ in ("obj", "obl:arg") and any(
            h.pos == "verb" and not h.phrase and h.type == hit.type and h.token.i == hit.token.head.i
            for h in hits)

    @staticmethod
    def _several(tok: Token) -> bool:
        """"plusieurs attaques", "des raids", "des dizaines de frappes": more than one event, told at once."""
        if tok.dep_.startswith("nmod") and fold(tok.head.lemma_.lower()) in _QUANTITY_NOUNS:
            return True
        return "Plur" in tok.morph.get("Number") and not any(
            c.dep_ == "det" and fold(c.text.lower()) in ("les", "ces", "leurs", "ses") for c in tok.children)

    @staticmethod
    def _another(tok: Token) -> bool:
        """"une autre attaque", "d'autres raids", "de nouvelles frappes": a new event, never a repeat
        of one told."""
        return any(fold(c.lemma_.lower()) in ("autre", "nouveau", "nouvelle") and c.i < tok.i for c in tok.children)

    @staticmethod
    def _anaphoric(tok: Token) -> bool:
        """A definite event noun ("les frappes", "cette attaque") refers back to an event already told."""
        return tok.pos_ == "NOUN" and any(c.dep_ == "det" and fold(c.text.lower()) in (
            "les", "la", "le", "l'", "ces", "cette", "ce", "cet") for c in tok.children)

    def mode(self, hit: Hit, stext: str, sent: Span) -> str:
        """The trigger's own mode ("kamikaze", "abattre", "frappe"), else the words around it."""
        rel = hit.start - sent.start_char
        window = self.lex.mode_of(fold(stext[max(0, rel - MODE_WINDOW):rel + (hit.end - hit.start) + MODE_WINDOW]))
        own = self.lex.mode_of(fold(stext[rel:rel + (hit.end - hit.start)])) or self.lex.mode_of(hit.lemma)
        if own == "aerial" and window == "drone":
            return "drone"  # "une frappe de drone"
        return own or window or self.lex.mode_of(fold(stext)) or "other"

    def evidence_span(self, hit: Hit, sent: Span, place_m: PlaceMention | None) -> tuple[int, int]:
        """The clause that reports the event: the trigger's clause, reaching its place."""
        v = hit.token if hit.pos == "verb" else (self.governing_verb(hit.token) or hit.token)
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

    def rejected_accusations(self, reject: Event, hit: Hit, mentions, memory) -> list[Event]:
        """"X a balayé les accusations de Y": Y accused X. The REJECT's target is Y."""
        out = []
        for c in hit.token.children:
            if c.dep_ not in ("obj", "obl:arg", "nsubj:pass") or fold(c.lemma_.lower()) not in _CLAIM_NOUNS:
                continue
            accusers = [m for m in self.mentions_in(self.phrase_span(c), mentions)
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
        if place.precision != "country":
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


def _topic_label(text: str, m: ActorMention) -> bool:
    """"Syrie: bombardements sur Alep", "Mali: deux soldats tués": a country heading a line before a
    colon is the story's topic, not who acts."""
    if m.actor.kind != "state" or not text[m.end:m.end + 3].lstrip(" ").startswith(":"):
        return False
    line = text[text.rfind("\n", 0, m.start) + 1:m.start]
    return _LINE_START.fullmatch(line) is not None


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


def merge_reports(events: list[Event], generic: frozenset[str] = frozenset(),
                  several: frozenset[int] = frozenset()) -> list[Event]:
    """Repeated reports of one event in a document become one event (the first, completed).

    Same type, compatible actors and modes, same day, and the same place - or no
    place of their own for a repeat ("cette attaque"), which joins the last event
    of its type. A report placed only in a country joins one placed within it, unless
    it tells several events ("plusieurs attaques", ``several``: ids of such events).
    """
    kept: list[Event] = []
    for ev in events:
        twin = None
        candidates = [k for k in kept if k.type == ev.type and _same_parties(k, ev, generic)
                      and not (k.mode and ev.mode and k.mode != ev.mode and "other" not in (k.mode, ev.mode))]
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
                        and k.location.precision == ev.location.precision != "point":
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
        if _more_precise(ev.location, twin.location):
            twin.location = ev.location  # the more precise report says where
        if twin.actor is None or (twin.actor.name in generic and ev.actor is not None and ev.actor.name not in generic):
            twin.actor = ev.actor
        twin.target = twin.target or ev.target
        twin.claimed_by = twin.claimed_by or ev.claimed_by
        if twin.mode == "other" and ev.mode:
            twin.mode = ev.mode
        if twin.date.text is None and ev.date.text is not None:
            twin.date = ev.date  # a told date beats the publication date
        for attr in ("killed", "injured"):
            theirs, ours = getattr(ev, attr), getattr(twin, attr)
            if theirs is not None and (ours is None or theirs < ours):
                setattr(twin, attr, theirs)  # the lowest figure reported
        twin.confidence = min(0.95, twin.confidence + 0.1)
    # event ids are hashes of evidence and type: two events of one clause and type would share one
    seen: set[str] = set()
    unique = []
    for ev in kept:
        if ev.event_id in seen:
            continue
        seen.add(ev.event_id)
        unique.append(ev)
    return unique


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
    for rej in [e for e in events if e.type == "REJECT" and e.actor is not None]:
        side = rej.actor.country or rej.actor.name
        for ev in events:
            if ev is rej or ev.type in ("REJECT", "ACCUSE") or ev.actor is None or not ev.claimed_by:
                continue
            if (ev.actor.country or ev.actor.name) == side and ev.claimed_by != rej.actor.name:
                ev.denied_by = ev.denied_by or rej.actor.name
