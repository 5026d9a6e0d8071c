"""Stage 1: the triggers of a sentence, and the hits that tell no event after all.

A lexicon word is only a candidate: most words of the lexicon have other senses ("un marché",
"tirer des stocks", "avions de combat"), and violence words also tell accidents and disasters.
These checks need only the sentence and the lexicon, so they run before any role is read;
the folded forms of tokens are cached on the parse because every sentence reads them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.attrs import LEMMA, ORTH, POS
from spacy.symbols import ADJ, VERB
from spacy.tokens import Doc, Span, Token

from ..casualties import find_toll
from ..dates import DAY_WORDS
from ..nlp import doc_text
from ..records import ActorMention
from ..textnorm import fold
from .cues import ADVERBIAL_PHRASES, AMOUNT_NOUNS, CIRCUMSTANCE_NOUNS, CLAIM_NOUNS, CONTINUING_WORDS, QUANTITY_NOUNS
from .kinds import SPEECH_ACTS
from .lexicon import Lexicon

_WORDS = re.compile(r"[\s']+")  # a phrase's words: "prendre d' assaut" -> prendre, d, assaut
# "également", "à leur tour": a sentence that goes on with the one before it (_has_context)
_CONTINUING = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(CONTINUING_WORDS, key=len, reverse=True))
                         + r")(?!\w)")
# Articles a lexicon phrase may be told with in another agreement, by kind: definite, indefinite,
# contracted.
_ARTICLES = {"le": 1, "la": 1, "les": 1, "l'": 1, "un": 2, "une": 2, "des": 2, "au": 3, "aux": 3}


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
    if fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS:
        near.append(tok.head.head)  # "la levée de la plupart des sanctions": what holds the count holds them
    # "la cible d'un regain de désinformation": what a count of the trigger's counts
    near += [x for c in tok.children if fold(c.lemma_.lower()) in QUANTITY_NOUNS for x in c.children]
    if tok.i > 0:
        near.append(tok.doc[tok.i - 1])
    out: set[str] = set()
    for t in near:
        if t.i != tok.i:
            out.add(fold(t.lemma_.lower()))
            out.add(fold(t.text.lower()))
    return out


def _armed_killing(lex: Lexicon, hit: Hit, folded_sentence: str) -> bool:
    """"tué par balle", "abattu à l'arme automatique": a killing told with a lethal weapon (rubber
    bullets are none)."""
    return hit.lemma in lex.killing_verbs and "caoutchouc" not in folded_sentence and \
        not lex.lethal_means.isdisjoint(_neighbour_lemmas(hit.token))


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


def _verb_above(tok: Token) -> Token | None:
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ == "VERB":
            return t
    return None


def find_triggers(lex: Lexicon, sent: Span) -> list[Hit]:
    hits: list[Hit] = []
    if sent[0].dep == 0 and sent[-1].dep == 0:
        return hits  # a sentence the selective parse left aside holds no trigger (selective_parse.py)
    folded_sentence = _folded_sentence(sent)
    all_lemmas, all_words = folded_tokens(sent.doc)
    lemmas = all_lemmas[sent.start:sent.end]
    words = all_words[sent.start:sent.end]
    by_lemma = lex.by_lemma
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
            for entry in lex.by_lemma.get(key, ()):
                if entry.pos == "verb" and tok.pos_ not in ("VERB", "ADJ", "AUX"):
                    continue
                if entry.pos == "noun" and tok.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
                    continue
                if entry.pos == "noun" and (_classifier(tok) or _verb_read_as_noun(tok)):
                    continue
                if entry.pos == "noun" and _accent_clash(tok, entry.word):
                    continue  # "un marché" is no "marche", "la côte" no "cote"
                if (entry.type, key) in lex.not_reflexive and _reflexive(tok):
                    continue  # "la maladie s'est manifestée": no protest
                if lex.other_sense(entry.type, key, _neighbour_lemmas(tok)):
                    continue  # "tirer des stocks", "un séisme a frappé", "des explosions ont retenti"
                if entry.reflexive_only and not any(
                        fold(c.text.lower()) in ("se", "s'", "me", "nous") for c in tok.children) and not (
                        "Part" in tok.morph.get("VerbForm", []) and not any(c.dep_.startswith("aux") for c in tok.children)):
                    continue  # "s'est entretenu", "réunies à Genève"; not "a reçu une lettre"
                if entry.contextual and not _has_context(lex, entry.type, sent, tok, key) and not (
                        (entry.type, key) in lex.passive_free and _passive_of_a_person(tok)):
                    continue
                if entry.type == "DEMAND" and entry.contextual and not _asks_for_something(tok) and not (
                        key in lex.asks_with_object and any(c.dep_ == "obj" and c.pos_ == "NOUN" for c in tok.children)):
                    # "a demandé l'autorisation de manifester": the object is what is asked for
                    continue
                hits.append(Hit(entry.type, tok, tok.idx, tok.idx + len(tok.text), key, entry.pos, entry.weak))
    present = set(lemmas) | set(words)
    for etype, seq in lex.phrases:
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
            own = lex.own_context.get((etype, " ".join(seq)))
            if k == len(seq) and own is not None and not any(
                    lemmas[x] in own or words[x] in own for x in range(len(sent)) if not i <= x < j):
                continue  # "a pris le contrôle de l'entreprise": a phrase with a context of its own needs it
            if k == len(seq):
                # the phrase's verb carries its tense and negation ("s'est fait exploser")
                tok = next((sent[x] for x in range(i, j) if sent[x].pos_ == "VERB"), sent[i])
                if tok.pos_ == "ADP":
                    # "a donné jusqu'à dimanche ..., sous peine d'utiliser la force": a phrase that is a
                    # complement tells the act of the verb it hangs on
                    tok = _verb_above(tok) or tok
                hits.append(Hit(etype, tok, tok.idx, sent[j - 1].idx + len(sent[j - 1].text), " ".join(seq),
                                "verb" if tok.pos_ in ("VERB", "AUX") else "noun", False, True))
    if "canon a eau" in folded_sentence and not lex.vessel_nouns.isdisjoint(lemmas):
        # "ont tiré au canon à eau sur un bâtiment philippin": a ship attacked, no crowd controlled
        hits = [h for h in hits if not (h.type == "COERCE" and h.lemma == "canon a eau")]
        if not any(h.type == "ASSAULT" for h in hits):
            cannon = next((t for t in sent if fold(t.lemma_.lower()) == "canon"), None)
            if cannon is not None:
                verb = cannon.head if cannon.head.pos_ in ("VERB", "AUX") else cannon
                hits.append(Hit("ASSAULT", verb, verb.idx, verb.idx + len(verb.text), "canon a eau",
                                "verb" if verb.pos_ in ("VERB", "AUX") else "noun", False, True))
    else:
        hits = [h for h in hits if not lex.blocked(h.type, folded_sentence) or _armed_killing(lex, h, folded_sentence)]
    # "un entretien téléphonique": a call, and no meeting besides it
    calls = [(h.start, h.end) for h in hits if h.type == "CONSULT" and h.phrase]
    hits = [h for h in hits if not (h.type == "MEET" and any(s <= h.start < e for s, e in calls))]
    hits = [replace(h, type="REJECT") if h.type == "ACCUSE" and h.pos == "verb" and _aims_at_a_claim(h.token)
            else h for h in hits]
    rejecting = {h.token.i for h in hits if h.type == "REJECT"}
    # "a démenti, qualifiant ces accusations de ...", "a rejeté ces critiques, dénonçant une ingérence":
    # the participle says why it rejects, it is no second statement
    # (the parser may hang it on the rejected object: "a rejeté ces critiques, dénonçant")
    hits = [h for h in hits if not (h.type in ("ACCUSE", "REJECT") and h.pos == "verb"
                                    and rejecting & {h.token.head.i, h.token.head.head.i} - {h.token.i}
                                    and h.token.dep_ in ("advcl", "acl", "conj", "xcomp")
                                    and "Part" in h.token.morph.get("VerbForm", [])
                                    and "Pres" in h.token.morph.get("Tense", []))]
    # "a balayé les accusations du Pentagone": the accusation is told by the REJECT (rejected_accusations);
    # so is one a participle of the denial judges ("a démenti toute présence, jugeant ces accusations infondées")
    hits = [h for h in hits if not (h.type == "ACCUSE" and h.pos == "noun" and (
        h.token.head.i in rejecting or _judged_by_a_denial(h.token, rejecting)))]
    # "a remercié la France pour son soutien": a statement's noun under a verb of the same kind is
    # what the verb says, not a second statement
    stating = {(h.type, h.token.i) for h in hits if h.pos == "verb" and h.type in SPEECH_ACTS}
    hits = [h for h in hits if not (h.pos == "noun" and (h.type, h.token.head.i) in stating)]
    # one hit per (type, token)
    seen: set[tuple[str, int]] = set()
    unique = []
    for h in sorted(hits, key=lambda h: (h.start, not h.phrase)):
        if (h.type, h.token.i) in seen:
            continue
        seen.add((h.type, h.token.i))
        unique.append(h)
    return unique


def _passive_of_a_person(verb: Token) -> bool:
    """"le conducteur a été arrêté", "Mahmoud Hamza a été libéré": a passive whose subject is a
    person's name or a noun (not a pronoun: "elle a été arrêtée" may be a thing)."""
    return any(c.dep_ == "aux:pass" for c in verb.children) and any(
        c.dep_ == "nsubj:pass" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)


