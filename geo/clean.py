"""Strip page furniture from an article's text by general line rules.

News pages copied as text carry furniture around the article: icon-font
glyph strings, share and donation widgets, navigation and link lists,
bylines and datelines, "related articles" blocks, author bios, disclaimers,
comment and subscription prompts.  ``clean_body`` keeps the article's lines
word for word (only Markdown markup is removed), drops whole lines that a
classifier marks as furniture, cuts everything from a closing heading
("Related articles", "About the author") in the last part of the page, and
peels trailing furniture (bios, links, labels) off the end.  Nothing here knows any particular site.
"""
from __future__ import annotations

import re
from collections import Counter

from geo.dates import is_dateline

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ITAL = re.compile(r"(?<![\w*\\])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_ESC = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|org|net|ca|uk|ru|info|io)(?:/\S*)?$", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_QUOTE_START = re.compile(r"^[\"“‘«]")

_SHORT = 40  # words: prompts and widgets are shorter than this

# (kind, pattern, most words a matching line may have, line must not end a sentence)
_RULES: tuple[tuple[str, re.Pattern[str], int, bool], ...] = tuple(
    (name, re.compile(pattern, re.I), max_words, headline_only)
    for name, pattern, max_words, headline_only in (
        ("byline", r"^(?:posted by|written by|reporting by|articles? by|author:)\s*\S", 14, True),
        # a wire story's credits, where its reporters were: "(Reporting by X in Ankara; Editing by Y)"
        ("byline", r"^\(?(?:additional |further )?(?:reporting|writing|editing|compiled|research) by\b"
                   r".*\b(?:editing|writing|reporting) by\b", 80, False),
        ("share", r"^(?:share|tweet|print|email|e-mail|whatsapp|telegram|facebook|twitter|reddit|pin it|save)\W*$", 3, False),
        ("share", r"^note to readers\b|\bclick (?:to|here to) (?:share|print|email)\b|\bshare buttons?\b"
                  r"|\bshare (?:this|the) (?:story|article|post|page)\b|\bforward this article\b"
                  r"|\bfollow us on\b", _SHORT, False),
        ("share", r"^share (?:this|the|on|via)\b", 8, True),
        ("donation", r"^(?:please )?(?:donate|support us)\b|\bdonate now\b|\bpatreon\b|\bmake a donation\b"
                     r"|\b(?:consider|please) (?:helping|supporting|donating to) us\b"
                     r"|\bsupport (?:our|independent) (?:work|journalism|reporting)\b|\bbecome an? (?:patron|supporter)\b",
         _SHORT, False),
        ("donation", r"^(?:consider|please) (?:helping|supporting|donating)\b|\bbecome an? (?:member|subscriber)\b", 10, False),
        ("subscribe", r"^(?:subscribe|sign (?:in|up)|log ?in|register)\b|\bsubscribe (?:to|now|for|here)\b"
                      r"|\b(?:our|the|free|daily|weekly|evening|morning) newsletter\b", 25, False),
        ("credit", r"^(?:image|photo|picture|video|file photo|photograph|illustration)s?(?: by|:| credit)"
                   r"|^credit:|\bclick (?:to|here to) (?:see|enlarge|view)\b|\bfull[- ]size image\b", 14, False),
        ("related", r"^(?:also on|also read|read (?:more|also|next)|see also|related|recommended|more on|more from"
                    r"|you (?:may|might) (?:also )?like|watch|listen)\b", 30, True),
        ("comments", r"^(?:leave a (?:comment|reply)|post a comment|\d+ comments?|comments?|comment on)\b", 14, True),
        ("nav", r"^skip to (?:the )?(?:main )?(?:content|navigation|article)\b|^(?:menu|home|search|close)\W*$", 6, False),
        ("advert", r"^(?:from our advertisers|advertisement|advertising|sponsored(?: content)?|ad)\W*$", 4, False),
        ("legal", r"^(?:\**disclaimer\b|copyright\b|©|\(c\) |all rights reserved)|\ball rights reserved\b"
                  r"|\bthe original source of this article is\b", 10_000, False),
        ("nav", r"^(?:region|theme|topics?|tags?|categories|category|filed under|section|in-depth report)s?:", 25, False),
    )
)
#: Words after "By" that start a sentence, not a byline ("By Tuesday, ...", "By then ...").
_NOT_A_NAME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december the then now late early mid midnight noon dawn nightfall "
    "contrast comparison night morning evening".split()
)
#: A personal name: capitalised words, with lower-case particles ("Nidal al-Mughrabi", "Ursula von der Leyen").
NAME = r"(?:(?!(?:Posted|Published|Updated|On|In|At|For|From)\b)(?:[A-Z]|(?:al|el|ad|as|bin|ibn|de|del|der|di|da|du|la|le|van|von|ben)[-\s])[\w.'’-]*\s*){1,5}"
_BYLINE = re.compile(rf"^By:?\s+{NAME}(?:$|[,|(;]|and\s|Posted|Published|Updated|\d)")

