"""Recognition: find the spans of a text that name places.

Candidate spans come from runs of capitalised words (with name connectors such
as "of", "al-", "de"); every sub-span of up to six words is looked up in the
gazetteer by its normalised key (longest, then leftmost, match wins).  Spans
that are not places here are then rejected by general rules: common English
words, person names (title cues, given-name + surname runs, and every later
use of a surname), organisations that embed a place ("New York Times"),
demonyms and dates.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass, field

from geo.gazetteer import Gazetteer, prior_score
from geo.geodesy import distance_km
from geo.lexicon import (
    ADMIN_WORDS, AP_STATES, ARABIC_COMMON_WORDS, COMPOUND_SUFFIXES, CONNECTORS, DIRECTION_WORDS, DISEASE_WORDS,
    EVENT_SUFFIXES, GROUP_NOUNS, INSTITUTION_NAMES, ORG_SUFFIXES, OUTLET_AFTER, OUTLET_BEFORE, OUTLET_WORDS,
    PEOPLE_WORDS, PERSON_TITLES, PLACE_TYPE_WORDS, PREPOSITIONS, SPEECH_VERBS, TEMPORAL_WORDS,
)
from geo.records import Place
from geo.text import ARTICLES, Token, fold_script, name_key, tokenize

MAX_WORDS = 6
_BIG_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "CONT", "ADM1", "PPLC"}
_STATE_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "TERR", "CONT", "PPLC"}
_SENT_END = re.compile(r"[.!?:;\"“”\n]\s*$|^\s*$")


@dataclass
class Candidate:
    """A recognised span and the places it may denote."""

    start: int
    end: int
    text: str
    key: str
    places: tuple[tuple[Place, bool], ...]
    tokens: tuple[Token, ...]
    sentence_initial: bool = False
    confidence: float = 1.0
    hints: dict = field(default_factory=dict)


#: Elided articles written onto the next word ("Côte d'Ivoire", "Cortina d’Ampezzo", "Reggio nell'Emilia").
_ELIDED = frozenset({"d", "l", "dell", "nell", "all", "dall", "sull"})


def _is_name_token(tok: Token) -> bool:
    """A capitalised (or Arabic-script) word, or a connector or elided article joined to one
    ("al-Nayrab", "d'Ivoire")."""
    word = tok.text
    ch = word[0]
    if ch.isupper() or "\u0600" <= ch <= "\u06ff":  # Token.is_upper_initial, inlined
        return not word.endswith("-old")  # "Nine-year-old Georgia Stevens": an age, then a person's name
    if "-" in word:
        head, _, rest = word.partition("-")
        head = head.lower()  # "al-Nayrab", and the article's other spellings: "Deir ez-Zor", "Ras el-Ain"
        return bool(rest) and (head in CONNECTORS or head in ARTICLES) and rest[:1].isupper()
    return _elided(word)


def _elided(word: str) -> bool:
    """An elided article written onto a capitalised word: "d'Ivoire" (never a name by itself)."""
    for mark in "'’":
        if mark in word:
            head, _, rest = word.partition(mark)
            return head in _ELIDED and rest[:1].isupper()
    return False


def _runs(text: str, tokens: list[Token], gaz: Gazetteer | None = None,
          names: list[bool] | None = None) -> list[list[int]]:
    """Maximal runs of name tokens joined by spaces or hyphens only (or by an abbreviation's dot:
    "St. Louis", and "W.Va." / "W. Va." when the gazetteer knows the whole).

    ``names`` says which tokens are name tokens (``_is_name_token``), when already known.
    """
    if names is None:
        names = [_is_name_token(t) for t in tokens]
    runs, cur = [], []
    for i, tok in enumerate(tokens):
        name_like = names[i]
        if not name_like and (not cur or tok.text.lower() not in CONNECTORS) \
                and not (cur and tok.text == "and" and _and_joins(text, tokens, cur, i, gaz, names)):
            if cur:
                runs.append(cur)
                cur = []
            continue
        # a name token, or a connector after one: does it continue the run?
        gap = text[tokens[cur[-1]].end:tok.start] if cur else ""
        joined = bool(cur) and (gap in {" ", "-", " - "} or (gap == ". " and tokens[cur[-1]].text.title() in _ABBREV)
                                or _initial_joins(text, tokens[cur[-1]], tok, gap, gaz)
                                or _possessive_joins(text, [tokens[k] for k in cur[-3:]], tok, gap, gaz)
                                or gap == " & " and _and_joins(text, tokens, cur, i - 1, gaz, names))
        if name_like or joined:
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append(i)
        else:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:  # a run never ends with a connector
        while run and not names[run[-1]]:
            run.pop()
    return [r for r in runs if r]


def _initial_joins(text: str, prev: Token, tok: Token, gap: str, gaz: Gazetteer | None) -> bool:
    """An initial and the word after it that together name a place: "W.Va.", "W. Va."."""
    if gaz is None or gap not in {".", ". "} or len(prev.text) != 1 or not prev.text.isupper():
        return False
    return bool(gaz.candidates(name_key(text[prev.start:tok.end])))


def _and_joins(text: str, tokens: list[Token], cur: list[int], at: int, gaz: Gazetteer | None,
               names: list[bool]) -> bool:
    """An "and" (token ``at``) or an "&" (after token ``at``) inside a longer name the gazetteer
    knows: "Trinidad and Tobago", "Bosnia & Herzegovina" (not "Kansas and Missouri", two names)."""
    nxt = at + 1  # the word after "and" or "&"
    if gaz is None or nxt >= len(tokens) or not names[nxt]:
        return False
    return any(gaz.has_prefix(name_key(f"{text[tokens[k].start:tokens[cur[-1]].end]} and {tokens[nxt].text}"))
               for k in cur[-3:])


def _possessive_joins(text: str, before: list[Token], tok: Token, gap: str, gaz: Gazetteer | None) -> bool:
    """A possessive inside a longer name: "People's Republic of China" (the tokenizer cut the "'s")."""
    if gaz is None or gap not in {"'s ", "’s "}:
        return False
    return any(gaz.has_prefix(name_key(text[first.start:tok.end])) for first in reversed(before))


def _sentence_initial(text: str, tok: Token) -> bool:
    return bool(_SENT_END.search(text[max(0, tok.start - 3):tok.start]))


_ABBREV = frozenset({"St", "Ste", "Ft", "Mt", "Pt"})  # "St. Petersburg", "Ft. Worth", "ST. PAUL" (a dateline)
_CONTRACTION = re.compile(r"^[A-Za-z]+['’](?:re|ve|ll|d|m|t|s)$")


def find_candidates(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Every gazetteer match inside capitalised runs (before filtering)."""
    tokens = [t for t in _compound_tokens(text, gaz)
              if not (("'" in t.text or "’" in t.text) and _CONTRACTION.match(t.text))]
    names = [_is_name_token(t) for t in tokens]
    runs = _runs(text, tokens, gaz, names)
    # every span's name, looked up at once: (first token, last token) -> key
    keys = {(run[i], run[j - 1]): name_key(text[tokens[run[i]].start:tokens[run[j - 1]].end])
            for run in runs for i in range(len(run)) if names[run[i]] and not _elided(tokens[run[i]].text)
            for j in range(min(len(run), i + MAX_WORDS), i, -1) if names[run[j - 1]]}
    gaz.prefetch(keys.values())
    found: list[Candidate] = []
    for run in runs:
        i = 0
        while i < len(run):
            hit = None
            if names[run[i]] and not _elided(tokens[run[i]].text):  # a span starts and ends with a name token
                for j in range(min(len(run), i + MAX_WORDS), i, -1):
                    if not names[run[j - 1]]:
                        continue
                    start, end = tokens[run[i]].start, tokens[run[j - 1]].end
                    places = ()
                    if j - i > 1 and text[end:end + 2] in ("'s", "’s"):  # "St. John's" (the tokenizer cut the "'s")
                        key = name_key(text[start:end + 2])
                        places = gaz.candidates(key) if key else ()
                        if places:
                            end += 2
                    if not places:
                        key = keys[(run[i], run[j - 1])]
                        places = gaz.candidates(key) if key else ()
                    after = run[j - 1] + 1  # the token after the span
                    # "Aleppo airport", "Idlib de-escalation zone": the longer name; at the run's end,
                    # also a name known only with its kind ("Nasser hospital")
                    more = _lowercase_tail(text, tokens, after, start, places, gaz) \
                        if after < len(tokens) and tokens[after].text in _TAIL_WORDS and (places or j == len(run)) \
                        else None
                    if more is None and not places:
                        continue
                    toks = [tokens[k] for k in run[i:j]]
                    if more is not None:
                        places, extra = more
                        toks += extra
                        after += len(extra)
                        end, key = extra[-1].end, name_key(text[start:extra[-1].end])
                    if places:
                        hit = Candidate(start, end, text[start:end], key, places, tuple(toks),
                                        _sentence_initial(text, toks[0]))
                        _hint(hit, text, tokens, run, i, j, after)
                        break
            hit = hit or _arabic_clitic_match(text, tokens, run, i, gaz)
            if hit:
                found.append(hit)
                i += len(hit.tokens)
            else:
                i += 1
    return found


