"""The store on a real SQLite file (and PostgreSQL where marked): merging, idempotence, failures, queries.

The merge tests build Documents and Events by hand, so that they test the store's rule and not
the extractor's reading of a sentence.
"""
from __future__ import annotations

import json

import pytest

from veille.errors import QueryError, StoreError
from veille.readers import ReadFailure
from veille.records import Actor, DateValue, Document, Event, Failure, Place
from veille.search import count_by_day, select_events
from veille.store import EventQuery, MergeSettings, Store, open_store
from veille.store.merge import compatible

RUSSIA = Actor("Russia", "military", "RUS")
SYRIA = Actor("Syria", "military", "SYR")
HTS = Actor("Hayat Tahrir al-Sham", "armed_group", "SYR")
# From Maarat al-Numan: Kafr Nabl 11 km, Khan Shaykhun 23 km, Saraqib 26.8 km, Idlib city 31.6 km.
MAARAT = Place("Maarat an-Nu'man", "SY", "Idlib", 35.64833, 36.67500, "point", 169389)
KAFRANBEL = Place("Kafr Nabl", "SY", "Idlib", 35.61389, 36.56111, "point", 169113)  # 11 km from Maarat
KHAN = Place("Khan Shaykhun", "SY", "Idlib", 35.44208, 36.65095, "point", 169889)
SARAQIB = Place("Saraqib", "SY", "Idlib", 35.86447, 36.80591, "point", 164816)
IDLIB_DIV = Place("Idlib", "SY", "Idlib", 35.93062, 36.63393, "admin1", 169388)
ALEPPO = Place("Aleppo", "SY", "Aleppo", 36.20124, 37.16117, "point", 170063)


def _doc(doc_id: str, text: str, day: str = "2024-05-12") -> Document:
    return Document(id=doc_id, text=text, doc_date=day, source="test")


def _event(doc: Document, phrase: str, *, etype="ASSAULT", actor=RUSSIA, target=None, place=MAARAT,
           day="2024-05-12", claimed_by=None, denied_by=None, killed=None) -> Event:
    start = doc.text.index(phrase)
    return Event(doc.id, etype, start, start + len(phrase), phrase, mode="aerial", actor=actor, target=target,
                 location=place, date=DateValue(day, "day"), claimed_by=claimed_by, denied_by=denied_by,
                 killed=killed, trigger="frappe")


def _report(doc_id: str, phrase: str, **kw):
    doc = _doc(doc_id, f"{phrase}. Fin de la dépêche {doc_id}.", kw.pop("doc_day", "2024-05-12"))
    return doc, [_event(doc, phrase, **kw)]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'veille.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database("store")
    s = open_store(url)
    yield s
    s.close()


def _one(store: Store, **filters) -> list[dict]:
    return select_events(store, EventQuery(limit=None, **filters)).events


def test_two_reports_of_one_strike_are_one_canonical_event_with_both_spans(store):
    a = _report("afp-1", "Des frappes russes ont tué six civils à Maarat al-Nouman", claimed_by="OSDH", killed=6)
    b = _report("reuters-2", "Un raid de l'aviation russe sur Maaret al-Noman a fait huit morts", killed=8)
    stats = store.write_batch([a, b])
    assert (stats.stored, stats.new_events, stats.merged) == (2, 1, 1)
    [event] = _one(store)
    assert event["n_reports"] == 2 and event["n_documents"] == 2
    spans = {r["doc_id"]: r["evidence"]["text"] for r in event["reports"]}
    assert spans == {"afp-1": "Des frappes russes ont tué six civils à Maarat al-Nouman",
                     "reuters-2": "Un raid de l'aviation russe sur Maaret al-Noman a fait huit morts"}
    # each report's span is exact in its own stored document
    for r in event["reports"]:
        text = store.document(r["doc_id"])["text"]
        assert text[r["evidence"]["start"]:r["evidence"]["end"]] == r["evidence"]["text"]
    assert event["fatalities"]["killed"] == 6  # the lowest toll when sources disagree
    assert event["claimed_by"] == "OSDH"


def test_contested_event_keeps_the_claim_and_the_denial(store):
    a = _report("d1", "Les frappes russes sur Maarat al-Nouman ont tué des civils", claimed_by="OSDH")
    b = _report("d2", "Moscou dément avoir frappé Maarat al-Nouman", denied_by="Russia")
    store.write_batch([a, b])
    [event] = _one(store)
    assert (event["claimed_by"], event["denied_by"]) == ("OSDH", "Russia")
    assert {(r["doc_id"], r["claimed_by"], r["denied_by"]) for r in event["reports"]} == {
        ("d1", "OSDH", None), ("d2", None, "Russia")}


