"""Boilerplate masking: the text the analysis stages see, offsets unchanged.

Web captures carry newsletter prompts, share buttons, "Lire aussi" links,
cookie banners and wire-copy section headings. They must not become event
sentences, yet evidence offsets must stay offsets into the document text.
So the cleaner does not delete: it replaces masked characters with spaces
(newlines kept), which keeps ``len(masked) == len(text)`` and lets the parser
see clean sentences. The patterns are data: ``veille/data/boilerplate.toml``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import DataFileError


@dataclass(frozen=True)
class Masked:
    text: str  # same length as the input, boilerplate blanked
    spans: tuple[tuple[int, int, str], ...]  # (start, end, why) of what was masked


@dataclass(frozen=True)
class BoilerplateRules:
    line_patterns: tuple[re.Pattern, ...]
    inline_heading: re.Pattern

    @classmethod
    def from_toml(cls, data: dict) -> "BoilerplateRules":
        try:
            lines = tuple(re.compile(p, re.IGNORECASE) for p in data["line_patterns"])
            # Headings are recognised by their shape (capital after the dash), so no IGNORECASE.
            inline = re.compile(data["inline_heading"], re.MULTILINE)
        except (KeyError, re.error) as exc:
            raise DataFileError(f"boilerplate rules: {exc}") from None
        return cls(lines, inline)


@cache
def default_rules() -> BoilerplateRules:
    raw = resources.files("veille.data").joinpath("boilerplate.toml").read_text(encoding="utf-8")
    return BoilerplateRules.from_toml(tomllib.loads(raw))


# A line longer than this is prose even when it mentions cookies or newsletters in passing.
_MAX_BOILERPLATE_LINE = 220


def mask(text: str, rules: BoilerplateRules | None = None) -> Masked:
    rules = rules or default_rules()
    chars = list(text)
    spans: list[tuple[int, int, str]] = []

    def blank(start: int, end: int, why: str) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        spans.append((start, end, why))

    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= _MAX_BOILERPLATE_LINE:
            if any(p.fullmatch(stripped) for p in rules.line_patterns):
                lead = len(line) - len(line.lstrip())
                blank(pos + lead, pos + lead + len(stripped), "boilerplate line")
        pos += len(line) + 1
    for m in rules.inline_heading.finditer(text):
        blank(m.start(), m.end(), "section heading")
    spans.sort()
    return Masked("".join(chars), tuple(spans))
