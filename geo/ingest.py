"""Read one article file (plain text, Markdown or HTML) into a ``Document``.

``load_document`` reads the bytes, refuses what is not a usable text
document (``InputError`` naming the file and the problem), extracts the
article from HTML with trafilatura, strips page furniture (``geo.clean``),
detects title, outlet, author, date and language (``geo.meta``) and lets a
sidecar JSON file and explicit overrides win over detection.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from geo import dates, meta
from geo.clean import MAX_SENTENCE_CHARS, break_long_sentences, classify, clean_body
from geo.errors import InputError
from geo.textfile import decode_text, media_type_of, read_bytes
from geo.records import Document

OVERRIDE_KEYS = ("title", "outlet", "author", "published", "url", "language")


def load_document(path: str | Path, overrides: dict[str, Any] | None = None) -> Document:
    """Read ``path`` into a Document.

    Takes a file path and optional overrides (keys title, outlet, author,
    published, url, language) that win over a sidecar JSON, which wins over
    detection.  Returns the Document (``doc_id`` = sha256 of the bytes).
    Raises ``InputError`` for a missing, empty, binary, undecodable,
    too large or article-less file, or a malformed sidecar or override.
    """
    path = Path(path)
    data = read_bytes(path)
    text, warnings = decode(path, data)
    media_type = media_type_of(path, text)
    sidecar = read_sidecar(path)
    explicit = {**sidecar, **{k: v for k, v in (overrides or {}).items() if v not in (None, "")}}
    unknown = sorted(set(explicit) - set(OVERRIDE_KEYS))
    if unknown:
        raise InputError(path, f"unknown metadata keys {unknown}: use {', '.join(OVERRIDE_KEYS)}")
    if media_type == "text/html":
        fields = _from_html(path, text, explicit.get("url"))
    else:
        fields = _from_text(text)
    fields["warnings"] = warnings + fields["warnings"]
    _apply_overrides(path, fields, sidecar, overrides or {})
    _check_future_date(path, fields)
    if not fields["body"].strip():
        raise InputError(path, "no article text found after removing page furniture")
    fields["body"], broken = break_long_sentences(fields["body"])
    if broken:
        fields["warnings"].append(f"{broken} sentences longer than {MAX_SENTENCE_CHARS} characters broken into lines")
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        path=str(path),
        raw_text=text,
        media_type=media_type,
        **{k: fields[k] for k in ("body", "title", "outlet", "author", "published", "time_precision",
                                  "date_source", "language")},
        warnings=tuple(dict.fromkeys(fields["warnings"])),
    )


def decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Decode a document's bytes (see ``geo.textfile.decode_text``): text and warnings, or InputError."""
    return decode_text(path, data)


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``<file>.json`` or ``<stem>.meta.json`` next to ``path`` ({} if none)."""
    for candidate in (path.with_name(path.name + ".json"), path.with_name(path.stem + ".meta.json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(candidate, f"sidecar is not valid JSON: {exc}") from exc
            if not isinstance(data, dict):
                raise InputError(candidate, "sidecar must be a JSON object with keys " + ", ".join(OVERRIDE_KEYS))
            for key, value in data.items():
                if value is not None and not isinstance(value, str):
                    raise InputError(candidate, f"sidecar key {key!r} must be a string, not {type(value).__name__}"
                                                f" ({json.dumps(value)[:40]})")
            return {k: v for k, v in data.items() if v not in (None, "")}
    return {}


def _from_text(text: str) -> dict[str, Any]:
    """Fields detected in a plain-text or Markdown article."""
    title = meta.detect_title(text)
    body, _ = clean_body(text, title)
    return _detect(text, body, title, meta.detect_outlet(text), meta.detect_author(text))


def _detect(text: str, body: str, title, outlet, author, stated: str | None = None) -> dict[str, Any]:
    """Date and language detection shared by text and HTML."""
    warnings: list[str] = []
    if stated:
        info = meta.DateInfo(stated, 1, "html metadata")
    else:
        info = meta.detect_date(text, body)
    if info.warning:
        warnings.append(info.warning)
    language, warning = meta.guess_language(body)
    if warning:
        warnings.append(warning)
    return dict(body=body, title=title, outlet=outlet, author=author, published=info.published,
                time_precision=info.precision, date_source=info.source, language=language, warnings=warnings)


def _from_html(path: Path, html: str, url: str | None) -> dict[str, Any]:
    """Fields of an HTML page: trafilatura's article and metadata, cleaned like text."""
    import trafilatura

    date_params = {"extensive_search": False, "original_date": True}
    article = None
    warnings: list[str] = []
    for recall in (False, True):
        article = trafilatura.extract(html, url=url, include_comments=False, output_format="txt",
                                      favor_recall=recall, date_extraction_params=date_params)
        if _has_prose(article):
            break
    if not _has_prose(article):
        article = _paragraph_text(html)
        warnings.append("HTML article extraction failed: used the page's paragraph text")
    if not _has_prose(article):
        raise InputError(path, "no article text found in the HTML page")
    md = trafilatura.extract_metadata(html, default_url=url, date_config=date_params)
    title = (md.title if md else None) or meta.detect_title(article)
    body, _ = clean_body(article, None)
    if title and not body.startswith(title):
        body = title + "\n\n" + body
    stated = dates.normalise(md.date) if md and md.date and md.date in _dates_in(html) else None
    outlet = (md.sitename if md else None) or meta.detect_outlet(article)
    author = (md.author if md else None) or meta.detect_author(article)
    fields = _detect(article, body, title, outlet, author, stated[0] if stated else None)
    fields["warnings"] = warnings + fields["warnings"]
    fields["extraction_warnings"] = warnings
    return fields


