"""The hub's own starts and stops, in the audit trail: when it served, and when it was gone.

A clean stop writes a ``hub_stop`` row. A hub that is killed or crashes writes nothing, so
the next start looks at the last ``hub_start``/``hub_stop`` row: a start with no stop after
it means the previous run ended without a clean stop, and the new start writes a
``hub_lost`` row first, with the last moment that run was known alive. That moment is the
latest of the run's pulse (``meta.hub_alive_at``, rewritten every ``PULSE_S`` while a hub
serves) and the last audit or presence row it wrote.

In a hub pair (docs/failover.md) several hubs share the trail, so each run names its hub
(``params.hub``) and only this hub's rows speak of this hub's runs. A takeover writes a
``hub_takeover`` row naming the hub it took over from: that run's end is then on record, and
its hub, started again later, does not call it lost a second time.
"""

from __future__ import annotations

import json
from typing import Any

from console.directory import presence_log
from console.directory.audit import append_audit
from console.directory.store import SiteDirectory

ACTOR = "hub"
TARGET = "hub"
START, STOP, LOST, TAKEOVER = "hub_start", "hub_stop", "hub_lost", "hub_takeover"
PULSE_S = 15.0
_ALIVE = "hub_alive_at"


def record_start(
    directory: SiteDirectory, params: dict[str, Any] | None = None, hub: str | None = None
) -> dict[str, Any] | None:
    """Audit this hub's start; before it, a ``hub_lost`` row if the previous run was never
    stopped cleanly. Returns that row's params (None after a clean stop or on a new file).
    ``hub``: this hub's identity in a pair (None: the only hub on its store)."""
    lost = _previous_run_lost(directory, hub)
    if lost is not None:
        append_audit(
            directory, ACTOR, LOST, TARGET, lost, "the previous run ended without a clean stop (killed or crashed)"
        )
    append_audit(directory, ACTOR, START, TARGET, {**(params or {}), **({"hub": hub} if hub else {})}, "ok")
    note_alive(directory, hub)
    return lost


def record_takeover(directory: SiteDirectory, params: dict[str, Any]) -> None:
    """Audit a takeover: ``params`` names the hub (``hub``), whom it took over from (``from``),
    the new epoch and how long control was away (``away_s``)."""
    append_audit(directory, ACTOR, TAKEOVER, TARGET, params, "ok")


def record_stop(directory: SiteDirectory, hub: str | None = None) -> None:
    """Audit a clean stop (the hub's last write)."""
    append_audit(directory, ACTOR, STOP, TARGET, {"hub": hub} if hub else {}, "ok")


def note_alive(directory: SiteDirectory, hub: str | None = None) -> None:
    """The pulse: this hub is still serving now."""
    with directory.db.conn:
        directory.db["meta"].upsert({"name": _alive_key(hub), "value": presence_log.now()}, pk="name")


def _alive_key(hub: str | None) -> str:
    return f"{_ALIVE}:{hub}" if hub else _ALIVE


def _last_run_row(directory: SiteDirectory, hub: str | None) -> tuple[Any, ...] | None:
    """The newest start, stop or takeover row that speaks of this hub's runs."""
    rows = directory.db.execute(
        "SELECT id, at, action, params FROM audit WHERE actor = ? AND target = ? AND action IN (?, ?, ?) "
        "ORDER BY id DESC LIMIT 500",
        [ACTOR, TARGET, START, STOP, TAKEOVER],
    ).fetchall()
    for row in rows:
        try:
            params = json.loads(row[3] or "{}")
        except ValueError:
            params = {}
        if not isinstance(params, dict):
            params = {}
        if hub is None:  # the only hub: every start and stop is its own
            if row[2] != TAKEOVER:
                return tuple(row)
        elif row[2] == TAKEOVER:
            if params.get("from") == hub:
                return tuple(row)
        elif params.get("hub") == hub:
            return tuple(row)
    return None


def _previous_run_lost(directory: SiteDirectory, hub: str | None = None) -> dict[str, Any] | None:
    last = _last_run_row(directory, hub)
    if last is None or last[2] != START:
        return None
    start_id, started_at = last[0], last[1]
    known = [started_at]
    pulse = directory.db.execute("SELECT value FROM meta WHERE name = ?", [_alive_key(hub)]).fetchone()
    if pulse:
        known.append(pulse[0])
    if hub is not None:  # other hubs write the same tables: only this hub's pulse says it was alive
        return {"hub": hub, "started_at": started_at, "last_alive": max(known)}
    last_row = directory.db.execute("SELECT max(at) FROM audit WHERE id > ?", [start_id]).fetchone()
    if last_row and last_row[0]:
        known.append(last_row[0])
    presence_log.ensure_table(directory.db.conn)
    last_presence = directory.db.execute(f"SELECT max(at) FROM {presence_log.TABLE}").fetchone()
    if last_presence and last_presence[0]:
        known.append(last_presence[0])
    return {"started_at": started_at, "last_alive": max(known)}
