"""Streamlit page /Document?doc=<doc_id>: one article with its places marked; correct a place; audit list.

The HTML comes from geo.docview (everything from the document escaped),
corrections from geo.corrections and the store; this script only wires
widgets to them.  A correction is written at once and kept by content hash
and span, so it outlives restarts and re-ingests.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import streamlit as st

st.set_page_config(page_title="geo: document", layout="wide")

from streamlit_folium import st_folium

from dashboard.common import db_path, static_assets, store_version
from dashboard.mapview import STATIC_URL
from geo.corrections import candidates, default_analyst, make_correction, manual_place
from geo.docview import (
    correction_map,
    highlight_article,
    is_corrected,
    legend_html,
    md_escape,
    now_html,
)
from geo.errors import GeoError
from geo.mapdata import outlet_of
from geo.store import Store

AUDIT_COLUMNS = ("corrected_at", "who", "text", "change", "start", "end", "old_place_id", "place_id", "lat", "lon",
                 "note", "doc_id")


@st.cache_data(show_spinner=False, max_entries=4)
def _documents(db: str, version: tuple[int, ...]) -> list[dict[str, Any]]:
    """The store's documents without their text (one query; the whole map data is not needed here)."""
    with Store(db) as store:
        return store.documents(with_text=False)


def _doc_label(doc: dict[str, Any]) -> str:
    title = doc.get("title") or Path(str(doc.get("path") or "")).name or doc["doc_id"][:12]
    date = f" ({doc['published']})" if doc.get("published") else ""
    return f"{outlet_of(doc)} – {title}{date}"


def _choose_document(docs: list[dict[str, Any]]) -> str:
    """The document named by ?doc=, else the first; the choice is written back to the URL."""
    ids = [d["doc_id"] for d in docs]
    wanted = st.query_params.get("doc")
    if wanted is not None and wanted not in ids:
        st.warning(f"No document {md_escape(wanted)} in this store; showing the first one.")
    labels = {d["doc_id"]: _doc_label(d) for d in docs}
    if st.session_state.get("doc_pick") not in ids or (wanted in ids and st.session_state.get("doc_seen") != wanted):
        st.session_state["doc_pick"] = wanted if wanted in ids else ids[0]
    doc_id = st.selectbox("Document", ids, format_func=labels.__getitem__, key="doc_pick")
    if st.query_params.get("doc") != doc_id:
        st.query_params["doc"] = doc_id
        st.query_params.pop("mention", None)
    st.session_state["doc_seen"] = doc_id
    return doc_id


def _mention_label(m: dict[str, Any]) -> str:
    mark = " ✔ corrected" if is_corrected(m) else ""
    return (f"“{m['text']}” at {m['start']} → {m.get('name')} ({m.get('place_id')}), "
            f"{m.get('kind')}, {float(m.get('confidence') or 0):.2f}{mark}")