def html_article(path: Path, html: str, warnings: list[str] | None = None) -> str:
    """The article of an HTML page as ``load_document`` stores it (its ``body``): title and text,
    without menus, scripts and page furniture.  Raises ``InputError`` for a page with no article."""
    fields = _from_html(path, html, None)
    if warnings is not None:  # how the article was found; not its date or language
        warnings.extend(fields["extraction_warnings"])
    if not fields["body"].strip():
        raise InputError(path, "no article text found after removing page furniture")
    return break_long_sentences(fields["body"])[0]


def _has_prose(text: str | None) -> bool:
    """Whether ``text`` holds at least one line of article prose (not only menus and labels)."""
    return bool(text) and any(len(ln.split()) >= 8 and classify(ln) is None for ln in text.splitlines())


def _dates_in(html: str) -> set[str]:
    """ISO dates written literally in the page (to refuse a date trafilatura guessed)."""
    return set(re.findall(r"\d{4}-\d{2}-\d{2}", html)) | {f.value.isoformat() for f in dates.full_dates(html)}


def _paragraph_text(html: str) -> str:
    """Text of <p>, <h1>-<h3> and <li> elements of a broken page, scripts and styles removed."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//footer|//header|//aside|//form"):
        bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in tree.xpath("//h1|//h2|//h3|//p")]
    return "\n".join(b for b in blocks if b)


#: Days a publication date may lie ahead of today (time zones, embargoed copy).
FUTURE_SLACK_DAYS = 1


def _check_future_date(path: Path, fields: dict[str, Any]) -> None:
    """Refuse a stated (sidecar or CLI) publication date in the future; drop a detected one with a warning."""
    published = fields.get("published")
    if not published:
        return
    latest = (date.today() + timedelta(days=FUTURE_SLACK_DAYS)).isoformat()
    if str(published) <= latest[: len(str(published))]:
        return
    if fields.get("date_source") in ("sidecar", "cli"):
        raise InputError(path, f"{fields['date_source']} date {published} is in the future: give the real "
                               "publication date (YYYY-MM-DD) or leave it out")
    fields["warnings"].append(f"detected date {published} is in the future: ignored")
    fields["published"], fields["date_source"] = None, None


def _apply_overrides(path: Path, fields: dict[str, Any], sidecar: dict, cli: dict) -> None:
    """Let sidecar values, then CLI values, replace detected ones (in place)."""
    for source, values in (("sidecar", sidecar), ("cli", cli)):
        for key in ("title", "outlet", "author", "language"):
            if values.get(key):
                fields[key] = str(values[key]).strip()
        if values.get("published"):
            parsed = dates.normalise(str(values["published"]))
            if not parsed:
                raise InputError(path, f"{source} date {values['published']!r} is not a date: use YYYY-MM-DD")
            fields["published"], fields["time_precision"] = parsed
            fields["date_source"] = source
            fields["warnings"] = [w for w in fields["warnings"] if not w.startswith("no publication date")]
        if values.get("url") and not fields.get("outlet"):
            host = urlparse(str(values["url"])).hostname or ""
            fields["outlet"] = meta.outlet_name(host) if host else None
        if values.get("language") and str(values["language"]).lower().startswith("en"):
            fields["warnings"] = [w for w in fields["warnings"] if not w.startswith("not English")]
