"""Group events that several documents report: same kind, place and time.

Two events match when they have the same ``event_type`` and compatible
``sub_event_type`` (equal, or listed together in :data:`COMPATIBLE`), both
have dates no more than :data:`MAX_DAYS` apart (more when a date is only
known to the week or month, :data:`DAYS_BY_PRECISION`), and both have places: the same
``place_id`` (0 km) or coordinates within a distance that grows with the
coarser of the two ``geo_precision`` values (:data:`MAX_KM`).  Events without
a date or without a place never match.  Clusters are the connected
components of that relation; a cluster id is a hash of its sorted member ids.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from geo.extract.dates import parse_iso

MAX_DAYS = 2
#: Date tolerance (days) by the coarser time_precision of the pair.
DAYS_BY_PRECISION = {1: MAX_DAYS, 2: 4, 3: 7}
#: Distance tolerance (km) by the coarser geo_precision of the pair.
MAX_KM = {1: 5.0, 2: 15.0, 3: 40.0}
#: Sub-types that may describe the same happening from different angles.
COMPATIBLE = (
    frozenset({"Armed clash", "Shelling/artillery/missile attack", "Air/drone strike"}),
)


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("event_type") == b.get("event_type") and a.get("sub_event_type") == b.get("sub_event_type"):
        return True
    subs = {a.get("sub_event_type"), b.get("sub_event_type")}
    return any(subs <= group for group in COMPATIBLE)


def _days_apart(a: dict[str, Any], b: dict[str, Any]) -> int | None:
    da, db = parse_iso(a.get("event_date")), parse_iso(b.get("event_date"))
    if da is None or db is None:
        return None
    return abs((da - db).days)


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Distance between two events' places; 0 for the same place_id, None without coordinates."""
    if a.get("place_id") and a.get("place_id") == b.get("place_id"):
        return 0.0
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return None
    from geopy.distance import geodesic

    return geodesic((a["lat"], a["lon"]), (b["lat"], b["lon"])).km


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two event rows plausibly report the same happening."""
    if not _compatible(a, b):
        return False
    days = _days_apart(a, b)
    coarse = max(a.get("time_precision") or 3, b.get("time_precision") or 3)
    if days is None or days > DAYS_BY_PRECISION.get(coarse, MAX_DAYS):
        return False
    precision = max(a.get("geo_precision") or 3, b.get("geo_precision") or 3)
    limit = MAX_KM.get(precision, MAX_KM[3])
    if _far_apart_in_latitude(a, b, limit):
        return False
    km = distance_km(a, b)
    if km is None:
        return False
    return km <= limit


#: Fewest km in one degree of latitude (a meridian degree is 110.57-111.69 km).
_KM_PER_DEGREE_LAT = 110.5


def _far_apart_in_latitude(a: dict[str, Any], b: dict[str, Any], limit: float) -> bool:
    """Cheap exact pre-check: places whose latitudes alone put them more than ``limit`` km apart."""
    if a.get("place_id") and a.get("place_id") == b.get("place_id"):
        return False
    if a.get("lat") is None or b.get("lat") is None:
        return False
    return abs(a["lat"] - b["lat"]) * _KM_PER_DEGREE_LAT > limit


def _components(ids: list[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find), each sorted, in sorted order."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    return sorted(sorted(g) for g in groups.values())


def cluster_id(member_ids: Iterable[str]) -> str:
    """A deterministic id for a set of event ids."""
    digest = hashlib.sha1("|".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return "cl_" + digest[:12]


def cluster_events(events: list[dict[str, Any]]) -> dict[str, str]:
    """Map every event_id to a cluster id.

    Takes event rows (dicts with event_id, event_type, sub_event_type,
    event_date, place_id, lat, lon, geo_precision).  Returns
    ``{event_id: cluster_id}``; a single event is its own cluster.
    """
    rows = {e["event_id"]: e for e in events}
    ids = sorted(rows)
    edges = list(_candidate_edges(rows))
    mapping: dict[str, str] = {}
    for members in _components(ids, edges):
        cid = cluster_id(members)
        for member in members:
            mapping[member] = cid
    return mapping


def _type_key(e: dict[str, Any]) -> tuple:
    """Events can match only within one key: a COMPATIBLE group, else the same type and sub-type."""
    sub = e.get("sub_event_type")
    for k, group in enumerate(COMPATIBLE):
        if sub in group:
            return ("group", k)
    return ("type", e.get("event_type"), sub)


def _candidate_edges(rows: dict[str, dict[str, Any]]) -> Iterable[tuple[str, str]]:
    """The pairs ``same_event`` accepts, testing only pairs of one type key at most
    ``max(DAYS_BY_PRECISION)`` days apart (others can never match): near-linear, not quadratic."""
    window = max(DAYS_BY_PRECISION.values())
    blocks: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    for event_id, e in rows.items():
        day = parse_iso(e.get("event_date"))
        if day is not None:  # undated events never match
            blocks[_type_key(e)].append((day.toordinal(), event_id))
    for block in blocks.values():
        block.sort()
        for i, (day, a) in enumerate(block):
            for other_day, b in block[i + 1:]:
                if other_day - day > window:
                    break
                pair = (a, b) if a < b else (b, a)
                if same_event(rows[pair[0]], rows[pair[1]]):
                    yield pair


def cluster_outlets(events: list[dict[str, Any]], clusters: dict[str, str]) -> dict[str, list[str]]:
    """The distinct outlets (event ``source``, else ``doc_id``) of each cluster, sorted."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for e in events:
        cid = clusters.get(e["event_id"])
        if cid is not None:
            outlets[cid].add(e.get("source") or e.get("doc_id") or "unknown")
    return {cid: sorted(names) for cid, names in sorted(outlets.items())}


