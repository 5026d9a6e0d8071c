"""The language gate: veille codes French, and refuses the rest before the parse.

French rules on another language code nonsense (English "strike" is no French trigger, Spanish
"ataque" is nearly one), so a document whose language is not French is refused with the reason
``unsupported language: xx`` (ISO 639-1), never parsed with the French model.

Detection is lingua's, built once per process on ``NEWS_LANGUAGES`` only: fewer candidates mean
fewer confusions, and a language outside the list is never the answer.

- A text too short to tell (fewer than ``MIN_LETTERS`` letters, mostly Latin script) is not
  detected: on such snippets detection errs often enough to drop real French headlines and
  briefs, while French rules on a short foreign text find nothing. It is treated as its declared
  language, else as French. A short text in another script (Arabic, Cyrillic, CJK...) is
  detected, since its script alone tells it is not French.
- A declared language (the ``lang`` field of a JSONL record) decides only for such short texts.
  On longer ones detection wins: crawl metadata often carries a page template's default
  (``lang="en"`` on a French page) where the text itself does not lie.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .errors import UnsupportedLanguage
from .records import Document

if TYPE_CHECKING:  # pragma: no cover
    from lingua import LanguageDetector

FRENCH = "fr"

# ISO 639-1 codes of the languages that crawls of French-language news carry besides French
# (agency copy in English and Spanish, neighbours' press, the languages of the conflicts covered).
# Latin-script languages compete with French, so only those met in such crawls are listed; the
# others are told apart from French by their script.
NEWS_LANGUAGES = (
    # Latin script
    "fr", "en", "es", "pt", "it", "de", "nl", "ca", "ro", "pl", "tr", "id", "sw",
    # Arabic script
    "ar", "fa", "ur",
    # Cyrillic
    "ru", "uk",
    # each its own script
    "he", "el", "hy", "ka", "hi", "zh", "ja", "ko",
)

# Below this many letters a Latin-script text is not detected (see the module docstring).
# Measured on 600 random windows each of the dev corpus (French) and GeoWebNews (English), in the
# mode used: windows of 30 letters were misdetected 7-9% of the time, of 60 letters 2%, of 90
# letters 0.7%; of 120 letters no French prose was (the misses were English passages inside
# French pages: PHP warnings, a quoted tweet) and 0.2% of English. Whole documents: no error.
MIN_LETTERS = 120

# Detection reads at most this many characters: three windows (start, middle, end) of a longer
# text, so that a page opening on a PHP warning in English is still seen as French, and a 5 MB
# text costs what 450 characters do (lingua reads about a million characters a second, and news
# articles run 1,000 to 5,000). Each window of 150 characters holds some 120 letters, the
# window size at which no French prose was misread (MIN_LETTERS); reading 9,000 made detection
# a sixth of what extraction adds to the parse (bench/extract_speed.py).
SAMPLE_CHARS = 450


@cache
def detector() -> LanguageDetector:
    """lingua's detector over NEWS_LANGUAGES, built once per process.

    Low-accuracy mode (trigrams only): on whole news documents and on windows of 120 letters or
    more it erred exactly as often as the high-accuracy mode (measured as for MIN_LETTERS), and it
    loads in 0.13 s and 40 MB where the high-accuracy mode takes 2.0 s and 330 MB, in every worker
    process. Both read about 1.3 million characters a second.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in NEWS_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def sample(text: str) -> str:
    """What detection reads: the text, or three windows of a long one cut at white space."""
    if len(text) <= SAMPLE_CHARS:
        return text
    size = SAMPLE_CHARS // 3
    windows = []
    for start in (0, (len(text) - size) // 2, len(text) - size):
        window = text[start:start + size]
        if start:  # drop the word cut in two at the window's start
            window = window.split(None, 1)[-1] if " " in window else window
        windows.append(window)
    return "\n".join(windows)


def _is_latin(c: str) -> bool:
    o = ord(c)
    return o < 0x250 or 0x1E00 <= o < 0x1F00  # Basic Latin to Latin Extended-B, Latin Extended Additional


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language among NEWS_LANGUAGES; None when it cannot be told
    (too few letters of Latin script, or no language stands out)."""
    s = sample(text)
    n_letters = sum(map(str.isalpha, s))
    if n_letters < MIN_LETTERS and 2 * sum(1 for c in s if c.isalpha() and _is_latin(c)) >= n_letters:
        return None
    language = detector().detect_language_of(s)
    return language.iso_code_639_1.name.lower() if language is not None else None


def declared_language(value: object) -> str | None:
    """A declared language as ISO 639-1: "fr", "FR", "fr-FR", "fr_CA", "fra", "fre"; None for
    anything else (a number, "und", a misspelling)."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    if not primary.isalpha():
        return None
    import pycountry

    if len(primary) == 2:
        entry = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        entry = pycountry.languages.get(alpha_3=primary) or pycountry.languages.get(bibliographic=primary)
    else:
        return None
    return getattr(entry, "alpha_2", None) if entry is not None else None


def document_language(document: Document) -> str:
    """The language a document is taken to be in: detected, else declared, else French."""
    return detect(document.text) or declared_language(document.lang) or FRENCH


def check_french(document: Document) -> None:
    """Raise ``UnsupportedLanguage`` unless the document is (taken to be) French."""
    language = document_language(document)
    if language != FRENCH:
        raise UnsupportedLanguage(f"unsupported language: {language}")
