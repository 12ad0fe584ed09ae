"""The audit trail: every control action, who did it, to whom, when, and what came of it."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from console.directory.store import SiteDirectory


def append_audit(directory: SiteDirectory, actor: str, action: str, target: str,
                 params: dict[str, Any], result: str) -> int:
    """Append one row; returns its id. Rows are never updated or deleted."""
    with directory.db.conn:
        cursor = directory.db.execute(
            "INSERT INTO audit (at, actor, action, target, params, result) VALUES (?, ?, ?, ?, ?, ?)",
            [datetime.now(timezone.utc).isoformat(timespec="milliseconds"), actor, action, target,
             json.dumps(params, ensure_ascii=False, sort_keys=True), result])
    return cursor.lastrowid


def recent_audit(directory: SiteDirectory, limit: int = 100, target: str | None = None) -> list[dict]:
    """Newest rows first."""
    where, args = ("WHERE target = ?", [target]) if target else ("", [])
    return [
        {**row, "params": json.loads(row["params"] or "{}")}
        for row in directory.db.query(
            f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*args, limit])
    ]
