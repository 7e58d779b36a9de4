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
from folium.map import CustomPane
from folium.plugins import Fullscreen, MeasureControl

from geo.assets import inline_assets, localise_assets, trim_map_assets
from geo.basemap import basemap_geojson
from geo.mapdata import MapData, map_data_from_store  # noqa: F401 (re-export)
from geo.maplayers import PRECISION_RING_M, DataLayer
from geo.popups import esc, place_popup, place_tooltip, post_popup
from geo.reference import reference_features

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
REFERENCE_PANE = "geo-reference"
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


def place_key(mention: dict[str, Any]) -> str:
    """What one map marker of a place stands for: its place id, else its name and point."""
    return str(mention.get("place_id") or f"{mention.get('name')}@{mention.get('lat')},{mention.get('lon')}")


def _layer_of(mention: dict[str, Any]) -> int:
    """0: a literal mention (the places layer), 1: metonymic or associative (the other mentions layer)."""
    return 0 if (mention.get("kind") or "literal") == "literal" else 1


def group_places(mentions: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Mappable mentions grouped by place: [(first mention as the place, mentions)]."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        if _mappable(m):
            groups[place_key(m)].append(m)
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
               docs: dict[str, dict[str, Any]], index: int, popups: bool = True) -> None:
    """A road (line) or area (polygon) from the place's GeoJSON geometry; class ``geo-shape-<index>``."""
    colour, _ = precision_style(place.get("precision"))
    is_line = _geometry_type(place) in LINE_TYPES
    feature = {"type": "Feature", "properties": {}, "geometry": place["geometry"]}
    style = {"color": colour, "weight": 5 if is_line else 2, "opacity": 0.85,
             "fillColor": colour, "fillOpacity": 0.12, "dashArray": "8 6" if "schematic"
             in str(place.get("precision") or "").lower() else None}
    shape = folium.GeoJson(
        feature,
        style_function=lambda _f, s=style: s,
        className=("geo-road" if is_line else "geo-area") + f" geo-shape-{index}",
        tooltip=folium.Tooltip(place_tooltip(place, len(mentions)), sticky=True),
    )
    if popups:
        shape.add_child(folium.Popup(place_popup(place, mentions, docs), max_width=460))
    shape.add_to(layer)


#: The point layers drawn in the browser from ``place_rows``: (name, index).
PLACE_LAYERS = ("Places (literal mentions)", "Metonymic / associative mentions")


def row_key(mention: dict[str, Any]) -> str:
    """The key of the marker (circle or shape) a mapped mention is drawn in: "<layer>|<place key>"."""
    return f"{_layer_of(mention)}|{place_key(mention)}"


def _circle_row(place: dict[str, Any], mentions: list[dict[str, Any]], docs: dict[str, dict[str, Any]],
                css_class: str, colour: str, layer: int, popups: bool = True) -> list[Any]:
    """[lat, lon, radius, colour, hollow, class, popup HTML, tooltip HTML, layer, key]; the HTML is escaped here.

    The popup is "" when ``popups`` is false (the dashboard lists a place's mentions in its panel).
    """
    return [round(float(place["lat"]), 5), round(float(place["lon"]), 5), _radius(len(mentions)), colour,
            layer == 1, css_class, place_popup(place, mentions, docs) if popups else "",
            place_tooltip(place, len(mentions)), layer, row_key(place)]