def _hint(hit: Candidate, text: str, tokens: list[Token], run: list[int], i: int, j: int, after: int) -> None:
    """The words around a span the later filters read: the rest of its run, the tokens before
    and after it (``after`` indexes the token after the span), the text."""
    hit.hints["run"] = (tuple(tokens[k] for k in run[:i]), tuple(tokens[k] for k in run[j:]))
    hit.hints["next"] = tokens[after] if after < len(tokens) else None
    hit.hints["prev"] = tokens[run[i] - 1] if run[i] > 0 else None
    hit.hints["text"] = text


#: Lower-case words that may end a longer name after a capitalised one: a natural feature's or an
#: installation's kind, not a division's or a settlement's ("Idlib province" stays Idlib with a
#: qualifier; see geo.resolve), nor a street's or a port's ("L.A. port" is no La Porte).
_TAIL_WORDS = frozenset({
    "airport", "airbase", "airfield", "air", "base", "zone", "area", "strip", "corridor", "de-escalation",
    "demilitarized", "buffer", "river", "highway", "motorway", "crossing", "dam", "lake", "mountains", "valley",
    "desert", "island", "sea", "gulf", "strait", "canal", "refugee", "camp",  # "Jenin refugee camp"
    "hospital",  # "al-Shifa hospital"
})


def _lowercase_tail(text: str, tokens: list[Token], at: int, start: int, places: tuple[tuple[Place, bool], ...],
                    gaz: Gazetteer) -> tuple[tuple[tuple[Place, bool], ...], list[Token]] | None:
    """The places of a name with up to three lower-case words after it that the gazetteer knows as
    one name ("Idlib de-escalation zone", "Gaza strip", "Euphrates river", "Kabul airport"), with
    those words; else None. An airport named after its town counts only within 60 km of the
    name's foremost sense ("Bali airport" is no Bali Airport in Cameroon)."""
    for n in (3, 2, 1):
        extra = list(tokens[at:at + n])
        if len(extra) < n or not all(t.text in _TAIL_WORDS for t in extra) \
                or not all(text[a.end:b.start] == " " for a, b in zip([tokens[at - 1]] + extra, extra)):
            continue
        named = gaz.candidates(name_key(text[start:extra[-1].end]))
        if not named:
            continue
        if not places:  # the name is known only with its kind ("Nasser hospital")
            return named, extra
        first = max(places, key=lambda pm: prior_score(pm[0], pm[1]))[0]
        near = tuple(f for f in named if not f[0].place_id.startswith("air:")
                     or distance_km(first.lat, first.lon, f[0].lat, f[0].lon) <= 60)
        return (near, extra) if near else None
    return None


@lru_cache(maxsize=4)
def _compound_tokens(text: str, gaz: Gazetteer) -> tuple[Token, ...]:
    """The text's tokens with name compounds split (cached: two stages use them)."""
    return tuple(_split_compounds(list(tokenize(text)), gaz))


def _split_compounds(tokens: list[Token], gaz: Gazetteer) -> list[Token]:
    """"Egyptian-US", "Canada-U.S.", "Turkish-Russian": capitalised parts joined by hyphens are
    separate names unless the whole is one ("Winston-Salem", "al-Nayrab")."""
    out: list[Token] = []
    for tok in tokens:
        if "-" not in tok.text:
            out.append(tok)
            continue
        parts = tok.text.split("-")
        if len(parts) > 1 and parts[-1] in COMPOUND_SUFFIXES and all(p[:1].isupper() for p in parts[:-1]):
            head = tok.text[:len(tok.text) - len(parts[-1]) - 1]  # "Iran-backed", "Idlib-based": the name
            out.append(Token(tok.start, tok.start + len(head), head))
            continue
        if not all(p[:1].isupper() for p in parts) or gaz.candidates(name_key(tok.text)) \
                or _brand_compound(parts, gaz) and parts[-1].title() not in _ABBREV:  # "Minneapolis-St. Paul"
            out.append(tok)
            continue
        pos = tok.start
        for part in parts:
            out.append(Token(pos, pos + len(part), part))
            pos += len(part) + 1
    return out


