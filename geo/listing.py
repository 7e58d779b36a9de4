"""Format stored rows (events, claims) for `geo events` and `geo claims`.

``format_rows(rows, format, kind)`` gives JSON (a list), CSV (a header and one
line per row; lists joined with ";", dicts as JSON) or GeoJSON (a
FeatureCollection of the rows that have coordinates; the others are left
out of GeoJSON only).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from geo.errors import GeoError

FORMATS = ("json", "csv", "geojson")


def format_rows(rows: list[dict[str, Any]], format: str, kind: str = "rows") -> str:
    """Render ``rows`` as ``format`` ("json", "csv" or "geojson").

    Takes rows as dicts (as the store returns them) and ``kind`` (a label
    such as "events" that GeoJSON carries in its ``name``).  Returns the
    text; raises :class:`GeoError` for an unknown format.
    """
    rows = [dict(r) for r in rows]
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if format == "csv":
        return _csv(rows)
    if format == "geojson":
        return json.dumps(_feature_collection(rows, kind), ensure_ascii=False, default=str)
    raise GeoError(f"unknown --format {format!r}: use one of {', '.join(FORMATS)}")


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of every row, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _cell(value: Any) -> str:
    """One CSV cell: lists joined with ";", dicts as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    columns = _columns(rows)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().rstrip("\n")


def _coords(row: dict[str, Any]) -> tuple[float, float] | None:
    """(lon, lat) of a row with numeric ``lat`` and ``lon``, else None."""
    lat, lon = row.get("lat"), row.get("lon")
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if lat != lat or lon != lon or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lon, lat


def _feature_collection(rows: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    features = []
    for row in rows:
        point = _coords(row)
        if point is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [point[0], point[1]]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "name": kind, "features": features}
