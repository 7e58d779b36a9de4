"""What a map shows: the store's rows as one plain record, filtered for views.

``MapData`` holds lists of dicts in the store's row shapes (see
docs/CONTRACTS.md), so the map builder and the dashboard can be fed from a
real store (:func:`map_data_from_store`) or from hand-made dicts in tests.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, Iterable, Sequence

UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class MapData:
    """Rows to draw: mentions (with doc_id, sentence), events, claims, documents, posts."""

    mentions: tuple[dict[str, Any], ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    documents: tuple[dict[str, Any], ...] = ()
    posts: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, tuple(getattr(self, f.name) or ()))

    def documents_by_id(self) -> dict[str, dict[str, Any]]:
        """Documents keyed by doc_id."""
        return {d["doc_id"]: d for d in self.documents if d.get("doc_id")}


def id_list(value: Any) -> list[str]:
    """A list of ids from a list, a tuple, a JSON array string or None."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [v.strip() for v in value.split(",") if v.strip()]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]
    return [str(v) for v in value]


def posts_near(posts: Iterable[dict[str, Any]], mentions: Iterable[dict[str, Any]],
               margin: float = 0.25) -> list[dict[str, Any]]:
    """The posts with coordinates inside the box of the literal mentions (grown by ``margin`` degrees)."""
    points = [(float(m["lat"]), float(m["lon"])) for m in mentions
              if (m.get("kind") or "literal") == "literal" and m.get("lat") is not None
              and m.get("lon") is not None]
    if not points:
        return []
    south, north = min(p[0] for p in points) - margin, max(p[0] for p in points) + margin
    west, east = min(p[1] for p in points) - margin, max(p[1] for p in points) + margin
    return [p for p in posts if p.get("lat") is not None and p.get("lon") is not None
            and south <= float(p["lat"]) <= north and west <= float(p["lon"]) <= east]


def _store_posts(store: Any, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Observation posts: the store's if it keeps them, else the curated posts in the mapped area."""
    posts = getattr(store, "posts", None)
    if callable(posts):
        return list(posts())
    try:
        from geo.extract.posts import load_posts
    except ImportError:
        return []
    from geo.extract.posts import link_post_rows

    linked = link_post_rows(mentions)
    return [{**p, "mentions": linked.get(p["id"], [])} for p in posts_near(load_posts(), mentions)]


def _store_documents(store: Any) -> list[dict[str, Any]]:
    """Document rows without their text when the store can leave it out."""
    try:
        return list(store.documents(with_text=False))
    except TypeError:
        return list(store.documents())


def map_data_from_store(store: Any) -> MapData:
    """Read every row the map needs from a ``geo.store.Store``."""
    mentions = list(store.mentions())
    return MapData(
        mentions=mentions,
        events=store.events(),
        claims=store.claims(),
        documents=_store_documents(store),
        posts=_store_posts(store, mentions),
    )


def outlet_of(row: dict[str, Any]) -> str:
    """The row's outlet, or a visible placeholder."""
    return str(row.get("outlet") or UNKNOWN)


def filter_options(data: MapData) -> dict[str, list[str]]:
    """The values each dashboard filter can take, sorted."""
    return {
        "outlets": sorted({outlet_of(d) for d in data.documents}),
        "kinds": sorted({str(m.get("kind") or "literal") for m in data.mentions}),
        "event_types": sorted({str(e.get("event_type") or UNKNOWN) for e in data.events}),
    }


def _keep(value: str, allowed: Iterable[str] | None) -> bool:
    return allowed is None or value in set(allowed)


def filter_map_data(
    data: MapData,
    outlets: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    event_types: Sequence[str] | None = None,
    min_confidence: float = 0.0,
) -> MapData:
    """The rows that pass the filters; None for a filter means "everything".

    ``outlets`` selects documents (and so their mentions, events and claims);
    ``kinds`` and ``min_confidence`` select mentions; ``event_types`` events.
    """
    docs = [d for d in data.documents if _keep(outlet_of(d), outlets)]
    doc_ids = {d.get("doc_id") for d in docs}
    mentions = [
        m for m in data.mentions
        if m.get("doc_id") in doc_ids
        and _keep(str(m.get("kind") or "literal"), kinds)
        and float(m.get("confidence") or 0.0) >= min_confidence
    ]
    events = [
        e for e in data.events
        if e.get("doc_id") in doc_ids and _keep(str(e.get("event_type") or UNKNOWN), event_types)
    ]
    claims = [c for c in data.claims if c.get("doc_id") in doc_ids]
    return MapData(mentions=mentions, events=events, claims=claims, documents=docs, posts=data.posts)


DOCUMENT_COLUMNS = ("title", "outlet", "author", "published", "time_precision", "date_source", "path")
EVENT_COLUMNS = ("event_date", "event_type", "sub_event_type", "location", "actor1", "actor2",
                 "fatalities", "geo_precision", "outlet", "sentence", "cluster_id")
CLAIM_COLUMNS = ("claim_date", "speaker", "speaker_role", "cue", "content", "outlet")


def table_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Rows cut to ``columns`` (missing keys become None) for a table view."""
    return [{c: row.get(c) for c in columns} for row in rows]