#: Two small places joined by a hyphen name a pair ("Fargo-Moorhead", "Saraqib-Ariha road") only
#: when they lie this close; "Mercedes-Benz" and "Coca-Cola" are names of something else.
_PAIR_KM = 500.0


def _brand_compound(parts: list[str], gaz: Gazetteer) -> bool:
    """True when a hyphenated compound is a name of its own, not places side by side: no part is a
    country, state, big city or people ("Israel-Hamas war", "Turkish-Russian", "Canada-U.S." are
    split), and some part is no place at all ("Harley-Davidson") or the parts' places lie far apart."""
    places = []
    for part in parts:
        if gaz.demonym(part) or part.rstrip(".").replace(".", "").isupper():
            return False  # a people, or an abbreviation: "D-Hardy" (a Democrat from Hardy), "Watertown-ML"
        found = gaz.candidates(name_key(part))
        if any(main and _is_big(p) for p, main in found):
            return False
        if not found:
            return True
        places.append([p for p, _ in found])
    return not all(_near(left, right) for left, right in zip(places, places[1:]))


def _near(left: list[Place], right: list[Place]) -> bool:
    """Whether some place of the first list lies within ``_PAIR_KM`` of some place of the second."""
    return any(distance_km(a.lat, a.lon, b.lat, b.lon) <= _PAIR_KM for a in left[:30] for b in right[:30])


_ARABIC_CLITICS = "وبلفك"  # "and", "in/with", "to", "so", "like" written onto the next word


def _arabic_clitic_match(text: str, tokens: list[Token], run: list[int], i: int, gaz: Gazetteer) -> Candidate | None:
    """"وسراقب" ("and Saraqib"): the name after a one-letter Arabic prefix."""
    tok = tokens[run[i]]
    if len(tok.text) < 4 or tok.text[0] not in _ARABIC_CLITICS:
        return None
    start = tok.start + 1
    for j in range(min(len(run), i + MAX_WORDS), i, -1):  # the longest name first: "ومعرة النعمان"
        end = tokens[run[j - 1]].end
        key = name_key(text[start:end])
        places = gaz.candidates(key) if key else ()
        if places:
            toks = (Token(start, tok.end, tok.text[1:]),) + tuple(tokens[k] for k in run[i + 1:j])
            hit = Candidate(start, end, text[start:end], key, places, toks)
            hit.hints.update(run=((), ()), next=None, prev=None, text=text)
            return hit
    return None


def _best_place(c: Candidate) -> Place:
    """The span's biggest place: a state, country or capital first, then the most populous."""
    entry = _BEST.get(id(c.places))
    if entry is not None and entry[0] is c.places:
        return entry[1]
    best = max((p for p, _ in c.places), key=lambda p: (p.feature_code in _BIG_CODES, p.population))
    if len(_BEST) > 50_000:
        _BEST.clear()
    _BEST[id(c.places)] = (c.places, best)  # keeping the tuple keeps its id from being reused
    return best


#: ``_best_place`` by the (shared, gazetteer-cached) tuple of places it was worked out for.
_BEST: dict[int, tuple[tuple[tuple[Place, bool], ...], Place]] = {}


def _is_big(place: Place) -> bool:
    return place.feature_code in _BIG_CODES or place.population >= 1_000_000 or place.place_id.startswith("cur:")


def _all_small(places: tuple[tuple[Place, bool], ...]) -> bool:
    """No state, capital or big division among the places, and none of 100,000 people."""
    return not any(_is_big(p) or p.population >= 100_000 for p, _ in places)


def _big_by_main_name(c: Candidate) -> bool:
    """A big place called by its own name ("Hong Kong"), not by an obscure alias ("Kalin")."""
    return any(main and _is_big(p) for p, main in c.places)


def _country_spoken_of(c: Candidate, kept: list[Candidate], persons: set[str]) -> bool:
    """Whether another name of the story, no person's, lies in a country of the span's big senses:
    "Jordan" with "Amman" is the country even if a Jordan is quoted; a "Nelson" or "Flores" who is
    also a New Zealand region or a Uruguayan department, in a story of American towns, is the person."""
    ccs = {p.country_code for p, main in c.places if main and _is_big(p)}
    if "" in ccs:
        return True  # a continent or an ocean: no country to look for
    return any(o.key != c.key and o.key not in persons and _best_place(o).country_code in ccs for o in kept)


def _lowercase_words(text: str) -> set[str]:
    """Words the text also writes in lower case (not inside web or e-mail addresses)."""
    return {t.text for t in tokenize(text) if t.text.islower()
            and text[t.start - 1:t.start] not in {".", "@", "/"} and text[t.end:t.end + 1] not in {".", "@", "/"}}


#: A given name at least this common (nam_dict's scale: 1 rare .. 13 extremely common) in some country.
GIVEN_NAME_MIN = 4


def _given_name(word: str, gaz: Gazetteer, least: int = GIVEN_NAME_MIN) -> bool:
    """A common given name ("Kevin", "Sandra") that is no big place's own name and opens no
    family of place names ("Tal" of "Tal Abyad", "Ain" of "Ain Issa")."""
    freq = gaz.given_name(word)
    if freq < least or gaz.zipf(word.lower()) >= 5.5:  # not "In", "So", "Will"
        return False
    key = name_key(word)
    places = gaz.candidates(key)
    if gaz.starts_names(key) or any(_is_big(p) for p, _ in places):
        return False
    # a city's own name is a given name only if very common as one ("George", not "Austin")
    return freq >= _VERY_COMMON_GIVEN or not any(main and p.population >= 100_000 for p, main in places)


_VERY_COMMON_GIVEN = 9


def _adverb(word: str, gaz: Gazetteer) -> bool:
    """"Distinctly Dublin": a capitalised adverb is no given name ("Kelly", "Emily" are)."""
    return word.endswith("ly") and not gaz.given_name(word)


def _names_a_thing(tokens: Iterable[Token]) -> bool:
    """"National Park", "Crockett National Forest": words that end a place's or an organisation's name."""
    return any(t.text.lower().rstrip(".") in _NOT_A_NAME_AFTER or t.text.lower() in _REFUGE_WORDS for t in tokens)


