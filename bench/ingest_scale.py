"""Ingest a large synthetic corpus with the real `geo ingest` and measure speed and peak memory.

Usage:
    .venv/bin/python bench/ingest_scale.py [--docs 10000] [--corpus DIR] [--keep] [--out FILE]

Writes ``--docs`` articles with ``bench/synth_corpus.py`` into a temporary folder (or uses the
articles already in ``--corpus``), runs ``geo ingest --progress -q`` in a subprocess into a fresh
store (the progress bar goes to this script's stderr), and measures:

- documents per second over the whole command (start-up, gazetteer load and the re-clustering of
  all stored events after the batch included);
- the ingest's peak RSS (``os.wait4`` rusage of that child) and its RSS sampled from
  ``/proc/PID/status`` as the batch goes on (a streaming ingest keeps it flat);
- the re-clustering step on its own, in a second subprocess that reads every stored event and
  clusters it as the pipeline does after a batch into a fresh store (every event new; later batches
  re-cluster only the events near theirs): its time and peak RSS.

Prints one Markdown table with the machine (CPU model, cores, Python).  ``--keep`` keeps the
temporary corpus and store and prints their paths.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

CLUSTER_SCRIPT = """
import sys, time
from geo.extract.corroborate import cluster_events
from geo.store import Store
t = time.perf_counter()
with Store(sys.argv[1]) as store:
    events = store.events()
    clusters = cluster_events(events)
print(len(events), len(set(clusters.values())), time.perf_counter() - t)
"""


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else platform.processor()."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rss_mb(pid: int) -> float | None:
    """Current resident memory of ``pid`` in MB (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_measured(cmd: list[str], stdout: int | None = None, sample_every: float = 1.0
                 ) -> tuple[int, float, float, list[tuple[float, float]], str]:
    """Run ``cmd``; returns (exit status, seconds, peak RSS MB, [(seconds, RSS MB)], stdout)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out if stdout is None else stdout, cwd=ROOT)
        samples = []
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss = rss_mb(proc.pid)
            if rss is not None:
                samples.append((time.perf_counter() - start, rss))
            time.sleep(sample_every)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss / 1024  # KB on Linux
    return proc.returncode, seconds, peak, samples, text


def rss_at(samples: list[tuple[float, float]], fraction: float) -> str:
    """The RSS sample nearest ``fraction`` of the run, formatted."""
    if not samples:
        return "-"
    end = samples[-1][0]
    return f"{min(samples, key=lambda s: abs(s[0] - fraction * end))[1]:.0f}"


def _n(value: str) -> str:
    """A count with thousands separators (or the text as is)."""
    return f"{int(value):,}" if value.isdigit() else value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="articles to generate (default 10000)")
    ap.add_argument("--corpus", type=Path, help="ingest this folder instead of generating one")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and store")
    ap.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="geo-scale-"))
    try:
        corpus = args.corpus
        if corpus is None:
            from synth_corpus import write_corpus

            corpus = work / "corpus"
            t = time.perf_counter()
            write_corpus(corpus, args.docs, seed=args.seed)
            print(f"wrote {args.docs} articles in {time.perf_counter() - t:.0f} s under {corpus}", file=sys.stderr)
        files = sum(1 for _ in corpus.rglob("*.txt"))
        size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
        db = work / "geo.sqlite"
        cmd = [sys.executable, "-m", "geo.cli", "ingest", "--progress", "-q", "--db", str(db), str(corpus)]
        code, seconds, peak, samples, out = run_measured(cmd)
        print(out.strip(), file=sys.stderr)
        if code != 0:
            print(f"geo ingest exited with {code}", file=sys.stderr)
            return 1
        c_code, c_seconds, c_peak, _, c_out = run_measured([sys.executable, "-c", CLUSTER_SCRIPT, str(db)])
        n_events, n_clusters, c_compute = (c_out.split() + ["?", "?", "nan"])[:3] if c_code == 0 else ("?", "?", "nan")
        store_mb = sum(p.stat().st_size for p in work.glob("geo.sqlite*")) / 1e6

        lines = [
            (f"`geo ingest` of {files:,} synthetic articles ({size / 1e6:.1f} MB, `bench/synth_corpus.py`) into a "
             f"fresh store on {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}:"),
            "",
            "| documents | seconds | docs/s | peak RSS (MB) | RSS at 25% / 50% / 75% / 100% (MB) | store (MB) |",
            "|---|---|---|---|---|---|",
            (f"| {files:,} | {seconds:.0f} | {files / seconds:.1f} | {peak:.0f} | "
             + " / ".join(rss_at(samples, f) for f in (0.25, 0.5, 0.75, 1.0)) + f" | {store_mb:.0f} |"),
            "",
            (f"Re-clustering all {_n(n_events)} stored events ({_n(n_clusters)} clusters) alone: {float(c_compute):.1f} s, "
             f"peak RSS {c_peak:.0f} MB (whole process {c_seconds:.0f} s)."),
        ]
        table = "\n".join(lines)
        print(table)
        if args.out:
            args.out.write_text(table + "\n", encoding="utf-8")
        return 0
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