def _judged_by_a_denial(noun: Token, rejecting: set[int]) -> bool:
    """The object of a present participle that hangs on a denial, or on its object ("a démenti toute
    présence de ses troupes, jugeant ces accusations infondées")."""
    part = noun.head
    return noun.dep_ == "obj" and part.pos_ == "VERB" and "Part" in part.morph.get("VerbForm", []) and \
        "Pres" in part.morph.get("Tense", []) and bool({part.head.i, part.head.head.i} & rejecting)


def _aims_at_a_claim(verb: Token) -> bool:
    """"a qualifié ces accusations de mensonges", "dénonce des allégations": blame aimed at a claim
    dismisses it, it accuses no one."""
    # (the parser may hang the object on a day after the verb: "a qualifié vendredi ces allégations")
    near = [*verb.children, *(x for c in verb.children if fold(c.lemma_.lower()) in DAY_WORDS for x in c.children)]
    return any(c.dep_ in ("obj", "obl:arg") and fold(c.lemma_.lower()) in CLAIM_NOUNS for c in near)


def document_frame(lex: Lexicon, doc: Doc, text: str) -> tuple[bool, bool]:
    """Is a document about an accident, a disaster or an epidemic (its hazard words at least two
    and no fewer than its words of violence), and does it tell of deliberate violence (two such
    words or more)? Read once per document."""
    lemmas, words = folded_tokens(doc)
    # the words of verbs are not read: folded, "frappé" would read as "frappe"
    tokens = [(lemma, "" if verb else word) for lemma, word, verb in zip(lemmas, words, verb_flags(doc))]
    folded = fold(text.lower())
    hazards = sum(1 for lemma, word in tokens if lemma in lex.hazards or word in lex.hazards)
    hazards += sum(folded.count(p) for p in lex.hazard_phrases)
    hostile = sum(1 for lemma, word in tokens if lemma in lex.hostile or word in lex.hostile)
    hostile += sum(folded.count(p) for p in lex.hostile_phrases)
    return hazards >= 2 and hazards >= hostile, hostile >= 2