@pytest.mark.parametrize("other, merged", [
    (dict(place=KAFRANBEL), True),  # 11 km away
    (dict(place=KHAN), True),  # 23 km
    (dict(place=SARAQIB), False),  # 26.8 km: beyond 25
    (dict(place=ALEPPO), False),
    (dict(day="2024-05-13"), True),  # a day apart
    (dict(day="2024-05-14"), False),
    (dict(actor=None), True),  # an unnamed attacker fits
    (dict(actor=SYRIA), False),  # another attacker does not
    (dict(etype="PROTEST"), False),
    (dict(target=HTS), True),
])
def test_merge_rule(store, other, merged):
    store.write_batch([_report("first", "Des avions russes ont frappé Maarat al-Nouman")])
    store.write_batch([_report("second", "Nouvelle frappe signalée dans la région", **other)])
    assert len(_one(store)) == (1 if merged else 2)


def test_division_level_report_merges_with_a_point_of_that_division_and_sharpens_nothing_wrong(store):
    store.write_batch([_report("div", "Des raids russes dans la province d'Idleb", place=IDLIB_DIV)])
    store.write_batch([_report("pt", "Des raids russes sur Maarat al-Nouman")])
    [event] = _one(store)
    assert event["n_reports"] == 2
    assert event["location"]["precision"] == "point" and event["location"]["geonameid"] == MAARAT.geonameid


def test_thresholds_are_settings(tmp_path):
    wide = open_store(f"sqlite:///{tmp_path / 'wide.db'}", merge=MergeSettings(max_km=50, max_days=3))
    wide.write_batch([_report("a", "Frappe russe sur Maarat al-Nouman")])
    wide.write_batch([_report("b", "Frappe russe sur Saraqeb", place=SARAQIB, day="2024-05-15")])
    assert len(_one(wide)) == 1
    with pytest.raises(ValueError):
        MergeSettings(max_km=-1)


def test_reports_of_one_document_are_never_merged_together(store):
    doc = _doc("one", "Des frappes russes ont visé Maarat al-Nouman. Puis une autre frappe a visé Kafranbel.")
    evs = [_event(doc, "Des frappes russes ont visé Maarat al-Nouman"),
           _event(doc, "une autre frappe a visé Kafranbel", place=KAFRANBEL)]
    store.write_batch([(doc, evs)])
    assert len(_one(store)) == 2


def test_compatible_needs_a_place():
    row = {"type": "ASSAULT", "actor_name": "Russia", "target_name": None, "date": "2024-05-12", "lat": None,
           "lon": None, "geonameid": None, "geo_precision": None}
    assert compatible(row, dict(row), MergeSettings()) is None


def test_ingesting_again_adds_nothing(store):
    batch = [_report("a", "Frappe russe sur Maarat al-Nouman"), _report("b", "Raid russe sur Maarat al-Nouman")]
    store.write_batch(batch)
    before = store.counts()
    again = store.write_batch(batch)
    assert (again.stored, again.skipped) == (0, 2)
    assert store.counts() == before == {"documents": 2, "reports": 2, "events": 1, "failures": 0}


def test_failures_are_kept_with_their_reason_and_cleared_on_success(store):
    doc, evs = _report("late", "Frappe russe sur Maarat al-Nouman")
    broken = ReadFailure("broken.jsonl:3", "line 3: not JSON [V104]", "V104")
    boom = Failure("late", "processing failed: ValueError: boom", "V200")
    store.write_batch([(broken, broken), (doc, boom)])
    reasons = {f["doc_id"]: f["reason"] for f in store.failures()}
    assert reasons == {"broken.jsonl:3": "line 3: not JSON [V104]", "late": "processing failed: ValueError: boom"}
    assert {f["doc_id"]: f["code"] for f in store.failures()} == {"broken.jsonl:3": "V104", "late": "V200"}
    store.write_batch([(doc, boom)])  # again: still one row
    assert store.counts()["failures"] == 2
    store.write_batch([(doc, evs)])  # fixed: stored, no longer a failure
    assert [f["doc_id"] for f in store.failures()] == ["broken.jsonl:3"]


def test_same_id_with_other_content_is_a_failure_not_an_overwrite(store):
    store.write_batch([_report("same-id", "Frappe russe sur Maarat al-Nouman")])
    store.write_batch([_report("same-id", "Raid russe sur Kafranbel", place=KAFRANBEL)])
    assert store.counts()["documents"] == 1
    [failure] = store.failures()
    assert "V501" in failure["reason"]
    assert failure["code"] == "V501"


