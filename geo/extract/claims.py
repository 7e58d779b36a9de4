"""Claims: who says what, carried by which outlet, about which places and events.

``extract_claims(doc, mentions, events)`` finds attribution cues outside
quotation marks (reporting verbs, "..., saying:", "according to X"), the
speaker next to each cue (capitalised names with titles as cues, institutions,
unnamed sources, or "he"/"she" resolved to the last person quoted), the
speaker's role ("Foreign Ministry spokeswoman"), and the content: the quote or
reported clause, extended over following sentences and paragraphs after
"saying:"/"adding:" and over unattributed quotes that follow.  A claim links
the places named in its content and the events whose sentence lies inside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.extract import _context as ctx
from geo.extract.dates import resolve_date
from geo.extract.speakers import Speaker, is_outlet, parse_after, parse_before
from geo.extract.lexicon import claim_words, demonyms
from geo.records import Claim, Document, Event, Mention

OBJECT_VERBS = ("told", "tells", "informed", "assured")
_OBJECT_THAT = re.compile(r"^\s*(?:[\w'’.-]+\s+){0,6}?that\b", re.I)
_LEAD_CONTENT = re.compile(r"^\s*(?:that\b|:|[“\"«])")
#: A document as the subject of a cue, named by its owner: "Ankara's readout provided to the
#: Turkish press says", "the Kremlin readout of Friday's phone conversation said".
_DOCUMENT_SUBJECT = re.compile(
    r"\s*(?:(?:the|a|an)\s+)?(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}?[A-Z][\w.-]*?)(?:['’]s)?\s+[a-z][\w-]*"
    r"\s+(?:of|on|about|from|after|provided|released|issued|published|posted|sent|given|carried|obtained|seen"
    r"|quoted|cited)\b[^,;:“”\"«»]*?\s*$"
)


@dataclass
class Attribution:
    """A cue in one sentence with its speaker and the spans of its content."""

    sentence: int
    cue: str
    cue_start: int
    speaker: Speaker
    spans: list[tuple[int, int]] = field(default_factory=list)
    continues: bool = False  # content follows in the next sentences ("saying:")
    document: bool = False  # the speaker owns a document ("the Kremlin readout said"), not a person


def _cue_pattern() -> re.Pattern[str]:
    words = claim_words()
    verbs = "|".join(sorted((re.escape(v) for v in words.verbs), key=len, reverse=True))
    parts = "|".join(sorted(words.participles, key=len, reverse=True))
    return re.compile(
        rf"(?P<acc>\baccording to\b)|,[”\"’]?\s*(?P<part>{parts})\b|(?P<verb>\b(?:{verbs})\b)", re.I
    )


def _outside(pos: int, quotes: list[tuple[int, int]]) -> bool:
    return not any(a <= pos < b for a, b in quotes)


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past spaces, commas, colons and quote marks at both ends."""
    strip = " \t,:;—–-" + ctx.QUOTE_CHARS
    while start < end and body[start] in strip:
        start += 1
    while end > start and body[end - 1] in strip + ".":
        end -= 1
    return start, end