def accidental(lex: Lexicon, hit: Hit, sent: Span, mentions: list[ActorMention], hazard_doc: bool,
               hostile_doc: bool) -> bool:
    """A hazard-prone trigger ("une explosion", "l'incendie", "a tué", "fermé") told of an accident,
    a disaster or an epidemic: its sentence names no deliberate violence (no word of it, no armed
    group or armed forces), and names a hazard or stands in a document about one (for an attack:
    or in a document that tells of no violence at all)."""
    if (hit.type, hit.lemma) not in lex.hazard_prone:
        return False
    all_lemmas, all_words = folded_tokens(sent.doc)
    verbs = verb_flags(sent.doc)
    # lemmas, and the words of other tokens than verbs: folded, "frappé" would read as "frappe"
    near = {all_lemmas[i] for i in range(sent.start, sent.end) if i != hit.token.i}
    near |= {all_words[i] for i in range(sent.start, sent.end) if i != hit.token.i and not verbs[i]}
    folded = _folded_sentence(sent)
    if lex.names_hostility(near, folded) or any(
            sent.start_char <= m.start < sent.end_char and m.actor.kind in ("armed_group", "military")
            for m in mentions):
        return False
    # "La Russie a frappé des positions ukrainiennes": a state that strikes means to
    # (not a state's decree: "le gouverneur a décrété l'état d'urgence après les inondations")
    subjects = [c for c in hit.token.children if c.dep_ == "nsubj"] if hit.pos == "verb" and hit.type == "ASSAULT" else []
    if any(m.start <= c.idx < m.end and m.actor.kind == "state" for c in subjects for m in mentions):
        return False
    hazard_here = lex.names_hazard(near, folded)
    if hit.type == "ASSAULT":
        return hazard_here or hazard_doc or not hostile_doc
    return hazard_here or (hazard_doc and not hostile_doc)


