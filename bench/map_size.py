"""Size and draw time of the map page for a large store (issue: 20,000 events).

    python bench/map_size.py --db /tmp/synth.sqlite [--out /tmp/map.html]

Reads the store, builds the export page (``build_map(assets="inline",
timeline=True)``), prints its size, then opens it in headless Chromium (the
system one, network blocked) and prints the time until the event markers are
drawn and the time a timeline change takes to redraw.  Build a store with
``python bench/synth_store.py --events 20000 --out /tmp/synth.sqlite``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.mapdata import map_data_from_store  # noqa: E402
from geo.render import build_map  # noqa: E402
from geo.store import Store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def draw_times(page_path: Path) -> tuple[float, float, int]:
    """(seconds until markers are drawn, seconds for a timeline redraw, markers in the payload)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1300, "height": 950})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else r.abort())
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector(".geo-event-cluster, path.geo-event", timeout=60000)
        first = time.perf_counter() - start
        n = page.evaluate("window.geoMap.payload.events.length")
        redraw = page.evaluate("""() => { const d = window.geoMap.dates; const t0 = performance.now();
            window.geoMap.applyRange(d[0], d[0].slice(0, 8) + '20'); return (performance.now() - t0) / 1000; }""")
        browser.close()
    return first, redraw, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="/tmp/geo-map-bench.html")
    args = parser.parse_args()
    with Store(args.db) as store:
        t0 = time.perf_counter()
        data = map_data_from_store(store)
        t1 = time.perf_counter()
    page = build_map(data, assets="inline", timeline=True).get_root().render()
    t2 = time.perf_counter()
    out = Path(args.out)
    out.write_text(page, encoding="utf-8")
    first, redraw, n = draw_times(out)
    print(f"events {len(data.events)}, claims {len(data.claims)}, mentions {len(data.mentions)}")
    print(f"store read {t1 - t0:.2f} s; build + render {t2 - t1:.2f} s; page {len(page.encode()) / 1e6:.2f} MB")
    print(f"headless Chromium: markers drawn {first:.2f} s after navigation ({n} event markers); "
          f"timeline redraw {redraw:.2f} s")


if __name__ == "__main__":
    main()
