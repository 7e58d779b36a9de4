"""The map in the dashboard: one folium map per store version, shown by streamlit-folium's component.

``st_folium`` renders the whole folium map to JavaScript on every script run
(tens of seconds for 20,000 events).  Here the rendering is split from the
showing: :func:`store_map` draws every row of the store once per store
version (kept in memory by the dashboard and on disk beside the store, so a
restarted server does not draw it again); :func:`show_map` hands the
rendered strings to the same front-end component ``st_folium`` uses, with
the sidebar's filters as code for the drawn map (a bitmap of the rows
``geo.mapdata.filter_map_data`` keeps, a few kilobytes), so a filter change
never builds or sends a map.  It relies on
streamlit-folium 0.27.4's helpers (pinned in pyproject.toml).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import folium

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
    keys: dict[str, list[str]] = field(default_factory=dict)  # the map's rows (geo.render.visible_rows)


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
    import streamlit_folium as sf  # here, not at import: see show_map

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
                    sf.generate_js_hash(script, None, False), dict(getattr(m, "geo_keys", {})))


#: The modules whose code shapes the map: a change to any of them makes the disk cache stale.
_MAP_CODE = ("geo/render.py", "geo/maplayers.py", "geo/mapjs.py", "geo/popups.py", "geo/basemap.py",
             "geo/reference.py", "geo/assets.py", "geo/sides.py", "geo/mapdata.py", "dashboard/mapview.py")
_ROOT = Path(__file__).resolve().parents[1]
STATIC_URL = "/app/static/"


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in _MAP_CODE:
        path = _ROOT / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    for package in ("folium", "folium-offline", "streamlit-folium"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:16]


def cache_file(db: Path, version: Sequence[int]) -> Path:
    """Where the rendered map of store ``db`` at ``version`` is kept: ``.geo-cache/`` beside the store."""
    name = hashlib.sha256(f"{Path(db).resolve()}|{tuple(version)}|{_code_fingerprint()}".encode()).hexdigest()[:24]
    return Path(db).resolve().parent / ".geo-cache" / f"map-{Path(db).stem}-{name}.json"


def _read_cache(path: Path) -> MapParts | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["css_links"], raw["js_links"] = tuple(raw["css_links"]), tuple(raw["js_links"])
        return MapParts(**raw)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # absent, unreadable or from another layout: draw again


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it: readers see the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _write_cache(path: Path, parts: MapParts) -> None:
    """Write atomically; stale maps of the same store go.  A read-only place just means no disk cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, json.dumps(asdict(parts), ensure_ascii=False))
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def store_map(db: Path, version: Sequence[int], load: Callable[[], Any] | None = None) -> MapParts:
    """The dashboard's map of every row in store ``db`` at ``version``: from the disk cache, else drawn.

    ``load``: returns the store's ``MapData`` (the dashboard passes its
    cached reader); by default the store is read here.  Drawn without popups
    (the dashboard's panel shows what a click hits); the posts' status follows
    the view (``show_map``'s rows), and the legend lists every status.
    """
    path = cache_file(db, version)
    parts = _read_cache(path)
    if parts is not None:
        return parts
    from geo.render import build_map

    if load is None:
        from geo.mapdata import map_data_from_store
        from geo.store import Store

        with Store(db) as store:
            data = map_data_from_store(store)
    else:
        data = load()
    parts = map_parts(build_map(data, assets=STATIC_URL, popups=False, posts_follow_view=True))
    _write_cache(path, parts)
    return parts


def rows_code(rows: dict[str, Any] | None) -> str:
    """The JavaScript that shows only ``rows`` (``geo.render.visible_rows``) on the drawn map; "" for none.

    The masks carry post tooltips (escaped): ``js_literal`` keeps them from
    ending a script or reading as a template.
    """
    from geo.maplayers import js_literal

    return "" if rows is None else f"geoMap.showRows({js_literal(rows)});"