class _Reader:
    """One pass over a document's sentences, keeping the last person quoted."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.body = doc.body
        self.sents = ctx.sentences(doc.body)
        self.cues = _cue_pattern()
        self.last_person: Speaker | None = None
        self.quotes = self._paragraph_quotes()

    def _paragraph_quotes(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\n]+", self.body):
            out.extend((m.start() + a, m.start() + b) for a, b in ctx.quote_spans(m.group(0)))
        return out

    def attributions(self) -> list[list[Attribution]]:
        """Attributions of every sentence, in order."""
        return [self._sentence(i) for i in range(len(self.sents))]

    def _sentence(self, i: int) -> list[Attribution]:
        sent = self.sents[i]
        out: list[Attribution] = []
        for m in self.cues.finditer(self.body, sent.start, sent.end):
            at = m.start(m.lastgroup)
            if not _outside(at, self.quotes):
                continue
            attr = self._attribute(i, m, out)
            if attr is not None:
                out.append(attr)
                self._remember(attr, m.lastgroup)
        return out

    def _remember(self, attr: Attribution, kind: str) -> None:
        sp = attr.speaker
        if sp.from_pronoun or is_outlet(sp) or attr.document:
            return
        if attr.cue.lower() in ("reported", "reports", "wrote", "writes"):
            return
        self.last_person = sp

    def _attribute(self, i: int, m: re.Match[str], earlier: list[Attribution]) -> Attribution | None:
        kind, sent = m.lastgroup, self.sents[i]
        cue = m.group(kind)
        if kind == "acc":
            return self._according(i, m, earlier)
        if kind == "part":
            return self._participle(i, m, earlier)
        owner = self._document_subject(sent.start, m.start(kind))
        speaker = owner or parse_before(self.body, sent.start, m.start(kind), self.last_person)
        inverted = speaker is None
        if inverted:
            if earlier:
                return None  # "..., X said, wrote TASS": TASS carries X's claim
            speaker = parse_after(self.body, m.end(kind), sent.end)
            if speaker is None or not re.search(r"[,”\"]\s*$", self.body[sent.start: m.start(kind)]):
                return None
        attr = Attribution(i, cue, m.start(kind), speaker, document=owner is not None)
        self._content(attr, m, speaker_start=None if inverted else self._subject_start(speaker, owner))
        return attr

    def _subject_start(self, speaker: Speaker, owner: Speaker | None) -> int:
        """Where the subject phrase starts (with its determiner for a document: "the Kremlin readout")."""
        if owner is None:
            return speaker.start
        lead = re.search(r"\b(?:the|a|an)\s+$", self.body[max(0, owner.start - 5): owner.start], re.I)
        return owner.start - (len(lead.group(0)) if lead else 0)

    def _document_subject(self, lo: int, hi: int) -> Speaker | None:
        """The owner of a document that is the subject of the cue ("the Kremlin readout of ... said")."""
        left = max((lo + k.end() for k in re.finditer(r"[,;:]", self.body[lo:hi])), default=lo)
        m = _DOCUMENT_SUBJECT.fullmatch(self.body, left, hi)
        if not m or not _outside(m.start("owner"), self.quotes):
            return None
        if self.cues.search(self.body, m.end("owner"), hi) or re.search(r"\bthat\b", self.body[m.end("owner"):hi]):
            return None  # "Ankara's readout says that Erdogan told": Erdogan speaks for "told"
        return Speaker(m.group("owner"), None, m.start("owner"), m.end("owner"))

    def _according(self, i: int, m: re.Match[str], earlier: list[Attribution]) -> Attribution | None:
        sent = self.sents[i]
        if earlier:
            return None  # "..., X said, according to Y": Y is the carrier, not a new claim
        speaker = parse_after(self.body, m.end("acc"), sent.end, self.last_person)
        if speaker is None:
            return None
        attr = Attribution(i, "according to", m.start("acc"), speaker)
        comma = self.body.find(",", speaker.end, sent.end)
        if m.start("acc") - sent.start <= 2 and comma != -1:
            attr.spans.append(_trim(self.body, comma + 1, sent.end))
        else:
            attr.spans.append(_trim(self.body, sent.start, m.start("acc")))
        return attr

    def _participle(self, i: int, m: re.Match[str], earlier: list[Attribution]) -> Attribution | None:
        sent = self.sents[i]
        speaker = self._clause_speaker(sent.start, m.start())
        speaker = speaker or self._subject(i, m.start()) or (earlier[-1].speaker if earlier else None)
        speaker = speaker or self.last_person
        if speaker is None:
            return None
        attr = Attribution(i, m.group("part"), m.start("part"), speaker)
        start, end = _trim(self.body, m.end("part"), sent.end)
        if end > start:
            attr.spans.append((start, end))
        if self.body[m.end("part"): sent.end].rstrip().endswith(":") or end <= start:
            attr.continues = True
        for prev in earlier:
            prev.spans = [(a, min(b, m.start())) for a, b in prev.spans if a < m.start()]
        return attr

    def _clause_speaker(self, lo: int, hi: int) -> Speaker | None:
        """A speaker phrase that is the whole clause before ``hi`` (", Kalin saying")."""
        speaker = parse_before(self.body, lo, hi, self.last_person)
        if speaker is None or speaker.from_pronoun:
            return speaker
        lead = self.body[lo: speaker.start].rstrip()
        return speaker if (not lead or lead.endswith(",")) else None

    def _subject(self, i: int, before: int) -> Speaker | None:
        """The first speaker phrase opening a clause of the sentence, outside quotes."""
        sent = self.sents[i]
        starts = [sent.start] + [sent.start + m.end() for m in re.finditer(r",\s+", self.body[sent.start:before])]
        for probe in starts:
            if not _outside(probe, self.quotes):
                continue
            speaker = parse_after(self.body, probe, before, self.last_person)
            if speaker is not None:
                return speaker
        return None

    def _content(self, attr: Attribution, m: re.Match[str], speaker_start: int | None) -> None:
        """Fill the content spans of a verb cue."""
        sent, body = self.sents[attr.sentence], self.body
        after = m.end("verb")
        rest = body[after: sent.end]
        if attr.cue.lower() in OBJECT_VERBS:
            skip = _OBJECT_THAT.match(rest)
            if skip:
                after += skip.end()
                rest = body[after: sent.end]
        prefix_end = speaker_start if speaker_start is not None else m.start("verb")
        prefix = body[sent.start: prefix_end]
        if _LEAD_CONTENT.match(rest) or (speaker_start is not None and len(prefix.split()) < 4):
            self._lead(attr, after, sent.end)
        elif any(sent.start <= a < prefix_end for a, _ in self.quotes) or self._open_quote_before(sent.start, prefix_end):
            attr.spans.extend(self._quotes_before(attr.sentence, prefix_end))
        elif re.search(r",\s*$", prefix) and len(prefix.split()) >= 4 and (
            len(rest.split()) < 4 or attr.cue.lower() in OBJECT_VERBS
        ):
            attr.spans.append(_trim(body, sent.start, prefix_end))
        else:
            self._lead(attr, after, sent.end)

    def _lead(self, attr: Attribution, start: int, end: int) -> None:
        """Content after the cue (dropping "that"); a trailing colon means it continues."""
        if re.match(r"\s*that\s", self.body[start:end], re.I):
            start += re.match(r"\s*that\s", self.body[start:end], re.I).end()
        start, stop = _trim(self.body, start, end)
        if stop > start:
            attr.spans.append((start, stop))
        if self.body[start:end].rstrip().endswith(":") or stop <= start:
            attr.continues = True

    def _open_quote_before(self, start: int, end: int) -> bool:
        return any(a < start < b <= end + 2 for a, b in self.quotes)

    def _quotes_before(self, i: int, end: int) -> list[tuple[int, int]]:
        """Quoted spans of sentence ``i``'s paragraph that end before ``end``."""
        para = self.sents[i].paragraph
        first = min(s.start for s in self.sents if s.paragraph == para)
        return [(a, min(b, end)) for a, b in self.quotes if first <= a < end]


