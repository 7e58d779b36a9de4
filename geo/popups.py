"""HTML for map popups, tooltips and the legend.

Every string that comes from a document or the gazetteer goes through
:func:`esc` before it is put into HTML.  Besides ``html.escape`` it also
neutralises ``$ ` \\ { }``, because folium places popup and tooltip HTML in
JavaScript template literals (where ``${...}`` would run) and some views
treat ``{{ }}`` as templates.
"""
from __future__ import annotations

import html
from typing import Any, Iterable

from geo.mapdata import id_list, outlet_of

_EXTRA = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})
_MAX_SENTENCE = 600


def esc(value: Any) -> str:
    """``value`` as text that is safe in HTML and in a JS template literal."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def highlight(sentence: str | None, needle: str | None) -> str:
    """The escaped sentence with the first ``needle`` wrapped in ``<mark>``."""
    sentence = (sentence or "")[:_MAX_SENTENCE]
    if not needle or needle not in sentence:
        return esc(sentence)
    i = sentence.index(needle)
    return esc(sentence[:i]) + "<mark>" + esc(needle) + "</mark>" + esc(sentence[i + len(needle):])


def _row(label: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"<div><b>{esc(label)}:</b> {esc(value)}</div>"


def _doc_line(doc: dict[str, Any] | None, fallback: dict[str, Any]) -> str:
    """"Outlet - Title (date)" for the document a row comes from."""
    doc = doc or {}
    outlet = outlet_of(doc) if doc else outlet_of(fallback)
    title = doc.get("title") or fallback.get("title") or doc.get("path") or ""
    date = doc.get("published") or fallback.get("event_date") or ""
    date_part = f" ({esc(date)})" if date else ""
    return f"<b>{esc(outlet)}</b> &ndash; <i>{esc(title)}</i>{date_part}"


def mention_item(mention: dict[str, Any], doc: dict[str, Any] | None) -> str:
    """One mention: source document, evidence sentence, kind and confidence."""
    sentence = highlight(mention.get("sentence"), mention.get("text"))
    conf = mention.get("confidence")
    conf_text = f"{float(conf):.2f}" if isinstance(conf, (int, float)) else esc(conf)
    return (
        "<li class='geo-mention'>"
        f"{_doc_line(doc, mention)}<br>"
        f"<q>{sentence}</q><br>"
        f"<small>as &ldquo;{esc(mention.get('text'))}&rdquo; &middot; kind {esc(mention.get('kind'))}"
        f" &middot; confidence {conf_text}</small></li>"
    )


#: Mentions listed in a place's popup; the rest are counted (a capital may be named thousands of times).
MAX_POPUP_MENTIONS = 5


def place_popup(place: dict[str, Any], mentions: list[dict[str, Any]],
                docs: dict[str, dict[str, Any]], limit: int = MAX_POPUP_MENTIONS) -> str:
    """Popup for one place: coordinates and their source, then its first ``limit`` mentions."""
    lat, lon = place.get("lat"), place.get("lon")
    coords = f"{float(lat):.4f}, {float(lon):.4f}" if lat is not None and lon is not None else ""
    items = "".join(mention_item(m, docs.get(m.get("doc_id"))) for m in mentions[:limit])
    more = (f"<div class='geo-more'>&hellip; and {len(mentions) - limit} more mention(s); "
            "filter the view to see them</div>" if len(mentions) > limit else "")
    return (
        "<div class='geo-popup' style='max-height:320px;overflow:auto;min-width:260px'>"
        f"<h4 style='margin:0 0 4px'>{esc(place.get('name'))}</h4>"
        f"{_row('Place id', place.get('place_id'))}"
        f"{_row('Coordinates', coords)}"
        f"{_row('Precision', place.get('precision'))}"
        f"{_row('Coordinates from', place.get('source'))}"
        f"<div><b>{len(mentions)} mention{'s' if len(mentions) != 1 else ''}:</b></div>"
        f"<ol style='padding-left:18px;margin:2px 0'>{items}</ol>{more}</div>"
    )


def place_tooltip(place: dict[str, Any], count: int) -> str:
    """Short hover label: name, precision, number of mentions."""
    precision = place.get("precision")
    extra = f" ({esc(precision)})" if precision else ""
    return f"{esc(place.get('name'))}{extra} &middot; {count}&times;"


def _claims_line(claims: Iterable[dict[str, Any]]) -> str:
    parts = [f"{esc(c.get('speaker'))}" + (f", {esc(c.get('speaker_role'))}" if c.get("speaker_role") else "")
             + f" (reported by {esc(outlet_of(c))})" for c in claims]
    return f"<div><b>Claimed by:</b> {'; '.join(parts)}</div>" if parts else ""


def event_item(event: dict[str, Any], claims: list[dict[str, Any]],
               doc: dict[str, Any] | None) -> str:
    """One event report: type, date, place, actors, fatalities, evidence, source."""
    kind = " / ".join(esc(v) for v in (event.get("event_type"), event.get("sub_event_type")) if v)
    actors = " vs ".join(str(a) for a in (event.get("actor1"), event.get("actor2")) if a)
    return (
        "<li class='geo-event-item'>"
        f"<b>{kind}</b>"
        f"{_row('Date', event.get('event_date'))}"
        f"{_row('Location', event.get('location'))}"
        f"{_row('Actors', actors)}"
        f"{_row('Fatalities', event.get('fatalities'))}"
        f"<q>{esc((event.get('sentence') or '')[:_MAX_SENTENCE])}</q><br>"
        f"<small>{_doc_line(doc, event)}</small>"
        f"{_claims_line(claims)}</li>"
    )


def event_popup(events: list[dict[str, Any]], claims_by_event: dict[str, list[dict[str, Any]]],
                docs: dict[str, dict[str, Any]]) -> str:
    """Popup for one event or one cluster of reports of the same event."""
    outlets = sorted({outlet_of(e) for e in events})
    head = f"{len(events)} report{'s' if len(events) != 1 else ''}"
    if len(outlets) > 1:
        head += " from " + ", ".join(esc(o) for o in outlets)
    items = "".join(
        event_item(e, claims_by_event.get(str(e.get("event_id")), []), docs.get(e.get("doc_id")))
        for e in events
    )
    return (
        "<div class='geo-popup' style='max-height:320px;overflow:auto;min-width:260px'>"
        f"<h4 style='margin:0 0 4px'>Event: {head}</h4>"
        f"<ol style='padding-left:18px;margin:2px 0'>{items}</ol></div>"
    )


def _status_text(status: Any) -> str:
    if isinstance(status, dict):
        parts = [status.get("status"), status.get("date"), status.get("source")]
        return " &middot; ".join(esc(p) for p in parts if p)
    return " &middot; ".join(esc(getattr(status, a, "")) for a in ("status", "date", "source")
                             if getattr(status, a, None)) or esc(status)


def post_popup(post: dict[str, Any]) -> str:
    """Popup for an observation post: kind, precision, source and status history."""
    statuses = "".join(f"<li>{_status_text(s)}</li>" for s in id_list_or_items(post.get("statuses")))
    return (
        "<div class='geo-popup' style='max-height:320px;overflow:auto;min-width:240px'>"
        f"<h4 style='margin:0 0 4px'>{esc(post.get('name'))}</h4>"
        f"{_row('Kind', post.get('kind'))}{_row('Precision', post.get('precision'))}"
        f"{_row('Source', post.get('source'))}"
        + (f"<div><b>Status:</b></div><ul style='padding-left:18px;margin:2px 0'>{statuses}</ul>"
           if statuses else "")
        + _post_mentions(post.get("mentions") or [])
        + "</div>"
    )


def _post_mentions(rows: list[dict[str, Any]], limit: int = 5) -> str:
    """The article sentences that name a post or the village it stands by."""
    if not rows:
        return ""
    items = "".join(
        f"<li>{esc(r.get('outlet') or r.get('title') or r.get('doc_id'))}: {esc(r.get('sentence') or r.get('text'))}</li>"
        for r in rows[:limit])
    more = f"<div>... and {len(rows) - limit} more</div>" if len(rows) > limit else ""
    return (f"<div><b>Mentioned in {len(rows)} sentence(s):</b></div>"
            f"<ul style='padding-left:18px;margin:2px 0'>{items}</ul>{more}")


def id_list_or_items(value: Any) -> list[Any]:
    """A list from a list/tuple, a JSON array string, or nothing."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return id_list(value)
    return list(value)
