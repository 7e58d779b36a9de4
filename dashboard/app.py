"""Streamlit dashboard: the store's events, claims and places on a map, with filters, a detail panel and tables.

Run with `geo dashboard --db data/geo.sqlite`.  The logic lives in geo.mapdata
(filters), geo.views (timeline, clicked point, tables), geo.render (the map),
geo.formats and geo.export (downloads); dashboard/sidebar.py, panel.py and
mapview.py hold the widget, panel and map plumbing.  This script wires them.
The map is drawn once per store version, from every row (and kept on disk
beside the store, see dashboard/mapview.py); the sidebar's filters only
choose which of its markers show (``geo.render.visible_rows`` in Python,
``geoMap.showRows`` in the browser), so a filter change never draws or sends
a map.  A session's first run sends the map alone (see :func:`main`).
Everything else slow is cached per (store version, filters).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

st.set_page_config(page_title="geo: places, events and claims", layout="wide")

from dashboard import cache
from dashboard.cache import QueryKey, Version, view_key
from dashboard.common import STATIC, db_path, load_data, static_assets, store_version
from dashboard.mapview import served, show_map
from dashboard.panel import panel_html
from dashboard.sidebar import sidebar_filters, url_filters
from geo.errors import GeoError
from geo.mapdata import Filters, MapData
from geo.views import details_at, timeline_counts, timeline_html


def _store() -> Path:
    """The store's path; stops the page with a hint when it is missing, unreadable or empty."""
    db = db_path()
    if db is None or not db.exists():
        st.info(f"No store found at {db or '$GEO_DB'}. Ingest articles first: "
                "geo ingest --db data/geo.sqlite seeds/")
        st.stop()
    try:
        documents = cache.document_count(str(db), store_version(db))
    except (GeoError, OSError, ImportError) as exc:
        st.info(f"Cannot read the store {db}: {exc}")
        st.stop()
    if not documents:
        st.info(f"The store {db} holds no documents yet. Ingest some: geo ingest --db {db} seeds/ "
                "(or use the Add documents page).")
        st.stop()
    return db


def _type_colours(types: list[str]) -> list[str]:
    """The map's colour for each event type, so the chart and the markers agree."""
    try:
        from geo.maplayers import type_colour
    except ImportError:
        return []
    others: list[str] = []
    return [type_colour(t, others) for t in types]


def _timeline(view: MapData) -> None:
    """Events per day by type, as a stacked bar chart (inline SVG: no chart library to load first)."""
    counts = timeline_counts(view.events)
    if counts:
        types = sorted({c["event_type"] for c in counts})
        st.html(timeline_html(counts, dict(zip(types, _type_colours(types)))))
    else:
        st.caption("No events dated to a day in this view.")


def _panel(db: str, version: Version, key: QueryKey, clicked: dict[str, Any], data: MapData) -> None:
    """What is at the last clicked map item, in the view ``key``."""
    point = clicked.get("last_object_clicked")
    if not point or point.get("lat") is None:
        st.info("Click a marker, road or area on the map: its events, claims and mentions are listed "
                "here with the sentence and outlet behind each.")
        return
    view = cache.view(db, version, key)
    detail = details_at(view, float(point["lat"]), float(point["lng"]),
                        tooltip=clicked.get("last_object_clicked_tooltip"), spots=cache.spots(db, version, key))
    if detail is None or detail.empty:
        st.info("Nothing from this view is exactly at the clicked point. A numbered circle is a "
                "cluster: the map zooms in; click a single marker.")
        return
    with st.container(height=620, border=False):
        st.html(panel_html(detail, view, all_events=data.events))


def _downloads(view: MapData, filters: Filters) -> None:
    """CSV and GeoJSON of the view, and the briefing HTML; each built only when clicked."""
    from geo.export import briefing_html
    from geo.formats import to_csv, to_geojson

    c1, c2, c3 = st.columns(3)
    c1.download_button("Download events (CSV)", data=lambda: to_csv(view), file_name="events.csv",
                       mime="text/csv", on_click="ignore", key="dl_csv")
    c2.download_button("Download view (GeoJSON)", data=lambda: json.dumps(to_geojson(view), ensure_ascii=False),
                       file_name="view.geojson", mime="application/geo+json", on_click="ignore", key="dl_geojson")
    c3.download_button("Export briefing (HTML)", data=lambda: briefing_html(view, "Briefing map", filters),
                       file_name="briefing.html", mime="text/html", on_click="ignore", key="dl_briefing",
                       type="primary")


