"""The detail panel's HTML: everything at a clicked map item, each row traced to its sentence and outlet.

Reported events and claims are listed apart (a claim is someone's word, not
a reported fact).  Every string from a document goes through
``geo.popups.esc``/``highlight``; no streamlit here, so it is tested as text.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.mapdata import MapData, outlet_of
from geo.popups import esc, highlight
from geo.views import (
    GEO_PRECISION_LABELS,
    Detail,
    claim_sentence,
    confidence_of,
    corroborating_outlets,
    document_link,
    place_mention,
)

MAX_ROWS = 50


def _source(row: dict[str, Any], docs: dict[str, dict[str, Any]], mention_id: Any = None) -> str:
    """'Outlet – Title (date) · open document' with a link to the document view (at the mention)."""
    doc = docs.get(row.get("doc_id"), {})
    outlet = outlet_of(row if row.get("outlet") else doc)
    title = doc.get("title") or row.get("title") or ""
    date = doc.get("published") or ""
    link = document_link(row.get("doc_id"), mention_id)
    anchor = (f" &middot; <a class='geo-doc-link' href='{esc(link)}' target='_self'>open document</a>"
              if link else "")
    return (f"<span class='geo-source'><b>{esc(outlet)}</b> &ndash; <i>{esc(title)}</i>"
            f"{f' ({esc(date)})' if date else ''}{anchor}</span>")


def _conf(value: Any) -> str:
    return f"{float(value):.2f}" if isinstance(value, (int, float)) else "n/a"


def _events_html(detail: Detail, data: MapData, docs: dict[str, dict[str, Any]],
                 all_events: Iterable[dict[str, Any]]) -> str:
    outlets = corroborating_outlets(detail.events, all_events, docs)
    items = []
    for e in detail.events[:MAX_ROWS]:
        precision = GEO_PRECISION_LABELS.get(e.get("geo_precision"), "unknown")
        corroborated = outlets.get(str(e.get("event_id")), [])
        mention = place_mention(e, detail.mentions) or {}
        items.append(
            "<li class='geo-panel-event'>"
            f"<b>{esc(e.get('event_date') or 'undated')}</b> &middot; {esc(e.get('event_type'))}"
            f"{' / ' + esc(e['sub_event_type']) if e.get('sub_event_type') else ''}"
            f" &middot; at {esc(e.get('location'))} (precision {esc(e.get('geo_precision'))}: {esc(precision)})"
            f" &middot; place confidence {_conf(confidence_of(e, detail.mentions))}"
            f"{' &middot; actors: ' + esc(', '.join(a for a in (e.get('actor1'), e.get('actor2')) if a)) if e.get('actor1') else ''}"
            f"<br>reported by {len(corroborated)} outlet(s): {esc(', '.join(corroborated))}"
            f"<q>{highlight(e.get('sentence'), mention.get('text') or e.get('location'))}</q>"
            f"{_source(e, docs, mention.get('mention_id'))}</li>")
    return _section("Reported events", "geo-panel-events", items, len(detail.events))


def _claims_html(detail: Detail, docs: dict[str, dict[str, Any]]) -> str:
    items = []
    for c in detail.claims[:MAX_ROWS]:
        speaker = esc(c.get("speaker") or "unknown speaker")
        role = f" ({esc(c['speaker_role'])})" if c.get("speaker_role") else ""
        sentence = claim_sentence(c, detail.mentions)
        evidence = f"<q>{highlight(sentence, c.get('content'))}</q>" if sentence else \
            f"<q>{esc(c.get('content'))}</q>"
        items.append(
            "<li class='geo-panel-claim'>"
            f"<b>{esc(c.get('claim_date') or 'undated')}</b> &middot; claimed by <b>{speaker}</b>{role}"
            f"{' &middot; ' + esc(c['cue']) if c.get('cue') else ''}"
            f"{evidence}{_source(c, docs)}</li>")
    return _section("Claims (attributed, not verified)", "geo-panel-claims", items, len(detail.claims))


def _mentions_html(detail: Detail, docs: dict[str, dict[str, Any]]) -> str:
    items = []
    for m in detail.mentions[:MAX_ROWS]:
        items.append(
            "<li class='geo-panel-mention'>"
            f"<b>{esc(m.get('name'))}</b> as &ldquo;{esc(m.get('text'))}&rdquo; &middot; {esc(m.get('kind') or 'literal')}"
            f" &middot; confidence {_conf(m.get('confidence'))} &middot; precision: {esc(m.get('precision') or 'unknown')}"
            f"<q>{highlight(m.get('sentence'), m.get('text'))}</q>{_source(m, docs, m.get('mention_id'))}</li>")
    return _section("Mentions", "geo-panel-mentions", items, len(detail.mentions))


def _posts_html(detail: Detail) -> str:
    items = []
    for p in detail.posts:
        statuses = [s for s in (p.get("statuses") or []) if isinstance(s, dict)]
        last = max(statuses, key=lambda s: str(s.get("date") or ""), default={})
        items.append(
            "<li class='geo-panel-post'>"
            f"<b>{esc(p.get('name'))}</b> &middot; {esc(last.get('status') or 'status unknown')}"
            f"{' since ' + esc(last['date']) if last.get('date') else ''} &middot; precision: {esc(p.get('precision'))}"
            f"<br><small>source: {esc(p.get('source'))}</small></li>")
    return _section("Observation posts", "geo-panel-posts", items, len(detail.posts)) if items else ""


def _section(title: str, css: str, items: list[str], total: int) -> str:
    if not items:
        return f"<h4>{esc(title)}</h4><p class='{css}'>none</p>"
    more = f"<p>&hellip; and {total - len(items)} more (see the tables below)</p>" if total > len(items) else ""
    return f"<h4>{esc(title)} ({total})</h4><ul class='{css}'>{''.join(items)}</ul>{more}"


PANEL_CSS = ("<style>.geo-panel q{display:block;margin:3px 0 2px 0;padding-left:8px;border-left:3px solid #ccc}"
             " .geo-panel mark{background:#ffe08a} .geo-panel li{margin-bottom:10px}"
             " .geo-panel h4{margin:12px 0 4px 0}</style>")


def panel_html(detail: Detail, data: MapData, all_events: Iterable[dict[str, Any]] | None = None) -> str:
    """The panel for ``detail``: place, events, claims, mentions and posts, each with its source.

    ``data`` gives the documents (titles, outlets); ``all_events`` (default
    ``data.events``) the reports counted as corroboration.
    """
    docs = data.documents_by_id()
    names = ", ".join(detail.names) or "this point"
    return (
        PANEL_CSS + "<div class='geo-panel'>"
        f"<h3 class='geo-panel-title'>{esc(names)}</h3>"
        f"<div>{detail.lat:.5f}, {detail.lon:.5f}</div>"
        + _events_html(detail, data, docs, data.events if all_events is None else all_events)
        + _claims_html(detail, docs) + _mentions_html(detail, docs) + _posts_html(detail)
        + "</div>"
    )
