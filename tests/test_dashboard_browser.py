"""The dashboard end to end: a real `geo dashboard` on localhost, driven by headless Chromium, network cut off.

One server per module on a store of the five seed articles.  Each test
asserts that no non-local request was attempted and no script from an
article ran.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import (  # noqa: F401
    Dashboard,
    CHROMIUM,
    LAUNCH_ARGS,
    open_guarded,
    _map_frame,
    _wait_for_paths,
    browser,
)

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    from geo.pipeline import ingest_paths
    from geo.store import Store

    path = tmp_path_factory.mktemp("dash") / "seeds.sqlite"
    with Store(path) as store:
        ingest_paths(sorted(SEEDS.iterdir()), store)
    return path


@pytest.fixture(scope="module")
def dashboard(seed_store, tmp_path_factory):
    """``http://localhost:PORT`` of a running `geo dashboard` on the seed store."""
    dashboard = Dashboard(seed_store, tmp_path_factory.mktemp("dashlog") / "dashboard.log")
    try:
        yield dashboard.url
    finally:
        output = dashboard.stop()
    assert "Traceback" not in output, output


@pytest.fixture
def page(browser):  # noqa: F811 - the imported fixture
    context, pg, guard = open_guarded(browser, 1500, 1000)
    yield pg, guard
    assert guard.blocked == [], guard.blocked
    assert guard.dialogs == []
    context.close()


def _events(frame) -> int:
    return frame.locator("path.geo-event, .geo-event").count()


def _shown_events(frame) -> int:
    """The events the map's view shows, clustered or not (a marker on its own counts its stack)."""
    return frame.evaluate("() => window.geoMap ? window.geoMap.shownCount()[0] : -1")


def _open(page, url: str):
    page.goto(url)
    frame = _map_frame(page)
    assert _wait_for_paths(frame, "path.geo-country", 10, 60) > 10, "the dashboard map is blank"
    return frame


#: Finds the circle marker whose tooltip names ``name``, zooms in on it as an analyst would (so clusters
#: of events and claims split) and returns its centre in the map frame's viewport.  The map's controls
#: stop catching the click (the curated reference zone lies in a pane under the markers).
_FIND_MARKER = """name => {
  const s = document.createElement('style');
  s.textContent = '.leaflet-control-container, .geo-legend, .geo-title {display:none !important}';
  document.head.appendChild(s);
  for (const k in window.map._layers) {
    const l = window.map._layers[k];
    if (l._path && l._radius !== undefined && l.getTooltip && l.getTooltip()
        && String(l.getTooltip().getContent()).includes(name)) {
      if (window.map.getZoom() < 13) window.map.setView(l.getLatLng(), 13, {animate: false});  // clusters split
      const r = l._path.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    }
  }
  return null;
}"""


def _click_place(page, frame, name: str) -> str:
    """Click (with the mouse) the map marker at the place named ``name``; returns the panel's text."""
    page.get_by_text("events ·").first.wait_for(timeout=30000)  # the page above the map is complete
    frame.frame_element().scroll_into_view_if_needed()
    point, box, previous = None, None, ()
    for _ in range(40):  # until the page and the map stop moving (layout, fit to bounds, clustering)
        point = frame.evaluate(_FIND_MARKER, name)
        box = frame.frame_element().bounding_box()
        if point is not None and (point, box) == previous:
            break
        previous = (point, box)
        page.wait_for_timeout(500)
    assert point is not None, f"no place marker with a tooltip naming {name}"
    panel = page.locator(".geo-panel")
    for attempt in range(3):  # on a loaded machine the map's click handler may not be bound yet
        page.mouse.move(box["x"] + point[0], box["y"] + point[1])
        page.wait_for_timeout(300)  # hover: the marker binds its tooltip
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        try:
            panel.wait_for(timeout=20000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return panel.inner_text()


def test_map_draws_the_seed_events(dashboard, page):
    pg, _ = page
    frame = _open(pg, dashboard)
    assert _wait_for_paths(frame, "path.geo-event, .geo-event", 1, 30) >= 1
    assert frame.locator("path.geo-place").count() >= 10
    pg.get_by_text("Events (", exact=False).first.wait_for(timeout=30000)
    # the timeline's bars survive Streamlit's sanitiser and have a height on the page
    bars = pg.locator(".geo-timeline-bar")
    bars.first.wait_for(timeout=30000)
    assert bars.count() >= 3 and max(b["height"] for b in (bars.nth(i).bounding_box() for i in range(bars.count()))) > 50
    pg.screenshot(path=str(Path(os.environ.get("GEO_SCREENSHOTS", "/tmp")) / "geo-dashboard-main.png"),
                  full_page=True)


@pytest.mark.parametrize("place, evidence", [
    ("Saraqib", "drove to Saraqib"),
    ("al-Nayrab", "Turkish artillery"),
])
def test_click_opens_panel_with_evidence(dashboard, page, place, evidence):
    pg, _ = page
    frame = _open(pg, dashboard + "/?literal=1")
    _wait_for_paths(frame, "path.geo-place", 5, 30)
    text = _click_place(pg, frame, place)
    assert evidence in text
    assert "Reported events" in text and "Claims" in text
    mark = pg.locator(".geo-panel mark").first
    assert mark.inner_text() in text
    link = pg.locator(".geo-panel a.geo-doc-link").first
    assert "Document?doc=" in link.get_attribute("href")
    link.click()  # the document view (dashboard/pages/1_Document.py) opens on that document
    pg.wait_for_url("**/Document?doc=*", timeout=30000)


def test_narrowing_the_date_range_removes_markers(dashboard, page):
    pg, _ = page
    frame = _open(pg, dashboard)
    assert _wait_for_paths(frame, "path.geo-event, .geo-event", 1, 30) >= 1
    # count what the view shows, not the markers on screen: the last day's events sit close together
    # around Idlib and may all be in one cluster at the first zoom
    before = _shown_events(frame)
    # move the date slider's start thumb to the last day (keyboard End), as an analyst would drag it
    thumb = pg.locator("input[aria-label='Date range — start']")
    thumb.focus()
    thumb.press("End")
    pg.wait_for_function("() => window.location.search.includes('from=')", timeout=30000)
    assert "from=2020-02-21" in pg.url
    deadline_frame = None
    for _ in range(120):
        pg.wait_for_timeout(250)
        deadline_frame = _map_frame(pg)
        try:
            after = _shown_events(deadline_frame)
        except Exception:  # noqa: BLE001, S112 - the old frame went away mid-count
            continue
        if 0 < after < before:
            break
    assert 0 < after < before
    # the URL carries the view: a fresh page opened on it shows the same narrowed map
    frame2 = _open(pg, pg.url)
    # the map draws every row, then the view's rows are applied: wait for them, not the first paint
    shown = -1
    for _ in range(120):
        shown = _shown_events(frame2)
        if shown == after:
            break
        pg.wait_for_timeout(250)
    assert shown == after
