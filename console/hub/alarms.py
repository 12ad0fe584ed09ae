"""Alarms, in the Milestone model (New → Acknowledged → Closed), kept by the hub so that every
console sees the same ones and the same acknowledgements.

Who raises what: the hub itself for "a site of the current meeting goes offline" (it knows
presence); consoles for what only a receiver can see (a stalled picture, a lossy link, an open
microphone that stays silent, the hub itself lost, reported once it is back). An alarm closes
by itself when its condition clears. Flapping is held down: there is one open alarm per site
and rule, raised again it counts up; closed and raised again within ``HOLD_DOWN_S`` it reopens
instead of making a new one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from console.model.reasons import explained

RULES = {
    "site_offline": "a site of the current meeting went offline",
    "video_stalled": "a tile on a wall has had no new picture for over 5 s",
    "loss_high": "a site's packet loss stayed over 10 % for 10 s",
    "mic_silent": "an open microphone was silent for 30 s",
    "hub_lost": "a console lost the hub",
    "hub_failover": "the active hub was lost and another took over (how long control was away)",
    "no_media_path": "a console found no working media path to an online site (NAT, firewall or relay)",
}
STATES = ("new", "acknowledged", "closed")
HOLD_DOWN_S = 60.0


@dataclass
class Alarm:
    id: int
    rule: str
    site: str | None
    state: str = "new"
    raised_at: str = ""
    last_at: str = ""
    count: int = 1
    raised_by: str = ""
    detail: str = ""
    acked_by: str | None = None
    detail_kind: str = ""  # names ``detail`` for a console to say it in its language
    detail_args: dict[str, Any] = field(default_factory=dict)
    acked_at: str | None = None
    closed_at: str | None = None
    _closed_mono: float = field(default=0.0, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        del out["_closed_mono"]
        return out


class AlarmError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AlarmBook:
    """The open alarms, indexed by (rule, site), and the recently closed ones (for hold-down).
    Closed alarms beyond that live in the database only (``alarms`` history reads it)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), next_id: int = 1) -> None:
        self.open: dict[tuple[str, str | None], Alarm] = {}
        self._closed: dict[tuple[str, str | None], Alarm] = {}
        self._next = next_id
        for row in rows:
            alarm = Alarm(
                **{k: v for k, v in read_row(row).items() if k in Alarm.__dataclass_fields__ and not k.startswith("_")}
            )
            self._next = max(self._next, alarm.id + 1)
            if alarm.state != "closed":
                self.open[(alarm.rule, alarm.site)] = alarm

    def raised(
        self,
        rule: str,
        site: str | None,
        by: str,
        detail: str,
        now_mono: float,
        detail_args: dict[str, Any] | None = None,
        since: str | None = None,
        detail_kind: str = "",
    ) -> tuple[Alarm, bool]:
        """The alarm for ``rule`` at ``site``, new or counted up; whether it is new (or reopened).
        ``detail_kind`` and ``detail_args`` name the detail and its numbers (the kind is the
        rule's name unless said); ``since``: when the condition began (ISO 8601), where that was
        before it could be told (a lost hub)."""
        if rule not in RULES:
            raise AlarmError("bad_message", f"unknown alarm rule {rule!r}; one of {', '.join(RULES)}")
        now = since or _now()
        kind, args = (detail_kind or rule, dict(detail_args or {})) if detail_args or detail_kind else ("", {})
        alarm = self.open.get((rule, site))
        if alarm is not None:
            alarm.count += 1
            alarm.last_at = now
            if detail:
                alarm.detail, alarm.detail_kind, alarm.detail_args = detail, kind, args
            return alarm, False
        recent = self._closed.pop((rule, site), None)
        if recent is not None and now_mono - recent._closed_mono < HOLD_DOWN_S:  # noqa: SLF001 (flapping: the same alarm again)
            recent.state, recent.closed_at, recent.count = "new", None, recent.count + 1
            recent.last_at, recent.acked_by, recent.acked_at = now, None, None
            if detail:
                recent.detail, recent.detail_kind, recent.detail_args = detail, kind, args
            self.open[(rule, site)] = recent
            return recent, True
        alarm = Alarm(self._next, rule, site, "new", now, now, 1, by, detail, detail_kind=kind, detail_args=args)
        self._next += 1
        self.open[(rule, site)] = alarm
        return alarm, True

    def cleared(self, rule: str, site: str | None, now_mono: float) -> Alarm | None:
        """The condition is over: its open alarm closes (None if there was none)."""
        alarm = self.open.pop((rule, site), None)
        if alarm is not None:
            alarm.state, alarm.closed_at, alarm._closed_mono = "closed", _now(), now_mono  # noqa: SLF001 (the hub's own Alarm; the monotonic close time is not part of its record)
            self._closed[(rule, site)] = alarm
            if len(self._closed) > 10_000:  # bounded: the oldest are past their hold-down anyway
                self._closed.pop(next(iter(self._closed)))
        return alarm

    def find(self, alarm_id: int) -> Alarm | None:
        return next((a for a in self.open.values() if a.id == alarm_id), None)

    def acknowledge(self, alarm_id: int, by: str, closed: dict[str, Any] | None = None) -> Alarm:
        """Acknowledge an open alarm; ``closed`` is the stored row when it is not open (for the reason)."""
        alarm = self.find(alarm_id)
        if alarm is None:
            if closed is None:
                raise explained(AlarmError("unknown_alarm", f"no alarm {alarm_id}"), "unknown_alarm", alarm=alarm_id)
            raise explained(
                AlarmError(
                    "bad_message", f"alarm {alarm_id} is closed (its condition cleared at {closed.get('closed_at')})"
                ),
                "alarm_closed",
                alarm=alarm_id,
                at=str(closed.get("closed_at") or ""),
            )
        if alarm.state == "acknowledged":
            raise explained(
                AlarmError(
                    "bad_message", f"alarm {alarm_id} was already acknowledged by {alarm.acked_by} at {alarm.acked_at}"
                ),
                "alarm_acknowledged",
                alarm=alarm_id,
                operator=alarm.acked_by or "",
                at=alarm.acked_at or "",
            )
        alarm.state, alarm.acked_by, alarm.acked_at = "acknowledged", by, _now()
        return alarm

    def listing(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in sorted(self.open.values(), key=lambda a: a.id)]

    def counts(self) -> dict[str, int]:
        out = {state: 0 for state in STATES[:2]}
        for alarm in self.open.values():
            out[alarm.state] += 1
        return out


