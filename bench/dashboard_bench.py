"""How fast the dashboard shows a big store: first map and a filter change, timed in headless Chromium.

Starts `geo dashboard` on a synthetic store (bench/synth_store.py, 20,000
events by default), opens it in Chromium with every non-local name left
unresolved, and times:

* first map, cold: page opened in a new browser on a freshly started
  server (``geo dashboard`` draws the store's map into the disk cache beside
  the store and reads the store before it serves) until the first event
  marker (or cluster) shows;
* first map, warm: a second page in the same browser (its HTTP cache holds
  Streamlit's scripts), on the same server, opened once the first page is
  complete;
* filter change: the date slider's start moved to the last day (a view not
  seen before: Python filters the rows, the browser shows them with
  ``geoMap.showRows``) until the markers change;
* back to a seen view: the slider moved back (the rows come from the cache);
* event type change: the same path, for a multiselect (a new map, if the
  dashboard built one, counts too).

Each time runs to the animation frame in which the page showed the change,
by the browser's own clock (``FRAME_CLOCK``, added to every page): a poll
from Python reaches a busy page only when its thread is free, which can be
much later.  Were the clock to see nothing, the polled time is printed, with
a note.

    python bench/dashboard_bench.py [--store PATH] [--events 20000] [--runs 1]

Prints one line per figure and a summary; nothing is written to the store (the map cache goes to
.geo-cache/ beside it).
"""
from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
#: Chromium resolves no name but localhost's, so nothing leaves the machine; requests are watched
#: (``_report``), not intercepted: Playwright turns the HTTP cache off in a context that routes
#: requests, and a later visit in a real browser has Streamlit's scripts in its cache.
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
MARKERS = "path.geo-event, .geo-event-cluster, .geo-event"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(store: Path, port: int, log: Path) -> subprocess.Popen:
    geo = Path(sys.executable).parent / "geo"
    proc = subprocess.Popen([str(geo), "dashboard", "--db", str(store), "--port", str(port)],
                            stdout=open(log, "w"),  # noqa: SIM115 - the server process owns it
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the dashboard did not start; see {log}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _report(request) -> None:
    """Say so when the page asks for anything not on this machine (the resolver rules refuse it)."""
    url = urlparse(request.url)
    if url.scheme not in ("file", "data", "blob", "about") and url.hostname not in ("localhost", "127.0.0.1"):
        print(f"non-local request (refused): {request.url}", file=sys.stderr)


def _is_new_map(frame) -> bool:
    """Whether ``frame`` is a streamlit-folium map with markers that :func:`_mark` has not tagged yet."""
    if "streamlit_folium" not in frame.url:
        return False
    try:
        return bool(frame.evaluate("() => !window.__geoBenchSeen")) and frame.locator(MARKERS).count() > 0
    except Exception:  # noqa: BLE001 - a frame being replaced
        return False


def _map_with_markers(page, timeout_s: float = 300):
    """Wait until a map frame not yet tagged by :func:`_mark` shows event markers; returns the frame."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            if _is_new_map(frame):
                return frame
        page.wait_for_timeout(50)
    raise SystemExit("no map with markers appeared")


def _mark(frame) -> None:
    """Tag the current map so the next wait looks for a new one."""
    frame.evaluate("() => { window.__geoBenchSeen = true; }")


_SHOWN = "() => window.geoMap ? window.geoMap.shownCount()[0] : -1"


def _redrawn(page, frame, before: int, timeout_s: float = 300):
    """Wait until the map shows a different set of events: a new map, or the same map redrawn in place."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if frame.evaluate(_SHOWN) != before:
                return frame
        except Exception:  # noqa: BLE001, S110 - the frame was replaced by a new map
            pass
        for other in page.frames:
            if other is not frame and _is_new_map(other):
                return other
        page.wait_for_timeout(20)
    raise SystemExit("the map did not change")


#: Run in the page: once a frame has loaded, each change to its document is followed, at the next
#: animation frame (the one that paints it), by a look at how many event markers its map shows; each
#: new number is logged with the browser's wall clock (ms).  Polling from Python sees a change only
#: when the page's busy thread gets to the poll; this runs in the thread that paints the change.
FRAME_CLOCK = """(() => {
  if (window.top !== window) return;
  window.__geoSeen = [];
  let last = null;
  const look = (f) => {
    try {
      const w = f.contentWindow, d = f.contentDocument;
      if (!d || !w.geoMap || !d.querySelector(%r)) return;
      const n = w.geoMap.shownCount()[0];
      if (n !== last) { last = n; window.__geoSeen.push([Date.now(), n]); }
    } catch (e) { /* another origin */ }
  };
  const watch = (f) => {
    if (f.__geoWatched) return;
    f.__geoWatched = true;
    f.addEventListener("load", () => {
      look(f);
      try {
        new MutationObserver(() => requestAnimationFrame(() => look(f)))
          .observe(f.contentDocument, {childList: true, subtree: true});
      } catch (e) { /* another origin */ }
    });
  };
  new MutationObserver(() => document.querySelectorAll("iframe").forEach(watch))
    .observe(document, {childList: true, subtree: true});
})();""" % MARKERS


def _seen(page, after_ms: float, before: int | None = None) -> float | None:
    """The wall-clock time (ms) of the first frame after ``after_ms`` whose map showed markers (a
    number of events other than ``before``), or None."""
    for when, shown in page.evaluate("() => window.__geoSeen || []"):
        if when > after_ms and shown != before:
            return when
    return None


def _open(context, url: str) -> tuple[float, object, object]:
    """Open the dashboard in a new page: seconds from the navigation's start to the first frame that
    showed markers (by the page's clock; by polling if the clock has nothing)."""
    page = context.new_page()
    start, start_ms = time.perf_counter(), time.time() * 1000
    page.goto(url, wait_until="commit")  # then watch for the markers (not for the page's load event)
    frame = _map_with_markers(page)
    polled = time.perf_counter() - start
    seen = _seen(page, start_ms)
    if seen is None:
        print("  (the page's frame clock saw nothing: polled time)", file=sys.stderr)
    return ((seen - start_ms) / 1000 if seen else polled), page, frame


def _timed_change(page, frame, act) -> tuple[float, object]:
    """Seconds from ``act`` (a key press) to the first frame that showed the changed markers (by the
    page's clock; by polling if the clock has nothing), and the map's frame."""
    _mark(frame)
    before = frame.evaluate(_SHOWN)
    start, start_ms = time.perf_counter(), time.time() * 1000
    act()
    frame = _redrawn(page, frame, before)
    polled = time.perf_counter() - start
    seen = _seen(page, start_ms, before)
    if seen is None:
        print("  (the page's frame clock saw nothing: polled time)", file=sys.stderr)
    return ((seen - start_ms) / 1000 if seen else polled), frame


def _move_slider(page, key: str) -> None:
    thumb = page.locator("input[aria-label='Date range — start']")
    thumb.focus()
    thumb.press(key)


def bench(store: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    port, log = _free_port(), Path(tempfile.gettempdir()) / "geo-dashboard-bench.log"
    proc = _start(store, port, log)
    url = f"http://localhost:{port}/"
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            context.on("request", _report)
            context.add_init_script(FRAME_CLOCK)
            figures["first map, cold server (s)"], page, _ = _open(context, url)
            page.get_by_text("Events (").first.wait_for(timeout=300000)  # its whole page is there: the
            page.wait_for_timeout(1000)  # next visit does not share the machine with its script run
            page.close()
            figures["first map, warm server (s)"], page, frame = _open(context, url)
            for label, key in (("date range change, new range (s)", "End"),
                               ("date range change, back to a seen range (s)", "Home")):
                page.locator("input[aria-label='Date range — start']").wait_for()
                page.get_by_text("Events (").first.wait_for(timeout=300000)  # the page has settled:
                page.wait_for_timeout(2000)  # the change is timed from a page at rest, as an analyst's is
                figures[label], frame = _timed_change(page, frame, lambda key=key: _move_slider(page, key))
            # event type: the rows the view keeps, shown by geoMap.showRows (or a new map, if one is built)
            page.get_by_text("Events (").first.wait_for(timeout=300000)
            page.wait_for_timeout(2000)
            box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
            box.click()
            page.keyboard.type("Battles")
            figures["event type change (s)"], frame = _timed_change(page, frame, lambda: page.keyboard.press("Enter"))
            browser.close()
    finally:
        _stop(proc)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build a synthetic one)")
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    store = args.store
    if store is None:
        sys.path.insert(0, str(ROOT / "bench"))
        from synth_store import build_synthetic_store

        store = Path(tempfile.gettempdir()) / f"geo-synth-{args.events}.sqlite"
        if not store.exists():
            print(f"building {store} ({args.events} events)...", flush=True)
            build_synthetic_store(store, n_events=args.events)
    print(f"store {store}; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}", flush=True)
    results: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for label, value in bench(store).items():
            results.setdefault(label, []).append(value)
            print(f"{label}: {value:.2f}", flush=True)
    print("summary (best of runs):")
    for label, values in results.items():
        print(f"  {label}: {min(values):.2f}")


if __name__ == "__main__":
    main()
