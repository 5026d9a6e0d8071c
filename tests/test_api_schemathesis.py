"""schemathesis against the API's OpenAPI spec, calling a live server on SQLite and on PostgreSQL:
requests generated from the spec (valid and invalid) never get a server error, every answer
matches the status codes, media types and schemas the spec declares, and the tables survive.

The spec is built at collection time from an app over an in-memory store (schemathesis's lazy
``from_fixture`` loader does not run under pytest 9.2), and a test checks that the live servers
serve that very spec at /openapi.json.
"""
from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import text as sql

from api_server import TOKEN
from veille.api import create_app
from veille.store import open_store

SPEC = create_app(open_store("sqlite://"), static=False).openapi()
schema = schemathesis.openapi.from_dict(SPEC)


def test_the_live_server_serves_this_spec(fuzz_url):
    assert httpx.get(f"{fuzz_url}/openapi.json", timeout=30).json() == SPEC


# `near` (a place the gazetteer must know) and `country` (a code or name pycountry knows) are valid
# by their data, not their shape: a string the spec allows may be answered 422 with the reason,
# which the check that schema-valid requests are accepted would count as a failure. So is a text's
# language (detected, or declared by `lang` for a short one): French is not a shape. What the spec
# can say of a text, it says (no NUL, something visible), and the handler refuses exactly that, so
# those requests are checked both ways (tests/test_api.py pins the codes).
DATA_DEPENDENT = {("GET", "/events"), ("GET", "/timeline"), ("GET", "/stats"), ("POST", "/extract")}


# 30 examples per operation and phase keep the whole run to a minute or two on two cores
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_spec(case, fuzz_url):
    excluded = [positive_data_acceptance] if (case.method.upper(), case.path) in DATA_DEPENDENT else []
    # with the token, so that "store": true is exercised too (the fuzz store is this test's own)
    case.call_and_validate(base_url=fuzz_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120,
                           excluded_checks=excluded)


def test_the_tables_survive_the_fuzzing(fuzz_store, fuzz_url, extracted):
    # after the fuzzing of the same store (same session fixture, later in the module)
    counts = fuzz_store.counts()
    assert counts["documents"] >= len(extracted) and counts["events"] > 0
    with fuzz_store.engine.connect() as conn:
        assert conn.execute(sql("SELECT value FROM store_info WHERE key = 'schema'")).scalar_one()
    assert httpx.get(f"{fuzz_url}/health", timeout=30).json()["counts"] == counts
