"""What every dashboard page shares: where the store is and its rows, cached per store version."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from geo.mapdata import MapData, map_data_from_store


def db_path() -> Path | None:
    """$GEO_DB, else the first script argument (`streamlit run app.py -- store.sqlite`)."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    value = os.environ.get("GEO_DB") or (args[0] if args else None)
    return Path(value) if value else None


def store_version(db: Path) -> tuple[int, ...]:
    """Modification times of the store and its write-ahead log (SQLite WAL writes go there first)."""
    return tuple(p.stat().st_mtime_ns for p in (db, Path(f"{db}-wal")) if p.exists())


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
