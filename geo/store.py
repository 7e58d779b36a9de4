"""The SQLite store: documents and the mentions, events and claims found in them.

One file, WAL mode, foreign keys on, schema versions recorded in a
``migrations`` table, every statement with bound parameters, every write in
one ``BEGIN IMMEDIATE`` transaction (all or nothing), rows returned as dicts.
Documents are keyed by the sha256 of their bytes, so storing the same file
twice writes nothing, and a changed file replaces its old rows atomically.
Analysts' corrections (``corrections`` table, geo/corrections.py) are keyed
by content hash and span, outlive their document's rows, and are applied
again whenever the same text is saved.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.records import Claim, Document, Event, Mention, Place
from geo.sentences import sentence_at, split_sentences

if TYPE_CHECKING:
    from geo.corrections import Correction

_MIGRATIONS: tuple[tuple[int, str | tuple[str, ...]], ...] = (
    (
        1,
        """
        CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, path_key TEXT NOT NULL,
            title TEXT, outlet TEXT, author TEXT, published TEXT, time_precision INTEGER,
            date_source TEXT, language TEXT, media_type TEXT, raw_text TEXT NOT NULL,
            body TEXT NOT NULL, warnings TEXT NOT NULL DEFAULT '[]', ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_path_key ON documents(path_key);
        CREATE TABLE mentions (
            mention_id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            name TEXT, lat REAL, lon REAL, place_id TEXT, geonameid INTEGER, feature_code TEXT,
            country_code TEXT, kind TEXT, confidence REAL, geometry TEXT, precision TEXT,
            source TEXT, sentence TEXT, sentence_start INTEGER, sentence_end INTEGER
        );
        CREATE INDEX mentions_doc ON mentions(doc_id);
        CREATE INDEX mentions_place ON mentions(place_id);
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, sentence TEXT NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            actor1 TEXT, actor2 TEXT, event_date TEXT, time_precision INTEGER, place_id TEXT,
            location TEXT, lat REAL, lon REAL, geo_precision INTEGER, fatalities INTEGER,
            source TEXT, notes TEXT, cluster_id TEXT
        );
        CREATE INDEX events_doc ON events(doc_id);
        CREATE TABLE claims (
            claim_id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            speaker TEXT NOT NULL, content TEXT NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            speaker_role TEXT, outlet TEXT, claim_date TEXT, cue TEXT,
            place_ids TEXT NOT NULL DEFAULT '[]', event_ids TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX claims_doc ON claims(doc_id);
        """,
    ),
    (
        2,
        # Analysts' corrections (geo/corrections.py).  Keyed by the document's content
        # hash and the span, with no foreign key: deleting or replacing a document
        # must never delete a correction (they are irreplaceable).  Append-only: the
        # newest row for a span wins, older rows are the audit trail.
        """
        CREATE TABLE corrections (
            correction_id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            kind TEXT, old_place_id TEXT, old_name TEXT, old_lat REAL, old_lon REAL,
            place_id TEXT NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
            geonameid INTEGER, feature_class TEXT, feature_code TEXT, country_code TEXT, admin1 TEXT,
            population INTEGER, place_source TEXT, precision TEXT, geometry TEXT,
            who TEXT NOT NULL, corrected_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX corrections_doc ON corrections(doc_id, "start", "end")
        """,
    ),
    (
        3,
        # Incremental re-clustering (Store.recluster_changed).  Events can only link within
        # one sub-type (or COMPATIBLE group of sub-types) and a few days, so the index is on
        # (sub_event_type, event_date); cluster_id is indexed to find a changed cluster's
        # other members.  Every insert, delete (also by ON DELETE CASCADE) and change of a
        # field the linking rule reads is logged in cluster_dirty by triggers, in the same
        # transaction as the change, so a crash between storing and re-clustering loses
        # nothing: the next re-clustering picks the log up.  Statements are given one by
        # one (trigger bodies hold semicolons).
        (
            "CREATE INDEX events_sub_date ON events(sub_event_type, event_date)",
            "CREATE INDEX events_cluster ON events(cluster_id)",
            ("CREATE TABLE cluster_dirty (dirty_id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, "
             "cluster_id TEXT)"),
            ("CREATE TRIGGER events_dirty_insert AFTER INSERT ON events BEGIN "
             "INSERT INTO cluster_dirty (event_id, cluster_id) VALUES (NEW.event_id, NULL); END"),
            ("CREATE TRIGGER events_dirty_delete AFTER DELETE ON events BEGIN "
             "INSERT INTO cluster_dirty (event_id, cluster_id) VALUES (OLD.event_id, OLD.cluster_id); END"),
            ("CREATE TRIGGER events_dirty_update AFTER UPDATE OF event_id, event_type, sub_event_type, "
             "event_date, time_precision, place_id, lat, lon, geo_precision ON events BEGIN "
             "INSERT INTO cluster_dirty (event_id, cluster_id) VALUES (OLD.event_id, OLD.cluster_id); "
             "INSERT INTO cluster_dirty (event_id, cluster_id) VALUES (NEW.event_id, NEW.cluster_id); END"),
            # Events never clustered (a store from before this migration, interrupted after storing).
            ("INSERT INTO cluster_dirty (event_id, cluster_id) SELECT event_id, NULL FROM events "
             "WHERE cluster_id IS NULL"),
        ),
    ),
)
#: Columns the clustering rule (geo/extract/corroborate.py) reads, and the current cluster id.
_CLUSTER_COLUMNS = ("event_id", "event_type", "sub_event_type", "event_date", "time_precision", "place_id",
                    "lat", "lon", "geo_precision", "cluster_id")
_CORRECTION_COLUMNS = ("doc_id", "start", "end", "text", "kind", "old_place_id", "old_name", "old_lat",
                       "old_lon", "place_id", "name", "lat", "lon", "geonameid", "feature_class",
                       "feature_code", "country_code", "admin1", "population", "place_source", "precision",
                       "geometry", "who", "corrected_at", "note")

_DOC_COLUMNS = ("doc_id", "path", "path_key", "title", "outlet", "author", "published", "time_precision",
                "date_source", "language", "media_type", "raw_text", "body", "warnings", "ingested_at")
_MENTION_COLUMNS = ("doc_id", "start", "end", "text", "name", "lat", "lon", "place_id", "geonameid",
                    "feature_code", "country_code", "kind", "confidence", "geometry", "precision", "source",
                    "sentence", "sentence_start", "sentence_end")
_EVENT_COLUMNS = tuple(f.name for f in fields(Event))
_CLAIM_COLUMNS = tuple(f.name for f in fields(Claim))
_JSON_COLUMNS = ("warnings", "geometry", "place_ids", "event_ids")


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes (column names like "end" are keywords)."""
    return '"' + identifier.replace('"', '""') + '"'


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table)} ({cols}) VALUES ({', '.join('?' for _ in columns)})"


