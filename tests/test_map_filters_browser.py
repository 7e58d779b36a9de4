"""The map's in-browser filters keep exactly the rows ``filter_map_data`` keeps.

``geoMap.applyFilters`` (the export's timeline) evaluates the filters in the
page; ``geoMap.showRows`` (the dashboard) shows the rows of bitmaps made by
``geo.render.visible_rows``, on a map drawn without popups.

The same ``Filters`` are applied both ways -- in Python and by the map's
script in headless Chromium -- on a small synthetic store (bench/synth_store.py)
and on hand-made rows with the edge cases (missing type, speaker or actor,
month-only and undated rows, metonymic and low-confidence mentions, a
sentence past the popup's cut, a row whose document is not in the store),
and the surviving event and claim ids are compared.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_browser import browser, guarded_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


def _edge_data():
    from geo.mapdata import MapData

    docs = [{"doc_id": "d1", "outlet": "Wire A", "title": "A", "published": "2020-02-20"},
            {"doc_id": "d2", "outlet": None, "title": "B", "published": "2020-03"},
            {"doc_id": "d3", "outlet": "Wire C", "title": "C", "published": None}]
    mentions = [
        {"doc_id": "d1", "place_id": "p1", "name": "Saraqib", "lat": 35.8, "lon": 36.8, "kind": "literal",
         "confidence": 0.9},
        {"doc_id": "d1", "place_id": "p2", "name": "Moscow", "lat": 55.7, "lon": 37.6, "kind": "metonymic",
         "confidence": 0.95},
        {"doc_id": "d2", "place_id": "p1", "name": "Saraqib", "lat": 35.8, "lon": 36.8, "kind": "literal",
         "confidence": 0.4},
        {"doc_id": "d2", "place_id": "p1", "name": "Saraqib", "lat": 35.8, "lon": 36.8, "kind": "associative",
         "confidence": 0.7},
        {"doc_id": "d3", "place_id": "p3", "name": "Idlib", "lat": 35.9, "lon": 36.6, "confidence": None},
    ]
    long = "Shelling " + "x" * 700 + " NEEDLE at the end"

    def event(i, doc, **kw):
        row = {"event_id": f"e{i}", "doc_id": doc, "lat": 35.0 + i / 100, "lon": 36.0, "event_type": "Battles",
               "event_date": "2020-02-10", "geo_precision": 1, "actor1": "Army", "actor2": None,
               "location": "Saraqib", "sentence": "Fighting near Saraqib.", "place_id": "p1"}
        row.update(kw)
        return row

    events = [
        event(1, "d1"),
        event(2, "d1", event_type=None, actor1=None, actor2="Rebels", geo_precision=2, event_date="2020-02"),
        event(3, "d1", place_id="p2", event_date=None, geo_precision=3, location="Moscow"),
        event(4, "d2", event_date="2020-03-05", actor1="Rebels", actor2="Army", geo_precision=None),
        event(5, "d2", sentence=long, event_type="Protests"),
        event(6, "d3", place_id="p3", event_date="2020", actor1="Police"),
        event(7, "d9", place_id=None),  # its document is not in the store
        event(8, "d1", place_id="p-none", location="Needle Hill"),  # a place no mention names
    ]

    def claim(i, doc, **kw):
        row = {"claim_id": f"c{i}", "doc_id": doc, "speaker": "Lavrov", "speaker_role": "minister",
               "content": "They attacked.", "claim_date": "2020-02-11", "place_ids": ["p1"], "event_ids": []}
        row.update(kw)
        return row

    claims = [
        claim(1, "d1"),
        claim(2, "d1", speaker=None, claim_date=None),
        claim(3, "d2", claim_date=None, content="Long " + "y" * 700 + " needle"),
        claim(4, "d3", claim_date=None, speaker="Ankara", speaker_role="NEEDLE office"),
        claim(5, "d9"),
        claim(6, "d1", place_ids=[], event_ids=[], claim_date="2020-02"),  # not placed on the map
    ]
    return MapData(mentions=mentions, events=events, claims=claims, documents=docs)


def _edge_filters():
    from geo.mapdata import UNKNOWN, Filters

    return [
        Filters(),
        Filters(date_from="2020-02-10", date_to="2020-02-28"),
        Filters(date_from="2020-03-01"),
        Filters(date_to="2020-02-05"),
        Filters(event_types=("Battles",)),
        Filters(event_types=(UNKNOWN, "Protests")),
        Filters(event_types=()),
        Filters(actors=("Army",)),
        Filters(actors=("Rebels", "Police")),
        Filters(outlets=("Wire A",)),
        Filters(outlets=(UNKNOWN, "Wire C")),
        Filters(claimants=(UNKNOWN,)),
        Filters(claimants=("Ankara",)),
        Filters(geo_precisions=(2, 3)),
        Filters(geo_precisions=(1,)),
        Filters(min_confidence=0.5),
        Filters(min_confidence=0.95),
        Filters(literal_only=True),
        Filters(kinds=("associative",)),
        Filters(literal_only=True, min_confidence=0.3),
        Filters(text="needle"),
        Filters(text=" SARAQIB "),
        Filters(text="lavrov"),
        Filters(text="minister", outlets=("Wire A",)),
        Filters(event_types=("Battles",), actors=("Army",), date_from="2020-02-01", date_to="2020-02-29",
                min_confidence=0.5, geo_precisions=(1,)),
    ]


def _browser_filters(f):
    from geo.maplayers import js_filters

    return js_filters(f)


def _compare(page, data, filters_list, tmp_path):
    from geo.mapdata import filter_map_data
    from geo.maplayers import event_location
    from geo.render import build_map

    out = tmp_path / "map.html"
    out.write_text(build_map(data, timeline=True).get_root().render(), encoding="utf-8")
    page.goto(out.as_uri())
    page.wait_for_function("window.geoMap !== undefined", timeout=20000)
    for f in filters_list:
        view = filter_map_data(data, f)
        want_events = sorted(str(e["event_id"]) for e in view.events if event_location(e))
        want_claims = sorted(str(c["claim_id"]) for c in view.claims)
        got = page.evaluate("f => window.geoMap.filterIds(f)", _browser_filters(f))
        assert sorted(got["events"]) == want_events, f
        assert sorted(got["claims"]) == want_claims, f
        # and the markers drawn by applyFilters are those rows (placed claims only)
        n = page.evaluate("f => window.geoMap.applyFilters(f)", _browser_filters(f))
        assert n[0] == len(want_events), f
    return len(filters_list)


def test_browser_filter_matches_python_on_edge_rows(guarded_page, tmp_path):  # noqa: F811
    page, guard = guarded_page
    _compare(page, _edge_data(), _edge_filters(), tmp_path)
    assert guard.blocked == [] and guard.dialogs == []


def test_browser_filter_matches_python_on_synthetic_store(guarded_page, tmp_path):  # noqa: F811
    from geo.mapdata import Filters, filter_options, map_data_from_store
    from geo.store import Store

    sys.path.insert(0, str(ROOT / "bench"))
    from synth_store import build_synthetic_store

    db = build_synthetic_store(tmp_path / "synth.sqlite", n_events=300, seed=3)
    store = Store(db)
    try:
        data = map_data_from_store(store)
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    opts = filter_options(data)
    first, last = opts["dates"]
    mid = sorted(e["event_date"] for e in data.events if e.get("event_date"))[len(data.events) // 2][:10]
    word = next(w for e in data.events for w in str(e.get("sentence") or "").split() if len(w) > 5)
    filters = [
        Filters(),
        Filters(date_from=mid),
        Filters(date_from=first, date_to=mid),
        Filters(event_types=tuple(opts["event_types"][:2])),
        Filters(actors=tuple(opts["actors"][:3])),
        Filters(outlets=tuple(opts["outlets"][:2])),
        Filters(claimants=tuple(opts["claimants"][:3])),
        Filters(geo_precisions=(2, 3)),
        Filters(min_confidence=0.6),
        Filters(literal_only=True),
        Filters(text=word.lower()),
        Filters(event_types=tuple(opts["event_types"][:1]), outlets=tuple(opts["outlets"][:3]),
                literal_only=True, min_confidence=0.5, date_to=last),
    ]
    page, guard = guarded_page
    _compare(page, data, filters, tmp_path)
    assert guard.blocked == [] and guard.dialogs == []


_SHOWN = """() => ({
  events: geoMap.shownRows().events,
  claims: geoMap.shownRows().claims,
  places: geoMap.placeMarkers.map((m, i) => m.geoLayer.hasLayer(m) ? i : -1).filter(i => i >= 0),
  shapes: Array.from(document.querySelectorAll("path[class*='geo-shape-']"))
    .filter(p => p.style.display !== "none").map(p => +/geo-shape-(\\d+)/.exec(p.getAttribute("class"))[1])
})"""


def test_show_rows_draws_exactly_the_python_view(guarded_page, tmp_path):  # noqa: F811
    """The dashboard's path: a popup-free map of all rows, then bitmaps of each view's rows."""
    from geo.mapdata import filter_map_data
    from geo.maplayers import event_location
    from geo.render import build_map, row_key, visible_rows

    page, guard = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    import dataclasses

    edge = _edge_data()
    road = {"doc_id": "d2", "place_id": "m4", "name": "M4 highway", "kind": "literal", "confidence": 0.8,
            "lat": 35.8, "lon": 36.6, "geometry": {"type": "LineString", "coordinates": [[36.2, 35.8], [36.9, 35.8]]}}
    data = dataclasses.replace(edge, mentions=[*edge.mentions, road])
    m = build_map(data, popups=False)
    keys = m.geo_keys
    assert keys["shapes"] == [row_key(road)]
    page_html = m.get_root().render()
    assert "Fighting near Saraqib" not in page_html  # no evidence sentences in a popup-free map
    out = tmp_path / "lean.html"
    out.write_text(page_html, encoding="utf-8")
    page.goto(out.as_uri())
    page.wait_for_function("window.geoMap !== undefined", timeout=20000)
    narrowed = 0
    for f in _edge_filters():
        view = filter_map_data(data, f)
        page.evaluate("m => window.geoMap.showRows(m)", visible_rows(keys, view))
        shown = page.evaluate(_SHOWN)
        placed = {str(c["claim_id"]) for c in view.claims}
        assert sorted(keys["events"][i] for i in shown["events"]) == \
            sorted(str(e["event_id"]) for e in view.events if event_location(e)), f
        assert {keys["claims"][i] for i in shown["claims"]} <= placed, f
        assert sorted(keys["places"][i] for i in shown["places"]) == \
            sorted({row_key(x) for x in view.mentions if not x.get("geometry")}), f
        assert [keys["shapes"][i] for i in shown["shapes"]] == \
            [k for k in keys["shapes"] if k in {row_key(x) for x in view.mentions}], f
        narrowed += len(shown["events"]) < len(keys["events"])
    assert narrowed > 5  # the filters really hid markers
    page.evaluate("() => window.geoMap.showRows({events: null, claims: null, places: null, shapes: null})")
    assert len(page.evaluate(_SHOWN)["events"]) == len(keys["events"])
    assert guard.blocked == [] and guard.dialogs == [] and errors == []


_POST = """() => Array.from(document.querySelectorAll("path.geo-post")).map(p =>
  [p.getAttribute("class").split(" ").filter(c => c.startsWith("geo-post-") && !c.startsWith("geo-post-id-"))[0],
   p.style.display, p.getAttribute("stroke")])"""


def test_show_rows_gives_posts_their_status_on_the_last_day(guarded_page, tmp_path):  # noqa: F811
    from geo.mapdata import MapData
    from geo.render import POST_STATUS_STYLES, build_map, visible_rows

    page, _ = guarded_page
    post = {"id": "op1", "name": "Post <b>1</b>", "lat": 35.8, "lon": 36.6,
            "statuses": [{"date": "2020-02-05", "status": "established"}, {"date": "2020-02-20", "status": "besieged"}]}
    data = MapData(posts=[post], mentions=[{"doc_id": "d", "place_id": "p", "name": "Saraqib", "lat": 35.86,
                                           "lon": 36.8, "kind": "literal"}])
    m = build_map(data, popups=False)
    out = tmp_path / "posts.html"
    out.write_text(m.get_root().render(), encoding="utf-8")
    page.goto(out.as_uri())
    page.wait_for_function("window.geoMap !== undefined", timeout=20000)
    assert page.evaluate(_POST)[0][0] == "geo-post-besieged"  # drawn with the latest status
    page.evaluate("m => window.geoMap.showRows(m)", visible_rows(m.geo_keys, data, "2020-02-10"))
    assert page.evaluate(_POST) == [["geo-post-established", "", POST_STATUS_STYLES["established"][0]]]
    tip = page.evaluate("() => { let t = ''; window.geoMap.map.eachLayer(l => { if (l.options.className && "
                        "l.options.className.includes('geo-post-id-0')) t = l.getTooltip().getContent(); }); return t; }")
    assert tip.endswith("on 2020-02-10") and "&lt;b&gt;" in tip  # escaped, with the day
    # the posts' layer switched off and on again (the layer control) keeps the view's day
    toggle = """() => { const g = []; window.geoMap.map.eachLayer(l => { if (l.getLayers && l.getLayers().some(
        c => (c.options.className || '').includes('geo-post-id-0'))) g.push(l); });
        g.forEach(l => window.geoMap.map.removeLayer(l)); g.forEach(l => window.geoMap.map.addLayer(l)); return g.length; }"""
    assert page.evaluate(toggle) == 1
    assert page.evaluate(_POST) == [["geo-post-established", "", POST_STATUS_STYLES["established"][0]]]
    page.evaluate("m => window.geoMap.showRows(m)", visible_rows(m.geo_keys, data, "2020-02-01"))
    assert page.evaluate(_POST)[0][1] == "none"  # not set up yet on that day
    page.evaluate("m => window.geoMap.showRows(m)", visible_rows(m.geo_keys, data, None))
    assert page.evaluate(_POST)[0][:2] == ["geo-post-besieged", ""]
