"""Start the dashboard's Streamlit server with the map drawn before the first visitor comes.

``geo dashboard`` (geo/serve.py) runs ``python -m dashboard.server <streamlit run arguments>``
instead of ``streamlit run``: this process first imports what the page
imports, draws the store's map into the disk cache beside the store
(dashboard/mapview.py) and computes the unfiltered view's rows, tables and
click index (dashboard/cache.py), then hands over to Streamlit in the same
process.  So the first page opened on a freshly started server finds its
map and view ready instead of drawing 20,000 events and filtering them.  A
store that cannot be read is left to the page to report.
"""
from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

#: Streamlit's warnings about work done before its server runs, which this warm-up does on purpose.
_EXPECTED = ("missing ScriptRunContext", "config option section was detected")


def _quiet(record: logging.LogRecord) -> bool:
    return not any(text in record.getMessage() for text in _EXPECTED)


def _draw(db: str) -> None:
    from dashboard.common import store_version
    from dashboard.mapview import store_map

    store_map(Path(db), store_version(Path(db)))


def warm(db: Path) -> None:
    """Put the store's map in the disk cache; read the store, import the page's modules and compute
    what a visitor with no filters in the URL needs first (dashboard/cache.py).

    The map is drawn in a forked child: drawing needs streamlit-folium, whose
    component must be declared by the page's own import (a declaration made
    before Streamlit's runtime exists is lost, and the map's frame would 404).
    """
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=_draw, args=(str(db),), daemon=True)
    child.start()
    import folium  # noqa: F401 - imported for the first visitor's run
    import pandas  # noqa: F401

    import dashboard.panel  # noqa: F401
    from dashboard import cache
    from dashboard.common import all_tables, load_data, static_assets, store_version
    from dashboard.sidebar import query_filters

    load_data(db)  # Streamlit's resource cache is the process's: the first visitor's run finds these
    all_tables(db)
    child.join()
    if child.exitcode:
        raise RuntimeError(f"drawing the map failed (exit status {child.exitcode})")
    name, version = str(db), store_version(db)
    static_assets()
    cache.document_count(name, version)
    cache.map_parts(name, version)
    key = cache.view_key(query_filters({}, cache.options(name, version)))
    cache.rows(name, version, key)
    cache.tables(name, version, key)
    cache.spots(name, version, key)
    gc.freeze()  # what the warm-up made lives as long as the server: no collection need look at it


def main(argv: list[str]) -> None:
    """Warm up for $GEO_DB, then run ``streamlit <argv>`` here."""
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.config"):
        logging.getLogger(name).addFilter(_quiet)
    db = os.environ.get("GEO_DB")
    if db and Path(db).is_file():
        try:
            warm(Path(db))
        except Exception as exc:  # noqa: BLE001 - the page shows the store's problem to the analyst
            print(f"note: the first view of {db} is not prepared ({exc}); the page will say why", file=sys.stderr)
    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
