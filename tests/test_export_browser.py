"""The briefing export opened from disk by headless Chromium with every non-file request blocked.

Counts what the map drew (roads, places, event markers), the table and the
sources; checks that no request left the machine and no page error
happened, that hostile document text never runs, that print (A4 landscape)
keeps the legend on the page, and that PNG/PDF snapshots come out.
"""
from __future__ import annotations

import struct
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.export import briefing_html, export_html
from geo.mapdata import map_data_from_store
from test_browser import CHROMIUM, _wait_for_paths, browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser


#: The issue's three payloads, plus variants that leave a mark on ``window`` if they ever run.
XSS = ('<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">click</a> '
       '<script>window.__pwned=1</script> <img src=y onerror="window.__pwned=2"> '
       '<svg onload="window.__pwned=3"></svg>')


class Watch:
    """Aborts and records every request that is not file:/data:/blob:/about:; records errors and dialogs."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlparse(url).scheme in ("file", "data", "blob", "about"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def watched_page(browser):  # noqa: F811 - the imported fixture
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("requestfailed", lambda r: watch.failed.append(r.url))
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    yield page, watch
    context.close()


def _drawn_events(page) -> int:
    """Events on the map: single markers plus the counts written on cluster icons."""
    singles = page.locator("path.geo-event").count()
    clusters = page.locator(".geo-event-cluster").all_inner_texts()
    return singles + sum(int(t.strip() or 0) for t in clusters)


def test_briefing_draws_offline_with_table_and_sources(map_store, tmp_path, watched_page):
    page, watch = watched_page
    out = export_html(map_store, tmp_path / "briefing.html", title="Idlib briefing")
    page.goto(out.as_uri())
    assert _wait_for_paths(page, "path.geo-road", 2, 20) == 2  # M4 and M5
    assert page.locator("path.geo-place").count() == 3  # Saraqib, Ariha, Evilville
    assert page.locator("path.geo-country").count() > 10  # the tile-free basemap
    assert _drawn_events(page) == 1
    assert page.locator(".geo-legend").is_visible()
    assert page.locator(".leaflet-control-layers").count() == 1
    online = page.locator(".leaflet-control-layers label", has_text="(online)")
    assert online.count() == 1 and not online.locator("input").is_checked()  # tiles offered, off
    assert page.locator("img.leaflet-tile").count() == 0
    assert page.locator("h1.geo-brief-title").inner_text() == "Idlib briefing"
    page.locator("path.geo-event").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    for expected in ("Battles", "2020-02-10", "Ariha", "Government forces", "Heavy fighting", "Wire A",
                     "Moscow"):  # type, date, place, actors, evidence, outlet, claimant
        assert expected in text, (expected, text)
    page.wait_for_selector("table.geo-events", state="attached")  # inserted once the map has drawn
    assert page.locator("table.geo-events tbody tr").count() == 1
    assert page.locator("li.geo-source").count() == 2
    assert "GeoNames" in page.locator(".geo-attribution").inner_text()
    page.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
    assert watch.blocked == [] and watch.failed == [] and watch.errors == [] and watch.dialogs == []
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in watch.requests)


def _hostile_store(path: Path):
    """A store whose title, outlet, sentence, place, actor and speaker all carry ``XSS``."""
    from geo.records import Claim, Document, Event, Mention, Place
    from geo.store import Store

    body = f"Shelling hit Saraqib overnight. {XSS} Fighting near Ariha killed two, officials said. "
    saraqib = Place("gn:164816", f"Saraqib {XSS}", 35.86447, 36.80591, source=XSS, precision="approximate")
    ariha = Place("gn:172994", "Ariha", 35.81374, 36.60964)
    mentions = [Mention(body.index("Saraqib"), body.index("Saraqib") + 7, "Saraqib", saraqib, confidence=0.9),
                Mention(body.index("Ariha"), body.index("Ariha") + 5, "Ariha", ariha, confidence=0.8)]
    events = [Event("ev-x1", "doc-x", "Explosions/Remote violence", XSS, body[:body.index("Fighting")], 0,
                    body.index("Fighting"), actor1=XSS, actor2=XSS, event_date="2020-02-10", time_precision=1,
                    place_id="gn:164816", location=XSS, lat=35.86447, lon=36.80591, geo_precision=1, notes=XSS),
              Event("ev-x2", "doc-x", "Battles", "Armed clash", body[body.index("Fighting"):], body.index("Fighting"),
                    len(body), actor1=XSS, event_date="2020-02-12", time_precision=1, place_id="gn:172994",
                    location="Ariha", lat=35.81374, lon=36.60964, geo_precision=2, fatalities=2)]
    claim = Claim("cl-x", "doc-x", XSS, XSS, 0, len(body), speaker_role=XSS, outlet=XSS, cue="said",
                  place_ids=("gn:172994",), event_ids=("ev-x2",))
    doc = Document("doc-x", str(path.parent / "x.html"), body, body, title=XSS, outlet=XSS, author=XSS,
                   published="2020-02-12", time_precision=1)
    store = Store(path)
    store.save_document(doc, mentions, events, [claim])
    return store


def _open_every_popup(page) -> int:
    """Click every marker, line and cluster; returns how many popups opened."""
    opened = 0
    for selector in ("path.geo-place", "path.geo-event", "path.geo-road", ".geo-claim", ".geo-event-cluster"):
        for i in range(page.locator(selector).count()):
            page.locator(selector).nth(i).dispatch_event("click")
            page.wait_for_timeout(150)
            opened += page.locator(".leaflet-popup-content").count()
    return opened


def test_hostile_document_text_never_runs(tmp_path, watched_page):
    page, watch = watched_page
    with _hostile_store(tmp_path / "x.sqlite") as store:
        out = export_html(store, tmp_path / "x.html", title=XSS)
    text = out.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text and "<img src=x" not in text
    page.goto(out.as_uri())
    assert _wait_for_paths(page, "path.geo-place", 2, 20) == 2
    assert page.locator(".geo-timeline").count() == 1  # events on 10 and 12 February: a timeline
    assert _open_every_popup(page) >= 2
    page.wait_for_selector("table.geo-events", state="attached")
    page.locator("table.geo-events").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert "<script>alert(1)</script>" in page.locator("h1.geo-brief-title").inner_text()  # shown as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x'], img[src='y'], svg[onload], a[href^='javascript']").count() == 0
    assert watch.dialogs == [] and watch.errors == [] and watch.blocked == []
    assert not [u for u in watch.requests if u.endswith(("/x", "/y"))]  # no <img src=x> was ever fetched


def _busy_view(store):
    """The store's rows plus events of every ACLED type and precision and claims of several speakers,
    so the legend is as long as a real briefing's."""
    from dataclasses import replace

    data = map_data_from_store(store)
    base = data.events[0]
    types = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
             "Strategic developments", "Displacement")
    events = [{**base, "event_id": f"ev-{i}", "event_type": t, "geo_precision": 1 + i % 3,
               "event_date": f"2020-02-{10 + i:02d}", "lat": base["lat"] + 0.05 * i, "lon": base["lon"] - 0.04 * i}
              for i, t in enumerate(types)]
    claims = [{**data.claims[0], "claim_id": f"cl-{i}", "speaker": s, "event_ids": [f"ev-{i}"]}
              for i, s in enumerate(("Moscow", "Ankara", "SOHR", "Syrian Army", "HTS"))]
    return replace(data, events=tuple(events), claims=tuple(claims))


