"""What a map shows: the store's rows as one plain record, filtered for views.

``MapData`` holds lists of dicts in the store's row shapes (see
docs/CONTRACTS.md), so the map builder and the dashboard can be fed from a
real store (:func:`map_data_from_store`) or from hand-made dicts in tests.
"""
from __future__ import annotations

import json
import re
from contextlib import nullcontext
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

    # link one mention per place (the rule depends only on the place), then give each post
    # every mention of its places: 20,000 mentions name a few hundred places
    by_place: dict[tuple, list[dict[str, Any]]] = {}
    for m in mentions:
        by_place.setdefault((m.get("place_id"), m.get("lat"), m.get("lon"), m.get("feature_code")), []).append(m)
    firsts = {id(rows[0]): rows for rows in by_place.values()}
    linked = {pid: [m for first in rows for m in firsts[id(first)]]
              for pid, rows in link_post_rows([rows[0] for rows in by_place.values()]).items()}
    return [{**p, "mentions": linked.get(p["id"], [])} for p in posts_near(load_posts(), mentions)]


def _store_documents(store: Any) -> list[dict[str, Any]]:
    """Document rows without their text when the store can leave it out."""
    try:
        return list(store.documents(with_text=False))
    except TypeError:
        return list(store.documents())


def map_data_from_store(store: Any) -> MapData:
    """Read every row the map needs from a ``geo.store.Store``, all from one snapshot.

    Read in one read transaction (``Store.snapshot``), so an ingest writing
    meanwhile never shows a document without its mentions, events or claims.
    """
    snapshot = getattr(store, "snapshot", None)
    with snapshot() if callable(snapshot) else nullcontext():
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


def filter_options(data: MapData) -> dict[str, Any]:
    """The values each dashboard filter can take, sorted; "dates" is (first, last) day or None."""
    dated = [p for r in data.events if (p := _period(r.get("event_date")))]
    dated += [p for r in data.documents if (p := _period(r.get("published")))]
    return {
        "outlets": sorted({outlet_of(d) for d in data.documents}),
        "kinds": sorted({str(m.get("kind") or "literal") for m in data.mentions}),
        "event_types": sorted({str(e.get("event_type") or UNKNOWN) for e in data.events}),
        "actors": sorted({str(a) for e in data.events for a in (e.get("actor1"), e.get("actor2")) if a}),
        "claimants": sorted({str(c.get("speaker") or UNKNOWN) for c in data.claims}),
        "geo_precisions": sorted({int(e["geo_precision"]) for e in data.events
                                  if e.get("geo_precision") is not None}),
        "dates": (min(p[0] for p in dated), max(_valid_day(p[1]) for p in dated)) if dated else None,
    }


def _valid_day(day: str) -> str:
    """A period's last day made a real date ("2020-02-31" -> "2020-02-29")."""
    import calendar

    year, month = int(day[:4]), int(day[5:7])
    return f"{day[:8]}{min(int(day[8:]), calendar.monthrange(year, month)[1]):02d}"


def period(value: Any) -> tuple[str, str] | None:
    """The first and last day a (partial) ISO date covers, or None: "2020-02" -> ("2020-02-01", "2020-02-31").

    The last day may be past the month's end ("-31"); compare as strings or pass it to :func:`valid_day`.
    """
    return _period(value)


def valid_day(day: str) -> str:
    """A day made a real date ("2020-02-31" -> "2020-02-29")."""
    return _valid_day(day)


def _keep(value: str, allowed: Iterable[str] | None) -> bool:
    return allowed is None or value in set(allowed)


def _period(value: Any) -> tuple[str, str] | None:
    """The first and last day a partial ISO date covers: "2020-02" -> ("2020-02-01", "2020-02-31")."""
    text = str(value or "")[:10]
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return None
    return (text + "-01-01"[len(text) - 4:], text + "-12-31"[len(text) - 4:])


def _in_dates(value: Any, date_from: str | None, date_to: str | None) -> bool:
    """Whether a (partial) date's period overlaps [date_from, date_to]; undated rows only pass no range."""
    if not date_from and not date_to:
        return True
    period = _period(value)
    if period is None:
        return False
    return (not date_from or period[1] >= date_from) and (not date_to or period[0] <= date_to)


def _csv(values: Iterable[Any]) -> str:
    return ",".join(str(v) for v in values)


