"""Events: one per sentence and sub-type, with actors, date, place and fatalities.

``extract_events(doc, mentions)`` reads each sentence of ``doc.body``; every
sub-type of the taxonomy (``data/extract/events.json``) whose trigger matches
gives one :class:`~geo.records.Event`.  Questions and hypotheticals are
skipped (except threats), and so are title-case headlines.  An event needs an
anchor: an actor, a literal place or a stated date.

* actors come from the actor lexicon (``data/extract/actors.json``), places
  used metonymically ("Ankara sent...") and, for talks and threats, the
  names right before the trigger ("Putin and Erdogan met");
* the date comes from :mod:`geo.extract.dates`, else from a dated sentence
  shortly before in the same text, else the publication date;
* the place is the most specific literal mention in the sentence (site >
  town/road > district > province > country), nearest to the trigger; for
  violent and military types with no place, the last place of the same
  paragraph or the document's focus place is used at precision 3.
"""
from __future__ import annotations

import re
from collections import Counter

from geo.extract import _context as ctx
from geo.extract.dates import DateGuess, resolve_date
from geo.extract.lexicon import EventType, actors, claim_words, taxonomy
from geo.records import Document, Event, Mention

NEAR_BEFORE = re.compile(
    r"(?:\bnear|\baround|\boutskirts of|\bvicinity of|\bclose to|\boutside|\bcountryside of|\bsuburbs of"
    r"|\benvirons of|\barea of|\bregion of|\b(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?(?: of)?)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
PROVINCE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:and\s+[\w-]+\s+)?(?:province|provinces|governorate|governorates|de-escalation zone|oblast|state)\b", re.I)
VENUE_AFTER = re.compile(r"^(?:\s+[\w-]+)?\s+(?:conference|summit|talks|meeting|forum|negotiations)\b", re.I)
NEAR_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:area|region|countryside|suburbs|outskirts|district|environs|axis|front|sector|direction)\b", re.I)
INFINITIVE = re.compile(r"\b(?:to|from)\s+(?:further\s+|also\s+)?$", re.I)
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "a hundred": 100})
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
FATALITIES = (
    re.compile(rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:killed|dead|died|deaths|fatalities)\b", re.I),
    re.compile(rf"\bkill(?:ed|ing|s)\s+(?:at\s+least\s+|some\s+|about\s+)?{_NUM}\b", re.I),
    re.compile(rf"\bdeath toll\s+(?:rose\s+to|of|reached|climbed\s+to|stands\s+at)\s+{_NUM}\b", re.I),
)
CONTEXT_SENTENCES = 3
LOCATIVE = re.compile(
    r"\b(?:in|at|near|to|into|around|outside|inside|across|towards?|on|of|outskirts of|north|south|east|west)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split()
)
SUBJECT_TYPES = ("Agreement or talks", "Statement of intent or threat")


def extract_events(doc: Document, mentions: list[Mention]) -> list[Event]:
    """Events in ``doc.body``, in text order.

    Takes the document and its mentions (offsets into ``doc.body``).
    Returns at most one event per sentence and sub-type; never raises for
    odd text.
    """
    sents = ctx.sentences(doc.body)
    focus = _focus_place(mentions)
    events: list[Event] = []
    for i, sent in enumerate(sents):
        if ctx.is_headline(sent.text):
            continue
        in_sent = ctx.mentions_in(mentions, sent.start, sent.end)
        for etype in taxonomy().types:
            trigger = find_trigger(sent.text, etype)
            if trigger is None:
                continue
            event = _build(doc, sents, i, etype, trigger, in_sent, focus, mentions)
            if event is not None:
                events.append(event)
    return events


def find_trigger(text: str, etype: EventType) -> int | None:
    """Offset of the first trigger of ``etype`` in ``text`` or None.

    A trigger does not count right after "to"/"from" ("threatened to
    attack", "prevent them from advancing"), after a negation ("prevent
    clashes"), or, except for threat-like types, in a question or in a
    clause with a modal, conditional or future marker ("further talks planned").
    """
    tax = taxonomy()
    question = text.rstrip(" ”\"'’").endswith("?")
    if question and not etype.hypothetical_ok:
        return None
    for rule in etype.rules:
        if rule.requires and not rule.requires.search(text):
            continue
        if rule.excludes and rule.excludes.search(text):
            continue
        for m in rule.pattern.finditer(text):
            before = text[: m.start()]
            if INFINITIVE.search(before) or tax.negation.search(before):
                continue
            if not etype.hypothetical_ok and is_hypothetical(clause_at(text, m.start(), m.end())):
                continue
            return m.start()
    return None


