"""The briefing export: one self-contained HTML file that draws offline."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.mapdata import map_data_from_store
from geo.render import build_map


def render_html(store: Any, title: str = "Briefing map") -> str:
    """The export page for everything in ``store``, with Leaflet inlined."""
    data = map_data_from_store(store)
    return build_map(data, assets="inline", title=title).get_root().render()


def export_html(store: Any, out_path: str | os.PathLike) -> Path:
    """Write the briefing map of ``store`` to ``out_path``; returns the path.

    The file loads nothing from the network (no tiles, scripts inlined).
    Raises ``GeoError`` naming the file when it cannot be written.
    """
    out = Path(out_path)
    page = render_html(store)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise GeoError(f"{out}: cannot write the export ({exc.strerror or exc})") from exc
    return out
