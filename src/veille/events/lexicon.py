"""The trigger lexicon (``events/data/triggers.toml``) as look-up tables."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..errors import DataFileError
from ..textnorm import fold

EVENT_TYPES = ("ASSAULT", "PROTEST", "MEET", "ACCUSE", "REJECT", "THREATEN", "DEMAND", "AGREE", "AID",
               "SANCTION", "MOBILIZE", "COERCE", "RETREAT", "SUPPORT", "CONSULT")
ASSAULT_MODES = ("suicide", "drone", "explosives", "aerial", "shelling", "firearms")


@dataclass(frozen=True)
class TriggerEntry:
    type: str
    pos: str  # "verb" | "noun"
    contextual: bool
    weak: bool
    reflexive_only: bool
    word: str = ""  # as written in the lexicon, lower case with its accents


@dataclass
class Lexicon:
    version: int
    by_lemma: dict[str, list[TriggerEntry]] = field(default_factory=dict)
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (type, folded lemmas)
    context: dict[str, frozenset[str]] = field(default_factory=dict)
    context_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    modes: list[tuple[str, re.Pattern]] = field(default_factory=list)
    mode_rewrites: tuple[tuple[str, str], ...] = ()  # folded phrase -> what the modes read instead
    blockers: dict[str, re.Pattern] = field(default_factory=dict)
    # a killing told with its weapon ("tué par balle") stands in a sentence the blockers veto (tear gas)
    killing_verbs: frozenset[str] = frozenset()
    lethal_means: frozenset[str] = frozenset()
    vessel_nouns: frozenset[str] = frozenset()  # water cannon fired at these is an attack
    targets_after: frozenset[str] = frozenset()
    clashes: frozenset[str] = frozenset()  # ASSAULT nouns whose complements are both sides ("combats entre")
    light_verbs: frozenset[str] = frozenset()
    modal_heads: frozenset[str] = frozenset()
    factive_heads: frozenset[str] = frozenset()
    factive_nouns: frozenset[str] = frozenset()  # "ont eu le temps de piller": the noun of "avoir ... de"
    plan_object_heads: frozenset[str] = frozenset()
    halting_heads: frozenset[str] = frozenset()  # verbs whose object event noun is halted ("a suspendu son aide")
    negation_words: frozenset[str] = frozenset()
    # (type, trigger lemma) -> words that, next to the trigger in the parse, give it another sense
    # ("tirer des stocks", "un séisme a frappé"): see `other_sense`
    senses: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # (type, trigger lemma) of triggers that are not events in their reflexive form ("se manifester")
    not_reflexive: frozenset[tuple[str, str]] = frozenset()
    passive_free: frozenset[tuple[str, str]] = frozenset()  # contextual verbs that need no context in the passive
    # (type, trigger lemma) of triggers that accidents, disasters and epidemics use as well
    hazard_prone: frozenset[tuple[str, str]] = frozenset()
    hazards: frozenset[str] = frozenset()  # words of accidents, disasters, epidemics
    hazard_phrases: tuple[str, ...] = ()
    hostile: frozenset[str] = frozenset()  # words of deliberate violence
    hostile_phrases: tuple[str, ...] = ()
    # frame ("sport", "business", "culture") -> its words and its phrases
    frame_words: dict[str, tuple[frozenset[str], tuple[str, ...]]] = field(default_factory=dict)
    figurative_prone: frozenset[str] = frozenset()  # ASSAULT trigger lemmas that tell a match or a market too
    sport_meetings: frozenset[str] = frozenset()  # MEET nouns that name the match
    running_tolls: tuple[str, ...] = ()  # "déjà", "depuis le début": a toll counted so far
    patient_nouns: frozenset[str] = frozenset()  # event nouns whose "de" complement undergoes the act
    asks_with_object: frozenset[str] = frozenset()  # verbs of demand whose object noun is what is asked
    calls_in_a_call_story: frozenset[str] = frozenset()  # meeting words that tell a call in a story of one
    own_context: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)  # (type, lemma) -> its context
    own_context_phrases: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # ... its phrases

    @classmethod
    def from_toml(cls, data: dict) -> "Lexicon":
        try:
            lex = cls(version=int(data["version"]))
            norm = lambda xs: frozenset(fold(x) for x in xs)  # noqa: E731
            lex.light_verbs = norm(data.get("light_verbs", []))
            lex.modal_heads = norm(data.get("modal_heads", []))
            lex.factive_heads = norm(data.get("factive_heads", []))
            lex.factive_nouns = norm(data.get("factive_nouns", []))
            lex.plan_object_heads = norm(data.get("plan_object_heads", []))
            lex.halting_heads = norm(data.get("halting_heads", []))
            lex.negation_words = norm(data.get("negation_words", []))
            hazards = [fold(w) for w in data.get("hazards", [])]
            lex.hazards = frozenset(w for w in hazards if " " not in w)
            lex.hazard_phrases = tuple(w for w in hazards if " " in w)
            hostile = [fold(w) for w in data.get("hostile", [])]
            lex.hostile = frozenset(w for w in hostile if " " not in w)
            lex.hostile_phrases = tuple(w for w in hostile if " " in w)
            for frame, words in data.get("frame_words", {}).items():
                folded = [fold(w) for w in words]
                lex.frame_words[frame] = (frozenset(w for w in folded if " " not in w),
                                          tuple(w for w in folded if " " in w))
            lex.figurative_prone = norm(data.get("figurative_prone", []))
            lex.sport_meetings = norm(data.get("sport_meetings", []))
            lex.running_tolls = tuple(fold(w) for w in data.get("running_tolls", []))
            lex.patient_nouns = norm(data.get("patient_nouns", []))
            lex.asks_with_object = norm(data["types"].get("DEMAND", {}).get("asks_with_object", []))
            lex.calls_in_a_call_story = norm(data["types"].get("MEET", {}).get("calls_in_a_call_story", []))
            hazard_prone: set[tuple[str, str]] = set()
            not_reflexive: set[tuple[str, str]] = set()
            passive_free: set[tuple[str, str]] = set()
            for etype, spec in data["types"].items():
                if etype not in EVENT_TYPES:
                    raise DataFileError(f"triggers.toml: unknown event type {etype!r}")
                contextual = norm(spec.get("contextual", []))
                weak = norm(spec.get("weak", []))
                reflexive = norm(spec.get("reflexive_only", []))
                for pos, key in (("verb", "verbs"), ("noun", "nouns")):
                    for word in spec.get(key, []):
                        w = fold(word)
                        lex.by_lemma.setdefault(w, []).append(
                            TriggerEntry(etype, pos, w in contextual, w in weak, w in reflexive, word.lower()))
                for phrase in spec.get("phrases", []):
                    lex.phrases.append((etype, tuple(fold(phrase).replace("'", "' ").split())))
                # a sense or a context of its own belongs to a word of the type: a key that is none (a
                # setting written under the wrong table) would be silently ignored
                own_words = {fold(w) for k in ("verbs", "nouns", "phrases") for w in spec.get(k, [])}
                for table in ("senses", "own_context"):
                    stray = sorted(k for k in spec.get(table, {}) if fold(k) not in own_words)
                    if stray:
                        raise DataFileError(f"triggers.toml: [types.{etype}.{table}] names {', '.join(stray)}, "
                                            f"which are no words or phrases of {etype}")
                for lemma, words in spec.get("senses", {}).items():
                    lex.senses[(etype, fold(lemma))] = norm(words)
                for lemma, words in spec.get("own_context", {}).items():
                    lex.own_context[(etype, fold(lemma))] = norm(words)
                    lex.own_context_phrases[(etype, fold(lemma))] = tuple(fold(w) for w in words if " " in w)
                # (a phrase's hit is named by its tokens' lemmas: "l'état" is two tokens, "l' etat")
                hazard_prone.update((etype, re.sub(r"(['’])\s*", r"\1 ", fold(w))) for w in spec.get("hazard_prone", []))
                not_reflexive.update((etype, fold(w)) for w in spec.get("not_reflexive", []))
                passive_free.update((etype, fold(w)) for w in spec.get("passive_free", []))
                ctx = [fold(c) for c in spec.get("context", [])]
                lex.context[etype] = frozenset(c for c in ctx if " " not in c)
                lex.context_phrases[etype] = tuple(c for c in ctx if " " in c)
                blockers = [fold(b) for b in spec.get("blockers", [])]
                if blockers:
                    lex.blockers[etype] = re.compile(
                        r"(?<!\w)(?:" + "|".join(re.escape(b) for b in blockers) + r")(?:s|es)?(?!\w)")
                if etype == "ASSAULT":
                    lex.targets_after = norm(spec.get("targets_after", []))
                    lex.clashes = norm(spec.get("clashes", []))
                    lex.killing_verbs = norm(spec.get("killing_verbs", []))
                    lex.lethal_means = norm(spec.get("lethal_means", []))
                    lex.vessel_nouns = norm(spec.get("vessel_nouns", []))
                    rewrites = ((fold(k), fold(v)) for k, v in spec.get("mode_rewrites", {}).items())
                    lex.mode_rewrites = tuple(sorted(rewrites, key=lambda kv: -len(kv[0])))
                    modes = spec.get("modes", {})
                    for mode in ASSAULT_MODES:
                        words = sorted((fold(w) for w in modes.get(mode, [])), key=len, reverse=True)
                        if words:
                            pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es|x)?\b"
                            lex.modes.append((mode, re.compile(pattern)))
            lex.hazard_prone = frozenset(hazard_prone)
            lex.not_reflexive = frozenset(not_reflexive)
            lex.passive_free = frozenset(passive_free)
            return lex
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise DataFileError(f"triggers.toml: {exc!r}") from None

    def blocked(self, etype: str, folded_text: str) -> bool:
        pattern = self.blockers.get(etype)
        return bool(pattern and pattern.search(folded_text))

    def other_sense(self, etype: str, lemma: str, neighbours: set[str]) -> bool:
        """Does a word next to the trigger give it a sense that is no event of this type?"""
        words = self.senses.get((etype, lemma))
        return bool(words and not words.isdisjoint(neighbours))

    @staticmethod
    def _names(words: frozenset[str], phrases: tuple[str, ...], lemmas: Iterable[str], folded_text: str) -> bool:
        return not words.isdisjoint(lemmas) or any(p in folded_text for p in phrases)

    def names_hazard(self, lemmas: Iterable[str], folded_text: str) -> bool:
        """Does a text (its folded lemmas and words, and its folded string) name an accident, a
        disaster or an epidemic?"""
        return self._names(self.hazards, self.hazard_phrases, lemmas, folded_text)

    def names_hostility(self, lemmas: Iterable[str], folded_text: str) -> bool:
        """Does a text name deliberate violence (an attacker, a weapon, an attack)?"""
        return self._names(self.hostile, self.hostile_phrases, lemmas, folded_text)

    def is_event_noun(self, word: str, etype: str | None = None) -> bool:
        """Is a written word or lemma (singular or plural) one of the event nouns ("promesse",
        "frappes"), of type ``etype`` when one is given?"""
        w = fold(word.lower())
        return any(e.pos == "noun" and etype in (None, e.type) for key in (w, w[:-1] if w.endswith(("s", "x")) else w)
                   for e in self.by_lemma.get(key, ()))

    def mode_of(self, folded_text: str) -> str | None:
        folded_text = self._rewritten(folded_text)
        for mode, pattern in self.modes:
            if pattern.search(folded_text):
                return mode
        return None

    def names_mode(self, mode: str, folded_text: str) -> bool:
        """Does a folded text hold a word of this mode?"""
        folded_text = self._rewritten(folded_text)
        return any(m == mode and pattern.search(folded_text) for m, pattern in self.modes)

    def _rewritten(self, folded_text: str) -> str:
        for phrase, instead in self.mode_rewrites:
            if phrase in folded_text:
                folded_text = folded_text.replace(phrase, instead)
        return folded_text


def read_lexicon(raw: str) -> Lexicon:
    """The lexicon a triggers.toml text writes; a text TOML cannot read is said as the data file's fault."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"triggers.toml: {exc}") from None
    return Lexicon.from_toml(data)


@cache
def default_lexicon() -> Lexicon:
    return read_lexicon(resources.files("veille.events.data").joinpath("triggers.toml").read_text(encoding="utf-8"))