#: Headings after which, near the end, nothing is article text.
_CLOSING = re.compile(
    r"^(?:related(?: articles| posts| stories| news| content| topics)?|you (?:may|might) (?:also )?like"
    r"|more (?:stories|from|on|news)\b.*|read (?:more|next|also)|recommended(?: for you)?|about the authors?"
    r"|leave a (?:comment|reply)|\d* ?comments?|disclaimer|share this(?: article| story)?|trending|most read"
    r"|popular(?: posts| articles)?|tags)\W*$",
    re.I,
)

#: Author-bio cues, used on trailing lines only (they are too common mid-article).
_BIO = re.compile(
    r"\b(?:lives in|based in|can be reached|is a (?:\w+ ){0,4}(?:writer|journalist|author|analyst|editor|columnist"
    r"|contributor|researcher|correspondent|reporter)|(?:his|her|their) (?:new |latest )?book|visit (?:his|her|their)"
    r"|follow (?:him|her|them)|research associate|about the author)\b|@\w+\.\w+",
    re.I,
)


def unmark(line: str) -> str:
    """Plain text of one Markdown line: links to their text, no heading or emphasis marks."""
    out = _MD_HEADING.sub("", line)
    out = _MD_LINK.sub(lambda m: m.group(1), out)
    out = _MD_AUTOLINK.sub(lambda m: m.group(1), out)
    out = _MD_EMPH.sub(lambda m: m.group(2), out)
    out = _MD_ITAL.sub(lambda m: m.group(1), out)
    out = _MD_ESC.sub(lambda m: m.group(1), out)
    return out.strip()


def classify(raw: str) -> str | None:
    """The kind of furniture ``raw`` (one line) is, or None for article text."""
    plain = unmark(raw)
    if not plain:
        return "blank"
    if not re.search(r"[^\W\d_]", plain):
        return "symbols"
    if _is_link_list(raw, plain):
        return "links"
    if _is_glyphs(plain):
        return "glyphs"
    if _is_menu(plain):
        return "nav"
    if _QUOTE_START.match(plain):
        return None
    if is_dateline(plain):
        return "dateline"
    if _BYLINE.match(plain) and len(plain.split()) <= 14 and not _SENTENCE_END.search(plain) \
            and plain.split()[1].strip(",.:;").lower() not in _NOT_A_NAME:
        return "byline"
    words = len(plain.split())
    ends_sentence = bool(_SENTENCE_END.search(plain)) and not plain.endswith("?")
    for name, pattern, max_words, headline_only in _RULES:
        if words > max_words or (headline_only and ends_sentence):
            continue
        if pattern.search(plain):
            return name
    return None


