"""The media core on its own thread and event loop, behind a thread-safe interface.

The GUI thread paints and handles keys; packets, decoding hand-off, RTCP and signaling run
here, so neither waits for the other (docs/architecture.md §5: at 64 tiles the media loop is busy
for milliseconds at a time, which would be felt as stutter in a shared loop). Calls from
other threads return ``concurrent.futures.Future``; frames are read straight from the
thread-safe LatestFrameSinks; everything that happens is reported through ``on_event``,
called on the media thread (a Qt signal emitted there is queued to the GUI thread).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from console.janus.client import close_shared_http
from console.loop_thread import LoopThread as BaseLoopThread
from console.media.manager import MediaManager, MediaSession, View
from console.media.program import ProgramFeed
from console.media.recordings import MediaRecordings
from console.media.room import RoomMix
from console.media.sfu import SfuMedia
from console.media.sink import LatestFrameSink
from console.media.speaker import SpeakerFollower
from console.media.stats import LinkStats
from console.model.reasons import clean_args, explained, reason_of
from console.rtc.aiortc_internals import gather_decoded_frames
from console.rtc.closing import quiet_connect_after_close
from console.rtc.ice_policy import IcePolicy, install_ice_policy
from console.signaling import ChannelClosed, HubClient, HubError, WebSocketChannel
from console.signaling.backoff import Backoff
from console.signaling.hub_address import HubAddress
from console.signaling.hub_list import HubList, reached_like

log = logging.getLogger(__name__)
CLOSE_UNAUTHORIZED = 4003
T = TypeVar("T")
EventHandler = Callable[[str, dict[str, Any]], None]
FORWARDED = ("site_state", "hand", "error", "wall_state", "alarm", "meeting")
LEVELS_INTERVAL_S = 0.1  # meters and speaking rings at 10 Hz, all sites in one event


class LoopThread(BaseLoopThread):
    """The media core's loop on its own thread (aiortc's late connects after a close quieted)."""

    def __init__(self, name: str = "media") -> None:
        super().__init__(name, prepare=quiet_connect_after_close, what="media")


@dataclass(frozen=True)
class SessionSnapshot:
    """What the GUI needs to draw a tile's state, copied out of the media thread."""

    site: str
    state: str
    frame_size: tuple[int, int] | None
    stats: LinkStats
    error: str


# The media worker's share of the machine before it sheds load: one core. It has a process of
# its own; the GUI, which paints the wall, needs the rest.
CPU_SHARE_PCT = 100.0