class Store:
    """One SQLite store file.

    ``Store(path)`` creates the parent folders and the schema if needed.
    Use as a context manager or call ``close()``.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Read inside one read transaction: every read sees the same committed state.

        In WAL mode a writer (``geo ingest`` in another process) goes on while
        the snapshot is open; its commits are not seen until the snapshot ends,
        so a document is never read without its mentions, events and claims.
        Nested use joins the open snapshot.  Do not write inside one.
        """
        if self._conn.in_transaction:
            yield self
            return
        self._conn.execute("BEGIN")
        try:
            yield self
        finally:
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self._conn.execute("SELECT version FROM migrations")}
        for version, script in _MIGRATIONS:
            if version in done:
                continue
            statements = script if isinstance(script, tuple) else script.split(";")
            with self._write() as conn:
                for statement in (s.strip() for s in statements):
                    if statement:
                        conn.execute(statement)
                conn.execute("INSERT INTO migrations (version, applied_at) VALUES (?, ?)", (version, _now()))

    def schema_versions(self) -> list[int]:
        """The applied schema versions, ascending."""
        return [r[0] for r in self._conn.execute("SELECT version FROM migrations ORDER BY version")]

    # -- writing -----------------------------------------------------------

    def save_document(
        self, doc: Document, mentions: Sequence[Mention], events: Sequence[Event], claims: Sequence[Claim]
    ) -> str:
        """Store ``doc`` with what was found in it, in one transaction.

        Returns "unchanged" if a document with the same content hash is stored
        (nothing is written), "replaced" if a document from the same path with
        other content was stored (its rows are deleted), else "stored".  Any
        exception rolls back the whole write and is re-raised.
        """
        key = _path_key(doc.path)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc.doc_id,)).fetchone():
                return "unchanged"
            old = [r[0] for r in conn.execute("SELECT doc_id FROM documents WHERE path_key = ?", (key,))]
            for doc_id in old:
                conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            conn.execute(_insert_sql("documents", _DOC_COLUMNS), _doc_row(doc, key))
            spans = split_sentences(doc.body)
            fixed = self._corrected(conn, doc, mentions)
            conn.executemany(_insert_sql("mentions", _MENTION_COLUMNS),
                             [_mention_row(doc, m, spans) for m in fixed])
            conn.executemany(_insert_sql("events", _EVENT_COLUMNS), [_event_row(e) for e in events])
            conn.executemany(_insert_sql("claims", _CLAIM_COLUMNS), [_claim_row(c) for c in claims])
            for before, after in zip(_by_span(mentions, fixed), fixed):
                if before is not None and before.place.place_id != after.place.place_id:
                    _retarget(conn, doc.doc_id, after.start, before.place.place_id, after.place,
                              _note(after.place))
        return "replaced" if old else "stored"

    # -- corrections (geo/corrections.py) --------------------------------------

    def _corrected(self, conn: sqlite3.Connection, doc: Document, mentions: Sequence[Mention]) -> list[Mention]:
        """``mentions`` with the stored corrections for this content hash applied (usually already
        done by the pipeline before extraction; this catches any other caller)."""
        from geo.corrections import Correction, apply_corrections

        rows = [dict(r) for r in conn.execute(
            "SELECT * FROM corrections WHERE doc_id = ? ORDER BY correction_id", (doc.doc_id,))]
        if not rows:
            return list(mentions)
        return apply_corrections(doc.body, mentions, [Correction.from_row(r) for r in rows])

    def add_corrections(self, corrections: Sequence[Correction]) -> list[int]:
        """Record analysts' corrections and apply them to the stored rows, all in one transaction.

        Each correction's mention (same document, span and text) gets the new
        place and confidence 1.0; the document's events placed at the old place
        (in the mention's sentence, or all of them once no mention of the old
        place is left) and its claims' place ids follow.  Returns the new
        correction ids.  A correction for a document not stored (yet) is kept
        and applied when that text is ingested.  Clusters of reports are brought
        up to date at once (``recluster_changed``).
        """
        ids = []
        with self._write() as conn:
            for c in corrections:
                row = c.to_row()
                ids.append(conn.execute(_insert_sql("corrections", _CORRECTION_COLUMNS),
                                        tuple(row[k] for k in _CORRECTION_COLUMNS)).lastrowid)
                current = conn.execute('SELECT place_id FROM mentions WHERE doc_id = ? AND "start" = ? '
                                       'AND "end" = ? AND text = ?', (c.doc_id, c.start, c.end, c.text)).fetchone()
                if current is None:
                    continue
                p = c.place
                conn.execute(
                    'UPDATE mentions SET name = ?, lat = ?, lon = ?, place_id = ?, geonameid = ?, feature_code = ?, '
                    'country_code = ?, confidence = 1.0, geometry = ?, precision = ?, source = ? '
                    'WHERE doc_id = ? AND "start" = ? AND "end" = ? AND text = ?',
                    (p.name, p.lat, p.lon, p.place_id, p.geonameid, p.feature_code, p.country_code,
                     json.dumps(p.point_geometry()), p.precision, p.source, c.doc_id, c.start, c.end, c.text))
                if current[0] != p.place_id:
                    _retarget(conn, c.doc_id, c.start, current[0], p, _note(p))
        self.recluster_changed()  # a moved event may join or leave other reports' clusters
        return ids

    def corrections(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Every correction (of one document, or all) in the order they were made: the audit list."""
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        return self._rows(f"SELECT * FROM corrections {where} ORDER BY correction_id", params)

    def set_clusters(self, mapping: dict[str, str]) -> int:
        """Set each event's ``cluster_id`` from ``mapping`` (others get None); returns events updated."""
        with self._write() as conn:
            conn.execute("UPDATE events SET cluster_id = NULL")
            cur = conn.executemany("UPDATE events SET cluster_id = ? WHERE event_id = ?",
                                   [(str(c), str(e)) for e, c in sorted(mapping.items())])
            return cur.rowcount

    def recluster_changed(self) -> int:
        """Bring cluster ids up to date after events were stored, replaced, deleted or re-placed.

        Only the events the change can affect are read: those logged in
        ``cluster_dirty`` (by triggers), the other members of their former
        clusters, and the events of the same type key within the link window
        of them, widened until closed under the linking rule
        (``corroborate.recluster_changed``).  The result equals a full
        ``cluster_events`` over every stored event.  Reading, clustering and
        writing happen in one write transaction; only rows whose cluster id
        changes are updated.  Returns the number of rows updated.
        """
        from geo.extract.corroborate import recluster_changed

        if self._conn.execute("SELECT 1 FROM cluster_dirty LIMIT 1").fetchone() is None:
            return 0
        with self._write() as conn:
            dirty = [dict(r) for r in conn.execute("SELECT * FROM cluster_dirty ORDER BY dirty_id")]
            if not dirty:
                return 0
            current: dict[str, Any] = {}

            def remember(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
                for row in rows:
                    current[row["event_id"]] = row["cluster_id"]
                return rows

            mapping = recluster_changed(
                dirty,
                lambda ids: remember(self.events_by_id(ids)),
                lambda cids: remember(self.events_in_clusters(cids)),
                lambda event_type, subs, start, end: remember(self.events_by_type(event_type, subs, start, end)),
            )
            changes = [(cid, eid) for eid, cid in sorted(mapping.items()) if current.get(eid) != cid]
            conn.executemany("UPDATE events SET cluster_id = ? WHERE event_id = ?", changes)
            conn.execute("DELETE FROM cluster_dirty WHERE dirty_id <= ?", (dirty[-1]["dirty_id"],))
            return len(changes)

    def delete_document(self, doc_id: str) -> bool:
        """Delete one document and everything found in it; returns whether it existed."""
        with self._write() as conn:
            return conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount > 0

    # -- reading -----------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [_decode(dict(r)) for r in self._conn.execute(sql, params)]

    def documents(self, with_text: bool = True) -> list[dict[str, Any]]:
        """All documents, oldest publication first (undated last), then by path."""
        cols = [c for c in _DOC_COLUMNS if c != "path_key" and (with_text or c not in ("raw_text", "body"))]
        sql = (f"SELECT {', '.join(quote(c) for c in cols)} FROM documents "
               "ORDER BY published IS NULL, published, path")
        return self._rows(sql)

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content hash is stored."""
        return self._conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document by id, or None."""
        rows = [d for d in self._rows("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))]
        for row in rows:
            row.pop("path_key", None)
        return rows[0] if rows else None

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Mentions (of one document, or all) with their sentence, in text order."""
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id else ("", ())
        return self._rows(f'SELECT * FROM mentions {where} ORDER BY doc_id, "start", mention_id', params)

    def events(self) -> list[dict[str, Any]]:
        """All events with their document's outlet, title, path and published date."""
        return self._rows(
            "SELECT e.*, d.outlet AS outlet, d.title AS title, d.path AS path, d.published AS published "
            "FROM events e JOIN documents d USING (doc_id) "
            "ORDER BY e.event_date IS NULL, e.event_date, d.path, e.sentence_start, e.event_id"
        )

    def events_by_type(self, event_type: str | None, sub_event_types: Sequence[str],
                       start: str, end: str) -> list[dict[str, Any]]:
        """The clustering fields (and cluster id) of the events with one of ``sub_event_types``
        (and ``event_type``, unless None) dated ``start <= event_date < end`` (ISO strings);
        uses the (sub_event_type, event_date) index."""
        marks = ", ".join("?" for _ in sub_event_types)
        sql = (f"SELECT {', '.join(_CLUSTER_COLUMNS)} FROM events WHERE sub_event_type IN ({marks}) "
               "AND event_date >= ? AND event_date < ?")
        params: list[Any] = [*sub_event_types, start, end]
        if event_type is not None:
            sql += " AND event_type = ?"
            params.append(event_type)
        return self._rows(sql, params)

    def events_by_id(self, event_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The clustering fields (and cluster id) of the stored events among ``event_ids``."""
        return self._rows_in(f"SELECT {', '.join(_CLUSTER_COLUMNS)} FROM events WHERE event_id IN ", event_ids)

    def events_in_clusters(self, cluster_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The clustering fields (and cluster id) of the events in any of ``cluster_ids``."""
        return self._rows_in(f"SELECT {', '.join(_CLUSTER_COLUMNS)} FROM events WHERE cluster_id IN ", cluster_ids)

    def _rows_in(self, sql: str, values: Sequence[Any], chunk: int = 500) -> list[dict[str, Any]]:
        values = list(dict.fromkeys(values))
        rows: list[dict[str, Any]] = []
        for i in range(0, len(values), chunk):
            part = values[i:i + chunk]
            rows += self._rows(sql + "(" + ", ".join("?" for _ in part) + ")", part)
        return rows

    def claims(self) -> list[dict[str, Any]]:
        """All claims with the outlet (the claim's, else its document's) and the document's title and path."""
        return self._rows(
            "SELECT c.claim_id, c.doc_id, c.speaker, c.content, c.sentence_start, c.sentence_end, c.speaker_role, "
            "COALESCE(c.outlet, d.outlet) AS outlet, c.claim_date, c.cue, c.place_ids, c.event_ids, "
            "d.title AS title, d.path AS path FROM claims c JOIN documents d USING (doc_id) "
            "ORDER BY d.path, c.sentence_start, c.claim_id"
        )

    def counts(self) -> dict[str, int]:
        """How many documents, mentions, events and claims the store holds."""
        return {t: self._conn.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0]
                for t in ("documents", "mentions", "events", "claims")}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _path_key(path: str) -> str:
    """The identity of a document's source file (absolute, resolved)."""
    return str(Path(path).expanduser().resolve())


def _doc_row(doc: Document, key: str) -> tuple[Any, ...]:
    values = {**doc.to_dict(with_text=True), "path_key": key, "ingested_at": _now()}
    values["warnings"] = json.dumps(list(doc.warnings), ensure_ascii=False)
    return tuple(values[c] for c in _DOC_COLUMNS)


def _mention_row(doc: Document, mention: Mention, spans: list[tuple[int, int]]) -> tuple[Any, ...]:
    d = mention.to_dict()
    start, end = sentence_at(doc.body, int(mention.start), spans)
    d.update(doc_id=doc.doc_id, geometry=json.dumps(d["geometry"]), confidence=float(mention.confidence),
             sentence=doc.body[start:end], sentence_start=start, sentence_end=end)
    return tuple(d[c] for c in _MENTION_COLUMNS)


def _event_row(event: Event) -> tuple[Any, ...]:
    return tuple(getattr(event, c) for c in _EVENT_COLUMNS)


def _claim_row(claim: Claim) -> tuple[Any, ...]:
    d = claim.to_dict()
    d["place_ids"] = json.dumps(d["place_ids"], ensure_ascii=False)
    d["event_ids"] = json.dumps(d["event_ids"], ensure_ascii=False)
    return tuple(d[c] for c in _CLAIM_COLUMNS)


def _by_span(original: Sequence[Mention], fixed: Sequence[Mention]) -> list[Mention | None]:
    """For each corrected mention, the original mention it came from (None if a correction added it)."""
    by_span = {(m.start, m.end): m for m in original}
    return [by_span.get((m.start, m.end)) for m in fixed]


def _note(place: Place) -> str:
    return f"place corrected ({place.source})"


def _retarget(conn: sqlite3.Connection, doc_id: str, start: int, old_place_id: str | None, place: Place,
              note: str) -> None:
    """Move the document's events and claims from ``old_place_id`` to ``place``.

    Only those whose sentence holds the corrected mention at ``start``, unless
    no mention of the old place is left in the document (then all of them).
    """
    if not old_place_id:
        return
    left = conn.execute("SELECT COUNT(*) FROM mentions WHERE doc_id = ? AND place_id = ?",
                        (doc_id, old_place_id)).fetchone()[0]
    scope = "" if left == 0 else 'AND sentence_start <= ? AND ? < sentence_end'
    params: tuple[Any, ...] = (doc_id, old_place_id) + (() if left == 0 else (start, start))
    conn.execute(
        "UPDATE events SET place_id = ?, location = ?, lat = ?, lon = ?, "
        "notes = CASE WHEN COALESCE(notes, '') = '' THEN ? ELSE notes || '; ' || ? END "
        f"WHERE doc_id = ? AND place_id = ? {scope}",
        (place.place_id, place.name, place.lat, place.lon, note, note) + params)
    claims = conn.execute(f"SELECT claim_id, place_ids FROM claims WHERE doc_id = ? AND place_ids LIKE ? {scope}",
                          (doc_id, f'%{json.dumps(old_place_id)}%') + params[2:]).fetchall()
    for claim_id, raw in claims:
        ids = [place.place_id if p == old_place_id else p for p in json.loads(raw)]
        conn.execute("UPDATE claims SET place_ids = ? WHERE claim_id = ?",
                     (json.dumps(list(dict.fromkeys(ids)), ensure_ascii=False), claim_id))


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """Parse the JSON columns of one row."""
    for col in _JSON_COLUMNS:
        if isinstance(row.get(col), str):
            row[col] = json.loads(row[col])
    return row
