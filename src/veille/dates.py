"""News-aware dates: French temporal expressions resolved against the publication date.

Rules (as HeidelTime's news rules, and the gold guide):
- a weekday means the latest such day on or before the publication date, the same
  day included ("jeudi" written on a Thursday is that Thursday);
- "dans la nuit de mardi à mercredi" is the night's first day;
- "hier", "avant-hier", "aujourd'hui", "ce matin", "la nuit dernière" count from
  the publication day;
- "le 3 septembre", "samedi 7 juin", "1er mai" keep their day, the year taken from
  the publication date (the previous year when the month lies after it);
- relative expressions need a publication *day*: with a month-only crawl marker
  they give month precision at best, and no day; but a text that gives a full date
  of its publication month was written on or after it, so its weekdays are the
  first such days on or after it (`reference_day`).
dateparser is not used: it resolves "jeudi" written on a Thursday to the week
before and cannot read "mercredi soir".
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .records import DateValue
from .textnorm import phrase_pattern


@cache
def _words() -> dict:
    raw = resources.files("veille.data").joinpath("dates.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


_DATA = _words()
WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(_DATA["weekdays"])}
MONTHS: dict[str, int] = dict(_DATA["months"])
_RELATIVE_DAYS: dict[str, int] = {" ".join(k.replace("’", "'").split()): v for k, v in _DATA["relative"].items()}

# Day words a parser may take for a noun with a complement ("jeudi de nouvelles sanctions").
DAY_WORDS: frozenset[str] = frozenset([*WEEKDAYS, *_DATA["times_of_day"]])

_WD = "|".join(WEEKDAYS)
_MO = "|".join(MONTHS)
_EXPLICIT = re.compile(rf"\b(?:(?:{_WD})\s+)?(1er|\d{{1,2}})\s+({_MO})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_NIGHT = re.compile(rf"\bnuit\s+(?:de\s+|du\s+)?({_WD})\s+(?:à|au)\s+({_WD})\b", re.IGNORECASE)
# A capitalised word inside a sentence, then "du", "de la": a date after them is part of a name
# ("le Mouvement du 23 mars", "le stade du 26 Mars"), not a day the text tells.
_IN_A_NAME = re.compile(r"(?:(?<=[\w,;:'’]\s)|(?<=[\"«“(])|(?<=[«“]\s))[A-ZÀ-Ý][\w-]+\s+(?:du|de\s+la|de\s+l['’])\s*$")
# a weekday before a day of a month is that date's; before a count ("samedi 30 otages") it stands alone
_WEEKDAY = re.compile(rf"\b({_WD})\b(?!\s+(?:1er|\d{{1,2}})\s+(?:{_MO})\b)", re.IGNORECASE)
# longest first, so that "la nuit dernière" is not read as "cette nuit"'s neighbour
_RELATIVE = re.compile(r"\b(" + "|".join(phrase_pattern(k) for k in sorted(_RELATIVE_DAYS, key=len, reverse=True)) + r")\b",
                       re.IGNORECASE)
_YEAR = re.compile(r"\b(?:" + "|".join(phrase_pattern(w).replace("\\{month\\}", f"(?:{_MO})")
                                       for w in _DATA["background"]["before_year"]) + r")\s+(19\d\d|20\d\d)\b",
                   re.IGNORECASE)
_LONG_AGO = re.compile(r"\b(?:" + "|".join(p.replace("{month}", _MO) for p in _DATA["background"]["long_ago"]) + r")\b",
                       re.IGNORECASE)
_MONTH_ONLY = re.compile(r"\b(?:" + "|".join(phrase_pattern(w) for w in _DATA["background"]["before_month"]) +
                         rf")\s*({_MO})\b(?!\s+\d)", re.IGNORECASE)


# A month alone named one or two months after the publication's ("fin novembre" in October) is the
# coming one (a deadline, a plan), not the same month of the year before.
FUTURE_MONTHS_BACK = 10
_DEADLINE_BEFORE = re.compile(r"\b(?:d['’]ici|avant|à\s+partir|jusqu['’]|dès)(?:\s+(?:la|le|de|à))*\s*$", re.IGNORECASE)
_NEXT_AFTER = re.compile(r"\s+prochain\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: dt.date | None  # None when the publication day is needed and unknown
    text: str


def publication_date(doc_date: str | None) -> tuple[dt.date | None, str | None]:
    """(a date, its precision) from YYYY, YYYY-MM or YYYY-MM-DD."""
    if not doc_date:
        return None, None
    try:
        if len(doc_date) >= 10:
            return dt.date.fromisoformat(doc_date[:10]), "day"
        if len(doc_date) == 7:
            return dt.date(int(doc_date[:4]), int(doc_date[5:7]), 1), "month"
        return dt.date(int(doc_date[:4]), 1, 1), "year"
    except ValueError:
        return None, None


def _latest_weekday(pub: dt.date, weekday: int) -> dt.date:
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)


def reference_day(text: str, doc_date: str | None) -> dt.date | None:
    """The day a text whose publication date has only its month tells its weekdays from: the latest
    full date it gives in that month ("samedi 7 décembre"). The text was written on or after it, so
    its weekdays are the first such days on or after it (`find_dates`). None when the publication
    day is known, or the text gives no full date of its month."""
    pub, precision = publication_date(doc_date)
    if pub is None or precision != "month":
        return None
    days = []
    for m in _EXPLICIT.finditer(text):
        if m.group(3) and int(m.group(3)) != pub.year:
            continue
        day = 1 if m.group(1).lower() == "1er" else int(m.group(1))
        if MONTHS[m.group(2).lower()] == pub.month:
            try:
                days.append(dt.date(pub.year, pub.month, day))
            except ValueError:
                continue
    return max(days, default=None)


@dataclass(frozen=True)
class _Span:
    """A matched stretch made of two matches (a night and the date that closes it)."""

    s: int
    e: int
    matched: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self) -> str:
        return self.matched


def _explicit_value(m: re.Match, pub: dt.date | None, day_known: bool) -> dt.date | None:
    """The day of "le 3 septembre", "samedi 7 juin 2025"; the year from the publication date, the
    one before when the month lies after it."""
    day = 1 if m.group(1).lower() == "1er" else int(m.group(1))
    month = MONTHS[m.group(2).lower()]
    year = int(m.group(3)) if m.group(3) else (pub.year if pub else None)
    if year and pub and not m.group(3) and (month, day) > (pub.month, pub.day if day_known else 31):
        year -= 1  # "le 28 décembre" written in January
    try:
        return dt.date(year, month, day) if year else None
    except ValueError:
        return None


def find_dates(text: str, doc_date: str | None, reference: dt.date | None = None) -> list[DateMention]:
    """Date expressions of ``text`` (a sentence), resolved when the publication date allows, or,
    for weekdays, from the ``reference`` day of a document published in a known month."""
    pub, precision = publication_date(doc_date)
    pub_day = pub if precision == "day" else None  # the publication day, when known
    day_known = pub_day is not None

    def weekday(name: str) -> dt.date | None:
        if pub_day is not None:
            return _latest_weekday(pub_day, WEEKDAYS[name.lower()])
        if reference is not None:
            return reference + dt.timedelta(days=(WEEKDAYS[name.lower()] - reference.weekday()) % 7)
        return None
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: "re.Match | _Span", value: dt.date | None) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(DateMention(m.start(), m.end(), value, m.group()))

    for m in _NIGHT.finditer(text):
        # "dans la nuit de vendredi à samedi 7 juin": the date written is the one kept
        explicit = _EXPLICIT.match(text, m.start(2))
        if explicit is not None:
            value = _explicit_value(explicit, pub, day_known)
            if value is not None:
                add(_Span(m.start(), explicit.end(), text[m.start():explicit.end()]), value)
    for m in _EXPLICIT.finditer(text):
        if _IN_A_NAME.search(text, max(0, m.start() - 40), m.start()):
            continue  # "le Mouvement du 23 mars", "la place du 1er-Mai": a name, not a day
        value = _explicit_value(m, pub, day_known)
        if value is not None or pub is None:
            add(m, value)
    for m in _NIGHT.finditer(text):
        add(m, _latest_weekday(pub_day, WEEKDAYS[m.group(1).lower()]) if pub_day is not None else None)
        # the night ends on the second day: when the first day resolves to the day before it, good;
        # when the publication day is the second day, the first is the day before.
        if pub_day is not None and found and found[-1].text == m.group():
            second = _latest_weekday(pub_day, WEEKDAYS[m.group(2).lower()])
            first = second - dt.timedelta(days=1)
            found[-1] = DateMention(m.start(), m.end(), first, m.group())
    for m in _RELATIVE.finditer(text):
        key = " ".join(m.group(1).lower().replace("’", "'").split())
        add(m, pub_day + dt.timedelta(days=_RELATIVE_DAYS[key]) if pub_day is not None else None)
    for m in _WEEKDAY.finditer(text):
        add(m, weekday(m.group(1)))
    found.sort(key=lambda d: d.start)
    return found


@dataclass(frozen=True)
class Background:
    """Temporal expressions of a sentence, old and recent, to date each trigger by its nearest one."""

    old: tuple[tuple[int, int], ...]
    recent: tuple[tuple[int, int], ...]

    def covers(self, offset: int) -> bool:
        """True when the expression nearest ``offset`` dates it over a month before publication."""
        def dist(span: tuple[int, int]) -> int:
            s, e = span
            return 0 if s <= offset < e else min(abs(offset - s), abs(offset - e))
        if not self.old:
            return False
        nearest_old = min(dist(x) for x in self.old)
        nearest_recent = min((dist(x) for x in self.recent), default=None)
        return nearest_recent is None or nearest_old < nearest_recent


def background_spans(text: str, doc_date: str | None) -> Background:
    pub, _ = publication_date(doc_date)
    old: list[tuple[int, int]] = [m.span() for m in _LONG_AGO.finditer(text)]
    recent: list[tuple[int, int]] = []
    if pub is not None:
        for m in _MONTH_ONLY.finditer(text):
            month = MONTHS[m.group(1).lower()]
            months_back = (pub.month - month) % 12  # "en mai" written in October: five months ago
            if months_back >= FUTURE_MONTHS_BACK and (_DEADLINE_BEFORE.search(text[max(0, m.start() - 20):m.start()])
                                                      or _NEXT_AFTER.match(text, m.end())):
                continue  # "d'ici la fin novembre" written in October: the coming month, no history
            (old if months_back >= 2 else recent).append(m.span())
    if pub is not None:
        old.extend(m.span(1) for m in _YEAR.finditer(text) if int(m.group(1)) < pub.year)
    for d in find_dates(text, doc_date):
        if pub is not None and d.value and (pub - d.value).days > 31:
            old.append((d.start, d.end))
        else:
            recent.append((d.start, d.end))
    return Background(tuple(old), tuple(recent))


def is_background(text: str, doc_date: str | None) -> bool:
    """True when the sentence dates itself more than a month before publication (history)."""
    if _LONG_AGO.search(text):
        return True
    pub, _ = publication_date(doc_date)
    if pub is None:
        return False
    for m in _YEAR.finditer(text):
        if int(m.group(1)) < pub.year:
            return True
    for d in find_dates(text, doc_date):
        if d.value and (pub - d.value).days > 31:
            return True
    return False


def event_date(sentence: str, trigger_offset: int, doc_date: str | None,
               reference: dt.date | None = None, *, own: tuple[int, int] | None = None,
               clause: tuple[int, int] | None = None, foreign: Sequence[tuple[int, int]] = ()) -> DateValue:
    """The date of an event whose trigger lies at ``trigger_offset`` of ``sentence``.

    The nearest date expression of the sentence wins; with none, the publication
    date stands, at its own precision (news reports the day's events). ``reference``:
    see `reference_day`. With the parse's help: ``own`` is the span of the trigger's own
    phrase, whose dates come first; ``clause``, the span of the clause that tells it ("l'attaque a
    eu lieu lundi soir", a déclaré mardi X), whose dates come next; ``foreign``, the spans of
    clauses that tell something else ("l'explosion survenue mardi"), whose dates are not the event's.
    """
    pub, precision = publication_date(doc_date)
    written = doc_date or ""  # the date as written: not empty whenever ``pub`` is known
    mentions = [d for d in find_dates(sentence, doc_date, reference)
                if not any(s <= d.start < e for s, e in foreign)]
    for span in (own, clause):
        if span is not None and any(span[0] <= d.start < span[1] for d in mentions):
            mentions = [d for d in mentions if span[0] <= d.start < span[1]]
            break
    if mentions:
        best = min(mentions, key=lambda d: abs(d.start - trigger_offset))
        if best.value is not None:
            return DateValue(best.value.isoformat(), "day", best.text)
        if pub is not None:
            return DateValue(written[:7] if precision != "year" else written[:4],
                             "month" if precision != "year" else "year", best.text)
        return DateValue(None, None, best.text)
    if pub is None:
        return DateValue(None, None)
    if precision == "day":
        return DateValue(pub.isoformat(), "day", None)
    if precision == "month":
        return DateValue(written[:7], "month", None)
    return DateValue(written[:4], "year", None)


def tells_a_recent_day(text: str, doc_date: str | None, days: int = 31) -> bool:
    """Does a text tell a day of the month before publication ("mardi", "le 3 mars", "hier")?"""
    pub, _ = publication_date(doc_date)
    return pub is not None and any(d.value is not None and 0 <= (pub - d.value).days <= days
                                   for d in find_dates(text, doc_date))


# How far before publication the first day a story tells may be and still be the day of its lead.
STORY_DAY_MAX_DAYS = 6


def story_day(text: str, doc_date: str | None, reference: dt.date | None = None) -> tuple[DateValue, int] | None:
    """The first day a text tells that lies in the week before its publication day (or is it), and
    where it is told: the day of the events its lead tells before it without a date ("plusieurs
    personnes ont été interpellées ... Mais ce vendredi, ..."). None when the publication day is
    unknown or no such day is told."""
    pub, precision = publication_date(doc_date)
    if pub is None or precision != "day":
        return None
    for m in find_dates(text, doc_date, reference):
        if m.value is not None and 0 <= (pub - m.value).days <= STORY_DAY_MAX_DAYS:
            return DateValue(m.value.isoformat(), "day", None), m.start
    return None
