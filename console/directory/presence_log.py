"""Presence history: every join and leave the hub saw, for meeting minutes.

``sites.status``/``last_seen`` say only where each site is now; a meeting's record needs who
came and went, and when. The hub appends rows here in the same 200 ms batches as its status
writes (``console/hub/status_writer.py``), never one transaction per event. A ``hub_start``
row (site ``*``) marks a hub (re)start: every site was offline from then on, whatever its last
row says (a hub that died wrote no leaves).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from console.directory.store import SiteDirectory

TABLE = "presence_log"
HUB_START = "hub_start"
EVERY_SITE = "*"

_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
    "site TEXT NOT NULL, event TEXT NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_at ON {TABLE} (at)",
)


def ensure_table(conn: Any) -> None:
    """Create the table where missing (files made before the hub kept a presence log gain it on first use)."""
    for statement in _SCHEMA:
        conn.execute(statement)


def append(conn: Any, rows: Iterable[tuple[str, str, str]]) -> None:
    """``(at, site, event)`` rows, ``event`` ``join``, ``leave`` or ``hub_start``; call inside
    the caller's transaction (the status writer's)."""
    ensure_table(conn)
    conn.executemany(f"INSERT INTO {TABLE} (at, site, event) VALUES (?, ?, ?)", rows)


def between(directory: SiteDirectory, since: datetime, until: datetime | None = None) -> list[dict[str, Any]]:
    """Rows from ``since`` to ``until`` (now if None), oldest first, plus each site's last row
    before ``since`` (so a site already present when the meeting began counts as present)."""
    conn = directory.db.conn
    ensure_table(conn)
    start = _iso(since)
    end = _iso(until or datetime.now(UTC))
    before = conn.execute(
        f"SELECT p.at, p.site, p.event FROM {TABLE} p JOIN (SELECT site, MAX(id) AS id FROM {TABLE} "
        f"WHERE at < ? GROUP BY site) last ON p.id = last.id ORDER BY p.id",
        [start],
    ).fetchall()
    during = conn.execute(
        f"SELECT at, site, event FROM {TABLE} WHERE at >= ? AND at <= ? ORDER BY id", [start, end]
    ).fetchall()
    return [{"at": at, "site": site, "event": event, "before": True} for at, site, event in before] + [
        {"at": at, "site": site, "event": event, "before": False} for at, site, event in during
    ]


def ever_joined(directory: SiteDirectory, site: str) -> bool:
    """Whether the hub ever saw ``site`` join (since this log began); a reader, it creates nothing."""
    conn = directory.db.conn
    if TABLE not in directory.db.table_names():
        return False
    return (
        conn.execute(f"SELECT 1 FROM {TABLE} WHERE site = ? AND event = 'join' LIMIT 1", [site]).fetchone() is not None
    )


def now() -> str:
    """The log's time format: UTC to the millisecond, so text order is time order."""
    return _iso(datetime.now(UTC))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")