def _continues(reader: _Reader, attrs: list[list[Attribution]], i: int, j: int) -> bool:
    """Whether sentence ``j`` continues the claim last extended to sentence ``i``."""
    sents = reader.sents
    if attrs[j] or not sents_close(reader, i, j):
        return False
    later = [k for k in range(j + 1, len(sents)) if sents[k].paragraph == sents[j].paragraph]
    if any(attrs[k] for k in later):
        return False
    prev_text = sents[i].text.rstrip()
    inside = any(a < sents[j].start < b for a, b in reader.quotes)
    early_quote = any(q in " ".join(sents[j].text.split()[:5]) for q in "“\"«")
    return prev_text.endswith(":") or ctx.starts_with_quote(sents[j].text) or inside or early_quote


def _merge_same_speaker(found: list[Attribution]) -> list[Attribution]:
    """Join consecutive attributions of one sentence that share a speaker ("X said ..., adding:")."""
    out: list[Attribution] = []
    for attr in found:
        if out and out[-1].speaker.name == attr.speaker.name:
            out[-1].spans.extend(attr.spans)
            out[-1].continues = attr.continues
        else:
            out.append(attr)
    return out


def _absorbs(attrs: list[list[Attribution]], j: int, speaker: str) -> bool:
    """Whether sentence ``j`` only re-attributes to ``speaker`` ('“...,” adding:')."""
    return bool(attrs[j]) and all(a.speaker.name == speaker and a.cue.lower() in claim_words().participles for a in attrs[j])


