"""The console's side of media mode "sfu": the wall subscribes through Janus shards.

The hub's ``welcome`` gave the console a token per shard and the meeting's pin (``media``),
then ``feeds`` said where every online site publishes; ``feed`` and ``media`` messages keep
both current (a site started publishing, a shard died and its sites moved). ``SfuMedia``
keeps one ``ShardSubscriber`` per shard the wall needs (one peer connection each, carrying
every feed shown from that shard: at most 64 in all, as the manager allows) and one
``SfuSiteSession`` per site on the wall. It also publishes the program feed, once, into
the program room of the shard the hub names (``SfuProgramPublisher``).

The wall's feeds take the native path first (``native``, sfu_native.py): each site's shard
forwards its streams as SRTP straight to this console, decoded without Python per packet.
A site whose forward cannot be made or brings nothing falls back to the shard's WebRTC
subscription until the next hub connection (``fallback``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from aiortc import RTCPeerConnection, RTCSessionDescription

from console.janus.client import JanusClient, JanusError, JanusSession, shared_http
from console.media.room import RoomMix
from console.media.sfu_native import NativeFeeds
from console.media.sfu_session import SfuSiteSession
from console.media.sfu_subscriber import ShardSubscriber
from console.rtc.closing import close_quietly
from console.rtc.ice_policy import IcePolicy, current_policy, rtc_configuration
from console.signaling import HubClient

log = logging.getLogger(__name__)
RETRY_S = 1.0
ID_TAKEN = 436  # VideoRoom: "User ID already exists" (another console publishes the program)


class SfuMedia:
    """Shards, feeds and subscriptions of one console connection in media mode "sfu"."""

    def __init__(
        self,
        hub: HubClient,
        policy: IcePolicy | None = None,
        on_event: Callable[[str, dict[str, Any]], None] | None = None,
        native: bool = True,
        native_keys: Callable[[str], str] | None = None,
    ) -> None:
        """``native``: the wall's feeds by the shards' forwards where they work (else all by
        WebRTC subscriptions); ``native_keys``: see NativeFeeds."""
        self.hub = hub
        self.policy = policy or current_policy()
        self.on_event = on_event or (lambda kind, payload: None)
        self.block: dict[str, Any] = dict(hub.welcome.get("media") or {})
        self.feeds: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, SfuSiteSession] = {}
        self.subscribers: dict[str, ShardSubscriber] = {}
        self.program: SfuProgramPublisher | None = None
        self.native = NativeFeeds(hub, self._deliver_native, self._native_failed, native_keys) if native else None
        self.hidden: set[str] = set()  # sites whose tiles are hidden: no picture forwarded
        self._shard_addresses: dict[str, None] = {}  # every shard address told of, in order
        self.fallback: dict[str, str] = {}  # site -> why its forward failed (WebRTC for it until the next hub)
        self._closed = False
        hub.on("media", self._on_media)
        hub.on("feeds", self._on_feeds)
        hub.on("feed", self._on_feed)

    # --- sessions, for the manager ---------------------------------------------------

    def new_session(
        self,
        key: str,
        room: RoomMix | None = None,
        program=None,
        on_state: Callable[[SfuSiteSession], None] | None = None,
    ) -> SfuSiteSession:
        return SfuSiteSession(key, self, room, program, on_state)

    def want(self, session: SfuSiteSession) -> None:
        self.sessions[session.site] = session
        self._place(session.site)

    def unwant(self, session: SfuSiteSession) -> None:
        if self.sessions.get(session.site) is session:
            del self.sessions[session.site]
            self.hidden.discard(session.site)
            if self.native is not None:
                self.native.drop(session.site)
            for subscriber in self.subscribers.values():
                feed = self._feed_id(session.site)
                if feed is not None:
                    subscriber.drop(feed)

    async def set_video_sending(self, key: str, send: bool) -> None:
        (self.hidden.discard if send else self.hidden.add)(key)
        if self.native is not None and key in self.native.feeds:
            self.native.set_video(key, send, self._sources(key))
            return
        found = self._subscription(key)
        if found is not None:
            subscriber, feed = found
            try:
                await subscriber.set_video_sending(feed, send)
            except JanusError as error:
                log.info("%s: could not %s its video at the SFU: %s", key, "resume" if send else "pause", error)

    def site_bytes(self, key: str) -> int:
        if self.native is not None and key in self.native.feeds:
            return self.native.stats_of(key)[0]
        found = self._subscription(key)
        return found[0].site_bytes(found[1]) if found is not None else 0

    def receivers_of(self, key: str) -> list:
        if self.native is not None and key in self.native.feeds:
            return []
        found = self._subscription(key)
        return found[0].receivers_of(found[1]) if found is not None else []

    def keyframes_only(self, key: str, only: bool) -> None:
        """Decode ``key``'s key frames alone (its tile sheds load; other consoles may still
        want every frame the site sends, so the site cannot be asked for fewer)."""
        if self.native is not None:
            self.native.keyframes_only(key, only)

    def backlog(self) -> int:
        """Decoded frames of the forwards not yet handed to their sessions."""
        return self.native.backlog() if self.native is not None else 0

    def forwarded_of(self, key: str) -> dict[str, int]:
        """Frames received so far by each of ``key``'s forwards (none on a subscription)."""
        return self.native.frames_of(key) if self.native is not None else {}

    def path_of(self, key: str) -> str:
        """How ``key``'s feed comes: "sfu-forward" (natively) or "sfu-webrtc" (a subscription)."""
        if self.native is not None and key in self.native.feeds:
            return "sfu-forward"
        return "sfu-webrtc" if self._subscription(key) is not None else ""

    def _subscription(self, key: str) -> tuple[ShardSubscriber, int] | None:
        """The subscription ``key``'s feed comes through (its shard's, if made), and the feed's id."""
        feed = self.feeds.get(key)
        subscriber = self.subscribers.get(feed["shard"]) if feed else None
        return (subscriber, int(feed["feed"])) if feed and subscriber is not None else None

    # --- placing a site's feed on the right shard's subscription ------------------------

    def _feed_id(self, key: str) -> int | None:
        feed = self.feeds.get(key)
        return int(feed["feed"]) if feed else None

    def _place(self, key: str) -> None:
        session = self.sessions.get(key)
        if session is None:
            return
        feed = self.feeds.get(key)
        shard = feed["shard"] if feed else None
        native = self.native is not None and key not in self.fallback and not self.native.unreachable
        for name, other in self.subscribers.items():
            if (name != shard or native) and feed is not None:
                other.drop(int(feed["feed"]))
        if feed is None or not feed.get("live"):
            session.waiting("the site is not publishing to the SFU yet")
            if self.native is not None:
                self.native.drop(key)
            if feed is not None and shard in self.subscribers:
                self.subscribers[shard].drop(int(feed["feed"]))
            return
        if self.native is not None:
            if native and shard in (self.block.get("shards") or {}):
                self.native.want(key, str(shard), int(feed["feed"]), self._sources(key), key in self.hidden)
                return
            self.native.drop(key)
        subscriber = self._subscriber(feed["shard"])
        if subscriber is None:
            session.waiting(f"no credentials for SFU shard {shard}")
            return
        subscriber.want(int(feed["feed"]))

    def _subscriber(self, shard: str) -> ShardSubscriber | None:
        subscriber = self.subscribers.get(shard)
        if subscriber is not None:
            return subscriber
        where = (self.block.get("shards") or {}).get(shard)
        if not where:
            return None
        subscriber = ShardSubscriber(
            shard,
            where["url"],
            where.get("token"),
            int(where["room"]),
            self.block.get("pin", ""),
            self.policy,
            self._deliver_from(shard),
            lambda reason: self._lost(shard, reason),
            ice_servers=lambda: self.hub.ice_servers,
        )
        self.subscribers[shard] = subscriber
        subscriber.start()
        return subscriber

    def _sources(self, key: str) -> tuple[str, ...]:
        """Where ``key``'s forwards may come from: the address of its shard first, then every
        shard address this console has been told of, the dead ones' too (shards that share a
        machine send from whichever of its addresses the route picks, which may be that of
        one that died)."""
        shards = self.block.get("shards") or {}
        for where in shards.values():
            self._shard_addresses.setdefault(urlsplit(where["url"]).hostname or "", None)
        feed = self.feeds.get(key)
        first = urlsplit(shards[feed["shard"]]["url"]).hostname if feed and feed["shard"] in shards else None
        return tuple(a for a in dict.fromkeys([first or "", *self._shard_addresses]) if a)

    def _deliver_native(self, site: str, kind: str, frame) -> None:
        if kind == "error":  # a receiver ended on an error: this site by WebRTC from now on
            if self.native is not None and site in self.native.feeds and site not in self.fallback:
                self.native.drop(site)
                self._native_failed(site, str(frame))
            return
        session = self.sessions.get(site)
        if session is not None and self.native is not None and site in self.native.feeds:
            session.deliver(kind, frame)

    def _native_failed(self, site: str, reason: str) -> None:
        self.fallback[site] = reason
        self.on_event("sfu", {"site": site, "fallback": reason})
        self._place(site)
        if self.native is not None and self.native.unreachable:  # the others need not wait their turn
            for key in [k for k in self.native.feeds if k != site]:
                self.fallback[key] = reason
                self._place(key)

    def _deliver_from(self, shard: str) -> Callable[[int, str, Any], None]:
        def deliver(feed: int, kind: str, frame) -> None:
            for key, session in self.sessions.items():
                info = self.feeds.get(key)
                if info and info["shard"] == shard and int(info["feed"]) == feed:
                    session.deliver(kind, frame)
                    return

        return deliver

    def _lost(self, shard: str, reason: str) -> None:
        subscriber = self.subscribers.pop(shard, None)
        if subscriber is None or self._closed:
            return
        asyncio.get_running_loop().create_task(subscriber.close())
        for key, feed in self.feeds.items():
            if feed["shard"] == shard and key in self.sessions:
                self.sessions[key].waiting(reason)
        self.on_event("sfu", {"shard": shard, "error": reason})
        asyncio.get_running_loop().call_later(RETRY_S, self._replace_all)

    def _replace_all(self) -> None:
        if not self._closed:
            for key in list(self.sessions):
                self._place(key)

    # --- what the hub says ------------------------------------------------------------

    def _on_feeds(self, message: dict[str, Any]) -> None:
        feeds = message.get("feeds")
        if isinstance(feeds, dict):
            self.feeds = {k: v for k, v in feeds.items() if isinstance(v, dict) and v.get("shard")}
            # A hub connection of its own (a reconnect, a takeover): it holds none of our
            # forwards, and a forward refused by the last one may work now.
            self.fallback.clear()
            if self.native is not None:
                self.native.unreachable = False
                for key in list(self.native.feeds):
                    self.native.drop(key)
            for key in list(self.sessions):
                self._place(key)

    def _on_feed(self, message: dict[str, Any]) -> None:
        key = message.get("site")
        if not isinstance(key, str) or not message.get("shard"):
            return
        feed = {"shard": message["shard"], "feed": message.get("feed"), "live": bool(message.get("live"))}
        if feed != self.feeds.get(key) and feed["live"]:
            self.fallback.pop(key, None)  # published anew (or moved): its forward gets a new chance
        self.feeds[key] = feed
        self._place(key)

    def _on_media(self, message: dict[str, Any]) -> None:
        block = message.get("media")
        if not isinstance(block, dict):
            return
        self.block = block
        shards = block.get("shards") or {}
        for name in [n for n in self.subscribers if n not in shards]:
            self._lost(name, f"SFU shard {name} is down")
        self.on_event("sfu", {"shards": sorted(shards), "program": block.get("program")})
        if self.program is not None:
            self.program.follow(self._program_where())

    # --- the program feed ---------------------------------------------------------------

    def publish_program(self, feed) -> None:
        """Publish ``feed`` (a ProgramFeed) once, where the hub says; follows it if it moves."""
        self.program = SfuProgramPublisher(feed, self.policy, self.on_event, lambda: self.hub.ice_servers)
        self.program.follow(self._program_where())

    def _program_where(self) -> dict[str, Any] | None:
        program = self.block.get("program")
        shard = (self.block.get("shards") or {}).get(program.get("shard")) if program else None
        if not program or not shard:
            return None
        return {**program, "url": shard["url"], "token": shard.get("token"), "pin": self.block.get("pin", "")}

    async def close(self) -> None:
        self._closed = True
        if self.native is not None:
            await self.native.close()
        if self.program is not None:
            await self.program.stop()
        for subscriber in list(self.subscribers.values()):
            await subscriber.close()
        self.subscribers.clear()


