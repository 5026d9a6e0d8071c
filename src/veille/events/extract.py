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
4. one event per (type, actor) of the sentence, and for ASSAULT one per
   struck place;
5. the date nearest the trigger, the sentence's source (claimed_by);
6. denials mark the events they dispute (denied_by) and accusations they
   reject become ACCUSE events.
Reports of one event repeated within a document are merged at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..attribution import Attribution, SourceTracker, find_attributions
from ..casualties import find_toll
from ..dates import background_spans, event_date
from ..places.resolve import km_between as _km
from ..records import Actor, ActorMention, DateValue, Document, Event, Place, PlaceMention
from ..textnorm import fold
from .lexicon import Lexicon

_PERSONAL_PRONOUNS = {"il", "elle", "ils", "elles"}
_PLAN_NOUNS = {"annonce", "menace", "plan", "projet", "preparation", "possibilite", "risque", "crainte",
               "perspective", "eventualite", "hypothese", "promesse", "intention", "proposition", "appel", "ordre"}
_QUANTITY_NOUNS = {"dizaine", "vingtaine", "trentaine", "centaine", "millier", "serie", "vague", "nombre", "salve",
                   "multitude", "succession", "suite", "jour", "nuit", "semaine", "mois", "journee", "heure",
                   "recrudescence", "regain", "multiplication", "flambee", "escalade", "reprise", "bilan"}
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


def _has_point(p: Place | None) -> bool:
    return p is not None and p.lat is not None and p.precision != "country"


