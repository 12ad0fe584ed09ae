"""Operator actions (spot-inspect, keyframe, moderation) sent through the media core and
logged with their outcome: each is acknowledged by the site and audited by the hub. What the
wall's keys and drops did (or why they did nothing) is logged too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from console.directory import Site
from console.signaling import protocol
from console.views.audio_bar import AudioBar
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.gui_loop import wait
from console.views.reasons import reason_text
from console.views.roles import role_name
from console.views.site_panel import SitePanel, level_name

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate


def apply_permissions(console: ConsoleCore) -> None:
    """The window follows the role the hub gave this console (it enforces it anyway)."""
    roles = protocol.PERMISSIONS
    perms, role = console.permissions, console.role
    console.part(SitePanel).set_permissions(perms, role, roles)
    console.part(AudioBar).set_may_mute(
        "moderate" in perms,
        translate("EventLog", "Muting needs the {needed} role (this console: {role})").format(
            needed=role_name(roles["moderate"]), role=role_name(role)
        ),
    )


def wire_controls(console: ConsoleCore, directory_panel: DirectoryPanel, site_panel: SitePanel, log: EventLog) -> None:
    wall, media, name = console.wall, console.media, console.name
    apply_permissions(console)

    def allowed(permission: str, what: str) -> bool:
        """Refused here, with a word, what the hub would refuse (a key pressed by habit)."""
        if permission in console.permissions:
            return True
        log.add(
            translate("EventLog", "{what}: this console's role ({role}) may not; it needs the {needed} role").format(
                what=what, role=role_name(console.role), needed=role_name(protocol.PERMISSIONS[permission])
            ),
            "warn",
        )
        return False

    # "local" is the hub's own credential (the console beside the hub), not a person's name.
    who = lambda: (  # noqa: E731
        media.operator if media.operator not in ("", "local") else translate("EventLog", "operator")
    )

    def report(label: str, future, keys: str = "") -> None:
        log.add(translate("EventLog", "{operator}: {what}").format(operator=who(), what=label), "action", keys)
        acknowledged(label, future, keys)

    @asyncSlot()
    async def acknowledged(label: str, future, keys: str) -> None:
        """Await the site's acknowledgement through the hub and log the outcome (a
        coroutine on the GUI's qasync loop, where a callback bridge was)."""
        try:
            reply = await wait(future)
        except Exception as error:  # refused by the hub (HubError), the worker gone, a timeout
            log.add(
                translate("EventLog", "{what} failed: {error}").format(what=label, error=reason_text(error)),
                "warn",
                keys,
            )
            return
        if isinstance(reply, dict) and reply.get("ok") is False:
            log.add(
                translate("EventLog", "{what}: refused: {error}").format(what=label, error=reply.get("error")),
                "warn",
                keys,
            )
        elif isinstance(reply, dict) and reply.get("failed"):
            log.add(
                translate("EventLog", "{what}: {n} failed ({names})").format(
                    what=label, n=len(reply["failed"]), names=", ".join(map(name, reply["failed"]))
                ),
                "warn",
                ", ".join(reply["failed"]),
            )
        else:
            log.add(translate("EventLog", "{what}: done").format(what=label), "info", keys)

    def inspect(site: Site) -> None:
        console.sites[site.key] = site
        parents = " › ".join(site.path[:-1])
        log.add(
            translate("EventLog", "spot-inspect: {site} in tile {tile} of page {page} · Backspace undoes it").format(
                site=f"{site.name} ({parents})" if parents else site.name,
                tile=_inspection_tile(console),
                page=console.model.page + 1,
            ),
            "action",
            site.key,
        )
        wall.inspect(site.key)

    def mute(key: str, muted: bool) -> None:
        label = (translate("EventLog", "mute {site}") if muted else translate("EventLog", "unmute {site}")).format(
            site=name(key)
        )
        if not allowed("moderate", label):
            return
        report(label, (media.mute if muted else media.unmute)(key), key)

    def talk(key: str, start: bool) -> None:
        talk_with = translate("EventLog", "talk with {site}").format(site=name(key))
        if not allowed("talk", talk_with):
            return
        report(
            talk_with if start else translate("EventLog", "end the talk with {site}").format(site=name(key)),
            media.talk(key) if start else media.end_talk(),
            key,
        )

    def answer_hand(key: str, grant: bool) -> None:
        if not allowed("moderate", translate("EventLog", "answer {site}'s hand").format(site=name(key))):
            return
        label = (
            translate("EventLog", "grant {site}'s hand") if grant else translate("EventLog", "dismiss {site}'s hand")
        ).format(site=name(key))
        report(label, (media.grant_hand if grant else media.dismiss_hand)(key), key)

    def show_requested(key: str) -> None:
        site = console.site(key)
        if site is not None:  # the panel shows sites the directory knows
            inspect(site)

    directory_panel.site_activated.connect(inspect)
    site_panel.show_requested.connect(show_requested)
    site_panel.keyframe_requested.connect(
        lambda key: report(  # a view: any role
            translate("EventLog", "refresh picture of {site}").format(site=name(key)), media.request_keyframe(key), key
        )
    )
    site_panel.mute_requested.connect(mute)
    site_panel.talk_requested.connect(talk)
    site_panel.solo_requested.connect(
        lambda key: report(translate("EventLog", "solo {site}").format(site=name(key)), media.solo(key), key)
    )
    site_panel.hand_answered.connect(answer_hand)
    wall.mute_toggle_requested.connect(mute)
    wall.talk_toggle_requested.connect(lambda key: talk(key, wall.roster.talking != key))

    def noted(text: str, level: str) -> None:
        log.add(text, level)
        if level == "warn":  # a key that did nothing says why where the operator looks
            console.window.show_message(text)

    wall.note.connect(noted)
    directory_panel.children_opened.connect(
        lambda site, count: log.add(
            translate("EventLog", "directory: {site} lists its {n} sites (a {level} does not join itself)").format(
                site=site.name, n=count, level=level_name(site.level)
            ),
            "info",
            site.key,
        )
    )

    def mute_all() -> None:
        if allowed("moderate", translate("EventLog", "mute all")):
            report(
                translate("EventLog", "mute all ({n} open)").format(n=len(wall.roster.open_microphones())),
                media.mute_all(),
            )

    wall.mute_all_requested.connect(mute_all)
    audio_bar = console.part(AudioBar)
    audio_bar.mute_all_requested.connect(mute_all)
    audio_bar.volume_changed.connect(media.set_master_volume)
    audio_bar.follow_speaker_changed.connect(media.set_follow_speaker)


def _inspection_tile(console: ConsoleCore) -> int:
    model = console.model
    return 1 if model.layout.is_focus_layout else model.focus + 1
