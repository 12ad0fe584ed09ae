"""Precomputed answers for one- and two-letter queries.

The first keystrokes of a type-ahead match thousands of sites ("t" matches nearly every
name), so ranking them in SQL costs 5-15 ms per key. Their answers depend only on the
directory, so they are computed once per import, with the same ranking as
console.directory.search, and stored beside the sites.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

MAX_PREFIX = 2
KEEP = 50  # results kept per prefix; longer result lists are asked of SQL


class RankRow(NamedTuple):
    id: int
    hay_name: str  # " name alias "
    hay_core: str  # " core "
    hay_all: str  # " name alias parents "
    depth: int
    ordinal: int


def rank_key(token: str, row: RankRow) -> tuple:
    """The ORDER BY of console.directory.search for a one-word query, as a sort key."""
    spaced, whole = " " + token, " " + token + " "
    return (
        spaced not in row.hay_name,
        row.hay_core != whole,
        whole not in row.hay_name,
        spaced not in row.hay_core,
        whole not in row.hay_all,
        len(row.hay_core), row.depth, row.ordinal,
    )


def build(rows: Iterable[RankRow]) -> dict[str, list[int]]:
    """Best ``KEEP`` site ids for every 1..MAX_PREFIX-letter prefix of a name word.

    A prefix with fewer than KEEP name matches is left out: sites matched only through
    their parents' names would belong in its answer, and SQL finds those quickly.
    """
    rows = list(rows)
    buckets: dict[str, set[int]] = {}
    for index, row in enumerate(rows):
        for word in row.hay_name.split():
            for n in range(1, min(MAX_PREFIX, len(word)) + 1):
                buckets.setdefault(word[:n], set()).add(index)
    table = {}
    for prefix, members in buckets.items():
        if len(members) >= KEEP and not prefix.isdigit():  # digits are GSO codes
            best = sorted(members, key=lambda i: rank_key(prefix, rows[i]))[:KEEP]
            table[prefix] = [rows[i].id for i in best]
    return table
