"""The map in the dashboard: a folium map rendered once per view, shown by streamlit-folium's component.

``st_folium`` renders the whole folium map to JavaScript on every script run
(tens of seconds for 20,000 events).  Here the rendering is split from the
showing: :func:`map_parts` renders once and the dashboard caches the result
per (store version, filters); :func:`show_map` hands the cached strings to
the same front-end component ``st_folium`` uses.  It relies on
streamlit-folium 0.27.4's helpers (pinned in pyproject.toml).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit_folium as sf

from geo.mapdata import Filters

#: What a map click sends back: only clicks rerun the script, never a pan or zoom.
CLICK_OBJECTS = ("last_object_clicked", "last_object_clicked_tooltip")


@dataclass(frozen=True)
class MapParts:
    """A rendered map as streamlit-folium's component takes it."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict[str, dict[str, float | None]]
    digest: str


def _links(m: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The map's CSS and JS URLs (local: geo.assets rewrote them), deduplicated in order."""
    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def map_parts(m: folium.Map) -> MapParts:
    """Render ``m`` once into the strings the component needs (what ``st_folium`` does per run)."""
    m.get_root().render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    try:
        (south, west), (north, east) = m.get_bounds()
    except (AttributeError, TypeError, ValueError):
        south = west = north = east = None
    bounds = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    return MapParts(script, header, html, sf.get_full_id(m), css, js, bounds,
                    sf.generate_js_hash(script, None, False))


def show_map(parts: MapParts, key: str, height: int = 620,
             returned_objects: Sequence[str] = CLICK_OBJECTS) -> dict[str, Any]:
    """Show a rendered map; returns the component's value (the last click and its tooltip).

    The arguments are the same on every run for the same ``parts``, so
    Streamlit sends the (large) message once and the browser reuses it.
    """
    import hashlib

    defaults = {"last_object_clicked": None, "last_object_clicked_tooltip": None,
                "last_object_clicked_popup": None, "last_clicked": None, "bounds": parts.bounds}
    value = sf._component_func(
        script=parts.script, header=parts.header, html=parts.html, id=parts.map_id,
        key=hashlib.sha256(f"{parts.digest}{key}".encode()).hexdigest(), height=height, width=None,
        returned_objects=list(returned_objects),
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(parts.css_links), js_links=list(parts.js_links),
        wrap_longitude=False,
    )
    return value or {}


#: Runs ``geoMap.applyFilters`` (else ``applyRange``) in every map frame of the page, retrying until the map has loaded.
_FILTER_SCRIPT = """<script>
(function apply(tries) {
  var done = false, f = %(filters)s;
  window.parent.document.querySelectorAll("iframe").forEach(function (frame) {
    try {
      var g = frame.contentWindow && frame.contentWindow.geoMap;
      if (g && g.applyFilters) { g.applyFilters(f); done = true; }
      else if (g) { g.applyRange(f.from || "0000-01-01", f.to || "9999-12-31"); done = true; }
    } catch (e) { /* another origin: not our map */ }
  });
  if (!done && tries < 600) setTimeout(function () { apply(tries + 1); }, 100);
})(0);
</script><!-- map %(digest)s -->"""


def browser_filters(filters: Filters) -> dict[str, Any]:
    """``filters`` as ``geoMap.applyFilters`` takes them (geo/mapjs.py)."""
    def listed(value: Any) -> list[Any] | None:
        return None if value is None else list(value)

    return {"from": filters.date_from, "to": filters.date_to, "types": listed(filters.event_types),
            "actors": listed(filters.actors), "outlets": listed(filters.outlets),
            "claimants": listed(filters.claimants), "kinds": listed(filters.kinds),
            "precisions": listed(filters.geo_precisions), "minConfidence": filters.min_confidence,
            "literalOnly": filters.literal_only, "text": filters.text}


def apply_filters(parts: MapParts, filters: Filters) -> None:
    """Show only the events and claims passing ``filters`` on the drawn map, in the browser.

    A tiny same-origin script element calls the map's ``geoMap.applyFilters``
    (geo/mapjs.py), so the map itself is not sent again: changing a filter
    costs a redraw of the markers, not a new map.  Its text names the map
    (``parts.digest``), so a new map gets the filters applied too.  The
    values are written with ``geo.maplayers.js_literal`` (no ``<``, ``&``,
    backtick or ``$`` survives), as actor and outlet names come from documents.
    """
    import streamlit as st

    from geo.maplayers import js_literal

    st.iframe(_FILTER_SCRIPT % {"filters": js_literal(browser_filters(filters)), "digest": parts.digest},
              height=1)


def apply_date_range(parts: MapParts, date_from: str | None, date_to: str | None) -> None:
    """Show only the events and claims of [date_from, date_to] on the drawn map (see :func:`apply_filters`)."""
    apply_filters(parts, Filters(date_from=date_from, date_to=date_to))
