"""The hub's open alarms as this console knows them (docs/protocol.md ``alarms``, ``alarm``).

The hub is the truth: its listing replaces what is here, each ``alarm`` message updates one
alarm (a closed one leaves the list), and its counts are shown as they come. ``apply`` says
whether an alarm is new to this console, so the window can sound it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from console.model.events import EventGroup, Signal

RULE_WORDS = {
    "site_offline": "offline (meeting)",
    "video_stalled": "picture stalled",
    "loss_high": "loss > 10 %",
    "mic_silent": "open mic silent",
    "hub_lost": "hub lost",
    "hub_failover": "hub failover",
    "no_media_path": "no media path",
}


class AlarmListEvents(EventGroup):
    def __init__(self) -> None:
        self.changed = Signal("alarms_changed")  # (alarm ids that changed, or None: everything)
        self.meeting_changed = Signal("meeting_changed")  # (group or None, sites)


class AlarmList:
    def __init__(self) -> None:
        self.events = AlarmListEvents()
        self.alarms: dict[int, dict[str, Any]] = {}
        self.counts = {"new": 0, "acknowledged": 0}
        self.meeting: str | None = None
        self.meeting_sites = 0

    def replace(self, alarms: Iterable[dict[str, Any]], counts: dict[str, int] | None = None) -> None:
        """The hub's listing of open alarms."""
        self.alarms = {a["id"]: dict(a) for a in alarms if _valid(a) and a.get("state") != "closed"}
        self.counts = _counts(counts) or self._count()
        self.events.changed.emit(None)

    def apply(self, alarm: dict[str, Any], counts: dict[str, int] | None = None) -> bool:
        """One alarm as the hub says it now; True when it is new here (raised, or reopened)."""
        if not _valid(alarm):
            return False
        before = self.alarms.get(alarm["id"])
        if alarm.get("state") == "closed":
            self.alarms.pop(alarm["id"], None)
        else:
            self.alarms[alarm["id"]] = dict(alarm)
        self.counts = _counts(counts) or self._count()
        self.events.changed.emit({alarm["id"]})
        return alarm.get("state") == "new" and (before is None or before.get("state") != "new")

    def set_meeting(self, group: str | None, sites: int = 0) -> None:
        if (group, sites) != (self.meeting, self.meeting_sites):
            self.meeting, self.meeting_sites = group, sites
            self.events.meeting_changed.emit(group, sites)

    def ordered(self) -> list[dict[str, Any]]:
        """New first, then acknowledged; the latest first within each."""
        return sorted(self.alarms.values(), key=lambda a: (a.get("state") != "new", -a["id"]))

    def get(self, alarm_id: int) -> dict[str, Any] | None:
        return self.alarms.get(alarm_id)

    def _count(self) -> dict[str, int]:
        out = {"new": 0, "acknowledged": 0}
        for alarm in self.alarms.values():
            if alarm.get("state") in out:
                out[alarm["state"]] += 1
        return out


def _valid(alarm: object) -> bool:
    return isinstance(alarm, dict) and isinstance(alarm.get("id"), int) and isinstance(alarm.get("rule"), str)


def _counts(counts: object) -> dict[str, int] | None:
    if isinstance(counts, dict) and all(isinstance(counts.get(k), int) for k in ("new", "acknowledged")):
        return {"new": counts["new"], "acknowledged": counts["acknowledged"]}
    return None
