"""The hub connection as the operator sees it: a banner while it is lost (tiles marked as
reconnecting, never as live), who is online taken again from the hub when it is back, the
role's limits on the window's controls, and (for a console on a real hub) new sites joining
the wall's pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from console.app.wire_controls import apply_permissions
from console.media.reclaim import trim_heap
from console.views.event_log import EventLog
from console.views.hub_banner import HubBanner
from console.views.reasons import say_reason

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate
# After a hub's (or the media worker's) return, once the burst it brings is over: every site's
# presence said again, the tiles rejoined (about 2 s in the soak).
TRIM_AFTER_RETURN_MS = 10_000


def wire_hub(console: ConsoleCore, log: EventLog) -> Callable[[str, dict], None]:
    """Returns the handler for the hub's connection events."""
    wall, model, roster = console.wall, console.model, console.wall.roster
    banner = console.part(HubBanner)

    def trim_when_settled() -> None:
        QTimer.singleShot(TRIM_AFTER_RETURN_MS, console.window, trim_heap)

    def on_event(kind: str, payload: dict) -> None:
        if kind == "hub_lost":
            wall.hub_lost()
            reason = say_reason(
                str(payload.get("reason_code") or ""), payload.get("reason_args"), str(payload.get("reason") or "")
            )
            banner.lost(reason, payload.get("retry_in"), payload.get("attempt", 1), bool(payload.get("fatal")))
            if payload.get("fatal"):
                log.add(translate("EventLog", "the hub refused this console: {reason}").format(reason=reason), "warn")
        elif kind == "hub_joined" and payload.get("again"):
            console.welcome = payload.get("welcome") or console.welcome
            apply_permissions(console)  # a token re-issued with another role takes effect
            roster.reset(keep_microphones=True)  # who is online, talking: the hub says it again now
            banner.back()
            log.add(
                translate(
                    "EventLog",
                    "hub connected again; {kept} sites played on without it, the others are being joined again",
                ).format(kept=payload.get("kept", 0)),
                "join",
            )
            trim_when_settled()
        elif kind == "media_worker_lost":
            # The process that receives the sites ended (a crash): the GUI goes on, says so, and
            # the media core starts again and rejoins (console/media/client.py).
            wall.hub_lost()
            roster.reset()
            reason = say_reason(
                str(payload.get("reason_code") or ""), payload.get("reason_args"), str(payload.get("reason") or "")
            )
            banner.worker_lost(reason)
            log.add(translate("EventLog", "media worker lost: {reason}; restarting it").format(reason=reason), "warn")
        elif kind == "media_worker_back":
            banner.worker_back()
            trim_when_settled()
            if payload.get("error"):
                log.add(
                    translate("EventLog", "media worker restarted, but: {error}").format(error=payload["error"]), "warn"
                )
            else:
                log.add(
                    translate("EventLog", "media worker restarted; {n} sites subscribed again in {seconds} s").format(
                        n=payload.get("sites", 0), seconds=f"{payload.get('seconds', 0):.1f}"
                    ),
                    "join",
                )
        elif kind == "hub_ready":
            wall.hub_ready()  # tiles of sites that did not come back are offline, not reconnecting
        elif kind == "presence" and payload.get("online") and console.follow_presence:
            model.extend_sources([payload.get("site", "")])
        elif kind == "presence_batch" and console.follow_presence:  # many at once, one change
            model.extend_sources([e["site"] for e in payload.get("sites") or () if e.get("online")])

    return on_event
