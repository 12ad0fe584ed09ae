"""The audit trail: every control action, who did it, to whom, when, and what came of it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from console.directory.backend import dialect
from console.directory.store import SiteDirectory


def append_audit(
    directory: SiteDirectory,
    actor: str,
    action: str,
    target: str,
    params: dict[str, Any],
    result: str,
    at: str | None = None,
) -> int:
    """Append one row; returns its id. Rows are never updated or deleted. ``at``: when it
    happened (ISO, UTC, milliseconds), if not now."""
    with directory.db.conn:
        table = directory.db["audit"].insert(
            {
                "at": at or datetime.now(UTC).isoformat(timespec="milliseconds"),
                "actor": actor,
                "action": action,
                "target": target,
                "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
                "result": result,
            }
        )
    return int(table.last_pk)


def append_audit_once(
    directory: SiteDirectory, actor: str, action: str, target: str, params: dict[str, Any], result: str, at: str
) -> None:
    """Append the row unless it is there already (the same time to the millisecond, actor,
    action, target and result): a write tried again after the store's link failed may have
    landed the first time."""
    values = [at, actor, action, target, json.dumps(params, ensure_ascii=False, sort_keys=True), result]
    with directory.db.conn:
        directory.db.execute(
            "INSERT INTO audit (at, actor, action, target, params, result) SELECT ?, ?, ?, ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM audit WHERE at = ? AND actor = ? AND action = ? AND target = ? "
            "AND result = ?)",
            [*values, at, actor, action, target, result],
        )


def recent_audit(directory: SiteDirectory, limit: int = 100, target: str | None = None) -> list[dict[str, Any]]:
    """Newest rows first."""
    where, args = ("WHERE target = ?", [target]) if target else ("", [])
    return [
        {**row, "params": json.loads(row["params"] or "{}")}
        for row in directory.db.query(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*args, limit])
    ]


# The site a row's params name (a wall push names the site it showed); params is JSON text.
_PARAMS_SITE = {
    "sqlite": "CASE WHEN json_valid(params) THEN json_extract(params, '$.site') END",
    "postgresql": "CASE WHEN params LIKE '{%' THEN params::jsonb ->> 'site' END",
}

_SPAN = re.compile(r"^(\d+)\s*(s|m|h|d)$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``1h``, ``30m``, ``2d``, ``90s`` ago, or an ISO date/time (UTC if it names no zone).

    Raises ValueError saying what is accepted."""
    now = now or datetime.now(UTC)
    text = text.strip()
    if match := _SPAN.match(text):
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is neither a span such as 1h, 30m, 2d nor an ISO time such as 2026-11-30T09:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_target(directory: SiteDirectory, text: str) -> bool:
    """Whether some row on record has ``text`` as its target (wall:room, an operator, hub…)."""
    return directory.db.execute("SELECT 1 FROM audit WHERE target = ? LIMIT 1", [text]).fetchone() is not None


def site_names(directory: SiteDirectory, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The directory's names of the sites these rows name (as target, or as the site a wall
    change showed), by key; what is not a site is left out."""
    named = {row["target"] for row in rows} | {
        row["params"].get("site") for row in rows if isinstance(row["params"].get("site"), str)
    }
    keys = sorted(k for k in named if k and ":" in k)
    names: dict[str, str] = {}
    for start in range(0, len(keys), 500):  # SQLite's limit on host parameters
        chunk = keys[start : start + 500]
        names.update(
            directory.db.execute(
                f"SELECT key, name FROM sites WHERE key IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall()
        )
    return names


def find_audit(
    directory: SiteDirectory,
    since: datetime | None = None,
    target: str | None = None,
    actor: str | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Rows matching every filter given, oldest first (the last ``limit`` of them)."""
    where, args = [], []
    if since is not None:
        where.append("at >= ?")
        args.append(since.astimezone(UTC).isoformat(timespec="milliseconds"))
    if target is not None:  # a site is also the target of what was done with it (a wall push names it)
        where.append(f"(target = ? OR {_PARAMS_SITE[dialect(directory.db)]} = ?)")
        args += [target, target]
    if actor is not None:
        where.append("actor = ?")
        args.append(actor)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = directory.db.query(f"SELECT * FROM audit {clause} ORDER BY id DESC LIMIT ?", [*args, limit])
    return [{**row, "params": json.loads(row["params"] or "{}")} for row in reversed(list(rows))]
