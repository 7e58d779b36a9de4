"""The `geo` command line: each command parses its options and calls the library.

Heavy modules are imported inside the commands so that `geo parse` starts fast.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import List, Optional

import typer

from geo.errors import GeoError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find the places, events and claims in conflict news and map them offline.",
)
gazetteer_app = typer.Typer(no_args_is_help=True, help="Build, query and extend the gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")

DbOption = typer.Option(None, "--db", help="SQLite store (default: $GEO_DB, else ./geo.sqlite).")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _store(db: Optional[Path]):
    from geo.paths import db_path
    from geo.store import Store

    return Store(db_path(db))


#: Exit statuses of `geo parse` and `geo ingest` (documented in README, "Exit statuses").
EXIT_OK, EXIT_ALL_FAILED, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_STORE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

MaxMbOption = typer.Option(None, "--max-mb", help="Refuse files larger than this many MB "
                                                   "(default: $GEO_MAX_FILE_MB, else 20).")


def _set_max_mb(max_mb: Optional[float]) -> None:
    import os

    if max_mb is not None:
        if max_mb <= 0:
            _fail(f"--max-mb {max_mb} must be positive", EXIT_USAGE)
        os.environ["GEO_MAX_FILE_MB"] = str(max_mb)


def _batch_status(done: int, failed: int) -> int:
    """0 when nothing failed, 1 when nothing succeeded, 3 when some files failed."""
    if not failed:
        return EXIT_OK
    return EXIT_SOME_FAILED if done else EXIT_ALL_FAILED


@app.command()
def parse(
    files: List[Path] = typer.Argument(..., help="Text files to geoparse."),
    format: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    keep_furniture: bool = typer.Option(False, "--keep-furniture",
                                        help="Also report places named only in page furniture (bios, related links)."),
    max_mb: Optional[float] = MaxMbOption,
) -> None:
    """Print the places each FILE names, one JSON object per file and line.

    An HTML page is read as its article (menus, scripts and footers dropped), given in the
    record's "text", which its offsets index; other files' offsets index the file's text.

    Exit status: 0 all files parsed, 1 none could be read, 2 usage error,
    3 some could not be read (each named on stderr, the rest parsed).

    Example: geo parse seeds/000_02910dbe408aa998.txt
    """
    from geo.parse import parse_file
    from geo.textfile import one_line

    if format != "jsonl":
        _fail(f"unknown --format {format!r}: use jsonl", EXIT_USAGE)
    _set_max_mb(max_mb)
    failed = 0
    for path in files:
        warnings: list[str] = []
        try:
            parsed = parse_file(path, keep_furniture=keep_furniture, warnings=warnings)
            record = {"path": str(path), "mentions": [m.to_dict() for m in parsed.mentions]}
            if parsed.from_html:  # the offsets index the page's article, given here
                record["text"] = parsed.text
        except GeoError as exc:
            failed += 1
            typer.echo(one_line(f"error: {exc}"), err=True)
            record = {"path": str(path), "mentions": [], "error": str(exc)}
        for warning in warnings:
            typer.echo(one_line(f"warning: {path}: {warning}"), err=True)
        if warnings:
            record["warnings"] = warnings
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    raise typer.Exit(_batch_status(len(files) - failed, failed))


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .html)."),
    db: Optional[Path] = DbOption,
    title: Optional[str] = typer.Option(None, help="Title for every document of this call."),
    outlet: Optional[str] = typer.Option(None, help="Outlet (publisher) for every document."),
    author: Optional[str] = typer.Option(None, help="Author for every document."),
    date: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for every document."),
    max_mb: Optional[float] = MaxMbOption,
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar on stderr (default: when stderr is a terminal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No line per file; errors and the summary only."),
) -> None:
    """Store documents and the places, events and claims found in them.

    Exit status: 0 all files stored (or unchanged), 1 none could be,
    2 usage error, 3 some failed (each named on stderr, the rest stored),
    4 the store cannot be opened or written, 130 interrupted (every
    document stored so far is kept whole; run the command again to finish).

    Example: geo ingest --db data/geo.sqlite seeds/
    """
    from geo.pipeline import ingest_paths
    from geo.textfile import one_line

    _set_max_mb(max_mb)
    overrides = {k: v for k, v in dict(title=title, outlet=outlet, author=author, published=date).items() if v}
    try:
        store = _store(db)
    except (OSError, sqlite3.Error) as exc:
        _fail(one_line(f"cannot open the store {db or '(default)'}: {exc}"), EXIT_STORE)
    show_bar = sys.stderr.isatty() if progress is None else progress
    try:
        with _IngestProgress(show_bar, quiet) as bar:
            report = ingest_paths(paths, store, overrides=overrides or None, on_progress=bar.line,
                                  on_start=bar.start)
    except KeyboardInterrupt:
        _fail(f"interrupted: documents stored so far are kept whole; run the same command again to finish "
              f"-> {store.path}", EXIT_INTERRUPTED)
    except sqlite3.Error as exc:
        _fail(f"the store {store.path} cannot be written: {exc}", EXIT_STORE)
    typer.echo(
        f"stored {len(report.stored)}, replaced {len(report.replaced)}, "
        f"unchanged {len(report.unchanged)}, failed {len(report.failed)} -> {store.path}"
    )
    for path, problem in report.failed:
        typer.echo(one_line(f"error: {path}: {problem}"), err=True)
    raise typer.Exit(_batch_status(len(report.stored) + len(report.replaced) + len(report.unchanged),
                                   len(report.failed)))


class _IngestProgress:
    """Per-file lines on stdout and, when asked, a rich progress bar on stderr."""

    def __init__(self, show_bar: bool, quiet: bool):
        self.quiet = quiet
        self.bar = None
        if show_bar:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self.task = None

    def __enter__(self) -> "_IngestProgress":
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def start(self, total: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("ingest", total=total)

    def line(self, text: str) -> None:
        is_error = text.startswith("error:")
        if not self.quiet or is_error:
            if self.bar is not None and sys.stdout.isatty():
                self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            else:
                typer.echo(text)
        if self.bar is not None and self.task is not None and not text.startswith("error: clustering"):
            self.bar.advance(self.task)


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="Output file."),
    format: str = typer.Option("html", "--format", help="html, png, pdf, geojson, gpkg, csv or kml."),
    db: Optional[Path] = DbOption,
    title: str = typer.Option("Briefing map", "--title", help="Title of the briefing (html/png/pdf)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First day shown (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last day shown (YYYY-MM-DD)."),
    event_type: Optional[List[str]] = typer.Option(None, "--type", help="Event type to keep (repeatable)."),
    outlet: Optional[List[str]] = typer.Option(None, "--outlet", help="Outlet to keep (repeatable)."),
    actor: Optional[List[str]] = typer.Option(None, "--actor", help="Actor to keep (repeatable)."),
    claimant: Optional[List[str]] = typer.Option(None, "--claimant", help="Claim speaker to keep (repeatable)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Drop place mentions below this (0..1)."),
    literal_only: bool = typer.Option(False, "--literal-only", help="Only literal place mentions."),
) -> None:
    """Write the briefing map (one offline HTML file, or PNG/PDF) or the data (GeoJSON, GeoPackage, CSV, KML).

    Example: geo export --db data/geo.sqlite --format html --out exports/briefing.html --from 2020-02-01
    """
    from geo.export import FORMATS, export_file
    from geo.mapdata import Filters

    if format not in FORMATS:
        _fail(f"unknown --format {format!r}: use one of {', '.join(FORMATS)}")
    for label, value in (("--from", date_from), ("--to", date_to)):
        if value and not _is_iso_day(value):
            _fail(f"{label} {value!r} is not a date: use YYYY-MM-DD")
    if not 0.0 <= min_confidence <= 1.0:
        _fail(f"--min-confidence {min_confidence} is outside 0..1")
    filters = Filters(date_from=date_from, date_to=date_to, event_types=event_type or None,
                      outlets=outlet or None, actors=actor or None, claimants=claimant or None,
                      min_confidence=min_confidence, literal_only=literal_only)
    try:
        path = export_file(_store(db), out, format=format, title=title, filters=filters)
    except GeoError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {path}")


def _is_iso_day(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@app.command()
def dashboard(
    db: Optional[Path] = DbOption,
    port: int = typer.Option(8501, "--port", help="Port to serve on."),
) -> None:
    """Serve the Streamlit dashboard (headless) until interrupted.

    Example: geo dashboard --db data/geo.sqlite --port 8501
    """
    from geo.serve import serve_dashboard

    try:
        code = serve_dashboard(db, port)
    except GeoError as exc:
        _fail(str(exc))
    raise typer.Exit(code)


@gazetteer_app.command("build")
def gazetteer_build(force: bool = typer.Option(False, "--force", help="Rebuild even if current.")) -> None:
    """Build (or check) the prepared gazetteer index.

    Example: geo gazetteer build
    """
    from geo.gazetteer import build_index

    path = build_index(force=force)
    typer.echo(f"gazetteer index: {path}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str = typer.Argument(..., help="A place name in any spelling."),
    limit: int = typer.Option(10, "--limit", help="How many candidates to show."),
    online: bool = typer.Option(False, "--online", help="If the gazetteer has nothing, ask Nominatim (needs internet)."),
) -> None:
    """Show the candidates for NAME with their scores.

    Example: geo gazetteer lookup Nayrab
    """
    from geo.gazetteer import get_gazetteer
    from geo.text import name_key

    gaz = get_gazetteer()
    rows = gaz.lookup(name, limit=limit)
    unlocated = gaz.unlocated(name_key(name))
    for place_id, cc, admin1 in unlocated:  # named by a source, located by none: never a pin
        typer.echo(f"  -    {place_id:<18} ({cc}{'.' + admin1 if admin1 else ''}) no coordinate in any source;"
                   " the resolver withholds a namesake elsewhere when the story points here")
    if unlocated and not rows:
        return
    if not rows and online:
        from geo.online import online_lookup

        try:
            rows = online_lookup(name, limit=limit)
        except GeoError as exc:
            _fail(str(exc))
    if not rows:
        _fail(f"no gazetteer entry matches {name!r}" + ("" if online else " (try --online if you have internet)"))
    for place, score in rows:
        typer.echo(
            f"{score:5.3f}  {place.place_id:<18} {place.name} ({place.feature_code}, {place.country_code}"
            f"{'.' + place.admin1 if place.admin1 else ''}) {place.lat:.5f},{place.lon:.5f}"
            f" pop={place.population} [{place.source}; {place.precision}]"
        )


@gazetteer_app.command("import")
def gazetteer_import(file: Path = typer.Argument(..., help="A GeoNames dump, e.g. SY.txt (19 columns).")) -> None:
    """Add a full GeoNames country dump to the gazetteer.

    Example: geo gazetteer import SY.txt
    """
    from geo.gazetteer import import_geonames

    try:
        count = import_geonames(file)
    except GeoError as exc:
        _fail(str(exc))
    typer.echo(f"imported {count} features from {file}")


@app.command("eval")
def eval_(
    file: Path = typer.Argument(..., help="Annotated corpus: LGL/TR-News XML or GeoVirus XML."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N articles."),
    format: str = typer.Option("text", "--format", help="text or json."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write per-document errors here (JSONL)."),
) -> None:
    """Score the geoparser on an annotated corpus (P/R/F1, acc@161, AUC, errors).

    Example: geo eval ../shared/eval/tr-news/TR-News.xml --errors tr-news-errors.jsonl
    """
    from geo.evaluate import evaluate_file, format_report

    try:
        report = evaluate_file(file, limit=limit, errors=errors)
    except GeoError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(report, indent=2) if format == "json" else format_report(report))


@app.command()
def events(
    db: Optional[Path] = DbOption,
    format: str = typer.Option("json", "--format", help="json, csv or geojson."),
) -> None:
    """List the events the store holds.

    Example: geo events --db data/geo.sqlite --format csv
    """
    from geo.listing import format_rows

    typer.echo(format_rows(_store(db).events(), format, kind="events"))


@app.command()
def claims(
    db: Optional[Path] = DbOption,
    format: str = typer.Option("json", "--format", help="json, csv or geojson."),
) -> None:
    """List the claims the store holds.

    Example: geo claims --db data/geo.sqlite --format json
    """
    from geo.listing import format_rows

    typer.echo(format_rows(_store(db).claims(), format, kind="claims"))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
