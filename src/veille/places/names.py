"""Name keys for toponym matching: an exact key and a variant skeleton.

The rules are data (``places/data/variants.toml``) so that an analyst can add a
transcription habit without touching Python.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import DataFileError
from ..textnorm import fold, fold_key


@dataclass(frozen=True)
class VariantRules:
    version: int
    articles: frozenset[str]
    rules: tuple[tuple[re.Pattern, str], ...]
    min_skeleton_length: int

    @classmethod
    def from_toml(cls, data: dict) -> "VariantRules":
        try:
            rules = tuple((re.compile(p), r) for p, r in data["rules"])
            return cls(int(data["version"]), frozenset(data["articles"]), rules, int(data["min_skeleton_length"]))
        except (KeyError, ValueError, TypeError, re.error) as exc:
            raise DataFileError(f"places/data/variants.toml: {exc}") from None


@cache
def default_rules() -> VariantRules:
    raw = resources.files("veille.places.data").joinpath("variants.toml").read_text(encoding="utf-8")
    return VariantRules.from_toml(tomllib.loads(raw))


def exact_key(name: str) -> str:
    return fold_key(name)


def drop_articles(key: str, rules: VariantRules) -> str:
    words = key.split()
    kept = [w for i, w in enumerate(words) if not (w in rules.articles and i + 1 < len(words))]
    return " ".join(kept)


def skeleton(name: str, rules: VariantRules | None = None) -> str:
    rules = rules or default_rules()
    # Apostrophes of transcription (Nu'man, ʿAyn) join, they do not separate.
    s = drop_articles(" ".join(fold(name).replace("'", "").replace("-", " ").split()), rules)
    for pattern, repl in rules.rules:
        s = pattern.sub(repl, s)
    return s
