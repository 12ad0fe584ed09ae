"""Hub and media events into the window: the roster, the wall's tiles, the log, the counts,
the directory's dots, the audio bar, the selected site's panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from console.views.audio_bar import AudioBar
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.media_events import MediaEvents
from console.views.reasons import say_reason
from console.views.site_panel import SitePanel

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate


def wire_events(
    console: ConsoleCore,
    directory_panel: DirectoryPanel,
    site_panel: SitePanel,
    log: EventLog,
    events: MediaEvents,
    refresh_panel: Callable[[], None],
    handlers: list[Callable[[str, dict], None]],
) -> None:
    """``handlers`` hear every event after the roster and the wall (audio, room wall, hub)."""
    wall, window, model, name = console.wall, console.window, console.model, console.name
    roster = wall.roster
    audio_bar = console.part(AudioBar)
    joined = {"again": False}  # the last hub_joined: a first join, or a return after a lost hub

    def show_room() -> None:
        # Open microphones: sites that said they are unmuted (walks the few reports, not every
        # online site: there can be 10,810 online).
        open_mics = sum(1 for k, muted in roster.muted.items() if muted is False and k in roster.online)
        audio_bar.show_room(
            open_mics, [name(k) for k in sorted(roster.hands)], name(roster.talking) if roster.talking else ""
        )

    def show_counts(*_: object) -> None:
        # The wall's sites are its sources and whatever was placed or pinned on it: a commune
        # spot-inspected into the big tile is on the wall, not "elsewhere".
        on_wall = model.wall_sites()
        window.set_live(len(roster.online & on_wall), len(on_wall), len(roster.online - on_wall))

    def on_batch(kind: str, payload: dict) -> None:
        """Many sites at once (a presence_batch, or the mutes of their states) are one
        update of the roster, the wall, the directory and the counts, and one line in the log."""
        entries = [e for e in payload.get("sites") or () if isinstance(e, dict) and isinstance(e.get("site"), str)]
        single = "presence" if kind == "presence_batch" else "muted"
        for entry in entries:
            roster.apply(single, entry)
        if kind == "presence_batch":
            wall.on_presence_batch(entries)
            _log_batch(log, name, entries, bool(payload.get("at_connect")), joined["again"])
            known = ((console.site(e["site"]), bool(e.get("online"))) for e in entries)
            directory_panel.set_presence_many([(site, online) for site, online in known if site is not None])
            show_counts()
        else:
            for entry in entries:
                wall.on_media_event("muted", entry)
        for handler in handlers:
            handler(kind, payload)
        show_room()
        if site_panel.site is not None and any(e["site"] == site_panel.site.key for e in entries):
            refresh_panel()

    def on_event(kind: str, payload: dict) -> None:
        if kind == "hub_joined":
            joined["again"] = bool(payload.get("again"))
        if kind in ("presence_batch", "muted_batch"):
            on_batch(kind, payload)
            return
        roster.apply(kind, payload)
        wall.on_media_event(kind, payload)
        _log_event(log, name, kind, payload)
        for handler in handlers:
            handler(kind, payload)
        if kind == "presence":
            site = console.site(payload.get("site", ""))
            if site is not None:
                directory_panel.set_presence(site, bool(payload.get("online")))
            show_counts()
        if kind in ("presence", "muted", "hand", "talk"):
            show_room()
        if site_panel.site is not None and site_panel.site.key == payload.get("site"):
            refresh_panel()

    events.received.connect(on_event)
    for signal in (model.events.assignments_changed, model.events.placements_changed, model.events.pins_changed):
        signal.connect(show_counts)
    directory_panel.error.connect(window.show_message)
    show_counts()


def _log_batch(
    log: EventLog, name: Callable[[str], str], entries: list[dict], at_connect: bool, again: bool = False
) -> None:
    """One line for a batch; a handful of sites are named, a thousand are counted."""
    if at_connect and again:
        # A restarted hub knows only the sites that are back already: "0 sites online" beside
        # a wall of live tiles (media kept through the outage) would read as a lie.
        log.add(
            translate("EventLog", "{n} sites back at the hub so far; the others are logged as they rejoin it").format(
                n=f"{len(entries):,}"
            ),
            "join",
        )
        return
    if at_connect:
        log.add(
            translate("EventLog", "{n} sites online when this console joined").format(n=f"{len(entries):,}"), "join"
        )
        return
    for online in (True, False):
        keys = [e["site"] for e in entries if bool(e.get("online")) == online]
        if len(keys) == 1:
            log.add(_joined_or_left(name(keys[0]), online), "join" if online else "leave", keys[0])
        elif keys:
            named = ", ".join(name(k) for k in keys[:3])
            if len(keys) > 3:
                named = translate("EventLog", "{names} and {n} more").format(names=named, n=f"{len(keys) - 3:,}")
            text = (
                translate("EventLog", "{n} sites joined: {names}")
                if online
                else translate("EventLog", "{n} sites left: {names}")
            )
            log.add(text.format(n=f"{len(keys):,}", names=named), "join" if online else "leave", ", ".join(keys[:3]))


def _joined_or_left(site: str, online: bool) -> str:
    return (translate("EventLog", "{site} joined") if online else translate("EventLog", "{site} left")).format(
        site=site
    )


def _log_event(log: EventLog, name: Callable[[str], str], kind: str, payload: dict) -> None:
    key = payload.get("site", "")
    if kind == "presence":
        if payload.get("at_connect"):
            log.add(translate("EventLog", "{site} is online").format(site=name(key)), "join", key)
        else:
            log.add(
                _joined_or_left(name(key), bool(payload.get("online"))),
                "join" if payload.get("online") else "leave",
                key,
            )
    elif kind == "hand" and payload.get("raised"):
        log.add(translate("EventLog", "{site} raises its hand").format(site=name(key)), "warn", key)
    elif kind == "session" and payload.get("state") == "failed" and not payload.get("waiting"):
        # (A site asked for before it joined is not a failure: the wall takes it when it joins.)
        # The hub's reasons name the site by key ("site 'commune:4' is not online").
        said = say_reason(payload.get("error_code", ""), payload.get("error_args"), str(payload.get("error")))
        log.add(f"{name(key)}: {said.replace(key, name(key)) if key else said}", "warn", key)
    elif kind == "shed":
        level = payload.get("level")
        if level == "full":
            text = translate("EventLog", "{site}: full frame rate again").format(site=name(key))
        elif level == "keyframes":
            text = translate("EventLog", "{site}: key frames only (the console is short of CPU)").format(site=name(key))
        else:
            text = translate("EventLog", "{site}: {fps} frames a second (the console is short of CPU)").format(
                site=name(key), fps=payload.get("fps")
            )
        log.add(text, "info" if level == "full" else "warn", key)
    elif kind == "link_rung" and payload.get("audio_only"):
        log.add(
            translate(
                "EventLog",
                "{site}: its link cannot carry a picture now, only its sound (loss {loss} %, {kbps} kbps)",
            ).format(site=name(key), loss=payload.get("loss_pct"), kbps=payload.get("bitrate_kbps")),
            "warn",
            key,
        )
    elif kind == "link_rung":
        w, h = payload.get("cap", (0, 0))
        log.add(
            translate(
                "EventLog",
                "{site}: its link carries up to {w}×{h} now (loss {loss} %, jitter {jitter} ms, {kbps} kbps)",
            ).format(
                site=name(key),
                w=w,
                h=h,
                loss=payload.get("loss_pct"),
                jitter=payload.get("jitter_ms"),
                kbps=payload.get("bitrate_kbps"),
            ),
            "info",
            key,
        )
    elif kind == "hub_lost" and payload.get("attempt", 1) == 1:
        reason = say_reason(payload.get("reason_code", ""), payload.get("reason_args"), str(payload.get("reason")))
        log.add(translate("EventLog", "lost the hub: {reason}").format(reason=reason), "leave")
