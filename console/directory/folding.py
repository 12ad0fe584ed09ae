"""Fold Vietnamese text to what an operator types on any keyboard.

"Phường Phúc Xá, Quận Ba Đình" -> "phuong phuc xa quan ba dinh". SQLite's unicode61
tokenizer strips most diacritics but keeps đ/Đ (a letter of its own, not d + a mark),
so folding happens here, identically for stored text and for queries.
"""

import re
import unicodedata

# Letters that NFD does not decompose into a base letter plus combining marks.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d), and turn punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_MAP))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.lower()).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text``; safe to splice into an FTS5 query once quoted."""
    folded = fold(text)
    return folded.split() if folded else []


# Division-type words that lead a unit's name ("Thành phố", "Xã", ...), folded, longest first.
_TYPE_PREFIXES = ("thanh pho", "thi tran", "thi xa", "dac khu", "phuong", "huyen", "quan", "tinh", "xa")


def core_name(folded_name: str) -> str:
    """A folded name without its leading division type: "phuong phuc xa" -> "phuc xa"."""
    for prefix in _TYPE_PREFIXES:
        if folded_name.startswith(prefix + " "):
            return folded_name[len(prefix) + 1 :]
    return folded_name


def initials(folded_name: str) -> list[str]:
    """Abbreviations operators type: "thanh pho ho chi minh" -> ["hcm", "tphcm"]."""
    core = core_name(folded_name).split()
    if len(core) < 2 or any(w.isdigit() for w in core):
        return []
    short = "".join(w[0] for w in core)
    # "TP HCM" is how people write a city; other type words are not abbreviated.
    return [short, "tp" + short] if folded_name.startswith("thanh pho ") else [short]
