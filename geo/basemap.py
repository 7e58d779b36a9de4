"""Offline basemap: Natural Earth country outlines as GeoJSON, no tiles.

The shipped ``data/gazetteer/countries-50m.json`` is world-atlas TopoJSON
(object ``countries``, property ``name``).  :func:`world_geojson` decodes it
once and caches the GeoJSON under ``geo.paths.cache_dir()``;
:func:`basemap_geojson` clips and simplifies it to the area a map shows so an
export stays small.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.paths import GAZETTEER_DIR, cache_dir

TOPOJSON = GAZETTEER_DIR / "countries-50m.json"
CACHE_NAME = "countries-50m.v2.geojson"  # bump when the conversion changes

Bounds = tuple[float, float, float, float]  # (west, south, east, north)


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat arcs from quantised, delta-encoded TopoJSON arcs."""
    transform = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 5), round(y * sy + ty, 5)))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """Join arcs into one ring; a negative index ``~i`` means arc ``i`` reversed."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        ring.extend(points if not ring else points[1:])
    return [list(p) for p in ring]


def _geometry(geom: dict[str, Any], arcs: list) -> dict[str, Any] | None:
    """One TopoJSON geometry as GeoJSON (Polygon and MultiPolygon only)."""
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geom["arcs"]]}
    if geom["type"] == "MultiPolygon":
        polys = [[_ring(r, arcs) for r in poly] for poly in geom["arcs"]]
        return {"type": "MultiPolygon", "coordinates": polys}
    return None


def _crosses_antimeridian(polygon: list) -> bool:
    """True when a ring jumps from +180 to -180 away from the pole (Russia, Fiji)."""
    return any(abs(a[0] - b[0]) > 180 and min(a[1], b[1]) > -80
               for ring in polygon for a, b in zip(ring, ring[1:]))


def _split_antimeridian(shape: dict[str, Any]) -> dict[str, Any]:
    """Cut polygons that cross the antimeridian into an eastern and a western part.

    world-atlas rings are spherical: Chukotka runs from 179.9 to -180.  Drawn on
    a flat map that edge would cross the whole world, so such polygons are
    shifted to 0..360, cut at 180 and the eastern piece shifted back.
    """
    import shapely
    from shapely.affinity import translate
    from shapely.geometry import Polygon, mapping

    polys = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    if not any(_crosses_antimeridian(p) for p in polys):
        return shape
    out = []
    for poly in polys:
        if not _crosses_antimeridian(poly):
            out.append(poly)
            continue
        rings = [[(x + 360 if x < 0 else x, y) for x, y in ring] for ring in poly]
        geom = Polygon(rings[0], rings[1:]).buffer(0)
        west = shapely.clip_by_rect(geom, 0, -90, 180, 90)
        east = translate(shapely.clip_by_rect(geom, 180, -90, 360, 90), xoff=-360)
        for part in (west, east):
            for piece in getattr(part, "geoms", [part]):
                if piece.geom_type == "Polygon" and not piece.is_empty:
                    out.append(mapping(piece)["coordinates"])
    return {"type": "MultiPolygon", "coordinates": _round_coords(out, 5)}


def topojson_to_geojson(topo: dict[str, Any], obj: str = "countries") -> dict[str, Any]:
    """Convert one object of a TopoJSON topology to a GeoJSON FeatureCollection.

    Raises ``GeoError`` when the topology has no object named ``obj``.
    """
    if obj not in topo.get("objects", {}):
        raise GeoError(f"TopoJSON has no object {obj!r} (has {sorted(topo.get('objects', {}))})")
    arcs = _decode_arcs(topo)
    features = []
    for geom in topo["objects"][obj]["geometries"]:
        shape = _geometry(geom, arcs)
        if shape is not None:
            shape = _split_antimeridian(shape)
            name = (geom.get("properties") or {}).get("name", "")
            features.append({"type": "Feature", "id": geom.get("id"), "properties": {"name": name},
                             "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def _cache_file(source: Path) -> Path:
    stat = source.stat()
    return cache_dir() / "basemap" / f"{stat.st_size}-{int(stat.st_mtime)}-{CACHE_NAME}"


@lru_cache(maxsize=2)
def world_geojson(source: Path = TOPOJSON) -> dict[str, Any]:
    """All country outlines as GeoJSON, decoded once and cached on disk.

    Raises ``GeoError`` naming the file when it is missing or not TopoJSON.
    """
    if not source.exists():
        raise GeoError(f"{source}: basemap TopoJSON is missing (it ships in data/gazetteer/)")
    cached = _cache_file(source)
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    try:
        topo = json.loads(source.read_text(encoding="utf-8"))
        collection = topojson_to_geojson(topo)
    except (ValueError, KeyError, TypeError) as exc:
        raise GeoError(f"{source}: not a world-atlas TopoJSON file ({exc})") from exc
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # a read-only cache only costs speed
    return collection


def _round_coords(value: Any, digits: int) -> Any:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(v, digits) for v in value]
        return [_round_coords(v, digits) for v in value]
    return value


def _clip_box(bounds: Bounds | None, margin: float) -> Bounds | None:
    """``bounds`` grown by ``margin``; None when that is most of the world."""
    if bounds is None:
        return None
    w, s, e, n = bounds
    box = (max(w - margin, -180.0), max(s - margin, -90.0), min(e + margin, 180.0), min(n + margin, 90.0))
    if box[2] - box[0] > 180.0 or box[3] - box[1] > 100.0:
        return None
    return box


def basemap_geojson(bounds: Bounds | None = None, margin: float = 25.0,
                    tolerance: float = 0.01) -> dict[str, Any]:
    """Country outlines clipped to ``bounds`` grown by ``margin`` degrees.

    ``bounds`` is (west, south, east, north); None, or an area that grows to
    most of the world, means the whole world, simplified more coarsely.  Coordinates are rounded to 3 decimals.
    The clip is cached (a dashboard redraws the same view on every filter change); callers get a copy.
    """
    import copy

    key = None if bounds is None else tuple(round(float(v), 2) for v in bounds)
    return copy.deepcopy(_clipped(key, round(margin, 3), round(tolerance, 4)))


@lru_cache(maxsize=16)
def _clipped(bounds: Bounds | None, margin: float, tolerance: float) -> dict[str, Any]:
    import shapely
    from shapely.geometry import mapping, shape

    world = world_geojson()
    box = _clip_box(bounds, margin)
    if box is None:  # the whole world: no clip edges to show, coarser outlines
        box, tolerance = (-180.0, -90.0, 180.0, 90.0), max(tolerance, 0.05)
    features = []
    for feature in world["features"]:
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        clipped = shapely.clip_by_rect(geom, *box).simplify(tolerance, preserve_topology=True)
        if clipped.is_empty:
            continue
        coords = _round_coords(mapping(clipped)["coordinates"], 3)
        features.append({"type": "Feature", "properties": dict(feature["properties"]),
                         "geometry": {"type": clipped.geom_type, "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}
