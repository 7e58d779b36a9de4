"""Curated reference lines and areas (``data/gazetteer/curated/features.geojson``) for a map view.

The theatre's roads, river and de-escalation zone are drawn even when no
article names them, so an analyst can place events against them.  Natural
Earth admin-1 outlines are not shipped (``data/gazetteer`` has country
outlines only), so there is no province layer.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from geo.paths import CURATED_DIR

FEATURES = CURATED_DIR / "features.geojson"


@lru_cache(maxsize=1)
def _features() -> tuple[dict[str, Any], ...]:
    if not FEATURES.exists():
        return ()
    return tuple(json.loads(FEATURES.read_text(encoding="utf-8")).get("features", []))


def _box(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    stack, xs, ys = [geometry.get("coordinates")], [], []
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], (int, float)):
            xs.append(float(item[0]))
            ys.append(float(item[1]))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


def reference_features(bounds: tuple[float, float, float, float], skip_names: set[str] = frozenset(),
                       skip_place_ids: set[str] = frozenset(), margin: float = 1.0) -> list[dict[str, Any]]:
    """Curated features whose box meets ``bounds`` (west, south, east, north) grown by ``margin`` degrees.

    Features whose name or ``cur:<id>`` is in ``skip_names``/``skip_place_ids`` (drawn from the data
    already) are left out.
    """
    w, s, e, n = bounds
    out = []
    for feature in _features():
        props = feature.get("properties") or {}
        names = {str(props.get("name") or ""), *map(str, props.get("alt_names") or [])}
        if names & skip_names or f"cur:{props.get('id')}" in skip_place_ids:
            continue
        fw, fs, fe, fn = _box(feature.get("geometry") or {})
        if fe >= w - margin and fw <= e + margin and fn >= s - margin and fs <= n + margin:
            out.append(feature)
    return out
