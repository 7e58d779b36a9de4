"""Offline JavaScript/CSS for folium maps, taken from folium-offline's bundle.

folium points every element's ``default_js``/``default_css`` at CDNs.  The
pinned ``folium-offline`` package carries the same files (``_res``: CDN URL ->
file text).  Two ways to use them:

* :func:`inline_assets` empties the elements' link lists and puts the file
  texts into ``<script>``/``<style>`` blocks of the page header (HTML export);
* :func:`localise_assets` rewrites the links to a local URL prefix and
  :func:`write_static_assets` writes the files there (Streamlit dashboard).

A needed URL that the bundle lacks raises ``GeoError``: nothing falls back to
the network.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import branca
import folium
from branca.element import Element

from geo.errors import GeoError

# The keys folium itself names its files by (its CDN URLs): they index the offline bundle and are
# never fetched.  Taken from folium's Map so that they follow the pinned folium version.
_FOLIUM_JS = dict(folium.Map.default_js)
_FOLIUM_CSS = dict(folium.Map.default_css)

#: What our maps need: Leaflet, and jQuery because folium popups use ``$()``.
MAP_JS = (("leaflet", _FOLIUM_JS["leaflet"]), ("jquery", _FOLIUM_JS["jquery"]))
MAP_CSS = (("leaflet_css", _FOLIUM_CSS["leaflet_css"]),)
LEAFLET_JS, JQUERY_JS = MAP_JS[0][1], MAP_JS[1][1]
LEAFLET_CSS = MAP_CSS[0][1]


def plugin_assets() -> tuple[list[str], list[str]]:
    """The (js, css) URLs of the plugins ``geo.render.build_map`` adds: clustering, search,
    fullscreen and measure (taken from the plugin classes, so they follow the pinned versions)."""
    from folium.plugins import Fullscreen, MeasureControl

    from geo.maplayers import DataLayer

    classes = (DataLayer, Fullscreen, MeasureControl)
    return ([u for c in classes for _, u in c.default_js], [u for c in classes for _, u in c.default_css])


def _bundle() -> dict[str, str]:
    try:
        from offlinefolium.elements import _res
    except ImportError as exc:  # pragma: no cover - pinned dependency
        raise GeoError("folium-offline is not installed: pip install folium-offline==0.20.0.2") from exc
    return _res


def asset_text(url: str) -> str:
    """The text of the file folium would load from ``url``.

    Raises ``GeoError`` when folium-offline does not carry it.
    """
    bundle = _bundle()
    if url not in bundle:
        raise GeoError(f"offline asset missing: {url} is not in folium-offline's bundle; "
                       "use a map element whose JS/CSS it carries")
    return bundle[url]


def asset_filename(url: str) -> str:
    """A local file name for a CDN URL (its last path segment)."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    if not name or name.startswith("."):
        raise GeoError(f"cannot name a local file for asset URL {url}")
    return name


def walk_elements(element: branca.element.Element) -> Iterator[branca.element.Element]:
    """Every element of a map tree, parents first."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk_elements(child)


def trim_map_assets(m: folium.Map) -> None:
    """Keep only Leaflet and jQuery on the Map (no bootstrap, fonts, awesome-markers)."""
    m.default_js = list(MAP_JS)
    m.default_css = list(MAP_CSS)


def asset_links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The (js, css) URLs the elements of ``m`` ask for, deduplicated, in order."""
    js: dict[str, None] = {}
    css: dict[str, None] = {}
    for element in walk_elements(m):
        for _, url in getattr(element, "default_js", []) or []:
            js[url] = None
        for _, url in getattr(element, "default_css", []) or []:
            css[url] = None
    return list(js), list(css)


def _script_block(text: str) -> str:
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _style_block(text: str) -> str:
    return "<style>" + text.replace("</style", "<\\/style") + "</style>"


def inline_assets(m: folium.Map) -> int:
    """Put every JS/CSS file the map needs into its page header; returns bytes inlined.

    Raises ``GeoError`` if a needed URL is not in the offline bundle.
    """
    js, css = asset_links(m)
    blocks = [_style_block(asset_text(u)) for u in css] + [_script_block(asset_text(u)) for u in js]
    for element in walk_elements(m):
        if hasattr(element, "default_js"):
            element.default_js = []
        if hasattr(element, "default_css"):
            element.default_css = []
    header = m.get_root().header
    for index, block in enumerate(blocks):
        header.add_child(Element(block), name=f"geo_asset_{index}")
    return sum(len(b) for b in blocks)


def localise_assets(m: folium.Map, prefix: str) -> list[str]:
    """Point every JS/CSS link of the map at ``prefix + filename``; returns the CDN URLs.

    Raises ``GeoError`` if a needed URL is not in the offline bundle.
    """
    urls: list[str] = []
    for element in walk_elements(m):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if not links:
                continue
            for _, url in links:
                asset_text(url)
                urls.append(url)
            setattr(element, attr, [(name, prefix + asset_filename(url)) for name, url in links])
    return list(dict.fromkeys(urls))


def write_static_assets(directory: Path, urls: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Write the offline files for ``urls`` (default: what our maps and their plugins need) into ``directory``.

    Files whose content is already current are left alone.  Returns the paths.
    """
    if not urls:
        js, css = plugin_assets()
        urls = [u for _, u in MAP_JS + MAP_CSS] + js + css
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for url in urls:
        path = directory / asset_filename(url)
        text = asset_text(url)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        written.append(path)
    return written
