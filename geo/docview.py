"""The document view's HTML and map: an article with its places marked, and a map to correct one.

Pure functions (no streamlit): :func:`highlight_article` escapes the whole
body (``geo.popups.esc``) and wraps each stored mention's span in a
``<mark>`` coloured by kind and shaded by confidence; :func:`correction_map`
draws the document's places plus the gazetteer candidates for one mention,
on the offline basemap, for the analyst to pick from or click on.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import folium

from geo.popups import esc
from geo.records import MENTION_KINDS, Place

#: Mark colour (RGB) by mention kind; the alpha shows the confidence.
KIND_RGB = {"literal": (46, 134, 222), "associative": (230, 126, 34), "metonymic": (142, 68, 173)}
_OTHER_RGB = (127, 140, 141)
CANDIDATE_COLOUR = "#c0392b"
CURRENT_COLOUR = "#1e8449"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def md_escape(value: Any) -> str:
    """``value`` as Markdown that shows literally (Streamlit renders messages as Markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value if value is not None else "")).replace("\n", " ")


def now_html(mention: dict[str, Any]) -> str:
    """One line (an HTML block, escaped) saying where a mention is placed now and why."""
    conf = mention.get("confidence")
    conf_text = f"{float(conf):.2f}" if isinstance(conf, (int, float)) else "?"
    return (f"<div class='geo-now'><b>Now:</b> {esc(mention.get('name'))} · <code>{esc(mention.get('place_id'))}</code>"
            f" · {esc(mention.get('lat'))}, {esc(mention.get('lon'))} · {esc(mention.get('precision'))} · "
            f"confidence {conf_text} · {esc(mention.get('kind'))}<br><small>Coordinates from: "
            f"{esc(mention.get('source'))}</small></div>")


def is_corrected(mention: dict[str, Any]) -> bool:
    """Whether an analyst set this mention's place (its source says "corrected by")."""
    return "corrected by" in str(mention.get("source") or "")


def mark_style(kind: str | None, confidence: Any, selected: bool = False, corrected: bool = False) -> str:
    """CSS for one mark: kind colour, more opaque the more confident; outlined if selected."""
    r, g, b = KIND_RGB.get(str(kind or "literal"), _OTHER_RGB)
    try:
        conf = min(1.0, max(0.0, float(confidence)))
    except (TypeError, ValueError):
        conf = 0.5
    alpha = 0.15 + 0.55 * conf
    style = (f"background:rgba({r},{g},{b},{alpha:.2f});border-bottom:2px solid rgb({r},{g},{b});"
             "padding:0 2px;border-radius:3px;color:inherit;text-decoration:none")
    if corrected:
        style += ";border-bottom-style:double;border-bottom-width:4px"
    if selected:
        style += ";outline:2px solid #111;outline-offset:1px"
    return style


def mark_title(mention: dict[str, Any]) -> str:
    """The hover text of a mark: place, kind, confidence, precision, source."""
    conf = mention.get("confidence")
    conf_text = f"{float(conf):.2f}" if isinstance(conf, (int, float)) else "?"
    return (f"{mention.get('name')} ({mention.get('place_id')}) · {mention.get('kind') or 'literal'} · "
            f"confidence {conf_text} · {mention.get('precision') or ''} · {mention.get('source') or ''}")


def highlight_article(body: str, mentions: Sequence[dict[str, Any]], doc_id: str | None = None,
                      selected: int | None = None) -> str:
    """The article as one line of HTML with every mention's span marked.

    ``mentions`` are stored rows (``start``/``end`` index ``body``); overlapping
    spans keep the first.  With ``doc_id`` each mark links to
    ``?doc=<doc_id>&mention=<mention_id>`` in the same tab.  Newlines become
    ``<br>`` so the result has no blank line (Markdown leaves it alone).
    """
    out: list[str] = []
    pos = 0
    for m in sorted(mentions, key=lambda r: (int(r["start"]), int(r["end"]))):
        start, end = int(m["start"]), int(m["end"])
        if start < pos or end > len(body) or start >= end:
            continue
        out.append(_text(body[pos:start]))
        mid = m.get("mention_id")
        style = mark_style(m.get("kind"), m.get("confidence"), selected is not None and mid == selected,
                           is_corrected(m))
        mark = (f"<mark class='geo-mark geo-kind-{esc(m.get('kind') or 'literal')}' data-mention='{esc(mid)}' "
                f"title='{esc(mark_title(m))}' style='{style}'>{_text(body[start:end])}</mark>")
        if doc_id is not None and mid is not None:
            href = "?" + urlencode({"doc": doc_id, "mention": mid})
            mark = f"<a href='{esc(href)}' target='_self' style='text-decoration:none'>{mark}</a>"
        out.append(mark)
        pos = end
    out.append(_text(body[pos:]))
    return "<div class='geo-article' style='line-height:1.7;font-size:1.02rem'>" + "".join(out) + "</div>"


