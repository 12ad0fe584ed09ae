"""A roll-call of a group for the meeting's minutes: who is present and who is absent, now.

Built from the hub's ``roll_call`` answer (docs/protocol.md) for the group's sites, with the
directory's names and paths, stamped with the moment it was taken; ``csv_text`` is what the
minutes keep (one row per site, the time on every row so a pasted extract still says when).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

COLUMNS = (
    "taken_at",
    "group",
    "present",
    "key",
    "code",
    "name",
    "province",
    "path",
    "last_seen",
    "muted",
    "hand_raised",
)


@dataclass(frozen=True)
class RollCallEntry:
    key: str
    code: int | str
    name: str
    province: str
    path: str
    present: bool
    last_seen: str = ""
    muted: bool | None = None
    hand_raised: bool = False


@dataclass(frozen=True)
class RollCall:
    group: str
    taken_at: str  # ISO 8601 with the offset, e.g. 2025-09-01T08:30:05+07:00
    entries: tuple[RollCallEntry, ...]

    @property
    def present(self) -> list[RollCallEntry]:
        return [e for e in self.entries if e.present]

    @property
    def absent(self) -> list[RollCallEntry]:
        return [e for e in self.entries if not e.present]

    def summary(self) -> str:
        return f"{self.group}: {len(self.present)} present, {len(self.absent)} absent at {self.taken_at}"

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in self.entries:
            writer.writerow(
                [
                    self.taken_at,
                    self.group,
                    "present" if e.present else "absent",
                    e.key,
                    e.code,
                    e.name,
                    e.province,
                    e.path,
                    e.last_seen or "",
                    "" if e.muted is None else ("yes" if e.muted else "no"),
                    "yes" if e.hand_raised else "no",
                ]
            )
        return out.getvalue()


def roll_call(
    group: str, taken_at: str, members: Iterable[Mapping[str, Any]], answer: Iterable[Mapping[str, Any]]
) -> RollCall:
    """``members``: the group's sites in order (``key``, ``code``, ``name``, ``province``, ``path``
    as a list); ``answer``: the hub's roll-call rows for them. A member the hub did not answer
    for (retired since) is absent."""
    rows = {row.get("key"): row for row in answer if isinstance(row, Mapping)}
    entries = []
    for site in members:
        row = rows.get(site["key"], {})
        reported = row.get("state")
        state = reported if isinstance(reported, Mapping) else {}
        present = bool(row.get("online"))
        entries.append(
            RollCallEntry(
                site["key"],
                site.get("code", ""),
                site.get("name", ""),
                site.get("province", ""),
                " › ".join(site.get("path") or ()),
                present,
                str(row.get("last_seen") or ""),
                bool(state.get("muted", True)) if present else None,
                bool(state.get("hand_raised")) if present else False,
            )
        )
    return RollCall(group, taken_at, tuple(entries))
