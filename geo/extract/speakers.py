"""Speaker phrases next to a reporting cue: names, roles, institutions, pronouns.

A speaker phrase is a run of capitalised words, possessives ("Russia's") and
title or institution words ("spokeswoman", "Foreign Ministry", "unnamed
NATO source").  The name is the capitalised tail after the last title word;
what comes before it is the role ("Russia's Foreign Ministry spokeswoman
Maria Zakharova" -> name "Maria Zakharova", role "Foreign Ministry
spokeswoman").  An appositive role ("Sergey Lavrov, Russia's Foreign
Minister, said") is joined to the name before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo.extract.lexicon import claim_words

_TOKEN = re.compile(r"\([A-Z][A-Za-z]*\)|[^\W\d_][\w'’.-]*|\d+[\w-]*|[^\w\s]")
_DETERMINERS = {"the", "a", "an"}
_CONNECTORS = {"the", "a", "an", "for", "of", "in", "and"}
_NOT_START = {
    "on", "in", "at", "after", "before", "during", "since", "meanwhile", "however", "days", "earlier", "later",
    "last", "this", "speaking", "according", "also", "but", "while", "when", "as", "if", "although", "then",
}
_OUTLET_WORDS = {"news", "agency", "television", "tv", "newspaper", "daily", "outlet", "media", "ministry",
                 "statement", "readout", "kremlin", "channel", "office", "press", "service", "command", "center", "centre"}
_TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday",
}


#: A preposition right before a name: the name is an object, not a subject with an appositive role.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|of|by|for|from|about|against|ahead of|after|before|than|like|between)\s+(?:the\s+)?$", re.I
)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: display name, role, span of the phrase, and whether a pronoun stood for it."""

    name: str
    role: str | None
    start: int
    end: int
    from_pronoun: bool = False


def _lexical(word: str) -> bool:
    w = word.lower()
    words = claim_words()
    return w in words.titles or w in words.institution_words or w in words.anonymous


def _accept(tok: str) -> bool:
    """Whether a token may belong to a speaker phrase."""
    if tok.startswith("(") and tok.endswith(")"):
        return True
    if tok[0].isupper():
        return True
    if re.match(r"(?:al|el|as|ash|ad|ar|an|bin|ibn|de|van|von|da)-?[A-Z]", tok):
        return True
    return _lexical(tok)


def _is_title(tok: str) -> bool:
    w = tok.lower().rstrip(".")
    words = claim_words()
    return w in words.titles or w in words.institution_words or w + "." in words.titles


def _possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s"))


def _tokens(text: str, base: int) -> list[tuple[int, int, str]]:
    """Word and punctuation tokens; a final full stop is split off unless an abbreviation ("U.S.")."""
    out = []
    for m in _TOKEN.finditer(text):
        tok, start, end = m.group(0), base + m.start(), base + m.end()
        if tok.endswith(".") and len(tok) > 1 and not re.fullmatch(r"(?:[A-Za-z]\.)+", tok):
            out.append((start, end - 1, tok[:-1]))
            out.append((end - 1, end, "."))
        else:
            out.append((start, end, tok))
    return out