def read_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored alarm as the protocol says it (its detail's arguments are JSON in the table)."""
    out = dict(row)
    try:
        args = json.loads(out.get("detail_args") or "{}")
    except (TypeError, ValueError):
        args = {}
    out["detail_args"] = args if isinstance(args, dict) else {}
    out["detail_kind"] = out.get("detail_kind") or ""
    return out


def since_time(text: str | None, now: datetime | None = None) -> str | None:
    """A client's "the condition began at" as the hub stores times, or None to use the hub's
    own: unreadable, without a zone, in the future or over a day ago is not believed."""
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    now = now or datetime.now(UTC)
    if at.tzinfo is None or not now - timedelta(days=1) <= at <= now:
        return None
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


def load_open_alarms(directory) -> tuple[list[dict[str, Any]], int]:
    """The alarms still open when the hub last stopped, and the next free id."""
    rows = [dict(row) for row in directory.db.query("SELECT * FROM alarms WHERE state != 'closed' ORDER BY id")]
    last = directory.db.execute("SELECT max(id) FROM alarms").fetchone()[0] or 0
    return rows, last + 1


def alarm_history(directory, limit: int = 500) -> list[dict[str, Any]]:
    return [read_row(row) for row in directory.db.query("SELECT * FROM alarms ORDER BY id DESC LIMIT ?", [limit])][::-1]


def alarm_row(directory, alarm_id: int) -> dict[str, Any] | None:
    row = directory.db.execute("SELECT * FROM alarms WHERE id = ?", [alarm_id]).fetchone()
    return (
        read_row(dict(zip([c[0] for c in directory.db.execute("SELECT * FROM alarms LIMIT 0").description], row)))
        if row
        else None
    )


def save_alarm(directory, alarm: dict[str, Any]) -> None:
    with directory.db.conn:
        directory.db["alarms"].upsert({**alarm, "detail_args": json.dumps(alarm.get("detail_args") or {})}, pk="id")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
