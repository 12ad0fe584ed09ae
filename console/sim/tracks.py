"""Tracks that send pre-encoded packets as they are, paced in real time.

aiortc's ``RTCRtpSender`` packetises an ``av.Packet`` from ``recv()`` without
re-encoding (``Encoder.pack``), taking the RTP timestamp from ``packet.pts`` and
``packet.time_base``; so a simulated site costs a dictionary lookup per frame instead
of a VP8 encode.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from fractions import Fraction

import av
from aiortc import MediaStreamTrack, RTCRtpSender
from aiortc.mediastreams import MediaStreamError
from aiortc.rtp import RTCP_PSFB_FIR, RTCP_PSFB_PLI, RtcpPsfbPacket

from console.rtc.aiortc_internals import wrap_rtcp
from console.sim.clips import AUDIO_PACKET_SAMPLES, AUDIO_RATE, VIDEO_FPS, EncodedClip, nearest_rung

VIDEO_CLOCK = 90_000
VIDEO_TIME_BASE = Fraction(1, VIDEO_CLOCK)
AUDIO_TIME_BASE = Fraction(1, AUDIO_RATE)


class _LoopPacer:
    """Hands out numbered time slots of a fixed period on the event loop's clock."""

    def __init__(self, period: float):
        self.period = period
        self._start: float | None = None
        self._slot = 0

    async def next_slot(self) -> int:
        """Sleep until the next slot is due and return its number (0 for the first call)."""
        now = asyncio.get_running_loop().time()
        if self._start is None:
            self._start = now
            return 0
        self._slot += 1
        due = self._start + self._slot * self.period
        if due > now:
            await asyncio.sleep(due - now)
        elif now - due > self.period:
            # More than a slot behind (a stalled loop): carry on from the present slot
            # rather than bursting the backlog, as a live camera would.
            self._slot = int((now - self._start) / self.period)
        return self._slot


class EncodedVideoTrack(MediaStreamTrack):
    """A looping VP8 clip sent as is, at the clip's frame rate, on a resolution ladder.

    ``clip_for_rung`` gives the clip for a ladder rung (it may be slow the first time:
    it runs on the default executor). Timestamps run on across loops and switches.
    """

    kind = "video"

    def __init__(self, clip_for_rung: Callable[[tuple[int, int]], EncodedClip], rung: tuple[int, int]):
        super().__init__()
        self._clip_for_rung = clip_for_rung
        self._rung = nearest_rung(*rung)
        self._clip: EncodedClip | None = None
        self._clip_rung: tuple[int, int] | None = None
        self._index = 0
        self._pacer: _LoopPacer | None = None
        self._frames_sent = 0
        self._keyframe_requests = 0
        self._fps: int | None = None  # asked below the clip's own rate: key frames alone, at this rate
        self._key_index = 0
        self._pts_base = 0  # where this rate's timestamps start: they go on across a change of rate
        self._next_pts = 0

    @property
    def rung(self) -> tuple[int, int]:
        """The rung being sent (or about to be, after a switch)."""
        return self._rung

    @property
    def frames_sent(self) -> int:
        """Packets handed to the sender so far."""
        return self._frames_sent

    @property
    def keyframe_requests(self) -> int:
        """How many times the receiver (or anyone) asked for a keyframe."""
        return self._keyframe_requests

    def switch(self, width: int, height: int) -> tuple[int, int]:
        """Send the rung nearest ``width`` x ``height`` from its keyframe on; returns the rung.

        Asking for the rung already sent changes nothing.
        """
        self._rung = nearest_rung(width, height)
        return self._rung

    def set_fps(self, fps: int | None) -> None:
        """Send ``fps`` frames a second. Below the clip's rate the track sends its key frames
        alone, each decodable by itself (dropping frames from the chain would break it until
        the next key frame), as a camera whose receiver takes key frames only would."""
        wanted = fps if fps and fps < VIDEO_FPS else None
        if wanted != self._fps:  # (the same rate asked again changes nothing: no new slots)
            self._fps = wanted
            self._pacer = None

    def request_keyframe(self) -> None:
        """Make the next packet a keyframe: restart the clip, whose first frame is one."""
        self._keyframe_requests += 1
        self._index = 0

    async def recv(self) -> av.Packet:
        if self.readyState != "live":
            raise MediaStreamError
        clip = await self._current_clip()
        fps = self._fps or clip.fps
        if self._pacer is None:
            self._pacer = _LoopPacer(1 / fps)
            self._pts_base = self._next_pts  # a receiver's clock must not go back
        pacer, base = self._pacer, self._pts_base
        slot = await pacer.next_slot()
        # A switch or keyframe request may have landed while we slept.
        clip = await self._current_clip()
        if self._fps is not None:
            self._key_index += 1
            index = clip.keyframes[self._key_index % len(clip.keyframes)]
        else:
            index = self._index % len(clip.packets)
            self._index = index + 1
        # Skipped slots advance the timestamp only: dropping packets instead would
        # break the chain of reference frames until the next keyframe.
        packet = av.Packet(clip.packets[index])
        packet.pts = base + slot * round(VIDEO_CLOCK / fps)
        self._next_pts = packet.pts + round(VIDEO_CLOCK / fps)
        packet.time_base = VIDEO_TIME_BASE
        packet.is_keyframe = index in clip.keyframes
        self._frames_sent += 1
        return packet

    async def _current_clip(self) -> EncodedClip:
        while self._clip is None or self._clip_rung != self._rung:
            rung = self._rung
            loop = asyncio.get_running_loop()
            self._clip = await loop.run_in_executor(None, self._clip_for_rung, rung)
            self._clip_rung, self._index = rung, 0
        return self._clip


class EncodedAudioTrack(MediaStreamTrack):
    """Opus packets (20 ms each) sent as they are, in a loop, paced in real time."""

    kind = "audio"

    def __init__(self, packets: tuple[bytes, ...]):
        super().__init__()
        if not packets:
            raise ValueError("an audio track needs at least one packet")
        self._packets = packets
        self._index = 0
        self._pacer = _LoopPacer(AUDIO_PACKET_SAMPLES / AUDIO_RATE)
        self._frames_sent = 0

    @property
    def frames_sent(self) -> int:
        """Packets handed to the sender so far."""
        return self._frames_sent

    async def recv(self) -> av.Packet:
        if self.readyState != "live":
            raise MediaStreamError
        slot = await self._pacer.next_slot()
        packet = av.Packet(self._packets[self._index])
        self._index = (self._index + 1) % len(self._packets)
        packet.pts = slot * AUDIO_PACKET_SAMPLES
        packet.time_base = AUDIO_TIME_BASE
        self._frames_sent += 1
        return packet


def watch_keyframe_requests(sender: RTCRtpSender, track: EncodedVideoTrack) -> None:
    """Pass the receiver's RTCP PLI and FIR on to ``track`` as keyframe requests.

    aiortc answers PLI/FIR only by setting a private flag read by its encode path;
    pre-encoded packets skip that path, so without this a receiver that lost a frame
    would wait for the clip to loop. Call once per sender.
    """

    def wrap(original):
        async def handle_rtcp_packet(packet) -> None:
            if isinstance(packet, RtcpPsfbPacket) and packet.fmt in (RTCP_PSFB_PLI, RTCP_PSFB_FIR):
                track.request_keyframe()
            await original(packet)

        return handle_rtcp_packet

    wrap_rtcp(sender, wrap)
