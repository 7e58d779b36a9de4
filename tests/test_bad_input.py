"""Bad input: every kind is named in one clear line, the batch goes on and the store keeps its data.

The corpus is made by the tests in tmp_path (nothing large is committed).  Each kind runs through
`geo parse` and `geo ingest` (real subprocesses) and through ``geo.pipeline.ingest_paths`` (what
the dashboard upload calls).  A second section checks that nothing fetches from the network.
"""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.pipeline import ingest_paths
from geo.store import Store

GOOD = ("Shelling hit Saraqib and Ariha in Idlib province overnight, killing three civilians, "
        "residents said on Tuesday.\n\nGovernment forces advanced towards Aleppo, the army said in a statement.\n")
CLI = [sys.executable, "-m", "geo.cli"]
MB = 1024 * 1024


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.txt", GOOD * 20)
    return buf.getvalue()


def make_corpus(folder: Path) -> dict[str, tuple[str, str]]:
    """Write the bad-input files; returns {file name: (expected outcome, words in the message)}.

    Outcomes: "error" (refused, message names the problem), "ok" (read, maybe with a warning).
    """
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, tuple[str, str]] = {}

    def add(name: str, data: bytes | str, outcome: str, words: str) -> None:
        _write(folder, name, data)
        kinds[name] = (outcome, words)

    add("empty.txt", b"", "error", "empty file")
    add("whitespace.txt", " \n\t \r\n  \n", "error", "only whitespace")
    add("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "error", "PNG image")
    add("document.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4,
        "error", "PDF document")
    add("archive.txt", _zip_bytes(), "error", "ZIP archive")
    add("invalid_utf8.txt", GOOD.encode()[:40] + b"\xff\xfe\xc3\x28\x81\x8d" + GOOD.encode()[40:], "error",
        "not valid UTF-8")
    add("utf16_bom.txt", GOOD.encode("utf-16"), "ok", "")
    add("utf16_no_bom.txt", GOOD.encode("utf-16-le"), "error", "UTF-16 without a byte-order mark")
    add("mixed_scripts.txt", "Шелл в Алеппо. İstanbul ve Ankara’da çatışma çıktı. قصف على إدلب وسراقب. " * 5 + GOOD,
        "ok", "")
    # a minified page: one 5 MB line, mostly inline script, with the article in it
    add("one_5mb_line.html", "<html><head><script>var d = '" + "x" * (5 * MB) + "';</script></head><body><p>"
                             + GOOD.replace("\n", " ") + "</p></body></html>", "ok", "")
    add("nested.html", "<html><body>" + "<div>" * 50_000 + f"<p>{GOOD}</p>" + "</div>" * 50_000 + "</body></html>",
        "error", "no article text")
    add("truncated.html", f"<html><head><title>Shelling</title></head><body><p>{GOOD}</p><p>More fighting near Ar",
        "ok", "")
    add("scripts_only.html", "<html><head><script>var a = 'Aleppo';</script><style>p {}</style></head>"
                             "<body><script>alert('Idlib')</script><noscript></noscript></body></html>",
        "error", "no article text")
    add("sidecar_types.txt", GOOD, "error", "must be a string")
    _write(folder, "sidecar_types.txt.json", json.dumps({"title": 5, "published": ["2020-02-03"], "author": {"a": 1}}))
    add("future_date.txt", GOOD + "Shelling resumed later.", "error", "in the future")
    _write(folder, "future_date.txt.json", json.dumps({"published": "2999-01-01"}))
    add("nul_bytes.txt", GOOD[:50] + "\x00" + GOOD[50:], "ok", "")
    add("binary_nuls.txt", b"\x00\x01\x02\x03 data \x00" * 200, "error", "binary content")
    add("control_chars.txt", (GOOD * 3).replace(", ", ",\x07 ", 2) + "\x1b", "ok", "")
    add("control_flood.txt", "".join(chr(i % 31 + 1) for i in range(4000)) + GOOD, "error", "control characters")
    add("rtl_marks.txt", "\u200fShelling hit \u202bSaraqib\u202c and Ariha\u200e overnight, residents said. " * 5,
        "ok", "")
    add("emoji.txt", "🔥 Shelling hit Saraqib 💥 and Ariha 🇸🇾 overnight, residents said on Tuesday. 👍🏽\n" * 5, "ok", "")
    add("long_words.txt", "Shelling hit Saraqib. " + "A" * 300_000 + " near Ariha " + "ß" * 100_000 + " overnight.\n",
        "ok", "")
    add("name with\nnewline\u202e.txt", GOOD + "Clashes near Ariha.", "ok", "")
    huge = folder / "huge_200mb.txt"
    with open(huge, "wb") as fh:  # sparse: quick to make, refused by size before any read
        fh.seek(200 * MB - 1)
        fh.write(b"\n")
    kinds[huge.name] = ("error", "too large")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    kinds["loop_a.txt"] = kinds["loop_b.txt"] = ("error", "symbolic link loop")
    os.mkfifo(folder / "pipe.txt")
    kinds["pipe.txt"] = ("error", "not a regular file")
    return kinds


def _locked(folder: Path) -> Path:
    path = _write(folder, "locked.txt", GOOD)
    path.chmod(0)
    return path


def _dump(db: Path, doc_id: str | None = None) -> dict[str, list]:
    """Every row of the geo tables (of one document, or all), ingested_at left out."""
    conn = sqlite3.connect(db)
    out = {}
    for table in ("documents", "mentions", "events", "claims"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(conn.execute(f"SELECT {select} FROM {table} {where}", params).fetchall(),
                            key=repr)
    conn.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad") / "in"
    kinds = make_corpus(folder)
    return folder, kinds


@pytest.fixture()
def seeded_store(tmp_path):
    """A store holding one good document before the bad batch; returns (db path, doc_id, its rows)."""
    db = tmp_path / "geo.sqlite"
    first = _write(tmp_path, "first.txt", GOOD + "Earlier, a market in Saraqib was hit.")
    with Store(db) as store:
        report = ingest_paths([first], store)
        assert report.stored == (str(first),)
        doc_id = store.documents()[0]["doc_id"]
    return db, doc_id, _dump(db, doc_id)


def test_corpus_has_at_least_25_kinds(corpus):
    folder, kinds = corpus
    assert len(kinds) + 3 >= 25 + 3  # + the 10,000-file folder, the missing path and unreadable file below


def _error_lines(stderr: str, path: Path) -> list[str]:
    from geo.textfile import one_line

    shown = one_line(str(path))
    return [ln for ln in stderr.splitlines() if ln.startswith("error: ") and shown in ln]


def test_geo_ingest_names_each_bad_file_goes_on_and_keeps_the_store(corpus, seeded_store, tmp_path):
    folder, kinds = corpus
    db, doc_id, before = seeded_store
    missing = tmp_path / "does" / "not" / "exist.txt"
    proc = subprocess.run([*CLI, "ingest", "--db", str(db), str(folder), str(missing)],
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 3, proc.stderr[-2000:]  # some files failed, the rest stored
    for name, (outcome, words) in kinds.items():
        lines = _error_lines(proc.stderr, folder / name)
        if outcome == "error":
            assert len(lines) == 1 and words in lines[0], (name, lines)
        else:
            assert not lines, (name, lines)
    assert any("no such file" in ln for ln in _error_lines(proc.stderr, missing))
    assert all("\n" not in ln for ln in proc.stderr.splitlines())
    assert _dump(db, doc_id) == before  # nothing already stored changed
    with Store(db) as store:
        stored = {Path(d["path"]).name for d in store.documents(with_text=False)}
        assert integrity_ok(db)
    assert {n for n, (o, _) in kinds.items() if o == "ok"} <= stored
    assert not {n for n, (o, _) in kinds.items() if o == "error"} & stored


def integrity_ok(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_ingest_paths_library_reports_every_bad_file(corpus, seeded_store):
    folder, kinds = corpus
    db, doc_id, before = seeded_store
    lines: list[str] = []
    with Store(db) as store:
        report = ingest_paths([folder], store, on_progress=lines.append)
    failed = {Path(p).name: problem for p, problem in report.failed}
    for name, (outcome, words) in kinds.items():
        if outcome == "error":
            assert words in failed[name], (name, failed.get(name))
        else:
            assert name not in failed, (name, failed[name])
    assert all("\n" not in ln for ln in lines)
    assert _dump(db, doc_id) == before


def test_geo_parse_names_each_bad_file_and_parses_the_rest(corpus, tmp_path):
    folder, kinds = corpus
    names = list(kinds)
    missing = tmp_path / "missing.txt"
    proc = subprocess.run([*CLI, "parse", *[str(folder / n) for n in names], str(missing)],
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 3
    records = {r["path"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert len(records) == len(names) + 1
    for name in names:
        outcome, words = kinds[name]
        record = records[str(folder / name)]
        parse_refuses = outcome == "error" and name not in ("sidecar_types.txt", "future_date.txt",
                                                            "scripts_only.html", "empty.txt", "whitespace.txt",
                                                            "nested.html")
        if parse_refuses:
            assert words in record["error"] and len(_error_lines(proc.stderr, folder / name)) == 1, name
        else:
            assert "error" not in record, (name, record.get("error"))
    assert records[str(folder / "empty.txt")]["warnings"] == ["empty file: no places"]
    emoji = records[str(folder / "emoji.txt")]
    text = (folder / "emoji.txt").read_text(encoding="utf-8")
    assert emoji["mentions"] and all(text[m["start"]:m["end"]] == m["text"] for m in emoji["mentions"])


def test_all_bad_exits_1_and_missing_path_is_named(tmp_path):
    proc = subprocess.run([*CLI, "ingest", "--db", str(tmp_path / "s.sqlite"), str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"error: {tmp_path / 'nope.txt'}: no such file" in proc.stderr


def test_size_limit_is_configurable(tmp_path):
    path = _write(tmp_path, "a.txt", GOOD * 400)  # about 60 kB
    proc = subprocess.run([*CLI, "parse", "--max-mb", "0.01", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "too large" in proc.stderr and "GEO_MAX_FILE_MB" in proc.stderr
    env = {**os.environ, "GEO_MAX_FILE_MB": "0.01"}
    proc = subprocess.run([*CLI, "ingest", "--db", str(tmp_path / "s.sqlite"), str(path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "too large" in proc.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_named(tmp_path):
    locked = _locked(tmp_path)
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_paths([locked], store)
    assert report.failed and "permission denied" in report.failed[0][1].lower()


def test_folder_of_10000_files(tmp_path, seeded_store):
    db, doc_id, before = seeded_store
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"f{i:05d}.txt").touch()
    _write(folder, "zz_good.txt", GOOD)
    proc = subprocess.run([*CLI, "ingest", "-q", "--db", str(db), str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3
    assert "stored 1, replaced 0, unchanged 0, failed 10000" in proc.stdout
    assert sum(1 for ln in proc.stderr.splitlines() if ln.endswith(": empty file")) >= 10_000
    assert _dump(db, doc_id) == before


def test_folder_walk_does_not_follow_links_out_of_the_folder(tmp_path):
    outside = _write(tmp_path, "secret.txt", GOOD)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "innocent.txt").symlink_to(outside)
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)  # would walk the parent
    inside = _write(folder, "real.txt", GOOD + "More.")
    (folder / "alias.txt").symlink_to(inside)  # a link inside the tree is fine
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_paths([folder], store)
    failed = dict(report.failed)
    assert "outside the folder" in failed[str(folder / "innocent.txt")]
    assert str(inside) in report.stored + report.unchanged
    assert not any("sub" in p for p in report.stored + report.unchanged)


# ---------------------------------------------------------------------------
# Nothing at run time fetches from the network unless the user asks
# ---------------------------------------------------------------------------

#: Runs the CLI with every non-local connection (and DNS lookup) refused and written to $GEO_NET_LOG.
NO_NETWORK = r"""
import os, socket, sys
log = os.environ["GEO_NET_LOG"]
LOCAL = ("127.0.0.1", "::1", "localhost", "0.0.0.0")
def refuse(what):
    with open(log, "a") as fh:
        fh.write(repr(what) + "\n")
    raise OSError("network access refused by the test: " + repr(what))
def host_of(address):
    return address[0] if isinstance(address, tuple) else address
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and host_of(address) not in LOCAL:
        refuse(address)
    return _connect(self, address)
def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and host_of(address) not in LOCAL:
        refuse(address)
    return _connect_ex(self, address)
def getaddrinfo(host, *args, **kw):
    if host not in LOCAL and host is not None:
        refuse(host)
    return _getaddrinfo(host, *args, **kw)
socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
sys.argv = ["geo"] + sys.argv[1:]
from geo.cli import app
app()
"""


def _offline(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, str]:
    log = tmp_path / "net.log"
    log.write_text("")
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK, *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "GEO_NET_LOG": str(log)})
    return proc, log.read_text()


def test_parse_and_ingest_make_no_network_connection(tmp_path):
    html = _write(tmp_path, "page.html", f"<html><head><link rel=stylesheet href='https://example.com/x.css'>"
                                         f"<script src='https://example.com/a.js'></script></head><body>"
                                         f"<p>{GOOD}</p><img src='https://example.com/i.png'></body></html>")
    text = _write(tmp_path, "a.txt", GOOD + "See https://example.com/report for more.")
    _write(tmp_path, "a.txt.json", json.dumps({"url": "https://example.com/a"}))
    proc, attempts = _offline(tmp_path, "parse", str(text), str(html))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert attempts == ""
    proc, attempts = _offline(tmp_path, "ingest", "--db", str(tmp_path / "s.sqlite"), str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert attempts == ""


def test_the_network_guard_does_catch_a_connection(tmp_path):
    """The guard above is real: an explicit online lookup (the user asked) is seen and refused."""
    proc, attempts = _offline(tmp_path, "gazetteer", "lookup", "Zzyzxqwv Nowhere", "--online")
    assert attempts != ""
    assert proc.returncode != 0
