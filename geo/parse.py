"""Geoparse a text or a file: recognise, then resolve.  Needs no store."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from geo.errors import InputError
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.recognise import recognise
from geo.records import Mention
from geo.textfile import decode_text, media_type_of, read_bytes
from geo.resolve import resolve


def parse_text(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """The place mentions of ``text``, in order; offsets index ``text``."""
    gaz = gazetteer or get_gazetteer()
    return resolve(text, recognise(text, gaz), gaz)


def read_text(path: Path, warnings: list[str] | None = None) -> str:
    """The text of a file (offsets index it), or InputError naming the file and the problem.

    UTF-8 (a BOM is kept as a character) or UTF-16/32 with a byte-order
    mark; no encoding is guessed (see ``geo.textfile.decode_text``).
    Warnings are appended to ``warnings``.
    """
    data = read_bytes(Path(path), allow_empty=True)
    text, notes = decode_text(Path(path), data, guess=False)
    if warnings is not None:
        warnings.extend(notes)
    return text


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines that are page furniture, not article (author bios,
    share prompts, "related articles" lists...), by the same rules as ingest's cleaner."""
    from geo.clean import clean_body, unmark

    body, _ = clean_body(text)
    kept = set(body.split("\n\n"))
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        plain = unmark(line.strip())
        if plain and plain not in kept:
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


class ParsedFile(NamedTuple):
    """What ``parse_file`` found: the text its offsets index, the mentions, and whether that text
    is the article extracted from an HTML page (not the file's text as read)."""

    text: str
    mentions: list[Mention]
    from_html: bool = False


def parse_file(path: Path, keep_furniture: bool = False, warnings: list[str] | None = None) -> ParsedFile:
    """Mentions of a file's text as read (offsets index that text); an empty file gives none.

    An HTML page is read as its article, extracted as ``geo ingest`` does (menus, scripts and
    footers dropped); the offsets then index that article text.  Places named only in page
    furniture (an author bio's home town, a list of related articles; a page's menus) are left
    out unless ``keep_furniture``.  Problems that do not stop the parse (an empty file, a guessed
    encoding, a page with no article) are appended to ``warnings``.  Raises ``InputError`` for a
    file that cannot be read as text.
    """
    text = read_text(path, warnings)
    notes: list[str] = [] if warnings is None else warnings
    if not text.strip():
        notes.append("empty file: no places" if not text else "only whitespace: no places")
        return ParsedFile(text, [])
    if not keep_furniture and media_type_of(Path(path), text) == "text/html":
        from geo.ingest import html_article

        try:
            article = html_article(Path(path), text, notes)
        except InputError as exc:
            notes.append(f"{exc.problem}: no places")
            return ParsedFile("", [], from_html=True)
        return ParsedFile(article, parse_text(article), from_html=True)
    mentions = parse_text(text)
    if not keep_furniture:
        spans = furniture_spans(text)
        mentions = [m for m in mentions if not any(s <= m.start < e for s, e in spans)]
    return ParsedFile(text, mentions)
