"""Optional online geocoding (geopy Nominatim) for names the offline gazetteer lacks.

Never used unless the user asks for it (``--online``); never used in tests
except with the geocoder replaced.  Results are marked as online and
approximate so that an analyst can tell them from gazetteer entries.
"""
from __future__ import annotations

from typing import Any

from geo.errors import GeoError
from geo.records import Place

USER_AGENT = "geo-conflict-geoparser/0.1"


def online_lookup(name: str, limit: int = 5, geocoder: Any = None) -> list[tuple[Place, float]]:
    """Candidates for ``name`` from Nominatim (OpenStreetMap), best first.

    ``geocoder`` is any object with geopy's ``geocode(query, exactly_one=False, limit=N)``;
    the default is geopy's Nominatim.  Raises GeoError when the service cannot be reached.
    """
    if geocoder is None:
        from geopy.geocoders import Nominatim

        geocoder = Nominatim(user_agent=USER_AGENT, timeout=10)
    try:
        found = geocoder.geocode(name, exactly_one=False, limit=limit) or []
    except Exception as exc:  # geopy raises several network error types
        raise GeoError(f"online geocoder unavailable ({type(exc).__name__}): {exc}") from None
    out = []
    for rank, loc in enumerate(found):
        raw = getattr(loc, "raw", {}) or {}
        place = Place(
            place_id=f"osm:{raw.get('osm_type', 'x')}/{raw.get('osm_id', rank)}",
            name=str(getattr(loc, "address", name)).split(",")[0],
            lat=float(loc.latitude), lon=float(loc.longitude),
            feature_class="", feature_code=str(raw.get("type") or raw.get("class") or ""),
            source="Nominatim / OpenStreetMap (online, ODbL)", precision="online geocoder result",
        )
        out.append((place, round(1.0 / (rank + 1), 3)))
    return out
