"""Tolls: the lowest figure, ACLED's vague counts."""
import pytest

from veille.casualties import find_toll, parse_number


@pytest.mark.parametrize("sentence,killed,injured", [
    ("Au moins 30 personnes ont été tuées et 168 autres blessées dans les attentats.", 30, 168),
    ("Trente et une personnes ont été tuées dans des affrontements.", 31, None),
    ("L'explosion a fait 12 morts dans les rangs des soldats.", 12, None),
    ("Vingt-cinq personnes dont cinq enfants ont été tuées mercredi.", 25, None),
    ("L'attaque a provoqué la mort d'au moins 64 personnes.", 64, None),
    ("On compte plusieurs dizaines de blessés.", None, 12),
    ("Le bilan est de deux morts et 10 blessés.", 2, 10),
    ("Les raids ont aussi fait plusieurs blessés graves.", None, 3),
    ("Les négociations reprendront lundi à Genève.", None, None),
])
def test_find_toll(sentence, killed, injured):
    t = find_toll(sentence)
    assert (t.killed, t.injured) == (killed, injured)


def test_lowest_figure_is_kept():
    t = find_toll("Au moins 8 morts selon la police, 12 morts selon les secouristes.")
    assert t.killed == 8


def test_parse_number():
    assert parse_number("quatre-vingt-dix") == 90
    assert parse_number("trente et une") == 31
    assert parse_number("1.000") == 1000
    assert parse_number("deux cents") == 200
    assert parse_number("des centaines") == 100
    assert parse_number("beaucoup") is None


def test_participles_put_the_number_after():
    t = find_toll("Un kamikaze s'est fait exploser, tuant au moins sept personnes et en blessant vingt-quatre autres.")
    assert (t.killed, t.injured) == (7, 24)
    assert find_toll("deux voitures piégées avaient explosé, faisant 33 morts.").killed == 33
