"""What consoles at their desks ask of the hub beyond signaling (a mixin of ``Hub``): what a
tile needs of a site (combined views), the room walls, and tokens through the hub."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from console.hub.admin import administer
from console.hub.directory_watch import DirectoryChange, read_change
from console.hub.room_walls import DEFAULT_WALL, RoomWalls, save_wall
from console.hub.view_requests import View, ViewRequests
from console.signaling import protocol, strict_json
from console.signaling.protocol import ProtocolError

if TYPE_CHECKING:
    from console.hub.peers import Peer
    from console.hub.roll_call import RollCallTable

KEYFRAME_GAP_S = 0.5  # keyframes the hub asks of one site for watching consoles, at most this often
VIEW_GAP_S = 0.2  # and what they need of it, at most this often


class DeskRequests:
    # What this mixin reads of ``Hub`` (server.py), which sets and defines them.
    sites: dict[str, Peer]
    consoles: dict[str, Peer]
    roll_call: RollCallTable
    views: ViewRequests
    walls: RoomWalls
    _keyframe_asked: dict[str, float]
    _view_sent_at: dict[str, float]
    _view_timers: dict[str, asyncio.TimerHandle]
    _db: Callable[[Callable[[Any], Any]], Coroutine[Any, Any, Any]]
    _audit: Callable[[str, str, str, dict[str, Any], str], Coroutine[Any, Any, None]]
    _online_site: Callable[[str, Any], Peer]
    _hub_control: Callable[[Peer, str, dict[str, Any]], None]
    _directory_changed: Callable[[DirectoryChange], Coroutine[Any, Any, None]]

    async def _on_console_view(self, peer: Peer, message: dict) -> None:
        """What one of this console's tiles needs of a site: combined with the others' (view_requests.py)."""
        site = self._online_site(message["site"], message.get("id"))
        if "width" in message or "height" in message or "paused" in message or "audio_only" in message:
            paused, audio_only = message.get("paused") is True, message.get("audio_only") is True
            if not (paused or audio_only) and not ("width" in message and "height" in message):
                raise ProtocolError(
                    protocol.BAD_MESSAGE, "view needs width and height, paused, or audio_only", message.get("id")
                )
            view = View(message.get("width", 0), message.get("height", 0), message.get("fps", 15), paused, audio_only)
            if self.views.set(site.identity, peer.session, view) is not None:
                self._send_view(site.identity)
        if message.get("keyframe"):
            now = time.monotonic()
            if now - self._keyframe_asked.get(site.identity, 0.0) >= KEYFRAME_GAP_S:
                self._keyframe_asked[site.identity] = now
                self._hub_control(site, "request_keyframe", {})
        if message.get("id") is not None:
            peer.send({"type": "ack", "re": message["id"]})

    def _send_view(self, key: str) -> None:
        """Ask the site for what its consoles need together, at most every VIEW_GAP_S: a console
        changing its tiles quickly (or a hostile one) makes the site re-encode once, not a hundred times."""
        now = time.monotonic()
        wait = self._view_sent_at.get(key, -VIEW_GAP_S) + VIEW_GAP_S - now
        if wait > 0:
            if key not in self._view_timers:
                self._view_timers[key] = asyncio.get_running_loop().call_later(wait, self._flush_view, key)
            return
        self._flush_view(key)

    def _flush_view(self, key: str) -> None:
        self._view_timers.pop(key, None)
        site, params = self.sites.get(key), self.views.combined(key)
        if site is None or params is None:
            return
        self._view_sent_at[key] = time.monotonic()
        self._hub_control(site, "set_video", params)

    async def _on_console_wall(self, peer: Peer, message: dict) -> None:
        """A room wall asked for or changed (room_walls.py); every other console hears the change."""
        params = {k: message[k] for k in ("site", "slot", "layout", "page") if k in message}
        try:
            wall, changed = self.walls.apply(
                message, peer.identity, peer.credential.role, lambda k: k in self.roll_call
            )
        except ProtocolError as error:
            if error.code == protocol.FORBIDDEN:  # a wall locked by someone else: on record, with whose lock
                name = message.get("name") or DEFAULT_WALL
                locked_by = self.walls.get(name, create=False).locked_by
                await self._audit(
                    peer.identity,
                    f"wall_{message['op']}",
                    f"wall:{name}",
                    {**params, "locked_by": locked_by},
                    f"rejected: {error.code}",
                )
            raise
        if changed:
            row = wall.row()
            await self._db(lambda d: save_wall(d, row))
            await self._audit(peer.identity, f"wall_{message['op']}", f"wall:{wall.name}", params, "ok")
            data = strict_json.dumps(wall.message())
            for console in self.consoles.values():
                if console is not peer:
                    console.send_encoded(data)
        peer.send(wall.message(message.get("id")))

    async def _on_console_admin(self, peer: Peer, message: dict) -> None:
        """Tokens and invitations through the hub (admin.py); what they end, ends at once."""
        origin = peer.origin
        result = await self._db(lambda d: administer(d, message, peer.identity, origin))
        await self._directory_changed(await self._db(read_change))  # our own writes: no poll sees them
        peer.send({"type": "admin_result", "re": message.get("id"), **result})
