"""Events, claims, place search and the timeline as one compact data layer drawn by Leaflet.

One folium object per point is too heavy for 20,000 events, so
:func:`layer_payload` turns events and claims into short arrays (plain
strings, documents referenced by index) and :class:`DataLayer` writes them
once into the page with a small script (``geo/mapjs.py``) that makes the
markers, clusters them with Leaflet.markercluster, builds popups on click
with ``textContent`` (document text never becomes HTML), and adds the place
search and the timeline.  The JSON is written with ``< > & $ ` { }`` as
``\\uXXXX`` escapes, so no document string can close the script or look like
a template.

Where a marker sits (:func:`event_location`, :func:`claim_location`) is
public so that a view can find the rows behind a clicked point
(:func:`geo.mapdata.features_at`).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from typing import Any, Iterable

from branca.element import MacroElement
from folium.plugins import MarkerCluster, Search
from folium.template import Template

from geo.mapdata import UNKNOWN, MapData, id_list, outlet_of, period, valid_day
from geo.sides import claim_sides, side_colour

#: ACLED event types and their colours; other types get a colour from OTHER_TYPE_COLOURS.
EVENT_TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2e86c1",
    "Riots": "#d4ac0d",
    "Strategic developments": "#17a589",
}
OTHER_TYPE_COLOURS = ("#5d6d7e", "#a04000", "#1e8449", "#6c3483", "#b03a2e", "#2874a6")
#: Radius in metres of the uncertainty ring drawn round a geo precision 2 ("near") and 3 ("region") event.
PRECISION_RING_M = {2: 5_000, 3: 30_000}
_MAX_SENTENCE = 600
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "PCLF", "TERR", "CONT"}

# The plugins' files, named as folium's own plugin classes name them (their CDN URLs): the names index
# folium-offline's bundle (geo.assets inlines or serves the files) and are never fetched.
MARKERCLUSTER_JS = MarkerCluster.default_js[0]
MARKERCLUSTER_CSS = tuple(MarkerCluster.default_css)
SEARCH_JS = Search.default_js[0]
SEARCH_CSS = Search.default_css[0]


def type_colour(event_type: str | None, others: list[str]) -> str:
    """The colour of an event type; types outside ACLED's take the next colour of a fixed cycle."""
    if event_type in EVENT_TYPE_COLOURS:
        return EVENT_TYPE_COLOURS[event_type]
    if event_type not in others:
        others.append(str(event_type))
    return OTHER_TYPE_COLOURS[others.index(str(event_type)) % len(OTHER_TYPE_COLOURS)]


