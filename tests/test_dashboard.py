"""The dashboard's logic: filters <-> URL, the clicked-point panel, the timeline and the tables.

The app runs under Streamlit's AppTest on a real SQLite store (conftest's
``map_store``: two documents, roads, Saraqib, Ariha, an event, a claim, and
a hostile ``EVIL`` string in names); the panel and table functions are
checked on the same rows.
"""
from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest
from conftest import EVIL
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
MAP_DRAWN = "geo_map_drawn"  # dashboard.app.MAP_DRAWN (importing the app would run it)


@pytest.fixture
def app(map_store, monkeypatch):
    """An AppTest of the dashboard on ``map_store`` (not yet run), as after the map has drawn in the
    browser (AppTest runs no component: see test_the_first_run_sends_the_map_alone)."""
    monkeypatch.setenv("GEO_DB", str(map_store.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[MAP_DRAWN] = True
    return at


@pytest.fixture
def data(map_store):
    from geo.mapdata import map_data_from_store

    return map_data_from_store(map_store)


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "events" in c.value)


def test_app_shows_the_store(app):
    at = app.run()
    assert not at.exception
    assert _caption(at).startswith("1 events · 1 claims · 2 of 2 documents")
    assert any("Click a marker" in i.value for i in at.info)
    assert [t.label for t in at.tabs] == ["Events (1)", "Claims (1)", "Documents (2)"]
    assert dict(at.query_params) == {}


def test_a_filter_change_is_written_to_the_url(app):
    at = app.run()
    at.sidebar.multiselect(key="f_types").select("Battles").run()
    assert at.query_params["type"] == "Battles"
    at.sidebar.checkbox(key="f_literal").check().run()
    assert at.query_params["literal"] == "1"
    at.sidebar.text_input(key="f_text").input("no such words").run()
    assert _caption(at).startswith("0 events · 0 claims")
    assert at.query_params["q"] == "no such words"


def test_the_url_sets_the_filters_on_first_load(app):
    app.query_params.update({"from": "2020-02-11", "outlet": "Wire A", "min_conf": "0.5"})
    at = app.run()
    assert not at.exception
    assert at.sidebar.slider(key="f_dates").value[0].isoformat() == "2020-02-11"
    assert at.sidebar.multiselect(key="f_outlets").value == ["Wire A"]
    assert at.sidebar.slider(key="f_min_conf").value == 0.5
    # the event of 2020-02-10 is outside the range; only Wire A's document is left
    assert _caption(at).startswith("0 events") and "1 of 2 documents" in _caption(at)


def test_unknown_url_values_are_dropped(app):
    app.query_params.update({"type": "Nonsense", "precision": "x,1"})
    at = app.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_types").value == []
    assert at.sidebar.multiselect(key="f_precisions").value == [1]


def test_narrowing_the_dates_drops_events(app):
    at = app.run()
    _, end = at.sidebar.slider(key="f_dates").value
    at.sidebar.slider(key="f_dates").set_value((end, end)).run()
    assert _caption(at).startswith("0 events")
    assert at.query_params["from"] == end.isoformat()


def test_missing_store_is_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_DB", str(tmp_path / "none.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "No store found" in at.info[0].value


def test_empty_store_is_explained(monkeypatch, tmp_path):
    from geo.store import Store

    Store(tmp_path / "empty.sqlite").close()
    monkeypatch.setenv("GEO_DB", str(tmp_path / "empty.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "holds no documents" in at.info[0].value


# -- the panel for a clicked point ---------------------------------------------------------


def test_click_on_ariha_lists_event_claim_and_mention(data):
    from geo.views import details_at

    detail = details_at(data, 35.8140, 36.6100, tooltip="Armed clash · Ariha")
    assert detail.names == ("Ariha",)
    assert [e["event_id"] for e in detail.events] == ["ev-ariha"]
    assert [c["claim_id"] for c in detail.claims] == ["cl-moscow"]  # linked through the event
    assert [m["text"] for m in detail.mentions] == ["Ariha"]


def test_click_on_a_road_selects_the_road_not_a_town_near_it(data):
    from geo.views import details_at

    saraqib = details_at(data, 35.86447, 36.80591)
    assert saraqib.names[0] == "Saraqib" and "M5 highway" not in saraqib.names  # (and the posts there)
    m5 = details_at(data, 35.13, 36.76, tooltip="M5 highway")
    assert m5.names == ("M5 highway",) and m5.events == ()


def test_click_far_from_everything_selects_nothing(data):
    from geo.views import details_at

    assert details_at(data, -40.0, -120.0) is None


def test_click_without_tooltip_takes_only_an_item_right_there(data):
    """A cluster icon or an area has no tooltip: its centre must not select the nearest town."""
    from geo.views import details_at

    assert details_at(data, 35.84, 36.70) is None  # between Saraqib and Ariha
    assert details_at(data, 35.84, 36.70, tooltip="Saraqib (point)").names[0] == "Saraqib"
    assert details_at(data, 35.8645, 36.8059).names[0] == "Saraqib"


def test_panel_shows_evidence_with_place_highlighted_and_links(data):
    from dashboard.panel import panel_html
    from geo.views import details_at

    html = panel_html(details_at(data, 35.81374, 36.60964), data)
    assert "Heavy fighting was also reported on the M4 road near <mark>Ariha</mark>" in html
    assert "Reported events (1)" in html and "Claims (attributed, not verified) (1)" in html
    assert "claimed by <b>Moscow</b>" in html
    assert "href='Document?doc=doc-map-a&amp;mention=" in html  # opens the document at the mention
    assert "reported by 1 outlet(s): Wire A" in html
    assert "precision 1: exact place" in html and "place confidence 0.80" in html


def test_panel_escapes_document_text(data):
    from dashboard.panel import panel_html
    from geo.views import details_at

    html = panel_html(details_at(data, 36.0, 36.5), data)
    assert "Evilville" in html
    assert "<script>" not in html and "{{7*7}}" not in html and "${7*7}" not in html
    assert "&lt;script&gt;" in html


def test_timeline_counts_events_per_day_by_type(data):
    from geo.views import timeline_counts

    assert timeline_counts(data.events) == [{"day": "2020-02-10", "event_type": "Battles", "events": 1}]
    week = [{"event_date": "2020-02-10", "event_type": "Battles", "time_precision": 2}]
    assert timeline_counts(week) == []  # not a spike on one day


def test_tables_link_each_row_to_its_document(data):
    from geo.views import claim_table, event_table

    events, claims = event_table(data), claim_table(data)
    assert events[0]["document"] == "Document?doc=doc-map-a" and events[0]["location"] == "Ariha"
    assert "geometry" not in events[0]
    assert claims[0]["speaker"] == "Moscow" and claims[0]["document"] == "Document?doc=doc-map-a"


def test_map_parts_are_what_streamlit_folium_would_send(data):
    from dashboard.mapview import map_parts
    from geo.render import build_map

    parts = map_parts(build_map(data, assets="/app/static/"))
    assert "map_div" in parts.script and parts.map_id.startswith("map_")
    assert all(link.startswith("/app/static/") for link in parts.css_links + parts.js_links)
    assert EVIL not in parts.script  # document strings are escaped in the page


def _map_args(at: AppTest) -> dict:
    import json

    (component,) = [c for c in at.get("component_instance") if c.proto.component_name.endswith("st_folium")]
    return json.loads(component.proto.json_args)


def _rows_script(at: AppTest) -> str:
    """The code the map's frame runs to show the view's rows (streamlit-folium's feature_group)."""
    code = _map_args(at)["feature_group"]
    assert code.startswith("geoMap.showRows(")
    return code


def test_a_filter_change_sends_rows_not_a_new_map(app):
    """The map is drawn once per store version; a filter only changes the rows shown (bitmaps)."""
    at = app.run()
    first_map, first_rows = _map_args(at), _rows_script(at)
    assert '"events":null' in first_rows  # nothing filtered: every row shows
    at.sidebar.multiselect(key="f_types").select("Battles").run()
    at.sidebar.text_input(key="f_text").input("no such words").run()
    assert not at.exception
    rows = _rows_script(at)
    assert rows != first_rows and '"events":"AA=="' in rows  # the one event is hidden
    unchanged = {k: v for k, v in _map_args(at).items() if k != "feature_group"}
    assert unchanged == {k: v for k, v in first_map.items() if k != "feature_group"}  # the same map
    assert unchanged["script"] == "" and any("geo-map-" in link for link in unchanged["js_links"])  # served


def test_store_map_is_kept_on_disk_beside_the_store(map_store, tmp_path):
    from dashboard.common import store_version
    from dashboard.mapview import cache_file, store_map
    from geo.mapdata import map_data_from_store

    db = Path(map_store.path)
    version = store_version(db)
    loads = []

    def load():
        loads.append(1)
        return map_data_from_store(map_store)

    parts = store_map(db, version, load)
    assert loads == [1] and cache_file(db, version).is_file()
    assert parts.keys["events"] and "Fighting" not in parts.script  # no evidence text: the panel shows it

    def fail():
        raise AssertionError("the cached map was drawn again")

    assert store_map(db, version, fail) == parts  # a restarted server reads it back
    cache_file(db, version).write_text("{not json", encoding="utf-8")
    assert store_map(db, version, load).keys == parts.keys and loads == [1, 1]  # a broken cache file is redrawn
    newer = (*version, 1)
    store_map(db, newer, load)
    assert loads == [1, 1, 1]  # a changed store is drawn again, and its stale map goes
    assert [p.name for p in cache_file(db, newer).parent.glob(f"map-{db.stem}-*.json")] == [cache_file(db, newer).name]


def test_bundle_joins_the_map_scripts_in_order_and_serves_the_map_script(tmp_path):
    from dashboard.mapview import STATIC_URL, MapParts, bundled, served

    (tmp_path / "a.js").write_text("var a = 1;", encoding="utf-8")
    (tmp_path / "b.js").write_text("var b = a + 1;", encoding="utf-8")
    parts = MapParts("var map_div = b;", "h", "x", "m", (), (STATIC_URL + "a.js", STATIC_URL + "b.js"), {}, "d")
    shown = bundled(parts, tmp_path, "store1")
    bundle, script = shown.js_links
    text = (tmp_path / bundle.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert text.index("var a = 1;") < text.index("var b = a + 1;")
    # the map's own script is a file after the bundle, not a megabyte in the component's arguments
    assert shown.script == "" and script.startswith(STATIC_URL + "geo-map-store1-")
    assert (tmp_path / script.rsplit("/", 1)[1]).read_text(encoding="utf-8") == "var map_div = b;"
    # a new version of the same store's map replaces the old file; another store's map stays
    other = bundled(parts, tmp_path, "store2").js_links[1]
    newer = bundled(MapParts("var map_div = 2;", "h", "x", "m", (), parts.js_links, {}, "d2"), tmp_path, "store1")
    names = sorted(p.name for p in tmp_path.glob("geo-map-*.js"))
    assert names == sorted([newer.js_links[1].rsplit("/", 1)[1], other.rsplit("/", 1)[1]])
    stale = tmp_path / "geo-map-store3-0123456789abcdef.js"  # a store not shown for eight days
    stale.write_text("var x;", encoding="utf-8")
    os.utime(stale, (time.time() - 8 * 86400,) * 2)
    assert served(newer, tmp_path) and bundled(parts, tmp_path, "store1") and not stale.exists()
    (tmp_path / other.rsplit("/", 1)[1]).unlink()
    assert not served(MapParts("", "h", "x", "m", (), (bundle, other), {}, "d"), tmp_path)
    missing = MapParts("s", "h", "x", "m", (), (STATIC_URL + "a.js", STATIC_URL + "gone.js"), {}, "d")
    assert bundled(missing, tmp_path) == missing  # not every script is served: leave the links alone


def test_rows_code_keeps_document_strings_inert():
    """The rows go to the map's frame as code: a post's name stays a string in it, escaped for HTML."""
    import json

    from dashboard.mapview import rows_code
    from geo.mapdata import MapData
    from geo.render import build_map, visible_rows

    post = {"id": "op1", "name": EVIL, "lat": 35.8, "lon": 36.6, "statuses": [{"date": "2020-02-05", "status": "established"}]}
    data = MapData(posts=[post])
    code = rows_code(visible_rows(build_map(data, popups=False).geo_keys, data, "2020-02-10"))
    assert code.startswith("geoMap.showRows(") and code.endswith(");")
    assert "<" not in code and "${" not in code and "`" not in code and "{{" not in code
    masks = json.loads(code[len("geoMap.showRows("):-2])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in json.dumps(masks["posts"], ensure_ascii=False)
    assert rows_code(None) == ""


def test_a_removed_map_script_is_served_again(app):
    """Another dashboard may remove an old map script from the shared static folder: the next run
    writes it again rather than leave the browser a missing file."""
    at = app.run()
    link = next(link for link in _map_args(at)["js_links"] if "geo-map-" in link)
    path = Path(APP).parent / "static" / link.rsplit("/", 1)[1]
    path.unlink()
    at.run()
    assert not at.exception and path.is_file()
    path.unlink()  # the test's store is gone after the test; so is its map


def test_the_first_run_sends_the_map_alone(map_store, monkeypatch):
    """Until the map has drawn in the browser, a session's page holds the map and the URL's view of its
    rows, no sidebar, timeline or tables (they would hold the browser up); then the whole page."""
    monkeypatch.setenv("GEO_DB", str(map_store.path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"from": "2020-02-15"})  # after the one event
    at.run()
    assert not at.exception
    assert _map_args(at) and not at.tabs and not at.sidebar.multiselect and not at.caption
    assert '"events":"AA=="' in _rows_script(at)  # the URL's view: the event is hidden
    assert any("Drawing the map" in i.value for i in at.info)
    at.button(key="geo_show_all").click().run()  # what the map's first value does, for a map that cannot
    assert not at.exception and at.session_state[MAP_DRAWN]
    assert [t.label for t in at.tabs][0] == "Events (0)" and at.sidebar.slider(key="f_dates").value[0].day > 10
    assert '"events":"AA=="' in _rows_script(at)  # the same rows as the first run showed

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"type": "Battles", "outlet": "No such outlet"})  # an outlet the store lacks
    at.run()
    assert '"events":null' in _rows_script(at)  # dropped, as the sidebar drops it: every row shows
    at.button(key="geo_show_all").click().run()
    assert at.sidebar.multiselect(key="f_types").value == ["Battles"]
    assert at.sidebar.multiselect(key="f_outlets").value == [] and '"events":null' in _rows_script(at)


def test_the_server_warm_up_prepares_the_first_run(map_store, monkeypatch):
    """``dashboard.server.warm`` computes what a visitor with no filters in the URL needs first: that
    visitor's runs (the map alone, then the whole page) draw, filter and tabulate nothing themselves."""
    from dashboard import cache, server

    monkeypatch.setenv("GEO_DB", str(map_store.path))
    frozen = gc.get_freeze_count()
    server.warm(map_store.path)
    assert gc.get_freeze_count() > frozen  # the warm-up's objects are left out of later collections
    gc.unfreeze()

    def computed(*_args, **_kwargs):
        raise AssertionError("computed again: the warm-up should have prepared this")

    for name in ("store_map", "bundled", "visible_rows", "filter_map_data", "filter_options", "spot_index"):
        monkeypatch.setattr(cache, name, computed)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert _map_args(at) and '"events":null' in _rows_script(at)  # every row shows
    at.button(key="geo_show_all").click().run()
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs][0] == "Events (1)"
    # a view the warm-up did not prepare is computed (the check above can fail)
    at.sidebar.multiselect(key="f_types").select("Battles").run()
    assert at.exception and "computed again" in str(at.exception)


def test_visible_rows_bitmaps():
    from geo.mapdata import MapData
    from geo.render import visible_rows

    keys = {"events": ["a", "b", "c"], "claims": ["x"], "places": [], "shapes": []}
    view = MapData(events=[{"event_id": "b"}], claims=[{"claim_id": "x"}])
    import base64

    masks = visible_rows(keys, view)
    assert base64.b64decode(masks["events"]) == bytes([0b010])
    assert masks["claims"] is None and masks["places"] is None


def test_timeline_html_stacks_days_and_escapes_types():
    from geo.views import timeline_html

    counts = [{"day": "2020-02-10", "event_type": "Battles", "events": 2},
              {"day": "2020-02-10", "event_type": EVIL, "events": 1},
              {"day": "2020-02-12", "event_type": "Battles", "events": 4}]
    html = timeline_html(counts, {"Battles": "#c0392b"})
    assert html.count("class='geo-timeline-day'") == 3  # an empty day keeps its place on the axis
    assert html.count("class='geo-timeline-bar'") == 3 and "title='2020-02-11: 0 events'" in html
    assert "title='2020-02-12 · Battles: 4' style='height:100.00%;background:#c0392b'" in html  # the top day
    assert "height:50.00%" in html and "height:25.00%" in html and "<span>4</span>" in html  # y axis' top
    assert "<svg" not in html  # Streamlit's st.html would remove it
    assert "<script" not in html and "&lt;script" in html
    assert timeline_html([], {}) == ""


def test_store_version_ignores_readers_and_follows_writes(tmp_path):
    import sqlite3

    from dashboard.common import store_version
    from geo.store import Store

    db = tmp_path / "v.sqlite"
    Store(db).close()
    assert not Path(f"{db}-wal").exists()
    before = store_version(db)
    reader = sqlite3.connect(db)  # a reader (another page, the warm-up) opens the store: an empty WAL appears
    try:
        reader.execute("SELECT COUNT(*) FROM documents").fetchone()
        assert Path(f"{db}-wal").exists() and store_version(db) == before
        with sqlite3.connect(db) as writer:
            writer.execute("CREATE TABLE scratch (x)")
        assert store_version(db) != before
    finally:
        reader.close()
