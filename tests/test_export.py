"""Exports read back: GeoJSON, GeoPackage, CSV and KML round trips, the briefing page, the CLI.

Real SQLite stores (tests/conftest.py ``map_store``, with ``EVIL`` in names,
titles and outlets), real files, read back with json/csv/ElementTree and
pyogrio (GDAL).  The browser side is in tests/test_export_browser.py.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pyogrio
import pytest
from conftest import EVIL
from typer.testing import CliRunner

from geo import formats
from geo.cli import app
from geo.export import briefing_html, export_file
from geo.mapdata import Filters, filter_map_data, map_data_from_store

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def data(map_store):
    return map_data_from_store(map_store)


def _by_layer(collection: dict) -> dict[str, list[dict]]:
    layers: dict[str, list[dict]] = {}
    for feature in collection["features"]:
        layers.setdefault(feature["properties"]["layer"], []).append(feature)
    return layers


def test_geojson_is_rfc7946_and_round_trips(data, tmp_path):
    text = json.dumps(formats.to_geojson(data))
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    layers = _by_layer(collection)
    assert len(layers["events"]) == len(data.events) == 1
    assert len(layers["claims"]) == len(data.claims) == 1
    assert len(layers["mentions"]) == len(data.mentions) == 6
    assert len(layers["places"]) == 6  # Saraqib, Ariha, M4, M5, Moscow, Evilville
    event = layers["events"][0]
    assert event["geometry"] == {"type": "Point", "coordinates": [36.60964, 35.81374]}  # lon, lat
    assert event["properties"]["corroboration"] == 1 and event["properties"]["claimant"] == "Moscow"
    road = next(f for f in layers["places"] if f["properties"]["place_id"] == "cur:road-m5")
    assert road["geometry"]["type"] == "LineString"
    assert all(33 < lat < 37 and 35 < lon < 38 for lon, lat in road["geometry"]["coordinates"])
    evil = next(f for f in layers["places"] if f["properties"]["place_id"] == "cur:evil")
    assert evil["properties"]["name"] == f"Evilville {EVIL}"  # data, not HTML: kept verbatim
    path = tmp_path / "all.geojson"
    path.write_text(text, encoding="utf-8")
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(collection["features"])


def test_geopackage_has_five_layers_that_gdal_reads(data, tmp_path):
    path = formats.write_gpkg(data, tmp_path / "out.gpkg")
    assert [name for name, _ in pyogrio.list_layers(path)] == list(formats.LAYERS)
    counts = {layer: pyogrio.read_info(path, layer=layer)["features"] for layer in formats.LAYERS}
    assert counts == {"events": 1, "claims": 1, "posts": len(data.posts), "places": 6, "mentions": 6}
    events = pyogrio.read_dataframe(path, layer="events")
    assert events.crs.to_epsg() == 4326
    assert (events.geometry.x[0], events.geometry.y[0]) == pytest.approx((36.60964, 35.81374))
    assert events["event_type"][0] == "Battles" and events["country"][0] == "Syria"
    places = pyogrio.read_dataframe(path, layer="places").set_index("place_id")
    assert places.geometry["cur:road-m4"].geom_type == "LineString"
    assert places.geometry["gn:164816"].coords[0] == pytest.approx((36.80591, 35.86447))
    formats.write_gpkg(data, path)  # rewriting replaces, never appends
    assert pyogrio.read_info(path, layer="mentions")["features"] == 6


def _csv_store(tmp_path):
    """A store whose event text tries formula injection, with a negative longitude."""
    from geo.records import Document, Event, Mention, Place
    from geo.store import Store

    body = "=HYPERLINK(\"http://x\") forces clashed with @rebels near Lisbon. +cmd|' /C calc'!A0 -2+3 "
    lisbon = Place("gn:2267057", "Lisbon", 38.71667, -9.13333, country_code="PT", admin1="14")
    start = body.index("Lisbon")
    mention = Mention(start, start + 6, "Lisbon", lisbon, confidence=0.9)
    event = Event("ev-lis", "doc-lis", "Battles", "Armed clash", body, 0, len(body), actor1="=SUM(A1:A9)",
                  actor2="@rebels", event_date="2021-03-04", time_precision=1, place_id="gn:2267057",
                  location="-Lisbon", lat=38.71667, lon=-9.13333, geo_precision=1, fatalities=2)
    doc = Document("doc-lis", str(tmp_path / "lis.txt"), body, body, title="+Title", outlet="=Outlet",
                   published="2021-03-04", time_precision=1)
    store = Store(tmp_path / "csv.sqlite")
    store.save_document(doc, [mention], [event], [])
    return store


def test_csv_has_acled_columns_and_neutralises_formulas(tmp_path):
    with _csv_store(tmp_path) as store:
        text = formats.to_csv(map_data_from_store(store))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(formats.EVENT_CSV_COLUMNS)
    for column in ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                   "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                   "source", "notes", "fatalities", "confidence", "claimant", "corroboration"):
        assert column in rows[0]
    row = rows[0]
    assert row["actor1"] == "'=SUM(A1:A9)" and row["actor2"] == "'@rebels"
    assert row["source"] == "'=Outlet" and row["location"] == "'-Lisbon" and row["source_title"] == "'+Title"
    assert row["notes"].startswith("'=HYPERLINK")
    assert float(row["longitude"]) == pytest.approx(-9.13333)  # a number, left as a number
    assert float(row["latitude"]) == pytest.approx(38.71667)
    assert (row["country"], row["admin1"], row["fatalities"], row["corroboration"]) == ("Portugal", "Lisbon", "2", "1")
    dangerous = [cell for r in rows for key, cell in r.items()
                 if key not in ("latitude", "longitude") and cell[:1] in ("=", "+", "-", "@")]
    assert dangerous == []


def test_csv_reads_back_with_gdal(data, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(formats.to_csv(data), encoding="utf-8")
    frame = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="longitude", Y_POSSIBLE_NAMES="latitude")
    assert len(frame) == len(data.events)
    assert (frame.geometry.x[0], frame.geometry.y[0]) == pytest.approx((36.60964, 35.81374))


def test_kml_round_trips_with_escaped_popups(data, tmp_path):
    text = formats.to_kml(data)
    root = ET.fromstring(text)
    folders = {f.get("id"): f.findall(f"{KML}Placemark") for f in root.iter(f"{KML}Folder")}
    assert {k: len(v) for k, v in folders.items()} == {
        "events": 1, "claims": 1, "posts": len(data.posts), "places": 6, "mentions": 6}
    event = folders["events"][0]
    assert event.findtext(f"{KML}Point/{KML}coordinates") == "36.609640,35.813740"
    assert event.findtext(f"{KML}TimeStamp/{KML}when") == "2020-02-10"
    description = event.findtext(f"{KML}description")
    assert "Heavy fighting" in description and "Claimed by" in description  # the map's event popup
    evil = next(p for p in folders["places"] if p.get("id") == "places-cur:evil")
    evil_html = evil.findtext(f"{KML}description")
    assert "<script>" not in evil_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in evil_html
    assert evil.findtext(f"{KML}name") == f"Evilville {EVIL}"  # KML text, XML-escaped on disk
    assert "<script>" not in text
    road = next(p for p in folders["places"] if p.get("id") == "places-cur:road-m5")
    assert len(road.findtext(f"{KML}LineString/{KML}coordinates").split()) > 5
    path = tmp_path / "out.kml"
    path.write_text(text, encoding="utf-8")
    assert pyogrio.read_info(path, layer="Events")["features"] == 1


def test_briefing_page_contents(data):
    filters = Filters(date_from="2020-02-01", date_to="2020-02-28", outlets=("Wire A", f"Outlet {EVIL}"))
    view = filter_map_data(data, filters)
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    page = briefing_html(view, title=f"Brief {EVIL}", filters=filters, generated=when)
    assert "<script>alert(1)</script>" not in page
    assert "Brief &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in page
    assert "2020-02-01 to 2020-02-28" in page and "Generated:</b> 2026-01-02 03:04 UTC" in page
    assert "Outlets: Wire A, Outlet &lt;script&gt;" in page
    table = re.search(r"<table class='geo-events'>.*?</table>", page, re.DOTALL).group(0)
    assert table.count("<tr>") == 1 + len(view.events)
    assert "Government forces" in table and "exact place" in table and "Moscow" in table
    assert page.count("<li class='geo-source'>") == 2
    assert "GeoNames" in page and "CC BY 4.0" in page and "Natural Earth" in page
    assert "@page { size: A4 landscape" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=['\"]?(https?:)?//", page)  # nothing remote


def test_cli_export_filters_every_format(map_store, tmp_path):
    runner = CliRunner()
    base = ["export", "--db", str(map_store.path)]
    result = runner.invoke(app, base + ["--format", "csv", "--out", str(tmp_path / "b.csv"), "--type", "Battles",
                                        "--outlet", "Wire A"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO((tmp_path / "b.csv").read_text(encoding="utf-8"))))) == 1
    result = runner.invoke(app, base + ["--format", "geojson", "--out", str(tmp_path / "none.geojson"),
                                        "--type", "Protests"])
    assert result.exit_code == 0, result.output
    assert _by_layer(json.loads((tmp_path / "none.geojson").read_text())).get("events") is None
    result = runner.invoke(app, base + ["--format", "kml", "--out", str(tmp_path / "late.kml"), "--from", "2020-03-01"])
    assert result.exit_code == 0, result.output
    assert "<Placemark id=\"events-" not in (tmp_path / "late.kml").read_text()
    result = runner.invoke(app, base + ["--format", "html", "--out", str(tmp_path / "b.html"), "--title", "Idlib",
                                        "--min-confidence", "0.85"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "b.html").read_text()
    assert "Minimum confidence: 0.85" in page and "<h1 class='geo-brief-title'>Idlib</h1>" in page
    result = runner.invoke(app, base + ["--format", "gpkg", "--out", str(tmp_path / "b.gpkg")])
    assert result.exit_code == 0 and len(pyogrio.list_layers(tmp_path / "b.gpkg")) == 5


def test_cli_rejects_bad_input(map_store, tmp_path):
    runner = CliRunner()
    base = ["export", "--db", str(map_store.path), "--out", str(tmp_path / "x")]
    result = runner.invoke(app, base + ["--format", "shp"])
    assert result.exit_code == 1 and "use one of html, png, pdf" in result.output
    result = runner.invoke(app, base + ["--from", "last week"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


def test_png_without_a_browser_says_how_to_install(map_store, tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = CliRunner().invoke(app, ["export", "--db", str(map_store.path), "--format", "png",
                                      "--out", str(tmp_path / "map.png")])
    assert result.exit_code == 1
    assert "apt-get install chromium" in result.output and "playwright install chromium" in result.output
    assert not (tmp_path / "map.png").exists()
    with pytest.raises(Exception, match="GEO_CHROMIUM"):
        export_file(map_store, tmp_path / "map.pdf", format="pdf")


def test_long_event_table_lists_the_latest_and_says_so():
    from geo.export import events_table_html
    from geo.mapdata import MapData

    events = [{"event_id": f"e{i}", "doc_id": "d", "event_type": "Battles", "event_date": f"2020-02-{i:02d}",
               "time_precision": 1, "sentence": f"clash number {i}"} for i in range(28, 0, -1)]
    html = events_table_html(MapData(events=events, documents=[{"doc_id": "d", "outlet": "W"}]), limit=5)
    assert html.count("<tr>") == 6 and "Showing the latest 5 of 28 events" in html
    dates = re.findall(r"2020-02-(\d\d) \(day\)", html)
    assert dates == ["24", "25", "26", "27", "28"]


def test_sources_count_every_outlet_and_list_the_latest():
    from geo.export import sources_html
    from geo.mapdata import MapData

    docs = [{"doc_id": f"d{i}", "outlet": "AFP" if i % 3 else "TASS", "title": f"Report {i}",
             "published": f"2020-01-{i:02d}"} for i in range(1, 31)]
    html = sources_html(MapData(documents=docs), limit=4)
    assert "AFP (20), TASS (10)" in html and "Listing the latest 4 of 30 documents" in html
    assert re.findall(r"Report (\d+)", html) == ["27", "28", "29", "30"]


def test_no_browser_anywhere_says_how_to_install(map_store, tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    from geo import snapshot
    from geo.errors import GeoError

    with sync_playwright() as p:
        if Path(p.chromium.executable_path).is_file():
            pytest.skip("Playwright's own Chromium is installed: there is no missing-browser path to test")
    monkeypatch.setattr(snapshot, "find_chromium", lambda: None)  # as if no chromium were on the PATH
    with pytest.raises(GeoError, match="no Chromium found") as caught:
        snapshot.snapshot("<html><body></body></html>", tmp_path / "x.png", "png")
    assert "apt-get install chromium" in str(caught.value) and "playwright install chromium" in str(caught.value)
    assert not (tmp_path / "x.png").exists()