# How many words of a frame make a document that frame's.
FRAME_MIN_WORDS = 3


def document_frames(lex: Lexicon, doc: Doc, text: str) -> frozenset[str]:
    """The figurative frames a document tells ("sport", "business", "culture": three of a frame's
    words or more). Read once per document."""
    lemmas, words = folded_tokens(doc)
    folded = fold(text.lower())
    out = set()
    for frame, (single, phrases) in lex.frame_words.items():
        found = sum(1 for lemma, word in zip(lemmas, words) if lemma in single or word in single)
        if found + sum(folded.count(p) for p in phrases) >= FRAME_MIN_WORDS:
            out.add(frame)
    return frozenset(out)


def figurative(lex: Lexicon, hit: Hit, sent: Span, mentions: list[ActorMention],
               sources: Sequence[tuple[int, int]] = ()) -> bool:
    """An ASSAULT trigger that a match or a market uses too ("l'attaque marseillaise", "Carrefour
    lance l'offensive"), in a document about one, whose sentence names no violence they do not
    have: no word of violence outside the prone ones, no armed group, armed forces or police (other
    than as a source: ``sources``, "selon la police"). A meeting noun there is the match ("après la
    rencontre")."""
    if hit.type == "MEET" and hit.pos == "noun":
        return hit.lemma in lex.sport_meetings
    # a phrase is prone through its words ("prendre d'assaut", "faire exploser")
    if hit.type != "ASSAULT" or not any(w in lex.figurative_prone for w in (hit.lemma, *_WORDS.split(hit.lemma))):
        return False
    all_lemmas, all_words = folded_tokens(sent.doc)
    verbs = verb_flags(sent.doc)
    near = {all_lemmas[i] for i in range(sent.start, sent.end)} - lex.figurative_prone
    near |= {all_words[i] for i in range(sent.start, sent.end) if not verbs[i]} - lex.figurative_prone
    if lex.names_hostility(near, _folded_sentence(sent)):
        return False
    # a prone word is no armed group either ("une offensive kamikaze" names no suicide bomber there)
    return not any(sent.start_char <= m.start < sent.end_char and m.actor.kind in ("armed_group", "military", "police")
                   and not any(s <= m.start < e for s, e in sources)
                   and fold(m.text.lower()).rstrip("s") not in lex.figurative_prone for m in mentions)


