"""Streamlit dashboard: the map of the store at $GEO_DB (or argv) with filters and tables.

Run with `geo dashboard --db data/geo.sqlite`.  Data shaping lives in
geo.mapdata and geo.render; this script only wires widgets to them.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

st.set_page_config(page_title="geo: places, events, claims", layout="wide")
st.session_state.setdefault("min_confidence", 0.0)

from streamlit_folium import st_folium  # noqa: E402

from geo.assets import write_static_assets  # noqa: E402
from geo.errors import GeoError  # noqa: E402
from dashboard.common import db_path, load_data  # noqa: E402
from geo.mapdata import (CLAIM_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS, MapData,  # noqa: E402
                         filter_map_data, filter_options, table_rows)
from geo.render import build_map  # noqa: E402

STATIC = Path(__file__).resolve().parent / "static"
STATIC_URL = "/app/static/"


@st.cache_resource
def _static_assets() -> None:
    """The map's scripts and styles for Streamlit's static serving: written once per server."""
    write_static_assets(STATIC)


def _sidebar(data: MapData) -> MapData:
    options = filter_options(data)
    st.sidebar.header("Filters")
    outlets = st.sidebar.multiselect("Outlet", options["outlets"], default=options["outlets"], key="outlets")
    kinds = st.sidebar.multiselect("Mention kind", options["kinds"], default=options["kinds"], key="kinds")
    types = st.sidebar.multiselect("Event type", options["event_types"], default=options["event_types"],
                                   key="event_types")
    conf = st.sidebar.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="min_confidence")
    return filter_map_data(data, outlets=outlets, kinds=kinds, event_types=types, min_confidence=conf)


db = db_path()
if db is None or not db.exists():
    st.info(f"No store found at {db or '$GEO_DB'}. Ingest articles first: geo ingest --db data/geo.sqlite seeds/")
    st.stop()
try:
    data = load_data(db)
except (GeoError, OSError, ImportError) as exc:
    st.info(f"Cannot read the store {db}: {exc}")
    st.stop()
if not data.documents:
    st.info(f"The store {db} holds no documents yet. Ingest some: geo ingest --db {db} seeds/")
    st.stop()

_static_assets()
view = _sidebar(data)
st.title("Places, events and claims")
st.caption(f"{len(view.documents)} of {len(data.documents)} documents · store {db}")
st_folium(build_map(view, assets=STATIC_URL), key="geo_map", height=620, use_container_width=True,
          returned_objects=[])
st.subheader("Documents")
st.dataframe(table_rows(view.documents, DOCUMENT_COLUMNS), use_container_width=True)
st.subheader("Events")
st.dataframe(table_rows(view.events, EVENT_COLUMNS), use_container_width=True)
st.subheader("Claims")
st.dataframe(table_rows(view.claims, CLAIM_COLUMNS), use_container_width=True)
