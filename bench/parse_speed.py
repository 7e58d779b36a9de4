"""Documents per second of geo.parse.parse_text next to flashgeotext and geotext.

All three run in this one process, on the same TR-News article texts (read
from ../shared/eval, never copied into the project).  For each tool: load time
(import plus index build or gazetteer load), throughput on the first pass and
the best of N passes (caches warm), the ratio of the best to flashgeotext's, the places found and the memory it added; then the machine.
Prints a Markdown table; ``--out FILE`` also writes it to FILE.

Usage: python bench/parse_speed.py [--corpus PATH] [--repeat 3] [--out bench/results.md]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "tr-news" / "TR-News.xml"
WARM_UP = "Shelling hit Homs and Damascus on Monday, the monitor in London said."


@dataclass
class Result:
    """One tool's figures."""

    tool: str
    version: str
    load_seconds: float
    first_seconds: float
    best_seconds: float
    places: int
    memory_mb: float | None
    keep: Any = None  # the loaded tool, kept alive so later tools cannot reuse its memory


def _status_kb(field: str) -> int | None:
    """A ``kB`` field of /proc/self/status (VmRSS, VmHWM), or None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the process's peak RSS (VmHWM) so each tool's own peak can be read."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _load_geo() -> tuple[Callable[[str], int], Any]:
    from geo.parse import parse_text

    parse_text(WARM_UP)  # loads the gazetteer index
    return (lambda text: len(parse_text(text))), parse_text


def _load_flashgeotext() -> tuple[Callable[[str], int], Any]:
    from flashgeotext.geotext import GeoText

    geotext = GeoText()

    def count(text: str) -> int:
        found = geotext.extract(input_text=text)
        return sum(v["count"] for kind in found.values() for v in kind.values())

    return count, geotext


def _load_geotext() -> tuple[Callable[[str], int], Any]:
    import geotext  # builds its city and country tables at import

    def count(text: str) -> int:
        places = geotext.GeoText(text)
        return len(places.cities) + len(places.countries)

    return count, geotext


TOOLS: list[tuple[str, str, Callable[[], tuple[Callable[[str], int], Any]]]] = [
    ("geo (parse_text)", "geo", _load_geo),
    ("flashgeotext", "flashgeotext", _load_flashgeotext),
    ("geotext", "geotext", _load_geotext),
]


def run_tool(name: str, dist: str, loader: Callable, texts: list[str], repeat: int) -> Result:
    """Load one tool and time ``repeat`` passes over the texts (best pass kept)."""
    peak_ok = _reset_peak()
    rss_before = _status_kb("VmRSS")
    started = time.perf_counter()
    count, keep = loader()
    load_seconds = time.perf_counter() - started
    passes = []
    places = 0
    for _ in range(repeat):
        started = time.perf_counter()
        places = sum(count(text) for text in texts)
        passes.append(time.perf_counter() - started)
    hwm = _status_kb("VmHWM")
    memory = (hwm - rss_before) / 1024 if peak_ok and hwm and rss_before else None
    from geo.gazetteer.sources import package_version  # after the timings: its imports count for no tool

    return Result(name, package_version(dist), load_seconds, passes[0], min(passes), places, memory, keep)


def machine() -> dict[str, str]:
    """Platform, CPU model, cores and Python version."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def markdown(results: list[Result], docs: int, chars: int, corpus: Path, repeat: int) -> str:
    """The README table and the conditions it was measured under."""
    ref = next((r for r in results if r.tool == "flashgeotext"), None)
    ref_rate = docs / ref.best_seconds if ref else None
    lines = [
        f"Corpus: {corpus.name}, {docs} articles, {chars:,} characters; best of {repeat} passes, one process.",
        "",
        "| tool | version | load (s) | docs/s, first pass | docs/s, best | vs flashgeotext | places found "
        "| memory added (MB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rate = docs / r.best_seconds
        ratio = f"{rate / ref_rate:.2f}x" if ref_rate else "-"
        mem = f"{r.memory_mb:.1f}" if r.memory_mb is not None else "-"
        lines.append(
            f"| {r.tool} | {r.version} | {r.load_seconds:.2f} | {docs / r.first_seconds:,.1f} | {rate:,.1f} "
            f"| {ratio} | {r.places} | {mem} |"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    m = machine()
    lines += [
        "",
        f"Peak RSS of the benchmark process: {peak_mb:.0f} MB. "
        f"Machine: {m['platform']}; CPU {m['cpu']}, {m['cores']} cores; {m['python']}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="TR-News.xml (or another corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the texts; the best is kept")
    parser.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(
            f"error: corpus not found at {args.corpus}: put the evaluation corpora in "
            f"{DEFAULT_CORPUS.parents[1]} or pass --corpus PATH",
            file=sys.stderr,
        )
        return 2
    from geo.evaluate import load_corpus

    texts = [doc.text for doc in load_corpus(args.corpus)]
    results = []
    for name, dist, loader in TOOLS:
        try:
            results.append(run_tool(name, dist, loader, texts, max(args.repeat, 1)))
        except ImportError as exc:
            hint = "geo.parse is not built yet" if dist == "geo" else "install the 'bench' extra: pip install -e '.[bench]'"
            print(f"skipped {name}: {exc} ({hint})", file=sys.stderr)
    table = markdown(results, len(texts), sum(map(len, texts)), args.corpus, max(args.repeat, 1))
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
