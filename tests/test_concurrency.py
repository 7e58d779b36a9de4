"""Readers during an ingest: the dashboard keeps answering while another process writes.

One writer process stores documents through ``Store.save_document`` (the call ``geo ingest``
makes per file), now and then replacing an earlier document and re-clustering events, as
``geo.pipeline.ingest_paths`` does.  Each document's title says how many mentions, events and
claims were stored with it.  Five reader threads in this process read the store the way the
dashboard does (``map_data_from_store(Store(path))``, a new ``Store`` per read like
``dashboard/common.py``, or one long-lived ``Store``).  Every read must succeed (no "database is
locked", no other error) and be whole: every document with exactly its mentions, events and
claims, no row of a document the read does not show, and never fewer documents than an
earlier read.  ``GEO_CONCURRENCY_SECONDS`` (default 5) sets how long the writer writes.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import re
import threading
import time
from collections import Counter
from pathlib import Path

from geo.mapdata import MapData, map_data_from_store
from geo.records import Claim, Document, Event, Mention, Place
from geo.store import Store

SECONDS = float(os.environ.get("GEO_CONCURRENCY_SECONDS", "5"))
READERS = 5
TITLE = re.compile(r"^doc (\d+)\.(\d+): (\d+) mentions, (\d+) events, (\d+) claims$")
TOWNS = [Place(f"gn:{100 + i}", f"Town{i}", 30 + i / 10, 40 + i / 10, country_code="SY", geonameid=100 + i)
         for i in range(40)]


def make_document(rng: random.Random, n: int, version: int) -> tuple[Document, list[Mention], list[Event],
                                                                       list[Claim]]:
    """Document ``n`` (its ``version``) with a random number of mentions, events and claims, named in its title."""
    k, j, c = rng.randint(1, 25), rng.randint(0, 8), rng.randint(0, 4)
    places = [rng.choice(TOWNS) for _ in range(k)]
    sentences = [f"Shelling hit {p.name} overnight, residents said." for p in places]
    body = " ".join(sentences) + f" Version {version} of report {n}."
    title = f"doc {n}.{version}: {k} mentions, {j} events, {c} claims"
    doc_id = hashlib.sha256(body.encode()).hexdigest()
    doc = Document(doc_id=doc_id, path=f"/corpus/report{n}.txt", raw_text=title + "\n\n" + body, body=body,
                   title=title, outlet=rng.choice(["Reuters", "AFP"]), published=f"2023-01-{1 + n % 28:02d}",
                   time_precision=1)
    mentions, offset = [], 0
    for p, sentence in zip(places, sentences):
        start = offset + sentence.index(p.name)
        mentions.append(Mention(start, start + len(p.name), p.name, p, confidence=0.9))
        offset += len(sentence) + 1
    events = [Event(f"{doc_id[:12]}-e{i}", doc_id, "Explosions/Remote violence", "Shelling/artillery/missile attack",
                    sentences[i % k], 0, len(sentences[0]), event_date=doc.published, place_id=places[i % k].place_id,
                    location=places[i % k].name, lat=places[i % k].lat, lon=places[i % k].lon, geo_precision=1)
              for i in range(j)]
    claims = [Claim(f"{doc_id[:12]}-c{i}", doc_id, "residents", f"shelling hit {places[i % k].name}", 0,
                    len(sentences[0]), place_ids=(places[i % k].place_id,)) for i in range(c)]
    return doc, mentions, events, claims


def writer(db: str, seconds: float, result: multiprocessing.Queue) -> None:
    """Store documents for ``seconds``: every 7th replaces an earlier one, every 25th re-clusters events."""
    rng = random.Random(42)
    writes = replaced = clusterings = 0
    errors: list[str] = []
    versions: dict[int, int] = {}
    end = time.monotonic() + seconds
    with Store(db) as store:
        while time.monotonic() < end:
            try:
                n = rng.randrange(len(versions)) if versions and writes % 7 == 6 else len(versions)
                versions[n] = versions.get(n, -1) + 1
                status = store.save_document(*make_document(rng, n, versions[n]))
                writes += 1
                replaced += status == "replaced"
                if writes % 25 == 0:
                    events = store.events()
                    store.set_clusters({e["event_id"]: f"c{i % 5}" for i, e in enumerate(events)})
                    clusterings += 1
            except Exception as exc:  # noqa: BLE001 - reported to the test
                errors.append(f"{type(exc).__name__}: {exc}")
    result.put({"writes": writes, "replaced": replaced, "clusterings": clusterings, "documents": len(versions),
                "errors": errors})


def check_whole(data: MapData) -> list[str]:
    """What is torn in one read: a document without exactly its rows, or rows of a document not shown."""
    problems = []
    docs = {d["doc_id"]: d for d in data.documents}
    counts = {kind: Counter(r["doc_id"] for r in rows)
              for kind, rows in (("mentions", data.mentions), ("events", data.events), ("claims", data.claims))}
    for doc_id, doc in docs.items():
        match = TITLE.match(doc["title"] or "")
        if not match:
            problems.append(f"document {doc_id} has an unexpected title {doc['title']!r}")
            continue
        want = dict(zip(("mentions", "events", "claims"), map(int, match.groups()[2:])))
        got = {kind: counts[kind][doc_id] for kind in want}
        if got != want:
            problems.append(f"{doc['title']}: read {got}")
    for kind, counter in counts.items():
        orphans = set(counter) - set(docs)
        if orphans:
            problems.append(f"{len(orphans)} documents' {kind} read without their document")
    return problems


def reader(db: str, fresh: bool, stop: threading.Event, stats: dict) -> None:
    """Read the whole store in a loop until ``stop``; count reads, errors and torn reads."""
    last = 0
    shared = None if fresh else Store(db)
    try:
        while not stop.is_set():
            started = time.monotonic()
            try:
                if fresh:
                    with Store(db) as store:
                        data = map_data_from_store(store)
                else:
                    data = map_data_from_store(shared)
            except Exception as exc:  # noqa: BLE001 - "database is locked" and any other error fail the test
                stats["errors"].append(f"{type(exc).__name__}: {exc}")
                continue
            stats["slowest"] = max(stats["slowest"], time.monotonic() - started)
            stats["reads"] += 1
            stats["torn"].extend(check_whole(data))
            if len(data.documents) < last:
                stats["torn"].append(f"{len(data.documents)} documents after a read of {last}")
            last = len(data.documents)
    finally:
        if shared is not None:
            shared.close()


def test_five_readers_see_whole_documents_while_one_process_writes(tmp_path: Path) -> None:
    db = str(tmp_path / "geo.sqlite")
    Store(db).close()  # the schema exists before anyone reads: readers never need to create it
    ctx = multiprocessing.get_context("fork")  # before any reader thread or connection exists
    result = ctx.Queue()
    proc = ctx.Process(target=writer, args=(db, SECONDS, result))
    proc.start()
    stop = threading.Event()
    stats = [{"reads": 0, "errors": [], "torn": [], "slowest": 0.0} for _ in range(READERS)]
    threads = [threading.Thread(target=reader, args=(db, i % 2 == 0, stop, stats[i])) for i in range(READERS)]
    for t in threads:
        t.start()
    written = result.get(timeout=SECONDS + 120)
    proc.join(timeout=60)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    reads = sum(s["reads"] for s in stats)
    errors = [e for s in stats for e in s["errors"]]
    torn = [p for s in stats for p in s["torn"]]
    print(f"\n{SECONDS:.0f} s: {written['writes']} writes ({written['replaced']} replacements, "
          f"{written['clusterings']} re-clusterings, {written['documents']} documents), {reads} reads by "
          f"{READERS} readers, slowest read {max(s['slowest'] for s in stats):.2f} s, "
          f"{len(errors)} read errors, {len(written['errors'])} write errors, {len(torn)} torn reads")
    assert proc.exitcode == 0
    assert not written["errors"], written["errors"][:5]
    assert not errors, errors[:5]
    assert not torn, torn[:5]
    assert written["writes"] > 0 and written["replaced"] > 0
    assert all(s["reads"] > 0 for s in stats), [s["reads"] for s in stats]
    with Store(db) as store:
        final = map_data_from_store(store)
    assert len(final.documents) == written["documents"] and not check_whole(final)
