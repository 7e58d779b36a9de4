"""Name normalisation and tokenisation shared by the gazetteer and the recogniser.

``name_key`` maps every spelling of a name to one lookup key: case, Latin
diacritics, Turkish dotless i, apostrophes and ayn/hamza marks, hyphens, doubled
letters and Arabic article variants (al-/el-/an-/ash-...) are folded; Arabic
script keeps its letters with diacritics and letter variants folded.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

_MARKS = "'’‘`´ʿʾʻʼ′"
_MARK_RE = re.compile(f"[{_MARKS}]")
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_NON_WORD = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
_DOUBLE = re.compile(r"([a-z])\1+")

#: Arabic definite-article spellings, folded to "al" (sun-letter assimilation and "el").
ARTICLES = frozenset({"al", "el", "an", "ash", "as", "ad", "ar", "at", "az", "ath", "adh", "ul", "en", "es", "ed", "et", "er", "ez"})
#: Spelling families of common Arabic/Turkish/Persian toponym words.
_TOKEN_FOLD = {
    "tell": "tal", "tel": "tal", "tall": "tal",
    "jebel": "jabal", "jabel": "jabal", "djebel": "jabal", "jbel": "jabal",
    "kfar": "kafr", "kafar": "kafr", "kefr": "kafr", "kfr": "kafr",
    "dayr": "deir", "der": "deir", "dair": "deir",
    "ayn": "ain", "ein": "ain", "ayin": "ain",
    "khirbet": "khirbat", "kherbet": "khirbat",
    "maarat": "marat", "maarrat": "marat", "marrat": "marat", "maaret": "marat", "maarret": "marat",
    "saint": "st", "mount": "mt", "fort": "ft",
}


def fold_script(text: str) -> str:
    """Fold case-insensitive forms: NFKC, Turkish i, Latin diacritics to ASCII."""
    text = unicodedata.normalize("NFKC", text).replace("ı", "i").replace("İ", "I")
    if _ARABIC_RE.search(text):
        text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
        return "".join(ch if _ARABIC_RE.match(ch) else unidecode(ch) for ch in text)
    return unidecode(text)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a place name: every known spelling variant folds to it.

    >>> name_key("Ma'arrat an-Nu'man") == name_key("Maarat al-Numan")
    True
    """
    text = _MARK_RE.sub("", fold_script(name)).lower()
    text = _NON_WORD.sub(" ", text.replace("&", " and ").replace(".", ""))
    if _DOUBLE.search(text):  # words are now split by spaces only, so one pass serves them all
        text = _DOUBLE.sub(r"\1", text)
    tokens = text.split()
    last = len(tokens) - 1
    out = []
    for i, tok in enumerate(tokens):
        tok = _TOKEN_FOLD.get(tok, tok)
        if i < last and tok in ARTICLES:
            tok = "al"
        out.append(tok)
    return " ".join(out)


def key_variants(name: str) -> set[str]:
    """Keys a gazetteer name is indexed under: the key, and without a leading article."""
    key = name_key(name)
    if not key:
        return set()
    keys = {key}
    if key.startswith("al ") and len(key) > 5:
        keys.add(key[3:])
    if key.startswith("the ") and len(key) > 6:  # "The Netherlands", "The Gambia"
        keys.add(key[4:])
    return keys


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text with its character offsets (end exclusive)."""

    start: int
    end: int
    text: str

    @property
    def is_upper_initial(self) -> bool:
        ch = self.text[0]
        return ch.isupper() or bool(_ARABIC_RE.match(ch))


# A word: letters/digits with inner apostrophes, hyphens and dots (U.S., al-Nayrab, Ma'arrat, M4):
# runs of letters/digits joined by one mark or hyphen, or by a dot that another letter and dot
# follow, then possibly a dot.
_TOKEN_RE = re.compile(
    r"[^\W_]+(?:(?:[-'’ʿʾ‘]|\.(?=[^\W_]\.))[^\W_]+)*\.?",
    re.UNICODE,
)
# The same on a text without "_" ([^\W_] is \w but "_"), and faster.
_TOKEN_RE_NO_UNDERSCORE = re.compile(
    r"\w+(?:(?:[-'’ʿʾ‘]|\.(?=\w\.))\w+)*\.?",
    re.UNICODE,
)


@lru_cache(maxsize=16)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split text into word tokens with offsets; a trailing dot stays only on abbreviations.

    Cached: the stages of one parse tokenise the same text several times.
    """
    tokens = []
    append = tokens.append
    new, set_start, set_end, set_text = object.__new__, _SET_START, _SET_END, _SET_TEXT
    for m in (_TOKEN_RE if "_" in text else _TOKEN_RE_NO_UNDERSCORE).finditer(text):
        word = m.group()
        if word[-1] == "." and word.count(".") == 1:
            word = word[:-1]
        if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’":  # possessive: "France's"
            word = word[:-2]
        start = m.start()
        # Token(start, start + len(word), word), without the frozen dataclass's __init__, which
        # costs as much as all the rest of this loop (a text has thousands of tokens)
        tok = new(Token)
        set_start(tok, start)
        set_end(tok, start + len(word))
        set_text(tok, word)
        append(tok)
    return tuple(tokens)


# The slots' own setters: what Token.__init__ calls, less its overhead.
_SET_START, _SET_END, _SET_TEXT = Token.start.__set__, Token.end.__set__, Token.text.__set__  # type: ignore[attr-defined]
