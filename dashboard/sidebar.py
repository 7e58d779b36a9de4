"""The sidebar's filters: widgets <-> ``geo.mapdata.Filters`` <-> the URL query string.

On a session's first run the widgets start from the URL (so a colleague's
link opens the same view); after that every change is written back to the
URL.  An empty selection means "everything", as in ACLED Explorer.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from geo.mapdata import Filters
from geo.views import GEO_PRECISION_LABELS

#: (Filters field, widget key, label) of the multiselects.
SELECTS = (
    ("event_types", "f_types", "Event type"),
    ("actors", "f_actors", "Actor"),
    ("outlets", "f_outlets", "Outlet"),
    ("claimants", "f_claimants", "Claimant"),
    ("geo_precisions", "f_precisions", "Geo precision"),
)
_LOADED = "_filters_from_url"


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def url_filters(options: dict[str, Any]) -> Filters:
    """The view the URL query string asks for (see :func:`query_filters`)."""
    return query_filters(st.query_params.to_dict(), options)


def query_filters(query: dict[str, str], options: dict[str, Any]) -> Filters:
    """The view a URL query string asks for, cut to the data: values it lacks dropped, dates clamped
    to its range (the full range meaning no date filter), as the widgets will show it."""
    f = Filters.from_query(query)
    kwargs: dict[str, Any] = {}
    for name, _, _ in SELECTS:
        kept = tuple(v for v in (getattr(f, name) or ()) if v in options[name])
        kwargs[name] = kept or None
    if options["dates"]:
        first, last = (_day(d) for d in options["dates"])
        start = min(max(_day(f.date_from), first), last) if f.date_from else first
        end = max(min(_day(f.date_to), last), start) if f.date_to else last
        kwargs["date_from"] = start.isoformat() if start > first else None
        kwargs["date_to"] = end.isoformat() if end < last else None
    return Filters(min_confidence=f.min_confidence, literal_only=f.literal_only, text=f.text, **kwargs)


def _init_from_url(options: dict[str, Any]) -> None:
    """Set the widgets' state from the URL query string, once per session (see :func:`url_filters`)."""
    if st.session_state.get(_LOADED):
        return
    st.session_state[_LOADED] = True
    f = url_filters(options)
    for name, key, _ in SELECTS:
        st.session_state[key] = list(getattr(f, name) or ())
    if options["dates"]:
        first, last = (_day(d) for d in options["dates"])
        st.session_state["f_dates"] = (_day(f.date_from) if f.date_from else first,
                                       _day(f.date_to) if f.date_to else last)
    st.session_state["f_min_conf"] = f.min_confidence
    st.session_state["f_literal"] = f.literal_only
    st.session_state["f_text"] = f.text


def filters_from_state(options: dict[str, Any]) -> Filters:
    """The ``Filters`` the widgets' current values mean (full date range = no date filter)."""
    kwargs: dict[str, Any] = {}
    for name, key, _ in SELECTS:
        chosen = st.session_state.get(key) or []
        kwargs[name] = tuple(chosen) if chosen else None
    dates = st.session_state.get("f_dates")
    if options["dates"] and dates and len(dates) == 2:
        first, last = (_day(d) for d in options["dates"])
        if dates[0] > first:
            kwargs["date_from"] = dates[0].isoformat()
        if dates[1] < last:
            kwargs["date_to"] = dates[1].isoformat()
    return Filters(min_confidence=float(st.session_state.get("f_min_conf") or 0.0),
                   literal_only=bool(st.session_state.get("f_literal")),
                   text=str(st.session_state.get("f_text") or "").strip(), **kwargs)


def _write_url(filters: Filters) -> None:
    """Put the filters in the URL when they differ from it (so the view can be shared)."""
    wanted = filters.to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def sidebar_filters(options: dict[str, Any]) -> Filters:
    """Draw the filter widgets in the sidebar; returns the current ``Filters`` (also written to the URL)."""
    _init_from_url(options)
    bar = st.sidebar
    bar.header("Filters")
    if options["dates"]:
        first, last = (_day(d) for d in options["dates"])
        if first < last:
            bar.slider("Date range", min_value=first, max_value=last, format="YYYY-MM-DD", key="f_dates")
        else:
            bar.caption(f"All dated items are from {first.isoformat()}.")
    for name, key, label in SELECTS:
        if name == "geo_precisions":
            bar.multiselect(label, options[name], key=key, placeholder="all",
                            format_func=lambda p: f"{p}: {GEO_PRECISION_LABELS.get(p, '?')}")
        else:
            bar.multiselect(label, options[name], key=key, placeholder="all")
    bar.slider("Minimum place confidence", 0.0, 1.0, step=0.05, key="f_min_conf")
    bar.checkbox("Literal places only", key="f_literal",
                 help="Leave out metonymic and associative mentions (\"Moscow said\").")
    bar.text_input("Search text", key="f_text", placeholder="sentence, place, actor, speaker")
    filters = filters_from_state(options)
    _write_url(filters)
    return filters
