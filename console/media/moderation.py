"""Operator moderation: mute, unmute, mute all, solo, hands, talk.

Every action goes to the site through the hub's ``control`` (so the site acts, the hub
audits it with the operator's name) and is reported back as events once the site has
acknowledged it. The room follows two rules that keep the screen honest:

* a site counts as muted only when the site says so (its acknowledgement or its state);
* the room stops playing a site the moment a mute is asked for, and never plays a site it
  believes muted; audio that still arrives from a site reporting itself muted is a fault,
  reported as such (the tile then does not claim "muted").
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from console.media.room import RoomMix
from console.signaling import HubClient, HubError

log = logging.getLogger(__name__)
EventSink = Callable[[str, dict[str, Any]], None]
CONCURRENT_CONTROLS = 32  # mute-all over hundreds of sites: bounded, so the hub's queue is not flooded
LEAK_GRACE_S = 0.5  # packets in flight when the site muted are not a fault


class Moderator:
    """The console's side of moderation; lives on the media loop."""

    def __init__(self, hub: HubClient, room: RoomMix, emit: EventSink, program=None) -> None:
        self.hub = hub
        self.room = room
        self.program = program
        self.emit = emit
        self.operator = hub.welcome.get("operator", "")
        self.online: set[str] = set()
        self.muted: dict[str, bool] = {}  # as the site last reported it
        self.hands: dict[str, bool] = {}
        self.talker: str | None = None
        self._open_before_talk = False  # the talker's microphone was open before the talk
        self._acting: dict[str, str] = {}  # site -> action in flight (for "by" in events)
        self._muted_at: dict[str, float] = {}
        self._leaking: set[str] = set()
        self._limit = asyncio.Semaphore(CONCURRENT_CONTROLS)
        # "muted" events of a presence batch's sites are held and sent as one "muted_batch"
        # when the batch ends (a thousand sites joining are not a thousand GUI events).
        self._held_mutes: list[dict[str, Any]] | None = None
        hub.on("presence", self._on_presence)
        hub.on("presence_batch", lambda _message: self._release_mutes())
        hub.on("site_state", self._on_site_state)
        hub.on("hand", self._on_hand)

    # --- operator actions (media loop) ------------------------------------------------

    async def mute(self, site: str) -> dict[str, Any]:
        """Silence ``site`` in the room now, and ask the site to stop sending."""
        self.room.set_muted(site, True)
        return await self._control(site, "mute_audio")

    async def unmute(self, site: str) -> dict[str, Any]:
        """Ask the site to open its microphone; the room plays it once the site says so."""
        return await self._control(site, "unmute_audio")

    async def mute_all(self, except_site: str | None = None) -> dict[str, Any]:
        """Mute every online site (but ``except_site``); returns ``{"ok": [...], "failed": {site: error}}``."""
        targets = sorted(s for s in self.online if s != except_site)
        for site in targets:
            self.room.set_muted(site, True)  # silence first, then tell the sites
        # Sites that already say they are muted need no message (nor an audit row).
        needed = [s for s in targets if self.muted.get(s) is not True or s in self._acting]
        results = await asyncio.gather(*(self._control(s, "mute_audio") for s in needed))
        failed = {s: r["error"] for s, r in zip(needed, results) if not r.get("ok")}
        return {"ok": [s for s in targets if s not in failed], "failed": failed}

    async def solo(self, site: str) -> dict[str, Any]:
        """Unmute ``site`` and mute the rest."""
        muted, unmuted = await asyncio.gather(self.mute_all(except_site=site), self.unmute(site))
        return {"site": unmuted, "others": muted}

    async def grant_hand(self, site: str) -> dict[str, Any]:
        """Let a site with its hand up speak: unmute it and lower its hand."""
        unmuted = await self.unmute(site)
        lowered = await self._control(site, "lower_hand")
        return {**unmuted, "hand_lowered": lowered.get("ok", False)}

    async def dismiss_hand(self, site: str) -> dict[str, Any]:
        return await self._control(site, "lower_hand")

    async def talk(self, site: str) -> dict[str, Any]:
        """Spot-check talk: the site speaks in the room and, mix-minus, on the program feed."""
        if self.talker is not None and self.talker != site:
            await self.end_talk()
        open_before = self.muted.get(site) is False if self.talker != site else self._open_before_talk
        reply = await self._control(site, "start_talk")
        if reply.get("ok"):
            self.talker, self._open_before_talk = site, open_before
            if self.program is not None:
                self.program.set_talker(site)
            self.emit("talk", {"site": site, "talking": True, "by": self.operator})
        return reply

    async def end_talk(self) -> dict[str, Any]:
        site, self.talker = self.talker, None
        if site is None:
            return {"ok": True}
        if self.program is not None:
            self.program.set_talker(None)
        if not self._open_before_talk:  # the talk's end mutes it (the hub gives back what it had)
            self.room.set_muted(site, True)
        reply = await self._control(site, "end_talk")
        self.emit("talk", {"site": site, "talking": False, "by": self.operator})
        return reply

    # --- what the sites say -----------------------------------------------------------

    async def refresh(self) -> None:
        """Learn who is online, muted and has a hand up (presence only tells of changes)."""
        roll = await self.hub.request({"type": "roll_call", "online_only": True}, timeout=30)
        online = []
        self._held_mutes = []
        for row in roll.get("sites", []):
            presence = {"type": "presence", "site": row["key"], "online": True, "state": row.get("state") or {}}
            self._on_presence(presence, at_connect=True)
            online.append(presence)
        # Presence only tells of changes: the window learns here who was online before it, in
        # one event however many they are (a national hub: 10,810).
        self.emit("presence_batch", {"sites": online, "at_connect": True})
        self._release_mutes()
        for row in roll.get("sites", []):
            self._take_hand_and_talk(row["key"], row.get("state") or {})

    def _on_presence(self, message: dict[str, Any], at_connect: bool = False) -> None:
        site = message.get("site")
        if not isinstance(site, str):
            return
        if message.get("batched") and self._held_mutes is None:
            self._held_mutes = []  # until the batch's own message (_release_mutes)
        if message.get("online"):
            self.online.add(site)
            self._apply_state(site, message.get("state") or {})
            if not at_connect:  # (refresh takes them after the window has heard who is online)
                self._take_hand_and_talk(site, message.get("state") or {})
        else:
            self.online.discard(site)
            self.room.remove(site)
            self.room.set_muted(site, True)
            if self.talker == site:
                self.talker = None
                if self.program is not None:
                    self.program.set_talker(None)
                self.emit("talk", {"site": site, "talking": False, "by": None})

    def _take_hand_and_talk(self, site: str, state: dict[str, Any]) -> None:
        """A hand up or a talk going on in the state a site joins with: the hub sends no ``hand``
        or talk for them (a site back at a restarted hub after this console still talks)."""
        if state.get("hand_raised") and not self.hands.get(site):
            self.hands[site] = True
            self.emit("hand", {"type": "hand", "site": site, "raised": True})
        if state.get("talking") and self.talker != site:
            # A talk that was going on when this console (re)joined: the room hears it again.
            self.talker, self._open_before_talk = site, False
            self.room.set_muted(site, False)
            if self.program is not None:
                self.program.set_talker(site)
            self.emit("talk", {"site": site, "talking": True, "by": None})

    def _on_site_state(self, message: dict[str, Any]) -> None:
        if isinstance(message.get("site"), str) and isinstance(message.get("state"), dict):
            self._apply_state(message["site"], message["state"])

    def _on_hand(self, message: dict[str, Any]) -> None:
        site = message.get("site")
        if isinstance(site, str):
            self.hands[site] = bool(message.get("raised"))

    def _apply_state(self, site: str, state: dict[str, Any]) -> None:
        if "muted" not in state:
            return
        muted = bool(state["muted"])
        if muted:
            self.room.set_muted(site, True)
            self._muted_at[site] = time.monotonic()
        elif self._acting.get(site) != "mute_audio":  # a mute in flight wins over an older state
            self.room.set_muted(site, False)
            self._leaking.discard(site)
        if self.muted.get(site) != muted:
            self.muted[site] = muted
            event = {"site": site, "muted": muted, "by": self.operator if site in self._acting else None}
            if self._held_mutes is not None:
                self._held_mutes.append(event)
            else:
                self.emit("muted", event)

    def _release_mutes(self) -> None:
        held, self._held_mutes = self._held_mutes, None
        if held:
            self.emit("muted_batch", {"sites": held})

    def audio_refused(self, site: str) -> None:
        """A session got audio from ``site`` while the room holds it muted."""
        if not self.muted.get(site) or site in self._leaking or site in self._acting:
            return
        if time.monotonic() - self._muted_at.get(site, 0.0) > LEAK_GRACE_S:
            self._leaking.add(site)
            self.emit(
                "muted",
                {
                    "site": site,
                    "muted": False,
                    "by": None,
                    "error": "the site says it is muted but its audio still arrives; the room is not playing it",
                },
            )

    def snapshot(self) -> dict[str, Any]:
        """Copies of what the sites last said: ``muted``, ``hands`` (site -> bool), ``talker``."""
        return {"muted": dict(self.muted), "hands": dict(self.hands), "talker": self.talker}

    # --- plumbing ---------------------------------------------------------------------

    async def _control(self, site: str, action: str) -> dict[str, Any]:
        """One control through the hub; never raises: ``{"ok": False, "error": ...}`` instead."""
        async with self._limit:
            self._acting[site] = action
            try:
                reply = await self.hub.request({"type": "control", "site": site, "action": action})
                state = reply.get("state")
                if isinstance(state, dict):
                    self._apply_state(site, state)
                result = {"ok": bool(reply.get("ok")), "site": site, "action": action, "state": state or {}}
                if not result["ok"]:
                    result["error"] = reply.get("error", "refused by the site")
            except HubError as error:
                result = {"ok": False, "site": site, "action": action, "error": f"{error.code}: {error.message}"}
            finally:
                self._acting.pop(site, None)
        if not result["ok"]:
            log.info("%s %s: %s", action, site, result["error"])
            self.emit("moderation_error", {"site": site, "action": action, "error": result["error"]})
        return result
