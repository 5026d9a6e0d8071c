"""ISO 3166-1 country codes, through pycountry, in one place.

Places carry alpha-2 codes (GeoNames' ``SY``), actors alpha-3 codes (the registry's ``SYR``);
these functions convert between them and from English names. Each returns None for a code or
name pycountry does not know (any case is accepted, as pycountry accepts it).
"""
from __future__ import annotations

import pycountry


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


def lookup_alpha2(value: str) -> str | None:
    """The alpha-2 code of an alpha-2 or alpha-3 code, a numeric code or an English name
    (``SY``, ``SYR``, ``Syria``)."""
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None
