"""The briefing export: one self-contained HTML page that draws offline.

The page is the dashboard's map (``geo.render.build_map`` with Leaflet and
every plugin inlined from pip packages, the tile-free basemap) wrapped in a
briefing: a header with the title, the period and filters it shows and when
it was generated; below the map the table of events and the list of
sources; attribution; and print CSS for A4 landscape that keeps the legend
on the page.  Every document string goes through ``geo.popups.esc``.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.formats import event_records
from geo.mapdata import (
    Filters,
    MapData,
    filter_map_data,
    filter_options,
    map_data_from_store,
    outlet_of,
)
from geo.popups import esc
from geo.render import build_map

ATTRIBUTION = (
    "Places: GeoNames (<a href='https://www.geonames.org/'>geonames.org</a>), CC BY 4.0. "
    "Country outlines: Made with Natural Earth (public domain). "
    "Curated Idlib layer: see data/gazetteer/curated/SOURCE.md (GeoNames CC BY 4.0, Wikipedia CC BY-SA 4.0). "
    "Map drawn with Leaflet and folium; no online tiles unless switched on."
)
#: Table rows shown below the map (the latest events); the full list is in the CSV/GeoJSON exports.
#: About 330 bytes a row: 1,000 rows keep the table near 0.3 MB of a 10 MB budget.
MAX_TABLE_ROWS = 1000
#: Sources listed one by one (the latest); every outlet is counted above the list.
MAX_SOURCES = 1000
#: Online basemap offered in the layer control, off by default (nothing is fetched unless switched on).
ONLINE_TILES = "OpenStreetMap"
_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
_GEO_PRECISION = {1: "exact place", 2: "near place", 3: "region"}

PAGE_CSS = """
<style>
html, body { height: auto !important; }
body { font: 14px/1.4 sans-serif; color: #1b2631; background: #fff; }
.geo-brief-header { padding: 8px 14px; border-bottom: 1px solid #ccc; }
.geo-brief-header h1 { font-size: 20px; margin: 0 0 2px; }
.geo-brief-header .geo-brief-meta { color: #444; font-size: 13px; }
.geo-map-wrap { position: relative; height: 78vh; min-height: 420px; }
.geo-map-wrap > .folium-map { position: absolute !important; inset: 0; height: 100% !important; }
/* laid out only when scrolled to: Leaflet's size reads while the map draws never lay out the long table */
.geo-brief-section { padding: 6px 14px; content-visibility: auto; contain-intrinsic-size: auto 3000px; }
.geo-brief-section h2 { font-size: 16px; margin: 10px 0 4px; }
table.geo-events { border-collapse: collapse; width: 100%; font-size: 12px; table-layout: fixed; }
table.geo-events col.w-s { width: 5%; } table.geo-events col.w-m { width: 8%; }
table.geo-events col.w-l { width: 10%; } table.geo-events col.w-xl { width: 31%; }
table.geo-events th, table.geo-events td { overflow-wrap: anywhere; }
table.geo-events th, table.geo-events td { border: 1px solid #ccc; padding: 2px 5px; vertical-align: top;
  text-align: left; }
table.geo-events th { background: #eef1f4; }
.geo-attribution { font-size: 11px; color: #555; padding: 8px 14px; border-top: 1px solid #ccc; }
@page { size: A4 landscape; margin: 8mm; }
@media print {
  .geo-map-wrap { height: 150mm; min-height: 0; break-after: page; page-break-after: always; }
  .geo-legend { display: block !important; visibility: visible !important; max-height: none !important;
    overflow: visible !important; font-size: 9px !important; line-height: 1.25 !important; column-count: 2;
    column-gap: 12px; bottom: 52px !important; }
  .geo-brief-section { content-visibility: visible; }
  .leaflet-control-layers, .leaflet-control-zoom { display: none; }
  table.geo-events tr { break-inside: avoid; }
}
</style>
"""
# The table and the sources wait in a <template> (inert: not styled, not laid out) until the map has
# drawn; thousands of rows in the live page made every layout Leaflet asks for while drawing slow.
# Leaflet draws for the size the map had on screen; re-measure it for print.
_PAGE_SCRIPT = """
<script>
(function () {
  function showTables() {
    var tpl = document.getElementById('geo-brief-rest-template');
    var slot = document.getElementById('geo-brief-rest');
    if (tpl && slot && !slot.firstChild) { slot.appendChild(tpl.content.cloneNode(true)); }
  }
  function resize() {
    showTables();
    document.querySelectorAll('.folium-map').forEach(function (el) {
      var m = window[el.id];
      if (m && m.invalidateSize) { m.invalidateSize(false); }
    });
  }
  if (document.readyState === 'complete') { setTimeout(showTables, 0); }
  else { window.addEventListener('load', function () { setTimeout(showTables, 0); }); }
  window.addEventListener('beforeprint', resize);
  if (window.matchMedia) { window.matchMedia('print').addListener(resize); }
})();
</script>
"""


def _period(data: MapData, filters: Filters | None) -> str:
    """"2020-02-01 to 2020-02-29": the filters' range, else the data's."""
    dates = filter_options(data).get("dates")
    first = (filters.date_from if filters else None) or (dates[0] if dates else None)
    last = (filters.date_to if filters else None) or (dates[1] if dates else None)
    if not first and not last:
        return "undated"
    return f"{first or '…'} to {last or '…'}"


def describe_filters(filters: Filters | None) -> list[str]:
    """Readable lines for the filters that narrow the view (empty when it shows everything)."""
    if filters is None:
        return []
    lines = []
    for name, label in (("event_types", "Event types"), ("actors", "Actors"), ("outlets", "Outlets"),
                        ("claimants", "Claimants"), ("kinds", "Mention kinds"),
                        ("geo_precisions", "Geo precision")):
        value = getattr(filters, name)
        if value is not None:
            lines.append(f"{label}: {', '.join(str(v) for v in value) or '(none)'}")
    if filters.min_confidence:
        lines.append(f"Minimum confidence: {filters.min_confidence:g}")
    if filters.literal_only:
        lines.append("Literal mentions only")
    if filters.text:
        lines.append(f"Text contains: {filters.text}")
    return lines


def header_html(data: MapData, title: str, filters: Filters | None, generated: datetime) -> str:
    """Title, period, filters and generation time."""
    shown = describe_filters(filters)
    dated = bool(filters and (filters.date_from or filters.date_to))
    filter_text = ("; ".join(esc(line) for line in shown) if shown
                   else "none besides the period" if dated else "none")
    return (
        "<header class='geo-brief-header'>"
        f"<h1 class='geo-brief-title'>{esc(title)}</h1>"
        "<div class='geo-brief-meta'>"
        f"<span class='geo-brief-period'><b>Period:</b> {esc(_period(data, filters))}</span> &middot; "
        f"<span class='geo-brief-filters'><b>Filters:</b> {filter_text}</span> &middot; "
        f"<span class='geo-brief-counts'>{len(data.events)} events, {len(data.claims)} claims, "
        f"{len(data.documents)} sources</span> &middot; "
        f"<span class='geo-brief-generated'><b>Generated:</b> {generated:%Y-%m-%d %H:%M} UTC</span>"
        "</div></header>"
    )


def _cell(value: Any) -> str:
    return f"<td>{esc(value) if value not in (None, '') else ''}</td>"


#: Width classes of the table's columns (see PAGE_CSS), in the order of its headings.
_COLUMN_WIDTHS = ("w-m", "w-l", "w-l", "w-s", "w-l", "w-s", "w-xl", "w-m", "w-s", "w-m")


def _latest(records: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The ``limit`` most recent records (undated count as oldest), in date order."""
    if len(records) <= limit:
        return records
    ranked = sorted(range(len(records)), key=lambda i: (str(records[i]["event_date"] or ""), i))
    return [records[i] for i in ranked[-limit:]]


def events_table_html(data: MapData, limit: int = MAX_TABLE_ROWS) -> str:
    """The events below the map: date, type, place and precision, actors, evidence, outlet, reports.

    More than ``limit`` events: the latest ``limit`` are listed, and a note says so.
    """
    records = event_records(data)
    shown = _latest(records, limit)
    heads = ("Date", "Type", "Location", "Geo precision", "Actors", "Fatalities", "Evidence", "Outlet",
             "Reports", "Claimed by")
    rows = []
    for r in shown:
        date = f"{r['event_date'] or 'undated'} ({_TIME_PRECISION.get(r['time_precision'], 'unknown')})"
        kind = " / ".join(str(v) for v in (r["event_type"], r["sub_event_type"]) if v)
        place = ", ".join(dict.fromkeys(str(v) for v in (r["location"], r["admin1"], r["country"]) if v))
        actors = " vs ".join(str(a) for a in (r["actor1"], r["actor2"]) if a)
        rows.append("<tr>" + "".join(_cell(v) for v in (
            date, kind, place, _GEO_PRECISION.get(r["geo_precision"], r["geo_precision"]), actors,
            r["fatalities"], r["notes"], r["source"], r["corroboration"], r["claimant"])) + "</tr>")
    note = (f"<p class='geo-table-note'>Showing the latest {len(shown)} of {len(records)} events; "
            "all are on the map, and the CSV export (<code>geo export --format csv</code>) lists them all.</p>"
            if len(shown) < len(records) else "")
    return (
        f"<section class='geo-brief-section'><h2>Events ({len(records)})</h2>{note}"
        "<table class='geo-events'><colgroup>" + "".join(f"<col class='{w}'>" for w in _COLUMN_WIDTHS)
        + "</colgroup><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads)
        + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>"
    )


def sources_html(data: MapData, limit: int = MAX_SOURCES) -> str:
    """The documents the view draws from: a count per outlet, then outlet, title and date of each.

    More than ``limit`` documents: the latest ``limit`` are listed, and a note says so.
    """
    docs = sorted(data.documents, key=lambda d: (str(d.get("published") or "~"), outlet_of(d)))
    counts: dict[str, int] = {}
    for d in docs:
        counts[outlet_of(d)] = counts.get(outlet_of(d), 0) + 1
    outlets = ", ".join(f"{esc(o)} ({n})" for o, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    shown = docs[-limit:] if len(docs) > limit else docs
    note = (f"<p class='geo-table-note'>Listing the latest {len(shown)} of {len(docs)} documents; "
            "the GeoJSON and GeoPackage exports name the source of every row.</p>" if len(shown) < len(docs) else "")
    items = "".join(
        f"<li class='geo-source'><b>{esc(outlet_of(d))}</b> &ndash; <i>{esc(d.get('title') or '')}</i>"
        f" ({esc(d.get('published') or 'undated')})</li>" for d in shown)
    return (f"<section class='geo-brief-section'><h2>Sources ({len(docs)})</h2>"
            f"<p class='geo-outlets'><b>Outlets:</b> {outlets}</p>{note}"
            f"<ol class='geo-sources'>{items}</ol></section>")


def _spans_days(data: MapData) -> bool:
    dates = filter_options(data).get("dates")
    return bool(dates) and dates[0] != dates[1]


def _map_page(data: MapData, title: str) -> str:
    """The rendered map page from ``build_map``: inlined assets, online tiles as a layer that is off,
    the timeline when the period spans days."""
    m = build_map(data, assets="inline", tiles=ONLINE_TILES, title=title, timeline=_spans_days(data))
    return m.get_root().render()


def briefing_html(data: MapData, title: str = "Briefing map", filters: Filters | None = None,
                  generated: datetime | None = None) -> str:
    """The briefing page for ``data`` (already filtered by ``filters``, which are only described).

    Takes the rows to show, a title, the filters that selected them and the
    generation time (default: now).  Returns the HTML text.  Raises
    ``GeoError`` if a map asset is not available offline.
    """
    generated = generated or datetime.now(UTC)
    page = _map_page(data, title)
    start = page.find("</head>\n<body>")
    end = page.find("</body>", start)
    html_end = page.rfind("</html>")
    if start < 0 or end < 0 or html_end < end:
        raise GeoError("the map page has an unexpected layout (no <body>); cannot build the briefing")
    body_start = start + len("</head>\n<body>")
    return (
        page[:start] + PAGE_CSS + "</head>\n<body>"
        + header_html(data, title, filters, generated)
        + "<div class='geo-map-wrap'>" + page[body_start:end] + "</div>"
        + "<div id='geo-brief-rest'></div><template id='geo-brief-rest-template'>"
        + events_table_html(data) + sources_html(data) + "</template>"
        + f"<footer class='geo-attribution'>{ATTRIBUTION}</footer>"
        + page[end:html_end] + _PAGE_SCRIPT + page[html_end:]
    )


def render_html(store: Any, title: str = "Briefing map", filters: Filters | None = None) -> str:
    """The briefing page for everything in ``store`` that passes ``filters``."""
    data = map_data_from_store(store)
    if filters is not None:
        data = filter_map_data(data, filters)
    return briefing_html(data, title=title, filters=filters)


def write_text_atomic(out_path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``out_path`` via a temporary file; raises ``GeoError`` naming the file."""
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise GeoError(f"{out}: cannot write the export ({exc.strerror or exc})") from exc
    return out


def export_html(store: Any, out_path: str | os.PathLike, title: str = "Briefing map",
                filters: Filters | None = None) -> Path:
    """Write the briefing page of ``store`` to ``out_path``; returns the path.

    The file loads nothing from the network (no tiles, scripts inlined).
    Raises ``GeoError`` naming the file when it cannot be written.
    """
    return write_text_atomic(out_path, render_html(store, title=title, filters=filters))


FORMATS = ("html", "png", "pdf", "geojson", "gpkg", "csv", "kml")


def export_file(store: Any, out_path: str | os.PathLike, format: str = "html", title: str = "Briefing map",
                filters: Filters | None = None) -> Path:
    """Write ``store``'s rows that pass ``filters`` to ``out_path`` as ``format`` (one of ``FORMATS``).

    png/pdf render the briefing page in headless Chromium (``geo.snapshot``).
    Raises ``GeoError`` for an unknown format, a missing browser or an unwritable file.
    """
    import json

    from geo import formats

    if format not in FORMATS:
        raise GeoError(f"unknown --format {format!r}: use one of {', '.join(FORMATS)}")
    data = map_data_from_store(store)
    if filters is not None:
        data = filter_map_data(data, filters)
    if format == "html":
        return write_text_atomic(out_path, briefing_html(data, title=title, filters=filters))
    if format in ("png", "pdf"):
        from geo.snapshot import snapshot

        return snapshot(briefing_html(data, title=title, filters=filters), out_path, format)
    if format == "gpkg":
        return formats.write_gpkg(data, out_path)
    text = {"geojson": lambda: json.dumps(formats.to_geojson(data), ensure_ascii=False),
            "csv": lambda: formats.to_csv(data), "kml": lambda: formats.to_kml(data)}[format]()
    return write_text_atomic(out_path, text)
