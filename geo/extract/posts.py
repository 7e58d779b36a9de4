"""Observation posts and military points from the curated gazetteer.

``load_posts()`` reads ``data/gazetteer/curated/places.csv`` (rows with
feature_code MILB and ids starting ``op_``/``op2020_``) and the status history
in ``post_status.csv``; without the curated files it falls back to the raw
starting list ``data/gazetteer/points.csv``.  ``link_post_mentions`` ties
place mentions to posts: by ``cur:<post id>`` or by a populated place within
:data:`LINK_KM` of the post.
"""
from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.paths import CURATED_DIR, GAZETTEER_DIR
from geo.records import Mention

POST_PREFIXES = ("op2020_", "op_")
KINDS = {"op2020_": "military_post_2020", "op_": "obs_post_2018"}
LINK_KM = 3.0


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _kind(row: dict[str, str]) -> str:
    """obs_post_2018 / military_post_2020 from an explicit kind, the note or the id prefix."""
    if row.get("kind") in KINDS.values():
        return row["kind"]
    m = re.search(r"kind=(\w+)", row.get("note") or "")
    if m:
        return m.group(1)
    return next((k for p, k in KINDS.items() if row["id"].startswith(p)), "military_post")


def _is_post(row: dict[str, str]) -> bool:
    if not row.get("id", "").startswith(POST_PREFIXES):
        return False
    return row.get("feature_code", "MILB") == "MILB" or "kind" in row


def _statuses(path: Path) -> dict[str, list[dict[str, str]]]:
    """post_id -> its status rows sorted by date."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in _read_csv(path):
        status = {"date": row.get("date") or None, "status": row.get("status", ""), "source": row.get("source", "")}
        out.setdefault(row.get("post_id", ""), []).append(status)
    for rows in out.values():
        rows.sort(key=lambda s: s["date"] or "")
    return out


def _established(statuses: list[dict[str, str]], note: str) -> str | None:
    for s in statuses:
        if s["status"].lower().startswith("establish"):
            return s["date"]
    m = re.search(r"[Ee]stablished (\d{1,2} \w+ \d{4}|\d{4}-\d\d-\d\d)", note or "")
    return m.group(1) if m else None


def _source_rows() -> list[dict[str, str]]:
    rows = _read_csv(CURATED_DIR / "places.csv")
    return rows if any(_is_post(r) for r in rows) else _read_csv(GAZETTEER_DIR / "points.csv")


@lru_cache(maxsize=1)
def _posts() -> tuple[dict[str, Any], ...]:
    statuses = _statuses(CURATED_DIR / "post_status.csv")
    posts = []
    for row in _source_rows():
        if not _is_post(row):
            continue
        history = statuses.get(row["id"], [])
        posts.append({
            "id": row["id"],
            "name": row.get("name", ""),
            "lat": _float(row.get("lat")),
            "lon": _float(row.get("lon")),
            "kind": _kind(row),
            "precision": row.get("precision") or row.get("coord_is") or "unknown",
            "source": row.get("source", ""),
            "established": _established(history, row.get("note", "")),
            "statuses": history,
            "note": row.get("note", ""),
        })
    return tuple(sorted(posts, key=lambda p: p["id"]))


def load_posts() -> list[dict[str, Any]]:
    """Every curated post as a dict (id, name, lat, lon, kind, precision, source, established, statuses, note)."""
    return [dict(p, statuses=[dict(s) for s in p["statuses"]]) for p in _posts()]


def _post_ids_for(place_id: str, lat: float, lon: float, settlement: bool,
                  posts: tuple[dict[str, Any], ...]) -> list[str]:
    """Posts a place denotes: the post itself (``cur:<id>``), or posts within LINK_KM of a town."""
    from geopy.distance import geodesic

    if place_id.startswith("cur:") and any(p["id"] == place_id[4:] for p in posts):
        return [place_id[4:]]
    if not settlement:
        return []
    # a degree box first (1 degree of latitude is over 110 km; longitude degrees shrink by cos(lat)),
    # so the exact geodesic is only computed for posts that can be within LINK_KM
    dlat = LINK_KM / 110.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return [p["id"] for p in posts if p["lat"] is not None and p["lon"] is not None
            and abs(p["lat"] - lat) <= dlat and abs(p["lon"] - lon) <= dlon
            and geodesic((lat, lon), (p["lat"], p["lon"])).km <= LINK_KM]


def link_post_mentions(mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Pairs (mention, post id) for mentions of a post or of the place a post is at.

    A mention links by ``cur:<post id>``, or when its place is a populated
    place (feature class P) within :data:`LINK_KM` of a post with coordinates.
    """
    posts = _posts()
    return [(m, pid) for m in mentions
            for pid in _post_ids_for(m.place.place_id, m.place.lat, m.place.lon, m.place.feature_class == "P", posts)]


def link_post_rows(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Stored mention rows grouped by the post they mention (same rule as link_post_mentions)."""
    posts = _posts()
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        settlement = str(row.get("feature_code") or "").startswith("PPL")
        for pid in _post_ids_for(str(row.get("place_id") or ""), float(row["lat"]), float(row["lon"]), settlement, posts):
            out.setdefault(pid, []).append(row)
    return out
