"""ISO 3166-1 country codes and names, in one place, through pycountry.

Places carry alpha-2 codes (GeoNames' ``SY``), actors alpha-3 codes (the registry's ``SYR``);
`alpha2_of`, `alpha3_of` and `name_of` convert between them (None for a code pycountry does not
know). Filters take an ISO code (SY, SYR), an English name (Syria) or a French one (Syrie, Côte
d'Ivoire, États-Unis): `country_code`, for `veille events --country` and the API's `country`.
French names are pycountry's French translations (iso-codes) and the short names of
``data/countries_fr.tsv``, compared without case or accents.
"""
from __future__ import annotations

import gettext
import unicodedata
from functools import lru_cache
from importlib import resources

import pycountry

from .errors import QueryError


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.replace("-", " ").replace("’", "'").split())


@lru_cache(maxsize=1)
def _french_names() -> dict[str, str]:
    names: dict[str, str] = {}
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # a pycountry without its locales: the table below still answers
        fr = None
    inverted: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            english = getattr(c, attr, None)
            if english and fr is not None:
                french = fr.gettext(english)
                names[_key(french)] = c.alpha_2
                # "Syrienne, République arabe": the part before the comma, when it names one country
                inverted.setdefault(_key(french.split(",")[0]), set()).add(c.alpha_2)
    for key, codes in inverted.items():
        if len(codes) == 1:
            names.setdefault(key, codes.pop())
    table = resources.files("veille.data").joinpath("countries_fr.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")
            names[_key(name)] = code.strip()
    return names


# A reader's name where ISO 3166-1's French names are inverted ("Congo, La République démocratique du")
# or official only: the name French news uses.
_SHOWN_FR = {"CD": "République démocratique du Congo", "CG": "Congo", "SY": "Syrie", "RU": "Russie",
             "PS": "Palestine", "VE": "Venezuela", "BO": "Bolivie", "TZ": "Tanzanie", "MD": "Moldavie",
             "LA": "Laos", "VN": "Viêt Nam", "CZ": "Tchéquie", "TW": "Taïwan", "VA": "Vatican",
             "FM": "Micronésie", "IR": "Iran", "KR": "Corée du Sud", "KP": "Corée du Nord", "BN": "Brunei",
             "AE": "Émirats arabes unis", "US": "États-Unis", "GB": "Royaume-Uni"}


@lru_cache(maxsize=None)
def french_name(alpha2: str) -> str | None:
    """``SY`` -> ``Syrie``: the name French news gives a country (the table above, else the French
    translation of ISO 3166-1's common or short name when it is not inverted, else its part
    before the comma); None for an unknown code."""
    if alpha2 in _SHOWN_FR:
        return _SHOWN_FR[alpha2]
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return None
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return getattr(c, "common_name", None) or c.name
    for english in (getattr(c, "common_name", None), c.name):
        if english and "," not in fr.gettext(english):
            return fr.gettext(english)
    return fr.gettext(c.name).split(",")[0]


def country_code(value: str) -> str:
    """ISO alpha-2 of a code or an English or French country name; QueryError otherwise."""
    name = value.strip()
    code = lookup_alpha2(name) if name else None
    if code is None and name:
        code = _french_names().get(_key(name))
    if code is None:
        raise QueryError(f"country: {value[:50]!r} is not an ISO code or a country name "
                         "(e.g. SY, SYR, Syria or Syrie)")
    return code


def alpha2_of(alpha3: str) -> str | None:
    """``SYR`` -> ``SY``."""
    c = pycountry.countries.get(alpha_3=alpha3)
    return c.alpha_2 if c is not None else None


def alpha3_of(alpha2: str) -> str | None:
    """``SY`` -> ``SYR``."""
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c is not None else None


def name_of(alpha2: str) -> str | None:
    """``SY`` -> ``Syrian Arab Republic`` (ISO 3166-1's English short name)."""
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.name if c is not None else None


def common_name_of(alpha3: str) -> str | None:
    """``HKG`` -> ``Hong Kong``, ``TWN`` -> ``Taiwan``: the name in common use where ISO's differs."""
    c = pycountry.countries.get(alpha_3=alpha3)
    return (getattr(c, "common_name", None) or c.name) if c is not None else None


def lookup_alpha2(value: str) -> str | None:
    """The alpha-2 code of an alpha-2 or alpha-3 code, a numeric code or an English name
    (``SY``, ``SYR``, ``Syria``)."""
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None