def clause_at(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``, between clause boundaries."""
    bounds = taxonomy().clause_boundary
    left = max((b.end() for b in bounds.finditer(text, 0, start)), default=0)
    right = bounds.search(text, end)
    return text[left: right.start() if right else len(text)]


def is_hypothetical(text: str) -> bool:
    """Questions and clauses with a modal, conditional or future marker."""
    return text.rstrip(" ”\"'’").endswith("?") or bool(taxonomy().hypothetical.search(text))


def find_actors(text: str, mentions: list[Mention] = (), offset: int = 0) -> list[tuple[int, str]]:
    """Actors in ``text`` as (position, name), in text order.

    Lexicon matches ("Syrian army", "militants", "HTS") plus places used
    metonymically; "Russian and Turkish officials" gives two actors.
    """
    found: list[tuple[int, str]] = []
    for m in actors().pattern.finditer(text):
        name = re.sub(r"^(?:a|an|the)\s+", "", m.group(0), flags=re.I)
        pair = re.match(r"(\S+)\s+and\s+(\S+)\s+(.+)$", name)
        if m.lastgroup == "force" and pair:
            found.append((m.start(), f"{pair[1]} {pair[3]}"))
            found.append((m.start() + len(pair[1]) + 5, f"{pair[2]} {pair[3]}"))
        else:
            found.append((m.start(), name))
    covered = [(p, p + len(n)) for p, n in found]
    for mention in mentions:
        pos = mention.start - offset
        possessive = text[mention.end - offset: mention.end - offset + 2] in ("'s", "’s")
        if mention.kind == "metonymic" and not possessive and not any(a <= pos < b for a, b in covered):
            found.append((pos, mention.text))
    return sorted(found)


def subject_names(text: str, trigger: int) -> list[str]:
    """Capitalised names right before the trigger ("Putin and Erdogan have met")."""
    before = text[:trigger]
    m = re.search(
        r"((?:[A-Z][\w'’.-]+\s+){0,3}?[A-Z][\w'’-]+(?:\s+and\s+(?:[A-Z][\w'’-]+\s+)*?[A-Z][\w'’-]+)?)"
        r"\s+(?:(?:has|have|had|also|then|reportedly|again|once|already)\s+)*$",
        before,
    )
    if not m:
        role = re.search(r"\b(?:the|a|an)\s+((?:[\w-]+\s+){0,2}?([\w-]+))\s+(?:(?:has|have|had|also|then|again|already)\s+)*$", before, re.I)
        if role and role.group(2).lower() in claim_words().titles:
            return [role.group(1)]
        return []
    names = []
    for name in re.split(r"\s+and\s+", m.group(1)):
        words = [w for w in name.split() if not w.endswith("ing") and w.lower().rstrip("’'s") not in TIME_WORDS]
        words = [w for w in words if not w.endswith(("'s", "’s"))]
        if words and words[0].lower() not in ("on", "in", "the", "after", "since", "meanwhile", "during"):
            names.append(" ".join(words))
    return names


def choose_actors(found: list[tuple[int, str]], trigger: int) -> tuple[str | None, str | None]:
    """actor1 = the actor nearest before the trigger (else the first), actor2 = the next other one."""
    before = [a for a in found if a[0] < trigger]
    after = [a for a in found if a[0] >= trigger]
    first = before[-1] if before else (after[0] if after else None)
    if first is None:
        return None, None
    rest = [a for a in after + before[:-1] if a[1].lower() != first[1].lower()]
    return first[1], rest[0][1] if rest else None


def best_location(
    mentions: list[Mention], body: str, trigger_at: int, exclude: list[tuple[int, int]] = ()
) -> tuple[Mention, int] | None:
    """The best literal mention and its geo_precision (1 town, 2 near/district/road, 3 province+).

    Most specific first, then places after a locative preposition ("in",
    "near", "to") before others ("from X", "US-backed"), then nearest to the
    trigger.  Mentions inside ``exclude`` spans (actor phrases) are skipped.
    """
    literal = [
        m for m in mentions
        if m.kind == "literal" and not any(a <= m.start < b for a, b in exclude)
    ]
    if not literal:
        return None

    def rank(m: Mention) -> tuple:
        locative = bool(LOCATIVE.search(body[max(0, m.start - 40): m.start]))
        venue = bool(VENUE_AFTER.match(body[m.end: m.end + 40]))
        return (ctx.place_tier(m.place), not venue, not locative, abs(m.start - trigger_at), -m.confidence)

    best = min(literal, key=rank)
    return best, geo_precision(best, body)


def geo_precision(mention: Mention, body: str) -> int:
    """ACLED geo precision of an event placed at ``mention``."""
    tier = ctx.place_tier(mention.place)
    if tier >= 3:
        return 3
    if PROVINCE_AFTER.match(body[mention.end: mention.end + 30]):
        return 3
    if tier == 2 or ctx.is_road(mention.place):
        return 2
    before = body[max(0, mention.start - 40): mention.start]
    after = body[mention.end: mention.end + 30]
    return 2 if NEAR_BEFORE.search(before) or NEAR_AFTER.search(after) else 1


def fatalities(text: str) -> int | None:
    """The number of people a sentence says were killed, if stated."""
    for rx in FATALITIES:
        m = rx.search(text)
        if m:
            raw = m["n"].lower().replace(",", "")
            return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    return None


def _focus_place(mentions: list[Mention]) -> Mention | None:
    """The literal place the document is about: most named below country level, first on ties."""
    candidates = [m for m in mentions if m.kind == "literal" and ctx.place_tier(m.place) <= 3]
    if not candidates:
        return None
    counts = Counter(m.place.place_id for m in candidates)
    top = max(counts.values())
    return next(m for m in candidates if counts[m.place.place_id] == top)


def _event_date(doc: Document, sents: list[ctx.Sentence], i: int) -> DateGuess:
    """The sentence's own date, else the previous sentence's, else one earlier in the paragraph, else publication."""
    own = resolve_date(sents[i].text, doc.published)
    if own.explicit:
        return own
    for j in range(i - 1, max(-1, i - 1 - CONTEXT_SENTENCES), -1):
        same_paragraph = sents[j].paragraph == sents[i].paragraph
        if j < i - 1 and not same_paragraph:
            break
        prior = resolve_date(sents[j].text, doc.published)
        if prior.explicit and prior.precision <= (2 if same_paragraph else 1):
            note = f"date from context ('{prior.expression.strip()}' {i - j} sentence(s) earlier)"
            return DateGuess(prior.date, max(prior.precision, 2), note, prior.expression, False)
    return own


def _context_place(sents: list[ctx.Sentence], i: int, mentions: list[Mention], focus: Mention | None):
    """A place for an event whose sentence names none: same paragraph before, else the focus."""
    para = sents[i].paragraph
    for j in range(i - 1, max(-1, i - 3), -1):
        if sents[j].paragraph != para:
            break
        literal = [m for m in ctx.mentions_in(mentions, sents[j].start, sents[j].end) if m.kind == "literal"]
        if literal:
            best = min(literal, key=lambda m: (ctx.place_tier(m.place), -m.start))
            return best, "place from an earlier sentence of the paragraph"
    if focus is not None:
        return focus, "place inferred from the document's focus"
    return None, ""


def _build(doc, sents, i, etype: EventType, trigger: int, in_sent, focus, mentions) -> Event | None:
    """One event for sentence ``i`` and ``etype``, or None when it has no anchor."""
    sent = sents[i]
    found = find_actors(sent.text, in_sent, sent.start)
    actor1, actor2 = choose_actors(found, trigger)
    if etype.sub_event_type in SUBJECT_TYPES and not any(pos < trigger for pos, _ in found):
        names = subject_names(sent.text, trigger)
        others = names[1:] + ([actor1] if actor1 else [])
        actor1, actor2 = (names[0] if names else None), (others[0] if others else None)
    date = _event_date(doc, sents, i)
    spans = [(sent.start + pos, sent.start + pos + len(name)) for pos, name in found]
    located = best_location(in_sent, doc.body, sent.start + trigger, spans)
    own_date = resolve_date(sent.text, doc.published).explicit
    if actor1 is None and actor2 is None and located is None and not own_date:
        return None
    if etype.needs_place and located is None:
        return None
    notes = [date.note] if date.note else []
    place, precision = (located if located else (None, None))
    if place is None and etype.infer_place:
        place, why = _context_place(sents, i, mentions, focus)
        precision = max(2, geo_precision(place, doc.body)) if place is not None else None
        if place is not None and "focus" in why:
            precision = 3
        if why:
            notes.append(why)
    return Event(
        event_id=ctx.stable_id("ev", doc.doc_id, sent.start, sent.end, etype.event_type, etype.sub_event_type),
        doc_id=doc.doc_id,
        event_type=etype.event_type,
        sub_event_type=etype.sub_event_type,
        sentence=sent.text,
        sentence_start=sent.start,
        sentence_end=sent.end,
        actor1=actor1,
        actor2=actor2,
        event_date=date.date,
        time_precision=date.precision,
        place_id=place.place.place_id if place else None,
        location=place.place.name if place else None,
        lat=place.place.lat if place else None,
        lon=place.place.lon if place else None,
        geo_precision=precision,
        fatalities=fatalities(sent.text),
        source=doc.outlet,
        notes="; ".join(notes),
    )
