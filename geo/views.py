"""What the dashboard shows besides the map: the timeline, the items at a clicked point, the tables.

Pure functions over ``MapData`` (no streamlit), so the dashboard's logic is
tested on real rows without a browser:

* :func:`timeline_counts` -- events per day by type, for the timeline chart;
* :func:`details_at` -- everything at the map item an analyst clicked
  (events, claims, mentions, posts), matched by the click's lat/lng and the
  item's tooltip;
* :func:`event_table` / :func:`claim_table` -- the table views' rows, with
  the document each row comes from.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from geo.mapdata import UNKNOWN, MapData, id_list, outlet_of

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Items closer than this (degrees) to the chosen point are "at the same place".
SAME_SPOT_DEG = 1e-5
#: A click farther than this (degrees, longitude scaled) from every item selects nothing.
MAX_CLICK_DEG = 3.0
#: Without the item's tooltip (a cluster icon, an area) only an item this close (degrees) is taken.
UNNAMED_CLICK_DEG = 0.005
#: Handicap (degrees) of a road or area against a point: a road through a town must not win a click on the town.
SHAPE_HANDICAP_DEG = 0.02
GEO_PRECISION_LABELS = {1: "exact place", 2: "nearby / part of", 3: "region"}


def timeline_counts(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events per day by type: [{"day", "event_type", "events"}], sorted by day then type.

    Only events dated to a day are counted (a week or month would be drawn
    as a false spike on its first day).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for e in events:
        day = str(e.get("event_date") or "")[:10]
        if _DAY.fullmatch(day) and int(e.get("time_precision") or 1) <= 1:
            counts[(day, str(e.get("event_type") or UNKNOWN))] += 1
    return [{"day": d, "event_type": t, "events": n} for (d, t), n in sorted(counts.items())]


def timeline_html(counts: Sequence[dict[str, Any]], colours: dict[str, str], height: int = 150) -> str:
    """``timeline_counts`` as a stacked bar chart in plain HTML: no chart library to load, and nothing
    that Streamlit's ``st.html`` removes (it keeps the HTML profile of DOMPurify: no SVG).

    One column per day from the first to the last counted day, stacked from
    the bottom by event type in ``colours``' order (types missing from it are
    grey), each segment with a tooltip (its ``title``); the y axis' top
    value, the first, middle and last days, and a legend.  Every label is
    escaped.  "" when nothing is counted.
    """
    from datetime import date, timedelta

    from geo.popups import esc

    if not counts:
        return ""
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    for c in counts:
        per_day[str(c["day"])][str(c["event_type"])] = int(c["events"])
    first, last = date.fromisoformat(min(per_day)), date.fromisoformat(max(per_day))
    days = [(first + timedelta(n)).isoformat() for n in range((last - first).days + 1)]
    top = max(sum(v.values()) for v in per_day.values())
    order = [t for t in colours if any(t in v for v in per_day.values())]
    order += sorted({t for v in per_day.values() for t in v} - set(order))
    columns = []
    for day in days:
        counted = per_day.get(day, {})
        bars = "".join(
            f"<div class='geo-timeline-bar' title='{esc(day)} \u00b7 {esc(etype)}: {counted[etype]}' "
            f"style='height:{100 * counted[etype] / top:.2f}%;background:{esc(colours.get(etype, '#7f8c8d'))}'></div>"
            for etype in order if counted.get(etype))
        columns.append(f"<div class='geo-timeline-day' title='{esc(day)}: {sum(counted.values())} events' "
                       "style='flex:1 1 0;min-width:1px;height:100%;display:flex;flex-direction:column-reverse'>"
                       f"{bars}</div>")
    marks = [days[i] for i in sorted({0, len(days) // 2, len(days) - 1})]
    legend = "".join(f"<span style='margin-right:10px;white-space:nowrap'><span style='display:inline-block;"
                     f"width:10px;height:10px;background:{esc(colours.get(t, '#7f8c8d'))};margin-right:4px'></span>"
                     f"{esc(t)}</span>" for t in order)
    return (f"<div class='geo-timeline-box' style='font:11px sans-serif'>"
            f"<div style='display:flex;height:{height - 22}px'>"
            "<div style='width:30px;padding-right:4px;text-align:right;display:flex;flex-direction:column;"
            f"justify-content:space-between'><span>{top}</span><span>0</span></div>"
            "<div class='geo-timeline-chart' role='img' aria-label='events per day by type' "
            "style='flex:1;display:flex;align-items:flex-end;gap:1px;border-bottom:1px solid #999'>"
            f"{''.join(columns)}</div></div>"
            "<div class='geo-timeline-days' style='margin-left:34px;display:flex;justify-content:space-between'>"
            f"{''.join(f'<span>{esc(d)}</span>' for d in marks)}</div>"
            f"<div class='geo-timeline-legend' style='font:12px sans-serif'>{legend}</div></div>")


# -- the clicked point ---------------------------------------------------------------------


@dataclass
class Spot:
    """One drawn item's location and what it stands for."""

    lat: float
    lon: float
    labels: set[str] = field(default_factory=set)
    place_ids: set[str] = field(default_factory=set)
    event_ids: set[str] = field(default_factory=set)
    post_ids: set[str] = field(default_factory=set)
    shape: Any = None  # a shapely geometry for roads and areas