def extract_claims(doc: Document, mentions: list[Mention], events: list[Event]) -> list[Claim]:
    """Every attributed statement in ``doc.body``, in text order.

    Takes the document, its mentions and the events found in it; returns
    claims with speaker, role, content, outlet, date, place ids, cue and the
    ids of the events they contain.
    """
    reader = _Reader(doc)
    attrs = [_merge_same_speaker(found) for found in reader.attributions()]
    claims: list[Claim] = []
    absorbed: set[int] = set()
    for i, found in enumerate(attrs):
        if i in absorbed:
            continue
        for k, attr in enumerate(found):
            spans, j = list(attr.spans), i
            while k == len(found) - 1 and j + 1 < len(attrs):
                nxt = j + 1
                if _absorbs(attrs, nxt, attr.speaker.name) and sents_close(reader, j, nxt):
                    absorbed.add(nxt)
                    spans.append(_trim(doc.body, reader.sents[nxt].start, attrs[nxt][0].cue_start))
                    spans.extend(sp for a in attrs[nxt] for sp in a.spans)
                elif (attr.continues or j > i or ctx.starts_with_quote(reader.sents[nxt].text)) and _continues(reader, attrs, j, nxt):
                    spans.append(_trim(doc.body, reader.sents[nxt].start, reader.sents[nxt].end))
                else:
                    break
                j = nxt
            claim = _claim(doc, reader, attr, spans, j, mentions, events)
            if claim is not None:
                claims.append(claim)
    return claims


def sents_close(reader: _Reader, i: int, j: int) -> bool:
    """Sentence ``j`` is in the same paragraph as ``i`` or the next one."""
    return reader.sents[j].paragraph - reader.sents[i].paragraph <= 1


def _claim(doc, reader: _Reader, attr: Attribution, spans, last_sentence: int, mentions, events) -> Claim | None:
    spans = [(a, b) for a, b in spans if b > a]
    if not spans:
        return None
    sent = reader.sents[attr.sentence]
    start = min([sent.start] + [a for a, _ in spans])
    end = max([sent.end, reader.sents[last_sentence].end] + [b for _, b in spans])
    content = " ".join(doc.body[a:b].strip() for a, b in spans)
    content = re.sub(r"\s+", " ", content).strip(" ,;:" + ctx.QUOTE_CHARS)
    places = [m.place.place_id for m in mentions if any(a <= m.start and m.end <= b for a, b in spans)]
    linked = [e.event_id for e in events if start <= e.sentence_start and e.sentence_end <= end]
    date = resolve_date(ctx.blank_deadlines(_unquoted(doc.body, sent.start, sent.end, reader.quotes)), doc.published)
    sp = attr.speaker
    name = state_speaker(sp, mentions)
    return Claim(
        claim_id=ctx.stable_id("cl", doc.doc_id, start, end, name, attr.cue),
        doc_id=doc.doc_id,
        speaker=name,
        content=content,
        sentence_start=start,
        sentence_end=end,
        speaker_role=sp.role,
        outlet=doc.outlet,
        claim_date=date.date,
        cue=attr.cue.lower(),
        place_ids=tuple(dict.fromkeys(places)),
        event_ids=tuple(dict.fromkeys(linked)),
    )


def state_speaker(speaker: Speaker, mentions: list[Mention]) -> str:
    """A capital that speaks stands for its government: "Ankara" -> "Turkish government (Ankara)".

    Takes the speaker and the document's mentions; a speaker whose whole
    name is a mention of a national capital is named after the country's
    government, any other keeps its name.
    """
    for m in mentions:
        if speaker.start <= m.start and m.end <= speaker.end and m.text == speaker.name:
            adjective = demonyms().get(m.place.country_code.upper())
            if m.place.feature_code == "PPLC" and adjective:
                return f"{adjective} government ({speaker.name})"
    return speaker.name


def _unquoted(body: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    """The sentence with quoted stretches blanked (dates inside quotes are the speaker's)."""
    chars = list(body[start:end])
    for a, b in quotes:
        for k in range(max(a, start), min(b, end)):
            chars[k - start] = " "
    return "".join(chars)