def add_place_layers(m: folium.Map, data: MapData, popups: bool = True) -> tuple[list[list[Any]], list[str]]:
    """Draw roads and areas; return the place circles (literal, then metonymic/associative) as rows,
    and the keys (:func:`row_key`) of the roads and areas drawn, in the order of their ``geo-shape-<i>`` class.

    The circles are drawn in the browser (``geo.maplayers.DataLayer``): a
    folium object per place costs seconds for a few thousand places.
    """
    docs = data.documents_by_id() if popups else {}
    literal = [x for x in data.mentions if _layer_of(x) == 0]
    other = [x for x in data.mentions if _layer_of(x) == 1]
    shapes = folium.FeatureGroup(name="Roads and areas")
    rows: list[list[Any]] = []
    shape_keys: list[str] = []
    for place, mentions in group_places(literal):
        if _geometry_type(place) in LINE_TYPES + AREA_TYPES:
            _add_shape(shapes, place, mentions, docs, len(shape_keys), popups)
            shape_keys.append(row_key(place))
        else:
            colour, _ = precision_style(place.get("precision"))
            rows.append(_circle_row(place, mentions, docs, "geo-place", colour, 0, popups))
    for place, mentions in group_places(other):
        rows.append(_circle_row(place, mentions, docs, "geo-mention-other", OTHER_KIND_COLOUR, 1, popups))
    shapes.add_to(m)
    return rows, shape_keys


def visible_rows(keys: dict[str, list[str]], view: MapData, as_of: str | None = None) -> dict[str, Any]:
    """Which of a map's rows a filtered ``view`` keeps, as ``geoMap.showRows`` takes them.

    ``keys`` is ``build_map(...).geo_keys`` of a map drawn from all the rows
    (``events``/``claims``: ids in payload order; ``places``: circle keys;
    ``shapes``: road and area keys).  Returns, per layer, a base64 bitmap
    (bit i set: row i stays; least significant bit first) or None when every
    row stays.  So the dashboard filters with ``filter_map_data``'s exact
    semantics and sends a few kilobytes instead of a new map.  ``posts``
    (keys from :func:`add_post_layer`) get each post's :func:`post_look` on
    ``as_of`` (the view's last day; latest status when None).
    """
    kept = {
        "events": {str(e.get("event_id")) for e in view.events},
        "claims": {str(c.get("claim_id")) for c in view.claims},
        "places": {row_key(m) for m in view.mentions if _mappable(m)},
    }
    kept["shapes"] = kept["places"]
    out: dict[str, Any] = {}
    posts = {post_key(p): p for p in view.posts}
    for layer, names in keys.items():
        if layer == "posts":
            out[layer] = [post_look(posts[k], as_of) if k in posts else None for k in names]
            continue
        flags = [name in kept[layer] for name in names]
        out[layer] = None if all(flags) else _bitmap(flags)
    return out


