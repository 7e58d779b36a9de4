"""The `geo` command line: each command parses its options and calls the library.

Heavy modules are imported inside the commands so that `geo parse` starts fast.
"""
from __future__ import annotations

import json
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


@app.command()
def parse(
    files: List[Path] = typer.Argument(..., help="Text files to geoparse."),
    format: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    keep_furniture: bool = typer.Option(False, "--keep-furniture",
                                        help="Also report places named only in page furniture (bios, related links)."),
) -> None:
    """Print the places each FILE names, one JSON object per file and line.

    Example: geo parse seeds/000_02910dbe408aa998.txt
    """
    from geo.parse import parse_file

    if format != "jsonl":
        _fail(f"unknown --format {format!r}: use jsonl")
    failed = 0
    for path in files:
        try:
            mentions = parse_file(path, keep_furniture=keep_furniture)
            record = {"path": str(path), "mentions": [m.to_dict() for m in mentions]}
        except GeoError as exc:
            failed += 1
            typer.echo(f"error: {exc}", err=True)
            record = {"path": str(path), "mentions": [], "error": str(exc)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failed == len(files):
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .html)."),
    db: Optional[Path] = DbOption,
    title: Optional[str] = typer.Option(None, help="Title for every document of this call."),
    outlet: Optional[str] = typer.Option(None, help="Outlet (publisher) for every document."),
    author: Optional[str] = typer.Option(None, help="Author for every document."),
    date: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for every document."),
) -> None:
    """Store documents and the places, events and claims found in them.

    Example: geo ingest --db data/geo.sqlite seeds/
    """
    from geo.pipeline import ingest_paths

    overrides = {k: v for k, v in dict(title=title, outlet=outlet, author=author, published=date).items() if v}
    store = _store(db)
    report = ingest_paths(paths, store, overrides=overrides or None, on_progress=typer.echo)
    typer.echo(
        f"stored {len(report.stored)}, replaced {len(report.replaced)}, "
        f"unchanged {len(report.unchanged)}, failed {len(report.failed)} -> {store.path}"
    )
    for path, problem in report.failed:
        typer.echo(f"error: {path}: {problem}", err=True)
    if report.failed and not (report.stored or report.replaced or report.unchanged):
        raise typer.Exit(1)


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="Output file."),
    format: str = typer.Option("html", "--format", help="Output format: html."),
    db: Optional[Path] = DbOption,
) -> None:
    """Write the briefing map: one self-contained HTML file that draws offline.

    Example: geo export --db data/geo.sqlite --format html --out exports/briefing.html
    """
    from geo.export import export_html

    if format != "html":
        _fail(f"unknown --format {format!r}: use html")
    path = export_html(_store(db), out)
    typer.echo(f"wrote {path}")


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

    rows = get_gazetteer().lookup(name, limit=limit)
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