@dataclass(frozen=True)
class Detail:
    """Everything at one clicked map item, each list sorted by date."""

    lat: float
    lon: float
    names: tuple[str, ...]
    place_ids: tuple[str, ...]
    events: tuple[dict[str, Any], ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    mentions: tuple[dict[str, Any], ...] = ()
    posts: tuple[dict[str, Any], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.events or self.claims or self.mentions or self.posts)


def _point(row: dict[str, Any], lat: str = "lat", lon: str = "lon") -> tuple[float, float] | None:
    try:
        point = float(row[lat]), float(row[lon])
    except (KeyError, TypeError, ValueError):
        return None
    return point if all(math.isfinite(v) for v in point) else None


def _shape(geometry: Any) -> Any:
    """A shapely geometry for a line or area (None for points and bad geometries)."""
    if not isinstance(geometry, dict) or geometry.get("type") in (None, "Point", "MultiPoint"):
        return None
    try:
        from shapely.geometry import shape

        return shape(geometry)
    except (ValueError, TypeError, AttributeError, ImportError):
        return None


def spot_index(data: MapData) -> list[Spot]:
    """Every drawn location: places (by place), events and event clusters, posts.

    Built once per view and passed to :func:`details_at` (it is most of a click's cost).
    """
    spots: dict[tuple[Any, ...], Spot] = {}

    def spot(key: tuple[Any, ...], point: tuple[float, float]) -> Spot:
        found = spots.get(key)
        if found is None:
            found = spots[key] = Spot(*point)
        return found

    for m in data.mentions:
        if (point := _point(m)) is None:
            continue
        s = spot(("place", m.get("place_id") or f"{m.get('name')}@{point}"), point)
        s.labels.update(str(v) for v in (m.get("name"), m.get("text")) if v)
        if m.get("place_id"):
            s.place_ids.add(str(m["place_id"]))
        if s.shape is None:
            s.shape = _shape(m.get("geometry"))
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in data.events:
        if (point := _point(e)) is None:
            continue
        s = spot(("event-at", e.get("place_id") or "", point), point)
        s.labels.update(str(v) for v in (e.get("location"), e.get("event_type")) if v)
        s.event_ids.add(str(e.get("event_id")))
        if e.get("place_id"):
            s.place_ids.add(str(e["place_id"]))
        if e.get("cluster_id"):
            clusters[str(e["cluster_id"])].append(e)
    for key, events in clusters.items():  # a cluster may be drawn at its reports' mean point
        points = [_point(e) for e in events]
        mean = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        s = spot(("cluster", key), mean)
        s.labels.update(str(v) for e in events for v in (e.get("location"), e.get("event_type")) if v)
        s.event_ids.update(str(e.get("event_id")) for e in events)
    for p in data.posts:
        if (point := _point(p)) is not None:
            s = spot(("post", p.get("id") or p.get("name")), point)
            s.labels.update(str(v) for v in (p.get("name"),) if v)
            s.post_ids.add(str(p.get("id") or p.get("name")))
    return list(spots.values())


def _distance(s: Spot, lat: float, lon: float) -> float:
    """Degrees between the click and the item (longitude scaled by the latitude's cosine)."""
    if s.shape is not None:
        from shapely.geometry import Point

        return s.shape.distance(Point(lon, lat)) + SHAPE_HANDICAP_DEG
    return math.hypot(s.lat - lat, (s.lon - lon) * math.cos(math.radians(lat)))


def _named_in(s: Spot, tooltip: str) -> bool:
    text = tooltip.casefold()
    return any(label.casefold() in text for label in s.labels if len(label) > 1)


def _by_date(rows: Iterable[dict[str, Any]], key: str) -> tuple[dict[str, Any], ...]:
    return tuple(sorted(rows, key=lambda r: (str(r.get(key) or ""), str(r.get("doc_id")),
                                             int(r.get("start") or r.get("sentence_start") or 0))))


def details_at(data: MapData, lat: float, lon: float, tooltip: str | None = None,
               max_deg: float | None = None, spots: list[Spot] | None = None) -> Detail | None:
    """The items at the map object clicked at (``lat``, ``lon``), or None when nothing is near.

    Leaflet reports the mouse position for a large circle and any point of a
    line, so the nearest drawn item wins; when the click also carries the
    item's ``tooltip`` text, items named in it are preferred (two markers can
    overlap).  A click without a tooltip (a cluster icon, which the map zooms
    into, or an area) selects only an item within ``UNNAMED_CLICK_DEG``.  Everything drawn at the chosen item's point is included: the
    place's mentions, the events there (and the other reports of their
    clusters), the claims about those places or events, the posts there.
    """
    if max_deg is None:
        max_deg = MAX_CLICK_DEG if tooltip else UNNAMED_CLICK_DEG
    every = spots if spots is not None else spot_index(data)
    named = [s for s in every if tooltip and _named_in(s, tooltip)]
    ranked = sorted(named or every, key=lambda s: _distance(s, lat, lon))
    if not ranked or _distance(ranked[0], lat, lon) > max_deg:
        return None
    best = ranked[0]
    here = [s for s in every if s is best or (best.shape is None and s.shape is None
                                              and abs(s.lat - best.lat) < SAME_SPOT_DEG
                                              and abs(s.lon - best.lon) < SAME_SPOT_DEG)]
    place_ids = set().union(*(s.place_ids for s in here))
    event_ids = set().union(*(s.event_ids for s in here))
    post_ids = set().union(*(s.post_ids for s in here))
    events = [e for e in data.events if str(e.get("event_id")) in event_ids
              or (e.get("place_id") and str(e["place_id"]) in place_ids and _point(e))]
    event_ids |= {str(e.get("event_id")) for e in events}
    claims = [c for c in data.claims if set(id_list(c.get("place_ids"))) & place_ids
              or set(id_list(c.get("event_ids"))) & event_ids]
    mentions = [m for m in data.mentions if m.get("place_id") and str(m["place_id"]) in place_ids]
    posts = [p for p in data.posts if str(p.get("id") or p.get("name")) in post_ids]
    names = sorted({str(m.get("name")) for m in mentions if m.get("name")}
                   | {str(e.get("location")) for e in events if e.get("location") and not mentions}
                   | {str(p.get("name")) for p in posts if p.get("name")})
    return Detail(best.lat, best.lon, tuple(names), tuple(sorted(place_ids)), _by_date(events, "event_date"),
                  _by_date(claims, "claim_date"), _by_date(mentions, "published"), tuple(posts))


# -- provenance helpers for the panel ------------------------------------------------------


def corroborating_outlets(events: Sequence[dict[str, Any]], all_events: Iterable[dict[str, Any]],
                          documents: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """event_id -> the outlets reporting the same event (its cluster), sorted."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for e in all_events:
        doc = documents.get(e.get("doc_id"), {})
        outlets[str(e.get("cluster_id") or e.get("event_id"))].add(outlet_of(e if e.get("outlet") else doc))
    return {str(e.get("event_id")): sorted(outlets[str(e.get("cluster_id") or e.get("event_id"))])
            for e in events}


def place_mention(row: dict[str, Any], mentions: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The mention of ``row``'s place in ``row``'s sentence (an event's evidence), if there is one."""
    start, end = row.get("sentence_start"), row.get("sentence_end")
    for m in mentions:
        if m.get("doc_id") != row.get("doc_id") or m.get("place_id") != row.get("place_id"):
            continue
        if start is None or end is None or int(start) <= int(m.get("start") or -1) < int(end):
            return m
    return None


def place_text_in(row: dict[str, Any], mentions: Iterable[dict[str, Any]]) -> str | None:
    """The words of ``row``'s sentence that name its place (for highlighting), else its location."""
    mention = place_mention(row, mentions)
    return mention.get("text") if mention else row.get("location")


def claim_sentence(claim: dict[str, Any], mentions: Iterable[dict[str, Any]]) -> str | None:
    """The sentence a claim was taken from, via a mention in the same sentence (else None)."""
    for m in mentions:
        if m.get("doc_id") == claim.get("doc_id") and m.get("sentence_start") is not None \
                and int(m["sentence_start"]) <= int(claim.get("sentence_start") or -1) < int(m["sentence_end"]):
            return m.get("sentence")
    return None


def confidence_of(event: dict[str, Any], mentions: Iterable[dict[str, Any]]) -> float | None:
    """The confidence of the place an event is at: its document's best mention of that place."""
    values = [float(m["confidence"]) for m in mentions if m.get("doc_id") == event.get("doc_id")
              and m.get("place_id") == event.get("place_id") and m.get("confidence") is not None]
    return max(values) if values else None


# -- tables ----------------------------------------------------------------------------------


def document_link(doc_id: Any, mention_id: Any = None) -> str | None:
    """The dashboard's document view for ``doc_id`` (a relative URL; ``mention_id`` selects a place), or None."""
    from urllib.parse import quote

    if not doc_id:
        return None
    mention = f"&mention={int(mention_id)}" if isinstance(mention_id, int) else ""
    return f"Document?doc={quote(str(doc_id))}{mention}"


def event_table(data: MapData) -> list[dict[str, Any]]:
    """One row per event (ACLED-style columns from ``geo.formats``) plus a link to its document."""
    from geo.formats import event_records

    return [{**{k: v for k, v in r.items() if k != "geometry"}, "document": document_link(r.get("doc_id"))}
            for r in event_records(data)]


def claim_table(data: MapData) -> list[dict[str, Any]]:
    """One row per claim (columns from ``geo.formats``) plus a link to its document."""
    from geo.formats import claim_records

    return [{**{k: v for k, v in r.items() if k != "geometry"}, "document": document_link(r.get("doc_id"))}
            for r in claim_records(data)]