def _bitmap(flags: list[bool]) -> str:
    import base64

    bits = bytearray((len(flags) + 7) // 8)
    for i, flag in enumerate(flags):
        if flag:
            bits[i >> 3] |= 1 << (i & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


#: Observation post status -> (stroke, fill, dash, legend label).
POST_STATUS_STYLES = {
    "established": (POST_COLOUR, "#ffffff", None, "post established (thick ring)"),
    "besieged": ("#b9770e", "#f5b041", None, "post besieged"),
    "evacuated": ("#7f8c8d", "#ffffff", "3 3", "post evacuated (grey, dashed)"),
}
UNKNOWN_POST_STYLE = (POST_COLOUR, "#ffffff", None, "post, status unknown")


def post_status(post: dict[str, Any], as_of: str | None = None) -> dict[str, Any] | None:
    """The post's latest status row dated on or before ``as_of`` (latest of all when None).

    Returns None when the post's history starts after ``as_of`` (it did not exist yet),
    ``{}`` when it has no history at all.
    """
    history = sorted((s for s in post.get("statuses") or [] if isinstance(s, dict)),
                     key=lambda s: str(s.get("date") or ""))
    if not history:
        return {}
    if as_of is None:
        return history[-1]
    before = [s for s in history if str(s.get("date") or "") <= as_of]
    return before[-1] if before else None


def post_key(post: dict[str, Any]) -> str:
    return str(post.get("id") or post.get("name"))


def post_look(post: dict[str, Any], as_of: str | None = None) -> list[Any] | None:
    """How a post is drawn on ``as_of``: [status, stroke, fill, dash, tooltip HTML]; None before it existed."""
    status = post_status(post, as_of)
    if status is None:
        return None
    name = str(status.get("status") or "").lower()
    stroke, fill, dash, _ = POST_STATUS_STYLES.get(name, UNKNOWN_POST_STYLE)
    return [name or "unknown", stroke, fill, dash,
            esc(f"{post.get('name')} \u00b7 {name or 'status unknown'}" + (f" on {as_of}" if as_of else ""))]


def add_post_layer(m: folium.Map, posts: Iterable[dict[str, Any]], as_of: str | None = None,
                   label: str | None = None) -> list[str]:
    """Observation posts with their status as of ``as_of``; posts not yet set up then are left out.

    Returns the keys (:func:`post_key`) of the posts drawn, in the order of their ``geo-post-id-<i>`` class.
    """
    posts = [p for p in posts if _mappable(p)]
    if not posts:
        return []
    label = label or (f"Observation posts (status on {as_of})" if as_of else "Observation posts (latest status)")
    layer = folium.FeatureGroup(name=label)
    keys: list[str] = []
    for post in sorted(posts, key=post_key):
        look = post_look(post, as_of)
        if look is None:
            continue
        name, stroke, fill, dash, tooltip = look
        folium.CircleMarker(
            location=(float(post["lat"]), float(post["lon"])), radius=6,
            color=stroke, weight=4, fill=True, fill_color=fill, fill_opacity=0.9, dash_array=dash,
            class_name=f"geo-post geo-post-{name} geo-post-id-{len(keys)}",
            popup=folium.Popup(post_popup(post), max_width=420),
            tooltip=folium.Tooltip(tooltip),
        ).add_to(layer)
        keys.append(post_key(post))
    layer.add_to(m)
    return keys


def _swatch(colour: str, label: str, shape: str = "circle") -> str:
    """One legend row; shape: circle, hollow, ring (hollow, dashed), diamond or line."""
    css = {"circle": f"border-radius:50%;background:{colour}",
           "hollow": f"border-radius:50%;background:#fff;border:2px solid {colour};width:8px;height:8px",
           "ring": f"border-radius:50%;background:#fff;border:2px dashed {colour};width:8px;height:8px",
           "diamond": f"background:{colour};border:1px solid #1b1b1b;width:9px;height:9px;transform:rotate(45deg)",
           "line": f"background:{colour};height:4px"}[shape]
    return (f"<div><span style='display:inline-block;width:12px;height:12px;margin-right:6px;"
            f"vertical-align:middle;{css}'></span>{esc(label)}</div>")


def legend_html(data: MapData, layer: DataLayer | None = None, as_of: str | None = None,
                every_status: bool = False) -> str:
    """Legend: place precision colours, event types, event precision, claimants' sides, posts, lines.

    The posts' rows are the statuses they show on ``as_of`` (latest when
    None), or with ``every_status`` every status in their histories.
    """
    used = {precision_style(x.get("precision")) for x in data.mentions
            if _mappable(x) and (x.get("kind") or "literal") == "literal"}
    rows = ["<b>Places (size = mentions; colour = precision)</b>"]
    rows += [_swatch(c, lbl) for c, lbl in sorted(used, key=lambda s: s[1])]
    rows.append(_swatch(OTHER_KIND_COLOUR, "metonymic / associative", "hollow"))
    if layer is not None and layer.types:
        rows.append("<b>Events (colour = type)</b>")
        rows += [_swatch(colour, name) for name, colour in sorted(layer.types)]
        rows += [_swatch("#555", "solid: exact place"),
                 _swatch("#555", f"hollow + ring ({PRECISION_RING_M[2] // 1000} km): near the place", "hollow"),
                 _swatch("#555", f"dashed + ring ({PRECISION_RING_M[3] // 1000} km): region only", "ring")]
    if layer is not None and layer.sides:
        rows.append("<b>Claims (colour = claimant's side)</b>")
        rows += [_swatch(colour, name, "diamond") for name, colour in sorted(layer.sides)]
    if every_status:  # the posts follow the view's date: any status they have had may show
        statuses = {str(s.get("status") or "").lower() for p in data.posts if _mappable(p)
                    for s in p.get("statuses") or [] if isinstance(s, dict)}
        heading = "Observation posts (on the view's last day)"
    else:
        statuses = {str((post_status(p, as_of) or {}).get("status") or "").lower() for p in data.posts
                    if post_status(p, as_of) is not None}
        heading = f"Observation posts{' on ' + esc(as_of) if as_of else ''}"
    if statuses:
        rows.append(f"<b>{heading}</b>")
        for status in sorted(statuses):
            stroke, fill, _, label = POST_STATUS_STYLES.get(status, UNKNOWN_POST_STYLE)
            rows.append(_swatch(stroke, label, "circle" if fill != "#ffffff" else "hollow"))
    rows.append(_swatch("#8e44ad", "road / area (dashed = schematic)", "line"))
    return ("<div class='geo-legend' style='position:absolute;bottom:50px;left:10px;z-index:1000;"
            "max-height:45%;overflow:auto;background:rgba(255,255,255,.92);padding:6px 9px;"
            "border:1px solid #999;border-radius:4px;font:12px/1.5 sans-serif'>" + _legend_columns(rows) + "</div>")


#: A legend longer than this many rows is set in two columns (it must fit a map's lower left, and a
#: printed or PNG briefing cannot scroll it).
LEGEND_ROWS_PER_COLUMN = 14


def _legend_columns(rows: list[str]) -> str:
    """The legend's rows, in two columns split between sections when there are many."""
    if len(rows) <= LEGEND_ROWS_PER_COLUMN:
        return "".join(rows)
    starts = [i for i, r in enumerate(rows) if r.startswith("<b>")] + [len(rows)]
    cut = min(starts[1:-1] or [len(rows) // 2], key=lambda i: abs(i - len(rows) / 2))
    return ("<div class='geo-legend-columns' style='display:flex;gap:14px;align-items:flex-start'>"
            f"<div>{''.join(rows[:cut])}</div><div>{''.join(rows[cut:])}</div></div>")


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


def add_reference_layer(m: folium.Map, data: MapData,
                        focus: tuple[float, float, float, float] | None) -> None:
    """The curated lines and areas (M4/M5, rivers, the de-escalation zone) near the opening view.

    Drawn dashed and thin under everything, so the theatre's roads and zone are
    there even when no article named them; ones the data names are drawn by the
    places layer instead.
    """
    if focus is None:
        return
    features = reference_features(focus, {str(x.get("name") or "") for x in data.mentions},
                                  {str(x.get("place_id") or "") for x in data.mentions})
    if not features:
        return
    # a pane under Leaflet's overlay pane (z-index 400): the zone's fill must not catch the clicks
    # and tooltips of the villages, roads and events drawn inside it
    CustomPane(REFERENCE_PANE, z_index=350, pointer_events=True).add_to(m)
    layer = folium.FeatureGroup(name="Reference lines and areas (curated)")
    for feature in features:
        props = feature.get("properties") or {}
        is_line = feature["geometry"]["type"] in LINE_TYPES
        style = {"color": "#6c3483" if is_line else "#b03a2e", "weight": 3 if is_line else 1.5,
                 "opacity": 0.6, "dashArray": "6 6", "fillOpacity": 0.05}
        folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": feature["geometry"]},
            style_function=lambda _f, s=style: s,
            className="geo-ref-line" if is_line else "geo-ref-area",
            pane=REFERENCE_PANE,
            tooltip=folium.Tooltip(esc(f"{props.get('name')} ({props.get('precision') or 'curated'})")),
        ).add_to(layer)
    layer.add_to(m)


def build_map(data: MapData, assets: str = "inline", tiles: str | None = None,
              title: str = "Places, events and claims", *, timeline: bool = False,
              as_of: str | None = None, tools: bool = True, popups: bool = True,
              posts_follow_view: bool = False) -> folium.Map:
    """Draw ``data`` as a folium map that needs no network.

    ``assets``: "inline" puts Leaflet/jQuery and the plugins into the page
    (self-contained export); a URL prefix such as "/app/static/" points the
    map's script and style links there (files from
    :func:`geo.assets.write_static_assets`).  ``tiles``: None (default) draws
    only the offline basemap; "OpenStreetMap" adds online OSM tiles as a layer
    that is off until switched on.  ``timeline``: a date range control that
    shows only the events and claims within the chosen days (when the data
    spans more than a day).  ``as_of``: ISO day for the observation posts'
    status (latest known when None).  ``tools``: fullscreen, measure and place
    search controls.  ``popups``: False for the dashboard, whose panel shows
    what a click hits: markers then carry tooltips only and the page holds no
    evidence sentences (a fifth of the size).  ``posts_follow_view``: the
    posts will take their status from the view (the dashboard's
    ``geoMap.showRows`` on the range's last day), so the legend lists every
    status they have had and the layer is named for the view.

    The map's ``geo_keys`` attribute names its rows in the order the browser
    holds them (see :func:`visible_rows`, ``geoMap.showRows``).  Events and claims are drawn in the browser from one compact payload
    (``geo.maplayers``), clustered.  To find the rows behind a click (e.g.
    streamlit-folium's ``last_object_clicked``), pass its lat/lng to
    :func:`geo.views.details_at` with the clicked tooltip: event and claim markers
    report their exact position, places a point within their radius.
    Raises ``GeoError`` if an asset is not available offline.
    """
    bounds, focus = data_bounds(data), focus_bounds(data)
    m = folium.Map(location=(20, 0), zoom_start=2, tiles=None, control_scale=True)
    trim_map_assets(m)
    m.get_root().header.add_child(Element(
        f"<style>.leaflet-container{{background:{SEA_COLOUR} !important}}"
        " .geo-popup q{display:block;margin:2px 0;color:#222}"
        " .geo-popup mark{background:#ffe08a} .geo-claim{background:none;border:none}"
        " .geo-claim-cluster div{background:rgba(60,60,60,.55);color:#fff;border-radius:3px;transform:rotate(45deg)}"
        " .geo-claim-cluster span{display:inline-block;transform:rotate(-45deg)}"
        " .geo-precision-ring{pointer-events:none}</style>"), name="geo_style")
    add_basemap(m, bounds, focus)
    if tiles:
        folium.TileLayer(tiles, name=f"{tiles} (online)", overlay=True, show=False).add_to(m)
    add_reference_layer(m, data, focus)
    place_rows, shape_keys = add_place_layers(m, data, popups)
    post_keys = add_post_layer(m, data.posts, as_of, label="Observation posts (status on the view's last day)"
                               if posts_follow_view else None)
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    # the view is set before the clusters load: markercluster's chunked loading breaks
    # ("reading 'lat'") when the opening fitBounds zooms while it is still adding markers
    _fit(m, focus)
    layer = DataLayer(data, layer_control=control, timeline=timeline, places=place_rows,
                      place_layers=PLACE_LAYERS, popups=popups)
    layer.add_to(m)
    m.geo_keys = {**layer.keys, "shapes": shape_keys, "posts": post_keys}
    if tools:
        Fullscreen(position="topleft").add_to(m)
        MeasureControl(position="topleft", primary_length_unit="kilometers",
                       secondary_length_unit="miles", primary_area_unit="sqkilometers").add_to(m)
    m.get_root().html.add_child(Element(legend_html(data, layer, as_of, every_status=posts_follow_view)),
                            name="geo_legend")
    m.get_root().html.add_child(Element(title_html(data, title)), name="geo_title")
    if assets == "inline":
        inline_assets(m)
    else:
        localise_assets(m, assets)
    return m
