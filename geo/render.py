"""The map: a pure function from ``MapData`` to a ``folium.Map`` that draws offline.

Layers: country outlines (Natural Earth, no tiles), places (one circle per
resolved place, sized by mentions, coloured by precision), roads and areas
(LineString/Polygon geometries), other mentions (metonymic/associative),
events (one marker per event or cluster), observation posts; plus a layer
control, a legend and a title bar.  Never imports streamlit.

Every SVG path gets a ``geo-*`` class (``geo-place``, ``geo-road``,
``geo-area``, ``geo-mention-other``, ``geo-event``, ``geo-post``,
``geo-country``) so views and tests can select them.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Any, Iterable

import folium
from branca.element import Element

from geo.assets import inline_assets, localise_assets, trim_map_assets
from geo.basemap import basemap_geojson
from geo.mapdata import MapData, id_list, map_data_from_store  # noqa: F401 (re-export)
from geo.popups import esc, event_popup, place_popup, place_tooltip, post_popup

#: (keyword in the precision text, colour, legend label); first match wins.
PRECISION_STYLES = (
    ("schematic", "#8e44ad", "schematic (drawn, not surveyed)"),
    ("proxy", "#d35400", "proxy (e.g. capital for a country)"),
    ("approx", "#e67e22", "approximate"),
    ("centroid", "#16a085", "centroid of an area"),
    ("centre", "#2471a3", "village/town centre"),
    ("center", "#2471a3", "village/town centre"),
    ("point", "#1b2631", "exact point"),
)
OTHER_PRECISION = ("#7f8c8d", "other precision")
EVENT_COLOUR = "#c0392b"
POST_COLOUR = "#117a65"
OTHER_KIND_COLOUR = "#566573"
LINE_TYPES = ("LineString", "MultiLineString")
AREA_TYPES = ("Polygon", "MultiPolygon")


def precision_style(precision: str | None) -> tuple[str, str]:
    """(colour, legend label) for a precision text such as "village centre"."""
    text = (precision or "").lower()
    for keyword, colour, label in PRECISION_STYLES:
        if keyword in text:
            return colour, label
    return OTHER_PRECISION


def _mappable(row: dict[str, Any]) -> bool:
    try:
        return row.get("lat") is not None and row.get("lon") is not None and \
            math.isfinite(float(row["lat"])) and math.isfinite(float(row["lon"]))
    except (TypeError, ValueError):
        return False


def group_places(mentions: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Mappable mentions grouped by place: [(first mention as the place, mentions)]."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        if _mappable(m):
            key = str(m.get("place_id") or f"{m.get('name')}@{m.get('lat')},{m.get('lon')}")
            groups[key].append(m)
    ordered = sorted(groups.items(), key=lambda kv: (str(kv[1][0].get("name")), kv[0]))
    return [(ms[0], ms) for _, ms in ordered]


def _geometry_type(place: dict[str, Any]) -> str:
    geometry = place.get("geometry")
    return str(geometry.get("type")) if isinstance(geometry, dict) else "Point"


def _radius(count: int) -> float:
    return round(min(5.0 + 3.0 * math.sqrt(count), 22.0), 1)


def _coords(geometry: dict[str, Any]) -> Iterable[tuple[float, float]]:
    """Every (lon, lat) pair of a GeoJSON geometry."""
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], (int, float)):
            yield float(item[0]), float(item[1])
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def data_bounds(data: MapData, literal_only: bool = False) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of everything drawn, or None when nothing is.

    ``literal_only`` leaves out metonymic/associative mentions ("Moscow said"),
    which would otherwise pull the view far from where things happen.
    """
    mentions = [m for m in data.mentions
                if not literal_only or (m.get("kind") or "literal") == "literal"]
    points = [(float(r["lon"]), float(r["lat"])) for r in (*mentions, *data.events, *data.posts)
              if _mappable(r)]
    for m in mentions:
        if _mappable(m) and _geometry_type(m) in LINE_TYPES + AREA_TYPES:
            points.extend(_coords(m["geometry"]))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


_COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "PCLF", "TERR", "CONT"}


