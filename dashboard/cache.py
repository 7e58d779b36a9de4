"""The main page's computations, cached per store version and view, shared by the page and the server's warm-up.

Streamlit's resource cache belongs to the process, so what
``dashboard.server.warm`` computes here before the server starts (the map
of the store, the filter options, the default view's rows, tables and click
index) is what the first visitor's script run finds.  A view is keyed by
``view_key(filters)``: the sorted ``Filters.to_query()`` items.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.common import STATIC, all_tables, load_data
from dashboard.mapview import MapParts, bundled, store_map
from geo.mapdata import (
    DOCUMENT_COLUMNS,
    Filters,
    MapData,
    filter_map_data,
    filter_options,
    table_rows,
)
from geo.render import visible_rows
from geo.views import Spot, document_link, spot_index

Version = tuple[int, ...]
QueryKey = tuple[tuple[str, str], ...]


def view_key(filters: Filters) -> QueryKey:
    """The cache key of the view ``filters`` selects."""
    return tuple(sorted(filters.to_query().items()))


@st.cache_resource(max_entries=4, show_spinner=False)
def options(db: str, version: Version) -> dict[str, Any]:
    """The filters' choices (``geo.mapdata.filter_options``) of the store."""
    return filter_options(load_data(Path(db)))


@st.cache_resource(max_entries=16, show_spinner=False)
def view(db: str, version: Version, key: QueryKey) -> MapData:
    """The rows passing the filters ``key`` (see :func:`view_key`); shared, never mutated."""
    return filter_map_data(load_data(Path(db)), Filters.from_query(dict(key)))


@st.cache_resource(max_entries=2, show_spinner="Drawing the map…")
def map_parts(db: str, version: Version) -> MapParts:
    """The map of every row of the store (from the disk cache beside the store when it is there), its
    scripts served from ``STATIC``."""
    owner = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:12]
    return bundled(store_map(Path(db), version, lambda: load_data(Path(db))), STATIC, owner)


@st.cache_resource(max_entries=32, show_spinner=False)
def rows(db: str, version: Version, key: QueryKey) -> dict[str, Any]:
    """Which of the map's markers the view ``key`` keeps (bitmaps for ``geoMap.showRows``), and the
    observation posts' status on its last day."""
    as_of = Filters.from_query(dict(key)).date_to
    return visible_rows(map_parts(db, version).keys, view(db, version, key), as_of)


@st.cache_resource(max_entries=16, show_spinner=False)
def spots(db: str, version: Version, key: QueryKey) -> list[Spot]:
    """The view's click index (``geo.views.spot_index``)."""
    return spot_index(view(db, version, key))


@st.cache_resource(max_entries=16, show_spinner=False)
def tables(db: str, version: Version, key: QueryKey) -> dict[str, Any]:
    """The table views' frames: the view's rows of the store's tables (st.dataframe then only serialises them)."""
    import pandas as pd

    full, chosen = all_tables(Path(db)), view(db, version, key)
    documents = [{**row, "document": document_link(d.get("doc_id"))} for row, d in
                 zip(table_rows(chosen.documents, DOCUMENT_COLUMNS), chosen.documents)]
    frames = {"documents": pd.DataFrame(documents)}
    for name, id_column, kept in (("events", "event_id", chosen.events), ("claims", "claim_id", chosen.claims)):
        frame = full[name]
        if id_column in frame:
            frame = frame[frame[id_column].isin([r.get(id_column) for r in kept])].reset_index(drop=True)
        frames[name] = frame
    return frames


@st.cache_resource(max_entries=2, show_spinner=False)
def document_count(db: str, version: Version) -> int:
    """How many documents the store holds."""
    from geo.store import Store

    with Store(Path(db)) as store:
        return int(store.counts().get("documents", 0))
