"""The names shown to readers (``location.display_name``): plain romanisations of GeoNames' towns,
French names of countries; in extraction output, the store's answers, the API, the CLI table. And
the line the first run prints while it builds the gazetteer."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pycountry
import pytest
from typer.testing import CliRunner

from veille.countries import country_code, french_name
from veille.places.display import display_name, has_marks
from veille.places.gazetteer import default_gazetteer

HAMA, ARIHA, ALEPPO, KRAKOW = 170017, 172994, 170063, 3094802


@pytest.mark.parametrize("name, alternates, country, shown", [
    ("Ḩamāh", ["Hama", "Hamah", "Ḩamāh"], "SY", "Hama"),  # the -h of -āh dropped: GeoNames lists "Hama"
    ("Ḩamāh", ["Hamah"], "SY", "Hamah"),  # not listed: only the marks go
    ("Arīḩā", ["Ariha", "Riha"], "SY", "Ariha"),
    ("Rafaḩ", ["Rafah", "Rafa"], "PS", "Rafah"),  # a ḩ is a consonant: kept
    ("Ma‘arrat an Nu‘mān", [], "SY", "Maarrat an Numan"),
    ("Ţarţūs", [], "SY", "Tartus"),
    ("Kraków", [], "PL", "Kraków"),  # marks French readers read are kept
    ("Besançon", [], "FR", "Besançon"),
    ("L’Haÿ-les-Roses", [], "FR", "L’Haÿ-les-Roses"),  # an apostrophe is no mark
    ("Aleppo", ["Alep"], "SY", "Aleppo"),
    ("Quận Bốn", [], "VN", "Quận Bốn"),  # Vietnamese writes a dot below
])
def test_display_name_rules(name, alternates, country, shown):
    assert display_name(name, alternates, country) == shown
    assert has_marks(shown) is False or country == "VN"


def test_the_gazetteer_keeps_the_names_shown():
    gazetteer = default_gazetteer()
    shown = {gid: gazetteer.display_name(gazetteer.entry(gid)) for gid in (HAMA, ARIHA, ALEPPO, KRAKOW)}
    assert shown == {HAMA: "Hama", ARIHA: "Ariha", ALEPPO: "Aleppo", KRAKOW: "Kraków"}
    assert gazetteer.display_name(gazetteer.country("SY")) == "Syrie"
    assert gazetteer.display_name(gazetteer.country("US")) == "États-Unis"
    assert gazetteer.entry(HAMA).name == "Ḩamāh"  # the entry's own name is unchanged


def test_every_country_has_a_french_name_that_reads_back_as_its_code():
    for c in pycountry.countries:
        name = french_name(c.alpha_2)
        assert name and "," not in name, (c.alpha_2, name)
        assert country_code(name) == c.alpha_2, (c.alpha_2, name)
    assert [french_name(cc) for cc in ("SY", "RU", "CD", "IR", "GB")] == [
        "Syrie", "Russie", "République démocratique du Congo", "Iran", "Royaume-Uni"]


def test_extraction_output_has_display_name_beside_name(pipeline):
    from veille.readers import read_paths

    [doc] = read_paths([Path(__file__).parents[1] / "examples" / "frappes_idleb.txt"])
    locations = [ev.as_dict()["location"] for ev in pipeline.process(doc)]
    by_id = {loc["geonameid"]: loc for loc in locations if loc}
    assert by_id[ARIHA]["name"] == "Arīḩā" and by_id[ARIHA]["display_name"] == "Ariha"
    assert all(loc["display_name"] for loc in locations if loc)
    countries = [loc for loc in locations if loc and loc["precision"] == "country"]
    assert countries and all(loc["display_name"] == french_name(loc["country"]) for loc in countries)


def test_the_api_and_the_cli_table_show_the_plain_name(api_url, api_store):
    page = httpx.get(api_url + "/events", params={"near": "Hama", "radius": 5, "type": "ASSAULT"}, timeout=60).json()
    hama = [ev for ev in page["events"] if (ev["location"] or {}).get("geonameid") == HAMA]
    assert hama, page
    for ev in hama:
        assert ev["location"]["name"] == "Ḩamāh" and ev["location"]["display_name"] == "Hama"
        assert all(r["location"]["display_name"] == "Hama" for r in ev["reports"] if r["location"])
        one = httpx.get(api_url + f"/events/{ev['event_id']}", timeout=60).json()
        assert one["location"]["display_name"] == "Hama"
    features = httpx.get(api_url + "/events", params={"near": "Hama", "radius": 5, "format": "geojson"},
                         timeout=60).json()["features"]
    assert {f["properties"]["location_display_name"] for f in features} >= {"Hama"}

    from veille.cli import app

    table = CliRunner().invoke(app, ["events", "--db", api_store.url, "--near", "Hama", "--radius", "5"])
    assert table.exit_code == 0, table.output
    assert "Hama" in table.stdout and "Ḩamāh" not in table.stdout


def test_the_gazetteer_build_says_what_it_does_on_stderr(tmp_path):
    code = "from veille.places.gazetteer import default_gazetteer; default_gazetteer(); print('built')"
    env = {**os.environ, "VEILLE_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout == "built\n", done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert lines[0].startswith("veille: building the gazetteer (first run only, about 40 s) into ")
    assert [ln.split(": ")[-1].split(",")[0] for ln in lines] == ["towns", "divisions", "countries", "name index",
                                                                    "done"]
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and again.stderr == ""  # built once: nothing said the second time