def focus_bounds(data: MapData, share: float = 0.6) -> tuple[float, float, float, float] | None:
    """Where most literal mentions are: the ``share`` of them nearest their median point.

    A briefing about one region still names far-away places ("talks in
    Washington"); the view opens on the region, the rest is a zoom-out away.
    """
    literal = [m for m in data.mentions if _mappable(m) and (m.get("kind") or "literal") == "literal"]
    local = [m for m in literal if m.get("feature_code") not in _COUNTRY_CODES]  # a country says little of where
    points = sorted((float(m["lat"]), float(m["lon"])) for m in (local if len(local) >= 5 else literal))
    if len(points) < 5:
        return data_bounds(data, literal_only=True) or data_bounds(data)
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    mid = (lats[len(lats) // 2], lons[len(lons) // 2])
    near = sorted(points, key=lambda p: (p[0] - mid[0]) ** 2 + (p[1] - mid[1]) ** 2)
    kept = near[:max(1, math.ceil(share * len(near)))]
    return (min(p[1] for p in kept), min(p[0] for p in kept),
            max(p[1] for p in kept), max(p[0] for p in kept))


SEA_COLOUR = "#dbe6ee"


def _span(bounds: tuple[float, float, float, float]) -> float:
    return max(bounds[2] - bounds[0], bounds[3] - bounds[1])


def add_basemap(m: folium.Map, bounds: tuple[float, float, float, float] | None,
                focus: tuple[float, float, float, float] | None = None) -> None:
    """Natural Earth country outlines, clipped around the data; not clickable.

    When the opening view (``focus``) is much smaller than the data, a finer
    copy of the outlines around it is drawn on top, so the theatre's coasts and
    borders are not the coarse world ones.
    """
    if bounds is None:
        _outline_layer(m, basemap_geojson(None))
        return
    span = _span(bounds)
    _outline_layer(m, basemap_geojson(bounds, margin=max(25.0, span), tolerance=max(0.01, span / 400)))
    if focus is not None and _span(focus) * 3 < span:
        margin = max(3.0, _span(focus))
        w, s_, e, n = focus
        # water under the fine layer hides the coarse outlines' land where the fine ones have sea
        folium.Rectangle([[s_ - margin, w - margin], [n + margin, e + margin]], stroke=False, fill=True,
                         fill_color=SEA_COLOUR, fill_opacity=1.0, interactive=False).add_to(m)
        _outline_layer(m, basemap_geojson(focus, margin=margin, tolerance=0.005))


def _outline_layer(m: folium.Map, outlines: dict) -> None:
    folium.GeoJson(
        outlines,
        name="Country outlines (Natural Earth)",
        style_function=lambda _f: {"color": "#8d8d8d", "weight": 0.8, "fillColor": "#f4f1ea",
                                   "fillOpacity": 1.0},
        interactive=False,
        className="geo-country",
        control=False,
    ).add_to(m)


def _add_shape(layer: folium.FeatureGroup, place: dict[str, Any], mentions: list[dict[str, Any]],
               docs: dict[str, dict[str, Any]]) -> None:
    """A road (line) or area (polygon) from the place's GeoJSON geometry."""
    colour, _ = precision_style(place.get("precision"))
    is_line = _geometry_type(place) in LINE_TYPES
    feature = {"type": "Feature", "properties": {}, "geometry": place["geometry"]}
    style = {"color": colour, "weight": 5 if is_line else 2, "opacity": 0.85,
             "fillColor": colour, "fillOpacity": 0.12, "dashArray": "8 6" if "schematic"
             in str(place.get("precision") or "").lower() else None}
    shape = folium.GeoJson(
        feature,
        style_function=lambda _f, s=style: s,
        className="geo-road" if is_line else "geo-area",
        tooltip=folium.Tooltip(place_tooltip(place, len(mentions)), sticky=True),
    )
    shape.add_child(folium.Popup(place_popup(place, mentions, docs), max_width=460))
    shape.add_to(layer)


def _add_circle(layer: folium.FeatureGroup, place: dict[str, Any], mentions: list[dict[str, Any]],
                docs: dict[str, dict[str, Any]], css_class: str, colour: str, hollow: bool) -> None:
    folium.CircleMarker(
        location=(float(place["lat"]), float(place["lon"])),
        radius=_radius(len(mentions)),
        color=colour,
        weight=2,
        fill=True,
        fill_color="#ffffff" if hollow else colour,
        fill_opacity=0.35 if hollow else 0.75,
        dash_array="3 3" if hollow else None,
        class_name=css_class,
        popup=folium.Popup(place_popup(place, mentions, docs), max_width=460),
        tooltip=folium.Tooltip(place_tooltip(place, len(mentions))),
    ).add_to(layer)


def add_place_layers(m: folium.Map, data: MapData) -> None:
    """Places (literal), roads and areas, and other (metonymic/associative) mentions."""
    docs = data.documents_by_id()
    literal = [x for x in data.mentions if (x.get("kind") or "literal") == "literal"]
    other = [x for x in data.mentions if (x.get("kind") or "literal") != "literal"]
    places = folium.FeatureGroup(name="Places (literal mentions)")
    shapes = folium.FeatureGroup(name="Roads and areas")
    for place, mentions in group_places(literal):
        if _geometry_type(place) in LINE_TYPES + AREA_TYPES:
            _add_shape(shapes, place, mentions, docs)
        else:
            colour, _ = precision_style(place.get("precision"))
            _add_circle(places, place, mentions, docs, "geo-place", colour, hollow=False)
    others = folium.FeatureGroup(name="Metonymic / associative mentions")
    for place, mentions in group_places(other):
        _add_circle(others, place, mentions, docs, "geo-mention-other", OTHER_KIND_COLOUR, hollow=True)
    for layer in (shapes, places, others):
        layer.add_to(m)


def _claims_by_event(claims: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    linked: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        for event_id in id_list(claim.get("event_ids")):
            linked[event_id].append(claim)
    return linked


def add_event_layer(m: folium.Map, data: MapData) -> None:
    """One marker per event, or per cluster of reports of the same event."""
    docs, linked = data.documents_by_id(), _claims_by_event(data.claims)
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in data.events:
        if _mappable(event):
            clusters[str(event.get("cluster_id") or event.get("event_id"))].append(event)
    layer = folium.FeatureGroup(name="Events")
    for key in sorted(clusters):
        events = clusters[key]
        lat = sum(float(e["lat"]) for e in events) / len(events)
        lon = sum(float(e["lon"]) for e in events) / len(events)
        label = " / ".join(sorted({str(e.get("event_type") or "event") for e in events}))
        folium.CircleMarker(
            location=(lat, lon), radius=_radius(len(events)) - 2, color=EVENT_COLOUR, weight=3,
            fill=True, fill_color=EVENT_COLOUR, fill_opacity=0.25, class_name="geo-event",
            popup=folium.Popup(event_popup(events, linked, docs), max_width=460),
            tooltip=folium.Tooltip(f"{esc(label)} &middot; {len(events)} report(s)"),
        ).add_to(layer)
    layer.add_to(m)


def add_post_layer(m: folium.Map, posts: Iterable[dict[str, Any]]) -> None:
    """Observation posts, if the data has any."""
    posts = [p for p in posts if _mappable(p)]
    if not posts:
        return
    layer = folium.FeatureGroup(name="Observation posts")
    for post in sorted(posts, key=lambda p: str(p.get("id") or p.get("name"))):
        folium.CircleMarker(
            location=(float(post["lat"]), float(post["lon"])), radius=6, color=POST_COLOUR,
            weight=3, fill=True, fill_color="#ffffff", fill_opacity=0.9, class_name="geo-post",
            popup=folium.Popup(post_popup(post), max_width=420),
            tooltip=folium.Tooltip(esc(post.get("name"))),
        ).add_to(layer)
    layer.add_to(m)


def _swatch(colour: str, label: str, shape: str = "circle") -> str:
    radius = "50%" if shape == "circle" else "0"
    height = "4px" if shape == "line" else "12px"
    return (f"<div><span style='display:inline-block;width:12px;height:{height};"
            f"border-radius:{radius};background:{colour};margin-right:6px'></span>{esc(label)}</div>")


def legend_html(data: MapData) -> str:
    """Legend: the precision colours in use, then the other symbols."""
    used = {precision_style(x.get("precision")) for x in data.mentions
            if _mappable(x) and (x.get("kind") or "literal") == "literal"}
    rows = [_swatch(c, lbl) for c, lbl in sorted(used, key=lambda s: s[1])]
    rows.append(_swatch(OTHER_KIND_COLOUR, "metonymic / associative (hollow)"))
    rows.append(_swatch(EVENT_COLOUR, "event (size = reports)"))
    if data.posts:
        rows.append(_swatch(POST_COLOUR, "observation post"))
    rows.append(_swatch("#8e44ad", "road / area (dashed = schematic)", "line"))
    return ("<div class='geo-legend' style='position:absolute;bottom:48px;left:10px;z-index:1000;"
            "background:rgba(255,255,255,.92);padding:6px 9px;border:1px solid #999;border-radius:4px;"
            "font:12px/1.5 sans-serif'><b>Marker size = mentions; colour = precision</b>"
            + "".join(rows) + "</div>")


def title_html(data: MapData, title: str) -> str:
    """Title bar: what the map is and how many documents it draws from."""
    dates = sorted(str(d["published"]) for d in data.documents if d.get("published"))
    span = f" &middot; {esc(dates[0])} to {esc(dates[-1])}" if dates else ""
    places = len(group_places(data.mentions))
    n_docs = len(data.documents)
    return ("<div class='geo-title' style='position:absolute;top:10px;left:50px;z-index:1000;"
            "max-width:calc(100% - 400px);background:rgba(255,255,255,.92);padding:4px 10px;"
            f"border:1px solid #999;border-radius:4px;font:14px sans-serif'><b>{esc(title)}</b> &middot; "
            f"<span class='geo-doc-count'>{n_docs} document{'s' if n_docs != 1 else ''}</span>"
            f" &middot; {places} places &middot; {len(data.events)} events{span}</div>")


def _fit(m: folium.Map, bounds: tuple[float, float, float, float] | None) -> None:
    if bounds is None:
        return
    w, s, e, n = bounds
    pad = max(0.25, 0.05 * max(e - w, n - s))
    m.fit_bounds([[s - pad, w - pad], [n + pad, e + pad]])


def build_map(data: MapData, assets: str = "inline", tiles: str | None = None,
              title: str = "Places, events and claims") -> folium.Map:
    """Draw ``data`` as a folium map that needs no network.

    ``assets``: "inline" puts Leaflet/jQuery into the page (self-contained
    export); a URL prefix such as "/app/static/" points the map's script and
    style links there (files from :func:`geo.assets.write_static_assets`).
    ``tiles``: None (default) draws only the offline basemap; "OpenStreetMap"
    adds online OSM tiles as a layer that is off until switched on.
    Raises ``GeoError`` if an asset is not available offline.
    """
    bounds = data_bounds(data)
    m = folium.Map(location=(20, 0), zoom_start=2, tiles=None, control_scale=True)
    trim_map_assets(m)
    m.get_root().header.add_child(Element(
        f"<style>.leaflet-container{{background:{SEA_COLOUR} !important}}"
        " .geo-popup q{display:block;margin:2px 0;color:#222}"
        " .geo-popup mark{background:#ffe08a}</style>"), name="geo_style")
    add_basemap(m, bounds, focus_bounds(data))
    if tiles:
        folium.TileLayer(tiles, name=f"{tiles} (online)", overlay=True, show=False).add_to(m)
    add_place_layers(m, data)
    add_event_layer(m, data)
    add_post_layer(m, data.posts)
    folium.LayerControl(collapsed=False).add_to(m)
    m.get_root().html.add_child(Element(legend_html(data)), name="geo_legend")
    m.get_root().html.add_child(Element(title_html(data, title)), name="geo_title")
    _fit(m, focus_bounds(data))
    if assets == "inline":
        inline_assets(m)
    else:
        localise_assets(m, assets)
    return m