def clean_body(text: str, title: str | None = None) -> tuple[str, list[str]]:
    """The article of ``text`` without furniture.

    Takes the document text and its detected title; returns the body (kept
    lines joined by blank lines, the title once at the top when found) and
    the list of dropped lines (for debugging and tests).
    """
    lines = [ln.strip() for ln in text.splitlines()]
    kept: list[str] = []
    dropped: list[str] = []
    started = title is None
    total = sum(len(ln) for ln in lines) or 1
    seen = 0
    for i, raw in enumerate(lines):
        plain = unmark(raw)
        seen += len(raw)
        if kept and seen / total >= 0.4 and _CLOSING.match(plain):
            dropped.extend(ln for ln in lines[i:] if ln)
            break
        if not started:
            if title and plain == title:
                started = True
            elif not _is_paragraph(plain):
                dropped.append(raw)
                continue
            else:
                started = True
        kind = classify(raw)
        if kind or (kept and plain == kept[-1]) or _is_title_duplicate(plain, kept, title):
            if kind != "blank":
                dropped.append(raw)
            continue
        kept.append(plain)
    kept, tail = trim_tail(kept)
    dropped.extend(tail)
    return "\n\n".join(kept), dropped


def trim_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Peel trailing furniture (bios, widgets, labels, links) off ``lines``; returns (kept, cut)."""
    end = len(lines)
    while end > 1 and _is_tail_furniture(lines[end - 1]):
        end -= 1
    return lines[:end], lines[end:]


def _is_tail_furniture(line: str) -> bool:
    """Whether a trailing line is not article text (bio, widget, label, link)."""
    if classify(line) or _BIO.search(line) or _URL.match(line):
        return True
    words = line.split()
    if re.match(r"^[^\W\d_][\w ]{1,30}:\s", line) and len(words) <= 12:
        return True  # a label: "Our Standards: ...", "Editing: ..."
    return len(words) <= 8 and not _SENTENCE_END.search(line)


def _is_paragraph(plain: str) -> bool:
    """A line long enough to be article text even before the title."""
    return len(plain.split()) >= 25 and bool(_SENTENCE_END.search(plain))


def _is_title_duplicate(plain: str, kept: list[str], title: str | None) -> bool:
    """A repeat of the headline within the first lines (pages often print it twice)."""
    return bool(title) and plain == title and title in kept[:3]


def _is_link_list(raw: str, plain: str) -> bool:
    """A line made only of links (Markdown, autolinks, bare URLs) and separators."""
    if _URL.match(plain):
        return True
    rest = _MD_AUTOLINK.sub("", _MD_LINK.sub("", raw))
    if rest == raw:
        return False
    rest = re.sub(r"[\s,|•·*_/\\-]+", "", rest)
    if not rest:
        return True
    label = re.fullmatch(r"[^\W\d_][\w\s&'-]{0,30}:", rest.replace(" ", ""))
    return bool(label)


def _is_menu(plain: str) -> bool:
    """A menu: two or more short items separated by bars or bullets ("Home | News | World")."""
    items = [i.strip() for i in re.split(r"\s[|•·»]\s", plain)]
    return len(items) >= 2 and all(0 < len(i.split()) <= 3 for i in items)


def _is_glyphs(plain: str) -> bool:
    """An icon-font or sprite string: many words, no sentence, one word dominating."""
    words = plain.lower().split()
    if len(words) < 8 or _SENTENCE_END.search(plain):
        return False
    joined = " ".join(words)
    if joined.count("icon") >= 4:
        return True
    top = Counter(words).most_common(1)[0][1]
    return top / len(words) >= 0.25


#: Sentences longer than this (characters) are broken into lines for analysis.
MAX_SENTENCE_CHARS = 2000


def break_long_sentences(body: str, limit: int = MAX_SENTENCE_CHARS) -> tuple[str, int]:
    """``body`` with every sentence longer than ``limit`` broken at spaces into lines.

    A space is replaced by a newline, so the text keeps its length and every
    offset (a 5 MB "sentence" with no full stop would otherwise make the
    per-sentence extraction take hours).  Returns the text and how many
    sentences were broken.
    """
    from geo.sentences import split_sentences

    chars: list[str] | None = None
    broken = 0
    for start, end in split_sentences(body):
        if end - start <= limit:
            continue
        chars = chars if chars is not None else list(body)
        broken += 1
        pos = start
        while end - pos > limit:
            cut = body.rfind(" ", pos + 1, pos + limit)
            if cut == -1:
                cut = body.find(" ", pos + limit, end)
                if cut == -1:
                    break
            chars[cut] = "\n"
            pos = cut + 1
    return ("".join(chars) if chars is not None else body), broken
