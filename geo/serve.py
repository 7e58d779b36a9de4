"""Run the Streamlit dashboard (dashboard/app.py) headless, offline, until interrupted."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from geo.errors import GeoError
from geo.paths import ROOT, db_path

APP = ROOT / "dashboard" / "app.py"


def dashboard_command(port: int, app: Path = APP) -> list[str]:
    """The ``streamlit run`` command line: headless, no telemetry, static serving on, no forced
    garbage collection after each run.

    Run through ``dashboard.server``, which draws the store's map before Streamlit starts serving.
    Streamlit's ``runner.postScriptGC`` would run a full collection after every script run: over
    the cached rows of 20,000 events that holds the server for 0.2-0.4 s, and the run's last
    messages (the map, a filter's rows) wait for it.  Python's own collector still runs.
    """
    return [
        sys.executable, "-m", "dashboard.server", "run", str(app),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "localhost",
        "--server.enableStaticServing", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
        "--runner.postScriptGC", "false",
    ]


def dashboard_env(db: str | os.PathLike | None) -> dict[str, str]:
    """The environment for the dashboard process: GEO_DB set to an absolute store path."""
    env = dict(os.environ)
    env["GEO_DB"] = str(db_path(db).resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def serve_dashboard(db: str | os.PathLike | None, port: int) -> int:
    """Serve the dashboard for the store ``db`` on ``port``; blocks; returns the exit code.

    Raises ``GeoError`` when the port is invalid or the app script is missing.
    """
    if not 0 < int(port) < 65536:
        raise GeoError(f"--port {port}: not a TCP port (use 1-65535)")
    if not APP.exists():
        raise GeoError(f"{APP}: dashboard script is missing")
    from geo.assets import write_static_assets

    write_static_assets(APP.parent / "static")
    proc = subprocess.Popen(dashboard_command(port), env=dashboard_env(db), cwd=str(APP.parent))
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
            return 0
        except subprocess.TimeoutExpired:
            proc.kill()
            return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM ends the dashboard like Ctrl-C: stop streamlit, then return."""
    raise KeyboardInterrupt