def test_print_a4_landscape_keeps_the_legend(map_store, tmp_path, watched_page):
    page, watch = watched_page
    out = tmp_path / "print.html"
    out.write_text(briefing_html(_busy_view(map_store)), encoding="utf-8")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    page.goto(out.as_uri())
    _wait_for_paths(page, "path.geo-road", 2, 20)
    page.wait_for_selector("table.geo-events", state="attached")
    page.emulate_media(media="print")
    legend, wrap = page.locator(".geo-legend"), page.locator(".geo-map-wrap")
    assert legend.is_visible()
    assert "Violence against civilians" in legend.inner_text()
    assert legend.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # nothing scrolled out of view
    lb, wb = legend.bounding_box(), wrap.bounding_box()
    assert wb["y"] <= lb["y"] and lb["y"] + lb["height"] <= wb["y"] + wb["height"]
    assert wb["y"] + wb["height"] <= 733  # 210 mm - 2 x 8 mm margins: the map and legend fit page one
    page.screenshot(path=str(tmp_path / "print.png"))
    pdf = page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert watch.errors == [] and watch.blocked == []


def test_png_viewport_shows_the_whole_legend(map_store, tmp_path, watched_page):
    """At the PNG snapshot's size (no printing, no scrolling) every legend row is on screen: a long
    legend is set in two columns."""
    from geo.snapshot import VIEWPORT

    page, watch = watched_page
    out = tmp_path / "screen.html"
    out.write_text(briefing_html(_busy_view(map_store)), encoding="utf-8")
    page.set_viewport_size(VIEWPORT)
    page.goto(out.as_uri())
    _wait_for_paths(page, "path.geo-road", 2, 20)
    legend, wrap = page.locator(".geo-legend"), page.locator(".geo-map-wrap")
    assert page.locator(".geo-legend-columns").count() == 1
    assert legend.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # nothing scrolled out of view
    text = legend.inner_text()
    assert "Violence against civilians" in text and "road / area" in text and "Observation posts" in text
    lb, wb = legend.bounding_box(), wrap.bounding_box()
    assert wb["y"] <= lb["y"] and lb["y"] + lb["height"] <= wb["y"] + wb["height"]
    assert watch.errors == [] and watch.blocked == []


def test_png_and_pdf_snapshots(map_store, tmp_path):
    if CHROMIUM is None:
        pytest.skip("no chromium binary (install it: apt-get install chromium)")
    from geo.snapshot import VIEWPORT, snapshot

    page = briefing_html(map_data_from_store(map_store), title="Snapshot")
    png = snapshot(page, tmp_path / "map.png", "png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(png) > 50_000  # a drawn map, not a blank page
    pdf = snapshot(page, tmp_path / "map.pdf", "pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 841" in pdf  # A4 landscape: 842 x 595 pt