def _choose_mention(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The mention named by ?mention= (a click on a mark), else the one picked in the list."""
    ids = [m["mention_id"] for m in mentions]
    by_id = {m["mention_id"]: m for m in mentions}
    try:
        wanted = int(st.query_params.get("mention", ""))
    except ValueError:
        wanted = None
    if st.session_state.get("mention_pick") not in ids or (wanted in ids and st.session_state.get("mention_seen") != wanted):
        st.session_state["mention_pick"] = wanted if wanted in ids else ids[0]
    mid = st.selectbox("Place to check", ids, format_func=lambda i: _mention_label(by_id[i]), key="mention_pick")
    st.session_state["mention_seen"] = mid
    if st.query_params.get("mention") != str(mid):
        st.query_params["mention"] = str(mid)
    return by_id[mid]


def _candidate_rows(found: list) -> list[dict[str, Any]]:
    return [{"score": round(s, 3), "name": p.name, "country": p.country_code, "feature": p.feature_code,
             "admin1": p.admin1, "population": p.population, "lat": p.lat, "lon": p.lon, "place_id": p.place_id,
             "source": p.source} for p, s in found]


def _apply(mentions: list[dict[str, Any]], mention: dict[str, Any], place, who: str, note: str, every: bool) -> None:
    targets = [m for m in mentions if every and m["text"] == mention["text"]
               and m.get("place_id") == mention.get("place_id")] or [mention]
    try:
        corrections = [make_correction(m, place, who=who, note=note) for m in targets]
    except ValueError as exc:
        st.error(str(exc))
        return
    with Store(db) as store:
        store.add_corrections(corrections)
    st.session_state["flash"] = (f"Corrected {len(corrections)} mention(s) of “{md_escape(mention['text'])}” to "
                                 f"{md_escape(place.name)} ({place.lat:.5f}, {place.lon:.5f}).")
    st.rerun()


def _correction_panel(mentions: list[dict[str, Any]], mention: dict[str, Any]) -> None:
    st.markdown(now_html(mention), unsafe_allow_html=True)
    found = candidates(mention["text"])
    st.markdown(f"**Gazetteer candidates for “{md_escape(mention['text'])}”**")
    if found:
        st.dataframe(_candidate_rows(found), width="stretch", hide_index=True)
    else:
        st.caption("The gazetteer has no candidate for this text: drop a point on the map or type it.")
    clicked = st_folium(correction_map(mentions, mention, found, assets=STATIC_URL), key="correct_map",
                        height=360, use_container_width=True, returned_objects=["last_clicked"])
    if st.session_state.get("pt_for") != mention["mention_id"]:  # a new mention starts at its own place
        st.session_state["pt_for"] = mention["mention_id"]
        st.session_state["pt_lat"] = float(mention.get("lat") or 0.0)
        st.session_state["pt_lon"] = float(mention.get("lon") or 0.0)
    last = (clicked or {}).get("last_clicked") or None
    if last and st.session_state.get("last_click_seen") != last:
        st.session_state["last_click_seen"] = last
        st.session_state["pt_lat"], st.session_state["pt_lon"] = float(last["lat"]), float(last["lng"])

    who = st.text_input("Your name (who)", key="who")
    note = st.text_input("Why (optional)", key="note")
    every = st.checkbox(f"Apply to every mention of “{md_escape(mention['text'])}” at this place in the document",
                        value=True, key="every")
    pick_tab, point_tab = st.tabs(["Pick a candidate", "Point on the map or typed"])
    with pick_tab:
        if found:
            index = st.selectbox("Candidate", range(len(found)), key="cand_pick",
                                 format_func=lambda i: f"{found[i][0].name} · {found[i][0].country_code} "
                                                       f"{found[i][0].feature_code} · {found[i][0].place_id} · "
                                                       f"score {found[i][1]:.2f}")
            if st.button("Use this candidate", key="apply_candidate", type="primary"):
                _apply(mentions, mention, found[index][0], who, note, every)
    with point_tab:
        st.caption("Click the map to fill these in, or type them.")
        lat = st.number_input("Latitude", -90.0, 90.0, step=0.0001, format="%.5f", key="pt_lat")
        lon = st.number_input("Longitude", -180.0, 180.0, step=0.0001, format="%.5f", key="pt_lon")
        label = st.text_input("Label", value=mention["text"], key="pt_label")
        if st.button("Use this point", key="apply_point", type="primary"):
            _apply(mentions, mention, manual_place(lat, lon, label), who, note, every)


def _audit(doc_id: str) -> None:
    st.subheader("Corrections (audit list)")
    with Store(db) as store:
        rows = store.corrections()
    mine = [r for r in rows if r["doc_id"] == doc_id]
    show_all = st.toggle("All documents", key="audit_all")
    shown = rows if show_all else mine
    if not shown:
        st.caption("No corrections yet.")
        return
    rows = [{**r, "change": f"{r.get('old_name')} ({r.get('old_lat')}, {r.get('old_lon')}) → "
                            f"{r.get('name')} ({r.get('lat')}, {r.get('lon')})"} for r in reversed(shown)]
    st.dataframe([{c: r.get(c) for c in AUDIT_COLUMNS} for r in rows], width="stretch",
                 hide_index=True)


db = db_path()
if db is None or not db.exists():
    st.info(f"No store found at {db or '$GEO_DB'}. Ingest articles first: geo ingest --db data/geo.sqlite seeds/")
    st.stop()
try:
    documents = _documents(str(db), store_version(db))
except (GeoError, OSError, ImportError, sqlite3.Error) as exc:
    st.info(f"Cannot read the store {db}: {exc}")
    st.stop()
if not documents:
    st.info("The store holds no documents yet: add some on the Add documents page.")
    st.stop()

static_assets()
st.session_state.setdefault("who", default_analyst())
st.title("Document")
doc_id = _choose_document(documents)
with Store(db) as _store:
    doc = _store.document(doc_id)
    doc_mentions = _store.mentions(doc_id)
if doc is None:
    st.info("This document is no longer in the store.")
    st.stop()
if flash := st.session_state.pop("flash", None):
    st.success(flash)
st.caption(f"{outlet_of(doc)} · {doc.get('published') or 'undated'} · {doc.get('author') or 'author unknown'} · "
           f"{doc.get('path')} · sha256 {doc_id[:16]}… · {len(doc_mentions)} place mentions")
left, right = st.columns([3, 2], gap="large")
with right:
    selected = _choose_mention(doc_mentions) if doc_mentions else None
with left:
    st.markdown(legend_html(), unsafe_allow_html=True)
    st.markdown(highlight_article(doc.get("body") or "", doc_mentions, doc_id,
                                  selected["mention_id"] if selected else None), unsafe_allow_html=True)
with right:
    if selected is None:
        st.info("No place was recognised in this document.")
    else:
        _correction_panel(doc_mentions, selected)
_audit(doc_id)
