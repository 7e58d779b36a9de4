"""Events: one per sentence and sub-type, with actors, date, place and fatalities.

``extract_events(doc, mentions)`` reads each sentence of ``doc.body``; every
sub-type of the taxonomy (``data/extract/events.json``) whose trigger matches
gives one :class:`~geo.records.Event`.  Questions and hypotheticals are
skipped (except threats), and so are title-case headlines.  An event needs an
anchor: an actor, a literal place or a stated date.  A trigger must also
report something that happened (:func:`is_factual`): not inside an evaluative
frame ("Putin supports Syria's liberating struggle"), not a generic or
aggregate statement without a day ("Turkey keeps sending troops", "there have
been multiple clashes"), not an intention ("insisting on liberating Idlib");
a noun trigger ("talks", "threats") needs its own date or, for talks, a venue,
and is not a mere reference ("prior to the meeting", "ignoring Erdogan's
threats"); a meeting verb needs its participants ("Putin and Erdogan met",
"met with Lavrov").

* actors come from the actor lexicon (``data/extract/actors.json``), places
  used metonymically ("Ankara sent...") and, for talks and threats, the
  names right before the trigger ("Putin and Erdogan met", "Russian
  President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan
  talked") or after "with"; a passive agent ("carried out by militants",
  "fire by the Turkish forces") is actor1;
* the date comes from :mod:`geo.extract.dates`, else from a dated sentence
  shortly before in the same text, else the publication date; deadlines
  ("by the end of February") never date an event;
* the place is the most specific literal mention in the sentence (site >
  town/road > district > province > country), nearest to the trigger; for
  violent and military types with no place, the last place below country
  level of the same paragraph or the document's focus place is used at
  precision 3.  Talks are placed only at a venue ("talks in Moscow", "the
  Munich Security Conference"), never at a topic ("on the situation in
  Idlib"); a talks event that only refers back to one already found in the
  document (same date and place) is dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from geo.extract import _context as ctx
from geo.extract.dates import DateGuess, resolve_date
from geo.extract.lexicon import EventType, Rule, actors, taxonomy
from geo.extract.speakers import (
    FILLER, agent_name, first_person_speaker, proper_subjects, role_subject, with_name,
)
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
SUBJECT_TYPES = ("Agreement or talks", "Statement of intent or threat")
_THE_PROVINCE = re.compile(r"\bthe (?:province|governorate)\b", re.I)
#: Where a clause or phrase ends, for the segment a trigger's date or subject is looked for in.
_SEGMENT = re.compile(
    r"[,;:“”\"«»—–]|\b(?:that|which|who|whom|because|while|when|as|although|whereas|where|but|so|said|says|told)\b"
)
#: Words that may stand right before "in"/"at" + a venue ("talks in", "met in", "Tuesday in", "7th in").
_VENUE_WORDS = frozenset(
    "met held talks meeting meetings summit negotiations consultations conference twice once today yesterday "
    "tonight officials delegations delegation ministers leaders sides counterparts counterpart diplomats "
    "presidents call conversation week weekend month morning evening night afternoon day days".split()
)


@dataclass(frozen=True)
class Trigger:
    """A trigger match in a sentence: its span and the rule that found it."""

    start: int
    end: int
    rule: Rule


def extract_events(doc: Document, mentions: list[Mention]) -> list[Event]:
    """Events in ``doc.body``, in text order.

    Takes the document and its mentions (offsets into ``doc.body``).
    Returns at most one event per sentence and sub-type; never raises for
    odd text.
    """
    sents = ctx.sentences(doc.body)
    focus = _focus_place(mentions)
    events: list[Event] = []
    seen_refs: set[tuple] = set()
    for i, sent in enumerate(sents):
        if ctx.is_headline(sent.text):
            continue
        in_sent = ctx.mentions_in(mentions, sent.start, sent.end)
        for etype in taxonomy().types:
            trigger = _first_factual(doc, sent, etype, in_sent)
            if trigger is None:
                continue
            event = _build(doc, sents, i, etype, trigger, in_sent, focus, mentions)
            if event is None:
                continue
            key = (event.sub_event_type, event.event_date, event.place_id)
            if etype.venue_only and trigger.rule.nominal and key in seen_refs:
                continue  # "the readout of Friday's phone call": the call is already an event
            seen_refs.add(key)
            events.append(event)
    return events


def find_triggers(text: str, etype: EventType) -> Iterator[Trigger]:
    """Triggers of ``etype`` in ``text``, rule by rule, that pass the lexical checks.

    A trigger does not count right after "to"/"from" ("threatened to
    attack", "prevent them from advancing"), after a negation ("prevent
    clashes"), as an -ing form after a preposition ("insisting on
    liberating"), or, except for threat-like types, in a question or in a
    clause with a modal, conditional or future marker ("further talks planned").
    """
    tax = taxonomy()
    question = text.rstrip(" ”\"'’").endswith("?")
    if question and not etype.hypothetical_ok:
        return
    for rule in etype.rules:
        if rule.requires and not rule.requires.search(text):
            continue
        if rule.excludes and rule.excludes.search(text):
            continue
        for m in rule.pattern.finditer(text):
            before = text[: m.start()]
            if INFINITIVE.search(before) or tax.negation.search(before):
                continue
            if m.group(0).lower().endswith("ing") and tax.gerund_after and tax.gerund_after.search(before):
                continue
            if not etype.hypothetical_ok and is_hypothetical(clause_at(text, m.start(), m.end())):
                continue
            yield Trigger(m.start(), m.end(), rule)


def find_trigger(text: str, etype: EventType) -> int | None:
    """Offset of the first trigger of ``etype`` in ``text`` (see :func:`find_triggers`) or None."""
    return next((t.start for t in find_triggers(text, etype)), None)


def is_factual(text: str, trigger: Trigger, published: str | None, has_venue: bool = False) -> bool:
    """Whether the trigger reports something that happened, not an opinion, habit or reference.

    Takes the sentence, the trigger, the publication date and whether the
    sentence names a venue for it.  False when an evaluative frame comes
    before the trigger ("Putin supports ..."); when the sentence is generic
    or aggregate ("keeps sending", "over the past month") and states no day;
    for a noun trigger, when it is the object of a temporal phrase without a
    date of its own ("prior to the meeting", "ignoring Erdogan's threats") or
    has neither a date in its clause nor (talks) a venue; for a meeting verb,
    when no participant is named.
    """
    tax = taxonomy()
    if tax.opinion and tax.opinion.search(text[: trigger.start]):
        return False
    if tax.habitual and tax.habitual.search(text):
        own = resolve_date(ctx.blank_deadlines(text), published)
        if not (own.explicit and own.precision == 1):
            return False
    if trigger.rule.nominal:
        seg = segment(text, trigger.start, trigger.end)
        dated = resolve_date(ctx.blank_deadlines(seg), published).explicit
        if tax.background and tax.background.search(text[: trigger.start]):
            return dated
        return dated or (trigger.rule.venue and has_venue)
    if trigger.rule.participants:
        return has_participants(text, trigger)
    return True


def segment(text: str, start: int, end: int) -> str:
    """The stretch of ``text`` around ``[start, end)`` between phrase boundaries (commas, quotes, "that", "as")."""
    left = max((m.end() for m in _SEGMENT.finditer(text, 0, start)), default=0)
    right = _SEGMENT.search(text, end)
    return text[left: right.start() if right else len(text)]


def has_participants(text: str, trigger: Trigger, found: list[tuple[int, str]] | None = None) -> bool:
    """Whether a meeting verb names its parties: a name or actor right before it, or "with X" after it."""
    if proper_subjects(text, trigger.start) or role_subject(text, trigger.start):
        return True
    found = find_actors(text) if found is None else found
    head = text[: trigger.start]
    for pos, name in found:
        end = text.find(name, pos)
        if 0 <= end and end + len(name) <= trigger.start and FILLER.fullmatch(head[end + len(name):] or " "):
            return True
    return with_name(text, trigger.end) is not None


def _first_factual(doc: Document, sent: ctx.Sentence, etype: EventType, in_sent: list[Mention]) -> Trigger | None:
    has_venue = etype.venue_only and venue_location(in_sent, doc.body, sent.start) is not None
    for trigger in find_triggers(sent.text, etype):
        if is_factual(sent.text, trigger, doc.published, has_venue):
            return trigger
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
    """The parties named right before the trigger: proper names, else a role ("the president")."""
    return proper_subjects(text, trigger) or role_subject(text, trigger)


def choose_actors(
    found: list[tuple[int, str]], trigger: int, text: str = "", trigger_end: int | None = None
) -> tuple[str | None, str | None]:
    """actor1 = the actor nearest before the trigger (else the first), actor2 = the next other one.

    A passive agent after the trigger ("attacks ... carried out by terrorist
    units", "artillery fire by the Turkish forces") is actor1 instead, when
    it follows the trigger closely or no actor comes before it.
    """
    before = [a for a in found if a[0] < trigger]
    after = [a for a in found if a[0] >= trigger]
    first = before[-1] if before else (after[0] if after else None)
    end = trigger if trigger_end is None else trigger_end
    for pos, name in after:
        if text and re.search(r"\bby\s+(?:the\s+)?$", text[:pos]) and (not before or pos - end <= 25):
            first = (pos, name)
            before = [a for a in found if a != first]
            after = []
            break
    if first is None:
        return None, None
    rest = [a for a in after + before if a != first and a[1].lower() != first[1].lower()]
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


def venue_location(mentions: list[Mention], body: str, lo: int) -> tuple[Mention, int] | None:
    """Where talks are held: a place naming the venue ("the Munich Security Conference",
    "Moscow talks") or after "in"/"at" following a meeting word, a name or a date
    ("talks in Moscow", "Tuesday in Moscow", "on January 7th in Istanbul").

    A place that is the topic ("on the situation in Idlib", "the aggression in
    Idlib") or a party ("the Ankara and Moscow negotiations") is no venue.
    ``lo`` is where the sentence starts in ``body``.
    """
    found: list[tuple[int, Mention]] = []
    for m in mentions:
        if m.kind != "literal":
            continue
        before = body[max(lo, m.start - 60): m.start]
        if VENUE_AFTER.match(body[m.end: m.end + 40]) and not re.search(r"\b(?:and|&)\s+$", before):
            found.append((0, m))
            continue
        at = re.search(r"(\S+)\s+(?:in|at)\s+(?:the\s+)?$", before)
        if at and _venue_word(at.group(1)):
            found.append((1, m))
    if not found:
        return None
    best = min(found, key=lambda f: (f[0], ctx.place_tier(f[1].place), f[1].start))[1]
    return best, geo_precision(best, body)


def _venue_word(word: str) -> bool:
    word = word.strip(".,;:’'\"()[]")
    return bool(word) and (
        word[0].isupper() or any(c.isdigit() for c in word) or word.lower() in _VENUE_WORDS
        or word.lower().endswith("ed")
    )


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
    own = resolve_date(ctx.blank_deadlines(sents[i].text), doc.published)
    if own.explicit:
        return own
    for j in range(i - 1, max(-1, i - 1 - CONTEXT_SENTENCES), -1):
        same_paragraph = sents[j].paragraph == sents[i].paragraph
        if j < i - 1 and not same_paragraph:
            break
        prior = resolve_date(ctx.blank_deadlines(sents[j].text), doc.published)
        if prior.explicit and prior.precision <= (2 if same_paragraph else 1):
            note = f"date from context ('{prior.expression.strip()}' {i - j} sentence(s) earlier)"
            return DateGuess(prior.date, max(prior.precision, 2), note, prior.expression, False)
    return own


def _context_place(sents: list[ctx.Sentence], i: int, mentions: list[Mention], focus: Mention | None):
    """A place for an event whose sentence names none: same paragraph before, else the focus.

    "the province" takes the last province named earlier; a country is never
    inferred (it says nothing about where the event was).
    """
    para = sents[i].paragraph
    if _THE_PROVINCE.search(sents[i].text):
        earlier = [m for m in mentions if m.kind == "literal" and m.end <= sents[i].start and ctx.place_tier(m.place) == 3]
        if earlier:
            return earlier[-1], "place from 'the province': the last province named earlier"
    for j in range(i - 1, max(-1, i - 3), -1):
        if sents[j].paragraph != para:
            break
        literal = [
            m for m in ctx.mentions_in(mentions, sents[j].start, sents[j].end)
            if m.kind == "literal" and ctx.place_tier(m.place) <= 3
        ]
        if literal:
            best = min(literal, key=lambda m: (ctx.place_tier(m.place), -m.start))
            return best, "place from an earlier sentence of the paragraph"
    if focus is not None:
        return focus, "place inferred from the document's focus"
    return None, ""


def _actors(text: str, etype: EventType, trigger: Trigger, found: list[tuple[int, str]]):
    """(actor1, actor2): the subject names for talks and threats, else the nearest lexicon actors."""
    actor1, actor2 = choose_actors(found, trigger.start, text, trigger.end)
    if etype.sub_event_type in SUBJECT_TYPES:
        names = proper_subjects(text, trigger.start)
        if not names and not any(pos < trigger.start for pos, _ in found):
            names = role_subject(text, trigger.start)
        if names:
            others = names[1:] + [n for _, n in found if n not in names]
            actor1, actor2 = names[0], (others[0] if others else None)
        agent = None if names else agent_name(text, trigger.end) or first_person_speaker(text, trigger.start, trigger.end)
        if agent and not any(pos < trigger.start for pos, _ in found):
            actor1, actor2 = agent, (actor1 if actor1 and actor1 != agent else actor2)
        if actor2 is None and etype.venue_only:
            actor2 = with_name(text, trigger.end)
    return actor1, actor2


def _build(doc, sents, i, etype: EventType, trigger: Trigger, in_sent, focus, mentions) -> Event | None:
    """One event for sentence ``i`` and ``etype``, or None when it has no anchor."""
    sent = sents[i]
    found = find_actors(sent.text, in_sent, sent.start)
    actor1, actor2 = _actors(sent.text, etype, trigger, found)
    date = _event_date(doc, sents, i)
    spans = [(sent.start + pos, sent.start + pos + len(name)) for pos, name in found]
    if etype.venue_only:
        located = venue_location(in_sent, doc.body, sent.start)
    else:
        located = best_location(in_sent, doc.body, sent.start + trigger.start, spans)
    own_date = resolve_date(ctx.blank_deadlines(sent.text), doc.published).explicit
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