class EventExtractor:
    def __init__(self, lexicon: Lexicon, registry):
        self.lex = lexicon
        self.registry = registry

    # ------------------------------------------------------------------ triggers
    def find_triggers(self, sent: Span) -> list[Hit]:
        hits: list[Hit] = []
        folded_sentence = fold(sent.text)
        lemmas = [fold(t.lemma_.lower()) for t in sent]
        words = [fold(t.text.lower()) for t in sent]
        for i, tok in enumerate(sent):
            if tok.is_punct or tok.is_space:
                continue
            for key in {lemmas[i], words[i]}:
                for entry in self.lex.by_lemma.get(key, ()):
                    if entry.pos == "verb" and tok.pos_ not in ("VERB", "ADJ", "AUX"):
                        continue
                    if entry.pos == "noun" and tok.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
                        continue
                    if entry.pos == "noun" and self._classifier(tok):
                        continue
                    if entry.reflexive_only and not any(
                            fold(c.text.lower()) in ("se", "s'", "me", "nous") for c in tok.children) and not (
                            "Part" in tok.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in tok.children)):
                        continue  # "s'est entretenu", "réunies à Genève"; not "a reçu une lettre"
                    if entry.contextual and not self._has_context(entry.type, sent, tok):
                        continue
                    if entry.type == "DEMAND" and entry.contextual and not self._asks_for_something(tok):
                        continue
                    hits.append(Hit(entry.type, tok, tok.idx, tok.idx + len(tok.text), key, entry.pos, entry.weak))
        for etype, seq in self.lex.phrases:
            for i in range(len(sent)):
                if lemmas[i] != seq[0] and words[i] != seq[0]:
                    continue
                j, k, gaps = i + 1, 1, 0
                while k < len(seq) and j < len(sent) and gaps <= 2:
                    if lemmas[j] == seq[k] or words[j] == seq[k] or words[j].rstrip("'") + "'" == seq[k]:
                        k += 1
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

    @staticmethod
    def _asks_for_something(tok: Token) -> bool:
        """"a appelé X à cesser", "a demandé aux autorités de prendre": a request has a content."""
        for c in tok.subtree:
            if c.i != tok.i and "Inf" in c.morph.get("VerbForm") and c.head.i in (tok.i, *[x.i for x in tok.children]):
                return True
        return any(c.dep_ in ("ccomp",) for c in tok.children)

    @staticmethod
    def _classifier(tok: Token) -> bool:
        """"avions de combat", "hélicoptères d'attaque": a bare noun complement names a kind, not an event."""
        if not tok.dep_.startswith("nmod") or tok.head.pos_ not in ("NOUN", "PROPN"):
            return False
        if fold(tok.head.lemma_.lower()) in _QUANTITY_NOUNS:
            return False  # "des dizaines de frappes", "une série d'attaques": a count of events
        children = list(tok.children)
        has_de = any(c.dep_ == "case" and fold(c.text.lower()) in ("de", "d'") for c in children)
        has_det = any(c.dep_ == "det" for c in children)
        return has_de and not has_det

    def _has_context(self, etype: str, sent: Span, trigger: Token) -> bool:
        ctx = self.lex.context.get(etype, frozenset())
        for t in sent:
            if t.i == trigger.i:
                continue
            if fold(t.lemma_.lower()) in ctx or fold(t.text.lower()) in ctx:
                return True
        folded = fold(sent.text)
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
        if hit.pos == "noun" and hit.token.dep_.startswith("nmod") and \
                fold(hit.token.head.lemma_.lower()) in _PLAN_NOUNS:
            return True  # "l'annonce d'une nouvelle offensive", "la menace d'une attaque"
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
        lo, hi = span
        return [m for m in mentions if lo <= m.start and m.end <= hi]

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
        for c in v.children:
            if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and any(fold(x.text.lower()) == "par"
                                                                          for x in c.children if x.dep_ == "case")):
                return c
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
                return memory.last_person or memory.last_actor
            return None
        found = self._first(self.mentions_in(self.phrase_span(tok), mentions))
        if found is None and fold(tok.lemma_.lower()) in _GROUP_ANAPHORS:
            return memory.last_group
        return found

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
                    fold(x.text.lower()) in ("contre", "sur", "a", "avec") for x in c.children if x.dep_ == "case")]
                for c in objects + obliques:
                    target = self._target_in(c, mentions, memory)
                    if target:
                        break
        else:
            complements = list(tok.children)
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
            if actor is None and tok.dep_ in ("nsubj:pass", "nsubj"):
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
        spans = []
        for t in sent:
            if t.dep_ == "nsubj:pass" or (t.dep_ == "nsubj" and any(c.dep_ == "aux:pass" for c in t.head.children)):
                spans.append(self.phrase_span(t))
        return spans

    def fallback_actor(self, hit: Hit, sent: Span, mentions: list[ActorMention], blocked: list[tuple[int, int]],
                       target: ActorMention | None) -> ActorMention | None:
        """The nearest actor named before the trigger in its sentence, outside sources and targets."""
        text = sent.doc.text
        best = None
        for m in mentions:
            if not (sent.start_char <= m.start and m.end <= hit.start):
                continue
            if any(s <= m.start < e for s, e in blocked):
                continue
            if target is not None and m.start == target.start:
                continue
            before = fold(text[max(sent.start_char, m.start - 12):m.start])
            if re.search(r"\b(contre|sur|visant|vers|avec|a|aux|au)\s*(l'|la |le |les |des |du )?$", before):
                continue
            if m.actor.kind == "civilians":
                continue
            best = m
        return best

    def fallback_target(self, hit: Hit, sent: Span, mentions: list[ActorMention], blocked) -> ActorMention | None:
        text = sent.doc.text
        if hit.type in ("MEET", "CONSULT", "AGREE"):
            # "a rencontré ... son homologue américain John Kerry", "s'est entretenu avec Donald Trump"
            for m in mentions:
                if hit.end <= m.start < min(sent.end_char, hit.end + 120) and not any(s <= m.start < e for s, e in blocked) \
                        and m.actor.kind in ("person", "state", "igo", "armed_group", "party"):
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
        analysed = sdoc.text  # the masked text: same offsets, boilerplate blanked
        story = StoryPlace()
        last_assault_actor: Actor | None = None
        phone_call = bool(re.search(r"t[ée]l[ée]phon", fold(analysed)))
        for sent in sdoc.sents:
            stext = analysed[sent.start_char:sent.end_char]
            story.next_sentence(new_paragraph="\n" in analysed[max(0, sent.start_char - 3):sent.start_char + 1])
            if len(stext.strip()) < 12:
                memory.observe(sent, mentions)
                continue
            attributions = find_attributions(stext, self.registry)
            abs_attr = [(sent.start_char + a.start, sent.start_char + a.end) for a in attributions]
            claimed_by = sources.resolve(attributions)
            old_dates = background_spans(stext, document.doc_date)
            question = stext.rstrip().endswith("?")
            hits = [h for h in self.find_triggers(sent) if not self.unrealised(h)]
            sent_places = [p for p in places if p.place is not None and sent.start_char <= p.start < sent.end_char
                           and not any(s <= p.start < e for s, e in abs_attr)]
            patients = self.patient_spans(sent)
            strong_types = {h.type for h in hits if not h.weak}
            groups: dict[tuple[str, str | None], dict] = {}
            for hit in hits:
                if question:
                    break
                if old_dates.covers(hit.start - sent.start_char):
                    continue  # history: the nearest date of the trigger is over a month old
                if hit.weak and (hit.type in strong_types or not (sent_places or mentions)):
                    continue
                if hit.type == "MEET" and hit.lemma == "entretenir" and phone_call:
                    hit.type = "CONSULT"  # "s'est entretenu" in a story about a phone call
                actor_m, target_m = self.roles(hit, mentions, memory)
                # the parse's actor stands even when it also reports ("L'armée russe a annoncé avoir
                # effectué des frappes"); only a victim is never an actor
                if hit.type == "MOBILIZE" and actor_m is None:
                    # "les forces de sécurité irakiennes ont été déployées": who is deployed mobilises
                    actor_m = self._patient_mention(hit, mentions, patients)
                elif actor_m is not None and any(s <= actor_m.start < e for s, e in patients):
                    target_m = target_m or actor_m
                    actor_m = None
                speaker = self.speaker(hit, stext, sent, attributions, memory) if hit.type in SPEECH_ACTS else None
                if actor_m is None and speaker is None:
                    actor_m = self.fallback_actor(hit, sent, mentions, abs_attr + patients, target_m)
                if target_m is None:
                    target_m = self.fallback_target(hit, sent, mentions, abs_attr) or self._patient_mention(
                        hit, mentions, patients)
                actor = self._localise(speaker, dominant_country) or (actor_m.actor if actor_m else None)
                if actor is None and hit.type in SPEECH_ACTS and claimed_by:
                    actor = self._localise(self.registry.get(claimed_by), dominant_country)  # the source speaks
                if actor is None and hit.type == "ASSAULT" and self._anaphoric(hit.token):
                    actor = last_assault_actor  # "Les frappes ont été menées à ...": the strikes just told
                key = (hit.type, actor.name if actor else None)
                if key not in groups and actor is None:
                    same = [k for k in groups if k[0] == hit.type]
                    if same:
                        key = same[0]
                if key[1] is not None and (hit.type, None) in groups:
                    groups[key] = groups.pop((hit.type, None))
                g = groups.setdefault(key, {"hits": [], "actor": actor, "target": None, "spans": []})
                g["hits"].append(hit)
                g["actor"] = g["actor"] or actor
                if target_m is not None and g["target"] is None:
                    g["target"] = target_m.actor
                for m in (actor_m, target_m):
                    if m is not None:
                        g["spans"].append((m.start, m.end))
            toll = find_toll(stext)
            toll_used = False
            for (etype, _), g in groups.items():
                hit = g["hits"][0]
                actor, target = g["actor"], g["target"]
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
                    repeat = not located and any(self._anaphoric(h.token) for h in g["hits"])
                    distinct = any(self._another(h.token) for h in g["hits"])
                mode = self.mode(hit, stext, sent) if etype == "ASSAULT" else None
                date = event_date(stext, hit.start - sent.start_char, document.doc_date)
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
                                   distinct=distinct, place_stand_in=stand_in)
                        if etype == "ASSAULT" and not toll_used:
                            ev.killed, ev.injured = toll.killed, toll.injured
                            toll_used = True
                        events.append(ev)
                        if etype == "REJECT":
                            events.extend(self.rejected_accusations(ev, hit, mentions, memory))
                if etype == "ASSAULT" and actor is not None:
                    last_assault_actor = actor
            for p in sent_places:
                story.saw(p.place, country_place(p.place.country) if country_place else None)
            memory.observe(sent, mentions)
        assign_main_perpetrator(events, mentions)
        events = merge_reports(events, generic=self._generic_names())
        mark_denials(events)
        return events

    def _localise(self, actor: Actor | None, dominant_country: Place | None) -> Actor | None:
        """"le gouvernement" named as a source: the government of the document's country."""
        if actor is None or actor.country or actor.kind not in ("state", "military", "police") or \
                dominant_country is None or not dominant_country.country:
            return actor
        import pycountry

        c = pycountry.countries.get(alpha_2=dominant_country.country)
        return (self.registry.organ_actor(c.alpha_3, actor.kind) or actor) if c else actor

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
            for m in self.mentions_in(self.phrase_span(h, with_conjuncts=True), mentions):
                if m.actor.kind in ("state", "military", "police", "armed_group") and m.actor.country not in (
                        None, *[a.country for a in found]) or (m.actor.country is None and m.actor.kind == "armed_group"
                                                              and all(a.name != m.actor.name for a in found)):
                    found.append(m.actor)
            if len(found) == 2 and any(a.name == actor.name or a.country == actor.country for a in found):
                return found
        return []

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
        actors = []
        for m in self.mentions_in(self.phrase_span(subj, with_conjuncts=True), mentions):
            if all(m.actor.name != a.name for a in actors):
                actors.append(m.actor)
        if len(actors) != 2:
            return []
        a, b = actors
        return [(a, b), (b, a)]

    @staticmethod
    def _another(tok: Token) -> bool:
        """"une autre attaque", "d'autres raids": a new event, never a repeat of one told."""
        return any(fold(c.lemma_.lower()) == "autre" for c in tok.children)

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
        text = sent.doc.text
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

    def observe(self, sent: Span, mentions: list[ActorMention]) -> None:
        for m in mentions:
            if sent.start_char <= m.start < sent.end_char and m.actor.kind != "civilians":
                self.last_actor = m
                if m.actor.kind == "person":
                    self.last_person = m
                if m.actor.kind in ("armed_group", "igo", "ngo", "party"):
                    self.last_group = m


