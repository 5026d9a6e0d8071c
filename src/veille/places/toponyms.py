"""Toponyms: the spans of a French text that may name places, and the cues around them.

Spans come from capitalised names after a locative cue ("à", "près de", "la ville de") or after
a verb of attack or capture ("ont bombardé jeudi Saraqeb": ``data/object_verbs.txt``), from
well-known places' names anywhere (a country, a first-level division, a city of 100,000 people
or more: "appuyée par les Etats-Unis", "reprendre Mossoul"), from "la capitale congolaise" (the
capital of the country the adjective names), and from spaCy's LOC entities where
the parse has them (``veille places``, ``VEILLE_FULL_PARSE=1``: veille's own parse runs no
entity recogniser), minus names of people, groups and demonyms (the actor registry vetoes them),
names in quotes, places inside an organisation's name, and acronyms that name no place. The
words before a span say what it names: a division ("la province de Hama") or a populated place
("la ville de Kaya", "le village de Daka").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS
from spacy.tokens import Doc

from ..actors import ActorRegistry
from ..countries import alpha2_of
from ..records import ActorMention
from ..textnorm import fold
from .candidates import CandidateIndex
from .gazetteer import KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY
from .names import exact_key
from .tables import (_organisation_before, features, lowercase_leads, not_places, object_verb_before,
                     organisation_words, person_titles, seats, strike_on_before)


# Words that introduce a division: what follows names a first-level division.
_DIVISION_CUE = re.compile(
    r"\b(?:province|gouvernorat|governorat|r[ée]gion|pr[ée]fecture|[ée]tat|wilaya|oblast|d[ée]partement|comt[ée])"
    r"(?:\s+(?P<adj>[a-zàâçéèêëîïôûùü]{3,14}))?"  # "la province afghane de Kandahar": a nationality between
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
# Words that say the next name is a populated place.
_POINT_CUE = re.compile(
    r"\b(?:ville|village|localit[ée]|bourgade|commune|cit[ée]|quartier|capitale|camp|cheflieu|chef-lieu)"
    r"(?:\s+(?P<adj>[a-zàâçéèêëîïôûùü]{3,14}))?\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)$", re.IGNORECASE)
# Nouns that say the next name is a small place: "le village de Daka" is no metropolis of that name.
_VILLAGE_CUE = re.compile(
    r"\b(?:village|hameau|localit[ée]|bourgade)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)$",
    re.IGNORECASE)
# Locative prepositions before a capitalised name.
_LOCATIVE = re.compile(
    r"(?:\b(?:à|a|au|aux|dans|près\s+de|pr[èe]s\s+d['’]|vers|depuis|sur|entre|de|d['’]|du|en|contre|autour\s+de|"
    r"au\s+nord\s+de|au\s+sud\s+de|à\s+l['’]est\s+de|à\s+l['’]ouest\s+de|ville\s+de|ville\s+d['’]|village\s+de|"
    r"village\s+d['’]|localité\s+de|localité\s+d['’])\s*(?:l['’]\s*|la\s+|le\s+|les\s+)?)$", re.IGNORECASE)
# A run of capitalised words, with the particles that stand inside names ("Jisr al-Choughour",
# "Côte d'Ivoire"); "en" is not one of them in French ("Limerick en Irlande" is two places).
_CAPITALISED_RUN = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*)(?:(?:[ \-](?:(?:al|el|ash|as|ad|an|ar|at|az|ech|es|ez|ed|de|du|la|le|i|e|ibn|bin|ben|abou|"
    r"abu)[\-\s])?|\s[dl]['’])[A-ZÀ-ÖØ-Þ][\w’'\-]*)*")
_LOWERCASE_ARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|az|ar|an|ech|es|ez|ed)[-\s][A-ZÀ-ÖØ-Þ]")
# A locative preposition that opens a sentence, and so a run of capitalised words: "À El Fasher", "Au Darfour".
_CAPITALISED_LOCATIVE = re.compile(r"(?:À|A|Au|Aux|En|Dans|Depuis|Vers|Près\s+de|Près\s+d['’])\s+(?=[A-ZÀ-ÖØ-Þ])")
# "l'Etat de Borno", "la Province du Sourou": a division's noun written with a capital opens the run
# ("de" binds names: "Etat de Borno" is one run); the name after it is the place.
_CAPITALISED_DIVISION = re.compile(
    r"(?:[ÉE]tat|Province|Gouvernorat|R[ée]gion|Pr[ée]fecture|Wilaya|Oblast|D[ée]partement|Comt[ée])"
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)(?=[A-ZÀ-ÖØ-Þ])")
# The start of every word of a capitalised run but its first ("Selon Moscou": the run less its first word).
_NEXT_WORD = re.compile(r"(?<= )[A-ZÀ-ÖØ-Þ]")
# "la capitale congolaise", "la capitale afghane": a nationality adjective names the country.
_CAPITAL_OF_A_NATION = re.compile(r"\bcapitale\s+([a-zéèêëîïôûüç\-]+)")
# "Dans la capitale, des centaines d'habitants ont manifesté": the capital of the country the story
# is about, when nothing names it (no adjective, no "de", no name in apposition after it)
# ("au sud de la capitale" measures a distance from it: not here)
_BARE_CAPITAL = re.compile(r"\b(?:[Dd]ans|[Àà]) la capitale(?=\s*[.;:!?)]|\s*,(?!\s*[A-ZÀ-Ý]))")
# A closing bracket and the spaces after it, at the end of a text.
_CLOSING_BRACKET = re.compile(r"\)\s*$")
# What comes before a word that opens a sentence (or a line, or the text).
_SENTENCE_START = re.compile(r"(?:^|[.!?:;»«\"“”\n]\s*|\n\s*)$")
# A city or a district this populous is a place wherever a capitalised run names it (_well_known).
WELL_KNOWN_POPULATION = 100_000
# "Limerick en Irlande", "Mont-Blanc en Argentine": a place, then the country it lies in
_TWO_PLACES = re.compile(r"\s(?:en|au|aux|à)\s(?=[A-ZÀ-ÖØ-Þ])")
_LEADING_ARTICLE = re.compile(r"^(?:l['’]|la\s+|le\s+|les\s+)", re.IGNORECASE)
_TRAILING_PUNCT = " ,;:.!?\"»«()[]'’-"
_SPAN_CUE = re.compile(r"^(?:[ée]tat|province|gouvernorat|r[ée]gion|ville|village|wilaya|oblast|district)\s+"
                       r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)", re.IGNORECASE)
# Lowercase words that may stand inside a toponym ("Jisr al-Choughour", "Mazar-i-Charif", "Ras el Aïn").
_PARTICLES = {"al", "el", "ash", "as", "ad", "an", "ar", "at", "az", "ech", "es", "ez", "ed", "en", "de", "du", "la",
              "le", "i", "e", "ibn", "bin", "ben", "abou", "abu", "des", "les", "sur", "sous", "et", "d'", "l'"}
# A country named as the complement of these nouns is a nationality, not where something happened:
# "l'ambassadeur de France à Bamako", "près de l'ambassade d'Iran".
# Any place named as the complement of these is who acts or where an organisation sits,
# not where the event happened: "le gouvernement de Tobrouk", "une ONG basée au Royaume-Uni".
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:\b(?:gouvernement|ambassadeur|ambassadrice|ambassade|consulat|consul|président|présidente|ministre|roi|émir|"
    r"gouverneur|maire|représentant|délégation|ressortissants?|parlement|autorités)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|"
    r"de\s+|d['’]\s*)|\bbasée?s?\s+(?:à|au|aux|en|dans)\s+(?:l['’]\s*|la\s+|le\s+)?|\bsiège\s+(?:à|au|en)\s+)$",
    re.IGNORECASE)
# "sur la rive droite du Dniepr", "le long du fleuve Niger": a river, which no event of the text
# happened in, and whose name a town often bears (Dnipro, Niger)
_RIVER_BEFORE = re.compile(r"(?:\b(?:rives?|berges?|bords?)\s+(?:droite\s+|gauche\s+|est\s+|ouest\s+)?"
                           r"(?:du|de\s+la|de\s+l['’]|des)|\b(?:fleuve|rivière))\s*$", re.IGNORECASE)
# "près du récif de Scarborough", "en mer de Chine", "dans le golfe de Guinée": the name of a feature at sea,
# no town (Scarborough, Maine) nor country (events at sea are placed by their story)
_SEA_FEATURE_BEFORE = re.compile(r"\b(?:récifs?|atolls?|bancs?|haut-fond|hauts-fonds|îlots?|archipel|détroit|golfe|mer)"
                                 r"\s+(?:de\s+la\s+|de\s+l['’]|de\s+|d['’]|du\s+|des\s+)$", re.IGNORECASE)


def after_a_sea_feature(text: str, start: int) -> bool:
    """Does the name at ``start`` follow a feature at sea ("le golfe de Guinée", "en mer de Chine")?"""
    return _SEA_FEATURE_BEFORE.search(text[max(0, start - 30):start]) is not None


_NOT_A_LOCATION_BEFORE = re.compile(
    r"\b(?:ambassadeur|ambassadrice|ambassadeurs|ambassade|ambassades|consulat|consul|chargé\s+d['’]affaires|"
    r"président|présidente|ministre|roi|reine|émir|prince|gouvernement|représentant|représentante|délégation|"
    r"ressortissants?|citoyens?|dirigeants?|chef\s+d['’]état|armée|forces|diplomatie|équipe|sélection|"
    r"champion|championne|frontali[eè]re?s?|voisine?s?)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)"
    # ... and the next of a list: "frontalière du Niger et du Bénin"
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*(?:[ \-][A-ZÀ-ÖØ-Þ][\w’'\-]*)*\s*(?:,|et)\s+"
    r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*))?$", re.IGNORECASE)

_SEAT_CUE = re.compile(r"(?:\b(?:à|a|au|aux|devant|dans|depuis|au\s+siège\s+de|au\s+siège\s+des?)\s+"
                       r"(?:l['’]\s*|la\s+|le\s+|les\s+)?)$", re.IGNORECASE)
# What joins the names of a list ("Tyr, Saïda et Baalbek").
_LIST_JOINT = re.compile(r"\s*(?:,|,?\s+et|,?\s+ou)\s+")
# The parts of a town that only a town's name follows ("dans les rues de Bruxelles").
_TOWN_PART_BEFORE = re.compile(r"\b(?:rues?|quartiers?|centre|centre-ville|banlieue|environs|faubourgs?|abords|"
                               r"périphérie|habitants|mairie|maire)\s+(?:de|d['’]|du)\s*$", re.IGNORECASE)
# "Joaquín « El Chapo » Guzmán": a name followed by a nickname in quotes and a surname is a person's.
_NICKNAME_AFTER = re.compile(r"\s*[«“\"]\s*[^»”\"\n]{1,40}?\s*[»”\"]\s*[A-ZÀ-ÖØ-Þ]")
# "au palais de Koulouba", "devant le palais d'El Mouradia": the palace is where it sits.
_PALACE_CUE = re.compile(r"\b(?:à|au|devant|dans)\s+(?:le\s+)?palais\s+(?:de\s+|d['’]\s*)$", re.IGNORECASE)
# After these a capitalised word is a place whatever the tagger says ("signé samedi à Doha").
_STRONG_LOCATIVE = re.compile(r"\b(?:à|au|aux|dans|vers|depuis|près\s+de|près\s+d['’]|en)\s*$", re.IGNORECASE)
_LOCATIVE_BEFORE_METONYM = re.compile(r"\b(?:à|a|au|dans|vers|depuis|de|d['’]|près\s+de|en|entre|jusqu['’]à)\s*$",
                                      re.IGNORECASE)


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    text: str
    cue: str | None = None  # "division" | "point" | None
    small: bool = False  # after "village de", "localité de": a small place
    division: tuple[str, str] | None = None  # (country, admin1 code) named around it
    seat: int | None = None  # an institution standing for where it sits ("à l'ONU" -> New York)
    capital: bool = False  # "dans la capitale": the capital of the country the text is about there
    capital_in: str | None = None  # ... that country (ISO alpha-2), when the places before it say it
    dateline: bool = False  # "BOGOTA, 18 sept 2024 (AFP) -": where the dispatch was filed, not where anything happened


# A wire dispatch's dateline: a line that opens with a town in capitals, then its date, the agency or
# a dash ("LA HAYE, 25 juin 2025 (AFP) -", "KABOUL (Reuters) -"). A crawl may leave its marker before it.
_DATELINE = re.compile(r"(?m)^[ \t]*(?:date\s+\d{4}-\d{2}(?:-\d{2})?\s+)?"
                       r"([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ -]{1,38}[A-ZÀ-ÖØ-Þ])"
                       r"(?=\s*(?:,\s*\d{1,2}(?:er)?\s+[a-zéû]+|\((?:AFP|Reuters|AP|ATS|Belga|Xinhua|dpa|ANSA)\)|[-–—]\s))")

_QUOTES = (("«", "»"), ("“", "”"), ("‘‘", "’’"), ("‘", "’"))


# A quoted name is short; a longer quotation is someone's words, and the places in it are places.
QUOTED_NAME_MAX_WORDS = 5


def _inside_quotes(text: str, s: int, e: int) -> bool:
    """The span stands inside a quoted name on its line ("la fondation “Buenos”", "l'organisation
    "France équipement chimique""): a name of a thing, not a place. Quoted speech (« Nous avons
    fui Alep », more than QUOTED_NAME_MAX_WORDS words) is not a name."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    before, after = text[ls:s], text[e:le if le >= 0 else len(text)]
    for o, c in (*_QUOTES, ('"', '"')):
        if o == c:
            inside = before.count(o) % 2 == 1
        else:
            inside = before.count(o) > before.count(c)
        if inside and c in after:
            quoted = before[before.rfind(o) + len(o):] + text[s:e] + after[:after.find(c)]
            return len(quoted.split()) <= QUOTED_NAME_MAX_WORDS
    return False