_REFUGE_WORDS = frozenset({"national", "forest", "wilderness", "refuge", "preserve", "reserve", "memorial"})


def _after_given_names(c: Candidate, gaz: Gazetteer) -> bool:
    """The span follows a given name in its run of capitals: "Vladimir Putin" (a word that is no
    place), "Kevin Scott Gentry" (a known given name, then words that may be small places); not
    a word after a dash ("won by Mr Trump - Wisconsin and Pennsylvania")."""
    before, after = _spaced_before(c), c.hints["run"][1]
    if not before or c.text.isupper() or _sentence_word(before, c, gaz):
        return False  # "Former US": no surname is an acronym
    for k, t in enumerate(after):  # "Mehmet Ali Celebi of Hatay": the name ends at "of"
        if t.text.lower() in CONNECTORS:
            after = after[:k]
            break
    titles = [k for k, t in enumerate(before) if _is_title(t.text)]
    if titles and titles[-1] + 1 < len(before):  # "House Judiciary Chairwoman Carrie Webster": the name
        before = before[titles[-1] + 1:]  # starts after the title
    plain = [_plain_capital(t.text, gaz) and not _adverb(t.text, gaz) for t in before]
    if not all(p or _given_name(t.text, gaz) for p, t in zip(plain, before)):
        return False
    if _names_a_thing(c.tokens[1:] + after):
        return False  # "Leadership Henry County", "Davy Crockett National Forest"
    if all(plain) and not after:
        return True
    if not _given_name(before[0].text, gaz):
        return False
    if not after:
        return True  # "Michael Jordan", "Diane Harris"
    return not _is_big(_best_place(c)) and all(
        _plain_capital(t.text, gaz) or _single_small_place(t.text, gaz) for t in after)


def _spaced_before(c: Candidate) -> tuple[Token, ...]:
    """The words of the span's run before it that one space, a hyphen or an abbreviation's dot
    ("St. Joseph") joins to it (not a dash)."""
    before, text, start = c.hints["run"][0], c.hints["text"], c.start
    for k in range(len(before) - 1, -1, -1):
        gap = text[before[k].end:start]
        if gap not in (" ", "-") and not (gap == ". " and before[k].text.title() in _ABBREV):
            return before[k + 1:]
        start = before[k].start
    return before


def _person_context(c: Candidate, gaz: Gazetteer) -> bool:
    """True when the span sits where a person's name does (after a title or a given name)."""
    before, after = c.hints["run"]
    prev, nxt = c.hints.get("prev"), c.hints.get("next")
    if prev is not None and (_is_title(prev.text) or prev.text == "By") and not _ap_state(prev, c.hints["text"]) \
            and _next_to(prev, c):
        return True  # "President X", "By X" (a byline); not "Jackson, Miss., Seattle"
    if before and prev is not None and prev.text in ("bin", "bint", "ibn") and prev is before[-1]:
        return True  # "Mohammed bin Salman", "Tamim bin Hamad": a father's name, not As Salman in Iraq
    if before and before[0].text == "By" and _sentence_initial(c.hints["text"], before[0]) \
            and not any(t.text.lower() in TEMPORAL_WORDS for t in before[1:]):
        return True  # "By Hande Firat": the rest of a byline's name (not "By Monday Aleppo was calm")
    if any(_is_title(t.text) for t in _spaced_before(c)) and before[-1].text.lower() not in CONNECTORS:
        return True  # "U.S. President-elect Donald Trump", not "Superintendent of Buffalo Public Schools",
        # nor "won by Mr Trump - Wisconsin"
    if _AGE.match(c.hints["text"], c.end):
        return True  # "Flores, 26, had just left the Army": a person and their age
    if "\u0600" <= c.text[0] <= "\u06ff":
        return False  # Arabic script has no capitals: every word would look like a given name
    if not before and _middle_initial(prev, c, c.hints["text"]):
        return True  # "Matthew D. Flores": a surname after a middle initial ("N. Korea" is a direction)
    if len(c.tokens) == 1 and not before and not _is_big(_best_place(c)) \
            and _BEFORE_INITIAL.match(c.hints["text"], c.end):
        return True  # "Dwight D. Eisenhower": a given name before a middle initial
    if _after_given_names(c, gaz):
        return True  # "Vladimir Putin", "Kevin Scott Gentry"
    if len(c.tokens) == 1 and not before and after and not c.text.isupper():  # "Vladimir Putin"
        word = after[0].text
        low = word.lower().rstrip(".")
        if _gap(c, after[0]) != " " or gaz.zipf(low) >= 5.2:
            return False  # "Fargo-Moorhead", "Gainesville Public Utilities": no surname follows
        if any(t.text.lower().rstrip(".") in _NOT_A_NAME_AFTER for t in after[:4]):
            return False  # "Huntsville Fire Chief", "Gainesville Environmental Services"
        best = _best_place(c)
        # "Sandra Jansen", "Chad Smith": the span is itself a given name, even a big place's
        given = gaz.given_name(c.text) > GIVEN_NAME_MIN and gaz.zipf(c.text.lower()) < 5.5
        surname = _plain_capital(word, gaz) or ((given or not _is_big(best)) and _single_small_place(word, gaz))
        if _is_big(best) or best.population >= 100_000:  # "Ohio Gov.", "Georgia Tech", "Dresden Zoo": only
            return len(after) == 1 and gaz.zipf(low) < 4.5 and surname  # a rare surname ("Preston Wiginton")
        return surname
    return False


def _speaker(c: Candidate) -> bool:
    """"Welch said": a name that is not a big place, right before a verb of speech (not after a
    preposition: "a nurse in Austin told"), is a person's surname unless the story also writes it
    as a place ("Gainesville residents")."""
    prev, nxt = c.hints.get("prev"), c.hints.get("next")
    return nxt is not None and nxt.text in SPEECH_VERBS and not _is_big(_best_place(c)) and len(c.tokens) < 3 \
        and c.hints["text"][c.end:nxt.start] == " " and (prev is None or prev.text not in PREPOSITIONS)


def _written_as_a_place(c: Candidate) -> bool:
    """"Gainesville residents", "Mansfield police", "Paris City Council": a name before a word for
    a place's people or its local government."""
    nxt = c.hints.get("next")
    return nxt is not None and nxt.text.lower() in _LOCAL_NOUNS and c.hints["text"][c.end:nxt.start] == " "


_LOCAL_NOUNS = GROUP_NOUNS | {"police", "council", "mayor", "schools", "pd"}