#: Rows a table shows at once: 20,000 rows in the browser's grid cost seconds on every page load.
TABLE_PAGE = 1000
_DATE_COLUMNS = ("event_date", "claim_date", "published")


def _page(name: str, frame: Any) -> Any:
    """One page of a long table, sorted over all its rows by the analyst's column."""
    columns = [c for c in frame.columns if c != "document"]
    first = next((c for c in _DATE_COLUMNS if c in columns), columns[0])
    pages = -(-len(frame) // TABLE_PAGE)
    c1, c2, c3 = st.columns([3, 2, 2])
    by = c1.selectbox("Sort by", columns, index=columns.index(first), key=f"sort_{name}")
    descending = c2.toggle("Descending", value=by in _DATE_COLUMNS, key=f"desc_{name}")
    page = int(c3.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key=f"page_{name}"))
    try:
        ordered = frame.sort_values(by, ascending=not descending, kind="stable", na_position="last")
    except TypeError:  # mixed types in a column: sort as text
        ordered = frame.sort_values(by, ascending=not descending, kind="stable", na_position="last",
                                    key=lambda col: col.astype(str))
    start = (page - 1) * TABLE_PAGE
    st.caption(f"Rows {start + 1:,}–{min(start + TABLE_PAGE, len(frame)):,} of {len(frame):,}, sorted over "
               "all of them; the downloads above hold every row.")
    return ordered.iloc[start:start + TABLE_PAGE]


def _tables_view(tables: dict[str, Any]) -> None:
    link = st.column_config.LinkColumn("document", display_text="open", help="the document view")
    tabs = st.tabs([f"Events ({len(tables['events'])})", f"Claims ({len(tables['claims'])})",
                    f"Documents ({len(tables['documents'])})"])
    for tab, name in zip(tabs, ("events", "claims", "documents")):
        with tab:
            frame = tables[name]
            if len(frame) > TABLE_PAGE:
                frame = _page(name, frame)
            st.dataframe(frame, hide_index=True, column_config={"document": link}, key=f"table_{name}")


#: Session flag: the map has drawn in this browser session, so the whole page is sent at once.
MAP_DRAWN = "geo_map_drawn"


def _waiting_for_map(right: Any) -> None:
    """The first run's right-hand column: what is coming, and a way to get it if the map cannot say."""
    with right:
        st.info("Drawing the map; the filters, timeline and tables follow as soon as it is drawn.")
        if st.button("Show them now", key="geo_show_all"):
            st.session_state[MAP_DRAWN] = True
            st.rerun()


def main() -> None:
    """The page: title, map, filters, panel, timeline, tables.

    A session's first run sends the map alone, with the URL's view of its
    rows, and stops: the browser draws the map and every other element of
    the page on one thread, and with the sidebar, timeline and tables in the
    same batch the map waits behind them (a second more at 20,000 events).
    When the map has drawn, streamlit-folium sends its first value (the
    component's value stops being None), which reruns the script with the
    whole page; a button does the same if the map cannot report.
    """
    db = _store()
    version = store_version(db)
    static_assets()
    st.title("Places, events and claims")
    head = st.container(height=230, border=False)  # filled after the map is sent; fixed height: no jump
    left, right = st.columns([5, 3], gap="small")
    with left:
        try:
            parts = cache.map_parts(str(db), version)
            if not served(parts, STATIC):  # its script file was removed: serve it again
                cache.map_parts.clear()
                parts = cache.map_parts(str(db), version)
        except (GeoError, OSError) as exc:
            st.info(f"Cannot draw the map of {db}: {exc}")
            st.stop()
    options = cache.options(str(db), version)
    drawn = bool(st.session_state.get(MAP_DRAWN))
    filters = sidebar_filters(options) if drawn else url_filters(options)
    key: QueryKey = view_key(filters)
    with left:
        clicked = show_map(parts, key="geo_map", height=620, rows=cache.rows(str(db), version, key))
    if not drawn:
        if clicked is None:
            _waiting_for_map(right)
            return
        st.session_state[MAP_DRAWN] = True
        filters = sidebar_filters(options)  # the widgets start from the URL, as the map did
        if view_key(filters) != key:
            st.rerun()
    data = load_data(db)
    with right:
        _panel(str(db), version, key, clicked or {}, data)
    view = cache.view(str(db), version, key)
    with head:
        st.caption(f"{len(view.events)} events · {len(view.claims)} claims · {len(view.documents)} of "
                   f"{len(data.documents)} documents · store {db}")
        _timeline(view)
    _downloads(view, filters)
    _tables_view(cache.tables(str(db), version, key))


main()
