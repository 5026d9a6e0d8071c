"""Cue words the event stages read besides the triggers, from ``events/data/cues.toml``.

Sets hold folded words (``textnorm.fold``); the ``*_BEFORE`` patterns are searched on the folded
text just before a name and end at it. Which stage reads which cue is said where it is read.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from ..errors import DataFileError
from ..textnorm import fold, phrase_pattern


@cache
def _data() -> dict:
    raw = resources.files("veille.events.data").joinpath("cues.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"cues.toml: {exc}") from None


def _words(key: str, table: dict | None = None) -> frozenset[str]:
    try:
        return frozenset(fold(w.lower()) for w in (table or _data())[key])
    except KeyError:
        raise DataFileError(f"cues.toml: no {key!r} list") from None


def _any(words: frozenset[str]) -> str:
    return "(?:" + "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True)) + ")"


_BEFORE = _data().get("before", {})
_ARTICLE = r"\s*(?:l'|le |la |les )?$"

PERSONAL_PRONOUNS = _words("personal_pronouns")
FIRST_PERSON = _words("first_person")
POSSESSIVES = _words("possessives")
UNDERGO_VERBS = _words("undergo_verbs")
JOINT_WORDS = _words("joint_words")
QUANTITY_NOUNS = _words("quantity_nouns")
AMOUNT_NOUNS = _words("amount_nouns")
CIRCUMSTANCE_NOUNS = _words("circumstance_nouns")
PLAN_NOUNS = _words("plan_nouns")
PROVISION_NOUNS = _words("provision_nouns")
PURPOSE_MARKS = _words("purpose_marks")
CONDITION_MARKS = _words("condition_marks")
FRAME_TIME_NOUNS = _words("frame_time_nouns")
# "si une intervention militaire", "en cas d'attaque": a noun under a condition ("même si" concedes)
CONDITION_BEFORE = re.compile(rf"(?<!meme )\b{_any(_words('condition_before'))}\s*(?:une |un |la |le |les |des |l'|d')?"
                              r"(?:[\w-]+ )?$")
CLAIM_NOUNS = _words("claim_nouns")
RESPONSE_NOUNS = _words("response_nouns")
TREND_VERBS = _words("trend_verbs")
ACCUSING_VERBS = _words("accusing_verbs")
DURATION_NOUNS = _words("duration_nouns")
REMAINING_VERBS = _words("remaining_verbs")
# "qui l'attribue au groupe jihadiste ", "imputé à ": the author is named next
ASCRIBED_TO_BEFORE = re.compile(rf"\b{_any(_words('ascribing_words'))}\s+(?:[\w'-]+\s+){{0,3}}?(?:a|au|aux)\s+"
                                r"(?:l'|la\s+|le\s+|les\s+)?(?:(?:groupe|mouvement|organisation)\s+(?:[\w-]+\s+)?)?$")
LIKENING_WORDS = _words("likening_words")
JUDGING_VERBS = _words("judging_verbs")
DESCRIBING_VERBS = _words("describing_verbs")
FEATURE_NOUNS = _words("feature_nouns")
STRIKING_VERBS = _words("striking_verbs")
NAME_PARTICLES = _words("name_particles")
LIKENING_VERBS = _words("likening_verbs")
RESEMBLING_VERBS = _words("resembling_verbs")
AFTERMATH_WORDS = _words("aftermath_words")
CAUSE_VERBS = _words("cause_verbs")
CROWD_NOUNS = _words("crowd_nouns")
GROUP_ANAPHORS = _words("group_anaphors")
CONTINUING_WORDS = _words("continuing_words")
HEAD_OF_STATE = _words("head_of_state")
GOVERNMENT_FUNCTIONS = _words("government_functions")
UPCOMING_ADJECTIVES = _words("upcoming_adjectives")


def _future_stems() -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in _words("future_stems"):
        ending, sep, stem = item.partition(":")
        if not sep or not ending or not stem:
            raise DataFileError(f"cues.toml: future_stems: {item!r} is not 'infinitive ending:stem'")
        pairs.append((ending, stem))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


# (infinitive ending, future stem), longest ending first
FUTURE_STEMS = _future_stems()
NOT_AN_ORGANISATION = _words("not_an_organisation")
VISIT_VERBS = _words("visit_verbs")
TALKS_WORDS = _words("talks_words")
# "dans le pays", "à travers le pays": the story's country, not its last town
NATIONWIDE_PHRASE = re.compile(rf"(?<!\w){_any(_words('nationwide_phrases'))}(?!\w)")
# "a réitéré sur place son refus", "en marge du sommet": where the story's gathering is
SCENE_PHRASE = re.compile(rf"(?<!\w){_any(_words('scene_phrases'))}(?!\w)")
# adverbs written in several words, as the tokenizer cuts them ("à la fois" -> ("a", "la", "fois"))
ADVERBIAL_PHRASES = tuple(sorted((tuple(fold(w.lower()).replace("'", "' ").split()) for w in _data()["adverbial_phrases"]),
                                 key=len, reverse=True))

# "des détenus en Israël": a country after these, inside a phrase, says where
IN_A_PLACE_BEFORE = re.compile(rf"\b{_any(_words('in_a_place', _BEFORE))}{_ARTICLE}")
# "depuis La Réunion", "en provenance du Tchad": where something came from follows
ORIGIN_BEFORE = re.compile(rf"\b{_any(_words('origin', _BEFORE))}{_ARTICLE}")
# "des combats en Syrie", "près de la Libye"
LOCATIVE_BEFORE = re.compile(rf"\b{_any(_words('locative', _BEFORE))}{_ARTICLE}")
LOCATIVE_OR_ORIGIN_BEFORE = re.compile(
    rf"\b{_any(_words('locative', _BEFORE) | _words('locative_or_origin', _BEFORE))}{_ARTICLE}")
# a target or partner ("contre", "avec"), a place ("dans le nord du Mali"), a mediator ("sous l'égide de")
NOT_AN_AGENT_BEFORE = re.compile(
    rf"(?:\b{_any(_words('not_an_agent', _BEFORE))}|\b{_any(_words('areas', _BEFORE))}\s+(?:de|du|d'|des)"
    rf"|\b{_any(_words('mediators', _BEFORE))}\s+(?:de|du|d'|des))\s*(?:l'|la |le |les |des |du )?$")
# "lors d'une manifestation", "pendant les combats": an event noun framing another event
DURING_BEFORE = re.compile(rf"\b{_any(_words('during', _BEFORE))}\s*(?:de\s+|du\s+|des\s+|d')?"
                           r"(?:la |le |les |l'|une |un |ces |cette |ce )?$")
# "les rebelles, soutenus par l'Iran", "les Houthis alignés sur l'Iran": who backs a group
BACKER_BEFORE = re.compile(rf"\b{_any(_words('backer_participles'))}e?s?\s+(?:par|sur|de|a|au|aux|d'){_ARTICLE}")
# "le gouvernement local acquis à Pékin", "des milices fidèles à Téhéran": a name after these is a government
ALLEGIANCE_BEFORE = re.compile(rf"\b{_any(_words('allegiance_words'))}(?:e|s|es)?\s+(?:a|au|aux|par|sur){_ARTICLE}")
# "située au nord d'Al-Obeid", "situé à une vingtaine de km de Niafunké": a landmark follows
# ... and a distance from a place named after another ("le marché de Kabkabiya, à environ 140 km à
# l'ouest d'El-Facher"): that place only measures where the first lies
LANDMARK_BEFORE = re.compile(
    rf"(?:\b{_any(_words('landmark_participles'))}(?:e|s|es)?\s+(?:a\s+(?:environ\s+|quelque\s+|une\s+)?[\w-]+\s+"
    r"(?:de\s+)?(?:km|kilometres?)\s+)?|,\s*a\s+(?:environ\s+|quelque\s+|une\s+|moins\s+de\s+|plus\s+de\s+)?[\w-]+\s+"
    r"(?:de\s+)?(?:km|kilometres?)\s+)"
    r"(?:(?:au|a\s+l')\s*(?:nord|sud|est|ouest)(?:-(?:est|ouest))?\s+|pres\s+|non\s+loin\s+)?"
    r"(?:de|du|d')\s*(?:la\s+ville\s+(?:de|d')\s*)?$")
# "le village libanais de Yaroune": a locality and its country's adjective (read on the text itself)
# "sur le marché de Kolofata", "dans la localité de X": a locality of its own is named just before
OWN_LOCALITY_BEFORE = re.compile(rf"\b{_any(_words('own_locality_nouns'))}s?\s+(?:de\s+|d['’]\s*)$")
LOCALITY_OF_A_COUNTRY = re.compile(
    r"\b(?:" + "|".join(re.escape(w.lower()) for w in _data()["locality_nouns"]) +
    r")s?\s+([a-zàâçéèêëîïôûùüÿœ-]+)\s+(?:de|d['’])", re.IGNORECASE)
