"""The map builder, its offline assets and the HTML export, on a real store."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from geo.assets import JQUERY_JS, LEAFLET_CSS, LEAFLET_JS, asset_links, asset_text, localise_assets
from geo.basemap import basemap_geojson, topojson_to_geojson, world_geojson
from geo.errors import GeoError
from geo.export import export_html
from geo.mapdata import MapData, filter_map_data, filter_options, map_data_from_store
from geo.popups import esc, highlight
from geo.render import build_map, group_places, precision_style

from conftest import EVIL, theatre_map_data as _theatre_data


class _Links(HTMLParser):
    """Collects src/href attributes of real tags (script bodies are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.links.append((tag, name, value))


def _links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    return parser


@pytest.fixture
def export_page(map_store, tmp_path):
    out = export_html(map_store, tmp_path / "out" / "briefing.html")
    return out.read_text(encoding="utf-8")


def test_export_is_self_contained(export_page):
    links = _links(export_page)
    assert "script" in links.tags and "style" in links.tags
    external = [link for link in links.links if re.match(r"(?i)\s*(https?:)?//", link[2])
                and link[0] != "a"]  # a hyperlink (attribution) loads nothing
    assert external == []
    assert asset_text(LEAFLET_JS)[:200] in export_page
    assert asset_text(JQUERY_JS)[:200] in export_page
    assert asset_text(LEAFLET_CSS)[:200] in export_page
    assert "bootstrap" not in export_page.lower()
    assert len(export_page) < 3_000_000


def _payload(page: str) -> dict:
    """The data the map script draws from, read back from the page."""
    import json

    line = next(x for x in page.splitlines() if x.strip().startswith("var P = "))
    return json.loads(line.strip()[len("var P = "):].rstrip(";"))


def test_export_contains_layers_roads_and_counts(export_page):
    for layer in ("Places (literal mentions)", "Roads and areas", "Metonymic / associative mentions",
                  "Events (colour = type", "Claims (diamond"):
        assert layer in export_page
    assert "M5 highway" in export_page and "M4 highway" in export_page
    assert export_page.count('"className": "geo-road geo-shape-') == 2
    payload = _payload(export_page)
    assert sorted(r[5] for r in payload["placeMarkers"]) == ["geo-mention-other"] + ["geo-place"] * 3
    assert [e[15] for e in payload["events"]] == ["ev-ariha"]
    assert [c[8] for c in payload["claims"]] == ["cl-moscow"] and payload["events"][0][17] == [0]
    assert "2 documents" in export_page
    assert "schematic" in export_page


def test_document_strings_are_escaped(export_page):
    assert "<script>alert(1)</script>" not in export_page
    assert "{{7*7}}" not in export_page and "${7*7}" not in export_page
    payload = _payload(export_page)
    evil_html = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#123;&#123;7*7&#125;&#125;"
    popups = " ".join(r[6] + r[7] for r in payload["placeMarkers"])
    assert evil_html in popups and "Outlet &lt;script&gt;" in popups and "Title &lt;script&gt;" in popups
    # the events' and claims' strings stay plain text: the page script puts them in with textContent
    assert ["Outlet " + EVIL, "Title " + EVIL] in [d[:2] for d in payload["docs"]]


def test_js_literal_cannot_close_a_script_or_template():
    from geo.maplayers import js_literal
    import json

    text = js_literal({"a": [EVIL, "</script><!--", "\u2028"]})
    assert not set(text) & set("<>&$`") and "{{" not in text and "${" not in text
    assert json.loads(text) == {"a": [EVIL, "</script><!--", "\u2028"]}


def test_esc_and_highlight():
    assert esc(EVIL) == ("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; "
                         "&#123;&#123;7*7&#125;&#125; &#36;&#123;7*7&#125; &#96;tick&#96; &#92;")
    assert highlight("Fighting in <b>Ariha</b> today", "Ariha") == \
        "Fighting in &lt;b&gt;<mark>Ariha</mark>&lt;/b&gt; today"
    assert highlight("no match", "Ariha") == "no match"


def test_popup_lists_every_mention_with_its_evidence(map_store):
    data = map_data_from_store(map_store)
    page = build_map(data).get_root().render()
    html = " ".join(r[6] for r in _payload(page)["placeMarkers"]) + page
    assert "<b>Wire A</b> &ndash; <i>Advance on Saraqib</i> (2020-02-10)" in html
    assert "kind metonymic" in html and "confidence 0.70" in html
    assert "capital as proxy" in html


def test_map_data_from_store_and_filters(map_store):
    data = map_data_from_store(map_store)
    assert len(data.documents) == 2 and "body" not in data.documents[0]
    assert {m["text"] for m in data.mentions} >= {"M5", "M4", "Saraqib", "Ariha", "Moscow", "Evilville"}
    options = filter_options(data)
    assert options["kinds"] == ["literal", "metonymic"]
    assert "Wire A" in options["outlets"]
    only_a = filter_map_data(data, outlets=["Wire A"])
    assert {d["doc_id"] for d in only_a.documents} == {"doc-map-a"}
    assert all(m["doc_id"] == "doc-map-a" for m in only_a.mentions)
    literal = filter_map_data(data, kinds=["literal"], min_confidence=0.85)
    assert [m["text"] for m in literal.mentions] == ["Saraqib"]
    assert filter_map_data(data, event_types=["Protests"]).events == ()


def test_group_places_one_marker_per_place():
    rows = [{"place_id": "gn:1", "name": "A", "lat": 1.0, "lon": 2.0},
            {"place_id": "gn:1", "name": "A", "lat": 1.0, "lon": 2.0},
            {"place_id": "gn:2", "name": "B", "lat": None, "lon": None}]
    groups = group_places(rows)
    assert len(groups) == 1 and len(groups[0][1]) == 2


def test_precision_style_distinguishes_precisions():
    assert precision_style("schematic")[0] != precision_style("point")[0]
    assert precision_style("village centre")[0] != precision_style("approximate")[0]
    assert precision_style(None)[1] == "other precision"


def test_empty_map_still_builds():
    page = build_map(MapData()).get_root().render()
    assert "0 documents" in page and "geo-country" in page


def test_tiles_are_optional_and_off():
    page = build_map(MapData()).get_root().render()
    assert "tile.openstreetmap.org" not in page
    online = build_map(MapData(), tiles="OpenStreetMap").get_root().render()
    assert "tile.openstreetmap.org" in online


def test_dashboard_assets_are_local_urls():
    m = build_map(MapData(), assets="/app/static/")
    js, css = asset_links(m)
    assert js[:2] == ["/app/static/leaflet.js", "/app/static/jquery-3.7.1.min.js"]
    assert set(js[2:]) == {"/app/static/leaflet.markercluster.js", "/app/static/leaflet-search.min.js",
                           "/app/static/Control.FullScreen.min.js", "/app/static/leaflet-measure.min.js"}
    assert css[0] == "/app/static/leaflet.css" and len(css) == 6


def test_static_assets_cover_every_link_of_the_map(tmp_path):
    from geo.assets import write_static_assets

    names = {p.name for p in write_static_assets(tmp_path)}
    js, css = asset_links(build_map(MapData(), assets="/app/static/"))
    assert {u.rsplit("/", 1)[-1] for u in js + css} <= names


def test_missing_asset_fails_loudly():
    import folium

    m = folium.Map(tiles=None)
    m.default_js = [("nope", "https://cdn.example.org/not-bundled.js")]
    with pytest.raises(GeoError, match="not-bundled.js"):
        localise_assets(m, "/app/static/")


def test_basemap_decodes_topojson_and_clips():
    world = world_geojson()
    names = {f["properties"]["name"] for f in world["features"]}
    assert {"Syria", "Turkey", "France", "Brazil"} <= names
    syria = next(f for f in world["features"] if f["properties"]["name"] == "Syria")
    lons = [p[0] for ring in syria["geometry"]["coordinates"] for p in ring]
    assert 35.5 < min(lons) < 36.5 and 42.0 < max(lons) < 42.6
    near = {f["properties"]["name"] for f in basemap_geojson((36.0, 35.0, 37.0, 36.0), margin=3)["features"]}
    assert {"Syria", "Turkey", "Lebanon"} <= near and "France" not in near


def test_topojson_decoder_on_a_small_topology():
    topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
            "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}}]}}}
    feature = topojson_to_geojson(topo)["features"][0]
    assert feature["properties"]["name"] == "Square"
    assert feature["geometry"]["coordinates"] == [[[10, 20], [12, 20], [12, 22], [10, 22], [10, 20]]]
    with pytest.raises(GeoError, match="no object 'land'"):
        topojson_to_geojson({"objects": {}}, "land")


def test_cli_export(map_store, tmp_path):
    from geo.cli import app

    out = tmp_path / "exports" / "briefing.html"
    result = CliRunner().invoke(app, ["export", "--db", str(map_store.path), "--format", "html",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "M5 highway" in page and not [l for l in _links(page).links if "http" in l[2] and l[0] != "a"]


# -- the dashboard script, driven by Streamlit's AppTest (no browser) --------

APP = str(__import__("geo.paths", fromlist=["ROOT"]).ROOT / "dashboard" / "app.py")


def _app(monkeypatch, db):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["geo_map_drawn"] = True  # as after the map has drawn (test_dashboard.py tests the first run)
    return at.run()


def test_dashboard_without_store_shows_info(monkeypatch, tmp_path):
    at = _app(monkeypatch, tmp_path / "missing.sqlite")
    assert not at.exception
    assert "No store found" in at.info[0].value


def test_dashboard_with_empty_store_shows_info(monkeypatch, tmp_path):
    from geo.store import Store

    Store(tmp_path / "empty.sqlite").close()
    at = _app(monkeypatch, tmp_path / "empty.sqlite")
    assert not at.exception
    assert "holds no documents" in at.info[0].value


def test_dashboard_filters_and_tables(monkeypatch, map_store):
    at = _app(monkeypatch, map_store.path)
    assert not at.exception
    assert "2 of 2 documents" in at.caption[0].value
    assert [t.label for t in at.tabs] == ["Events (1)", "Claims (1)", "Documents (2)"]
    at.multiselect(key="f_outlets").set_value(["Wire A"]).run()
    assert not at.exception
    assert "1 of 2 documents" in at.caption[0].value


def test_posts_near_keeps_posts_in_the_mapped_area():
    from geo.mapdata import posts_near

    mentions = [{"kind": "literal", "lat": 35.8, "lon": 36.6}, {"kind": "literal", "lat": 35.9, "lon": 36.8},
                {"kind": "metonymic", "lat": 55.7, "lon": 37.6}]
    posts = [{"id": "in", "lat": 35.85, "lon": 36.7}, {"id": "edge", "lat": 36.1, "lon": 36.9},
             {"id": "far", "lat": 40.0, "lon": 30.0}, {"id": "nocoords", "lat": None, "lon": None}]
    assert [p["id"] for p in posts_near(posts, mentions)] == ["in", "edge"]
    assert posts_near(posts, mentions[2:]) == []


def test_post_layer_drawn_with_statuses():
    post = {"id": "p1", "name": f"Post {EVIL}", "lat": 35.8, "lon": 36.9, "kind": "observation post",
            "precision": "village centre", "source": "curated",
            "statuses": [{"status": "evacuated", "date": "2020-02-08", "source": "news"}]}
    page = build_map(MapData(posts=[post])).get_root().render()
    assert "Observation posts" in page and '"className": "geo-post geo-post-evacuated geo-post-id-0"' in page
    assert "evacuated &middot; 2020-02-08 &middot; news" in page
    assert "Post &lt;script&gt;" in page


def test_post_legend_lists_every_status_when_posts_follow_the_view():
    """The export's legend shows the posts' status on its day; the dashboard's map restyles the posts
    to each view's last day, so its legend lists every status they have had."""
    from geo.render import legend_html

    post = {"id": "p1", "name": "Post", "lat": 35.8, "lon": 36.9,
            "statuses": [{"status": "established", "date": "2020-02-01"}, {"status": "besieged", "date": "2020-02-20"}]}
    data = MapData(posts=[post])
    latest = legend_html(data)
    assert "post besieged" in latest and "post established" not in latest
    assert "post established" in legend_html(data, as_of="2020-02-10") and "on 2020-02-10" in legend_html(data, as_of="2020-02-10")
    every = legend_html(data, every_status=True)
    assert "post besieged" in every and "post established" in every and "view's last day" in every
    page = build_map(data, popups=False, posts_follow_view=True).get_root().render()
    assert "Observation posts (status on the view\\u0027s last day)" in page and "post established" in page


def test_focus_bounds_opens_on_the_region_most_mentions_are_in():
    from geo.render import focus_bounds

    region = [{"kind": "literal", "lat": 35.5 + i / 10, "lon": 36.5 + i / 10} for i in range(8)]
    far = [{"kind": "literal", "lat": 38.9, "lon": -77.0}, {"kind": "metonymic", "lat": 55.7, "lon": 37.6}]
    west, south, east, north = focus_bounds(MapData(mentions=region + far))
    assert 36.0 <= west and east <= 37.5 and 35.0 <= south and north <= 36.5
    assert focus_bounds(MapData(mentions=far[:1])) == (-77.0, 38.9, -77.0, 38.9)
    assert focus_bounds(MapData()) is None


def test_world_outlines_do_not_cross_the_antimeridian():
    for feature in world_geojson()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:]):
                    assert abs(a[0] - b[0]) <= 180 or min(a[1], b[1]) < -80, feature["properties"]["name"]


def test_theatre_gets_finer_outlines_than_the_world():
    region = [{"kind": "literal", "lat": 35.5 + i / 10, "lon": 36.5 + i / 10, "feature_code": "PPL",
               "name": f"p{i}", "place_id": f"t:{i}", "text": f"p{i}"} for i in range(8)]
    far = [{"kind": "literal", "lat": 38.9, "lon": -77.0, "feature_code": "PPLC", "name": "w",
            "place_id": "t:w", "text": "w"}]
    world_only = build_map(MapData(mentions=far)).get_root().render()
    both = build_map(MapData(mentions=region + far)).get_root().render()
    assert world_only.count('"className": "geo-country"') == 1
    assert both.count('"className": "geo-country"') == 2  # the world, and a finer copy around the theatre


def test_filters_round_trip_through_the_url_query_and_select_by_date_actor_and_text():
    from geo.mapdata import Filters

    f = Filters(date_from="2020-02-27", date_to="2020-02-28", event_types=["Battles"], actors=["Turkey"],
                outlets=["Wire A"], claimants=["Lavrov"], geo_precisions=[1, 2], min_confidence=0.5,
                literal_only=True, text="Saraqib")
    assert Filters.from_query(f.to_query()) == f
    assert Filters.from_query({}) == Filters()
    assert Filters.from_query({"from": "garbage", "min_conf": "x", "precision": "1,a"}) == \
        Filters(geo_precisions=(1,))

    docs = [{"doc_id": "d1", "outlet": "Wire A", "published": "2020-02-27"}]
    events = [
        {"event_id": "e1", "doc_id": "d1", "event_type": "Battles", "event_date": "2020-02-27",
         "actor1": "Turkey", "sentence": "Clashes near Saraqib.", "place_id": "p1", "geo_precision": 1},
        {"event_id": "e2", "doc_id": "d1", "event_type": "Battles", "event_date": "2020-02",
         "actor1": "Russia", "sentence": "Strikes on Idlib.", "place_id": "p2", "geo_precision": 2},
        {"event_id": "e3", "doc_id": "d1", "event_type": "Battles", "event_date": "2020-03-05",
         "actor1": "Turkey", "sentence": "Talks.", "place_id": None, "geo_precision": 3},
        {"event_id": "e4", "doc_id": "d1", "event_type": "Battles", "event_date": None,
         "actor1": "Turkey", "sentence": "Undated.", "place_id": None},
    ]
    mentions = [{"doc_id": "d1", "place_id": "p1", "kind": "literal", "confidence": 0.9, "sentence": "x"},
                {"doc_id": "d1", "place_id": "p2", "kind": "literal", "confidence": 0.2, "sentence": "y"}]
    data = MapData(mentions=mentions, events=events, documents=docs)
    ids = lambda d: [e["event_id"] for e in d.events]  # noqa: E731
    assert ids(filter_map_data(data, Filters(date_from="2020-02-28", date_to="2020-02-29"))) == ["e2"]
    assert ids(filter_map_data(data, Filters(date_from="2020-03-01"))) == ["e3"]
    assert ids(filter_map_data(data, Filters(actors=["Turkey"]))) == ["e1", "e3", "e4"]
    assert ids(filter_map_data(data, Filters(text="saraqib"))) == ["e1"]
    # the event placed by a low-confidence mention goes with it
    assert ids(filter_map_data(data, Filters(min_confidence=0.5))) == ["e1", "e3", "e4"]
    assert ids(filter_map_data(data, Filters(geo_precisions=[2, 3]))) == ["e2", "e3"]
    options = filter_options(data)
    assert options["dates"] == ("2020-02-01", "2020-03-05")
    assert options["actors"] == ["Russia", "Turkey"]


# -- events, claims, posts and lookups of the browser-drawn layers ---------------

def test_claimant_sides_by_rule_and_colours():
    from geo.sides import UNKNOWN_SIDE_COLOUR, claim_sides, side_colour, side_from_text

    assert side_from_text("Maria Zakharova", "Russia's Foreign Ministry spokeswoman") == "Russia"
    assert side_from_text("Turkish government (Ankara)") == "Turkey"
    assert side_from_text("Moscow") == "Russia"  # a capital stands for its government
    assert side_from_text("military sources", None) is None
    sides = claim_sides(_theatre_data().claims)
    assert sides == {"c-ru": "Russia", "c-ru2": "Russia", "c-tr": "Turkey", "c-x": None}  # "Lavrov" by surname
    assert side_colour("Russia") != side_colour("Turkey") and side_colour(None) == UNKNOWN_SIDE_COLOUR


def test_claims_sit_at_their_place_or_their_event():
    from geo.maplayers import layer_payload

    payload = layer_payload(_theatre_data())
    where = {c[8]: (c[0], c[1]) for c in payload["claims"]}
    assert where["c-ru"] == (35.86, 36.8)  # its own place
    assert where["c-ru2"] == (36.06, 36.8)  # names only a country: at the event it is about
    assert where["c-tr"] == (36.16, 36.8) and where["c-x"] == (None, None)
    assert [s[0] for s in payload["sides"]] == ["Russia", "Turkey", "unknown side"]
    assert [e[5] for e in payload["events"]] == [1, 2, 3]
    assert payload["events"][0][13:15] == [3, 1]  # three reports of the cluster, one outlet
    assert payload["dates"] == ["2020-02-01", "2020-02-29"]


def test_post_status_as_of_a_date():
    from geo.render import post_status

    post = _theatre_data().posts[0]
    assert post_status(post, "2020-02-01") is None  # not set up yet
    assert post_status(post, "2020-02-10")["status"] == "established"
    assert post_status(post, None)["status"] == "besieged"
    page = build_map(_theatre_data(), as_of="2020-02-10").get_root().render()
    assert '"className": "geo-post geo-post-established geo-post-id-0"' in page and "status on 2020-02-10" in page
    assert '"className": "geo-post' not in build_map(_theatre_data(), as_of="2020-01-01").get_root().render()


def test_reference_lines_and_zone_are_drawn_in_the_theatre():
    page = build_map(_theatre_data()).get_root().render()
    assert page.count('"className": "geo-ref-line"') >= 2 and '"className": "geo-ref-area"' in page
    far = MapData(mentions=[{"place_id": "x", "name": "Lima", "lat": -12.0, "lon": -77.0, "kind": "literal"}])
    assert '"className": "geo-ref-line"' not in build_map(far).get_root().render()