class SfuProgramPublisher:
    """The program feed, published once into the program room; again wherever it moves."""

    def __init__(
        self,
        feed,
        policy: IcePolicy,
        on_event: Callable[[str, dict[str, Any]], None],
        ice_servers: Callable[[], Sequence[Mapping[str, Any]]] = tuple,
    ) -> None:
        self.ice_servers = ice_servers  # the relay with this console's newest credentials
        self.feed = feed
        self.policy = policy
        self.on_event = on_event
        self.where: dict[str, Any] | None = None
        self.state = "idle"
        self.error = ""
        self.session: JanusSession | None = None
        self.pc: RTCPeerConnection | None = None
        self.tracks: tuple = ()
        self._task: asyncio.Task | None = None

    def follow(self, where: dict[str, Any] | None) -> None:
        if where == self.where and self._task is not None and not self._task.done():
            return
        self.where = where
        if self._task is not None:
            self._task.cancel()
        self._task = asyncio.get_running_loop().create_task(self._run(where))

    async def _run(self, where: dict[str, Any] | None) -> None:
        await self._unpublish()
        if where is None:
            self.state = "idle"
            return
        while True:
            try:
                session = await self._publish(where)
                self.state, self.error = "published", ""
                self.on_event("program", {"sfu": where.get("shard"), "state": "published"})
                await session.lost.wait()
                self.error = f"shard {where.get('shard')}: {session.lost_reason}"
            except JanusError as error:
                self.error = (
                    "another console is already publishing the program" if error.code == ID_TAKEN else str(error)
                )
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.error = repr(error)
            self.state = "retrying"
            log.warning("program feed to the SFU: %s", self.error)
            self.on_event("program", {"sfu": where.get("shard"), "state": "retrying", "error": self.error})
            await self._unpublish()
            await asyncio.sleep(5.0 if "another console" in self.error else 2.0)

    async def _publish(self, where: dict[str, Any]) -> JanusSession:
        """Publish the program where the hub says; the control session it stays published by."""
        client = JanusClient(where["url"], token=where.get("token"), http=shared_http())
        self.session = session = await client.create_session()
        handle = await session.attach("janus.plugin.videoroom")
        await handle.message(
            {
                "request": "join",
                "ptype": "publisher",
                "room": int(where["room"]),
                "id": int(where["feed"]),
                "display": "program",
                "pin": where.get("pin", ""),
            }
        )
        self.pc = RTCPeerConnection(rtc_configuration(self.ice_servers()))
        self.tracks = self.feed.tracks("sfu")
        video = self.pc.addTransceiver(self.tracks[0], direction="sendonly")
        self.pc.addTransceiver(self.tracks[1], direction="sendonly")
        self.feed.watch_keyframe_requests(video.sender)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        _, jsep = await handle.message({"request": "publish"}, {"type": "offer", "sdp": self.pc.localDescription.sdp})
        if not jsep:
            raise JanusError(0, "no answer to the program's publish", client.url)
        await self.pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(jsep["sdp"]), "answer"))
        await handle.trickle_completed()
        return session

    async def _unpublish(self) -> None:
        for track in self.tracks:
            track.stop()
        self.tracks = ()
        pc, self.pc = self.pc, None
        await close_quietly(pc)
        if self.session is not None:
            await self.session.destroy()
            self.session = None

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._unpublish()
