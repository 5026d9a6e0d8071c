"""The shared helpers every layer measures and converts with: geometry.py and countries.py."""
import pytest

from veille.countries import alpha2_of, alpha3_of, lookup_alpha2, name_of
from veille.geometry import EARTH_RADIUS_KM, great_circle_km, km_between
from veille.records import Place

HAMA = Place("Ḩamāh", "SY", "Hama", 35.13179, 36.75783, "point", 170017)
IDLIB = Place("Idlib", "SY", "Idlib", 35.93062, 36.63393, "point", 169389)
NOWHERE = Place("Syria", "SY", None, None, None, "country")


def test_great_circle_km_on_known_distances():
    assert great_circle_km(0, 0, 0, 0) == 0
    # a quarter of a meridian, and half the equator (antipodes: rounding must not break asin)
    assert great_circle_km(0, 0, 90, 0) == pytest.approx(EARTH_RADIUS_KM * 3.141592653589793 / 2)
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(EARTH_RADIUS_KM * 3.141592653589793)
    assert great_circle_km(35.0, 36.0, -35.0, -144.0) == pytest.approx(EARTH_RADIUS_KM * 3.141592653589793)
    assert 88 < km_between(HAMA, IDLIB) < 90 and km_between(HAMA, IDLIB) == km_between(IDLIB, HAMA)


def test_km_between_needs_located_places():
    with pytest.raises(TypeError, match="located"):
        km_between(HAMA, NOWHERE)


def test_country_codes():
    assert (alpha2_of("SYR"), alpha2_of("syr"), alpha3_of("SY"), alpha3_of("fr")) == ("SY", "SY", "SYR", "FRA")
    assert (alpha2_of("XXX"), alpha3_of("XX"), name_of("XX")) == (None, None, None)
    assert name_of("SY") == "Syrian Arab Republic"
    assert [lookup_alpha2(v) for v in ("SY", "SYR", "Syria", "syrian arab republic", "Atlantis")] == \
        ["SY", "SY", "SY", "SY", None]
