"""The hub's own starts and stops, in the audit trail: when it served, and when it was gone.

A clean stop writes a ``hub_stop`` row. A hub that is killed or crashes writes nothing, so
the next start looks at the last ``hub_start``/``hub_stop`` row: a start with no stop after
it means the previous run ended without a clean stop, and the new start writes a
``hub_lost`` row first, with the last moment that run was known alive. That moment is the
latest of the run's pulse (``meta.hub_alive_at``, rewritten every ``PULSE_S`` while a hub
serves) and the last audit or presence row it wrote.
"""

from __future__ import annotations

from typing import Any

from console.directory import presence_log
from console.directory.audit import append_audit
from console.directory.store import SiteDirectory

ACTOR = "hub"
TARGET = "hub"
START, STOP, LOST = "hub_start", "hub_stop", "hub_lost"
PULSE_S = 15.0
_ALIVE = "hub_alive_at"


def record_start(directory: SiteDirectory, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Audit this hub's start; before it, a ``hub_lost`` row if the previous run was never
    stopped cleanly. Returns that row's params (None after a clean stop or on a new file)."""
    lost = _previous_run_lost(directory)
    if lost is not None:
        append_audit(
            directory, ACTOR, LOST, TARGET, lost, "the previous run ended without a clean stop (killed or crashed)"
        )
    append_audit(directory, ACTOR, START, TARGET, params or {}, "ok")
    note_alive(directory)
    return lost


def record_stop(directory: SiteDirectory) -> None:
    """Audit a clean stop (the hub's last write)."""
    append_audit(directory, ACTOR, STOP, TARGET, {}, "ok")


def note_alive(directory: SiteDirectory) -> None:
    """The pulse: this hub is still serving now."""
    with directory.db.conn:
        directory.db["meta"].upsert({"name": _ALIVE, "value": presence_log.now()}, pk="name")


def _previous_run_lost(directory: SiteDirectory) -> dict[str, Any] | None:
    last = directory.db.execute(
        "SELECT id, at, action FROM audit WHERE actor = ? AND target = ? AND action IN (?, ?) ORDER BY id DESC LIMIT 1",
        [ACTOR, TARGET, START, STOP],
    ).fetchone()
    if last is None or last[2] != START:
        return None
    start_id, started_at = last[0], last[1]
    known = [started_at]
    pulse = directory.db.execute("SELECT value FROM meta WHERE name = ?", [_ALIVE]).fetchone()
    if pulse:
        known.append(pulse[0])
    last_row = directory.db.execute("SELECT max(at) FROM audit WHERE id > ?", [start_id]).fetchone()
    if last_row and last_row[0]:
        known.append(last_row[0])
    presence_log.ensure_table(directory.db.conn)
    last_presence = directory.db.execute(f"SELECT max(at) FROM {presence_log.TABLE}").fetchone()
    if last_presence and last_presence[0]:
        known.append(last_presence[0])
    return {"started_at": started_at, "last_alive": max(known)}
