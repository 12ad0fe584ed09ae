"""One peer connection to one Janus shard carrying every feed the console shows from it.

Janus multistream: a single VideoRoom subscriber handle, whose subscription grows and shrinks
with ``update`` requests (feeds to add, feeds to drop, batched: a page of the wall is one
renegotiation). Janus answers each change with a new offer; the console answers it. Janus
recycles the m-lines of dropped feeds for new ones (same mid, a new SSRC), so after every
offer the SSRCs of each mid are registered again with aiortc's RTP router, which otherwise
knows a receiver's SSRCs only from its first negotiation and would drop the new packets.

Frames are handed out by mid: ``deliver(feed, kind, frame)`` with the feed the mid carries
now, so a recycled m-line's frames go to the right site's tile at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiortc import MediaStreamTrack, RTCBundlePolicy, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaStreamError

from console.janus.client import JanusClient, JanusError, JanusHandle, JanusSession, shared_http
from console.rtc.aiortc_internals import decoded_frames, route_ssrc, wrap_receiver_rtp
from console.rtc.closing import close_quietly
from console.rtc.ice_policy import IcePolicy, rtc_configuration
from console.rtc.latency import shorten_audio_jitter_buffer, use_marker_jitter_buffer
from console.rtc.sdp import ssrcs_by_mid

log = logging.getLogger(__name__)
NO_SUCH_FEED = 428
CONNECT_TIMEOUT_S = 10.0


class ShardSubscriber:
    """The console's subscription on one shard. ``want``/``drop`` feeds; frames come out of
    ``deliver``; ``on_lost(reason)`` when the shard or the connection is gone."""

    def __init__(
        self,
        name: str,
        url: str,
        token: str | None,
        room: int,
        pin: str,
        policy: IcePolicy,
        deliver: Callable[[int, str, Any], None],
        on_lost: Callable[[str], None],
        ice_servers: Callable[[], Sequence[Mapping[str, Any]]] = tuple,
    ) -> None:
        """``ice_servers()``: the relay with the console's newest credentials, when a
        connection to the shard is made (a console behind a firewall reaches Janus through it)."""
        self.name = name
        self.ice_servers = ice_servers
        self.room = room
        self.pin = pin
        self.policy = policy
        self.deliver = deliver
        self.on_lost = on_lost
        self.client = JanusClient(url, token=token, http=shared_http())
        self.session: JanusSession | None = None
        self.handle: JanusHandle | None = None
        self.pc: RTCPeerConnection | None = None
        self.wanted: set[int] = set()
        self.active: set[int] = set()
        self.missing: set[int] = set()  # refused as "no such feed": wait for it to be published again
        self.mids: dict[str, int] = {}  # our m-line -> the feed it carries now
        self.video_mid: dict[int, str] = {}  # feed -> the m-line carrying its video
        self.bytes_by_mid: dict[str, int] = {}
        self.negotiations = 0
        self._dirty = asyncio.Event()
        self._offers: asyncio.Queue[dict] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._closed = False
        self.error = ""

    # --- what the console asks ---------------------------------------------------------

    def start(self) -> None:
        self._tasks.append(asyncio.get_running_loop().create_task(self._run()))

    def want(self, feed: int) -> None:
        self.wanted.add(feed)
        self.missing.discard(feed)
        self._dirty.set()

    def drop(self, feed: int) -> None:
        self.wanted.discard(feed)
        self.missing.discard(feed)
        self._dirty.set()

    async def set_video_sending(self, feed: int, send: bool) -> bool:
        """Pause (or resume) one feed's video for this console only, at the SFU."""
        mid = self.video_mid.get(feed)
        if self.handle is None or mid is None:
            return False
        await self.handle.message({"request": "configure", "streams": [{"mid": mid, "send": send}]})
        return True

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # The loop also ends by itself once woken: a cancellation can be lost inside a request
        # that completes at the same moment (asyncio.wait_for in 3.11), and then gather below
        # would wait for ever (seen once under load).
        self._dirty.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await close_quietly(self.pc)
        if self.session is not None:
            await self.session.destroy()

    # --- the loop that keeps Janus in step ------------------------------------------------

    async def _run(self) -> None:
        try:
            while not self._closed:
                offer_wait = asyncio.ensure_future(self._offers.get())
                dirty_wait = asyncio.ensure_future(self._dirty.wait())
                try:
                    done, _ = await asyncio.wait({offer_wait, dirty_wait}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for task in (offer_wait, dirty_wait):
                        task.cancel()
                # aiortc starts a new m-line's receiver only if DTLS is up when the answer is set:
                # renegotiating while the first handshake runs would leave receivers deaf.
                await self._connected()
                if offer_wait in done:  # Janus renegotiates by itself (a publisher left)
                    await self._answer(offer_wait.result())
                if self._dirty.is_set():
                    self._dirty.clear()
                    await self._flush()
        except asyncio.CancelledError:
            raise
        except JanusError as error:
            self._lose(str(error))
        except Exception as error:  # an SDP aiortc cannot take, say
            log.exception("shard %s: subscription failed", self.name)
            self._lose(f"the subscription failed: {error!r}")

    async def _connected(self, timeout: float = CONNECT_TIMEOUT_S) -> None:
        if self.pc is None or self.pc.connectionState == "connected":
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pc is not None and self.pc.connectionState in ("new", "connecting"):
            if loop.time() > deadline:
                raise JanusError(0, f"no media connection to shard {self.name} within {timeout:g} s", self.client.url)
            await asyncio.sleep(0.02)

    async def _flush(self) -> None:
        adds = sorted(self.wanted - self.active - self.missing)
        removes = sorted(self.active - self.wanted)
        if not adds and not removes:
            return
        if self.handle is None:
            if not adds:
                return
            await self._open(adds)
            return
        body: dict[str, Any] = {"request": "update"}
        if adds:
            body["subscribe"] = [{"feed": feed} for feed in adds]
        if removes:
            body["unsubscribe"] = [{"feed": feed} for feed in removes]
        try:
            data, jsep = await self.handle.message(body)
        except JanusError as error:
            if error.code != NO_SUCH_FEED or not adds:
                raise
            await self._one_by_one(self.handle, adds, removes)
            return
        self.active = (self.active | set(adds)) - set(removes)
        self._streams(data)
        if jsep:
            await self._answer(jsep)

    async def _one_by_one(self, handle: JanusHandle, adds: list[int], removes: list[int]) -> None:
        """A batch Janus refused because a feed is gone: the others go through one at a time."""
        if removes:
            data, jsep = await handle.message({"request": "unsubscribe", "streams": [{"feed": f} for f in removes]})
            self.active -= set(removes)
            self._streams(data)
            if jsep:
                await self._answer(jsep)
        for feed in adds:
            try:
                data, jsep = await handle.message({"request": "subscribe", "streams": [{"feed": feed}]})
            except JanusError as error:
                if error.code != NO_SUCH_FEED:
                    raise
                self.missing.add(feed)
                continue
            self.active.add(feed)
            self._streams(data)
            if jsep:
                await self._answer(jsep)

    async def _open(self, feeds: list[int]) -> None:
        self.session = await self.client.create_session()
        self.session.on_lost = lambda reason: self._lose(f"shard {self.name}: {reason}")
        self.handle = await self.session.attach("janus.plugin.videoroom")
        self.handle.on_event = self._event
        # max-bundle: every m-line Janus adds later rides the first one's transport. (With
        # aiortc's default, "balanced", an audio m-line added in a renegotiation could get a
        # transport of its own that nothing arrives on: deaf, and its packets dropped.)
        configuration = rtc_configuration(self.ice_servers())
        configuration.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE
        self.pc = RTCPeerConnection(configuration)
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)
        body = {
            "request": "join",
            "ptype": "subscriber",
            "room": self.room,
            "pin": self.pin,
            "streams": [{"feed": feed} for feed in feeds],
        }
        try:
            data, jsep = await self.handle.message(body)
        except JanusError as error:
            if error.code != NO_SUCH_FEED or len(feeds) == 1:
                if error.code == NO_SUCH_FEED:
                    self.missing.update(feeds)
                    await self._reset()
                    return
                raise
            await self._reset()
            for feed in feeds[1:]:
                self.missing.discard(feed)
            self.missing.add(feeds[0])  # try without the first; the rest follow in the next flush
            self._dirty.set()
            return
        self.active = set(feeds)
        self._streams(data)
        await self._answer(jsep)

    async def _reset(self) -> None:
        """Back to no handle and no connection (a join Janus refused)."""
        pc, self.pc = self.pc, None
        await close_quietly(pc)
        if self.session is not None:
            await self.session.destroy()
        self.session = self.handle = None
        self.active = set()

    def _event(self, event: dict[str, Any]) -> None:
        data = ((event.get("plugindata") or {}).get("data")) or {}
        if data.get("streams") is not None:
            self._streams(data)
        jsep = event.get("jsep")
        if jsep and jsep.get("type") == "offer":
            self._offers.put_nowait(jsep)
        if event.get("janus") == "hangup":
            self._lose(f"shard {self.name} hung up: {event.get('reason', '')}")

    def _streams(self, data: dict[str, Any]) -> None:
        streams = data.get("streams")
        if streams is None:
            return
        self.mids, self.video_mid = {}, {}
        for stream in streams:
            feed = stream.get("feed_id")
            if feed is None or stream.get("active") is False:
                continue
            self.mids[str(stream["mid"])] = int(feed)
            if stream.get("type") == "video":
                self.video_mid[int(feed)] = str(stream["mid"])
        # Feeds Janus dropped by itself (their publisher left) are no longer subscribed; a
        # wanted one waits until it is published again (``want`` is called anew then).
        gone = self.active - set(self.mids.values())
        self.active -= gone
        self.missing |= gone & self.wanted

    async def _answer(self, jsep: dict[str, Any] | None) -> None:
        if not jsep:
            raise JanusError(0, "Janus sent no offer for the subscription", self.client.url)
        pc, handle = self._peer_connection(), self._joined_handle()
        known = {id(t) for t in pc.getTransceivers()}
        await pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(jsep["sdp"]), "offer"))
        for transceiver in pc.getTransceivers():
            if id(transceiver) not in known:
                transceiver.direction = "recvonly"
                if transceiver.kind == "audio":
                    shorten_audio_jitter_buffer(transceiver.receiver)
                else:
                    use_marker_jitter_buffer(transceiver.receiver)
                self._count_bytes(transceiver)
        await pc.setLocalDescription(await pc.createAnswer())
        self._route_ssrcs(pc, jsep["sdp"])
        await handle.message({"request": "start"}, {"type": "answer", "sdp": pc.localDescription.sdp})
        self.negotiations += 1

    def _route_ssrcs(self, pc: RTCPeerConnection, sdp: str) -> None:
        table = ssrcs_by_mid(sdp)
        for transceiver in pc.getTransceivers():
            if transceiver.mid is None:  # not negotiated: no SSRCs of its own
                continue
            for ssrc in table.get(transceiver.mid, ()):
                route_ssrc(transceiver.receiver, ssrc)

    def _count_bytes(self, transceiver) -> None:
        def wrap(original):
            async def handle(packet, arrival_time_ms: int) -> None:
                mid = transceiver.mid
                self.bytes_by_mid[mid] = self.bytes_by_mid.get(mid, 0) + len(packet.payload) + 12
                await original(packet, arrival_time_ms=arrival_time_ms)

            return handle

        wrap_receiver_rtp(transceiver.receiver, wrap)

    # --- media out ---------------------------------------------------------------------

    def _on_track(self, track: MediaStreamTrack) -> None:
        transceiver = next((t for t in self._peer_connection().getTransceivers() if t.receiver.track is track), None)
        if transceiver is not None:
            self._tasks.append(asyncio.get_running_loop().create_task(self._consume(transceiver, track)))

    async def _consume(self, transceiver, track: MediaStreamTrack) -> None:
        decoded = decoded_frames(track)
        try:
            while True:
                frame = await track.recv()
                if track.kind == "video":  # latest frame wins: skip what piled up behind a busy loop
                    while decoded is not None and not decoded.empty():
                        newer = decoded.get_nowait()
                        if newer is None:
                            decoded.put_nowait(None)
                            break
                        frame = newer
                feed = self.mids.get(transceiver.mid)
                if feed is not None and feed in self.wanted:
                    self.deliver(feed, track.kind, frame)
        except (MediaStreamError, asyncio.CancelledError):
            pass

    def site_bytes(self, feed: int) -> int:
        return sum(n for mid, n in self.bytes_by_mid.items() if self.mids.get(mid) == feed)

    def receivers_of(self, feed: int) -> list:
        if self.pc is None:
            return []
        return [t.receiver for t in self.pc.getTransceivers() if t.mid is not None and self.mids.get(t.mid) == feed]

    async def _on_connection_state(self) -> None:
        if self.pc is not None and self.pc.connectionState == "failed":
            self._lose(f"the media connection to shard {self.name} failed")

    def _peer_connection(self) -> RTCPeerConnection:
        """The subscription's media connection: ``_open`` makes it, ``_reset`` ends it."""
        if self.pc is None:
            raise RuntimeError(f"shard {self.name}: the subscription has no media connection")
        return self.pc

    def _joined_handle(self) -> JanusHandle:
        """The subscriber handle that joined the room: ``_open`` makes it, ``_reset`` ends it."""
        if self.handle is None:
            raise RuntimeError(f"shard {self.name}: the subscription has not joined")
        return self.handle

    def _lose(self, reason: str) -> None:
        if self._closed or self.error:
            return
        self.error = reason
        log.warning("console subscription on %s: %s", self.name, reason)
        self.on_lost(reason)
