"""Wall time and peak memory of `geo parse` on one short file, Python start-up included.

Runs the command as a subprocess: once untimed (warms the OS file cache and
builds the gazetteer index if it is missing), then ``--runs`` times (default 5)
and reports the best and the median.  Peak memory comes from ``/usr/bin/time -v``
when present, else from ``resource.getrusage(RUSAGE_CHILDREN)``.
Prints a Markdown table; ``--out FILE`` also writes it to FILE.

Usage: python bench/parse_startup.py [--runs 5] [--out bench/startup.md]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = (
    "Artillery fire hit the outskirts of Kharkiv overnight, officials in Kyiv said on Tuesday. "
    "Aid convoys from Dnipro reached the town of Izium later in the day.\n"
)


def geo_command() -> list[str]:
    """The `geo` console script beside this Python, else the CLI through ``python -c``."""
    script = Path(sys.executable).with_name("geo")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from geo.cli import app; app()"]


def time_runs(cmd: list[str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` successful runs of ``cmd`` (raises on failure)."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - started)
    return seconds


def peak_memory_mb(cmd: list[str]) -> tuple[float, str]:
    """Peak RSS in MB of one run and how it was measured."""
    gnu_time = shutil.which("time", path="/usr/bin")
    if gnu_time:
        proc = subprocess.run([gnu_time, "-v", *cmd], capture_output=True, text=True, check=True)
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        if found:
            return int(found.group(1)) / 1024, "/usr/bin/time -v"
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "getrusage(RUSAGE_CHILDREN)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the best and the median are shown")
    parser.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        cmd = [*geo_command(), "parse", str(sample)]
        try:
            started = time.perf_counter()
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
            first = time.perf_counter() - started
            seconds = time_runs(cmd, max(args.runs, 1))
            memory, how = peak_memory_mb(cmd)
        except subprocess.CalledProcessError as exc:
            last = ([ln for ln in (exc.stderr or "").splitlines() if ln.strip()] or ["no message"])[-1]
            print(f"error: {' '.join(cmd)} failed with exit code {exc.returncode}: {last}", file=sys.stderr)
            return 1
    places = out.stdout.count('"place_id"')
    table = "\n".join(
        [
            f"`geo parse` on one {len(SAMPLE)}-character file ({places} places found), as a subprocess:",
            "",
            "| first run (s) | best of {0} (s) | median of {0} (s) | peak RSS (MB) |".format(len(seconds)),
            "|---:|---:|---:|---:|",
            f"| {first:.2f} | {min(seconds):.2f} | {statistics.median(seconds):.2f} | {memory:.0f} |",
            "",
            f"Peak RSS from {how}. Machine: {platform.platform()}, {os.cpu_count()} cores; "
            f"{platform.python_implementation()} {platform.python_version()}.",
        ]
    )
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
