"""Tie the stages together: files in, documents with places, events and claims stored.

``ingest_paths`` expands folders, reads each file (``geo.ingest``), geoparses
its body (``geo.parse``), extracts events and claims (``geo.extract``) and
saves everything for that file in one transaction (``geo.store``).  A bad
file is reported and skipped; the batch goes on and nothing already stored
is lost.  After the batch all stored events are re-clustered.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.ingest import HTML_SUFFIXES, MARKDOWN_SUFFIXES, load_document
from geo.records import Claim, Document, Event, IngestReport, Mention
from geo.store import Store

#: File suffixes a folder is searched for.
DOCUMENT_SUFFIXES = frozenset({".txt"} | MARKDOWN_SUFFIXES | HTML_SUFFIXES)

Analysis = tuple[list[Mention], list[Event], list[Claim]]
Analyser = Callable[[Document], Analysis]
Progress = Callable[[str], Any]


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, plus document files found recursively in folders named.

    Folders yield their .txt, .md, .markdown, .html and .htm files, sorted,
    skipping hidden files and folders (and so sidecar .json files).  Files
    named explicitly are kept whatever their suffix (the reader judges them).
    Duplicates are dropped, order is kept.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(_folder_files(path))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES:
            found.append(path)
    return found


def default_analyser() -> Analyser:
    """The standard analysis: geoparse the body, then extract events and claims from it."""
    from geo.extract.claims import extract_claims
    from geo.extract.events import extract_events
    from geo.parse import parse_text

    def analyse(doc: Document) -> Analysis:
        mentions = parse_text(doc.body)
        events = extract_events(doc, mentions)
        return mentions, events, extract_claims(doc, mentions, events)

    return analyse


def ingest_paths(
    paths: Sequence[str | os.PathLike],
    store: Store,
    overrides: dict[str, Any] | None = None,
    on_progress: Progress | None = None,
    analyse: Analyser | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``.

    Takes paths (files or folders), the store, optional metadata overrides
    for every document, an optional progress callback (one line per file)
    and an optional analyser (default: ``default_analyser``).  Returns an
    ``IngestReport``; never raises for a bad file (it goes to ``failed``).
    """
    say = on_progress or (lambda line: None)
    files = expand_paths(paths)
    analyse = analyse or default_analyser()
    outcome: dict[str, list] = {"stored": [], "unchanged": [], "replaced": [], "failed": []}
    for path in files:
        try:
            status, line = _ingest_one(path, store, overrides, analyse)
        except InputError as exc:
            outcome["failed"].append((str(path), exc.problem))
            say(f"error: {path}: {exc.problem}")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            problem = f"internal error: {type(exc).__name__}: {exc}"
            outcome["failed"].append((str(path), problem))
            say(f"error: {path}: {problem}")
            continue
        outcome[status].append(str(path))
        say(line)
    if files:
        _recluster(store, say)
    return IngestReport(**{k: tuple(v) for k, v in outcome.items()})


def _ingest_one(path: Path, store: Store, overrides: dict[str, Any] | None, analyse: Analyser) -> tuple[str, str]:
    """Read, analyse and store one file; returns (status, progress line)."""
    doc = load_document(path, overrides)
    if store.has_document(doc.doc_id):
        return "unchanged", f"unchanged {path}"
    mentions, events, claims = analyse(doc)
    status = store.save_document(doc, mentions, events, claims)
    places = len({m.place.place_id for m in mentions})
    line = f"{status} {path}: {places} places, {len(events)} events, {len(claims)} claims"
    for warning in doc.warnings:
        line += f" (warning: {warning})"
    return status, line


def _recluster(store: Store, say: Progress) -> None:
    """Re-cluster all stored events (events from different documents may now match)."""
    from geo.extract.corroborate import cluster_events

    try:
        store.set_clusters(cluster_events(store.events()))
    except Exception as exc:  # noqa: BLE001 - stored documents stay; clustering can be redone
        say(f"error: clustering events failed: {type(exc).__name__}: {exc}")
