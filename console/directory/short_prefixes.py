"""Precomputed answers for one- to three-letter queries.

The first keystrokes of a type-ahead match thousands of sites ("t" matches nearly every
name), so ranking them in SQL costs 5-15 ms per key ("phu", "tha": 3-4.5 ms, the slowest
1 % of realistic queries before they were stored here too). Their answers depend only on
the directory, so they are computed once per import, with the same ranking as
console.directory.search, and stored beside the sites.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

MAX_PREFIX = 3
KEEP = 50  # results kept per prefix; longer result lists are asked of SQL


class RankRow(NamedTuple):
    """The stored texts the ranking reads (see console.directory.search)."""

    id: int
    hay_words: str
    hay_type: str
    hay_name: str
    hay_core: str
    hay_all: str
    depth: int
    ordinal: int


def rank_key(token: str, row: RankRow) -> tuple[Any, ...]:
    """The ORDER BY of console.directory.search for a one-word query, as a sort key."""
    spaced, whole = " " + token, " " + token + " "
    name_hit = spaced in row.hay_words or whole in row.hay_type
    return (
        not name_hit,
        not name_hit,  # the first word's hit, counted again
        not (row.hay_core == whole or row.hay_name.startswith(whole)),
        whole not in row.hay_name,
        spaced not in row.hay_core,
        whole not in row.hay_all,
        len(row.hay_core),
        row.depth,
        row.ordinal,
    )


def build(rows: Iterable[RankRow]) -> dict[str, list[int]]:
    """Best ``KEEP`` site ids for every 1..MAX_PREFIX-letter prefix of a name word.

    A prefix with fewer than KEEP name matches is left out: sites matched only through
    their parents' names would belong in its answer, and SQL finds those quickly.
    """
    rows = list(rows)
    buckets: dict[str, set[int]] = {}
    for index, row in enumerate(rows):
        for word in row.hay_words.split():
            for n in range(1, min(MAX_PREFIX, len(word)) + 1):
                buckets.setdefault(word[:n], set()).add(index)
        for word in row.hay_type.split():  # type words count whole only
            if len(word) <= MAX_PREFIX:
                buckets.setdefault(word, set()).add(index)
    table = {}
    for prefix, members in buckets.items():
        if len(members) >= KEEP and not prefix.isdigit():  # digits are GSO codes
            best = sorted(members, key=lambda i: rank_key(prefix, rows[i]))[:KEEP]
            table[prefix] = [rows[i].id for i in best]
    return table
