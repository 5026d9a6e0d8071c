"""Organisations a text defines itself: "le Centre d'études pour la paix (CEPADHO)", "l'ONG Santé
pour tous". No table lists every NGO, party or militia of every country; news introduces the ones it
needs with a type noun or an acronym in parentheses, then uses the acronym alone.

``defined_organisations(text, mentions)`` adds, to the registry's mentions, one mention for each such
definition (the name with its acronym, named by the acronym) and one for each later use of the
acronym; a definition that overlaps a registry mention is the registry's. The words that introduce
an organisation and say its kind are data: ``actors/data/organisations.toml``.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from veille.records import Actor, ActorMention
from veille.textnorm import fold, phrase_pattern

_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'\-]*"
# Lower-case words that stand inside an organisation's name ("Centre d'études pour la promotion de la paix").
_INNER = r"(?:de|du|des|d['’]|la|le|les|l['’]|pour|et|en|à|au|aux|sur|contre|ou)"
# "(CEPADHO)", "(M23)", "(FDLR)": capitals and digits, a letter first
_ACRONYM = re.compile(r"\((?P<acr>[A-ZÀ-Þ][A-Z0-9À-Þ\-]{1,9})\)")
# The words of a name ("d'études" is "d" and "études").
_WORD = re.compile(r"[\w\-]+")
MAX_NAME_WORDS = 20
# Kinds of registry mention that a defined name covering them replaces.
_YIELDING = ("civilians", "unknown")


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    data = tomllib.loads(resources.files("veille.actors.data").joinpath("organisations.toml").read_text(encoding="utf-8"))
    introducers = {fold(w.lower()): kind for kind, words in data["introducers"].items() for w in words}
    heads = {fold(w.lower()): kind for kind, words in data["name_heads"].items() for w in words}
    words = sorted(introducers, key=len, reverse=True)
    introduced = re.compile(r"\b(?i:" + "|".join(phrase_pattern(w) for w in words) + r")\s+(?P<name>"
                            + rf"{_CAP}(?:\s+(?:{_INNER}\s+)*{_CAP}){{0,6}})")
    return introducers, heads, introduced


def _name_before(text: str, end: int, acronym: str) -> tuple[int, int] | None:
    """The span of the name whose acronym's parenthesis begins at ``end``: from the nearest
    capitalised word with the acronym's first letter, in the same sentence, within a few words
    ("Forces démocratiques de libération du Rwanda (FDLR)" starts at "Forces", not "Rwanda")."""
    window = text[max(0, end - 300):end]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("("))
    offset = max(0, end - 300) + (cut + 1 if cut >= 0 else 0)
    words = list(_WORD.finditer(text, offset, end))[-MAX_NAME_WORDS:]
    initial = fold(acronym[0].lower())
    for w in reversed(words):
        token = w.group()
        if token[0].isupper() and fold(token[0].lower()) == initial:
            start, stop = w.start(), text[:end].rstrip(" ,").__len__()
            return (start, stop) if " " in text[start:stop].strip() else None
    return None


def _kind(text: str, start: int, name: str) -> str | None:
    """The kind a name's first word or the noun just before it says ("le Front ...", "l'ONG X")."""
    _, heads, _ = _tables()
    first = fold(name.split()[0].lower()).rstrip("'’")
    if first in heads:
        return heads[first]
    before = fold(text[max(0, start - 40):start].lower()).split()
    for n in (2, 1):
        noun = " ".join(before[-n:]).removeprefix("l'")  # "l'ONG", "l'association"
        if len(before) >= n and noun in heads:
            return heads[noun]
    return None


def defined_organisations(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """The registry's mentions of ``text`` with the organisations the text defines added, in order."""
    # a crowd word inside a name ("des paysans" in "Collectif ... des paysans (CADPEF)") yields to it
    taken = [(m.start, m.end) for m in mentions if m.actor.kind not in _YIELDING]
    added: list[ActorMention] = []
    acronyms: dict[str, Actor] = {}

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for m in _ACRONYM.finditer(text):
        acr = m.group("acr")
        span = _name_before(text, m.start(), acr)
        if span is None or acr in acronyms or not free(span[0], m.end()):
            continue
        name = text[span[0]:span[1]]
        kind = _kind(text, span[0], name)
        if kind is None:
            continue  # "les Jeux olympiques (JO)": an acronym, but nothing says an organisation
        actor = Actor(name=acr, kind=kind, aliases=(name, acr))
        acronyms[acr] = actor
        added.append(ActorMention(actor, span[0], m.end(), text[span[0]:m.end()]))
        taken.append((span[0], m.end()))
    introducers, _, introduced = _tables()
    for m in introduced.finditer(text):
        s, e = m.span("name")
        if not free(s, e):
            continue
        noun = fold(text[m.start():s].strip().lower())
        kind = introducers.get(noun, "ngo")
        actor = Actor(name=m.group("name"), kind=kind, aliases=(m.group("name"),))
        added.append(ActorMention(actor, s, e, m.group("name")))
        taken.append((s, e))
    for acr, actor in acronyms.items():
        for m in re.finditer(rf"(?<![\w(]){re.escape(acr)}(?![\w)])", text):
            if free(m.start(), m.end()):
                added.append(ActorMention(actor, m.start(), m.end(), acr))
                taken.append(m.span())
    kept = [m for m in mentions if m.actor.kind not in _YIELDING or not any(
        a.start < m.end and m.start < a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: m.start)
