"""Which sites the console receives, and at what size.

``subscribe``/``unsubscribe`` by site key; ``show(key, width, height)`` asks the site for the
resolution its tile needs and ``hide(key)`` pauses video nobody sees (adaptive stream: no
paying for tiles that are never rendered). At most ``max_video`` sites send video at once.
Sessions that end while still wanted come back when the site does; live ones play on while
the hub is away (docs/protocol.md "Kept media sessions").
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from console.media.load_meter import LoadMeter
from console.media.moderation import Moderator
from console.media.reclaim import MemoryReclaimer
from console.media.room import RoomMix
from console.media.session import SiteSession
from console.media.sfu import SfuMedia
from console.media.sfu_session import SfuSiteSession
from console.model.link_adaptation import AUDIO_ONLY_SIZE, LinkAdapter
from console.model.load_shedding import FPS as SHED_FPS, Level, LoadShedder
from console.model.reasons import reason_of
from console.rtc.ice_policy import IcePolicy, current_policy
from console.signaling import HubClient, HubError
from console.signaling.protocol import KEPT_SESSIONS

log = logging.getLogger(__name__)
# A site received peer to peer or through the SFU: the same attributes and calls (fail() included),
# which the type holds both kinds to.
MediaSession: TypeAlias = SiteSession | SfuSiteSession
STATS_INTERVAL_S = 1.0
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 10.0)
VISIBLE_FIRST_S = 5.0  # the longest a hidden tile's handshake waits for those on screen


@dataclass
class View:
    """What the wall wants of a site: a size, or nothing (paused)."""

    width: int = 320
    height: int = 180
    fps: int = 15
    visible: bool = True

    def params(self) -> dict[str, Any]:
        if not self.visible:
            return {"paused": True}
        return {"width": self.width, "height": self.height, "fps": self.fps}

    @property
    def area(self) -> int:
        return self.width * self.height if self.visible else 0


HIDDEN = View(visible=False)


class MediaManager:
    """Owns every SiteSession of the console; the live peer-to-peer ones outlive a lost hub
    connection (``keep_through_outage``, then ``rebind`` and ``resume`` on the next one)."""

    def __init__(
        self,
        hub: HubClient,
        max_video: int = 64,
        policy: IcePolicy | None = None,
        on_change: Callable[[MediaSession], None] | None = None,
        room: RoomMix | None = None,
        program=None,
        on_event: Callable[[str, dict[str, Any]], None] | None = None,
        sfu: SfuMedia | None = None,
        cpu_share_pct: float | None = None,
    ) -> None:
        """``cpu_share_pct``: the CPU this media core may use (% of one core) before it sheds
        load (None: it never sheds; benchmarks measure what a wall costs unshed); ``room``: where site audio is mixed (a new RoomMix if None); ``program``: a
        ProgramFeed to publish to every site (None: receive only); ``on_event(kind, payload)``
        hears moderation events (``muted``, ``talk``, ``moderation_error``); ``sfu``: a
        console.media.sfu.SfuMedia when the hub runs media mode "sfu" (sites then come
        through Janus shards, not peer to peer)."""
        self.room = room or RoomMix()
        self.program = program
        self.on_event = on_event or (lambda kind, payload: None)
        self.max_video = max_video
        self.policy = policy or current_policy()
        self.on_change = on_change
        self.sessions: dict[str, MediaSession] = {}
        self.wanted: dict[str, View] = {}
        self._sent_view: dict[str, dict[str, Any]] = {}
        self._retries: dict[str, int] = {}
        self._by_session: dict[str, MediaSession] = {}
        self._tasks: set[asyncio.Task] = set()
        self._settled = asyncio.Event()  # set whenever a session changes state
        self.reclaimer = MemoryReclaimer()
        self.links = LinkAdapter()  # what each site's link carries (model/link_adaptation.py)
        # Which tiles shed load (model/load_shedding.py), from what the media core measures.
        self.shedder = LoadShedder(cpu_share_pct) if cpu_share_pct is not None else None
        self.load = LoadMeter() if cpu_share_pct is not None else None
        self._bind(hub, sfu)
        self._poller = asyncio.get_running_loop().create_task(self._poll_stats())

    def _bind(self, hub: HubClient, sfu: SfuMedia | None) -> None:
        """Take ``hub``'s messages; call before anything awaits after its welcome, so that
        what the hub sends right after it (hangups of kept sessions, the SFU's feeds) is heard."""
        self.hub = hub
        self.sfu = sfu
        self.moderation = Moderator(hub, self.room, self.on_event, self.program)
        hub.on("answer", self._on_answer)
        hub.on("ice", self._on_ice)
        hub.on("hangup", self._on_hangup)
        hub.on("site_stats", self._on_site_stats)
        hub.on("presence", self._on_presence)

    # --- a lost hub (docs/protocol.md "Kept media sessions") --------------------------

    async def keep_through_outage(self) -> None:
        """The hub connection is lost: keep the live peer-to-peer sessions (their media needs no
        hub) and close the rest, which need the hub to finish or come through the SFU; the
        wall goes on wanting them all."""
        self._sent_view.clear()  # the next hub knows no views: all are said again
        for key, session in list(self.sessions.items()):
            if session.state != "live" or getattr(session, "via_sfu", False):
                self.room.remove(key)
                self._by_session.pop(session.session, None)
                del self.sessions[key]
                await session.close()

    def kept_sessions(self) -> list[dict[str, str]]:
        """What the next hello claims: ``[{"session", "site"}]`` of the live sessions (a hello
        names at most KEPT_SESSIONS; a wall holds far fewer)."""
        live = [{"session": s.session, "site": key} for key, s in self.sessions.items() if s.state == "live"]
        return live[:KEPT_SESSIONS]

    def rebind(self, hub: HubClient, sfu: SfuMedia | None = None) -> None:
        """A new hub connection, whose hello claimed ``kept_sessions``: its messages come here
        now (call it right after the welcome, before anything awaits)."""
        self._bind(hub, sfu)
        for session in self.sessions.values():
            if isinstance(session, SiteSession):  # (through the SFU, none outlive a connection)
                session.rebind(hub.request)

    async def resume(self) -> None:
        """After ``rebind``: learn who is online, say every view again, and subscribe what the
        wall wants and does not receive."""
        await self.moderation.refresh()
        # The tiles on screen first, the biggest (the focus) first of all.
        for key, view in sorted(self.wanted.items(), key=lambda item: -item[1].area):
            session = self.sessions.get(key)
            if session is not None and session.state in ("connecting", "live"):
                await self._apply_view(key)
            else:
                await self.subscribe(key, view)

    # --- what the wall asks for -------------------------------------------------------

    async def subscribe(self, key: str, view: View | None = None) -> MediaSession:
        """Start receiving ``key`` (or return the running session)."""
        self.wanted[key] = view or self.wanted.get(key) or View()
        running = self.sessions.get(key)
        if running is not None and running.state in ("new", "connecting", "live"):  # (new: waiting its turn)
            return running
        session: MediaSession
        if self.sfu is not None:  # SFU: the same kind of session, fed by a shard's connection
            session = self.sfu.new_session(key, self.room, self.program, self._changed)
        else:
            session = SiteSession(
                key,
                self.hub.request,
                self.policy,
                self._changed,
                self.room,
                self.program,
                ice_servers=getattr(self.hub, "ice_servers", ()),  # the freshest TURN credentials
            )
        session.on_audio_refused = self._audio_refused
        self.sessions[key] = session
        self._by_session[session.session] = session
        self._sent_view.pop(key, None)
        if not self.wanted[key].visible and self._visible_connecting():
            self._spawn(self._start_after_the_visible(key, session))
            return session
        await self._start(key, session)
        return session

    def _visible_connecting(self) -> bool:
        return any(s.state == "connecting" and self.wanted.get(k, HIDDEN).visible for k, s in self.sessions.items())

    async def _start_after_the_visible(self, key: str, session: MediaSession) -> None:
        """The tiles on screen first: a session for a tile off the page (kept for paging back
        to it) waits until the visible ones are through their handshakes (or VISIBLE_FIRST_S),
        so after a lost hub or media worker the wall the room looks at comes back first, not
        after every handshake of every page at once. Shown meanwhile, it starts at once."""
        deadline = asyncio.get_running_loop().time() + VISIBLE_FIRST_S
        while self._visible_connecting() and not self.wanted.get(key, HIDDEN).visible:
            self._settled.clear()
            try:
                await asyncio.wait_for(self._settled.wait(), deadline - asyncio.get_running_loop().time())
            except TimeoutError:
                break
        if self.sessions.get(key) is session and session.state == "new":
            await self._start(key, session)

    async def _start(self, key: str, session: MediaSession) -> None:
        try:
            await session.start()
        except HubError as error:  # e.g. site_offline: keep wanting it, subscribe when it returns
            session.retry_on_failure = error.code != "site_offline"  # presence will say when
            session.waiting_for_site = error.code == "site_offline"  # not a fault: nothing to tell
            code, args = reason_of(error)  # the hub's named reason, said in the console's words
            await session.fail(f"subscribe refused: {error.message}", code, **args)
        except ConnectionError as error:  # the hub is gone: nothing to retry until it is back
            await session.fail(f"no hub connection: {error}", "not_connected")
        if self.sfu is not None:  # SFU: no answer comes to trigger it; the site is asked now
            await self._apply_view(key)

    def _audio_refused(self, site: str) -> None:
        # The moderator of the hub connection in use, not of the one that made the session: a
        # session kept through a lost hub outlives that moderator, whose idea of the site's
        # microphone stopped with its connection (an unmute and a mute since read as a leak).
        self.moderation.audio_refused(site)

    async def unsubscribe(self, key: str) -> None:
        self.wanted.pop(key, None)
        self._sent_view.pop(key, None)
        session = self.sessions.pop(key, None)
        if session is None:
            return
        self.room.remove(key)
        self._by_session.pop(session.session, None)
        if session.state in ("connecting", "live") and not getattr(session, "via_sfu", False):
            try:
                await self.hub.send({"type": "hangup", "site": key, "session": session.session})
            except ConnectionError:
                pass
        await session.close()
        # Its state said "closed" before aiortc's close had run, and the pass that asked for
        # may have come and gone meanwhile (a loaded machine): the connection is garbage only now.
        self.reclaimer.soon(session.pc)

    async def show(self, key: str, width: int, height: int, fps: int = 15) -> bool:
        """Ask ``key`` for ``width``x``height``; False if that would exceed ``max_video``."""
        visible = [k for k, v in self.wanted.items() if v.visible and k != key]
        if len(visible) >= self.max_video:
            return False
        self.wanted[key] = View(width, height, fps, True)
        self._settled.set()  # a session waiting its turn as a hidden tile's goes now
        await self._apply_view(key)
        return True

    async def hide(self, key: str) -> None:
        """Pause ``key``'s video (its session and audio stay up)."""
        view = self.wanted.get(key)
        if view is not None:
            view.visible = False
            await self._apply_view(key)

    async def request_keyframe(self, key: str) -> None:
        await self._view(key, {"keyframe": True})

    async def close(self) -> None:
        self._poller.cancel()
        if self.load is not None:
            self.load.close()
        for task in list(self._tasks):
            task.cancel()
        for key in list(self.sessions):
            await self.unsubscribe(key)

    # --- plumbing ---------------------------------------------------------------------

    async def _apply_view(self, key: str) -> None:
        view, session = self.wanted.get(key), self.sessions.get(key)
        if view is None or session is None or session.state not in ("connecting", "live"):
            return
        params = view.params()
        if self.program is not None:  # on a link that carries only sound, the program's too
            self.program.send_picture(key, not self.links.audio_only(key))
        if view.visible:  # no more than the site's link carries (its sound alone, if no picture)
            size = self.links.capped(key, view.width, view.height)
            if size == AUDIO_ONLY_SIZE:
                params = {"audio_only": True}
            else:
                params["width"], params["height"] = size
                params["fps"] = self._fps(key, view)
        if self._sent_view.get(key) == params:
            return
        self._sent_view[key] = params
        if hasattr(session, "apply_view"):  # SFU: a hidden tile also stops at the SFU, for this console alone
            await session.apply_view(params)
        if not await self._view(key, params):
            self._sent_view.pop(key, None)

    async def _view(self, key: str, params: dict[str, Any]) -> bool:
        """Tell the hub what this console's tile needs of ``key`` (it combines every console's
        views into the site's one request, docs/protocol.md "view"): watching, not moderating."""
        try:
            await self.hub.request({"type": "view", "site": key, **params})
            return True
        except HubError as error:
            log.info("view %s %s: %s", key, params, error)
            return False
        except ConnectionError as error:  # the hub went away: views are sent again on rejoining
            log.info("view %s not sent: %s", key, error)
            return False

    def _changed(self, session: MediaSession) -> None:
        self._settled.set()  # a hidden tile's session may be waiting for the visible ones
        if session.state in ("closed", "failed"):
            self.reclaimer.soon(session.pc)
        if session.state in ("closed", "failed") and self.sessions.get(session.site) is session:
            self._by_session.pop(session.session, None)
            if session.site in self.wanted and session.retry_on_failure:
                self._spawn(self._retry(session.site))
        if self.on_change:
            self.on_change(session)

    async def _retry(self, key: str) -> None:
        if self.hub.closed.is_set():
            return  # retrying without a hub would spin; a new connection starts afresh
        attempt = self._retries.get(key, 0)
        self._retries[key] = attempt + 1
        await asyncio.sleep(RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S) - 1)])
        if (
            key in self.wanted
            and self.sessions.get(key) is not None
            and self.sessions[key].state in ("closed", "failed")
        ):
            await self.subscribe(key)

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _on_answer(self, message: dict[str, Any]) -> None:
        session = self._by_session.get(message.get("session", ""))
        if session is None:
            return
        await session.on_answer(message["sdp"])
        self._retries.pop(session.site, None)
        await self._apply_view(session.site)

    async def _on_ice(self, message: dict[str, Any]) -> None:
        session = self._by_session.get(message.get("session", ""))
        if session is not None:
            await session.on_ice(message.get("candidate"))

    async def _on_hangup(self, message: dict[str, Any]) -> None:
        session = self._by_session.get(message.get("session", ""))
        if session is not None:
            session.error = message.get("reason", "hung up")
            session.error_code, session.error_args = "", {}  # the site's own words, as it sent them
            await session.close()

    def _on_site_stats(self, message: dict[str, Any]) -> None:
        session = self._by_session.get(message.get("session", ""))
        if session is not None and isinstance(message.get("stats"), dict):
            session.stats.on_site_stats(message["stats"])

    async def _on_presence(self, message: dict[str, Any]) -> None:
        key = message.get("site")
        if not message.get("online") or key not in self.wanted:
            return
        session = self.sessions.get(key)
        if session is None or session.state in ("closed", "failed"):
            self._retries.pop(key, None)
            await self.subscribe(key)
        elif key not in self._sent_view:  # kept through a lost hub: the hub hears its view now
            await self._apply_view(key)

    async def _poll_stats(self) -> None:
        while True:
            await asyncio.sleep(STATS_INTERVAL_S)
            # In a call of its own: a loop variable left here would hold the last session polled
            # (and its closed peer connection) through every sleep after, for ever if no session
            # came after it.
            await self._poll_stats_once()

    async def _poll_stats_once(self) -> None:
        for session in list(self.sessions.values()):
            if session.state in ("connecting", "live"):
                try:
                    await session.stats.poll(session.pc, session.frame_size)
                except Exception:  # stats are advisory; a closing pc may refuse
                    log.debug("stats poll failed for %s", session.site, exc_info=True)
                    continue
                await self._adapt(session)
        await self._shed()

    # --- shedding load, small tiles first (model/load_shedding.py) -------------------------

    def _fps(self, key: str, view: View) -> int:
        """The frame rate asked of ``key``: its view's, or less while its tile sheds load."""
        shed = SHED_FPS[self.shedder.level(key)] if self.shedder is not None else None
        return view.fps if shed is None else min(view.fps, shed)

    async def _shed(self) -> None:
        if self.shedder is None or self.load is None:
            return
        backlog = sum(getattr(s, "backlog", 0) for s in self.sessions.values())
        load = self.load.sample(backlog + (self.sfu.backlog() if self.sfu is not None else 0))
        tiles = {k: v.area for k, v in self.wanted.items() if v.visible and k in self.sessions}
        focus = max(tiles, key=lambda k: tiles[k]) if tiles else None
        before = dict(self.shedder.levels)
        for key, level in self.shedder.observe(time.monotonic(), load, tiles, focus).items():
            log.info(
                "%s: %s (CPU %.0f %%, backlog %d, loop %.0f ms late)",
                key,
                level.name,
                load.cpu_pct,
                load.backlog,
                load.lag_ms,
            )
            self.on_event("shed", {"site": key, "level": level.name.lower(), "fps": self._fps(key, self.wanted[key])})
            if self.sfu is not None:
                self.sfu.keyframes_only(key, level == Level.KEYFRAMES)
            await self._apply_view(key)
            if before.get(key) == Level.KEYFRAMES:  # back from key frames alone: the next one, now
                await self._view(key, {"keyframe": True})

    async def _adapt(self, session: MediaSession) -> None:
        """Ask a site for no more than its link carries; re-ask when that changes."""
        view, stats = self.wanted.get(session.site), session.stats.latest
        if view is None or session.state not in ("connecting", "live"):
            return  # (connecting: a link too thin for the first keyframe never gets to "live" at all)
        if self.shedder is not None and self.shedder.strained:
            return  # short of CPU, the console cannot tell the links' faults from its own
        if getattr(session, "via_sfu", False) and session.state != "live":
            # Through the SFU a tile without a picture yet waits for its feed or for the
            # console's way to the shard (a forward, a subscription): not a thin link.
            return
        asked = self.links.capped(session.site, view.width, view.height) if view.visible else None
        cap = self.links.observe(
            session.site,
            time.monotonic(),
            stats.unrepaired_loss_pct,
            stats.jitter_ms,
            stats.bitrate_kbps,
            stats.fps,
            asked,
            # A tile that sheds load asks its site for fewer frames: not the link's doing.
            sent_fps=stats.site_fps or (self._fps(session.site, view) if view.visible else None),
            link_loss_pct=stats.loss_pct,
        )
        if cap is not None:
            self.on_event(
                "link_rung",
                {
                    "site": session.site,
                    "cap": list(cap),
                    "audio_only": cap == AUDIO_ONLY_SIZE,
                    "loss_pct": round(stats.loss_pct, 1),
                    "jitter_ms": round(stats.jitter_ms, 1),
                    "bitrate_kbps": round(stats.bitrate_kbps),
                },
            )
            await self._apply_view(session.site)
