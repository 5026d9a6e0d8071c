"""Length-preserving text folding shared by every look-up stage.

``fold(s)`` lowercases, strips diacritics and unifies apostrophes, quotes and
dashes *character by character*, so ``len(fold(s)) == len(s)`` and an offset
found in the folded text is an offset in the original. Actor, trigger and
place look-ups all match on folded text and report spans of the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "\u0153": "o", "\u0152": "o",  # oe ligature: one character must stay one character
    "\u00e6": "a", "\u00c6": "a",
    "\u00df": "s",
    "\u0131": "i",  # dotless i (Turkish)
    "\u0141": "l", "\u0142": "l",
    "\u00f8": "o", "\u00d8": "o",
    "\u0111": "d", "\u0110": "d",
    "\u02be": "'", "\u02bf": "'",  # ayn and hamza marks of transliterations
}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    low = c.lower()
    if len(low) != 1:
        low = c
    d = unicodedata.normalize("NFKD", low)
    base = "".join(ch for ch in d if not unicodedata.combining(ch))
    return base if len(base) == 1 else low


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character: folding is one character
    to one character, so a table does it in C instead of a generator over the string."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(s: str) -> str:
    """Lowercase, strip accents, unify punctuation; same length as ``s``."""
    if s.isascii():
        return s.lower().replace("`", "'")
    return s.translate(_FOLD_TABLE)


def fold_key(s: str) -> str:
    """A comparison key for names: folded, hyphens and runs of spaces made one space."""
    # "U.S." and "US", "St. Louis" and "St Louis" are one name
    out = fold(s).replace(".", "").replace("-", " ").replace("'", " ").replace('"', " ")
    return " ".join(out.split())


def phrase_pattern(words: str) -> str:
    """A phrase of a data file as a regular expression: any run of blanks between its words, either
    apostrophe (' or ’) where it has one."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in words.split())
