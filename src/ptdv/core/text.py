"""Vietnamese text: normalisation, accent-free search keys, Vietnamese alphabetical order.

Search keys and sort keys are stored as columns, so that SQLite and PostgreSQL
index and order them the same way, whatever collation the database has.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Combining marks of the five tones, in the order dictionaries use:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a separate letter of the alphabet (ă, â, ê, ô, ơ, ư).
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}

# The Vietnamese alphabet, with f, j, w, z placed where foreign names put them.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_RANK = {letter: index + 20 for index, letter in enumerate(_ALPHABET)}


# Characters that are invisible or steer the display, never wanted in a name or a note:
# C0/C1 controls but tab and line breaks, NUL included; soft hyphen; zero-width spaces and
# joiners; bidirectional marks, embeddings, overrides and isolates (a name that reads
# backwards); word joiner and invisible operators; byte order mark; interlinear annotations.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str | None) -> str:
    """The one normalisation of every text that comes in (forms, API, imports): NFC,
    invisible and control characters removed, line breaks as "\n", trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def normalize(text: str | None) -> str:
    """clean_text, inner white space collapsed: one spelling for one name."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def fold(text: str | None) -> str:
    """Accent-free lower-case key: "Hương Khê" → "huong khe", "Đăk Pék" → "dak pek"."""
    decomposed = unicodedata.normalize("NFD", normalize(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _letters(word: str) -> list[tuple[str, int]]:
    """Split a word into (letter, tone) pairs, letters as in the Vietnamese alphabet."""
    result: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                letter = unicodedata.normalize("NFC", base + mark)
        result.append((letter, tone))
    return result


def _letter_code(letter: str) -> str:
    if letter.isdigit():
        return f"1{letter}"
    return f"{_RANK.get(letter, 99):02d}"


def _word_key(word: str) -> str:
    # Numbers sort by value: "Thôn 2" before "Thôn 10".
    letters = _letters(word.zfill(6) if word.isdigit() else word)
    primary = "".join(_letter_code(letter) for letter, _ in letters)
    tones = "".join(str(tone) for _, tone in letters)
    # "01" sorts below every letter code, so "Hà" < "Hàm" and "Hà" < "Hạ".
    return f"{primary}01{tones}"


def sort_key(text: str | None, *, given_name_first: bool = False) -> str:
    """A digits-only key whose plain string order is Vietnamese dictionary order.

    Words compare one by one; in a word the letters first (a < ă < â < b … d < đ …),
    then the tones (ngang < huyền < hỏi < ngã < sắc < nặng). With `given_name_first`
    a person's name sorts by the given name (the last word), then the family and middle
    names, as Vietnamese lists of people are sorted.
    """
    words = normalize(text).split(" ") if text else []
    if given_name_first and len(words) > 1:
        words = [words[-1], *words[:-1]]
    return "00".join(_word_key(word) for word in words)[:250]
