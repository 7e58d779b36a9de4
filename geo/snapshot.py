"""PNG and PDF of the briefing page, rendered by headless Chromium through Playwright.

The browser is ``$GEO_CHROMIUM`` if set, else a ``chromium``/``chromium-browser``
/``google-chrome`` on the PATH (or /usr/bin/chromium), else the Chromium that
``playwright install chromium`` downloaded.  The page is opened from a
temporary file with every non-file request aborted, so a snapshot shows
exactly what the offline export shows.  When no browser is found the error
says how to install one.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from geo.errors import GeoError

INSTALL_HINT = ("install Chromium (apt-get install chromium) or Playwright's own browser "
                "(pip install playwright==1.65.2 && playwright install chromium), "
                "or point $GEO_CHROMIUM at a Chromium binary")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Screen size for PNG snapshots (a 16:9 slide at twice the resolution of 800 px).
VIEWPORT = {"width": 1600, "height": 1000}
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_LOCAL = ("file:", "data:", "blob:", "about:")


def find_chromium() -> str | None:
    """The Chromium executable to use, or None (then Playwright's own browser, if installed).

    Raises ``GeoError`` when ``$GEO_CHROMIUM`` names a file that does not exist.
    """
    chosen = os.environ.get("GEO_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            raise GeoError(f"$GEO_CHROMIUM={chosen} does not exist: {INSTALL_HINT}")
        return chosen
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _block_remote(route) -> None:
    if route.request.url.startswith(_LOCAL):
        route.continue_()
    else:
        route.abort()


def _launch(playwright):
    executable = find_chromium()
    if executable is None:
        bundled = Path(playwright.chromium.executable_path)
        if not bundled.is_file():
            raise GeoError(f"no Chromium found for PNG/PDF export: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)


def _render(page_file: Path, out: Path, format: str, timeout_s: float) -> None:
    """Open ``page_file`` offline, wait for the map's paths, write the PNG or PDF."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.route("**/*", _block_remote)
            page = context.new_page()
            page.goto(page_file.as_uri(), timeout=timeout_s * 1000)
            page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=timeout_s * 1000)
            page.wait_for_timeout(300)  # let the last layers paint
            if format == "png":
                page.screenshot(path=str(out), full_page=False)
            else:
                page.pdf(path=str(out), format="A4", landscape=True, print_background=True,
                         prefer_css_page_size=True)
        finally:
            browser.close()


def snapshot(html: str, out_path: str | os.PathLike, format: str = "png", timeout_s: float = 60) -> Path:
    """Render ``html`` (a briefing page) to ``out_path`` as "png" (the header and map) or "pdf" (A4 landscape).

    Waits until the map has drawn its SVG paths.  Runs Playwright in a worker
    thread, so it also works where an event loop is running (Streamlit, a
    caller's own Playwright session).  Raises ``GeoError`` when no browser is
    installed (with how to install one), for another format, or when the file
    cannot be written.
    """
    if format not in ("png", "pdf"):
        raise GeoError(f"snapshot format must be png or pdf, not {format!r}")
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as exc:
        raise GeoError(f"PNG/PDF export needs Playwright: {INSTALL_HINT}") from exc
    find_chromium()  # a wrong $GEO_CHROMIUM fails before anything starts
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geo-snapshot-") as tmp:
        page_file = Path(tmp) / "briefing.html"
        page_file.write_text(html, encoding="utf-8")
        with ThreadPoolExecutor(max_workers=1) as pool:
            try:
                pool.submit(_render, page_file, out, format, timeout_s).result()
            except PlaywrightError as exc:
                raise GeoError(f"{out}: Chromium could not render the briefing ({str(exc).splitlines()[0]}); "
                               f"if the browser is missing: {INSTALL_HINT}") from exc
    return out
