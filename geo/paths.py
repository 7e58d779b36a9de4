"""Where things live: shipped data, the gazetteer cache, the default store."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GAZETTEER_DIR = DATA / "gazetteer"
CURATED_DIR = GAZETTEER_DIR / "curated"
DEFAULT_DB = "geo.sqlite"


def cache_dir() -> Path:
    """The gazetteer index cache: $GEO_CACHE, else $XDG_CACHE_HOME/geo, else ~/.cache/geo."""
    env = os.environ.get("GEO_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geo"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The store: an explicit --db, else $GEO_DB, else ./geo.sqlite."""
    return Path(explicit or os.environ.get("GEO_DB") or DEFAULT_DB)
