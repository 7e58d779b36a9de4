"""What every dashboard page shares: where the store is and its rows, cached per store version."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import streamlit as st

from geo.mapdata import MapData, map_data_from_store

#: Where the map's scripts and styles are served from (Streamlit's static serving: /app/static/).
STATIC = Path(__file__).resolve().parent / "static"


@st.cache_resource
def static_assets() -> None:
    """The map's scripts and styles for Streamlit's static serving: written once per server."""
    from geo.assets import write_static_assets

    write_static_assets(STATIC)


def db_path() -> Path | None:
    """$GEO_DB, else the first script argument (`streamlit run app.py -- store.sqlite`)."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    value = os.environ.get("GEO_DB") or (args[0] if args else None)
    return Path(value) if value else None


def store_version(db: Path) -> tuple[int, ...]:
    """Modification time and size of the store and of its write-ahead log (SQLite WAL writes go there first).

    An empty log is left out: every reader creates one while it has the store
    open, and the store has not changed for that.
    """
    version: list[int] = []
    for path in (db, Path(f"{db}-wal")):
        try:
            info = path.stat()
        except OSError:
            continue
        if info.st_size or path == db:
            version += [info.st_mtime_ns, info.st_size]
    return tuple(version)


@st.cache_resource(max_entries=2, show_spinner="Reading the store…")
def _load(db: str, version: tuple[int, ...]) -> MapData:
    """The store's rows, read again only when the store changes (``version`` keys the cache).

    A shared resource, not a copy per run (``st.cache_data`` would unpickle 20,000
    events on every rerun, seconds each): callers must not modify the rows.
    """
    from geo.store import Store

    with Store(db) as store:
        return map_data_from_store(store)


def load_data(db: Path) -> MapData:
    """The store's rows as ``MapData``, from the cache unless the store changed."""
    return _load(str(db), store_version(db))


@st.cache_resource(max_entries=2, show_spinner="Building the tables…")
def _store_tables(db: str, version: tuple[int, ...]) -> dict[str, Any]:
    """The event and claim tables of the whole store (pandas, built once per store version).

    A row's derived columns (corroboration, claimant, confidence) describe
    the event in the whole store; a view selects rows, it does not recompute them.
    """
    import pandas as pd

    from geo.views import claim_table, event_table

    data = load_data(Path(db))
    return {"events": pd.DataFrame(event_table(data)), "claims": pd.DataFrame(claim_table(data))}


def all_tables(db: Path) -> dict[str, Any]:
    """The store's event and claim tables (``pandas.DataFrame``), from the cache unless the store changed."""
    return _store_tables(str(db), store_version(db))
