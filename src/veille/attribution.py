"""Attribution: who the text says reports an event ("selon l'OSDH", "a indiqué une source
de sécurité syrienne"), and the spans of those phrases, which are not event roles.

A source phrase that names a registry actor becomes its canonical name; otherwise
the phrase itself is kept, determiners dropped ("source de sécurité syrienne").
Anaphoric sources ("selon cette source", "a ajouté le porte-parole", "selon lui")
resolve to the last explicit source of the document.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .textnorm import phrase_pattern

if TYPE_CHECKING:  # pragma: no cover
    from .actors import ActorRegistry


def _any(words: list[str]) -> str:
    return "(?:" + "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True)) + ")"


@cache
def _words() -> dict:
    return tomllib.loads(resources.files("veille.data").joinpath("attribution.toml").read_text(encoding="utf-8"))


_SPEECH = _any(_words()["reported"])
_WHEN = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)"
         r"(?:\s+(?:1er|\d{1,2})\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
         r"décembre))?(?:\s+(?:soir|matin|midi|après-midi))?")
_SRC = r"(?P<src>[^,;:.!?()«»\"“”\n]{2,90})"
_PATTERNS = [
    re.compile(rf"\b{_any(_words()['according_to'])}\s+{_SRC}", re.IGNORECASE),
    # inverted subject after a quotation or a comma: «...», a indiqué X / a-t-il déclaré
    # (the day it was said may come first: "a annoncé jeudi soir à l'AFP un responsable")
    re.compile(rf"(?:[,»\"”]\s*)(?:a|ont|avait|avaient)(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles))?\s+{_SPEECH}"
               rf"(?:\s+{_WHEN})?(?:\s+(?:à|au|aux)\s+[^,;:.]{{2,60}}?)?\s+{_SRC}", re.IGNORECASE),
    re.compile(rf"(?:[,»\"”]\s*){_any(_words()['reports'])}\s+{_SRC}", re.IGNORECASE),
    re.compile(rf"\b(?:a-t-on\s+appris|apprend-on|at-on\s+appris)\s+(?:{_WHEN}\s+)?(?:de\s+|d['’]|auprès\s+(?:de\s+|d['’]|des\s+)|"
               rf"(?:de\s+)?sources?\s+)?{_SRC}", re.IGNORECASE),
    re.compile(rf"\b(?:rapportent|rapporte)\s+{_SRC}", re.IGNORECASE),
    # an incise: "X a démenti l'attaque, comme l'avait affirmé Y" (Y's claim, X's denial)
    re.compile(rf"\bcomme\s+l['’]\s*(?:a|ont|avait|avaient)(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles))?\s+{_SPEECH}\s+{_SRC}",
               re.IGNORECASE),
]
# A relative clause opened after the sentence's subject and still open: "Le ministre, qui a dénoncé
# « des casseurs », a annoncé 181 interpellations" (the verb after it is the subject's, no incise)
_OPEN_RELATIVE = re.compile(r",\s*(?:qui|dont|lequel|laquelle|lesquels|lesquelles)\b[^,]*$", re.IGNORECASE)
_INVERTED = 1  # the index in _PATTERNS of the inverted subject after a comma or a quotation
_SUBJECT_FIRST = re.compile(rf"^\s*(?P<src>[A-ZÀ-Ý«\"][^,;:.!?()«»\"“”\n]{{1,90}}?)\s+(?:a|ont|avait|avaient)\s+{_SPEECH}\b")
_ANAPHORIC = re.compile(r"^(?:cette|la\s+même|ces|les\s+mêmes|notre)\s+sources?$|^(?:lui|elle|eux|celui-ci|celle-ci)$|"
                        rf"^(?:le|ce)\s+{_any(_words()['anaphoric_nouns'])}\b", re.IGNORECASE)
_LEADING_DET = re.compile(r"^(?:(?:le|la|les|un|une|des|du|de\s+la|de|ces|cette|ce|son|sa|ses|leur|leurs|plusieurs)\s+|(?:l|de\s+l|d)['’]\s*)",
                          re.IGNORECASE)
_CUT = re.compile(r"\s+(?:qui|dont|que|où|lequel|laquelle|sur\s+son|dans\s+un|mardi|mercredi|jeudi|vendredi|samedi|"
                  r"dimanche|lundi|hier|aujourd'hui|sans)\b.*$", re.IGNORECASE)
_NOT_A_SOURCE = re.compile(r"^(?:que|qu['’]|quoi|avoir|être|ne|n['’]|en|y|il|elle|ils|elles|on|"
                           r"lequel|laquelle|lesquels|lesquelles|moi|nous|vous)\b", re.IGNORECASE)


# ... unless it holds a verb: "Selon l'agence ANI, une frappe a visé mardi une voiture" is the clause told
_CLAUSE_VERB = re.compile(r"\b(?:a|ont|avait|avaient|aurait|auraient|est|sont|était|étaient|a\s+été|ont\s+été)\s+"
                          r"(?:\w+\s+){0,2}?\w+(?:é|ée|és|ées|i|is|it|u|us|ue|ues|t)\b", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*(?:\([^)]{1,40}\))?\s*,\s*(?:une?|le|la|l['’]|qui)\s*[^,.;:!?«»\"]{2,90}")


@dataclass(frozen=True)
class Attribution:
    start: int  # span of the whole attribution phrase in the sentence (relative offsets)
    end: int
    source: str  # canonical actor name or cleaned phrase
    anaphoric: bool = False


def _subject_s_own_verb(before: str) -> bool:
    """Does the text before a verb end in a relative clause of the sentence's subject, opened outside
    any quotation ("Le ministre, qui a dénoncé « des casseurs », a annoncé ..."; not '« ..., qui
    constituent le début de l'offensive », a annoncé le gouvernement', quoted speech before its incise)?"""
    rel = _OPEN_RELATIVE.search(before)
    if rel is None:
        return False
    head = before[:rel.start()]
    quoted = head.count("«") > head.count("»") or (head.count('"') + head.count("“") + head.count("”")) % 2 == 1
    return not quoted


def _clean(src: str) -> str:
    src = _CUT.sub("", src.strip())
    while True:
        new = _LEADING_DET.sub("", src)
        if new == src:
            break
        src = new
    return src.strip(" -'’")


def find_attributions(sentence: str, registry: ActorRegistry | None = None) -> list[Attribution]:
    out: list[Attribution] = []
    candidates: list[tuple[int, int, str]] = []
    for k, pat in enumerate(_PATTERNS):
        for m in pat.finditer(sentence):
            if k == _INVERTED and _subject_s_own_verb(sentence[:m.start()]):
                continue
            end = m.end()
            # an apposition describing the source belongs to the attribution ("l'OSDH, une ONG basée au Royaume-Uni")
            app = _APPOSITION.match(sentence, end)
            if app and not _CLAUSE_VERB.search(app.group()):
                end = app.end()
            candidates.append((m.start(), end, m.group("src")))
    subject = _SUBJECT_FIRST.match(sentence)
    if subject:
        candidates.append((subject.start("src"), subject.end(), subject.group("src")))
    for start, end, raw in sorted(candidates):
        if any(a.start <= start < a.end for a in out):
            continue
        if _NOT_A_SOURCE.match(raw.strip()):
            continue
        cleaned = _clean(raw)
        if len(cleaned) < 2:
            continue
        anaphoric = bool(_ANAPHORIC.match(cleaned)) or bool(_ANAPHORIC.match(raw.strip()))
        source = cleaned
        if registry is not None and not anaphoric:
            mentions = registry.find(cleaned)
            # the phrase names a known actor when one mention covers most of it
            best = max(mentions, key=lambda mm: mm.end - mm.start, default=None)
            if best is not None and (best.end - best.start) >= 0.5 * len(cleaned):
                source = best.actor.name
        out.append(Attribution(start, end, source, anaphoric))
    return out


class SourceTracker:
    """Resolves anaphoric sources to the last explicit one of the document."""

    def __init__(self) -> None:
        self.last: str | None = None

    def resolve(self, attributions: list[Attribution]) -> str | None:
        for a in attributions:
            if a.anaphoric:
                if self.last:
                    return self.last
                continue
            self.last = a.source
            return a.source
        return None