def _text(value: str) -> str:
    return esc(value).replace("\r\n", "\n").replace("\n", "<br>")


def legend_html() -> str:
    """What the marks' colours and shades mean."""
    parts = [f"<mark style='{mark_style(k, 0.9)}'>{esc(k)}</mark>" for k in MENTION_KINDS]
    return ("<div style='font-size:0.85rem'>Kind: " + " ".join(parts) + " · paler = less confident · "
            f"<mark style='{mark_style('literal', 1.0, corrected=True)}'>double underline</mark> = corrected by "
            "an analyst · click a place to correct it</div>")


def correction_map(mentions: Sequence[dict[str, Any]], selected: dict[str, Any] | None,
                   candidates: Sequence[tuple[Place, float]], assets: str = "inline") -> folium.Map:
    """A small map: the document's places (blue), the selected mention's place (green ring) and
    its gazetteer candidates (red), on the offline basemap.

    Needs only Leaflet (no plugins), so streamlit-folium can show it as is;
    a click gives a point for a manual correction (``last_clicked``).
    ``assets``: "inline" or a local URL prefix, as in :func:`geo.render.build_map`.
    """
    from geo.assets import inline_assets, localise_assets, trim_map_assets
    from geo.render import add_basemap

    points = [(float(m["lat"]), float(m["lon"])) for m in mentions if m.get("lat") is not None]
    points += [(p.lat, p.lon) for p, _ in candidates]
    bounds = _bounds(points)
    m = folium.Map(location=(20, 0), zoom_start=2, tiles=None, control_scale=True)
    trim_map_assets(m)
    m.get_root().header.add_child(folium.Element("<style>.leaflet-container{background:#dfe9f3 !important}"
                                                 "</style>"), name="geo_style")
    add_basemap(m, bounds)
    for row in mentions:
        if row.get("lat") is None:
            continue
        rgb = KIND_RGB.get(str(row.get("kind") or "literal"), _OTHER_RGB)
        folium.CircleMarker((float(row["lat"]), float(row["lon"])), radius=5, color="rgb({},{},{})".format(*rgb),
                            weight=1, fill=True, fill_opacity=0.6, class_name="geo-doc-place",
                            tooltip=folium.Tooltip(f"{esc(row.get('text'))} → {esc(row.get('name'))}")).add_to(m)
    for place, score in candidates:
        folium.CircleMarker((place.lat, place.lon), radius=7, color=CANDIDATE_COLOUR, weight=2, fill=True,
                            fill_opacity=0.5, class_name="geo-candidate",
                            tooltip=folium.Tooltip(f"{esc(place.name)} · {esc(place.place_id)} · "
                                                   f"{esc(place.country_code)} {esc(place.feature_code)} · "
                                                   f"score {score:.2f}")).add_to(m)
    if selected is not None and selected.get("lat") is not None:
        folium.CircleMarker((float(selected["lat"]), float(selected["lon"])), radius=11, color=CURRENT_COLOUR,
                            weight=3, fill=False, class_name="geo-current",
                            tooltip=folium.Tooltip(f"now: {esc(selected.get('name'))}")).add_to(m)
    if bounds is not None:
        west, south, east, north = bounds
        pad = max(0.2, 0.1 * max(north - south, east - west))
        m.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]])
    if assets == "inline":
        inline_assets(m)
    else:
        localise_assets(m, assets)
    return m


def _bounds(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of ``points`` (lat, lon), or None."""
    if not points:
        return None
    return (min(p[1] for p in points), min(p[0] for p in points),
            max(p[1] for p in points), max(p[0] for p in points))