def test_filters(store):
    store.write_batch([
        _report("a", "Des avions russes ont frappé Maarat al-Nouman, selon le Front al-Nosra", target=HTS),
        _report("b", "Manifestation à Alep", etype="PROTEST", actor=None, place=ALEPPO, day="2024-05-20"),
        _report("c", "L'armée syrienne a pilonné Khan Cheikhoun", actor=SYRIA, place=KHAN, day="2024-04-01"),
    ])
    ids = lambda **f: sorted(e["doc_id"] for e in _one(store, **f))  # noqa: E731
    assert ids(types=["assault"]) == ["a", "c"]
    assert ids(types=["PROTEST", "ASSAULT"]) == ["a", "b", "c"]
    assert ids(country="SYR") == ids(country="Syria") == ids(country="SY") == ["a", "b", "c"]
    assert ids(admin1="idlib") == ["a", "c"]
    assert ids(actor="russ") == ["a"]
    assert ids(actor="Hayat") == ["a"]  # targets too
    assert ids(since="2024-05-01") == ["a", "b"]
    assert ids(until="2024-05-12") == ["a", "c"]
    assert ids(text="nosra") == ["a"]
    assert ids(near="Aleppo", radius_km=10) == ["b"]
    assert ids(near="35.64833,36.675", radius_km=30) == ["a", "c"]
    assert ids(near="35.64833,36.675", radius_km=20) == ["a"]
    assert ids(text="100%") == [] and ids(actor="_") == []  # wildcards are literal
    page = select_events(store, EventQuery(limit=2, offset=0))
    assert page.total == 3 and [e["date"]["value"] for e in page.events] == ["2024-05-20", "2024-05-12"]
    assert [e["doc_id"] for e in select_events(store, EventQuery(limit=2, offset=2)).events] == ["c"]


def test_events_per_day_and_type(store):
    store.write_batch([
        _report("a", "Des avions russes ont frappé Maarat al-Nouman"),
        _report("b", "Manifestation à Alep", etype="PROTEST", actor=None, place=ALEPPO),
        _report("c", "L'armée syrienne a pilonné Alep", actor=SYRIA, place=ALEPPO, day="2024-04-01"),
    ])
    assert count_by_day(store, EventQuery()) == [
        {"date": "2024-04-01", "type": "ASSAULT", "count": 1}, {"date": "2024-05-12", "type": "ASSAULT", "count": 1},
        {"date": "2024-05-12", "type": "PROTEST", "count": 1}]
    assert count_by_day(store, EventQuery(near="Aleppo", radius_km=10)) == [
        {"date": "2024-04-01", "type": "ASSAULT", "count": 1}, {"date": "2024-05-12", "type": "PROTEST", "count": 1}]


@pytest.mark.parametrize("bad", [dict(since="yesterday"), dict(since="20240512"), dict(country="Atlantis"), dict(near="Xqzvbnm"),
                                 dict(radius_km=0), dict(limit=0)])
def test_bad_filters_say_which(store, bad):
    with pytest.raises(QueryError):
        select_events(store, EventQuery(**bad))


def test_open_refuses_what_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("nonsense")
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="no such folder"):
        open_store(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")


def test_exports_of_canonical_events(store, tmp_path):
    import csv
    import io

    import pyarrow.parquet as pq

    from veille.events.acled import write_acled
    from veille.output import write_parquet

    store.write_batch([_report("a", "Des avions russes ont frappé Maarat al-Nouman", killed=4),
                       _report("b", "Raid aérien russe sur Maarat al-Nouman", killed=5)])
    events = _one(store)
    buf = io.StringIO()
    write_acled(events, buf)
    [row] = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (row["country"], row["iso"], row["region"], row["admin1"], row["geo_precision"], row["time_precision"]) == (
        "Syria", "760", "Middle East", "Idlib", "1", "1")
    assert row["event_id_cnty"].startswith("SYR") and row["timestamp"].isdigit()
    assert (row["fatalities"], row["n_reports"], row["actor1"]) == ("4", "2", "Russia")
    assert "Raid aérien russe" in row["notes"] and "Des avions russes" in row["notes"]
    write_parquet(events, tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert table[0]["n_reports"] == 2 and len(json.loads(table[0]["reports"])) == 2


def test_a_store_made_before_failure_codes_opens_as_it_is(store):
    """failures.code came after schema 1: an older store gets the column when opened, its old
    rows the code V000, and nothing else changes (no new schema version, no migration step)."""
    with store.engine.begin() as conn:  # the failures table as schema 1 first had it
        conn.exec_driver_sql("ALTER TABLE failures DROP COLUMN code")
        conn.exec_driver_sql("INSERT INTO failures (doc_id, content_hash, source, reason, failed_at) "
                             "VALUES ('old.txt', '', NULL, 'empty document', '2024-01-01T00:00:00+00:00')")
    store.close()
    reopened = Store(store.url)
    reopened.write_batch([(ReadFailure("new.txt", "empty document", "V101"),) * 2])
    assert [(f["doc_id"], f["code"]) for f in reopened.failures()] == [("old.txt", "V000"), ("new.txt", "V101")]
    reopened.close()
    Store(store.url).close()  # opened again: the column is not added twice
