"""Operator actions (spot-inspect, keyframe, moderation) sent through the media core and
logged with their outcome: each is acknowledged by the site and audited by the hub. What the
wall's keys and drops did (or why they did nothing) is logged too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.directory import Site
from console.views.audio_bar import AudioBar
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.site_panel import SitePanel
from console.signaling import protocol

if TYPE_CHECKING:
    from console.app.console import Console


def apply_permissions(console: Console) -> None:
    """The window follows the role the hub gave this console (it enforces it anyway)."""
    roles = protocol.PERMISSIONS
    perms, role = console.permissions, console.role
    console.window.findChild(SitePanel).set_permissions(perms, role, roles)
    console.window.findChild(AudioBar).set_may_mute(
        "moderate" in perms, f"Muting needs the {roles['moderate']} role (this console: {role or 'none'})")


def wire_controls(console: Console, directory_panel: DirectoryPanel, site_panel: SitePanel, log: EventLog) -> None:
    wall, media, name = console.wall, console.media, console.name
    apply_permissions(console)

    def allowed(permission: str, what: str) -> bool:
        """Refused here, with a word, what the hub would refuse (a key pressed by habit)."""
        if permission in console.permissions:
            return True
        log.add(f"{what}: this console's role ({console.role or 'none'}) may not; it needs the "
                f"{protocol.PERMISSIONS[permission]} role", "warn")
        return False
    bridge = FutureBridge(console.window)  # replies arrive on the GUI thread
    # "local" is the hub's own credential (the console beside the hub), not a person's name.
    who = lambda: media.operator if media.operator not in ("", "local") else "operator"  # noqa: E731

    def report(label: str, future, keys: str = "") -> None:
        log.add(f"{who()}: {label}", "action", keys)

        def done(reply: dict) -> None:
            if isinstance(reply, dict) and reply.get("ok") is False:
                log.add(f"{label}: refused: {reply.get('error')}", "warn", keys)
            elif isinstance(reply, dict) and reply.get("failed"):
                log.add(f"{label}: {len(reply['failed'])} failed ({', '.join(map(name, reply['failed']))})",
                        "warn", ", ".join(reply["failed"]))
            else:
                log.add(f"{label}: done", "info", keys)
        bridge.deliver(future, done, lambda error: log.add(f"{label} failed: {error}", "warn", keys))

    def inspect(site: Site) -> None:
        console.sites[site.key] = site
        parents = " › ".join(site.path[:-1])
        log.add(f"spot-inspect: {site.name}" + (f" ({parents})" if parents else "")
                + f" in tile {_inspection_tile(console)} of page {console.model.page + 1} · Backspace undoes it",
                "action", site.key)
        wall.inspect(site.key)

    def mute(key: str, muted: bool) -> None:
        if not allowed("moderate", f"{'mute' if muted else 'unmute'} {name(key)}"):
            return
        report(f"{'mute' if muted else 'unmute'} {name(key)}", (media.mute if muted else media.unmute)(key), key)

    def talk(key: str, start: bool) -> None:
        if not allowed("talk", f"talk with {name(key)}"):
            return
        report(f"talk with {name(key)}" if start else f"end the talk with {name(key)}",
               media.talk(key) if start else media.end_talk(), key)

    def answer_hand(key: str, grant: bool) -> None:
        if not allowed("moderate", f"answer {name(key)}'s hand"):
            return
        report(f"{'grant' if grant else 'dismiss'} {name(key)}'s hand",
               (media.grant_hand if grant else media.dismiss_hand)(key), key)

    directory_panel.site_activated.connect(inspect)
    site_panel.show_requested.connect(lambda key: inspect(console.site(key)))
    site_panel.keyframe_requested.connect(lambda key: report(f"refresh picture of {name(key)}",  # a view: any role
                                                             media.request_keyframe(key), key))
    site_panel.mute_requested.connect(mute)
    site_panel.talk_requested.connect(talk)
    site_panel.solo_requested.connect(lambda key: report(f"solo {name(key)}", media.solo(key), key))
    site_panel.hand_answered.connect(answer_hand)
    wall.mute_toggle_requested.connect(mute)
    wall.talk_toggle_requested.connect(lambda key: talk(key, wall.roster.talking != key))
    wall.note.connect(lambda text, level: log.add(text, level))
    directory_panel.children_opened.connect(
        lambda site, count: log.add(f"directory: {site.name} lists its {count} sites (a {site.level} "
                                    "does not join itself)", "info", site.key))
    def mute_all() -> None:
        if allowed("moderate", "mute all"):
            report(f"mute all ({len(wall.roster.open_microphones())} open)", media.mute_all())
    wall.mute_all_requested.connect(mute_all)
    audio_bar = console.window.findChild(AudioBar)
    audio_bar.mute_all_requested.connect(mute_all)
    audio_bar.volume_changed.connect(media.set_master_volume)
    audio_bar.follow_speaker_changed.connect(media.set_follow_speaker)


def _inspection_tile(console: Console) -> int:
    model = console.model
    return 1 if model.layout.is_focus_layout else model.focus + 1