def show_map(parts: MapParts, key: str, height: int = 620, rows: dict[str, Any] | None = None,
             returned_objects: Sequence[str] = CLICK_OBJECTS) -> dict[str, Any] | None:
    """Show a rendered map with only ``rows`` (``geo.render.visible_rows``) on it; returns the component's
    value: the last click and its tooltip, or None until the map has drawn in the browser.

    The map's arguments are the same on every run for the same ``parts``,
    so the component is not rebuilt; only ``rows`` changes with the filters.
    It goes in streamlit-folium's ``feature_group`` argument, the code the
    component runs in the map's frame whenever it changes (after the map has
    drawn, the first time), so a filter change costs a redraw of the
    markers, not a new map or a new frame.  The component starts from no
    value and sends its first one (no click yet) once the map's script has
    run, so the dashboard can tell when the map is on screen.

    streamlit-folium is imported here, not with this module: importing it
    declares its component, and a declaration made before Streamlit's
    runtime exists (the server's warm-up imports this module) is lost.
    """
    import streamlit_folium as sf

    value = sf._component_func(
        script=parts.script, header=parts.header, html=parts.html, id=parts.map_id,
        key=hashlib.sha256(f"{parts.digest}{key}".encode()).hexdigest(), height=height, width=None,
        returned_objects=list(returned_objects), default=None,
        zoom=None, center=None, feature_group=rows_code(rows), return_on_hover=False, layer_control="",
        pixelated=False, css_links=list(parts.css_links), js_links=list(parts.js_links),
        wrap_longitude=False,
    )
    return value


def _bundle(js_links: tuple[str, ...], static_dir: Path) -> tuple[str, ...]:
    """``js_links`` joined, in order, into one file in ``static_dir`` (named by its content); the same
    links when there is one or when a script is not among the served files."""
    files = [static_dir / link.rsplit("/", 1)[-1] for link in js_links]
    if len(files) < 2 or not all(link.startswith(STATIC_URL) for link in js_links) \
            or not all(f.is_file() for f in files):
        return js_links
    text = "".join(f.read_text(encoding="utf-8") + "\n;\n" for f in files)
    name = f"geo-bundle-{hashlib.sha256(text.encode()).hexdigest()[:16]}.js"
    target = static_dir / name
    if not target.exists():
        _write_atomic(target, text)
    return (STATIC_URL + name,)


def _served_script(script: str, static_dir: Path, owner: str) -> str | None:
    """The map's script as a file in ``static_dir`` (named by ``owner`` and its content); its URL, or
    None when the directory cannot be written.  Older scripts of the same owner go."""
    stem = f"geo-map-{owner}"
    name = f"{stem}-{hashlib.sha256(script.encode()).hexdigest()[:16]}.js"
    target = static_dir / name
    try:
        if not target.exists():
            _write_atomic(target, script)
        week_ago = time.time() - 7 * 86400
        for old in static_dir.glob("geo-map-*.js"):  # this store's older maps; any store's unused for a week
            if old != target and (old.name.startswith(stem + "-") or old.stat().st_mtime < week_ago):
                old.unlink(missing_ok=True)
    except OSError:
        return None
    return STATIC_URL + name


def served(parts: MapParts, static_dir: Path) -> bool:
    """Whether every script ``parts`` links from ``static_dir`` is there (another server may have
    removed an old one)."""
    return all((static_dir / link.rsplit("/", 1)[-1]).is_file()
               for link in parts.js_links if link.startswith(STATIC_URL))


def bundled(parts: MapParts, static_dir: Path, owner: str = "map") -> MapParts:
    """``parts`` with its scripts served as files from ``static_dir``: the map's assets joined, in order,
    into one bundle, and the map's own script (1.6 MB at 20,000 events) after it.

    streamlit-folium's page loads its scripts one after another, each
    waiting for the last; one bundle saves those round trips.  With the map's
    script among them, the component's arguments are a few kilobytes instead
    of megabytes, and the browser keeps the files between visits.  ``owner``
    (e.g. a digest of the store's path) names the map's script so that a new
    version replaces the old one without touching other stores' maps.
    """
    import dataclasses

    js_links = _bundle(parts.js_links, static_dir)
    link = _served_script(parts.script, static_dir, owner) if js_links != parts.js_links else None
    if link is None:  # not served from here: leave the script inline
        return dataclasses.replace(parts, js_links=js_links)
    return dataclasses.replace(parts, js_links=(*js_links, link), script="")
