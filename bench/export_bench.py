"""How big the briefing export is and how fast headless Chromium draws it, for a synthetic store.

    .venv/bin/python bench/export_bench.py [--events 20000] [--store PATH] [--repeat 2] [--out FILE]

Builds (or reuses) a synthetic store (``bench/synth_store.py``), writes the
HTML briefing with ``geo.export.export_file``, then opens the file from disk
in headless Chromium (/usr/bin/chromium, or ``$GEO_CHROMIUM``) with every
non-file request aborted.  "Draw time" is ``performance.now()`` (ms since
navigation start) at the last change of the event layer's markers and
clusters after the ``load`` event, once they have stayed the same for a
second (the opening zoom is over); the time of the ``load`` event, after
which the page inserts the events table and sources, is given too; the best and
worst of ``--repeat`` fresh pages are reported.  Prints a Markdown table
(and writes it to ``--out``).  Targets from issue 6: under 10 MB and under 3 s.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from geo.export import export_file
from geo.mapdata import map_data_from_store
from geo.snapshot import LAUNCH_ARGS, find_chromium
from geo.store import Store

#: Something the event layer draws: a single event marker or a cluster of them.
DRAWN = "path.geo-event, .geo-event-cluster"
_DRAWN_JS = f"""() => document.readyState === 'complete' &&
  document.querySelectorAll('{DRAWN}').length > 0 && document.querySelectorAll('path.geo-country').length > 0"""


#: performance.now() when the event layer last changed, once it has not changed for a second (the
#: map's opening zoom and the clustering that follows it are over).
_SETTLED_JS = f"""() => new Promise(resolve => {{
  let last = -1, changed = performance.now();
  function tick() {{
    const n = document.querySelectorAll('{DRAWN}').length;
    if (n !== last) {{ last = n; changed = performance.now(); }}
    if (performance.now() - changed > 1000) {{ resolve(changed); }} else {{ requestAnimationFrame(tick); }}
  }}
  tick();
}})"""


def _store(path: Path, events: int) -> Path:
    if not path.exists():
        from synth_store import build_synthetic_store

        started = time.perf_counter()
        build_synthetic_store(path, n_events=events, seed=0)
        print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


class _Page:
    """One fresh page with non-file requests aborted; records what was blocked and every page error."""

    def __init__(self, browser) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


def draw_times(html: Path, repeat: int) -> tuple[list[float], list[float], dict[str, int]]:
    """Map draw times and ``load`` event times in ms of ``repeat`` fresh pages, and what the last
    one drew and blocked."""
    from playwright.sync_api import sync_playwright

    times, full, seen = [], [], {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        for _ in range(repeat):
            fresh = _Page(browser)
            page = fresh.page
            page.goto(html.as_uri(), wait_until="commit", timeout=120_000)
            page.wait_for_function(_DRAWN_JS, polling="raf", timeout=120_000)
            times.append(page.evaluate(_SETTLED_JS))
            page.wait_for_function("() => document.querySelector('table.geo-events')", polling="raf",
                                   timeout=120_000)
            full.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
            seen = {"event markers": page.locator("path.geo-event").count(),
                    "event clusters": page.locator(".geo-event-cluster").count(),
                    "table rows": page.locator("table.geo-events tbody tr").count(),
                    "blocked requests": len(fresh.blocked), "page errors": len(fresh.errors)}
            for message in fresh.errors:
                print(f"page error: {message}", file=sys.stderr)
            fresh.context.close()
        browser.close()
    return times, full, seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--store", type=Path, default=None, help="default: /tmp/geo-synth-<events>.sqlite")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--html", type=Path, default=Path("/tmp/geo-export-bench.html"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    store_path = _store(args.store or Path(f"/tmp/geo-synth-{args.events}.sqlite"), args.events)
    with Store(store_path) as store:
        counts = store.counts()
        started = time.perf_counter()
        map_data_from_store(store)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        export_file(store, args.html, format="html", title=f"Synthetic briefing ({counts['events']} events)")
        export_s = time.perf_counter() - started
    size_mb = args.html.stat().st_size / 1e6
    times, full, seen = draw_times(args.html, args.repeat)
    best, worst = min(times) / 1000, max(times) / 1000
    rows = [
        ("store", (f"{counts['documents']} documents, {counts['mentions']} mentions, "
                   f"{counts['events']} events, {counts['claims']} claims")),
        ("HTML file size", f"{size_mb:.1f} MB (target < 10 MB)"),
        ("`geo export --format html` (Python)", f"{export_s:.1f} s, of which reading the store {read_s:.1f} s"),
        ("draw time in headless Chromium", f"{best:.2f} s best, {worst:.2f} s worst of {len(times)} (target < 3 s)"),
        ("`load` event (the events table and sources are inserted right after it)",
         f"{min(full) / 1000:.2f} s best, {max(full) / 1000:.2f} s worst"),
        ("drawn", ", ".join(f"{v} {k}" for k, v in seen.items())),
        ("machine", (f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
                     f"{platform.system()} {platform.machine()}, load average {os.getloadavg()[0]:.1f}")),
    ]
    table = "| what | figure |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