@dataclass(frozen=True)
class Filters:
    """One view's filters; None for a selection means "everything".

    Dates are ISO days ("2020-02-27"); an event dated only to a month passes
    when its month overlaps the range, an undated row only when no range is
    set.  ``outlets`` selects documents and so everything found in them;
    ``kinds``, ``min_confidence`` and ``literal_only`` select mentions (and
    the events and claims placed by mentions below the bar drop with them);
    ``geo_precisions`` events (1 = exact place, 2 = nearby, 3 = region).
    ``text`` keeps rows whose sentence, place, actors or speaker contain it.
    """

    date_from: str | None = None
    date_to: str | None = None
    event_types: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None
    claimants: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    geo_precisions: tuple[int, ...] | None = None
    min_confidence: float = 0.0
    literal_only: bool = False
    text: str = ""

    def __post_init__(self) -> None:
        for name in ("event_types", "actors", "outlets", "claimants", "kinds"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(str(v) for v in value))
        if self.geo_precisions is not None:
            object.__setattr__(self, "geo_precisions", tuple(int(v) for v in self.geo_precisions))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            object.__setattr__(self, name, str(value)[:10] if value else None)

    def to_query(self) -> dict[str, str]:
        """The filters that differ from "everything", as URL query parameters."""
        query: dict[str, str] = {}
        if self.date_from:
            query["from"] = self.date_from
        if self.date_to:
            query["to"] = self.date_to
        for name, key in _LIST_PARAMS:
            value = getattr(self, name)
            if value is not None:
                query[key] = _csv(value)
        if self.min_confidence:
            query["min_conf"] = f"{self.min_confidence:g}"
        if self.literal_only:
            query["literal"] = "1"
        if self.text:
            query["q"] = self.text
        return query

    @classmethod
    def from_query(cls, query: dict[str, Any]) -> Filters:
        """Filters from URL query parameters (as written by :meth:`to_query`); bad values are ignored."""
        def one(key: str) -> str:
            value = query.get(key)
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            return str(value or "").strip()

        kwargs: dict[str, Any] = {}
        for key, name in (("from", "date_from"), ("to", "date_to")):
            if _period(one(key)):
                kwargs[name] = _period(one(key))[0] if name == "date_from" else _period(one(key))[1]
        for name, key in _LIST_PARAMS:
            if key in query:
                items = [v for v in one(key).split(",") if v]
                if name == "geo_precisions":
                    items = [v for v in items if v.isdigit()]
                kwargs[name] = tuple(items)
        try:
            kwargs["min_confidence"] = min(max(float(one("min_conf") or 0.0), 0.0), 1.0)
        except ValueError:
            pass
        kwargs["literal_only"] = one("literal") in ("1", "true", "yes")
        kwargs["text"] = one("q")
        return cls(**kwargs)


_LIST_PARAMS = (("event_types", "type"), ("actors", "actor"), ("outlets", "outlet"),
                ("claimants", "claimant"), ("kinds", "kind"), ("geo_precisions", "precision"))


def _contains(needle: str, *values: Any) -> bool:
    return not needle or any(needle in str(v or "").casefold() for v in values)


def filter_map_data(data: MapData, filters: Filters | None = None, **kwargs: Any) -> MapData:
    """The rows that pass ``filters`` (or a ``Filters`` built from ``kwargs``).

    Mentions are dated by their document's publication date, events by
    ``event_date``, claims by ``claim_date`` (else their document's date).
    """
    f = filters if filters is not None else Filters(**kwargs)
    needle = f.text.casefold().strip()
    docs = [d for d in data.documents if _keep(outlet_of(d), f.outlets)]
    by_id = {d.get("doc_id"): d for d in docs}
    kinds = ("literal",) if f.literal_only else f.kinds
    placed = [
        m for m in data.mentions
        if m.get("doc_id") in by_id
        and _keep(str(m.get("kind") or "literal"), kinds)
        and float(m.get("confidence") or 0.0) >= f.min_confidence
    ]
    mentions = [
        m for m in placed
        if _in_dates(by_id[m.get("doc_id")].get("published"), f.date_from, f.date_to)
        and _contains(needle, m.get("sentence"), m.get("name"), m.get("text"))
    ]
    # an event whose place was only named below the confidence bar (or metonymically) drops too
    dropped = {(m.get("doc_id"), m.get("place_id")) for m in data.mentions if m.get("doc_id") in by_id} - \
        {(m.get("doc_id"), m.get("place_id")) for m in placed}
    events = [
        e for e in data.events
        if e.get("doc_id") in by_id
        and _keep(str(e.get("event_type") or UNKNOWN), f.event_types)
        and (f.actors is None or {str(e.get("actor1") or ""), str(e.get("actor2") or "")} & set(f.actors))
        and (f.geo_precisions is None or e.get("geo_precision") in f.geo_precisions)
        and _in_dates(e.get("event_date"), f.date_from, f.date_to)
        and (not e.get("place_id") or (e.get("doc_id"), e.get("place_id")) not in dropped)
        and _contains(needle, e.get("sentence"), e.get("location"), e.get("actor1"), e.get("actor2"))
    ]
    claims = [
        c for c in data.claims
        if c.get("doc_id") in by_id
        and _keep(str(c.get("speaker") or UNKNOWN), f.claimants)
        and _in_dates(c.get("claim_date") or by_id[c.get("doc_id")].get("published"), f.date_from, f.date_to)
        and _contains(needle, c.get("content"), c.get("speaker"), c.get("speaker_role"))
    ]
    return MapData(mentions=mentions, events=events, claims=claims, documents=docs, posts=data.posts)


DOCUMENT_COLUMNS = ("title", "outlet", "author", "published", "time_precision", "date_source", "path")
EVENT_COLUMNS = ("event_date", "event_type", "sub_event_type", "location", "actor1", "actor2",
                 "fatalities", "geo_precision", "outlet", "sentence", "cluster_id")
CLAIM_COLUMNS = ("claim_date", "speaker", "speaker_role", "cue", "content", "outlet")


def table_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Rows cut to ``columns`` (missing keys become None) for a table view."""
    return [{c: row.get(c) for c in columns} for row in rows]