def _next_to(prev: Token, c: Candidate) -> bool:
    """A title right before the name: "President X", "Gov. X", not "interim president. CINCINNATI"."""
    gap = c.hints["text"][prev.end:c.start]
    return gap == " " or (gap == ". " and prev.text[:1].isupper() and len(prev.text) <= 4
                          and prev.text.lower() not in _SHORT_TITLE_WORDS)  # "Gov.", "Lt.": abbreviations


#: Titles of four letters or fewer that are whole words, so a full stop after them ends a sentence.
_SHORT_TITLE_WORDS = frozenset({"pope", "king", "dear", "aide", "emir", "imam", "lady", "lord", "sir", "dame"})


def _sentence_word(before: tuple[Token, ...], c: Candidate, gaz: Gazetteer) -> bool:
    """"Environment Canada", "Overall Edmonton", "Missing Lancaster girl": an everyday word
    capitalised by the sentence's start before a place, not a given name."""
    first, text = before[0], c.hints["text"]
    at_start = first.start == 0 or _sentence_initial(text, first) or text[first.start - 1] == "\n"
    return len(before) == 1 and at_start and gaz.zipf(first.text) >= 4.5 \
        and not _given_name(first.text, gaz)  # "Michael Jordan" at a sentence's start is a person


def _saints_building(c: Candidate, text: str) -> bool:
    """"St. Michael's Hospital": a saint's name with a possessive names a church, school or feast,
    unless it is a city's ("St. Petersburg's mayor") and no building word follows."""
    if not _SAINT.match(c.text):
        return False
    if c.text.endswith(("'s", "’s")):  # the name itself ends so ("St. Michael's": Saint Michaels, Maryland)
        after = c.end
    elif text[c.end:c.end + 2] in ("'s", "’s"):
        after = c.end + 2
    else:
        return False
    nxt = _WORD.findall(text, after, after + 40)[:1]
    if nxt and nxt[0].lower() in _SAINT_BUILDINGS:
        return True
    return not any(p.feature_class == "P" and p.population >= 100_000 for p, _ in c.places)


_SAINT_BUILDINGS = frozenset({
    "hospital", "cathedral", "church", "school", "college", "university", "basilica", "square", "abbey",
    "chapel", "parish", "academy", "day", "mission", "hall", "infirmary", "medical", "monastery", "seminary",
    "episcopal", "catholic", "high", "elementary", "church's", "hospital's",
})
_SAINT = re.compile(r"^(?:St|Saint|San|Santa|São|Sao)\.?\s", re.I)
def _ap_state(tok: Token, text: str) -> bool:
    """A token that is an AP state abbreviation here: "Miss." after a comma ("Jackson, Miss.")."""
    return text[tok.start - 2:tok.start] == ", " and text[tok.start:tok.end + 1] in AP_STATES


_DOTTED = re.compile(r"^(?:[A-Z]\.){2,4}$")
_AGE = re.compile(r", \d{1,3},")

#: Buildings and grounds named after their town ("Dresden Zoo"): no surname.
_FACILITY_WORDS = frozenset({
    "zoo", "museum", "hotel", "stadium", "arena", "mall", "market", "cathedral", "mosque", "church", "palace",
    "castle", "tower", "theatre", "theater", "gardens", "garden", "library", "prison", "jail", "clinic",
    "cemetery", "synagogue", "temple", "harbour", "marina", "pier", "racecourse", "speedway",
})

#: Dotted degrees after a person's name that spell a state's abbreviation ("M.D." is no Maryland).
_DEGREES = frozenset({"M.D."})
#: Words that open a football club's name before its city's.
_CLUB_PREFIXES = frozenset({"Real", "Atletico", "Atlético", "Bayern", "Inter", "AC", "Dynamo", "Dinamo", "Sporting",
                            "Olympique", "Borussia", "Racing", "Deportivo", "Galatasaray"})
#: Prefixes of ships' names: "USS Dwight D. Eisenhower", "HMS Belfast", "TCG Anadolu".
_VESSEL_PREFIXES = frozenset({"USS", "USNS", "HMS", "HMCS", "HMAS", "INS", "TCG", "RFS", "MV", "SS", "FS", "ARA"})
#: A model's code right after a name: "Bayraktar TB2", "Pantsir S1", "Sukhoi Su-24" (a product, not a place).
_ELIDED_OF = re.compile(r" d['’][A-Z]")
_MODEL_CODE = re.compile(r" (?:[A-Z]{1,3}-?\d{1,4}[A-Z]?|[A-Z][a-z]-\d{1,3})\b")
#: A given name, then a middle initial and a surname: "Dwight D. Eisenhower".
_BEFORE_INITIAL = re.compile(r" [A-Z]\. [A-Z]")
_INSTITUTION_KEYS = frozenset(name_key(n) for n in INSTITUTION_NAMES)
_NOT_A_NAME_AFTER = PLACE_TYPE_WORDS | ORG_SUFFIXES | EVENT_SUFFIXES | PERSON_TITLES | _FACILITY_WORDS | GROUP_NOUNS


def _is_title(word: str) -> bool:
    """A person's title, also one about to be or no longer held ("President-elect", "ex-Minister")."""
    low = word.lower().rstrip(".")
    if low.endswith(("-elect", "-designate")):
        low = low.rsplit("-", 1)[0]
    if low.startswith("ex-"):
        low = low[3:]
    return low in PERSON_TITLES


def _gap(c: Candidate, tok: Token) -> str:
    """The characters between a candidate and a later token of its run."""
    return c.hints["text"][c.end:tok.start]


def _single_small_place(word: str, gaz: Gazetteer) -> bool:
    """A word that names only small places (a surname such as "Aksoy" often does)."""
    places = gaz.candidates(name_key(word))
    return bool(places) and not any(_is_big(p) or p.feature_code in ("PPLA", "PPLC") for p, _ in places)


def _plain_capital(word: str, gaz: Gazetteer) -> bool:
    """A capitalised word that is no place, demonym, direction or type word (likely a given name)."""
    low = word.lower()
    if low in DIRECTION_WORDS or low in PLACE_TYPE_WORDS or low in CONNECTORS or low in TEMPORAL_WORDS:
        return False
    if gaz.demonym(word) or word.isupper() or gaz.zipf(low) >= 5.6:  # "The", "But", "After"
        return False
    if len(word) > 1 and word[1].isupper():
        return False  # "Mansfield OKs refinancing": no name has a capital second letter ("O'Brien" has none)
    inner = _INNER_CAPITAL.match(word)
    if inner and inner.group(1) not in _NAME_PREFIXES:
        return False  # "StandUp DeKalb": a brand's camel case, not a name ("McPherson", "DeKalb" are)
    return not gaz.candidates(name_key(word))