class MediaService:
    """Connects to a hub as a console and receives sites, from any thread."""

    def __init__(
        self,
        loop_thread: LoopThread,
        on_event: EventHandler | None = None,
        max_video: int = 64,
        policy: IcePolicy | None = None,
        program: bool = True,
        camera: str | None = None,
        microphone: str | None = None,
        cpu_share_pct: float | None = None,
    ) -> None:
        """``program``: publish the program feed to every site received; ``camera`` and
        ``microphone`` (V4L2 / ALSA device names) replace its test card and tone;
        ``cpu_share_pct``: past this CPU (% of one core), or falling behind, the wall sheds
        load, small tiles first (the console's wall: CPU_SHARE_PCT; None, the default: never,
        as a recorder or a bench that measures what a wall costs)."""
        gather_decoded_frames()  # the decoders' frames reach the loop in batches (aiortc_internals.py)
        self.thread = loop_thread
        self.on_event = on_event or (lambda kind, payload: None)
        self.max_video = max_video
        self.cpu_share_pct = cpu_share_pct
        self.policy = policy
        self.hub: HubClient | None = None
        self.manager: MediaManager | None = None
        self.operator = ""
        self.room = RoomMix()  # the GUI's audio output pulls from it (room.read) on its own thread
        self.follower = SpeakerFollower()
        self.follow_speaker = False
        self.program: ProgramFeed | None = None
        self._program_wanted = (program, camera, microphone)
        self.recordings = MediaRecordings(self._emit, self._joined_hub)  # what the media core records
        self._hubs: HubList | None = None  # set by connect
        self._lost_from = ""  # the hub last lost: a rejoin elsewhere says where it moved

    # --- lifecycle (any thread) -------------------------------------------------------

    def connect(self, hub: HubAddress | str | list[HubAddress] | list[str], token: str) -> Future[dict[str, Any]]:
        """Join the hub as a console; the future gives the welcome (or raises HubError or
        ChannelClosed). From then on a lost hub is joined again by itself (``_supervise``)."""
        return self.thread.submit(self._connect(hub, token))

    def close(self) -> Future[None]:
        return self.thread.submit(self._close())

    async def _connect(self, hub: HubAddress | str | list[HubAddress] | list[str], token: str) -> dict[str, Any]:
        if self.policy is not None:
            install_ice_policy(self.policy)
        given = hub if isinstance(hub, list) else [hub]
        self._address, self._token = given[0], token
        # The hubs of a pair: those given, and the others a welcome names (hub_list.py).
        self._hubs = HubList(given, make=reached_like(given))
        wanted, camera, microphone = self._program_wanted
        if wanted and self.program is None:
            self.program = ProgramFeed(camera, microphone)
            self._emit("program", self.program.status())
        welcome = await self._first_join()
        loop = asyncio.get_running_loop()
        self._supervisor = loop.create_task(self._supervise())
        self._levels_task = loop.create_task(self._report_levels())
        return welcome

    async def _first_join(self) -> dict[str, Any]:
        """The first hello: each address in turn until one takes it (a standby's answer goes
        straight to the active hub it names), so a console given a pair starts while one of the
        two is down. Once round; then the last error, as with a single hub."""
        hubs = self._joined_hubs()
        last: BaseException | None = None
        for _ in range(1 if len(hubs.addresses) == 1 else 2 * len(hubs.addresses)):  # and each standby's hint
            try:
                return await self._join()
            except HubError as exc:
                if getattr(exc, "code", "") != "standby":
                    raise  # a refused token is refused by every hub of the pair
                last = exc
                if not hubs.follow(exc):
                    hubs.lost()
            except (ChannelClosed, OSError) as exc:
                last = exc
                hubs.lost()
        assert last is not None
        raise last

    @property
    def hub_url(self) -> str:
        """The hub this console is on now (or last tried)."""
        return _url(self._address) if self._hubs is not None else ""

    async def _join(self, again: bool = False) -> dict[str, Any]:
        """One connection: hello (claiming the media sessions kept through a lost hub), the
        media manager bound to it (subscribing again to what the wall wants and no longer
        receives), and the hub's view of mutes, hands and the talk."""
        previous = self.manager if again else None  # resuming: its kept sessions go on
        kept = previous.kept_sessions() if previous is not None else None
        self._address = self._joined_hubs().current
        hub = HubClient(
            WebSocketChannel(self._address, "console", self._joined_hubs().connect_s),
            "console",
            self._token,
            agent="opsconsole-console",
            sessions=kept,
        )
        for kind in FORWARDED:
            hub.on(kind, functools.partial(self._emit, kind))
        # A presence_batch (a province dropping off, the country joining) reaches the
        # GUI as one event, not one per site; moderation and the media manager still see each
        # entry as a presence of its own (HubClient routes them, marked "batched").
        hub.on("presence", lambda message: None if message.get("batched") else self._emit("presence", message))
        hub.on(
            "presence_batch",
            lambda message: self._emit(
                "presence_batch", {"sites": [e for e in message.get("sites") or () if isinstance(e, dict)]}
            ),
        )
        hub.on("presence", self._site_joined)
        welcome = await hub.join()
        self._joined_hubs().learn(welcome)
        # SFU: before any await, so the hub's ``feeds`` right after welcome is heard.
        sfu = SfuMedia(hub, self.policy, self._emit) if (welcome.get("media") or {}).get("mode") == "sfu" else None
        self.hub, self.welcome = hub, welcome
        self.operator = welcome.get("operator", "")
        if previous is not None:
            manager = previous
            manager.rebind(hub, sfu)
        else:
            manager = self.manager = MediaManager(
                hub,
                self.max_video,
                on_change=self._session_changed,
                room=self.room,
                program=self.program,
                on_event=self._emit,
                sfu=sfu,
                cpu_share_pct=self.cpu_share_pct,
            )
        if sfu is not None and self.program is not None:  # SFU: published once, for every shard
            sfu.publish_program(self.program)
        joined: dict[str, Any] = {
            "welcome": welcome,
            "again": again,
            "kept": len(kept or ()),
            "url": _url(self._address),
        }
        if again and self._lost_from and _url(self._address) != self._lost_from:  # another hub of the pair
            joined["moved"] = {"from": self._lost_from, "to": _url(self._address)}
        self._emit("hub_joined", joined)
        if previous is not None:
            await manager.resume()
            self.recordings.settle_all(manager.moderation.online)  # what recordings could not tell meanwhile
        else:
            await manager.moderation.refresh()
        self._emit("hub_ready", {})
        return welcome

    async def _supervise(self) -> None:
        """Notice a lost hub, say so, and join again with backoff and jitter (the clients' one
        policy, console/signaling/backoff.py), carrying over what the wall receives. A token the
        hub refused (revoked) is not retried: that needs a person."""
        while True:
            hub = self._joined_hub()
            await hub.closed.wait()
            if self.manager is not None:
                # Live peer-to-peer media needs no hub: it plays on, and the next hello claims it.
                await self.manager.keep_through_outage()
                if self.manager.sfu is not None:  # SFU: that connection's shards go with it
                    await self.manager.sfu.close()
            # The reason in English and named (a code and its arguments) for the console's words.
            reason, (code, args) = hub.close_reason, hub.close_explained
            if getattr(hub.channel, "close_code", None) == CLOSE_UNAUTHORIZED:  # revoked while connected
                await self._refused(reason, code, args)
                return
            backoff = Backoff()
            self._lost_from = _url(self._address)
            self._joined_hubs().lost()  # the next hub of a pair first (a single hub: the same one)
            while True:
                delay = backoff.next()
                self._emit(
                    "hub_lost",
                    {
                        "reason": reason,
                        "reason_code": code,
                        "reason_args": args,
                        "retry_in": round(delay, 1),
                        "attempt": backoff.attempts,
                    },
                )
                await asyncio.sleep(delay)
                try:
                    await self._join(again=True)
                    break
                except (HubError, ChannelClosed, OSError) as exc:
                    reason, (code, args) = getattr(exc, "message", None) or str(exc), reason_of(exc)
                    if getattr(exc, "code", "") == "unauthorized":
                        await self._refused(reason, code, args)
                        return
                    if getattr(exc, "code", "") == "standby":  # a standby of the pair: where to go
                        if not self._joined_hubs().follow(exc):
                            self._joined_hubs().lost()
                        backoff.reset()  # it answers at once; the takeover takes seconds
                    else:
                        self._joined_hubs().lost()

    def _joined_hubs(self) -> HubList:
        """The hubs this console may join (one, or a pair's): there is a list once ``connect`` ran."""
        if self._hubs is None:
            raise RuntimeError("the console has not been given a hub")
        return self._hubs

    def _site_joined(self, message: dict[str, Any]) -> None:
        if message.get("online") and isinstance(message.get("site"), str):
            self.recordings.site_online(message["site"])

    def _joined_hub(self) -> HubClient:
        """The hub connection in use: there is one once ``connect`` has joined."""
        if self.hub is None:
            raise RuntimeError("the console has not joined a hub")
        return self.hub

    async def _refused(self, reason: str, code: str = "", args: dict | None = None) -> None:
        """The hub refused this console's token: nothing it kept may play on."""
        if self.manager is not None:
            await self.manager.close()
        self._emit(
            "hub_lost",
            {"reason": reason, "reason_code": code, "reason_args": args or {}, "retry_in": None, "fatal": True},
        )

    async def _close(self) -> None:
        for task in (getattr(self, "_levels_task", None), getattr(self, "_supervisor", None)):
            if task is not None:
                task.cancel()
        await self.recordings.stop_all("the console closed")  # files closed, sites told
        await self.recordings.settled(timeout=5.0)
        if self.manager is not None:
            await self.manager.close()
            if self.manager.sfu is not None:  # SFU
                await self.manager.sfu.close()
                await close_shared_http()
        if self.program is not None:
            await self.program.close()
        if self.hub is not None:
            await self.hub.close()

    # --- recording what is received (console/media/recordings.py) ----------------------

    def start_recording(self, key: str, path: str, metadata: dict[str, str] | None = None) -> Future[dict]:
        """Record ``key`` (being received) into the WebM file ``path``; ``recording_ended`` follows."""
        return self._run(lambda m: self.recordings.start(m, key, Path(path), dict(metadata or {})))

    def stop_recording(self, key: str, reason: str = "") -> Future[dict]:
        return self.thread.submit(self.recordings.stop(key, reason))

    def bookmark_recording(self, key: str, note: str, ago_s: float = 0.0) -> Future[dict]:
        return self.thread.submit(self.recordings.bookmark(key, note, ago_s))

    # --- what the wall asks for (any thread) -------------------------------------------

    def subscribe(self, key: str, width: int, height: int, shown: bool = True) -> Future[MediaSession]:
        """``shown``: False for a tile off the page (its handshake waits for those on screen)."""
        return self._run(lambda m: m.subscribe(key, View(width, height, visible=shown)))

    def unsubscribe(self, key: str) -> Future[None]:
        return self._run(lambda m: m.unsubscribe(key))

    def show(self, key: str, width: int, height: int) -> Future[bool]:
        return self._run(lambda m: m.show(key, width, height))

    def hide(self, key: str) -> Future[None]:
        return self._run(lambda m: m.hide(key))

    def request_keyframe(self, key: str) -> Future[None]:
        return self._run(lambda m: m.request_keyframe(key))

    def control(self, key: str, action: str, params: dict[str, Any] | None = None) -> Future[dict]:
        return self._request({"type": "control", "site": key, "action": action, "params": params or {}})

    # --- moderation (any thread); results as dicts, events when the sites acknowledge ---

    def mute(self, key: str) -> Future[dict]:
        """Silence the site in the room now and ask it to stop sending; ``muted`` event on its ack."""
        return self._moderate(lambda m: m.mute(key))

    def unmute(self, key: str) -> Future[dict]:
        return self._moderate(lambda m: m.unmute(key))

    def mute_all(self) -> Future[dict]:
        """``{"ok": [sites], "failed": {site: error}}``."""
        return self._moderate(lambda m: m.mute_all())

    def solo(self, key: str) -> Future[dict]:
        return self._moderate(lambda m: m.solo(key))

    def grant_hand(self, key: str) -> Future[dict]:
        return self._moderate(lambda m: m.grant_hand(key))

    def dismiss_hand(self, key: str) -> Future[dict]:
        return self._moderate(lambda m: m.dismiss_hand(key))

    def talk(self, key: str) -> Future[dict]:
        """Spot-check talk with ``key`` (ends any other); ``talk`` event when it starts."""
        return self._moderate(lambda m: m.talk(key))

    def end_talk(self) -> Future[dict]:
        return self._moderate(lambda m: m.end_talk())

    def moderation_state(self) -> Future[dict]:
        """``{"muted": {site: bool}, "hands": {site: bool}, "talker": site or None}``, as the sites said."""

        async def snapshot(manager: MediaManager) -> dict:
            return manager.moderation.snapshot()

        return self._run(snapshot)

    def set_master_volume(self, volume: float) -> None:
        """0.0-2.0, applied to the next block the sound card pulls (thread-safe)."""
        self.room.set_master_volume(volume)

    def set_follow_speaker(self, enabled: bool) -> None:
        """Emit ``speaker`` events (at most one per 2 s) naming the site to focus."""
        self.follow_speaker = enabled

    def focused_by_hand(self, key: str | None) -> None:
        """The operator focused a tile: the speaker policy waits 2 s before moving it."""
        self.thread.call(self.follower.focus, key)

    def _moderate(self, action) -> Future[dict]:
        return self._run(lambda m: action(m.moderation))

    async def _report_levels(self) -> None:
        reported = False
        while True:
            await asyncio.sleep(LEVELS_INTERVAL_S)
            levels = self.room.levels()
            if levels or reported:  # one empty event after the last site falls silent
                self._emit("levels", {"sites": levels})
            reported = bool(levels)
            if self.follow_speaker:
                site = self.follower.update({k: v["speaking"] for k, v in levels.items()})
                if site is not None:
                    self._emit("speaker", {"site": site})

    def room_wall(self, message: dict[str, Any]) -> Future[dict]:
        """A ``wall`` request (docs/protocol.md): the reply is the room wall's ``wall_state``."""
        return self._request({"type": "wall", **message})

    def roll_call(self, online_only: bool = False, keys: list[str] | None = None) -> Future[dict]:
        """The hub's roll-call: every site, those online, or only ``keys`` (a group's)."""
        message: dict[str, Any] = {"type": "roll_call", "online_only": online_only}
        if keys is not None:
            message["keys"] = list(keys)
        return self._request(message, timeout=30)

    # --- alarms and the meeting (docs/protocol.md "alarms") -------------------------------

    def alarms(self, history: bool = False) -> Future[dict]:
        """The hub's open alarms (or the last 500 with ``history``), their counts and the meeting."""
        return self._request({"type": "alarms", "history": history})

    def raise_alarm(
        self, rule: str, site: str | None, detail: str = "", detail_args: dict | None = None, since: str | None = None
    ) -> Future[dict]:
        """``detail_args``: the detail's numbers (its kind is the rule); ``since``: when the
        condition began (ISO 8601), where it could not be told then."""
        message: dict = {"type": "alarm_raise", "rule": rule, "detail": detail[:256]}
        if detail_args:
            message["detail_kind"], message["detail_args"] = rule, clean_args(detail_args)
        if since:
            message["since"] = since
        return self._request({**message, "site": site} if site else message)

    def clear_alarm(self, rule: str, site: str | None) -> Future[dict]:
        message = {"type": "alarm_clear", "rule": rule}
        return self._request({**message, "site": site} if site else message)

    def acknowledge_alarm(self, alarm_id: int) -> Future[dict]:
        """The reply is the acknowledged ``alarm``; HubError ``unknown_alarm`` or ``bad_message``
        (already acknowledged, or closed) otherwise."""
        return self._request({"type": "alarm_ack", "alarm": alarm_id})

    def set_meeting(self, group: str | None) -> Future[dict]:
        """Say which group is in the meeting (None ends it); the reply is the hub's ``meeting``."""
        return self._request({"type": "meeting", "group": group})

    def sink(self, key: str) -> LatestFrameSink | None:
        """The site's frame sink (thread-safe), or None if not subscribed."""
        session = self.manager.sessions.get(key) if self.manager else None
        return session.video if session else None

    def snapshot(self, key: str) -> SessionSnapshot | None:
        session = self.manager.sessions.get(key) if self.manager else None
        if session is None:
            return None
        return SessionSnapshot(key, session.state, session.frame_size, session.stats.latest, session.error)

    def subscribed(self) -> list[str]:
        return list(self.manager.sessions) if self.manager else []

    # --- plumbing ---------------------------------------------------------------------

    def _run(self, action: Callable[[MediaManager], Awaitable[T]]) -> Future[T]:
        async def run() -> T:
            if self.manager is None:
                raise explained(HubError("not_joined", "the console is not connected to a hub"), "not_connected")
            return await action(self.manager)

        return self.thread.submit(run())

    def _request(self, message: dict[str, Any], timeout: float = 10.0) -> Future[dict]:
        async def run() -> dict:
            if self.hub is None:
                raise explained(HubError("not_joined", "the console is not connected to a hub"), "not_connected")
            try:
                return await self.hub.request(message, timeout)
            except ChannelClosed as exc:
                raise HubError("disconnected", str(exc), *reason_of(exc)) from exc

        return self.thread.submit(run())

    def _session_changed(self, session: MediaSession) -> None:
        self._emit(
            "session",
            {
                "site": session.site,
                "state": session.state,
                "error": session.error,
                "error_code": session.error_code,  # (both kinds name their error)
                "error_args": session.error_args,
                "waiting": session.waiting_for_site,
                # its link carries its sound alone (a new session to it starts so too)
                "audio_only": self.manager is not None and self.manager.links.audio_only(session.site),
            },
        )

    def _emit(self, kind: str, payload: dict[str, Any]) -> None:
        try:
            self.on_event(kind, payload)
        except Exception:  # a GUI bug must not take the media loop down
            log.exception("event handler failed for %s", kind)


def _url(address: HubAddress | str) -> str:
    return address.url if isinstance(address, HubAddress) else str(address)