def _widened(text: str, s: int, e: int) -> int:
    """Where a name whose lowercase words the capitalised run left out starts ("la bande de Gaza": the
    Gaza Strip, not the town of Gaza)."""
    surface = exact_key(text[s:e])
    for lead, rest in lowercase_leads():
        if exact_key(rest) == surface and s >= len(lead) and fold(text[s - len(lead):s].lower()) == fold(lead.lower()):
            return s - len(lead)
    return s


def _is_acronym(surface: str) -> bool:
    letters = surface.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class ToponymFinder(CandidateIndex):
    """The first stage of `PlaceResolver`: the spans that may name places."""

    registry: ActorRegistry

    # ------------------------------------------------------------------ mentions
    def find_toponyms(self, text: str, spacy_doc: Doc | None = None, actor_mentions: Sequence[ActorMention] = (), *,
                      for_events: bool = True) -> list[Toponym]:
        """Spans that may name places, left to right, without overlaps.

        ``actor_mentions`` (from the actor registry) veto spans inside the names of
        groups and people; a capital standing for its state ("Moscou a démenti") is a
        place only after a locative preposition ("à Moscou"). Never places: a person's name
        ("Madame Dufour"), a name in quotes, a place inside an organisation's name, an acronym
        that names no place (FBI). ``for_events=False`` (recognition, `veille places FILE.jsonl`)
        keeps what events leave aside although it is a place: where an organisation sits ("basée
        à Pékin"), a country as a government's complement ("le gouvernement de la Colombie"), a
        capital standing for its state, continents and regions ("l'Europe", "le Pacifique").
        """
        spans: dict[tuple[int, int], str] = {}
        from_parser: set[tuple[int, int]] = set()
        if spacy_doc is not None:
            for ent in spacy_doc.ents:
                if ent.label_ in ("LOC", "GPE"):
                    start = ent.start_char
                    for m in _TWO_PLACES.finditer(ent.text):  # "Limerick en Irlande": two toponyms
                        spans[(start, ent.start_char + m.start())] = text[start:ent.start_char + m.start()]
                        start = ent.start_char + m.end()
                    spans[(start, ent.end_char)] = text[start:ent.end_char]
                    from_parser.add((start, ent.end_char))
            people = [(ent.start_char, ent.end_char) for ent in spacy_doc.ents if ent.label_ == "PER"]
        else:
            people = []
        listed_end = -1  # where the last run taken ends: the next of its list is a place too
        for m in _CAPITALISED_RUN.finditer(text):
            start = m.start()
            # "À El Fasher, capitale du Nord-Darfour": a sentence's capitalised preposition opened the run
            lead = _CAPITALISED_LOCATIVE.match(text, start, m.end()) or _CAPITALISED_DIVISION.match(text, start, m.end())
            if lead:
                start = lead.end()
            before = text[max(0, start - 30):start]
            # "à 20 km de (la ville de) Niafunké": the cue inside the brackets; "a frappé Tyr, Saïda et
            # Baalbek": the names listed after one taken
            if _LOCATIVE.search(before) or _LOCATIVE.search(_CLOSING_BRACKET.sub("", before)) or \
                    object_verb_before().search(fold(before.lower())) or (
                        listed_end >= 0 and self._listed(text, listed_end, start, m.end())):
                spans.setdefault((start, m.end()), text[start:m.end()])
                listed_end = m.end()
                continue
            listed_end = -1
            # "les frappes de la coalition menée par les États-Unis", "libérer Mossoul": a
            # well-known place needs no preposition before it (what the entity recogniser saw)
            # ... nor after the words that open a sentence with it ("Selon Moscou", "Chassés de
            # Mogadiscio"); inside a sentence, the run is a name as a whole ("la chanteuse Whitney
            # Houston" names no Houston)
            opens_sentence = _SENTENCE_START.search(before) is not None
            for s0 in (start, *(w.start() for w in _NEXT_WORD.finditer(text, start, m.end()))):
                if s0 > start and not opens_sentence:
                    break
                if self._well_known(text[s0:m.end()], opens_sentence and s0 == start):
                    spans.setdefault((s0, m.end()), text[s0:m.end()])
                    listed_end = m.end()
                    break
        seat_names = seats()
        out: list[Toponym] = []
        for m in _DATELINE.finditer(text):
            # a name in capitals is no acronym here: the gazetteer decides (it reads names case-folded)
            if any(c.exact and c.entry.kind != KIND_COUNTRY for c in self._cached_candidates(m.group(1))):
                out.append(Toponym(m.start(1), m.end(1), m.group(1), dateline=True))
        for mention in actor_mentions:
            key = exact_key(mention.text)
            if key in seat_names and _SEAT_CUE.search(text[max(0, mention.start - 25):mention.start]):
                out.append(Toponym(mention.start, mention.end, mention.text, "point", seat=seat_names[key]))
        for m in _CAPITAL_OF_A_NATION.finditer(text):  # "dans la capitale congolaise": Kinshasa
            state = self.registry.nationality(m.group(1))
            capital = self._capital(state.country) if state is not None and state.country else None
            if capital is not None:
                out.append(Toponym(m.start(), m.end(), m.group(0), "point", seat=capital))
        # (for events only: the toponym table of `veille places` lists names)
        for m in _BARE_CAPITAL.finditer(text) if for_events else ():
            start = m.end() - len("la capitale")
            out.append(Toponym(start, m.end(), text[start:m.end()], capital=True))
        blocked = [(m.start, m.end) for m in actor_mentions if not (m.metonym or m.actor.kind == "state")]
        metonyms = [(m.start, m.end) for m in actor_mentions if m.metonym]
        for (s0, e0) in sorted(spans, key=lambda se: (se[0], -(se[1] - se[0]))):
            s, e = self._trim(text, s0, e0)
            if e - s < 2 or any(t.start <= s < t.end or s <= t.start < e for t in out):
                continue
            surface = text[s:e]
            if not surface[0].isupper() and not _LOWERCASE_ARTICLE.match(surface):
                continue  # but "al-Aziziya", "el-Facher": an Arabic name behind its lowercase article
            if exact_key(surface) in not_places() and (for_events or not self._region(surface)):
                continue
            first = surface.split()[0].rstrip(".")
            if exact_key(first) in person_titles() or first in organisation_words():
                continue  # "Madame Dufour Abigaël", "Général Kumba"; "ONG Santé Équitable"
            if _NICKNAME_AFTER.match(text, e) or _NICKNAME_AFTER.match(text, s + len(surface.split()[0])):
                continue  # "fils de Joaquín « El Chapo » Guzmán": a first name
            if not for_events and (s0, e0) not in from_parser and any(ps < e and s < pe for ps, pe in people):
                continue  # a person the parser recognised, after "à" or "de": "à Patrice Lafleur"
            if _inside_quotes(text, s, e) or _organisation_before().search(text[max(0, s - 70):s]):
                continue  # "la fondation “Buenos”", "l'Association des magistrats de New York"
            if _is_acronym(surface) and not any(c.exact and c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1)
                                                for c in self._cached_candidates(surface)):
                continue  # FBI, OGSP: an acronym that is no country's or division's
            if any(bs <= s and e <= be for bs, be in blocked):
                continue  # inside a group's or person's name: "Etat islamique", "Front Al-Nosra"
            if for_events and any(ms <= s < me for ms, me in metonyms) and not _LOCATIVE_BEFORE_METONYM.search(
                    text[max(0, s - 15):s]) and not strike_on_before().search(fold(text[max(0, s - 80):s].lower())):
                continue  # "Moscou dément", "Washington a jugé Moscou responsable": the state, not the city
            if self.registry.is_actor_name(surface) and not any(ms <= s < me for ms, me in metonyms):
                continue
            if for_events and (_NOT_A_PLACE_BEFORE.search(text[max(0, s - 40):s]) or
                               _RIVER_BEFORE.search(text[max(0, s - 30):s]) or
                               after_a_sea_feature(text, s)):
                continue
            if for_events and _NOT_A_LOCATION_BEFORE.search(text[max(0, s - 40):s]) and any(
                    c.exact and c.entry.kind == KIND_COUNTRY for c in self._cached_candidates(surface)):
                continue
            if spacy_doc is not None and " " not in surface and "-" not in surface and not _STRONG_LOCATIVE.search(
                    text[max(0, s - 15):s]) and not _VILLAGE_CUE.search(text[max(0, s - 40):s]) and \
                    not _POINT_CUE.search(text[max(0, s - 40):s]) and \
                    (for_events or not self._region(surface)) and self._common_noun(spacy_doc, s, e) and not _TOWN_PART_BEFORE.search(text[max(0, s - 30):s]):
                # "Etats", "Observatoire", "Interdiction": a capitalised common noun; not after "le
                # village de", which only a name follows, however the tagger reads an unknown one, nor
                # after a part of a town ("dans les rues de Bruxelles", tagged a noun)
                continue
            out.append(self._with_cues(text, _widened(text, s, e), e))
        out.sort(key=lambda t: t.start)
        return out

    def _capital(self, alpha3: str) -> int | None:
        """The geonameid of a country's capital, the country given by its ISO alpha-3 code."""
        return self.capital_of(alpha2_of(alpha3))


    def _well_known(self, surface: str, opens_sentence: bool = False) -> bool:
        """A name of four letters or more that is a country's, a first-level division's, or that of
        a city or a district of at least ``WELL_KNOWN_POPULATION`` people, as written; a word that
        opens a sentence, not when it is also a French function word ("Selon", "Mais", "Dans")."""
        if len(surface) < 4 or (opens_sentence and " " not in surface and surface.lower() in FRENCH_STOP_WORDS):
            return False
        return any(c.exact and (c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1) or (
            c.entry.kind in (KIND_CITY, KIND_ADMIN2) and c.entry.population >= WELL_KNOWN_POPULATION))
            for c in self._cached_candidates(surface))

    @staticmethod
    def _listed(text: str, previous_end: int, start: int, end: int) -> bool:
        """Whether the run at ``start`` is the next name of a list that the previous one opened: after
        "et" or "ou", or after a comma when "et", "ou" or another comma follows with a name ("à Paris,
        Emmanuel Macron a dit" lists nothing)."""
        joint = _LIST_JOINT.fullmatch(text, previous_end, start)
        if joint is None:
            return False
        if "," not in joint.group() or re.search(r"\b(?:et|ou)\b", joint.group()):
            return True
        after = _LIST_JOINT.match(text, end)
        return after is not None and _CAPITALISED_RUN.match(text, after.end()) is not None

    def _region(self, surface: str) -> bool:
        """A continent or a region of the world ("Europe", "Afrique", "Pacifique")."""
        return exact_key(surface) in features() or any(
            c.exact and c.entry.kind == KIND_CONTINENT for c in self._cached_candidates(surface))

    def _common_noun(self, spacy_doc: Doc, s: int, e: int) -> bool:
        span = spacy_doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].pos_ not in ("NOUN", "ADJ", "VERB", "ADV", "DET", "PRON"):
            return False
        vocab = spacy_doc.vocab
        if len(vocab.vectors) and not vocab.has_vector(span.text.lower()):
            return False  # "ont attaqué Djibo lundi": the tagger's noun for a word the model's French lacks
        # a country's own name stays a place whatever the tagger says ("Syrie" as NOUN)
        return not any(c.exact and c.entry.kind in (KIND_COUNTRY, KIND_ADMIN1) for c in self._cached_candidates(span.text))

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and text[s] in _TRAILING_PUNCT:
            s += 1
        while e > s and text[e - 1] in _TRAILING_PUNCT:
            e -= 1
        m = _LEADING_ARTICLE.match(text[s:e])
        if m and e - s - m.end() >= 2:
            s += m.end()
        # "Etat de Borno", "province d'Idleb" inside an entity: the name is what follows the cue
        m = _SPAN_CUE.match(text[s:e])
        if m and e - s - m.end() >= 2:
            s += m.end()
        # the model sometimes runs an entity on into lowercase words ("Kaya mercredi matin")
        words = list(re.finditer(r"\S+", text[s:e]))
        for i, w in enumerate(words[1:], 1):
            head = fold(re.split(r"[-'’]", w.group())[0])
            if w.group()[0].islower() and not re.match(r"[dl]['’][A-ZÀ-ÖØ-Þ]", w.group()) and head not in _PARTICLES and fold(w.group()) not in _PARTICLES and not any(
                    x.group()[0].isupper() for x in words[i + 1:]):
                e = s + words[i - 1].end()
                break
        return s, e

    def _nationality_or_none(self, cue: re.Match) -> bool:
        """The word between a cue's noun and "de" is a nationality ("la province afghane de"), or there is
        none: "la région autonome du Kurdistan" names no division of that very name."""
        return cue.group("adj") is None or self.registry.nationality(cue.group("adj")) is not None

    def _with_cues(self, text: str, s: int, e: int) -> Toponym:
        before = text[max(0, s - 40):s]
        seat = seats().get(exact_key(text[s:e]))
        if seat is not None and (_SEAT_CUE.search(before[-25:]) or _PALACE_CUE.search(before)):
            # "reçu à Kosyam", "au palais de Koulouba": a palace no actor names stands where it sits
            return Toponym(s, e, text[s:e], "point", seat=seat)
        cue = None
        division_cue = _DIVISION_CUE.search(before)
        point_cue = _POINT_CUE.search(before)
        if division_cue is not None and division_cue.end() == len(before) and self._nationality_or_none(division_cue):
            cue = "division"
        elif point_cue is not None and self._nationality_or_none(point_cue):
            cue = "point"
        return Toponym(s, e, text[s:e], cue, small=cue == "point" and bool(_VILLAGE_CUE.search(before)))