def _compatible(a: Actor | None, b: Actor | None, generic: frozenset[str]) -> bool:
    if a is None or b is None or a.name in generic or b.name in generic:
        return True  # "des hommes armés" and "Boko Haram" may be the same attackers
    return a.name == b.name or (a.country is not None and a.country == b.country)


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if _has_point(a) and _has_point(b):
        return _km(a, b) <= SAME_PLACE_KM
    return a.country == b.country and a.precision == b.precision


_PRECISION_RANK = {"point": 0, "admin1": 1, "country": 2}


def _more_precise(a: Place | None, b: Place | None) -> bool:
    if a is None or a.lat is None:
        return False
    return b is None or _PRECISION_RANK.get(a.precision, 3) < _PRECISION_RANK.get(b.precision, 3)


def _same_day(a: DateValue, b: DateValue) -> bool:
    # a date taken from the publication (no expression in the text) does not contradict one that is told
    if not a.value or not b.value or a.text is None or b.text is None:
        return True
    return a.value == b.value


def merge_reports(events: list[Event], generic: frozenset[str] = frozenset()) -> list[Event]:
    """Repeated reports of one event in a document become one event (the first, completed).

    Same type, compatible actors and modes, same day, and the same place - or no
    place of their own for a repeat ("cette attaque"), which joins the last event
    of its type.
    """
    kept: list[Event] = []
    for ev in events:
        twin = None
        candidates = [k for k in kept if k.type == ev.type and _compatible(k.actor, ev.actor, generic)
                      and not (k.mode and ev.mode and k.mode != ev.mode and "other" not in (k.mode, ev.mode))]
        if ev.type != "ASSAULT" and not ev.repeat:
            # dispersing a march, banning it and arresting its leaders are three acts; an attack
            # retold as "l'attentat", "l'explosion" is one
            candidates = [k for k in candidates if k.trigger == ev.trigger]
        if ev.distinct:
            candidates = []
        if ev.repeat and candidates:
            twin = candidates[-1]
        else:
            for k in candidates:
                if k.place_stand_in != ev.place_stand_in and k.location is not None and ev.location is not None \
                        and k.location.precision == ev.location.precision:
                    continue  # "à Jabal al-Zawiya" standing in as Idlib province is not "dans la zone d'Idleb"
                if _same_place(k.location, ev.location) and _same_day(k.date, ev.date):
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


def assign_main_perpetrator(events: list[Event], mentions: list[ActorMention]) -> None:
    """Attacks told without their author belong to the armed group the story is about.

    News about an insurgency names the group once or twice ("attribuée au groupe Boko
    Haram") and then tells its attacks without naming it. When one armed group is
    named more than any other, it becomes the actor of the ground attacks that have
    none (air strikes are not an insurgent's).
    """
    counts: dict[str, tuple[int, Actor]] = {}
    for m in mentions:
        if m.actor.kind == "armed_group" and m.actor.aliases:
            n, _ = counts.get(m.actor.name, (0, m.actor))
            counts[m.actor.name] = (n + 1, m.actor)
    if not counts:
        return
    ranked = sorted(counts.values(), key=lambda x: -x[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return
    main = ranked[0][1]
    for ev in events:
        if ev.type == "ASSAULT" and ev.actor is None and ev.mode not in ("aerial", "drone", "shelling") and \
                (ev.target is None or ev.target.name != main.name):
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