_INNER_CAPITAL = re.compile(r"([A-Z][a-z]+)[A-Z]")
_NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Da", "Di", "Du", "La", "Le", "Van", "Von", "Fitz"})


def _org_context(c: Candidate) -> bool:
    before, after = c.hints["run"]
    if any(t.text.lower() in EVENT_SUFFIXES for t in after[:3]):
        return False
    return any(t.text.lower() in ORG_SUFFIXES for t in after[:3] + before[-2:])


#: Words in a run that make its "Post" a military or border post, not a newspaper.
_POST_OF_PLACE = frozenset({"observation", "border", "military", "police", "command", "trading", "guard"})


def _outlet(c: Candidate, text: str) -> bool:
    """The name of a news outlet: "Daily Sabah", "The Moscow Times", "Anadolu news agency"."""
    before, after = c.hints["run"]
    after_words = [t.text.lower() for t in after[:3]]
    if after_words[:1] == ["agency"] or after_words[:2] == ["news", "agency"]:
        return True  # "Anadolu Agency"; an "Agency" further on is as often a government's (Ohio Housing Finance Agency)
    words = after_words + [t.text.lower() for t in before[-2:]]
    outlet = {w for w in words if w in OUTLET_WORDS and w != "agency"}
    if outlet and not (outlet == {"post"} and any(w in _POST_OF_PLACE or w in PLACE_TYPE_WORDS for w in words)):
        return True  # (a "Post" of a run that names an observation or border post is one)
    prev = c.hints.get("prev")
    if not before and prev is not None and prev.text in OUTLET_BEFORE:
        return True  # "the pro-government daily Sabah"
    if after:
        return False
    following = tuple(_WORD.findall(text, c.end, c.end + 30)[:2])  # not tokenize(): its cache is the document's
    return any(following[:len(words)] == words for words in OUTLET_AFTER)


_WORD = re.compile(r"[\w'’]+")


def _tail_of_a_name(a: Candidate, b: Candidate, text: str) -> bool:
    """"Kasai Occidental": a small place right after another name, with no place of its name within
    500 km of the first's, is the rest of a longer name the gazetteer lacks (not Occidental, California)."""
    if text[a.end:b.start] != " " or not _all_small(b.places):
        return False
    if all(t.text.lower() in DIRECTION_WORDS for t in a.tokens):
        return False  # "North West Bicester": a direction, then the town
    return not _near([p for p, _ in a.places], [q for q, _ in b.places])


def _word_in_a_longer_name(c: Candidate, gaz: Gazetteer) -> bool:
    """An everyday English word that only small places are called, inside a longer run of capitals:
    part of another thing's name ("Arlington Chamber of Commerce", "S.C. Highway Patrol")."""
    before, after = c.hints["run"]
    if len(c.tokens) != 1 or not (before or after) or gaz.zipf(c.text.lower()) < 4.0:
        return False
    return _all_small(c.places)


def _direction_only(c: Candidate) -> bool:
    """A name made only of direction words: "Far North", "South East", "North West"."""
    return all(t.text.lower() in DIRECTION_WORDS or t.text.lower() == "far" for t in c.tokens)


def _direction_before(a: Candidate, b: Candidate, text: str) -> bool:
    """"Far North Queensland", "North West Bicester": a name made only of direction words right before
    another name is part of that one (not the Far North of Cameroon)."""
    return text[a.end:b.start] == " " and _direction_only(a)


def _name_pairs(found: list[Candidate], text: str, gaz: Gazetteer) -> set[int]:
    """Indexes of adjacent one-word matches of small places: a given name and a surname (not an
    everyday word before a town: "First Baptist Church Maryville" names Maryville)."""
    out = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        # Two words in capitals are a headline ("JETS POUND SARAQIB"); a common word that is no
        # given name does not begin a person's name ("Church", "Park")
        if len(a.tokens) == 1 and len(b.tokens) == 1 and text[a.end:b.start] == " " \
                and not (a.text.isupper() and b.text.isupper()) \
                and not (gaz.zipf(a.text) >= 4.0 and not gaz.given_name(a.text)):
            if _best_place(a).population < 100_000 and _best_place(b).population < 100_000:
                out.update((i, i + 1))
    return out


def _given_name_by_alias(c: Candidate, gaz: Gazetteer) -> bool:
    """A given name before a surname that names a big place only by one of the place's other
    names: "Sam Herrick" is no Şam (Damascus), "Ben Strother" no Bern."""
    nxt = c.hints.get("next")
    return len(c.tokens) == 1 and nxt is not None and nxt.text[:1].isupper() \
        and c.hints["text"][c.end:nxt.start] == " " and gaz.given_name(c.text) > GIVEN_NAME_MIN \
        and any(_is_big(p) for p, _ in c.places) and not any(main and _is_big(p) for p, main in c.places)


def _common_word(c: Candidate, gaz: Gazetteer, lowered: set[str]) -> bool:
    if len(c.tokens) != 1:
        return False
    word = c.tokens[0].text
    low = word.lower()
    if low in DIRECTION_WORDS or low in PLACE_TYPE_WORDS or low in {"centre", "center", "midwest"}:
        return True
    best = _best_place(c)
    if word.isupper() and word.isalpha() and 2 <= len(word) <= 5:  # an acronym names a place only if it is a state's,
        # and only as written: the spelling folds ("BBC" -> "bc", "USSR" -> "usr") are for names
        # nor a capital's code ("DOH" is no Doha; "PARIS", "US", "UK", "NSW" stay)
        code_of_a_capital = best.feature_code == "PPLC" and not any(main for p, main in c.places if p is best)
        return best.feature_code not in _BIG_CODES or code_of_a_capital or c.key != low
    if _DOTTED.match(word):  # "U.N.", "E.U." are organisations (Un, India; Eu, France); "U.S.", "D.C." stay
        return not _is_big(best) or word in _DEGREES  # "Charles W. Murphy, M.D.": a doctor, not Maryland
    zipf = gaz.zipf(word)
    if zipf >= 3.5 and not word.endswith(".") and not any(main or _is_big(p) for p, main in c.places):
        return True  # an English word that is only some small place's alias ("Rapid" for Rapid City)
    # Big by its own name ("Paris"), or a state known by a less common alias ("Britain"), not
    # an everyday word that is an alias of something big ("Man", "Federal").
    # A common word must be spelt exactly as the big place is ("Nice"), not fold to it ("Man" ~ "Ma'an").
    big = any(main and _is_big(p) and (zipf < 4.6 or fold_script(p.name).lower() == low) for p, main in c.places) or (
        zipf < 5.0 and any(p.feature_code in _BIG_CODES for p, _ in c.places)) or (
        zipf < 5.5 and c.key == low and any(p.feature_code in _STATE_CODES for p, _ in c.places)) or (  # "America",
        # not "Room" (folded to "rom", an alternate name of Rome)
        zipf < 5.0 and any(main and p.population >= 500_000 for p, main in c.places))  # "Boston" is a city
    if word.lower() in lowered and zipf >= 3.0 and not big:
        return True
    if zipf >= 4.6 and not big:
        return True
    if c.sentence_initial and not word.isupper() and zipf >= 4.0 and not big and not (
            zipf < 4.7 and any(main and p.population >= 250_000 for p, main in c.places)):
        return True  # "Police said": a capital from the sentence start; not "Vancouver has seen"
    return word.lower() in TEMPORAL_WORDS