def corroborated(events: list[dict[str, Any]], clusters: dict[str, str]) -> dict[str, list[str]]:
    """Only the clusters reported by two or more distinct outlets."""
    return {cid: names for cid, names in cluster_outlets(events, clusters).items() if len(names) > 1}


#: The widest date gap any pair can link across (days).
LINK_WINDOW = max(DAYS_BY_PRECISION.values())


def _key_query(key: tuple) -> tuple[str | None, list[str]]:
    """(event_type or None, sub_event_types) selecting exactly the events of one type key."""
    if key[0] == "group":
        return None, sorted(COMPATIBLE[key[1]])
    return key[1], [key[2]]


def _iso(ordinal: int) -> str:
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal())).isoformat()


def recluster_changed(
    dirty: list[dict[str, Any]],
    events_by_id: Callable[[list[str]], list[dict[str, Any]]],
    events_in_clusters: Callable[[list[str]], list[dict[str, Any]]],
    events_by_type: Callable[[str | None, list[str], str, str], list[dict[str, Any]]],
) -> dict[str, str]:
    """New cluster ids for just the clusters a change can affect; equal to ``cluster_events`` over all.

    ``dirty`` holds ``{event_id, cluster_id}`` rows: events inserted or changed
    (cluster_id None or their former one) and deleted (their former cluster).
    Clusters are connected components, so only the components holding an
    inserted or changed event, or a surviving member of a cluster that lost
    or changed a member, can differ from the stored ones.  Those seed events
    are read, then every event of the same type key within :data:`LINK_WINDOW`
    days of any event reached from a seed (``events_by_type`` with ISO bounds
    ``start <= event_date < end``; the margin doubles each round so a long
    chain needs few rounds), repeated until every event in a seed's
    component has its whole window read: the components are then exact.
    Returns ``{event_id: cluster_id}`` for the events of those components.
    """
    loaded: dict[str, dict[str, Any]] = {}

    def load(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            loaded.setdefault(row["event_id"], row)

    load(events_by_id([d["event_id"] for d in dirty]))
    seeds = set(loaded)
    load(events_in_clusters(sorted({d["cluster_id"] for d in dirty if d.get("cluster_id")})))
    seeds = set(loaded)
    covered: dict[tuple, list[tuple[int, int]]] = defaultdict(list)  # merged, sorted ordinal intervals read

    def is_covered(key: tuple, lo: int, hi: int) -> bool:
        return any(a <= lo and hi <= b for a, b in covered[key])

    pending = seeds
    mapping: dict[str, str] | None = None
    pad = LINK_WINDOW  # doubled each round, so a long chain takes a few rounds, not one per week
    while True:
        need: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        for event_id in pending:
            e = loaded[event_id]
            day = parse_iso(e.get("event_date"))
            if day is None:
                continue
            key, ordinal = _type_key(e), day.toordinal()
            if not is_covered(key, ordinal - LINK_WINDOW, ordinal + LINK_WINDOW):
                need[key].append((ordinal - pad, ordinal + pad))
        pad *= 2
        if not need:
            break
        for key, wanted in need.items():
            event_type, subs = _key_query(key)
            for lo, hi in _merge(wanted):
                for a, b in _subtract((lo, hi), covered[key]):
                    load(events_by_type(event_type, subs, _iso(a), _iso(b + 1)))
                covered[key] = _merge(covered[key] + [(lo, hi)])
        # Components among what is read; the seeds' may still grow at their edges.
        mapping = cluster_events(list(loaded.values()))
        reached = {cid for eid, cid in mapping.items() if eid in seeds}
        pending = {eid for eid, cid in mapping.items() if cid in reached}
    if mapping is None:  # no dated seed: nothing was read beyond the seeds
        mapping = cluster_events(list(loaded.values()))
    reached = {cid for eid, cid in mapping.items() if eid in seeds}
    return {eid: cid for eid, cid in mapping.items() if cid in reached}


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged closed integer intervals."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _subtract(interval: tuple[int, int], covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of closed ``interval`` outside the merged ``covered`` intervals."""
    lo, hi = interval
    parts = []
    for a, b in covered:
        if b < lo or a > hi:
            continue
        if a > lo:
            parts.append((lo, a - 1))
        lo = max(lo, b + 1)
    if lo <= hi:
        parts.append((lo, hi))
    return parts
