"""One subscribed site: a peer connection receiving its video and audio.

The console makes the offer, the site answers with its camera and microphone. Decoded video
goes into a LatestFrameSink, audio into a level meter and the room mix. With a program feed
the offer is sendrecv and the same connection carries the program to the site (the site's
answer decides whether it takes the video). aiortc decodes on its own threads.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, cast

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaStreamError
from aiortc.sdp import candidate_from_sdp
from av import VideoFrame

from console.media.levels import LevelMeter
from console.media.room import RoomMix, mono_samples
from console.media.sender_clock import SenderClock, watch_sender_reports
from console.media.sink import LatestFrameSink
from console.media.stats import StatsTracker
from console.media.tones import rms_db
from console.model.reasons import clean_args
from console.rtc.aiortc_internals import decoded_frames
from console.rtc.closing import close_quietly
from console.rtc.ice_policy import IcePolicy, current_policy, rtc_configuration
from console.rtc.ice_servers import relay_transport
from console.rtc.latency import shorten_audio_jitter_buffer, use_marker_jitter_buffer

log = logging.getLogger(__name__)
Signal = Callable[[dict[str, Any]], Awaitable[Any]]


ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"


def without_abs_send_time(sdp: str) -> str:
    """The offer without the abs-send-time header extension.

    It only feeds receiver-side bandwidth estimation (REMB), which aiortc runs in Python on
    every video packet and which cost a quarter of the receiving thread at 64 tiles. The
    console decides each site's bitrate itself (``set_video``), and browsers fall back to
    loss-based estimation.
    """
    return "".join(line for line in sdp.splitlines(keepends=True) if ABS_SEND_TIME not in line)


# A session whose ICE has found no working pair this long after it began has no media path,
# and its tile must say so within 10 s. ICE over any working path (relayed included) takes
# well under a second once the answer is in; a site behind a firewall that drops UDP answers
# only after its STUN query times out (5.2 s measured), one whose relay is down after ~10 s.
NO_MEDIA_PATH_S = 9.0
# And at least this long after the site's answer is applied: ICE needs its round trips once it
# can start, and on a starved console (36 offers made at once beside a busy machine) the answer
# itself came late enough that every tile of a demo was said to have no path while nothing was
# wrong with the network.
ICE_AFTER_ANSWER_S = 6.0


def _media_path_deadline(session: weakref.ref[SiteSession]) -> None:
    alive = session()
    if alive is not None:
        alive.check_media_path()


class SiteSession:
    """Receives one site. ``state``: new -> connecting -> live -> closed | failed."""

    def __init__(
        self,
        site: str,
        signal: Signal,
        policy: IcePolicy | None = None,
        on_state: Callable[[SiteSession], None] | None = None,
        room: RoomMix | None = None,
        program=None,
        ice_servers: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """``ice_servers``: the relay with this console's credentials (the hub client's, turn.py)."""
        self.site = site
        self.session = uuid.uuid4().hex
        self.policy = policy or current_policy()
        self._signal = signal
        self._on_state = on_state
        self.video: LatestFrameSink[VideoFrame] = LatestFrameSink()
        self.audio = LevelMeter()
        self.stats = StatsTracker(self.video, self.audio)
        self.state = "new"
        self.error = ""
        self.error_code = ""  # the error named (fail())
        self.error_args: dict[str, Any] = {}
        self.retry_on_failure = True  # the manager's timed retries; not for an offline site
        self.waiting_for_site = False  # the hub said the site is offline: presence brings it back
        self.started_at = time.monotonic()
        self.first_frame_at: float | None = None
        self.frame_size: tuple[int, int] | None = None
        self.video_clock = SenderClock()  # frames' capture times, from the site's sender reports
        self._decoded: Any = None  # aiortc's queue of the picture's decoded frames, once it comes
        self.room = room
        self.program = program  # a ProgramFeed, or None to receive only
        self.program_tracks: tuple = ()
        # Called with (site, samples, level_db) for every decoded 20 ms: benchmarks time
        # mutes and round trips by it.
        self.on_audio: Callable[[str, object, float], None] | None = None
        self.audio_refused = 0  # frames that arrived while the room held the site muted
        self.on_audio_refused: Callable[[str], None] | None = None
        self._deadline: asyncio.TimerHandle | None = None  # no media path: told when it passes
        self.pc = RTCPeerConnection(rtc_configuration(ice_servers))
        self.stats.relay_transport = relay_transport(ice_servers)
        self._tasks: list[asyncio.Task] = []
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)

    def rebind(self, signal: Signal) -> None:
        """A kept session's signaling goes through the hub connection now in use."""
        self._signal = signal

    async def start(self) -> None:
        """Make the offer and send it; the answer arrives through ``on_answer``."""
        self._set_state("connecting")
        # A timer holding the session weakly: a closed session's connection is freed as soon as
        # it is let go (the reclaimer counts on it), not when its deadline would have come.
        self._deadline = asyncio.get_running_loop().call_later(
            max(0.0, self.started_at + NO_MEDIA_PATH_S - time.monotonic()), _media_path_deadline, weakref.ref(self)
        )
        if self.program is None:
            self.pc.addTransceiver("video", direction="recvonly")
            self.pc.addTransceiver("audio", direction="recvonly")
        else:
            self.program_tracks = self.program.tracks(self.site)
            video = self.pc.addTransceiver(self.program_tracks[0], direction="sendrecv")
            self.pc.addTransceiver(self.program_tracks[1], direction="sendrecv")
            self.program.watch_keyframe_requests(video.sender)
        for transceiver in self.pc.getTransceivers():
            if transceiver.kind == "audio":
                shorten_audio_jitter_buffer(transceiver.receiver)
            else:
                use_marker_jitter_buffer(transceiver.receiver)
        offer = await self.pc.createOffer()
        await self.pc.setLocalDescription(RTCSessionDescription(without_abs_send_time(offer.sdp), "offer"))
        await self._signal(
            {"type": "offer", "site": self.site, "session": self.session, "sdp": self.pc.localDescription.sdp}
        )

    async def on_answer(self, sdp: str) -> None:
        try:
            await self.pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(sdp), "answer"))
        except Exception as exc:  # aiortc raises ValueError and friends for SDP it cannot use
            await self.fail(f"the site's answer could not be applied: {exc}", "answer_not_applied", detail=str(exc))
            return
        self._give_ice_its_time()

    def _give_ice_its_time(self) -> None:
        """Move the no-media-path deadline to ICE_AFTER_ANSWER_S from now, if that is later."""
        if self._deadline is None or self._deadline.cancelled():
            return
        loop = asyncio.get_running_loop()
        due = loop.time() + ICE_AFTER_ANSWER_S
        if due > self._deadline.when():
            self._deadline.cancel()
            self._deadline = loop.call_at(due, _media_path_deadline, weakref.ref(self))

    def check_media_path(self) -> None:
        """NO_MEDIA_PATH_S after the session began and no working candidate pair (no answer,
        or ICE checks that all fail): say so (aioice's own checks can go on failing for half a
        minute and more, the tile meanwhile "connecting")."""
        if self.state == "connecting" and self.pc.iceConnectionState not in ("connected", "completed"):
            self._tasks.append(
                asyncio.ensure_future(
                    self.fail("no media path: no candidate pair worked (NAT, firewall or relay)", "no_media_path")
                )
            )

    async def on_ice(self, candidate: dict[str, Any] | None) -> None:
        """A trickled candidate (browsers send these); refused outside the ICE policy."""
        if not candidate or not candidate.get("candidate"):
            return
        line = candidate["candidate"].removeprefix("a=")
        if not self.policy.allows_candidate_line(line) and self.policy.restricted:
            log.debug("%s: refusing candidate outside the ICE policy: %s", self.site, line)
            return
        try:
            parsed = candidate_from_sdp(line.removeprefix("candidate:"))
            parsed.sdpMid = candidate.get("sdpMid")
            parsed.sdpMLineIndex = candidate.get("sdpMLineIndex")
            await self.pc.addIceCandidate(parsed)
        except Exception as exc:
            log.info("%s: ignoring a bad ICE candidate %r: %s", self.site, line, exc)

    async def fail(self, reason: str, code: str = "", **args: Any) -> None:
        """End the session as failed: ``reason`` in English, ``code`` and ``args`` naming it for
        the console's language (console/model/reasons.py)."""
        self.error = reason
        self.error_code, self.error_args = code, clean_args(args)
        log.info("%s: %s", self.site, reason)
        await self.close("failed")

    async def close(self, state: str = "closed") -> None:
        if self.state in ("closed", "failed"):
            return
        self._set_state(state)
        if self._deadline is not None:
            self._deadline.cancel()
        for task in self._tasks:
            if task is not asyncio.current_task():  # (a failure the deadline started closes us)
                task.cancel()
        for track in self.program_tracks:
            track.stop()
        # Shielded: a close cut short by the caller's cancellation leaves aiortc's receivers (and
        # their decoder threads) running for ever; the soak saw one session in three kept so.
        await close_quietly(self.pc)

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "video":
            for receiver in self.pc.getReceivers():
                if receiver.track is track:
                    watch_sender_reports(receiver, self.video_clock)
        consume = self._consume_video if track.kind == "video" else self._consume_audio
        self._tasks.append(asyncio.get_running_loop().create_task(consume(track)))

    @property
    def backlog(self) -> int:
        """Decoded frames not yet taken: they pile up when the worker is short of CPU."""
        return self._decoded.qsize() if self._decoded is not None else 0

    async def _consume_video(self, track: MediaStreamTrack) -> None:
        decoded = decoded_frames(track)  # aiortc's queue of decoded frames (unbounded)
        self._decoded = decoded
        try:
            while True:
                # aiortc types recv() for any track; a received video track's are decoded VideoFrames
                frames = [cast(VideoFrame, await track.recv())]
                # A busy loop lets decoded frames pile up; a tile wants the newest, not a
                # growing delay (latest frame wins): all go to the sink, which keeps the
                # newest and the one before it (a bunched pair is shown, not halved).
                while decoded is not None and not decoded.empty():
                    newer = decoded.get_nowait()
                    if newer is None:  # the track ended behind it
                        decoded.put_nowait(None)
                        break
                    frames.append(newer)
                for frame in frames[-2:]:
                    # Unix time the site captured (sent) it; None until its first sender report.
                    frame.opaque = None if frame.pts is None else self.video_clock.capture_time(frame.pts)
                    self.video.put(frame)
                self.video.dropped += len(frames[:-2])
                self.frame_size = (frames[-1].width, frames[-1].height)
                if self.first_frame_at is None:
                    self.first_frame_at = time.monotonic()
                    self._set_state("live")
        except (MediaStreamError, asyncio.CancelledError):
            pass

    async def _consume_audio(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                hear(self, await track.recv())
        except (MediaStreamError, asyncio.CancelledError):
            pass

    async def _on_connection_state(self) -> None:
        if self.pc.connectionState == "failed" and self.state == "connecting" and self.first_frame_at is None:
            await self.fail("no media path: ICE found no working candidate pair", "no_media_path")
        elif self.pc.connectionState == "failed":
            await self.fail("the media connection failed (ICE or DTLS)", "media_connection_failed")
        elif self.pc.connectionState == "closed" and self.state not in ("closed", "failed"):
            # The site closed its end (DTLS close) with no hangup through the hub: it stopped
            # while the hub was away, or let go of a session the hub no longer knew.
            await self.fail("the site closed the media connection", "site_closed_media")

    def _set_state(self, state: str) -> None:
        if self.state != state:
            self.state = state
            if self._on_state:
                self._on_state(self)


def hear(session: Any, frame: Any) -> None:
    """A received audio frame of ``session`` (peer to peer or through the SFU): its level, the
    room's mix (which may refuse a site it holds muted), a talk's return to the program feed,
    and the meters."""
    samples = mono_samples(frame)
    level = rms_db(samples)
    session.audio.add(level)
    if session.room is not None and not session.room.push(session.site, samples):
        session.audio_refused += 1
        if session.on_audio_refused is not None:
            session.on_audio_refused(session.site)
    if session.program is not None:
        session.program.push_talk(session.site, samples)
    if session.on_audio is not None:
        session.on_audio(session.site, samples, level)