_NAME_BEFORE = re.compile(r"[A-Z][a-z]+ $")


def _middle_initial(prev: Token | None, c: Candidate, text: str) -> bool:
    """An initial right before the name ("Ashley L. Evans", "George W. Bush"): a person's; but a
    compass letter opens a place's name unless a name comes before it ("W. Columbia", "S. Jersey")."""
    if prev is None or len(prev.text) != 1 or not prev.text.isupper() or text[prev.end:c.start] != ". ":
        return False
    return prev.text not in "NSEW" or bool(_NAME_BEFORE.search(text[max(0, prev.start - 30):prev.start]))


def recognise(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Place-name spans of ``text`` with their candidate places, non-places removed."""
    lowered = _lowercase_words(text)
    found = find_candidates(text, gaz)
    persons: set[str] = set()
    speakers: set[str] = set()  # keys of "Welch said": persons unless written as a place elsewhere
    placed = {c.key for c in found if _written_as_a_place(c)}
    person_until = -1
    kept = []
    pairs = _name_pairs(found, text, gaz)
    for i, c in enumerate(found):
        if i in pairs:  # "Angela Merkel": the surname alone later is the person too
            if i + 1 in pairs and found[i + 1].start > c.start:
                if _given_name(c.text, gaz):
                    persons.add(c.key)  # "Lucy Lau ... Lucy's father": the given name alone is her too
                continue
            persons.add(c.key)
            continue
        if gaz.demonym(c.text) and len(c.tokens) == 1:
            continue
        if _direction_only(c) and c.hints["run"][1] and c.hints["run"][1][0].text.lower() not in PLACE_TYPE_WORDS \
                and text[c.end:c.hints["run"][1][0].start] == " ":
            continue  # "South East Asian", "North African": a direction that qualifies the next word
        prev, nxt = c.hints.get("prev"), c.hints.get("next")
        if c.key in _INSTITUTION_KEYS and prev is not None and prev.text.lower() in ("the", "state", "verkhovna"):
            continue
        if nxt is not None and nxt.text.lower() in DISEASE_WORDS and c.end + 1 == nxt.start:
            continue  # "Marburg virus": a pathogen's name, not the town
        if len(c.tokens) == 1 and _ap_state(c.tokens[0], text):  # "HOLLIDAY, Mo. -": the state, not Mo i Rana
            state = gaz.place(f"adm1:US.{AP_STATES[text[c.start:c.end + 1]]}")
            if state is not None:
                c.places = ((state, True),)
                kept.append(c)
                continue
        if c.tokens[0].text == "The" and len(c.tokens) > 1 \
                and all(p.feature_class == "P" and not main for p, main in c.places) \
                and all(gaz.zipf(t.text) >= 4.0 for t in c.tokens[1:]):
            continue  # "The City Council": everyday words that are only some town's other name (Oakville)
        if _saints_building(c, text):
            continue  # "St. Michael's Hospital", "St. Mark's Cathedral", "St. Patrick's Day": a saint's
        if len(c.tokens) == 1 and _is_title(c.text) and nxt is not None and nxt.text[:1].isupper() \
                and c.end + 1 == nxt.start:
            continue  # "Pope Francis", "Marshal Zhukov": a title, not Pope County
        if len(c.tokens) == 1 and _is_title(c.text) and prev is not None and prev.text.lower() == "the":
            continue  # "the Pope said": a person by title
        if len(c.tokens) == 1 and (c.text.lower() in PEOPLE_WORDS or c.text in ARABIC_COMMON_WORDS):
            continue  # "Syrian Arab Army": a people, not Arab in Alabama
        if _outlet(c, text):
            continue  # "according to Daily Sabah": an outlet's name, not a place reported on
        if prev is not None and prev.text in _CLUB_PREFIXES and text[prev.end:c.start] == " ":
            continue  # "Real Madrid", "Bayern Munich": a football club, not the city
        if prev is not None and prev.text in _VESSEL_PREFIXES and text[prev.end:c.start] == " ":
            continue  # "USS Dwight D. Eisenhower", "HMS Belfast": a ship
        if len(c.tokens) == 1 and not _is_big(_best_place(c)) and _MODEL_CODE.match(text, c.end):
            continue  # "Bayraktar TB2", "Pantsir S1": a weapon's name and model
        if not _is_big(_best_place(c)) and _ELIDED_OF.match(text, c.end):
            continue  # "the Ballon d'Or": the head of a longer name the gazetteer does not know
        initial = _middle_initial(prev, c, text)
        if c.start > person_until and _common_word(c, gaz, lowered) and not initial:
            continue  # an everyday word ("Police reports") names no place, nor a person
        # "Ashley L. Evans", then "Evans"; "Sam Herrick"
        if c.start <= person_until or initial or _person_context(c, gaz) or _given_name_by_alias(c, gaz):
            if kept and text[kept[-1].end:c.start] == " " and len(kept[-1].tokens) == 1:
                kept.pop()  # "Hami Aksoy said": the name just before a surname is its given name
            persons.add(c.key)
            rest = c.hints["run"][1]
            end = c.end
            for k, t in enumerate(rest):
                # "Donald L. Schuler of Batesburg-Leesville": the person ends at "of"; "won by Mr
                # Trump - Wisconsin and Pennsylvania": and at a dash
                if t.text == "of" or text[end:t.start] not in (" ", "-"):
                    rest = rest[:k]
                    break
                end = t.end
            person_until = rest[-1].end if rest else c.end
            persons.update(name_key(t.text) for t in rest)
            continue
        if _speaker(c) and c.key not in placed:
            if kept and text[kept[-1].end:c.start] == " " and len(kept[-1].tokens) == 1:
                kept.pop()  # "Hami Aksoy said": the name just before a surname is its given name
            speakers.add(c.key)
            person_until = c.end
            continue
        if _word_in_a_longer_name(c, gaz):
            continue  # "Chamber of Commerce", "Highway Patrol", "Delta Air Lines": not Commerce, Texas
        if _family(c, text, gaz):
            continue  # "Arlene Boon ... signed by the Boons": a family, not Bons-en-Chablais
        if _partners(c, text, gaz):
            continue  # "design firm Stevens & Wilkinson": a firm's partners, not Stevens, Pennsylvania
        if _org_context(c):
            c.hints["org"] = True  # "Texas Department of ...": kept, marked associative
        kept.append(c)
    persons |= speakers
    persons -= placed  # "the Paris Walmart store" is no person's name in a story of "Paris police"
    kept = [c for c in kept if c.key not in persons or _big_by_main_name(c) and _country_spoken_of(c, kept, persons)]
    kept = [c for i, c in enumerate(kept) if not (i and _tail_of_a_name(kept[i - 1], c, text))]
    kept = [c for i, c in enumerate(kept) if not (i + 1 < len(kept) and _direction_before(c, kept[i + 1], text))]
    for c in kept:
        _add_divisions_of_kind(c, text, gaz)
    return sorted(kept + _demonyms(text, gaz, kept), key=lambda c: c.start)


def _family(c: Candidate, text: str, gaz: Gazetteer) -> bool:
    """"the Boons" in a story that names "Arlene Boon": a family by its surname in the plural."""
    prev, word = c.hints.get("prev"), c.text
    if len(c.tokens) != 1 or prev is None or prev.text.lower() != "the" or not word.endswith("s") \
            or _is_big(_best_place(c)):  # "the Philippines", "the Bahamas"
        return False
    for one in {word[:-1], word[:-2]} if word.endswith("es") else {word[:-1]}:
        for m in re.finditer(r"\b([A-Z][a-z]+) " + re.escape(one) + r"\b", text):
            if _given_name(m.group(1), gaz):
                return True
    return False


_AMPERSAND_AFTER = re.compile(r" ?& ?([A-Z][\w'’-]*)")
_AMPERSAND_BEFORE = re.compile(r"([A-Z][\w'’-]*) ?& ?$")


def _partners(c: Candidate, text: str, gaz: Gazetteer) -> bool:
    """A word joined by "&" to another where neither names a big place: the partners of a firm
    ("Stevens & Wilkinson", "Marks & Spencer"), not two towns ("Dallas & Fort Worth" stay)."""
    if len(c.tokens) != 1 or not _all_small(c.places):
        return False
    other = _AMPERSAND_AFTER.match(text, c.end) or _AMPERSAND_BEFORE.search(text, max(0, c.start - 30), c.start)
    return other is not None and _all_small(gaz.candidates(name_key(other.group(1))))


def _add_divisions_of_kind(c: Candidate, text: str, gaz: Gazetteer) -> None:
    """Adds to a name's candidates the divisions called "<name> <kind>" when a kind follows it, or
    closes its list: "Douglas, Sarpy and Lancaster counties" (Douglas County, though "Douglas" alone
    is no county's name), "the Zaporizhzhia and Kherson oblasts"."""
    kind = listed_kind(text, c.end)
    nxt = c.hints.get("next")
    if kind is None and nxt is not None and text[c.end:nxt.start] == " " and nxt.text in ADMIN_WORDS:
        kind = nxt.text
    if kind not in ADMIN_WORDS:
        return
    have = {p.place_id for p, _ in c.places}
    extra = tuple((p, main) for p, main in gaz.candidates(f"{c.key} {kind}")
                  if p.feature_class == "A" and p.place_id not in have)
    if extra:
        c.places = c.places + extra


#: Plural kinds that close a list of names: "the Donetsk, Luhansk and Kherson regions".
_PLURAL_KINDS = {
    "provinces": "province", "governorates": "governorate", "districts": "district", "counties": "county",
    "regions": "region", "states": "state", "prefectures": "prefecture", "oblasts": "oblast",
    "cantons": "canton", "municipalities": "municipality", "departments": "department", "parishes": "parish",
    "cities": "city", "towns": "town", "villages": "village", "camps": "camp",
}
_LISTED = re.compile(
    r"(?:(?:,| and| or| &|, and|, or) (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})* ([a-z]+)\b")


def listed_kind(text: str, end: int) -> str | None:
    """The kind a plural word gives every name of the list it closes ("Idlib and Hama provinces",
    "the Kharkiv and Sumy oblasts", "Douglas, Sarpy and Lancaster counties"), in the singular."""
    m = _LISTED.match(text, end, min(len(text), end + 200))
    return _PLURAL_KINDS.get(m.group(1)) if m else None


def _demonyms(text: str, gaz: Gazetteer, taken: list[Candidate]) -> list[Candidate]:
    """Country adjectives and demonyms ("Syrian", "Turks", "Sri Lankan") as mentions of their country."""
    covered = {i for c in taken for i in range(c.start, c.end)}
    tokens = [t for t in _compound_tokens(text, gaz) if t.text[:1].isupper() and t.start not in covered]
    out: list[Candidate] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i:i + 2] if i + 1 < len(tokens) and text[tokens[i].end:tokens[i + 1].start] == " " else []
        for toks in (pair, tokens[i:i + 1]):  # "Sri Lankan", then "Syrian"
            if not toks:
                continue
            span = text[toks[0].start:toks[-1].end]
            cc = gaz.demonym(span)
            country = gaz.place(f"cc:{cc}") if cc else gaz.region_demonym(span)  # "Syrian"; "Crimean"
            if country is not None:
                if out and text[out[-1].end:toks[0].start] == " ":
                    i += len(toks) - 1  # "Syrian Turkmen", "Iraqi Kurds": a people of the first country,
                    break               # not a mention of Turkmenistan
                c = Candidate(toks[0].start, toks[-1].end, span, name_key(span), ((country, True),), tuple(toks))
                c.hints["demonym"] = True
                out.append(c)
                i += len(toks) - 1
                break
        i += 1
    return out
