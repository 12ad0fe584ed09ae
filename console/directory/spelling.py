"""Close spellings of what an operator typed: a missing space, one wrong letter.

Operators type fast: "hoankiem", "hoan kiemm", "hoan kiwm". Search proper (search.py) wants
every word to be the start of a word in a site's names; a word that starts no word at all
is a typo. ``Speller`` offers respellings of such words, drawn from the words of the
directory's names (every site's folded name; parents are sites too). Abbreviations ("hcm",
"tp") are known words but never offered: a slip is not likely to produce one.

  a missing space   the word split in two: a whole word, then the start of a word;
  one wrong letter  a word at Damerau-Levenshtein distance 1 (a letter changed, added,
                    dropped, or two swapped), for typed words of 3 letters or more.

Respellings are ordered as slips happen: the first letter is rarely wrong; a neighbouring key
(QWERTY), two letters swapped or a doubled letter are the likeliest slips, a dropped or an
extra letter next, any other changed letter last; among equals, words found in more names
first. The caller tries respellings in this order and keeps those that find sites. When nothing at all matches what was typed, words that do start a word are
respelled too ("tuong yen cong": "tuong" starts words, but the place is "thuong").

Candidates are found through a "deletes" index (each word and each way of dropping one of
its letters, as SymSpell does), so a lookup costs a few dictionary probes, not a scan:
respelling adds microseconds to a search, and only to searches with a typo.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable

MIN_EDIT_LENGTH = 3  # typed words shorter than this are not respelled: "ha" -> "ho" is another place
MAX_RESPELLINGS = 6  # whole queries tried after the exact search (each a cheap FTS miss or hit)
MAX_PER_WORD = 3  # respellings kept per mistyped word


class Speller:
    """Respellings of mistyped words, from a vocabulary of words with their frequencies."""

    def __init__(self, names: Iterable[str], known: Iterable[str] = ()) -> None:
        """``names``: folded names (one per site); ``known``: other words a query may hold."""
        self._counts = Counter(word for name in names for word in set(name.split()))
        self._sorted = sorted(set(self._counts) | set(known))
        self._deletes: dict[str, list[str]] = {}
        for word in self._counts:
            if len(word) >= MIN_EDIT_LENGTH - 1:  # "lng" (3 letters) may mean "long" (4), "xan" "xa" (2)
                for key in {word, *_deletes(word)}:
                    self._deletes.setdefault(key, []).append(word)

    def __len__(self) -> int:
        return len(self._counts)

    def starts_a_word(self, token: str) -> bool:
        """Whether some word of the vocabulary starts with ``token``."""
        i = bisect.bisect_left(self._sorted, token)
        return i < len(self._sorted) and self._sorted[i].startswith(token)

    def respell(self, tokens: list[str], nothing_found: bool = False) -> list[list[str]]:
        """Up to MAX_RESPELLINGS respelled queries, most likely first; [] if every word
        starts a word of the vocabulary (nothing to respell) or no respelling is known.
        ``nothing_found``: the query as typed found nothing, so words that start a word may
        be the slip too (each is tried in turn)."""
        wrong = [i for i, t in enumerate(tokens) if not (self.starts_a_word(t) or t.isdigit())]
        if wrong:
            return self._combine(tokens, wrong)
        if not nothing_found:
            return []
        # Each word's best respellings in turn, so a slip in the last word is tried too.
        per_word = [
            self._combine(tokens, [i], keep_token=True)
            for i, token in enumerate(tokens)
            if len(token) >= MIN_EDIT_LENGTH and not token.isdigit()
        ]
        tries = [q for round_ in itertools.zip_longest(*per_word) for q in round_ if q is not None]
        return tries[:MAX_RESPELLINGS]

    def _combine(self, tokens: list[str], wrong: list[int], keep_token: bool = False) -> list[list[str]]:
        options: list[list[list[str]]] = [[[token]] for token in tokens]
        for i in wrong:
            found = [c for c in self._candidates(tokens[i]) if not keep_token or c != [tokens[i]]]
            if not found:
                return []
            options[i] = found[:MAX_PER_WORD]
        queries = ([word for part in combo for word in part] for combo in itertools.product(*options))
        return list(itertools.islice(queries, MAX_RESPELLINGS))

    def _candidates(self, token: str) -> list[list[str]]:
        """Respellings of one word, each a list of words; splits first (a missing space is
        the likelier slip of a fast typist), then by frequency."""
        splits = [
            [token[:i], token[i:]]
            for i in range(2, len(token) - 1)
            if token[:i] in self._counts and self._starts_a_name_word(token[i:])
        ]
        splits.sort(key=lambda parts: -self._counts[parts[0]])
        edits: list[str] = []
        if len(token) >= MIN_EDIT_LENGTH:
            near = {word for key in {token, *_deletes(token)} for word in self._deletes.get(key, ())}
            edits = sorted(
                (w for w in near if w != token and _one_edit_apart(token, w)),
                key=lambda w: (w[0] != token[0], _slip_cost(token, w), -self._counts[w], w),
            )
        return splits + [[word] for word in edits]

    def _starts_a_name_word(self, part: str) -> bool:
        i = bisect.bisect_left(self._sorted, part)
        while i < len(self._sorted) and self._sorted[i].startswith(part):
            if self._sorted[i] in self._counts:
                return True
            i += 1
        return False


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, set[str]]:
    """Keys next to each letter on a QWERTY keyboard (rows are staggered to the right)."""
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for c, key in enumerate(row):
            places = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
            near[key] = {_ROWS[rr][cc] for rr, cc in places if 0 <= rr < 3 and 0 <= cc < len(_ROWS[rr])}
    return near


_NEIGHBOURS = _neighbours()


def _slip_cost(typed: str, word: str) -> int:
    """How unlikely the slip from ``word`` to ``typed`` (one edit apart): 0 a neighbouring key,
    two letters swapped or a letter doubled; 1 a letter dropped or added; 2 another letter."""
    if len(typed) == len(word):
        diff = [i for i in range(len(word)) if typed[i] != word[i]]
        if len(diff) == 2:
            return 0  # two letters swapped
        i = diff[0]
        return 0 if typed[i] in _NEIGHBOURS.get(word[i], ()) else 2
    if len(typed) > len(word):  # an extra letter typed
        i = next((i for i in range(len(word)) if typed[i] != word[i]), len(word))
        return 0 if typed[i] in (typed[i - 1 : i] + typed[i + 1 : i + 2]) else 1  # doubled
    return 1  # a letter dropped


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit_apart(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (substitution, insertion, deletion, swap)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]  # one letter added
    return (
        a[i + 1 :] == b[i + 1 :]
        or (  # one letter changed
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    )  # two swapped
