"""The export and the dashboard drawn by headless Chromium, with the network cut off.

Every request whose host is not localhost/127.0.0.1 (or a file:/data: URL) is
aborted and recorded; each test asserts none was attempted and that the map
actually drew its SVG paths (a blank map fails).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
SHOTS = Path(os.environ.get("GEO_SCREENSHOTS", "/tmp"))


class Guard:
    """A route handler that lets local requests through and aborts (and records) the rest."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.dialogs: list[str] = []

    def __call__(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("file", "data", "blob", "about") or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium binary (install it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def open_guarded(browser, width: int, height: int):
    """A new browser context with every non-local request blocked and dialogs recorded: (context, page, guard)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    page.on("dialog", lambda d: (guard.dialogs.append(d.message), d.dismiss()))
    return context, page, guard


@pytest.fixture
def guarded_page(browser):
    context, page, guard = open_guarded(browser, 1300, 950)
    yield page, guard
    context.close()


def _place_count(store) -> int:
    return len({m["place_id"] for m in store.mentions() if m["lat"] is not None})


def _wait_for_paths(frame, selector: str, minimum: int, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    count = 0
    while time.monotonic() < deadline:
        count = frame.locator(selector).count()
        if count >= minimum:
            return count
        frame.wait_for_timeout(250)  # lets Playwright process events, unlike time.sleep
    return count


def test_export_draws_offline(map_store, tmp_path, guarded_page):
    from geo.export import export_html

    page, guard = guarded_page
    out = export_html(map_store, tmp_path / "briefing.html")
    page.goto(out.as_uri())
    assert _wait_for_paths(page, "path.geo-road", 2, 20) == 2
    assert page.locator(".leaflet-interactive").count() >= _place_count(map_store)
    assert page.locator("path.geo-place").count() == 3  # Saraqib, Ariha, Evilville
    assert page.locator("path.geo-mention-other").count() == 1  # "Moscow said"
    assert page.locator("path.geo-country").count() > 10
    assert "2 documents" in page.locator(".geo-title").inner_text()
    page.locator("path.geo-event").dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "Claimed by" in popup.inner_text() and "Ariha" in popup.inner_text()
    page.wait_for_timeout(600)  # let the popup fade in
    page.screenshot(path=str(SHOTS / "geo-export.png"))
    assert guard.blocked == []
    assert guard.dialogs == []  # the <script>alert(1)</script> in names never ran


def test_export_of_an_ingested_article(tmp_path, guarded_page):
    pipeline = pytest.importorskip("geo.pipeline")
    from geo.export import export_html
    from geo.store import Store

    article = tmp_path / "report.txt"
    article.write_text(
        "Clashes on the Aleppo road\n\nFighting broke out near Aleppo and Homs on Tuesday, "
        "local sources said. Residents fled towards Damascus.\n", encoding="utf-8")
    with Store(tmp_path / "ingested.sqlite") as store:
        pipeline.ingest_paths([article], store)
        places = _place_count(store)
        assert places >= 2
        out = export_html(store, tmp_path / "ingested.html")
    page, guard = guarded_page
    page.goto(out.as_uri())
    assert _wait_for_paths(page, "path.geo-place, path.geo-road, path.geo-area", 1, 20) >= 1
    drawn = page.locator("path.geo-place, path.geo-road, path.geo-area, path.geo-mention-other").count()
    assert drawn >= places
    assert guard.blocked == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _geo_command() -> list[str]:
    script = Path(sys.executable).parent / "geo"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from geo.cli import app; app()"]


def _wait_for_health(port: int, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"geo dashboard exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"geo dashboard did not answer on port {port} within {timeout_s}s")


def _map_frame(page, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                return frame
        page.wait_for_timeout(250)
    raise AssertionError("the dashboard shows no streamlit-folium map frame")


class Dashboard:
    """``geo dashboard`` on ``db`` on a free port, in its own process group; ``stop()`` ends the group."""

    def __init__(self, db: Path, log: Path, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.log = open(log, "a+", encoding="utf-8")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(_geo_command() + ["dashboard", "--db", str(db), "--port", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
                                     env={**os.environ, **(env or {})})
        _wait_for_health(self.port, self.proc)
        self.url = f"http://localhost:{self.port}"

    def stop(self) -> str:
        """End the dashboard's process group; returns what it printed."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.seek(0)
        text = self.log.read()
        self.log.close()
        return text


def test_dashboard_draws_offline(map_store, tmp_path, guarded_page):
    dashboard = Dashboard(map_store.path, tmp_path / "dashboard.log")
    try:
        page, guard = guarded_page
        page.goto(f"{dashboard.url}/")
        frame = _map_frame(page)
        assert _wait_for_paths(frame, "path.geo-road", 2, 60) == 2, "the dashboard map is blank"
        assert frame.locator("path.geo-place").count() == 3
        assert frame.locator(".leaflet-interactive").count() >= _place_count(map_store)
        assert frame.locator("path.geo-country").count() > 10
        assert "2 documents" in frame.locator(".geo-title").inner_text()
        page.get_by_text("Claims (1)", exact=True).wait_for(timeout=20000)
        page.screenshot(path=str(SHOTS / "geo-dashboard.png"), full_page=True)
        assert guard.blocked == []
        assert guard.dialogs == []
    finally:
        output = dashboard.stop()
    assert "Traceback" not in output, output


# -- the browser-drawn layers: symbols, tools, timeline, clustering, hostile strings -------------

def _open_map(page, data, tmp_path, name: str = "map.html", **kwargs):
    from geo.render import build_map

    out = tmp_path / name
    out.write_text(build_map(data, **kwargs).get_root().render(), encoding="utf-8")
    page.goto(out.as_uri())
    page.wait_for_function("window.geoMap !== undefined", timeout=20000)
    return out


def _cluster_total(page, selector: str) -> int:
    return sum(int(t) for t in page.locator(f"{selector} span").all_inner_texts())


def test_precision_claims_tools_and_timeline(guarded_page, tmp_path):
    from conftest import theatre_map_data
    from geo.sides import side_colour

    page, guard = guarded_page
    _open_map(page, theatre_map_data(), tmp_path, timeline=True)
    page.evaluate("window.geoMap.map.setView([36.0, 36.8], 11, {animate: false})")
    assert _wait_for_paths(page, "path.geo-event", 3, 10) == 3
    fills = {p: page.locator(f"path.geo-event-p{p}").get_attribute("fill") for p in (1, 2, 3)}
    assert fills[1] != "#ffffff" and fills[2] == fills[3] == "#ffffff"  # solid = exact, hollow = approximate
    assert page.locator("path.geo-precision-ring-p2").count() == 1
    assert page.locator("path.geo-precision-ring-p3").count() == 1
    assert page.locator("path.geo-precision-ring").count() == 2  # none round the exact one
    claim_fills = set(page.locator(".geo-claim svg path").evaluate_all("els => els.map(e => e.getAttribute('fill'))"))
    assert {side_colour("Russia"), side_colour("Turkey")} <= claim_fills
    for control in (".leaflet-control-search", ".leaflet-control-measure", ".leaflet-control-zoom-fullscreen",
                    ".leaflet-control-layers"):
        assert page.locator(control).count() == 1, control
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input").press_sequentially("Sara")
    page.locator(".search-tip").first.wait_for(timeout=5000)
    assert page.locator(".search-tip").first.inner_text() == "Saraqib"
    # the timeline: only 1 February -> the event of that day, the one dated "2020-02", one claim
    page.locator(".geo-timeline-to").fill("0")
    page.wait_for_function("document.querySelector('.geo-timeline-label').textContent.includes('events')")
    assert "2 events, 1 claims" in page.locator(".geo-timeline-label").inner_text()
    assert page.evaluate("geoMap.shownRows().events.map(i => geoMap.payload.events[i][15]).sort()") == ["e1", "e3"]
    page.locator(".geo-timeline-to").fill("28")
    page.wait_for_function("window.geoMap.shownRows().events.length === 3")
    page.screenshot(path=str(SHOTS / "geo-map-symbols.png"))
    assert guard.blocked == [] and guard.dialogs == []


def test_many_events_are_clustered(guarded_page, tmp_path):
    import random

    from geo.mapdata import MapData

    rng = random.Random(42)
    doc = {"doc_id": "d", "outlet": "W", "published": "2020-02-01"}
    mentions = [{"doc_id": "d", "place_id": f"p{i}", "name": f"P{i}", "lat": 35.5 + i / 10, "lon": 36.5 + i / 10,
                 "kind": "literal", "feature_code": "PPL"} for i in range(6)]
    events = [{"event_id": f"e{i}", "doc_id": "d", "event_type": "Battles", "event_date": "2020-02-01",
               "geo_precision": 1 + i % 3, "lat": 35.5 + rng.random() * 0.5, "lon": 36.5 + rng.random() * 0.5,
               "sentence": "x"} for i in range(600)]
    page, guard = guarded_page
    _open_map(page, MapData(mentions=mentions, events=events, documents=[doc]), tmp_path)
    page.locator(".geo-event-cluster").first.wait_for(timeout=20000)
    clustered = _cluster_total(page, ".geo-event-cluster")
    assert clustered + page.locator("path.geo-event").count() == 600
    assert page.locator(".geo-event-cluster").count() < 100 < clustered
    assert guard.blocked == []


_STACK_TIP = """() => { const m = geoMap.eventMarkers.find(m => m.geoRows.length === 3);
  geoMap.events.fire("mouseover", {layer: m}); return m.getTooltip().getContent(); }"""


def test_events_at_one_point_share_a_counted_marker(guarded_page, tmp_path):
    """Events drawn alike at one point are one marker counting them: cluster numbers add up the counts,
    the tooltip and popup speak for the rows the view shows, a filter changes the count."""
    from geo.mapdata import MapData
    from geo.render import build_map, visible_rows

    doc = {"doc_id": "d", "outlet": "W", "published": "2020-02-01"}
    mentions = [{"doc_id": "d", "place_id": "p", "name": "Saraqib", "lat": 35.86, "lon": 36.8, "kind": "literal"}]

    def event(i, day, kind="Battles"):
        return {"event_id": f"e{i}", "doc_id": "d", "event_type": kind, "event_date": f"2020-02-{day:02d}",
                "geo_precision": 1, "lat": 35.86, "lon": 36.8, "location": "Saraqib", "sentence": f"Shelling {i}.",
                "place_id": "p"}

    data = MapData(mentions=mentions, documents=[doc],
                   events=[event(1, 3), event(2, 10), event(3, 20), event(4, 10, "Protests")],
                   claims=[{"claim_id": f"c{i}", "doc_id": "d", "speaker": who, "content": "x", "place_ids": ["p"],
                            "claim_date": "2020-02-05"} for i, who in ((1, "Lavrov"), (2, "Peskov"))])
    page, guard = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open_map(page, data, tmp_path)
    page.locator(".geo-event-cluster").first.wait_for(timeout=20000)
    assert page.evaluate("[geoMap.eventMarkers.length, geoMap.claimMarkers.length]") == [2, 1]
    assert _cluster_total(page, ".geo-event-cluster") == 4 and _cluster_total(page, ".geo-claim-cluster") == 0
    assert page.evaluate("geoMap.shownCount()") == [4, 2]
    assert page.evaluate(_STACK_TIP) == "Battles · 3 events, 2020-02-03 to 2020-02-20 · Saraqib"
    page.evaluate("""() => { const m = geoMap.eventMarkers.find(m => m.geoRows.length === 3);
                     geoMap.events.fire("click", {layer: m}); }""")
    popup = page.evaluate("geoMap.eventMarkers.find(m => m.geoRows.length === 3).getPopup().getContent().textContent")
    assert popup.startswith("3 events here") and all(f"Shelling {i}." in popup for i in (1, 2, 3))
    # the view keeps e2 and e4 (10 February): the stack counts one, the cluster two
    keys = build_map(data, popups=False).geo_keys
    view = MapData(mentions=mentions, documents=[doc], events=[data.events[1], data.events[3]], claims=data.claims[:1])
    page.evaluate("m => geoMap.showRows(m)", visible_rows(keys, view))
    assert page.evaluate("geoMap.shownRows().events") == [1, 3] and page.evaluate("geoMap.shownCount()") == [2, 1]
    assert _cluster_total(page, ".geo-event-cluster") == 2
    assert page.evaluate(_STACK_TIP) == "Battles · 2020-02-10 · Saraqib"
    # a view without the protest: its marker goes, the battles' stays
    view = MapData(mentions=mentions, documents=[doc], events=data.events[:2], claims=[])
    page.evaluate("m => geoMap.showRows(m)", visible_rows(keys, view))
    assert page.evaluate("geoMap.eventMarkers.map(m => geoMap.events.hasLayer(m))") == [True, False]
    assert page.evaluate("geoMap.shownCount()") == [2, 0] and page.evaluate("geoMap.shownRows().claims") == []
    page.evaluate("geoMap.applyFilters({})")  # the export's filters: everything again
    assert page.evaluate("geoMap.shownCount()") == [4, 2] and _cluster_total(page, ".geo-event-cluster") == 4
    assert guard.blocked == [] and errors == []


def test_hostile_strings_stay_text_in_popups_tooltips_and_search(guarded_page, tmp_path):
    from conftest import EVIL, theatre_map_data

    page, guard = guarded_page
    _open_map(page, theatre_map_data(evil=True), tmp_path, timeline=True)
    page.evaluate("window.geoMap.map.setView([36.0, 36.8], 11, {animate: false})")
    assert _wait_for_paths(page, "path.geo-event", 3, 10) == 3
    page.locator("path.geo-event-p1").dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert EVIL.strip() in text.replace("\n", " ") or "<script>alert(1)</script>" in text
    assert "Saraqib" in popup.locator("mark").inner_text()  # the place is highlighted in the evidence
    for needle in ("Wire A", "precision", "Corroboration", "3 reports of this event"):
        assert needle in text, needle
    page.locator("path.geo-event-p1").dispatch_event("mouseover")
    page.locator(".leaflet-tooltip").first.wait_for(timeout=5000)
    page.locator(".geo-claim").first.dispatch_event("click")
    page.wait_for_function("document.querySelector('.leaflet-popup-content').textContent.includes('Claim by')")
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input").press_sequentially("Sar")
    page.locator(".search-tip").first.wait_for(timeout=5000)
    assert "<script>" in page.locator(".search-tip").first.inner_text()
    assert page.locator(".leaflet-popup-content script, .leaflet-tooltip script, .search-tip script").count() == 0
    page.wait_for_timeout(300)
    assert guard.dialogs == [] and guard.blocked == []
