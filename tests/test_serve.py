"""`geo dashboard`'s Streamlit command line: options Streamlit knows, set as the dashboard needs them."""
from __future__ import annotations

from pathlib import Path

from geo.serve import APP, dashboard_command


def _options(command: list[str]) -> dict[str, str]:
    flags = command[command.index(str(APP)) + 1:]
    return dict(zip(flags[::2], flags[1::2]))


def test_every_option_is_one_streamlit_knows():
    from streamlit import config

    config.get_option("server.port")  # loads the option table
    known = set(config._config_options_template)
    options = _options(dashboard_command(8765))
    assert options and all(flag.startswith("--") and flag[2:] in known for flag in options), options


def test_the_dashboard_runs_headless_local_and_without_forced_collections():
    command = dashboard_command(8765)
    assert command[1:4] == ["-m", "dashboard.server", "run"] and Path(command[4]) == APP
    options = _options(command)
    assert options["--server.port"] == "8765" and options["--server.address"] == "localhost"
    assert options["--server.headless"] == "true" and options["--browser.gatherUsageStats"] == "false"
    assert options["--server.enableStaticServing"] == "true"  # the map's scripts are served from dashboard/static
    # a full collection after every run holds the server 0.2-0.4 s at 20,000 events (geo/serve.py)
    assert options["--runner.postScriptGC"] == "false"
