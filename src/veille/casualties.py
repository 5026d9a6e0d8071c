"""Casualty counts: the lowest figure a sentence reports for the killed and the injured.

"au moins 15 morts" -> 15; vague counts follow ACLED's conventions
("plusieurs" 3, "une dizaine" 10, "des dizaines" 12, "des centaines" 100).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
         "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
         "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "trente": 30, "quarante": 40,
         "cinquante": 50, "soixante": 60, "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80,
         "quatre-vingt-dix": 90, "cent": 100, "cents": 100, "mille": 1000}
# ACLED's conventions for vague counts (its codebook: "several" 3, "dozens" 12, "hundreds" 100).
VAGUE = {"plusieurs": 3, "quelques": 3, "une dizaine": 10, "des dizaines": 12, "plusieurs dizaines": 12,
         "une vingtaine": 20, "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50,
         "une centaine": 100, "des centaines": 100, "plusieurs centaines": 100, "de nombreux": 3,
         "de nombreuses": 3}

_KEYWORD = re.compile(
    r"\b(?P<what>tu[ée](?:e|s|es)?|morts?|mortes?|d[ée]c[ée]d[ée](?:e|s|es)?|p[ée]ri|abattu(?:e|s|es)?|"
    r"[ée]gorg[ée](?:e|s|es)?|ex[ée]cut[ée](?:e|s|es)?|[ée]limin[ée](?:e|s|es)?|bless[ée](?:e|s|es)?)\b",
    re.IGNORECASE)
_DEATH_OF = re.compile(r"\bla\s+mort\s+(?:de|d['’])\s*", re.IGNORECASE)
# "tuant au moins sept personnes", "en blessant vingt-quatre autres": the number follows the verb
_PARTICIPLE = re.compile(r"\b(?P<what>tuant|blessant|faisant)\s+", re.IGNORECASE)
_WORD = re.compile(r"[\wà-ÿ]+(?:-[\wà-ÿ]+)*|\d[\d.\u202f\u00a0 ]*\d|\d|[,;:.!?()«»\"]")
# How many words may stand between a number and its keyword ("30 personnes ont été tuées").
MAX_GAP = 6
_STOP = {",", ";", ":", ".", "!", "?", "(", ")", "«", "»", '"'}


@dataclass(frozen=True)
class Toll:
    killed: int | None
    injured: int | None


def parse_number(s: str) -> int | None:
    s = s.strip().lower().replace("\u202f", "").replace("\u00a0", "")
    if not s:
        return None
    digits = re.sub(r"[.\s]", "", s)
    if digits.isdigit():
        return int(digits)
    if s in VAGUE:
        return VAGUE[s]
    total, current = 0, 0
    words = [w for w in re.split(r"[- ]+", s) if w != "et"]
    i = 0
    while i < len(words):
        # the longest compound known as one number: "quatre-vingt-dix", "dix-sept"
        for j in range(len(words), i, -1):
            compound = "-".join(words[i:j])
            if compound in UNITS:
                v = UNITS[compound]
                i = j
                break
        else:
            return None
        if v == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif v == 100:
            current = max(current, 1) * 100
        else:
            current += v
    return total + current or None


def _last_number(words: list[str]) -> int | None:
    """The number ending nearest to the keyword among the words before it."""
    for i in range(len(words) - 1, -1, -1):
        w = words[i].lower()
        for phrase, value in VAGUE.items():
            n = len(phrase.split())
            if " ".join(x.lower() for x in words[max(0, i - n + 1):i + 1]) == phrase:
                return value
        for j in range(max(0, i - 3), i + 1):  # "trente et une", "quatre-vingt-dix"
            v = parse_number(" ".join(words[j:i + 1]))
            if v is not None and (j == i or parse_number(words[j]) is not None):
                return v
        del w
    return None


def find_toll(sentence: str) -> Toll:
    killed: list[int] = []
    injured: list[int] = []
    for m in _KEYWORD.finditer(sentence):
        words = _WORD.findall(sentence[max(0, m.start() - 120):m.start()])
        window: list[str] = []
        for w in reversed(words):
            if w.lower() == "dont":  # "25 personnes dont cinq enfants": the total comes before "dont"
                window = []
                continue
            if w in _STOP or len(window) >= MAX_GAP:
                break
            window.insert(0, w)
        v = _last_number(window)
        if v is None or v > 100_000:
            continue
        (injured if m.group("what").lower().startswith("bless") else killed).append(v)
    for m in _PARTICIPLE.finditer(sentence):
        words = _WORD.findall(sentence[m.end():m.end() + 60])[:5]
        while words and words[0].lower() in ("au", "moins", "plus", "de", "près", "environ", "quelque"):
            words = words[1:]
        v = None
        for j in range(min(4, len(words)), 0, -1):  # "vingt-quatre", "trente et une"
            v = parse_number(" ".join(words[:j]))
            if v is not None:
                break
        if v is None:
            continue
        what = m.group("what").lower()
        rest = " ".join(words[1:4]).lower()
        if what == "faisant":  # "faisant 12 morts et 30 blessés": the noun says which
            what = "bless" if rest.startswith("bless") else ("tuant" if re.match(r"(morts?|tu[ée]s|victimes)", rest) else "")
        if what.startswith("bless"):
            injured.append(v)
        elif what:
            killed.append(v)
    for m in _DEATH_OF.finditer(sentence):
        words = _WORD.findall(sentence[m.end():m.end() + 40])[:4]
        if words and words[0].lower() in ("au", "plus", "près"):
            words = words[2:]
        v = parse_number(words[0]) if words else None
        if v is not None:
            killed.append(v)
    return Toll(min(killed) if killed else None, min(injured) if injured else None)
