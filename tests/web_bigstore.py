"""A store of many generated events, for the web page's load test (tests/test_web.py).

``make_big_store(url, n_events)`` writes through ``Store.write_batch``, the store's own write path:
documents made of generated French sentences, each sentence the evidence of one report. A
happening is told by one to three documents (so markers differ in size) with the same type,
actor, point, day, source and denial; a few happenings have no place. Happenings never share a point, and the
store merges with thresholds of 0 km and 0 days, so exactly ``n_events`` canonical events result.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from veille.records import Actor, DateValue, Document, Event, Place
from veille.store import MergeSettings, open_store

# Towns the generated events are scattered around (French name for the text, English for the place).
ANCHORS = (
    ("Alep", "Aleppo", "SY", "Aleppo", 36.20, 37.16),
    ("Idleb", "Idlib", "SY", "Idlib", 35.93, 36.63),
    ("Homs", "Homs", "SY", "Homs", 34.73, 36.72),
    ("Mossoul", "Mosul", "IQ", "Nineveh", 36.34, 43.13),
    ("Bagdad", "Baghdad", "IQ", "Baghdad", 33.34, 44.40),
    ("Bamako", "Bamako", "ML", "Bamako", 12.65, -8.00),
    ("Gao", "Gao", "ML", "Gao", 16.27, -0.04),
    ("Maiduguri", "Maiduguri", "NG", "Borno", 11.85, 13.16),
    ("Kharkiv", "Kharkiv", "UA", "Kharkivska", 49.99, 36.23),
    ("Sanaa", "Sanaa", "YE", "Amanat Al Asimah", 15.35, 44.21),
    ("Kaboul", "Kabul", "AF", "Kabul", 34.53, 69.17),
    ("Tripoli", "Tripoli", "LY", "Tripoli", 32.89, 13.19),
    ("Goma", "Goma", "CD", "North Kivu", -1.68, 29.23),
    ("Mogadiscio", "Mogadishu", "SO", "Banaadir", 2.04, 45.34),
)
ACTORS = (
    Actor("Russia", "state", "RUS"), Actor("Syrian Arab Army", "military", "SYR"),
    Actor("Islamic State", "armed_group"), Actor("Boko Haram", "armed_group"),
    Actor("France", "state", "FRA"), Actor("United Nations", "igo"), Actor("Houthis", "armed_group"),
    Actor("Taliban", "armed_group"), Actor("Ukraine", "state", "UKR"), Actor("United States", "state", "USA"),
)
# One sentence per type; {actor} {place} {day} filled in. Weights: assaults dominate, as in the news.
SENTENCES = {
    "ASSAULT": (30, "Selon des sources locales, {actor} a mené le {day} des frappes près de {place}, faisant plusieurs morts."),
    "PROTEST": (6, "Des centaines de manifestants ont défilé le {day} à {place} contre {actor}."),
    "MEET": (5, "Des représentants de {actor} se sont rendus le {day} à {place} pour des entretiens."),
    "ACCUSE": (6, "Le {day}, {actor} a accusé ses adversaires d'avoir visé des civils à {place}."),
    "REJECT": (4, "{actor} a rejeté le {day} les accusations portant sur les combats de {place}."),
    "THREATEN": (3, "{actor} a menacé le {day} de lancer une offensive sur {place}."),
    "DEMAND": (4, "{actor} a appelé le {day} à un cessez-le-feu immédiat autour de {place}."),
    "AGREE": (3, "Un accord de trêve a été signé le {day} à {place} sous l'égide de {actor}."),
    "AID": (4, "Un convoi d'aide de {actor} est arrivé le {day} à {place}."),
    "SANCTION": (2, "{actor} a annoncé le {day} des sanctions visant des responsables de {place}."),
    "MOBILIZE": (5, "{actor} a déployé le {day} des renforts aux abords de {place}."),
    "COERCE": (6, "Plusieurs personnes ont été arrêtées le {day} à {place} par {actor}."),
    "RETREAT": (3, "{actor} s'est retiré le {day} de ses positions près de {place}."),
    "SUPPORT": (2, "{actor} a salué le {day} les efforts de médiation menés à {place}."),
    "CONSULT": (2, "{actor} s'est entretenu le {day} par téléphone avec des responsables de {place}."),
}
SOURCES = ("Syrian Observatory for Human Rights", "AFP", "local officials", None)
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
FIRST_DAY = date(2015, 1, 1)
N_DAYS = 730  # two years of news
REPORTS_PER_DOCUMENT = 8
UNPLACED_SHARE = 0.04
DENIED_SHARE = 0.15


@dataclass
class Happening:
    type: str
    actor: Actor
    anchor: tuple
    lat: float | None
    lon: float | None
    day: date
    n_reports: int
    source: str | None
    denier: Actor | None


def _happenings(n: int, rng: random.Random) -> list[Happening]:
    types = list(SENTENCES)
    weights = [SENTENCES[t][0] for t in types]
    out = []
    for _ in range(n):
        anchor = rng.choice(ANCHORS)
        placed = rng.random() >= UNPLACED_SHARE
        out.append(Happening(
            type=rng.choices(types, weights)[0], actor=rng.choice(ACTORS), anchor=anchor,
            lat=round(anchor[4] + rng.uniform(-0.7, 0.7), 6) if placed else None,
            lon=round(anchor[5] + rng.uniform(-0.7, 0.7), 6) if placed else None,
            day=FIRST_DAY + timedelta(days=rng.randrange(N_DAYS)),
            # an event with no place is never merged: it is told once
            n_reports=rng.choices((1, 2, 3), (70, 20, 10))[0] if placed else 1,
            source=rng.choice(SOURCES),
            denier=rng.choice(ACTORS) if rng.random() < DENIED_SHARE else None))
    return out


def _documents(happenings: list[Happening], rng: random.Random) -> list[tuple[Document, list[Event]]]:
    """Round r carries the r-th report of every happening told at least r times: one document
    never tells one happening twice."""
    pairs = []
    for round_ in range(3):
        told = [h for h in happenings if h.n_reports > round_]
        rng.shuffle(told)
        for start in range(0, len(told), REPORTS_PER_DOCUMENT):
            chunk = told[start:start + REPORTS_PER_DOCUMENT]
            doc_id = f"generated/r{round_}-{start // REPORTS_PER_DOCUMENT:05d}"
            newest = max(h.day for h in chunk)
            text = f"Dépêche générée pour le test de charge de la page web ({doc_id}).\n"
            events = []
            for h in chunk:
                french, english, country, admin1, _lat, _lon = h.anchor
                day = f"{h.day.day} {MONTHS_FR[h.day.month - 1]} {h.day.year}"
                sentence = SENTENCES[h.type][1].format(actor=h.actor.name, place=french, day=day)
                sentence = sentence[0].upper() + sentence[1:]
                if h.denier is not None:
                    sentence += f" {h.denier.name} a démenti."
                start_offset = len(text)
                text += sentence + "\n"
                place = (Place(english, country, admin1, h.lat, h.lon, "point") if h.lat is not None else None)
                events.append(Event(doc_id=doc_id, type=h.type, evidence_start=start_offset,
                                    evidence_end=start_offset + len(sentence), evidence_text=sentence,
                                    mode="aerial" if h.type == "ASSAULT" else None, actor=h.actor, location=place,
                                    date=DateValue(h.day.isoformat(), "day"), claimed_by=h.source,
                                    denied_by=h.denier.name if h.denier else None,
                                    confidence=0.7, trigger="generated"))
            pairs.append((Document(id=doc_id, text=text, doc_date=newest.isoformat(), source="tests/web_bigstore.py"),
                          events))
    return pairs


def make_big_store(url: str, n_events: int, *, seed: int = 4) -> dict:
    """Fill the store at ``url`` with ``n_events`` canonical events; return what was written."""
    rng = random.Random(seed)
    happenings = _happenings(n_events, rng)
    pairs = _documents(happenings, rng)
    # 0 km, 0 days: reports of one happening (same point, same day) merge; two happenings never do
    store = open_store(url, merge=MergeSettings(max_km=0.0, max_days=0))
    try:
        for start in range(0, len(pairs), 200):
            store.write_batch(pairs[start:start + 200])
        counts = store.counts()
    finally:
        store.close()
    return {"counts": counts, "placed": sum(h.lat is not None for h in happenings),
            "placed_by_type": {t: sum(h.lat is not None and h.type == t for h in happenings) for t in SENTENCES}}