def _strip_edges(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    while toks and toks[0][2].lower() in _CONNECTORS:
        toks = toks[1:]
    while toks and toks[-1][2].lower() in _CONNECTORS:
        toks = toks[:-1]
    return toks


def _valid(toks: list[tuple[int, int, str]]) -> bool:
    if not toks:
        return False
    words = [t[2] for t in toks]
    first = words[0].lower()
    if first in claim_words().not_speakers or first in _NOT_START:
        return False
    if all(w.lower().rstrip("’'s") in _TIME_WORDS for w in words):
        return False
    anonymous = claim_words().anonymous | claim_words().titles
    return any(w[0].isupper() for w in words) or any(w.lower() in anonymous or w.lower() in _OUTLET_WORDS for w in words)


def _split(toks: list[tuple[int, int, str]], definite: bool) -> tuple[str, str | None, bool]:
    """(name, role, has_person_name) of a phrase's tokens."""
    words = [t[2] for t in toks]
    last_title = max((k for k, w in enumerate(words) if _is_title(w) or _possessive(w)), default=-1)
    tail = words[last_title + 1:]
    phrase = " ".join(words)
    if not tail or not all(w[0].isupper() or w.startswith(("al-", "bin", "ibn")) for w in tail):
        trimmed = [w for w in words if w.lower() not in ("statement", "readout")] or words
        return " ".join(trimmed), None, False
    role_words = words[: last_title + 1]
    if not any(w.lower().rstrip(".") in claim_words().titles for w in role_words):
        return phrase, None, False  # "Turkey's Daily Sabah": an institution, not a person with a role
    cut = max((k for k, w in enumerate(role_words[:-1]) if _possessive(w)), default=-1)
    role_words = role_words[cut + 1:]
    role = " ".join(role_words) or None
    return " ".join(tail), role, True


#: How far back from a cue the speaker phrase is first looked for (a window keeps a giant
#: sentence linear; the whole sentence is read only when the phrase fills the window).
_WINDOW = 400


def _phrase_before(body: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    if hi - lo > _WINDOW:
        cut = body.find(" ", hi - _WINDOW, hi)  # tokens never hold whitespace: same tokens after it
        if cut != -1:
            run, stopped = _phrase_run(body, cut + 1, hi)
            if stopped:
                return run
    return _phrase_run(body, lo, hi)[0]


def _phrase_run(body: str, lo: int, hi: int) -> tuple[list[tuple[int, int, str]], bool]:
    """The accepted tokens ending at ``hi``, and whether a rejected token inside ``lo:hi`` ended them."""
    toks = _tokens(body[lo:hi], lo)
    aux = claim_words().auxiliaries
    while toks and toks[-1][2].lower() in aux:
        toks.pop()
    run: list[tuple[int, int, str]] = []
    for tok in reversed(toks):
        if not _accept(tok[2]):
            return run, True
        run.insert(0, tok)
    return run, False


def parse_before(body: str, lo: int, hi: int, last_person: Speaker | None = None) -> Speaker | None:
    """The speaker phrase ending at ``hi`` (not before ``lo``), or a resolved pronoun, or None."""
    run = _strip_edges(_phrase_before(body, lo, hi))
    if not run or (len(run) == 1 and run[0][2].lower() in claim_words().pronouns):
        return _pronoun_or_appositive(body, lo, hi, last_person)
    if not _valid(run):
        return None
    start = run[0][0]
    definite = body[max(lo, start - 4):start].lower().endswith(("the ", "an ", "a "))
    name, role, person = _split(run, definite)
    speaker = Speaker(name, role, start, run[-1][1])
    if not person:
        combined = _appositive(body, lo, start, speaker)
        if combined is not None:
            return combined
        if definite and last_person is not None and _shares_title(name, last_person):
            return replace(last_person, start=start, end=run[-1][1], from_pronoun=True)
    return speaker


def _shares_title(phrase: str, person: Speaker) -> bool:
    titles = claim_words().titles
    mine = {w.lower() for w in phrase.split() if w.lower() in titles}
    theirs = {w.lower() for w in (person.role or "").split() if w.lower() in titles}
    return bool(mine & theirs)


def _appositive(body: str, lo: int, start: int, role_phrase: Speaker) -> Speaker | None:
    """'Sergey Lavrov, Russia's Foreign Minister' -> name with that role."""
    before = body[lo:start]
    m = re.search(r",\s*(?:(?:the|a|an|its|his|her|their|[\w-]+['’]s)\s+){0,2}$", before, re.I)
    if not m:
        return None
    run = _strip_edges(_phrase_before(body, lo, lo + m.start()))
    if not run or not _valid(run):
        return None
    if _PREPOSITION_BEFORE.search(body[lo: run[0][0]]):
        return None  # "Speaking ... with Putin, the Turkish leader said": Putin is not the leader
    name, role, person = _split(run, False)
    if not person and role is None and not any(_is_title(t[2]) for t in run):
        person = True
    if not person:
        return None
    phrase = role_phrase.name
    phrase_words = phrase.split()
    if len(phrase_words) > 1 and _possessive(phrase_words[0]):
        phrase = " ".join(phrase_words[1:])
    return Speaker(name, role or phrase, run[0][0], role_phrase.end)


def _pronoun_or_appositive(body: str, lo: int, hi: int, last_person: Speaker | None) -> Speaker | None:
    toks = _tokens(body[lo:hi], lo)
    aux = claim_words().auxiliaries
    while toks and toks[-1][2].lower() in aux:
        toks.pop()
    if toks and toks[-1][2].lower() in claim_words().pronouns and last_person is not None:
        return replace(last_person, start=toks[-1][0], end=toks[-1][1], from_pronoun=True)
    if toks and toks[-1][2] == ",":
        inner = parse_before(body, lo, toks[-1][0], last_person)
        if inner is not None and inner.role and not inner.from_pronoun:
            return inner  # "Pavel Novak, the Interior Minister, said"
    return None


def parse_after(body: str, lo: int, hi: int, last_person: Speaker | None = None) -> Speaker | None:
    """The speaker phrase starting at ``lo`` ("said Foreign Minister X", "according to TASS")."""
    toks = _tokens(body[lo:hi], lo)
    if toks and toks[0][2].lower() in claim_words().pronouns and last_person is not None:
        return replace(last_person, start=toks[0][0], end=toks[0][1], from_pronoun=True)
    while toks and toks[0][2].lower() in _DETERMINERS:
        toks = toks[1:]
    run: list[tuple[int, int, str]] = []
    for tok in toks:
        if not _accept(tok[2]) or tok[2] in (",", "."):
            break
        run.append(tok)
    run = _strip_edges(run)
    if not _valid(run):
        return None
    name, role, _ = _split(run, False)
    name = re.sub(r"\s*\([A-Z][A-Za-z]*\)$", "", name)
    return Speaker(name, role, run[0][0], run[-1][1])


def is_outlet(speaker: Speaker) -> bool:
    """Whether the speaker looks like an outlet or institution rather than a person."""
    return speaker.role is None and any(w.lower() in _OUTLET_WORDS for w in speaker.name.split())


# --- the parties of an event: names right before a trigger verb, or after "with"/"by" ---

#: Words that may stand between a subject and its verb ("Putin and Erdogan have met").
FILLER = re.compile(
    r"(?:\s+(?:has|have|had|also|then|reportedly|again|once|already|both|finally|later|twice|\w+ly))*\s*$", re.I
)
_SUBJECT_CUT = re.compile(
    r"[,;:()\[\]“”\"«»—–]|\b(?:that|which|who|because|after|before|when|while|as|although|said|says|told|with|of|by|for|to|from)\b"
)
#: Plural or role heads that name the parties of talks ("the two sides", "foreign ministers").
_PARTY_HEADS = frozenset(
    "side sides parties leaders delegation delegations presidents counterparts ministers officials diplomats "
    "envoys negotiators".split()
)
_NOT_NAME_START = frozenset(
    "on in at the a an after since meanwhile during however but while when as if although then this that last "
    "days earlier later also speaking according i we he she it they you".split()
)


def proper_subjects(text: str, trigger: int) -> list[str]:
    """Capitalised names right before the trigger, titles dropped.

    "Putin and Erdogan have met" -> ["Putin", "Erdogan"]; "Russian President
    Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan talked"
    -> ["Vladimir Putin", "Recep Tayyip Erdogan"].
    """
    before = text[:trigger]
    before = before[: FILLER.search(before).start()]
    cut = max((m.end() for m in _SUBJECT_CUT.finditer(before)), default=0)
    parts = re.split(r"\s+(?:and|&)\s+", before[cut:].strip())
    names: list[str] = []
    for part in reversed(parts):
        name = trailing_name(part)
        if not name:
            break
        names.insert(0, name)
    return names


def role_subject(text: str, trigger: int) -> list[str]:
    """A role or party phrase right before the trigger ("the president", "Foreign ministers", "the two sides")."""
    before = text[:trigger]
    before = before[: FILLER.search(before).start()]
    m = re.search(r"(?:^(?:(?:the|a|an)\s+)?|\b(?:the|a|an)\s+)((?:[\w-]+\s+){0,2}?([\w-]+))$", before.strip(), re.I)
    if not m:
        return []
    head = m.group(2).lower()
    if head in claim_words().titles or head in _PARTY_HEADS:
        return [m.group(1)]
    return []


def trailing_name(phrase: str) -> str | None:
    """The capitalised name ending ``phrase``, after any title or possessive ("his Turkish counterpart X Y" -> "X Y")."""
    titles = claim_words().titles
    run: list[str] = []
    for word in reversed(phrase.split()):
        bare = word.strip("()[]")
        if not bare or not (bare[0].isupper() or bare.startswith(("al-", "bin ", "ibn "))) or bare.endswith(("'s", "’s")):
            break
        if bare.lower().rstrip(".") in titles or bare.lower() in _TIME_WORDS:
            break
        run.insert(0, bare)
    if run and run[0].lower() in _NOT_NAME_START:
        run = run[1:]
    return " ".join(run) or None


def with_name(text: str, end: int) -> str | None:
    """The name after "with" shortly after a trigger ("met with Sergey Lavrov", "with his counterpart X")."""
    m = re.match(r"(?:\s+[\w'’-]+){0,4}?\s+with\s+([^,;.:“”\"]*?)(?=\s+(?:and|by|over|on|in|at|to|about)\b|[,;.:“”\"]|$)", text[end:])
    return trailing_name(m.group(1)) if m else None


def agent_name(text: str, end: int) -> str | None:
    """The name after "by" right after a trigger ("threats by the Turkish President Recep Tayyip Erdogan")."""
    m = re.match(r"\s+by\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w-]*)", text[end:])
    return trailing_name(m.group(1)) if m else None


def first_person_speaker(text: str, trigger: int, end: int) -> str | None:
    """Who "I"/"we" is when a quote names its speaker after it ("“I have met X,” Mevlut Cavusoglu told ...")."""
    if not re.search(r"\b(?:I|we)\s+(?:have\s+|had\s+|also\s+)*$", text[:trigger], re.I):
        return None
    m = re.search(r"[”\"]\s*((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’-]*)\s+(?:said|says|told|tells|added|stressed)\b", text[end:])
    return trailing_name(m.group(1)) if m else None
