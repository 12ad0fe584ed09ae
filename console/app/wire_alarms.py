"""Alarms in the console: the console's rules fed once a second with what it
sees, raising and clearing through the hub; the hub's alarms in a dock with acknowledge, the
counts in the status bar, an optional chime; the meeting's group started and ended.

What this console judges (``AlarmRules``): the wall's tiles whose picture stalled, the loss of
the links it receives, the open microphones it hears, and losing the hub. A raise or clear that
cannot reach the hub (it is gone) is sent again once it is back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel

from console.model import TileState
from console.model.alarm_list import AlarmList
from console.model.alarm_rules import AlarmAction, AlarmRules
from console.signaling import protocol
from console.views.alarm_dock import AlarmDock, alarm_words
from console.views.alarm_sound import AlarmSound
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.i18n import language_change
from console.views.reasons import reason_text
from console.views.roles import role_name

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate

RULES_INTERVAL_MS = 1000


class AlarmWiring:
    """The console's alarm state, for tests and benches: the rules, the list, the dock."""

    def __init__(self, console: ConsoleCore, log: EventLog) -> None:
        self.console, self.log = console, log
        self.rules = AlarmRules()
        self.alarms = AlarmList()
        self.sound = AlarmSound(console.window)
        self.dock = AlarmDock(self.alarms, console.name)
        self.status = QLabel()
        self.status.setObjectName("alarmStatus")
        self.outbox: list[AlarmAction] = []  # not delivered: the hub was gone
        self.levels: dict[str, float | None] = {}  # the room's last levels of open microphones
        self.shown_since: dict[str, float] = {}  # tiles on screen at the last check, since when
        self.bridge = FutureBridge(console.window)
        self.timer = QTimer(console.window, interval=RULES_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    # --- the rules -> the hub -----------------------------------------------------------

    def check(self, now: float | None = None) -> None:
        """Feed the rules with what the console sees now and send what they decide."""
        now = time.monotonic() if now is None else now
        console, model = self.console, self.console.model
        online, roster = console.wall.roster.online, console.wall.roster
        stalled, last = {}, {}
        statuses = model.statuses  # a copy: once, not per tile
        shown = model.on_screen()
        # A tile back on screen (the wall left a fullscreen tile, a page came round) had its
        # picture paused while hidden: its stall is timed from its return, not its last frame.
        self.shown_since = {key: self.shown_since.get(key, now) for _, key in shown}
        for slot, key in shown:
            status = statuses.get(key)
            if status is not None and key in online and status.state_at(now) == TileState.STALE:
                stalled[key] = (slot + 1, model.page + 1)
                last[key] = max(status.last_frame_at or 0.0, self.shown_since[key])
        received = set(console.media.subscribed())
        no_path = {
            key: True
            for key, status in statuses.items()
            if key in online and key in received and status.state == TileState.NO_MEDIA_PATH
        }
        losses, heard = {}, {}
        for key in console.media.subscribed():
            snap = console.media.snapshot(key)
            if snap is None or snap.state != "live" or key not in online:
                continue
            if snap.stats.at:
                losses[key] = snap.stats.loss_pct
            if roster.muted.get(key) is False:  # the site said its microphone is open
                heard[key] = self.levels.get(key)
        actions = (
            self.rules.observe_tiles(now, stalled, last, shown=[key for _, key in shown])
            + self.rules.observe_loss(now, losses)
            + self.rules.observe_microphones(now, heard)
            + self.rules.observe_media_paths(now, no_path, received=[k for k in received if k in online])
            + self.rules.tick(now)
        )
        self.send(actions)

    def send(self, actions: list[AlarmAction]) -> None:
        media = self.console.media
        for action in actions:
            since = (
                datetime.fromtimestamp(action.since, UTC).isoformat(timespec="milliseconds")
                if action.since is not None
                else None
            )
            future = (
                media.raise_alarm(action.rule, action.site, action.detail, action.detail_args, since)
                if action.kind == "raise"
                else media.clear_alarm(action.rule, action.site)
            )
            self.bridge.deliver(future, lambda _reply: None, partial(self._undelivered, action))

    def _undelivered(self, action: AlarmAction, error: BaseException) -> None:
        if getattr(error, "code", "") in ("disconnected", "not_joined", protocol.TIMEOUT):
            self.outbox.append(action)  # said again when the hub is back
        else:
            which = alarm_words({"rule": action.rule, "site": action.site}, self.console.name)
            said = (
                translate("EventLog", "alarm {alarm} not raised: the hub refused it: {error}")
                if action.kind == "raise"
                else translate("EventLog", "alarm {alarm} not cleared: the hub refused it: {error}")
            )
            self.log.add(said.format(alarm=which, error=reason_text(error)), "warn", action.site or "")

    # --- the hub's alarms -> the dock -----------------------------------------------------

    def fetch(self) -> None:
        def show(reply: dict) -> None:
            alarms = reply.get("alarms") or []
            self.alarms.replace(alarms, reply.get("counts"))
            # What this console raised before it restarted (or before the hub was lost) is still
            # open: its rules take it back, to close it once they see the site well again.
            me = self.console.media.operator
            self.rules.adopt((a["rule"], a["site"]) for a in alarms if a.get("raised_by") == me and a.get("site"))
            meeting = reply.get("meeting")
            self.alarms.set_meeting(meeting, self.alarms.meeting_sites if meeting == self.alarms.meeting else 0)

        self.bridge.deliver(
            self.console.media.alarms(),
            show,
            lambda error: self.log.add(
                translate("EventLog", "alarms: {error}").format(error=reason_text(error)), "warn"
            ),
        )

    def acknowledge(self, alarm_id: int) -> None:
        known = self.alarms.get(alarm_id)
        which = alarm_words(known, self.console.name) if known else str(alarm_id)  # the alarm, not its number

        def done(reply: dict) -> None:
            self.alarms.apply(reply.get("alarm") or {}, reply.get("counts"))
            alarm = reply.get("alarm") or known
            said = alarm_words(alarm, self.console.name) if alarm and alarm.get("rule") else which
            self.dock.say(translate("EventLog", "alarm acknowledged: {alarm}").format(alarm=said), "info")

        def refused(error: BaseException) -> None:
            text = translate("EventLog", "alarm {alarm}: {error}").format(alarm=which, error=reason_text(error))
            self.dock.say(text, "warn")
            self.console.window.show_message(text)
            self.log.add(translate("EventLog", "acknowledge: {error}").format(error=text), "warn")
            self.fetch()  # what the hub holds now (closed meanwhile, acknowledged by someone else)

        self.bridge.deliver(self.console.media.acknowledge_alarm(alarm_id), done, refused)

    def set_meeting(self, group: str | None) -> None:
        def done(reply: dict) -> None:
            self.alarms.set_meeting(reply.get("group"), reply.get("sites") or 0)
            self.log.add(
                translate("EventLog", "meeting: {group} ({n} sites)").format(
                    group=reply.get("group"), n=reply.get("sites")
                )
                if reply.get("group")
                else translate("EventLog", "meeting ended"),
                "action",
            )

        def refused(error: BaseException) -> None:
            self.dock.say(translate("EventLog", "meeting: {error}").format(error=reason_text(error)), "warn")

        self.bridge.deliver(self.console.media.set_meeting(group), done, refused)

    def show_counts(self) -> None:
        new, acked = self.alarms.counts["new"], self.alarms.counts["acknowledged"]
        self.status.setText(
            QCoreApplication.translate("Alarms", "⚠ {new} new · {acked} ack").format(new=new, acked=acked)
            if new or acked
            else QCoreApplication.translate("Alarms", "no alarms")
        )
        self.status.setProperty("state", "new" if new else "none")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def on_event(self, kind: str, payload: dict) -> None:
        now = time.monotonic()
        if kind == "alarm":
            if self.alarms.apply(payload.get("alarm") or {}, payload.get("counts")):
                self.sound.play()
        elif kind == "meeting":
            self.alarms.set_meeting(payload.get("group"), payload.get("sites") or 0)
        elif kind == "levels":
            self.levels = {k: v.get("db") for k, v in (payload.get("sites") or {}).items()}
        elif kind == "hub_lost":
            self.rules.hub_lost(
                now,
                str(payload.get("reason") or ""),
                time.time(),
                str(payload.get("reason_code") or ""),
                payload.get("reason_args") or {},
            )
        elif kind == "hub_ready":
            pending, self.outbox = self.outbox, []
            self.send(pending + self.rules.hub_back(now))
            self.fetch()


def wire_alarms(
    console: ConsoleCore, log: EventLog, groups_changed=None
) -> tuple[AlarmWiring, Callable[[str, dict], None]]:
    """Add the alarm dock and the rules; returns them and the handler for hub events.
    ``groups_changed``: a signal with the group names (for the meeting's choice)."""
    wiring = AlarmWiring(console, log)
    window, settings = console.window, console.settings
    dock = QDockWidget(window.dock_title("alarmDockWidget"), window)
    dock.setObjectName("alarmDockWidget")
    dock.setWidget(wiring.dock)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    log_dock = window.docks.get("logDock")
    if log_dock is not None:
        window.splitDockWidget(log_dock, dock, Qt.Orientation.Horizontal)
        window.resizeDocks([log_dock, dock], [3, 2], Qt.Orientation.Horizontal)  # the log keeps the larger part
    window.docks["alarmDockWidget"] = dock
    window.statusBar().addPermanentWidget(wiring.status)

    perms, role = console.permissions, role_name(console.role)
    wiring.dock.set_permissions(
        "acknowledge" in perms,
        translate("AlarmDock", "Acknowledging needs the {needed} role (this console: {role})").format(
            needed=role_name(protocol.PERMISSIONS["acknowledge"]), role=role
        ),
        "meeting" in perms,
        translate("AlarmDock", "Starting or ending a meeting needs the {needed} role (this console: {role})").format(
            needed=role_name(protocol.PERMISSIONS["meeting"]), role=role
        ),
    )
    wiring.dock.acknowledge_requested.connect(wiring.acknowledge)
    wiring.dock.meeting_requested.connect(wiring.set_meeting)
    sound_on = settings is not None and str(settings.value("alarms/sound", "false")).lower() == "true"
    wiring.sound.enabled = sound_on
    wiring.dock.sound.setChecked(sound_on)

    def sound(on: bool) -> None:
        wiring.sound.enabled = on
        if settings is not None:
            settings.setValue("alarms/sound", on)

    wiring.dock.sound_toggled.connect(sound)
    wiring.alarms.events.changed.connect(lambda *_: wiring.show_counts())
    if groups_changed is not None:
        groups_changed.connect(wiring.dock.set_groups)
    wiring.show_counts()
    language_change(wiring.status, wiring.show_counts)
    wiring.fetch()
    wiring.timer.start()
    return wiring, wiring.on_event
