"""A simulated site in media mode "sfu": it publishes into its Janus shard and receives the program.

The hub's ``welcome`` (or a later ``media`` message, when its shard died) says where: the
shard's Janus API, the room, the pin, the token and the publisher id it issued. The site
joins the room as that publisher and publishes its camera and microphone (the same
pre-encoded tracks a peer-to-peer site sends; mute, ``set_video`` and keyframe requests act
on them the same way). The program arrives on a second connection: the shard's Streaming
mountpoint, or the program's remote publisher in the room (whichever route the hub uses).

Receiving is made cheap on purpose: a benchmark runs hundreds of these on two cores. Program
packets are counted as they arrive (video frames by the RTP marker bit) and never pass
aiortc's jitter buffer or decoder, except audio on the sites asked to ``listen`` (a sample),
which decode it to check what they hear.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiortc import RTCPeerConnection, RTCSessionDescription

from console.janus.client import JanusClient, JanusError, JanusHandle, JanusSession, shared_http
from console.rtc.aiortc_internals import wrap_receiver_rtp, wrap_transport_rtp_data
from console.rtc.closing import close_quietly
from console.rtc.ice_policy import IcePolicy, rtc_configuration
from console.rtc.sdp import payload_kinds
from console.sim.listener import ProgramListener

log = logging.getLogger(__name__)
PROGRAM_FEED = 1  # as console/hub/sfu_shard.py names it (the sim does not import the hub)
WINDOW_S = 5.0


@dataclass
class ProgramCounter:
    """Program packets and frames as they arrived, without decoding them."""

    packets: dict[str, int] = field(default_factory=lambda: {"audio": 0, "video": 0})
    video_frames: int = 0
    last: dict[str, float] = field(default_factory=lambda: {"audio": 0.0, "video": 0.0})
    frame_times: list[float] = field(default_factory=list)  # recent video frame ends (for fps)

    def packet(self, kind: str, marker: bool) -> None:
        now = time.monotonic()
        self.packets[kind] += 1
        self.last[kind] = now
        if kind == "video" and marker:
            self.video_frames += 1
            self.frame_times.append(now)
            if len(self.frame_times) > 200:
                del self.frame_times[:100]

    def report(self) -> dict[str, Any]:
        now = time.monotonic()
        recent = [t for t in self.frame_times if now - t <= WINDOW_S]
        return {
            "audio_packets": self.packets["audio"],
            "video_packets": self.packets["video"],
            "video_frames": self.video_frames,
            "audio_age_s": round(now - self.last["audio"], 2) if self.last["audio"] else None,
            "video_age_s": round(now - self.last["video"], 2) if self.last["video"] else None,
            "fps_5s": round(len(recent) / WINDOW_S, 2),
        }


def count_at_transport(pc, counter: ProgramCounter, decode_audio: bool = False) -> None:
    """Count every RTP packet ``pc`` receives before aiortc parses it (payload type and marker
    bit from the fixed header), and pass on only audio, only if ``decode_audio``. Cheaper than
    per-receiver counting: no header-extension parsing, routing or jitter buffer per packet.
    Call after the local description is set; the connection must receive nothing else."""
    kinds = payload_kinds(pc.localDescription.sdp)
    transports = {t.receiver.transport for t in pc.getTransceivers()}

    def wrap(original):
        async def handle(data: bytes, arrival_time_ms: int) -> None:
            if len(data) < 12:
                return
            kind = kinds.get(data[1] & 0x7F)
            if kind is None:
                return
            counter.packet(kind, bool(data[1] & 0x80))
            if decode_audio and kind == "audio":
                await original(data, arrival_time_ms=arrival_time_ms)

        return handle

    for transport in transports:
        wrap_transport_rtp_data(transport, wrap)


def count_instead_of_decoding(receiver, kind: str, counter: ProgramCounter, decode: bool = False) -> None:
    """Count ``receiver``'s packets; pass them on to aiortc's jitter buffer and decoder only
    if ``decode``."""

    def wrap(original):
        async def handle(packet, arrival_time_ms: int) -> None:
            counter.packet(kind, packet.marker)
            if decode:
                await original(packet, arrival_time_ms=arrival_time_ms)

        return handle

    wrap_receiver_rtp(receiver, wrap)


class SfuPublication:
    """One site's presence on one shard: its publisher and its program receiver.

    ``attach_tracks(pc)`` is the site's: it adds the camera and microphone transceivers and
    registers the session so controls reach them. ``on_failed(reason)`` is called (once) if
    the shard goes away under us.
    """

    def __init__(
        self,
        key: str,
        media: dict[str, Any],
        policy: IcePolicy,
        attach_tracks: Callable[[RTCPeerConnection], None],
        listen: bool = False,
        watch_video: bool = False,
        on_failed: Callable[[str], None] | None = None,
        ice_servers: Callable[[], Sequence[Mapping[str, Any]]] = tuple,
    ) -> None:
        """``ice_servers()``: the relay with the site's newest credentials (a commune that
        reaches the shard only through it: a firewall letting TCP 443 out, and nothing else)."""
        self.key = key
        self.media = media
        self.ice_servers = ice_servers
        self.policy = policy
        self.attach_tracks = attach_tracks
        self.listen = listen
        self.watch_video = watch_video
        self.on_failed = on_failed
        self.counter = ProgramCounter()
        self.listener = ProgramListener()
        self.client = JanusClient(media["url"], token=media.get("token"), http=shared_http())
        self.session: JanusSession | None = None
        self.publisher: JanusHandle | None = None
        self.pc: RTCPeerConnection | None = None
        self.program_pc: RTCPeerConnection | None = None
        self.program_handle: JanusHandle | None = None
        self.state = "new"
        self.error = ""
        self._tasks: list[asyncio.Task] = []
        self._closed = False

    @property
    def shard(self) -> str:
        return self.media.get("shard", "?")

    async def start(self) -> None:
        """Join and publish, then start receiving the program; raises JanusError."""
        self.state = "connecting"
        self.session = await self.client.create_session()
        self.session.on_lost = self._lost
        self.publisher = await self.session.attach("janus.plugin.videoroom")
        self.publisher.on_event = self._room_event
        joined, _ = await self.publisher.message(
            {
                "request": "join",
                "ptype": "publisher",
                "room": self.media["room"],
                "pin": self.media.get("pin", ""),
                "id": self.media["feed"],
                "display": self.media.get("display", self.key),
            }
        )
        self.pc = RTCPeerConnection(rtc_configuration(self.ice_servers()))
        self.pc.on("connectionstatechange", self._on_connection_state)
        self.attach_tracks(self.pc)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        _, jsep = await self.publisher.message(
            {"request": "publish"}, {"type": "offer", "sdp": self.pc.localDescription.sdp}
        )
        if not jsep:
            raise JanusError(0, "Janus answered the publish without an SDP answer", self.client.url)
        await self.pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(jsep["sdp"]), "answer"))
        await self.publisher.trickle_completed()
        self.state = "published"
        program = self.media.get("program") or {}
        if program.get("route") == "streaming":
            self._spawn(self._watch_mountpoint(int(program["mountpoint"])))
        elif any(p.get("id") == PROGRAM_FEED for p in joined.get("publishers", [])):
            self._spawn(self._watch_remote_program())

    def _room_event(self, event: dict[str, Any]) -> None:
        data = ((event.get("plugindata") or {}).get("data")) or {}
        program = self.media.get("program") or {}
        if program.get("route") != "videoroom":
            return
        if any(p.get("id") == PROGRAM_FEED for p in data.get("publishers", []) or []):
            self._spawn(self._watch_remote_program())
        elif data.get("unpublished") == PROGRAM_FEED:
            self._spawn(self._stop_program())

    def _started_session(self) -> JanusSession:
        """The Janus session ``start`` created (the program is watched only after it)."""
        if self.session is None:
            raise RuntimeError(f"{self.key}: no Janus session: start() joins the SFU first")
        return self.session

    async def _watch_mountpoint(self, mountpoint: int) -> None:
        handle = await self._started_session().attach("janus.plugin.streaming")
        _, jsep = await handle.message({"request": "watch", "id": mountpoint, "pin": self.media.get("pin", "")})
        await self._receive_program(handle, jsep)

    async def _watch_remote_program(self) -> None:
        if self.program_handle is not None:
            return
        handle = await self._started_session().attach("janus.plugin.videoroom")
        self.program_handle = handle
        _, jsep = await handle.message(
            {
                "request": "join",
                "ptype": "subscriber",
                "room": self.media["room"],
                "pin": self.media.get("pin", ""),
                "streams": [{"feed": PROGRAM_FEED}],
            }
        )
        await self._receive_program(handle, jsep)

    async def _receive_program(self, handle: JanusHandle, jsep: dict[str, Any] | None) -> None:
        if not jsep:
            raise JanusError(0, "no program offer from Janus", self.client.url)
        self.program_handle = handle
        pc = RTCPeerConnection(rtc_configuration(self.ice_servers()))
        self.program_pc = pc
        pc.on("track", self._on_program_track)  # (track events fire inside setRemoteDescription)
        await pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(jsep["sdp"]), "offer"))
        for transceiver in pc.getTransceivers():
            transceiver.direction = "recvonly"
            if self.watch_video:  # decoding the picture too: count per receiver instead
                decode = self.listen if transceiver.kind == "audio" else True
                count_instead_of_decoding(transceiver.receiver, transceiver.kind, self.counter, decode)
        await pc.setLocalDescription(await pc.createAnswer())
        if not self.watch_video:
            count_at_transport(pc, self.counter, decode_audio=self.listen)
        await handle.message({"request": "start"}, {"type": "answer", "sdp": pc.localDescription.sdp})

    def _on_program_track(self, track) -> None:
        if track.kind == "audio" and self.listen:
            self._spawn(self.listener.consume(track))

    async def _stop_program(self) -> None:
        pc, handle = self.program_pc, self.program_handle
        self.program_pc = self.program_handle = None
        if handle is not None:
            await handle.detach()
        await close_quietly(pc)

    def _on_connection_state(self) -> None:
        if self.pc is not None and self.pc.connectionState == "failed":
            self._lost("the media connection to the shard failed")

    def _lost(self, reason: str) -> None:
        if self._closed or self.state == "failed":
            return
        self.state, self.error = "failed", reason
        log.info("%s: shard %s: %s", self.key, self.shard, reason)
        if self.on_failed is not None:
            self.on_failed(reason)

    def _spawn(self, coro) -> None:
        async def quietly() -> None:
            try:
                await coro
            except JanusError as error:
                log.info("%s: program on shard %s: %s", self.key, self.shard, error)

        task = asyncio.get_running_loop().create_task(quietly())
        # A task cancelled before its first step never starts ``coro``: closed, not left unawaited.
        task.add_done_callback(lambda _: coro.close())
        self._tasks.append(task)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for task in self._tasks:
            task.cancel()
        await self._stop_program()
        await close_quietly(self.pc)
        if self.session is not None:
            await self.session.destroy()

    def report(self) -> dict[str, Any]:
        out = {"shard": self.shard, "state": self.state, **self.counter.report()}
        if self.listen:
            out["heard"] = self.listener.report()
        return out


class SfuLink:
    """Keeps one site published on the shard the hub names: the ``welcome``'s ``media``
    block first, then each ``media`` message (its shard died: publish elsewhere). A
    publication that fails is tried again every ``retry_s`` until the hub names another shard.
    """

    def __init__(
        self,
        key: str,
        policy: IcePolicy,
        attach_tracks: Callable[[RTCPeerConnection], None],
        detach_tracks: Callable[[], None],
        listen: bool = False,
        watch_video: bool = False,
        retry_s: float = 2.0,
        ice_servers: Callable[[], Sequence[Mapping[str, Any]]] = tuple,
    ) -> None:
        self.key = key
        self.policy = policy
        self.ice_servers = ice_servers
        self.attach_tracks = attach_tracks
        self.detach_tracks = detach_tracks
        self.listen = listen
        self.watch_video = watch_video
        self.retry_s = retry_s
        self.publication: SfuPublication | None = None
        self.moves = 0
        self.errors: list[str] = []
        self._task: asyncio.Task | None = None

    def follow(self, media: dict[str, Any] | None) -> None:
        """Publish where ``media`` says from now on (None or an error: nowhere, for now)."""
        log.info("%s: publish on %s", self.key, (media or {}).get("shard") or (media or {}).get("error"))
        if self._task is not None:
            self._task.cancel()
            self.moves += 1
        self._task = asyncio.get_running_loop().create_task(self._run(media))

    async def _run(self, media: dict[str, Any] | None) -> None:
        await self._end_publication()
        if not media or media.get("error") or not media.get("url"):
            if media and media.get("error"):
                self._note(f"the hub says: {media['error']}")
            return
        while asyncio.current_task() is self._task:  # a superseded loop (a later move) stops here
            failed = asyncio.Event()
            publication = SfuPublication(
                self.key,
                media,
                self.policy,
                self.attach_tracks,
                self.listen,
                self.watch_video,
                # Each pass ends its publication before the next makes a new event.
                on_failed=lambda reason: failed.set(),  # noqa: B023
                ice_servers=self.ice_servers,
            )
            self.publication = publication
            try:
                await publication.start()
                await failed.wait()
            except JanusError as error:
                self._note(f"shard {media.get('shard')}: {error}")
            except asyncio.CancelledError:
                raise
            except Exception as error:  # aiortc refusing Janus's SDP, say
                self._note(f"shard {media.get('shard')}: {error!r}")
            await self._end_publication()
            await asyncio.sleep(self.retry_s)

    def _note(self, error: str) -> None:
        log.warning("%s: %s", self.key, error)
        self.errors = (self.errors + [error])[-5:]

    async def _end_publication(self) -> None:
        publication, self.publication = self.publication, None
        if publication is not None:
            self.detach_tracks()
            await publication.close()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._end_publication()

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = self.publication.report() if self.publication else {"state": "none"}
        out["moves"] = self.moves
        if self.errors:
            out["errors"] = list(self.errors)
        return out