def _point(row: dict[str, Any]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if math.isfinite(lat) and math.isfinite(lon) else None


def event_location(event: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) an event is drawn at: its own coordinates, rounded as on the map."""
    p = _point(event)
    return (round(p[0], 5), round(p[1], 5)) if p else None


def place_points(mentions: Iterable[dict[str, Any]]) -> dict[str, tuple[float, float, bool]]:
    """place_id -> (lat, lon, is a country) for every mapped mention."""
    out: dict[str, tuple[float, float, bool]] = {}
    for m in mentions:
        p = _point(m)
        if p and m.get("place_id") and m["place_id"] not in out:
            out[str(m["place_id"])] = (p[0], p[1], m.get("feature_code") in _COUNTRY_CODES)
    return out


def claim_location(claim: dict[str, Any], events_by_id: dict[str, dict[str, Any]],
                   places: dict[str, tuple[float, float, bool]]) -> tuple[float, float] | None:
    """(lat, lon) a claim is drawn at.

    Its own place first (the first of ``place_ids`` below country level),
    else the event it is about, else a country it names; None when it has none.
    """
    own = [places[p] for p in id_list(claim.get("place_ids")) if p in places]
    for lat, lon, is_country in own:
        if not is_country:
            return round(lat, 5), round(lon, 5)
    for event_id in id_list(claim.get("event_ids")):
        event = events_by_id.get(event_id)
        if event and event_location(event):
            return event_location(event)
    return (round(own[0][0], 5), round(own[0][1], 5)) if own else None


def _highlight(sentence: str, needles: Iterable[str | None]) -> tuple[int, int]:
    """(start, end) of the first needle found in the sentence, else (-1, -1)."""
    for needle in needles:
        if needle and needle in sentence:
            i = sentence.index(needle)
            return i, i + len(needle)
    return -1, -1


def _date_span(value: Any) -> tuple[str, str]:
    span = period(value)
    return span if span else ("", "")


class _Docs:
    """Documents as a list referenced by index, so each event carries a number, not its source."""

    def __init__(self, data: MapData) -> None:
        self.rows: list[list[str]] = []
        self.index: dict[str, int] = {}
        for doc in data.documents:
            self.index[str(doc.get("doc_id"))] = len(self.rows)
            self.rows.append([outlet_of(doc), str(doc.get("title") or doc.get("path") or ""),
                              str(doc.get("published") or ""), 1])

    def ref(self, row: dict[str, Any]) -> int:
        key = str(row.get("doc_id"))
        if key not in self.index:
            self.index[key] = len(self.rows)
            # 0: not one of the store's documents (filter_map_data drops its rows)
            self.rows.append([outlet_of(row), str(row.get("title") or ""), str(row.get("published") or ""), 0])
        return self.index[key]


def _mention_texts(mentions: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m in mentions:
        if m.get("text"):
            texts[(str(m.get("doc_id")), str(m.get("place_id")))].append(str(m["text"]))
    return texts


class _Index:
    """Distinct strings as a list referenced by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    def rows(self) -> list[str]:
        return list(self.index)


def _mention_gates(data: MapData, kinds: _Index) -> dict[tuple[str, str], list[Any]]:
    """(doc_id, place_id) -> [kind, highest confidence, ...] of its mentions, for the confidence/kind filters."""
    best: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for m in data.mentions:
        k = kinds(str(m.get("kind") or "literal"))
        conf = float(m.get("confidence") or 0.0)
        gate = best[(str(m.get("doc_id")), str(m.get("place_id")))]
        gate[k] = max(conf, gate.get(k, conf))
    return {pair: [x for k, c in gate.items() for x in (k, c)] for pair, gate in best.items()}


def _rest(text: Any) -> str:
    """What of a text the popup leaves out (past _MAX_SENTENCE), so the text filter sees all of it."""
    return str(text or "")[_MAX_SENTENCE:]


def _event_rows(data: MapData, docs: _Docs, claim_index: dict[str, list[int]],
                actor_index: _Index, kinds: _Index) -> tuple[list, list]:
    others: list[str] = []
    types: dict[str, int] = {}
    type_keys: dict[str, str] = {}
    gates = _mention_gates(data, kinds)
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in data.events:
        clusters[str(e.get("cluster_id") or e.get("event_id"))].append(e)
    texts = _mention_texts(data.mentions)
    rows = []
    for e in data.events:
        where = event_location(e)
        if where is None:
            continue
        etype = str(e.get("event_type") or "event")
        if etype not in types:
            types[etype] = len(types)
            type_keys[etype] = str(e.get("event_type") or UNKNOWN)
        sentence = str(e.get("sentence") or "")[:_MAX_SENTENCE]
        start, end = _highlight(sentence, [e.get("location"),
                                           *texts.get((str(e.get("doc_id")), str(e.get("place_id"))), [])])
        reports = clusters[str(e.get("cluster_id") or e.get("event_id"))]
        actors = " vs ".join(str(a) for a in (e.get("actor1"), e.get("actor2")) if a)
        rows.append([where[0], where[1], types[etype], str(e.get("event_date") or ""),
                     int(e.get("time_precision") or 0), int(e.get("geo_precision") or 0),
                     str(e.get("location") or ""), actors,
                     "" if e.get("fatalities") is None else str(e.get("fatalities")),
                     sentence, start, end, docs.ref(e), len(reports), len({outlet_of(r) for r in reports}),
                     str(e.get("event_id") or ""), str(e.get("sub_event_type") or ""),
                     claim_index.get(str(e.get("event_id")), []),
                     [actor_index(str(a or "")) for a in (e.get("actor1"), e.get("actor2"))],
                     gates.get((str(e.get("doc_id")), str(e.get("place_id"))), 0) if e.get("place_id") else 0,
                     _rest(e.get("sentence"))])
    type_rows = [[name, type_colour(name, others), type_keys[name]] for name in types]
    return rows, type_rows


def _claim_rows(data: MapData, docs: _Docs) -> tuple[list, list, dict[str, list[int]]]:
    events_by_id = {str(e.get("event_id")): e for e in data.events}
    places = place_points(data.mentions)
    sides = claim_sides(data.claims)
    side_index: dict[str, int] = {}
    rows: list[list[Any]] = []
    by_event: dict[str, list[int]] = defaultdict(list)
    for c in data.claims:
        where = claim_location(c, events_by_id, places)
        side = sides.get(str(c.get("claim_id"))) or ""
        if side not in side_index:
            side_index[side] = len(side_index)
        for event_id in id_list(c.get("event_ids")):
            by_event[event_id].append(len(rows))
        rows.append([where[0] if where else None, where[1] if where else None, side_index[side],
                     str(c.get("claim_date") or ""), str(c.get("speaker") or ""), str(c.get("speaker_role") or ""),
                     str(c.get("content") or "")[:_MAX_SENTENCE], docs.ref(c), str(c.get("claim_id") or ""),
                     str(c.get("cue") or ""), _rest(c.get("content"))])
    side_rows = [[name or "unknown side", side_colour(name or None)] for name in side_index]
    return rows, side_rows, by_event


def _search_rows(data: MapData) -> list[list[Any]]:
    """[name, lat, lon] for each mapped place, for the search box."""
    seen: dict[str, list[Any]] = {}
    for m in data.mentions:
        p = _point(m)
        name = str(m.get("name") or "")
        if p and name and name not in seen:
            seen[name] = [name, round(p[0], 5), round(p[1], 5)]
    return sorted(seen.values(), key=lambda r: r[0].casefold())


#: How many leading fields of an event and a claim row the markers and tooltips use (the rest serve
#: popups and the in-browser filters, which a map without popups does not have).
LEAN_EVENT, LEAN_CLAIM = 7, 5


def layer_payload(data: MapData) -> dict[str, Any]:
    """The arrays the map script draws from: docs, events, claims, types, sides, places, dates."""
    docs = _Docs(data)
    claims, sides, by_event = _claim_rows(data, docs)
    actors, kinds = _Index(), _Index()
    events, types = _event_rows(data, docs, by_event, actors, kinds)
    spans = [_date_span(r[3]) for r in events] + [_date_span(r[3] or docs.rows[r[7]][2]) for r in claims if r[0] is not None]
    spans = [s for s in spans if s[0]]
    days = [min(s[0] for s in spans), valid_day(max(s[1] for s in spans))] if spans else None
    return {"docs": docs.rows, "events": events, "claims": claims, "types": types, "sides": sides,
            "places": _search_rows(data), "dates": days, "rings": PRECISION_RING_M,
            "actors": actors.rows(), "kinds": kinds.rows()}


_JS_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("$", "\\u0024"), ("`", "\\u0060"),
               ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _braces(match: re.Match[str]) -> str:
    text = match.group(0)
    return text.replace("{", "\\u007b").replace("}", "\\u007d") if "{" in text or "}" in text else text


def js_literal(value: Any) -> str:
    """``value`` as a JavaScript literal that cannot end a script or read as a template.

    JSON with ``< > & $ `` and line separators as ``\\uXXXX`` escapes, and
    ``{ }`` too inside strings (the structure's own braces stay).
    """
    text = _JSON_STRING.sub(_braces, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    for raw, escaped in _JS_ESCAPES:
        text = text.replace(raw, escaped)
    return text


class DataLayer(MacroElement):
    """Events, claims, search and timeline drawn in the browser from one payload.

    ``layer_control``: the folium ``LayerControl`` to list the layers in.
    ``popups``: False leaves popups out and keeps only what markers and
    tooltips need (the dashboard); the rows are then shown and hidden by
    ``geoMap.showRows`` alone (``applyFilters`` needs the full rows).
    ``timeline``: add a date range control when the data spans more than a
    day.  ``places``: circle rows from ``geo.render.add_place_layers`` (their
    popup and tooltip HTML escaped by ``geo.popups``), drawn into the layers
    named ``place_layers``.
    """

    default_js = [MARKERCLUSTER_JS, SEARCH_JS]
    default_css = [*MARKERCLUSTER_CSS, SEARCH_CSS]

    def __init__(self, data: MapData, layer_control: Any = None, timeline: bool = False,
                 places: list[list[Any]] | None = None, place_layers: tuple[str, ...] = (),
                 popups: bool = True) -> None:
        from geo.mapjs import MAP_SCRIPT

        super().__init__()
        self._name = "GeoDataLayer"
        payload = layer_payload(data)
        payload["placeMarkers"] = places or []
        payload["placeLayers"] = list(place_layers)
        #: the rows' names in payload order, for geo.render.visible_rows
        self.keys: dict[str, list[str]] = {"events": [r[15] for r in payload["events"]],
                                           "claims": [r[8] for r in payload["claims"]],
                                           "places": [str(r[9]) for r in payload["placeMarkers"]]}
        payload["popups"] = bool(popups)
        # markercluster's chunked loading keeps a page responsive while 20,000 markers go in, but a zoom
        # or resize before it ends can break it ("reading 'lat'"); the dashboard's frame resizes as the
        # page lays out, so it adds them in one go (its clusters show no later: they appear only once
        # every chunk is in)
        payload["chunked"] = bool(popups)
        if not popups:  # markers and tooltips only: the rows' leading fields (see geo/mapjs.py)
            payload["events"] = [r[:LEAN_EVENT] for r in payload["events"]]
            payload["claims"] = [r[:LEAN_CLAIM] for r in payload["claims"]]
            payload["placeMarkers"] = [r[:9] for r in payload["placeMarkers"]]
            payload["docs"] = []
        self.types: list[tuple[str, str]] = [(t[0], t[1]) for t in payload["types"]]
        self.sides: list[tuple[str, str]] = [tuple(t) for t in payload["sides"]]
        self.counts = {"events": len(payload["events"]),
                       "claims": sum(1 for c in payload["claims"] if c[0] is not None),
                       "claims_unplaced": sum(1 for c in payload["claims"] if c[0] is None)}
        self.timeline = bool(timeline and payload["dates"] and payload["dates"][0] < payload["dates"][1])
        self.payload = js_literal(payload)
        self.control = layer_control.get_name() if layer_control is not None else "null"
        self._template = Template("{% macro script(this, kwargs) %}" + MAP_SCRIPT + "{% endmacro %}")


def js_filters(filters: Any) -> dict[str, Any]:
    """A ``geo.mapdata.Filters`` as ``geoMap.applyFilters`` takes it (geo/mapjs.py)."""
    def listed(value: Any) -> list[Any] | None:
        return None if value is None else list(value)

    return {"from": filters.date_from, "to": filters.date_to, "types": listed(filters.event_types),
            "actors": listed(filters.actors), "outlets": listed(filters.outlets),
            "claimants": listed(filters.claimants), "kinds": listed(filters.kinds),
            "precisions": listed(filters.geo_precisions), "minConfidence": filters.min_confidence,
            "literalOnly": filters.literal_only, "text": filters.text}