def running_toll(lex: Lexicon, hit: Hit, sent: Span) -> bool:
    """A plural event noun ("les combats", "les violences") whose sentence counts its dead so far
    ("déjà", "depuis le début", "à ce jour"): the toll of a war, not one event."""
    if hit.pos != "noun" or "Plur" not in hit.token.morph.get("Number", []):
        return False
    folded = _folded_sentence(sent)
    return any(re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", folded) for cue in lex.running_tolls) \
        and find_toll(doc_text(sent.doc)[sent.start_char:sent.end_char]) is not None


def _asks_for_something(tok: Token) -> bool:
    """"a appelé X à cesser", "a demandé aux autorités de prendre": a request has a content."""
    for c in tok.subtree:
        if c.i != tok.i and "Inf" in c.morph.get("VerbForm", []) and c.head.i in (tok.i, *[x.i for x in tok.children]):
            return True
    # "a dénoncé une escalade et demandé aux Etats-Unis, parrains de la trêve, de faire pression": the parser
    # may hang the infinitive on the first verb of the coordination; it follows this one, after "de" or "à"
    if tok.dep_ == "conj":
        for c in tok.doc[tok.i + 1:min(tok.sent.end, tok.i + 15)]:
            if c.pos_ in ("VERB", "AUX") and "Inf" not in c.morph.get("VerbForm", []) and c.dep_ not in ("amod", "acl"):
                break  # another clause (not a participle that qualifies a noun: "aux Nations unies")
            if "Inf" in c.morph.get("VerbForm", []) and c.head.i == tok.head.i and any(
                    x.dep_ == "mark" and fold(x.text.lower()) in ("de", "d'", "a") for x in c.children):
                return True
    # "a appelé au calme", "appelle à la retenue": the content is a noun after "à"; the parser may
    # hang it on the object or an incise before it ("a appelé depuis Rafah, l'unique ouverture sur
    # Gaza, au passage rapide de l'aide")
    def to_a_noun(c: Token) -> bool:
        return c.pos_ == "NOUN" and any(x.dep_ == "case" and fold(x.text.lower()) in ("a", "au", "aux")
                                        for x in c.children)
    return any(c.dep_ == "ccomp" or (c.dep_.startswith("obl") and to_a_noun(c)) or (
        c.dep_ in ("obj", "obl:mod") and any(x.dep_.startswith("nmod") and to_a_noun(x) for x in c.children))
        for c in tok.children)


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
    while k < len(doc):  # "combat toujours les", "combat à la fois le régime"
        if doc[k].pos_ == "ADV":
            k += 1
            continue
        phrase = next((p for p in ADVERBIAL_PHRASES if tuple(fold(t.text.lower()) for t in doc[k:k + len(p)]) == p), None)
        if phrase is None:
            break
        k += len(phrase)
    return k < len(doc) and doc[k].pos_ == "DET" and fold(doc[k].text.lower()) in ("le", "la", "les", "l'")


def _classifier(tok: Token) -> bool:
    """"avions de combat", "hélicoptères d'attaque": a bare noun complement names a kind, not an event."""
    if not tok.dep_.startswith("nmod") or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if fold(tok.head.lemma_.lower()) in QUANTITY_NOUNS | AMOUNT_NOUNS | CIRCUMSTANCE_NOUNS | DAY_WORDS:
        # "des dizaines de frappes", "au cours d'affrontements": events, counted or framing;
        # "a adopté jeudi de nouvelles sanctions": the parser hung the object on the day; "50 millions
        # d'euros d'aide": an amount of it
        return False
    children = list(tok.children)
    has_de = any(c.dep_ == "case" and fold(c.text.lower()) in ("de", "d'") for c in children)
    has_det = any(c.dep_ == "det" for c in children)
    return has_de and not has_det


def _has_context(lex: Lexicon, etype: str, sent: Span, trigger: Token, lemma: str = "") -> bool:
    # a word may need a context of its own ("intercepter" is a seizure among customs words only)
    own = lex.own_context.get((etype, lemma))
    ctx = own or lex.context.get(etype, frozenset())
    lemmas, words = folded_tokens(sent.doc)
    for i in range(sent.start, sent.end):
        if i != trigger.i and (lemmas[i] in ctx or words[i] in ctx):
            return True
    folded = _folded_sentence(sent)
    phrases = lex.own_context_phrases.get((etype, lemma), ()) if own else lex.context_phrases.get(etype, ())
    if any(p in folded for p in phrases):
        return True
    # "Des rassemblements ont également eu lieu à Batoumi": the sentence goes on with one of the two
    # before it in its paragraph, when that one tells an act of the same type ("des manifestants se
    # sont rassemblés"); a word with a context of its own needs it in its own sentence
    if own is None and _CONTINUING.search(folded):
        text, start = doc_text(sent.doc), sent.start
        for _ in range(2):
            if start == 0:
                break
            before = sent.doc[start - 1].sent
            if "\n\n" in text[before.end_char:sent.start_char]:
                break
            if any(not e.contextual and e.type == etype for i in range(before.start, before.end)
                   for e in (*lex.by_lemma.get(lemmas[i], ()), *lex.by_lemma.get(words[i], ()))):
                return True
            start = before.start
    return False


def inside_a_name(hit: Hit, mentions: list[ActorMention], generic: frozenset[str]) -> bool:
    """"l'opération Dignité", "l'Armée de la conquête": a trigger word inside a group's name is no
    event (inside an unnamed group's, "les manifestants", it names who acts)."""
    return any(m.start <= hit.start and hit.end <= m.end and m.actor.name not in generic
               and m.actor.kind not in ("state", "military", "police", "civilians") for m in mentions)


def attacked(hit: Hit, hits: list[Hit]) -> bool:
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
