"""The HTTP API through a real uvicorn on 127.0.0.1, over real SQLite and PostgreSQL stores.

Every filter's answer is checked against the store's rows read here with plain SQL and filtered
in Python; hostile input goes through every filter and path; errors are JSON without traces.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import httpx
import pytest
from sqlalchemy import text as sql

from api_server import HAMA, PARIS, STRIKE_A, STRIKE_B, TOKEN, serve
from veille.api import create_app
from veille.geometry import great_circle_km
from veille.store import open_store

HAMA_POINT = (35.13179, 36.75783)  # GeoNames 170017, Ḩamāh
SARAQIB_POINT = (35.86447, 36.80591)


# ------------------------------------------------------------------------------ helpers
@dataclass
class Row:
    id: str
    type: str
    country: str | None
    admin1: str | None
    actor: str | None
    target: str | None
    date: str | None
    n_reports: int
    lat: float | None
    lon: float | None
    evidences: list[str]


def store_rows(store) -> list[Row]:
    """Every canonical event with the evidence of its reports, by plain SQL (not the store's query code)."""
    with store.engine.connect() as conn:
        evidences: dict[str, list[str]] = {}
        for event_id, evidence in conn.execute(sql("SELECT event_id, evidence FROM reports")):
            evidences.setdefault(event_id, []).append(evidence)
        rows = conn.execute(sql("SELECT id, type, country, admin1, actor_name, target_name, date, n_reports, lat, lon "
                                "FROM events")).all()
    return [Row(*r, evidences.get(r[0], [])) for r in rows]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(*a, *b)


def expected(rows: list[Row], *, types=(), country=None, admin1=None, actor=None, since=None, until=None,
             near=None, radius=50.0, text=None, min_reports=1) -> list[str]:
    """The ids the filters must select, newest first, undated last, then by id."""
    out = []
    for r in rows:
        if types and r.type not in types:
            continue
        if country and r.country != country:
            continue
        if admin1 and (r.admin1 or "").lower() != admin1.lower():
            continue
        if actor and not any(actor.lower() in (name or "").lower() for name in (r.actor, r.target)):
            continue
        if since and not (r.date and r.date >= since):
            continue
        if until and not (r.date and r.date <= until):
            continue
        if r.n_reports < min_reports:
            continue
        if text and not any(text.lower() in ev.lower() for ev in r.evidences):
            continue
        if near:
            if r.lat is None:
                continue
            distance = haversine_km(near, (r.lat, r.lon))
            # an event on the circle would make the answer depend on rounding: the test data has none
            assert abs(distance - radius) > 0.5, (r.id, distance)
            if distance > radius:
                continue
        out.append(r)
    out.sort(key=lambda r: r.id)
    out.sort(key=lambda r: r.date or "", reverse=True)  # stable: ids stay ascending within a day
    return [r.id for r in out]


def get(url: str, path: str, **params) -> httpx.Response:
    return httpx.get(url + path, params=params, timeout=60)


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"] and "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def raw_request(url: str, request: bytes, *, read_timeout: float = 30) -> tuple[int, bytes]:
    """Send bytes as they are (no client normalises the path or frames the body); read one
    response: status and body."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            assert chunk, f"connection closed before a response: {data!r}"
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        headers = dict(line.split(b":", 1) for line in head.split(b"\r\n")[1:])
        length = int({k.strip().lower(): v for k, v in headers.items()}.get(b"content-length", b"0"))
        while len(body) < length:
            chunk = s.recv(65536)
            assert chunk, "connection closed inside the response body"
            body += chunk
    return int(head.split(b" ", 2)[1]), body


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    host = urlsplit(url).netloc
    return raw_request(url, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())


# ------------------------------------------------------------------------------ reads
def test_health_gives_the_stores_counts(api_url, api_store):
    with api_store.engine.connect() as conn:
        counts = {t: conn.execute(sql(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("documents", "reports", "events", "failures")}
    r = get(api_url, "/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["version"]
    assert body["counts"] == counts and counts["documents"] >= 34


FILTERS = [
    {},
    {"types": ("ASSAULT",)},
    {"types": ("ASSAULT", "MEET")},
    {"country": "SY"},
    {"country": "FR"},
    {"admin1": "Idlib"},
    {"admin1": "Île-de-France"},
    {"actor": "russia"},
    {"actor": "Islamic"},
    {"since": "2015-10-01"},
    {"until": "2015-10-01"},
    {"since": "2015-09-30", "until": "2016-12-31"},
    {"text": "Daech"},
    {"text": "kaboul"},
    {"text": "État"},
    {"min_reports": 2},
    {"near": HAMA_POINT, "radius": 60.0},
    {"near": SARAQIB_POINT, "radius": 150.0},
    {"types": ("ASSAULT",), "country": "SY", "since": "2015-01-01", "actor": "Russia"},
]


def params_of(f: dict) -> dict:
    p = {k: v for k, v in f.items() if k not in ("types", "near")}
    if "types" in f:
        p["type"] = list(f["types"])
    if "near" in f:
        p["near"] = f"{f['near'][0]},{f['near'][1]}"
    return p


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_each_filter_selects_what_the_rows_say(api_url, api_store, f):
    want = expected(store_rows(api_store), **f)
    r = get(api_url, "/events", limit=10_000, **params_of(f))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(want) and body["limit"] == 10_000 and body["offset"] == 0
    assert [e["event_id"] for e in body["events"]] == want


def test_the_filters_are_not_empty_tests(api_store):
    # each filter above must select something and leave something out, or it checks nothing
    rows = store_rows(api_store)
    for f in FILTERS[1:]:
        n = len(expected(rows, **f))
        assert 0 < n < len(rows), (f, n)


def test_filter_spellings_give_the_same_answer(api_url):
    def ids(**params):
        r = get(api_url, "/events", limit=10_000, **params)
        assert r.status_code == 200, r.text
        return [e["event_id"] for e in r.json()["events"]]

    assert ids(country="SY") == ids(country="SYR") == ids(country="Syria") == ids(country=" sy ")
    assert ids(type="ASSAULT") == ids(type="assault") == ids(type=" Assault ")
    # case-insensitive beyond ASCII, on both databases
    assert ids(admin1="Île-de-France") == ids(admin1="île-de-france") == ids(admin1="ÎLE-DE-FRANCE") != []
    assert ids(text="État islamique") == ids(text="état ISLAMIQUE") == ids(text="ÉTAT") != []
    assert ids(actor="ISLAMIC state") == ids(actor="islamic State") != []


def test_near_a_place_name(api_url):
    by_name = get(api_url, "/events", near="Hama", radius=60, limit=10_000).json()
    by_point = get(api_url, "/events", near=f"{HAMA_POINT[0]},{HAMA_POINT[1]}", radius=60, limit=10_000).json()
    assert "170017" in by_name["near"]
    assert [e["event_id"] for e in by_name["events"]] == [e["event_id"] for e in by_point["events"]]
    assert by_name["total"] > 0


def test_pages_add_up_to_the_whole(api_url, api_store):
    want = expected(store_rows(api_store), types=("ASSAULT",))
    seen = []
    for offset in range(0, len(want) + 7, 7):
        body = get(api_url, "/events", type="ASSAULT", limit=7, offset=offset).json()
        assert body["total"] == len(want) and body["offset"] == offset and len(body["events"]) <= 7
        seen += [e["event_id"] for e in body["events"]]
    assert seen == want


def test_geojson_has_one_feature_per_placed_event(api_url, api_store):
    rows = {r.id: r for r in store_rows(api_store)}
    want = expected(list(rows.values()), country="SY")
    r = get(api_url, "/events", country="SY", format="geojson", limit=10_000)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["total"] == len(want)
    placed = [i for i in want if rows[i].lat is not None]
    assert [f["id"] for f in fc["features"]] == placed and placed
    for f in fc["features"]:
        row = rows[f["id"]]
        assert f["geometry"] == {"type": "Point", "coordinates": [row.lon, row.lat]}
        assert f["properties"]["n_reports"] == row.n_reports and f["properties"]["event_id"] == row.id
        assert f["properties"]["country"] == "SY"


def test_unplaced_events_are_left_out_of_geojson(api_url, api_store):
    rows = store_rows(api_store)
    unplaced = [r for r in rows if r.lat is None]
    assert unplaced
    fc = get(api_url, "/events", format="geojson", limit=10_000).json()
    assert fc["total"] == len(rows) and len(fc["features"]) == len(rows) - len(unplaced)


def test_the_strike_told_twice_is_one_event_with_two_reports(api_url):
    body = get(api_url, "/events", min_reports=2).json()
    [ev] = [e for e in body["events"] if {r["doc_id"] for r in e["reports"]} == {STRIKE_A.id, STRIKE_B.id}]
    assert ev["n_reports"] == 2 and ev["n_documents"] == 2
    assert ev["type"] == "ASSAULT" and ev["location"]["name"] == "Saraqib"
    assert ev["fatalities"]["killed"] == 5  # the lowest toll reported

    detail = get(api_url, f"/events/{ev['event_id']}")
    assert detail.status_code == 200
    assert detail.json() == ev
    texts = {STRIKE_A.id: STRIKE_A.text, STRIKE_B.id: STRIKE_B.text}
    for rep in ev["reports"]:
        e = rep["evidence"]
        assert texts[rep["doc_id"]][e["start"]:e["end"]] == e["text"]


def test_unknown_event_and_document_are_json_404(api_url):
    assert_error(get(api_url, "/events/0000000000000000"), 404, "V603")
    assert_error(get(api_url, "/documents/no-such-document"), 404, "V603")
    assert_error(get(api_url, "/no/such/path"), 404, "V603")


def test_a_document_with_its_text_and_spans(api_url, api_store):
    r = get(api_url, "/documents/" + quote(HAMA.id, safe=""))  # the id holds a "/": sent as %2F
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["id"] == HAMA.id and doc["text"] == HAMA.text and doc["doc_date"] == "2024-03-16"
    assert doc["spans"] and doc["n_events"] == len(doc["spans"])
    for span in doc["spans"]:
        assert HAMA.text[span["start"]:span["end"]] == span["evidence"]
        assert get(api_url, f"/events/{span['event_id']}").status_code == 200
    assert get(api_url, "/documents/" + PARIS.id).json()["id"] == PARIS.id  # "/" as it is


def test_timeline_counts_events_per_day_and_type(api_url, api_store):
    rows = {r.id: r for r in store_rows(api_store)}
    for f in ({}, {"country": "SY"}, {"types": ("ASSAULT", "PROTEST")}, {"near": HAMA_POINT, "radius": 60.0}):
        want = Counter((rows[i].date, rows[i].type) for i in expected(list(rows.values()), **f)
                       if rows[i].date and len(rows[i].date) == 10)
        r = get(api_url, "/timeline", **params_of(f))
        assert r.status_code == 200, r.text
        days = r.json()["days"]
        assert {(d["date"], d["type"]): d["count"] for d in days} == dict(want)
        assert [(d["date"], d["type"]) for d in days] == sorted(want)


@pytest.mark.parametrize("params", [
    {"since": "2015-02-30"}, {"until": "yesterday"}, {"limit": 0}, {"limit": 10_001}, {"offset": -1},
    {"radius": 0}, {"radius": "nan"}, {"radius": "inf"}, {"min_reports": 0}, {"min_reports": 10**20},
    {"offset": 10**20}, {"type": "BOMBING"}, {"country": "Atlantis"}, {"near": "Nowhereville-sur-Rien"},
    {"near": "91,0"}, {"format": "xml"}, {"actor": "x" * 501},
], ids=lambda p: ",".join(f"{k}={str(v)[:12]}" for k, v in p.items()))
def test_a_bad_filter_is_422_with_its_reason(api_url, params):
    error = assert_error(get(api_url, "/events", **params), 422, "V510")
    assert next(iter(params)) in error["message"]


# ----------------------------------------------------------------------- hostile input
HOSTILE = [
    "' OR 1=1 --", "%", "_", "\\", "\\%", '"; DROP TABLE events; --', "'; DELETE FROM documents; --",
    "a\x00b", "\x00", "x" * 5000, "Ḩamāh 北京 🙂 حماة", "e\u0301tat", "\u202eevil", "../../etc/passwd",
    "1) UNION SELECT * FROM documents --", "%00", "%' OR '1'='1", "*", "[a-z]", "$1", "?", "NULL",
]
FILTER_NAMES = ("type", "country", "admin1", "actor", "since", "until", "near", "text", "radius", "min_reports",
                "limit", "offset", "format")


def test_hostile_strings_through_every_filter_and_path(api_url, api_store):
    before = store_rows(api_store)
    counts = api_store.counts()
    for value in HOSTILE:
        for name in FILTER_NAMES:
            for path in ("/events", "/timeline"):
                if path == "/timeline" and name in ("limit", "offset", "format"):
                    continue
                r = get(api_url, path, **{name: value})
                assert r.status_code in (200, 422), (path, name, value, r.status_code, r.text)
                body = r.json()
                assert ("error" in body) == (r.status_code == 422), body
                if r.status_code == 200 and path == "/events" and name in ("actor", "text", "admin1"):
                    # a match must really hold the string: wildcards and quotes are literal
                    assert body["total"] == len(expected(before, **{name: value})), (name, value)
        for path in ("/events/", "/documents/"):
            r = httpx.get(api_url + path + quote(value, safe=""), timeout=60)
            assert r.status_code == 404, (path, value, r.status_code, r.text)
            assert_error(r, 404, "V603")
    assert store_rows(api_store) == before and api_store.counts() == counts


def test_percent_and_underscore_are_literal(api_url, api_store):
    rows = store_rows(api_store)
    assert not any("%" in ev for r in rows for ev in r.evidences)
    assert get(api_url, "/events", text="%").json()["total"] == 0
    assert get(api_url, "/events", actor="_").json()["total"] == 0
    assert get(api_url, "/events", text="'").json()["total"] == len(expected(rows, text="'")) > 0


# ------------------------------------------------------------------------- extraction
def post(url: str, body, *, token: str | None = None, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.post(url + "/extract", json=body, headers=headers, timeout=120, **kwargs)


def test_extract_gives_events_and_stores_nothing_unasked(api_url, api_store):
    counts = api_store.counts()
    r = post(api_url, {"text": STRIKE_A.text, "doc_date": "2024-03-15", "id": "probe"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["doc_id"] == "probe" and body["stored"] is False
    [ev] = [e for e in body["events"] if e["type"] == "ASSAULT"]
    assert ev["location"]["name"] == "Saraqib" and ev["date"] == {"value": "2024-03-14", "precision": "day"}
    assert STRIKE_A.text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]
    assert api_store.counts() == counts
    assert get(api_url, "/documents/probe").status_code == 404


def test_the_crawl_marker_dates_the_text(api_url):
    body = post(api_url, {"text": "date 2024-03-15 " + STRIKE_B.text}).json()
    assert body["doc_id"].startswith("api-")
    assert {e["date"]["value"] for e in body["events"] if e["type"] == "ASSAULT"} == {"2024-03-14"}


def test_storing_needs_the_token(api_url, api_store):
    counts = api_store.counts()
    text = "Des manifestants ont défilé dimanche à Lyon contre la guerre."
    assert_error(post(api_url, {"text": text, "store": True}), 401, "V601")
    assert_error(post(api_url, {"text": text, "store": True}, token="wrong"), 403, "V602")
    assert api_store.counts() == counts


def test_storing_with_the_token_is_idempotent(api_url, api_store):
    text = "Des manifestants ont défilé samedi à Marseille contre la vie chère."
    before = api_store.counts()
    first = post(api_url, {"text": text, "doc_date": "2024-05-04", "id": "hand/marseille", "store": True}, token=TOKEN)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] is True and first.json()["events"]
    after = api_store.counts()
    assert after["documents"] == before["documents"] + 1
    assert after["reports"] == before["reports"] + len(first.json()["events"])
    doc = get(api_url, "/documents/hand/marseille").json()
    assert doc["text"] == text and len(doc["spans"]) == len(first.json()["events"])
    again = post(api_url, {"text": text, "doc_date": "2024-05-04", "id": "hand/marseille", "store": True}, token=TOKEN)
    assert again.status_code == 200 and again.json()["stored"] is True
    assert api_store.counts() == after
    # the same id with other content is refused, and nothing is stored
    clash = post(api_url, {"text": text + " Encore.", "id": "hand/marseille", "store": True}, token=TOKEN)
    assert_error(clash, 409, "V606")
    assert get(api_url, "/documents/hand/marseille").json()["text"] == text


def test_writes_are_off_without_a_token(api_store, monkeypatch):
    monkeypatch.delenv("VEILLE_API_TOKEN", raising=False)
    with serve(create_app(api_store, static=False)) as url:
        assert_error(post(url, {"text": "Des frappes à Alep.", "store": True}, token="anything"), 403, "V602")
        assert post(url, {"text": "Des frappes à Alep."}).status_code == 200  # reads and extraction stay open


def test_the_token_comes_from_the_environment(api_store, monkeypatch):
    monkeypatch.setenv("VEILLE_API_TOKEN", "from-the-env")
    with serve(create_app(api_store, static=False)) as url:
        assert_error(post(url, {"text": "Des frappes à Alep.", "store": True}, token=TOKEN), 403, "V602")
        r = post(url, {"text": "Des avions ont bombardé lundi Alep.", "doc_date": "2024-06-04", "store": True},
                 token="from-the-env")
        assert r.status_code == 200 and r.json()["stored"] is True


@pytest.mark.parametrize("body, code", [
    ({}, "V608"), ({"text": ""}, "V608"), ({"text": "   \n "}, "V101"), ({"text": 12}, "V608"),
    ({"text": "a\x00b"}, "V102"), ({"text": "ok", "doc_date": "2024-13-01"}, "V608"),
    ({"text": "ok", "doc_date": "15/03/2024"}, "V608"), ({"text": "ok", "stor": True}, "V608"),
    ({"text": "ok", "id": "x" * 301}, "V608"), ({"text": "ok", "id": "a\x00"}, "V102"),
])
def test_a_bad_body_is_422(api_url, body, code):
    assert_error(post(api_url, body), 422, code)


def test_malformed_json_and_lone_surrogates_are_422(api_url):
    for raw in (b'{"text": ', b'{"text": "a\\ud800b"}', b"\xff\xfe", b"[]"):
        r = httpx.post(api_url + "/extract", content=raw, headers={"Content-Type": "application/json"}, timeout=60)
        assert_error(r, 422)


def test_malformed_json_says_where(api_url):
    for raw, place in ((b'{"text": ', "line 1, column 10"),
                       (b'{\n  "text": "Des frappes",\n  "doc_date": 2024-03-15\n}', "line 3, column 19")):
        r = httpx.post(api_url + "/extract", content=raw, headers={"Content-Type": "application/json"}, timeout=60)
        message = assert_error(r, 422, "V608")["message"]
        assert message.startswith(f"body: malformed JSON at {place}: "), message


ENGLISH = ("Russian warplanes struck the town of Saraqeb in Idlib province on Thursday, killing at least five "
           "civilians, according to the Syrian Observatory for Human Rights, a monitoring group based in Britain.")


def test_a_text_not_in_french_is_422_v201_and_logs_no_trace(api_url, caplog):
    caplog.set_level("DEBUG", logger="veille.api")
    error = assert_error(post(api_url, {"text": ENGLISH}), 422, "V201")
    assert error["message"] == "unsupported language: en"
    assert "Traceback" not in caplog.text and "unsupported language" not in caplog.text


def test_lang_is_taken_as_in_jsonl_input(api_url):
    short = "Des frappes ont visé Alep."  # too short to detect: the declared language decides
    assert_error(post(api_url, {"text": short, "lang": "en"}), 422, "V201")
    assert post(api_url, {"text": short, "lang": "fr-FR"}).status_code == 200
    french = ("Des avions russes ont bombardé jeudi la ville de Saraqeb, dans la province d'Idleb, faisant au moins "
              "cinq morts, selon l'Observatoire syrien des droits de l'Homme.")
    assert post(api_url, {"text": french, "lang": "en", "doc_date": "2024-03-15"}).json()["events"]  # detected
    assert_error(post(api_url, {"text": short, "lang": 12}), 422, "V608")


@pytest.mark.parametrize("text, code", [
    ("a\x00b", "V102"), ("\x00", "V102"), (" \x00 Alep", "V102"), ("\x01\x02 \x7f", "V101"), ("\u2003\n", "V101"),
    ("Alep", None), ("\x01Alep", None), ("\u00e9", None),
])
def test_the_spec_and_the_handler_agree_on_a_text(api_url, text, code):
    """The pattern /openapi.json gives a text is what the handler refuses, with its V1xx code."""
    import re

    pattern = httpx.get(api_url + "/openapi.json", timeout=30).json()["components"]["schemas"]["ExtractIn"][
        "properties"]["text"]["pattern"]
    assert bool(re.search(pattern, text)) == (code is None)
    r = post(api_url, {"text": text})
    if code is None:
        assert r.status_code == 200, r.text
    else:
        assert_error(r, 422, code)


def test_a_french_country_name_filters_as_its_code(api_url):
    by_code = get(api_url, "/events", country="SY", limit=1000).json()
    assert by_code["total"] > 0
    for name in ("Syrie", "syrie", "SYR", "Syria"):
        assert get(api_url, "/events", country=name, limit=1000).json() == by_code, name
    assert "Syrie" in assert_error(get(api_url, "/events", country="Narnie"), 422, "V510")["message"]


# ------------------------------------------------------------------ limits and timeouts
@pytest.fixture(scope="module")
def small_api(api_store):
    with serve(create_app(api_store, token=TOKEN, max_body_bytes=2_000, body_timeout_s=1.0, static=False)) as url:
        yield url


def test_a_body_over_the_limit_is_413(small_api):
    assert post(small_api, {"text": "Des frappes à Alep. " * 50}).status_code == 200  # ~1 KB: under
    assert_error(post(small_api, {"text": "Des frappes à Alep. " * 150}), 413, "V607")


def test_a_declared_length_over_the_limit_is_refused_before_the_body(small_api):
    # the client announces 1 GB and sends nothing: the answer comes at once, nothing is read
    host = urlsplit(small_api).netloc
    head = (f"POST /extract HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: 1000000000\r\n\r\n").encode()
    status, body = raw_request(small_api, head, read_timeout=10)
    assert status == 413 and json.loads(body)["error"]["code"] == "V607"


def test_a_streamed_body_is_counted_as_it_arrives(small_api):
    # chunked, no Content-Length: refused once the bytes received pass the limit
    host = urlsplit(small_api).netloc
    chunk = b'{"text": "' + b"a" * 900
    request = (f"POST /extract HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
               f"Transfer-Encoding: chunked\r\n\r\n").encode()
    for _ in range(3):
        request += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    status, body = raw_request(small_api, request, read_timeout=10)  # no last chunk: the server must not wait
    assert status == 413 and json.loads(body)["error"]["code"] == "V607"


def test_a_body_that_trickles_in_is_408(small_api):
    host = urlsplit(small_api).netloc
    head = (f"POST /extract HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: 100\r\n\r\n").encode() + b'{"text": '
    status, body = raw_request(small_api, head, read_timeout=10)
    assert status == 408 and json.loads(body)["error"]["code"] == "V605"


def test_an_extraction_over_the_time_limit_is_504_and_stopped(api_store, shared_dir):
    from veille.api import Worker

    texts = [json.loads(line)["text"] for line in (shared_dir / "corpus" / "dev.jsonl").open(encoding="utf-8")]
    long_text = "\n\n".join(texts)  # ~80 KB: seconds of parsing
    process = Worker.extraction_process()
    assert process.wait_ready(time.monotonic() + 300)  # the model loaded: the time limit is the parse's
    killed = process.pid
    with serve(create_app(api_store, extract_timeout_s=0.5, static=False)) as url:
        started = time.monotonic()
        assert_error(post(url, {"text": long_text}), 504, "V610")
        assert time.monotonic() - started < 5
    # the extraction was stopped with its process, not left to run on, and another process took its place
    assert not _alive(killed)
    assert process.pid not in (None, killed)
    with serve(create_app(api_store, static=False)) as url:
        r = post(url, {"text": STRIKE_A.text, "doc_date": STRIKE_A.doc_date})
        assert r.status_code == 200 and [e["type"] for e in r.json()["events"]] == ["ASSAULT"]


def _alive(pid: int | None) -> bool:
    try:
        os.kill(pid, 0)  # type: ignore[arg-type]
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is not running either
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_failed_extraction_leaves_the_process_in_place(api_url):
    from veille.api import Worker

    pid = Worker.extraction_process().pid
    r = post(api_url, {"text": ENGLISH})
    assert_error(r, 422, "V201")  # raised in the extraction process, answered as a library error
    assert Worker.extraction_process().pid == pid


# ------------------------------------------------------------------------------ errors
def test_an_internal_error_is_json_without_trace(tmp_path, extracted, caplog):
    store = open_store(f"sqlite:///{tmp_path / 'broken.db'}")
    store.write_batch(extracted[:3])
    [event_id] = store_rows(store)[:1]
    with serve(create_app(store, static=False)) as url:
        with store.engine.begin() as conn:
            # the database breaks under the running server (every endpoint reads one of these)
            conn.execute(sql("DROP TABLE reports"))
            conn.execute(sql("DROP TABLE events"))
        for path in ("/events", f"/events/{event_id.id}", "/documents/dev-0001", "/timeline"):
            r = get(url, path)
            assert assert_error(r, 500, "V900")["message"] == "internal error"
            assert "reports" not in r.text and "sqlite" not in r.text.lower()
    assert "no such table: reports" in caplog.text  # the trace is in the server's log


def test_wrong_method_is_json_405(api_url):
    assert_error(httpx.delete(api_url + "/events", timeout=10), 405, "V604")
    assert_error(httpx.get(api_url + "/extract", timeout=10), 405, "V604")


def test_openapi_spec_and_docs(api_url):
    spec = get(api_url, "/openapi.json").json()
    assert {"/health", "/events", "/events/{event_id}", "/timeline", "/documents/{doc_id}", "/extract"} <= set(spec["paths"])
    assert "application/geo+json" in spec["paths"]["/events"]["get"]["responses"]["200"]["content"]
    docs = get(api_url, "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    # offline: the docs page loads Swagger UI from veille itself, not from a CDN
    assert "cdn." not in docs.text and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert get(api_url, "/docs-assets/swagger-ui-bundle.js").status_code == 200


# ------------------------------------------------------------------- CORS and static
def test_cors_is_off_by_default(api_url):
    r = httpx.get(api_url + "/health", headers={"Origin": "https://elsewhere.example"}, timeout=10)
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = httpx.options(api_url + "/events", timeout=10, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_for_the_origins_given(api_store):
    with serve(create_app(api_store, cors_origins=("https://map.example",), static=False)) as url:
        ok = httpx.get(url + "/health", headers={"Origin": "https://map.example"}, timeout=10)
        assert ok.headers["access-control-allow-origin"] == "https://map.example"
        other = httpx.get(url + "/health", headers={"Origin": "https://elsewhere.example"}, timeout=10)
        assert "access-control-allow-origin" not in other.headers
        pre = httpx.options(url + "/extract", timeout=10, headers={
            "Origin": "https://map.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "https://map.example"


TRAVERSALS = [
    "/static/../__init__.py", "/static/%2e%2e/__init__.py", "/static/..%2f__init__.py", "/static/%2e%2e%2f__init__.py",
    "/static/..%2f..%2fapi.py", "/static/%2e%2e/%2e%2e/api.py", "/static/..\\__init__.py", "/static/%2e%2e%5c__init__.py",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/vendor/leaflet/../../../__init__.py",
    "/static/vendor/leaflet/%2e%2e/%2e%2e/%2e%2e/__init__.py", "/static/vendor/%2e%2e/%2e%2e/__init__.py",
    "/static/js/%00.js", "/static/....//....//__init__.py", "/../../../../etc/passwd",
]


def test_no_file_outside_the_web_folder_is_served(api_url):
    from veille.web import STATIC_DIR

    served = next(p for p in sorted(STATIC_DIR.rglob("*")) if p.is_file())
    status, body = raw_get(api_url, "/static/" + served.relative_to(STATIC_DIR).as_posix())
    assert status == 200 and body == served.read_bytes()
    for path in TRAVERSALS:
        status, body = raw_get(api_url, path)
        assert status in (400, 404), (path, status)
        assert b"import" not in body and b"root:" not in body, path


def test_static_false_serves_no_page(api_store):
    with serve(create_app(api_store, static=False)) as url:
        assert_error(get(url, "/"), 404)
        assert_error(get(url, "/static/js/api.js"), 404)


# --------------------------------------------------------------------------- the command
def test_veille_serve(tmp_path):
    db = f"sqlite:///{tmp_path / 'served.db'}"
    open_store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "VEILLE_API_TOKEN": "cli-token"}
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "serve", "--db", db, "--port", str(port),
                             "--cors-origin", "https://map.example"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(url + "/health", headers={"Origin": "https://map.example"}, timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.poll() else ""
                time.sleep(0.2)
        assert r.json()["counts"] == {"documents": 0, "reports": 0, "events": 0, "failures": 0}
        assert r.headers["access-control-allow-origin"] == "https://map.example"
        assert_error(post(url, {"text": "Des frappes à Alep.", "store": True}, token="nope"), 403, "V602")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "Application shutdown complete" in output, output  # SIGTERM: a clean stop
    assert f"127.0.0.1:{port}" in output


def test_veille_serve_refuses_a_bad_database():
    done = subprocess.run([sys.executable, "-m", "veille.cli", "serve", "--db", "mysql://nowhere/x"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unsupported database" in done.stderr


def test_veille_serve_help_has_an_example():
    from typer.testing import CliRunner

    from veille.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout and "--cors-origin" in result.stdout


def test_a_place_name_filter_never_waits_behind_extractions(api_store):
    from veille.api import MAX_PENDING_EXTRACTIONS, Busy, Worker

    with serve(create_app(api_store, static=False)) as url:
        get(url, "/events", near="Hama")  # the gazetteer loaded
        # the extraction queue full of slow work (whatever other tests left in it): reads that name
        # a place still answer at once
        busy = []
        while True:
            try:
                busy.append(Worker(30).submit(time.sleep, 4))
            except Busy:
                break
            assert len(busy) <= MAX_PENDING_EXTRACTIONS
        try:
            started = time.monotonic()
            r = get(url, "/events", near="Hama", radius=60)
            assert r.status_code == 200 and r.json()["near"] is not None
            assert time.monotonic() - started < 2
        finally:
            for future in busy:
                future.result()


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_csv_and_acled_downloads_are_the_cli_s_files(api_url, api_store, fmt, tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    r = get(api_url, "/events", type="ASSAULT", format=fmt, limit=500)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    out = tmp_path / f"events.{fmt}.csv"
    cli = CliRunner().invoke(app, ["events", "--db", api_store.url, "--type", "ASSAULT", "--format", fmt,
                                   "--limit", "500", "-o", str(out)])
    assert cli.exit_code == 0
    assert r.content == out.read_bytes() and r.text.count("\r\n") > 1  # byte for byte, CSV's CRLF
