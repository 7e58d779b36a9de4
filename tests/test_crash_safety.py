"""Crash safety and idempotency: kill -9 during `geo ingest` loses nothing and tears nothing.

A generated corpus of small articles (real place names from the gazetteer, `bench/synth_corpus.py`)
is ingested by a real `geo ingest` subprocess that is killed with SIGKILL at random moments; after
each kill the SQLite file passes ``PRAGMA integrity_check``, every stored document has all its
mentions, events and claims (the same rows a clean ingest gives), a user table of analyst notes is
untouched, and re-running finishes the job.  ``GEO_CRASH_DOCS`` (default 2000) and
``GEO_CRASH_TRIALS`` (default 3) set the size.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synth_corpus import write_corpus  # noqa: E402

from geo.store import Store  # noqa: E402

CLI = [sys.executable, "-m", "geo.cli"]
DOCS = int(os.environ.get("GEO_CRASH_DOCS", "2000"))
TRIALS = int(os.environ.get("GEO_CRASH_TRIALS", "3"))


def dump(db: Path) -> dict[str, list]:
    """All rows of the geo tables, ingested_at and cluster ids left out, in a stable order."""
    conn = sqlite3.connect(db)
    out = {}
    for table in ("documents", "mentions", "events", "claims"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("ingested_at", "mention_id", "cluster_id")]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(conn.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def per_doc(rows: dict[str, list], db: Path) -> dict[str, tuple[int, int, int]]:
    """doc_id -> (mentions, events, claims) counts."""
    conn = sqlite3.connect(db)
    counts = {d: [0, 0, 0] for (d,) in conn.execute("SELECT doc_id FROM documents")}
    for k, table in enumerate(("mentions", "events", "claims")):
        for doc_id, n in conn.execute(f"SELECT doc_id, COUNT(*) FROM {table} GROUP BY doc_id"):
            assert doc_id in counts, f"{table} rows of a document that is not stored: {doc_id}"
            counts[doc_id][k] = n
    conn.close()
    return {d: tuple(c) for d, c in counts.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    folder = root / "corpus"
    write_corpus(folder, DOCS, seed=7, paragraphs=(1, 1))
    return folder, None


def add_notes(db: Path) -> list:
    """An analysts' table the ingest must never touch (and ``corrections`` if the store has one)."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS analyst_notes (id INTEGER PRIMARY KEY, note TEXT)")
    conn.executemany("INSERT INTO analyst_notes (note) VALUES (?)", [(f"checked {i}",) for i in range(50)])
    conn.commit()
    conn.close()
    return user_tables(db)


def user_tables(db: Path) -> list:
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name IN "
                                        "('analyst_notes', 'corrections') ORDER BY name")]
    rows = [(n, sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr)) for n in names]
    conn.close()
    return rows


def test_kill_9_at_random_moments_loses_and_tears_nothing(corpus, tmp_path):
    folder, _ = corpus
    snapshots = []
    db = tmp_path / "geo.sqlite"
    Store(db).close()
    notes = add_notes(db)
    rng = random.Random(1234)
    killed = 0
    for trial in range(TRIALS):
        proc = subprocess.Popen([*CLI, "ingest", "-q", "--db", str(db), str(folder)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()
        snapshots.append(per_doc(dump(db), db))
        assert user_tables(db) == notes
    assert killed >= 1
    proc = subprocess.run([*CLI, "ingest", "-q", "--db", str(db), str(folder)], capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "failed 0" in proc.stdout
    final = per_doc(dump(db), db)
    assert len(final) == DOCS  # the re-run completed the job
    for trial, seen in enumerate(snapshots):  # each document seen after a kill was whole
        for doc_id, counts in seen.items():
            assert counts == final[doc_id], f"trial {trial}: document {doc_id} is torn: {counts}"
    assert user_tables(db) == notes


def test_ingesting_the_same_folder_twice_leaves_identical_tables(corpus, tmp_path):
    folder, reference = corpus
    small = sorted(folder.rglob("*.txt"))[:40]
    db = tmp_path / "twice.sqlite"
    with Store(db) as store:
        from geo.pipeline import ingest_paths

        ingest_paths(small, store)
        first = dump(db)
        clusters = sorted(map(tuple, store._conn.execute("SELECT event_id, cluster_id FROM events")))
        report = ingest_paths(small, store)
        assert len(report.unchanged) == len(small) and not report.stored
        assert sorted(map(tuple, store._conn.execute("SELECT event_id, cluster_id FROM events"))) == clusters
    assert dump(db) == first


def test_a_changed_document_replaces_its_results_in_one_transaction(tmp_path, monkeypatch):
    from geo import store as store_module
    from geo.pipeline import ingest_paths

    path = tmp_path / "a.txt"
    path.write_text("Shelling hit Saraqib overnight, residents said. The army said it shelled Ariha.\n")
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        ingest_paths([path], store)
        before = dump(db)
        path.write_text("Clashes broke out in Aleppo on Monday, the ministry said. Troops entered Idlib.\n")

        def fail(*a, **k):
            raise RuntimeError("disk full")  # a failure after the old rows were deleted

        monkeypatch.setattr(store_module, "_mention_row", fail)
        report = ingest_paths([path], store)
        assert report.failed and "disk full" in report.failed[0][1]
        assert dump(db) == before  # rolled back: the old version is whole
        monkeypatch.undo()
        report = ingest_paths([path], store)
        assert report.replaced == (str(path),)
    after = dump(db)
    assert len(after["documents"]) == 1 and after != before
    assert "Aleppo" in repr(after["mentions"]) and "Saraqib" not in repr(after["mentions"])
