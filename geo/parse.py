"""Geoparse a text or a file: recognise, then resolve.  Needs no store."""
from __future__ import annotations

from pathlib import Path

from geo.errors import InputError
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.recognise import recognise
from geo.records import Mention
from geo.textfile import check_not_binary, read_bytes
from geo.resolve import resolve



def parse_text(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """The place mentions of ``text``, in order; offsets index ``text``."""
    gaz = gazetteer or get_gazetteer()
    return resolve(text, recognise(text, gaz), gaz)


def read_text(path: Path) -> str:
    """The text of a file as UTF-8 (offsets index it), or InputError naming the file and the problem."""
    data = read_bytes(Path(path), allow_empty=True)
    check_not_binary(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid UTF-8 text (byte {exc.start})") from None


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


def parse_file(path: Path, keep_furniture: bool = False) -> list[Mention]:
    """Mentions of a file's text as read (offsets index that text); an empty file gives none.

    Places named only in page furniture (an author bio's home town, a list of
    related articles) are left out unless ``keep_furniture``.
    """
    text = read_text(path)
    if not text.strip():
        return []
    mentions = parse_text(text)
    if keep_furniture:
        return mentions
    spans = furniture_spans(text)
    return [m for m in mentions if not any(s <= m.start < e for s, e in spans)]
