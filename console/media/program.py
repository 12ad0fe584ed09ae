"""The program feed: one stream from the operations room to every connected site.

Encoded once, sent many times: a clock encodes 40 ms of Opus and (while anybody watches)
a VP8 frame at 15 fps, and every site session's tracks hand the same packets to their
RTCRtpSender, which only packetises ``av.Packet``s (the simulated sites' trick, in reverse).
Encoding VP8 per site would cost a core per handful of sites.

Mix-minus: while a site is in a talk, everyone else hears presenter + that site, and the
site itself hears the presenter alone (a second Opus encoder, the only extra cost).
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import av
import numpy as np
from aiortc import MediaStreamTrack, RTCRtpSender
from aiortc.mediastreams import MediaStreamError
from aiortc.rtp import RTCP_PSFB_FIR, RTCP_PSFB_PLI, RtcpPsfbPacket

from console.media.program_sources import (
    PROGRAM_FPS,
    RATE,
    CaptureError,
    TestCard,
    ToneSource,
    fallback_text,
    open_sources,
)
from console.media.room import RoomMix
from console.rtc.aiortc_internals import wrap_rtcp

log = logging.getLogger(__name__)
# 40 ms Opus packets: every site receives every packet, and aiortc's per-packet cost (SRTP,
# a decoder-thread hand-off) at 50 packets/s to 36 sites cost the simulated sites 60 % of a
# core and the console 14 %; 25 packets/s halves both for +20 ms of latency to the sites.
FRAME_MS = 40
FRAME = RATE * FRAME_MS // 1000
AUDIO_TIME_BASE = Fraction(1, RATE)
VIDEO_TIME_BASE = Fraction(1, 90_000)
QUEUE = 8  # packets a slow sender may fall behind before it loses the oldest
TALK_PREFILL_MS = FRAME_MS + 20  # a whole program frame plus one site frame of slack
KEYFRAME_EVERY_S = 2.0  # a site that lost a packet recovers within this even without PLI
KEYFRAME_MIN_GAP_S = 0.5  # PLIs from many sites at once cost one keyframe


def _opus_encoder() -> av.AudioCodecContext:
    codec = av.CodecContext.create("libopus", "w")
    codec.sample_rate, codec.layout, codec.format = RATE, "mono", "flt"
    codec.bit_rate = 48_000
    codec.options = {"application": "lowdelay", "frame_duration": str(FRAME_MS)}
    return codec


def _vp8_encoder(width: int, height: int, fps: int) -> av.VideoCodecContext:
    codec = av.CodecContext.create("libvpx", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base, codec.framerate = Fraction(1, fps), Fraction(fps)
    codec.bit_rate = 500_000
    codec.gop_size = int(KEYFRAME_EVERY_S * fps)
    codec.thread_count = 1
    codec.options = {
        "deadline": "realtime",
        "cpu-used": "8",
        "lag-in-frames": "0",
        "auto-alt-ref": "0",
        "error-resilient": "1",
    }
    return codec


class _Subscriber:
    """One site's share of the feed: a bounded queue of encoded packets."""

    def __init__(self, site: str, video: bool) -> None:
        self.site = site
        self.video = video
        self.queue: asyncio.Queue[tuple[bytes, int, bool]] = asyncio.Queue(QUEUE)
        self.need_keyframe = video  # a picture can only start at a keyframe
        self.paused = False  # no picture for this site (its link carries only sound)
        self.sent = 0
        self.dropped = 0

    def pause(self, paused: bool) -> None:
        if paused and not self.paused:
            while not self.queue.empty():  # what waits would still crowd the link
                self.queue.get_nowait()
        elif self.paused and not paused:
            self.need_keyframe = True  # the picture starts again at a keyframe
        self.paused = paused

    def offer(self, data: bytes, pts: int, key: bool) -> bool:
        """Queue a packet; False when this subscriber now needs a keyframe."""
        if self.paused:
            return True
        if self.need_keyframe:
            if not key:
                return False
            self.need_keyframe = False
        if self.queue.full():
            self.dropped += 1
            if self.video:  # a lost VP8 frame breaks the reference chain: start again at a key
                while not self.queue.empty():
                    self.queue.get_nowait()
                self.need_keyframe = True
                return False
            self.queue.get_nowait()
        self.queue.put_nowait((data, pts, key))
        return True


class ProgramTrack(MediaStreamTrack):
    """A site's program track: hands the feed's packets to the sender as they are."""

    def __init__(self, feed: ProgramFeed, kind: str, site: str) -> None:
        super().__init__()
        self.kind = kind
        self._feed = feed
        self._subscriber = _Subscriber(site, video=kind == "video")
        self._joined = False

    async def recv(self) -> av.Packet:
        if self.readyState != "live":
            raise MediaStreamError
        if not self._joined:  # the sender started: this site really takes the program
            self._joined = True
            self._feed._join(self.kind, self._subscriber)  # noqa: SLF001 (a subscription joins its own feed)
        data, pts, key = await self._subscriber.queue.get()
        packet = av.Packet(data)
        packet.pts = pts
        packet.time_base = AUDIO_TIME_BASE if self.kind == "audio" else VIDEO_TIME_BASE
        packet.is_keyframe = key
        self._subscriber.sent += 1
        return packet

    def stop(self) -> None:
        self._feed._leave(self.kind, self._subscriber)  # noqa: SLF001 (a subscription leaves its own feed)
        super().stop()


class ProgramFeed:
    """Encodes the program once and fans it out; runs on the media event loop.

    ``camera`` / ``microphone``: V4L2 / ALSA device names (e.g. ``/dev/video0``, ``hw:1``);
    None for the test card and tone. ``problems`` says what could not be opened.
    """

    def __init__(self, camera: str | None = None, microphone: str | None = None, picture=None, audio=None) -> None:
        self.failures: list[CaptureError] = []  # devices that did not open or stopped
        if picture is None or audio is None:
            opened_picture, opened_audio, self.failures = open_sources(
                camera if picture is None else None, microphone if audio is None else None
            )
            picture, audio = picture or opened_picture, audio or opened_audio
        self.picture_source = picture
        self.audio_source = audio
        self.talker: str | None = None
        # The talking site's voice arrives in 20 ms frames on its own clock; a one-site
        # room mix gives it the same bounded prefill buffer as the room's loudspeakers.
        self._talk = RoomMix(channels=1, prefill_ms=TALK_PREFILL_MS)
        self._subscribers: dict[str, list[_Subscriber]] = {"audio": [], "video": []}
        self._no_picture: set[str] = set()  # sites sent the program's sound alone
        self._tasks: dict[str, asyncio.Task] = {}
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="program-vp8")
        self._audio_main = _opus_encoder()
        self._audio_minus: av.AudioCodecContext | None = None
        self._keyframe_at = float("-inf")
        self._want_keyframe = True
        self.audio_frames = 0
        self.video_frames = 0
        self.encode_s = 0.0  # CPU spent encoding, for the benchmarks

    # --- what sessions and moderation use -------------------------------------------

    def tracks(self, site: str) -> tuple[ProgramTrack, ProgramTrack]:
        """(video, audio) tracks for one site's session."""
        return ProgramTrack(self, "video", site), ProgramTrack(self, "audio", site)

    def send_picture(self, site: str, send: bool) -> None:
        """Whether ``site`` gets the program's picture. Not while its link carries only sound
        (the console's link adapter says so): the picture would crowd out the program's sound
        on the way down, as the site's own picture did on the way up. Back at a keyframe."""
        if send == (site not in self._no_picture):
            return
        (self._no_picture.discard if send else self._no_picture.add)(site)
        for subscriber in self._subscribers["video"]:
            if subscriber.site == site:
                subscriber.pause(not send)
        if send:
            self._want_keyframe = True

    def sends_picture(self, site: str) -> bool:
        return site not in self._no_picture

    def set_talker(self, site: str | None) -> None:
        """Mix-minus on for ``site`` (None: off)."""
        self.talker = site
        self._talk = RoomMix(channels=1, prefill_ms=TALK_PREFILL_MS)
        self._audio_minus = _opus_encoder() if site else None

    def push_talk(self, site: str, samples: np.ndarray) -> None:
        """The talking site's decoded voice, to be mixed into everyone else's program."""
        if site == self.talker:
            self._talk.push(site, samples)

    def watch_keyframe_requests(self, sender: RTCRtpSender) -> None:
        """A site's PLI/FIR asks the shared encoder for a keyframe (rate-limited)."""

        def wrap(original):
            async def handle(packet) -> None:
                if isinstance(packet, RtcpPsfbPacket) and packet.fmt in (RTCP_PSFB_PLI, RTCP_PSFB_FIR):
                    self._want_keyframe = True
                await original(packet)

            return handle

        wrap_rtcp(sender, wrap)

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        self._executor.shutdown(wait=False)
        for source in (self.picture_source, self.audio_source):
            if hasattr(source, "close"):
                source.close()

    def subscribers(self, kind: str) -> int:
        return len(self._subscribers[kind])

    # --- plumbing ---------------------------------------------------------------------

    def _join(self, kind: str, subscriber: _Subscriber) -> None:
        self._subscribers[kind].append(subscriber)
        if kind == "video" and subscriber.site in self._no_picture:
            subscriber.pause(True)
        if kind == "video":
            self._want_keyframe = True
        if kind not in self._tasks or self._tasks[kind].done():
            run = self._run_audio if kind == "audio" else self._run_video
            self._tasks[kind] = asyncio.get_running_loop().create_task(run())

    def _leave(self, kind: str, subscriber: _Subscriber) -> None:
        if subscriber in self._subscribers[kind]:
            self._subscribers[kind].remove(subscriber)

    async def _run_audio(self) -> None:
        """Every 40 ms: the presenter (plus a talking site) encoded once for everybody."""
        loop = asyncio.get_running_loop()
        start, tick = loop.time(), 0
        while self._subscribers["audio"]:
            pts = tick * FRAME
            began = time.process_time()
            presenter = self._presenter_audio()
            talker = self.talker
            if talker is not None:
                voice = self._talk.read_float(FRAME)
                main = _encode_audio(self._audio_main, presenter + voice, pts)
                minus = _encode_audio(self._audio_minus, presenter, pts) if self._audio_minus else main
            else:
                main = minus = _encode_audio(self._audio_main, presenter, pts)
            self.encode_s += time.process_time() - began
            for subscriber in self._subscribers["audio"]:
                for data in minus if subscriber.site == talker else main:
                    subscriber.offer(data, pts, True)
            self.audio_frames += 1
            tick += 1
            due = start + tick * FRAME / RATE
            now = loop.time()
            if now - due > 0.1:  # a stalled loop: carry on from now instead of bursting
                tick = int((now - start) * RATE / FRAME)
            await asyncio.sleep(max(0.0, start + tick * FRAME / RATE - loop.time()))

    def _presenter_audio(self) -> np.ndarray:
        try:
            return self.audio_source.audio(FRAME)
        except CaptureError as error:
            self._fall_back(error)
            return self.audio_source.audio(FRAME)

    async def _run_video(self) -> None:
        """15 times a second, while any site watches: one VP8 frame for all of them."""
        loop = asyncio.get_running_loop()
        source = self.picture_source
        fps = getattr(source, "fps", PROGRAM_FPS)
        codec = None
        start, tick = loop.time(), 0
        while self._subscribers["video"]:
            try:
                picture = self.picture_source.picture()
            except CaptureError as error:
                self._fall_back(error)
                picture = self.picture_source.picture()
            if codec is None or (codec.height * 3 // 2, codec.width) != picture.shape:
                codec = _vp8_encoder(picture.shape[1], picture.shape[0] * 2 // 3, fps)
                self._want_keyframe = True
            now = loop.time()
            key = self._want_keyframe and now - self._keyframe_at >= KEYFRAME_MIN_GAP_S
            if key:
                self._want_keyframe, self._keyframe_at = False, now
            packets = await loop.run_in_executor(self._executor, _encode_video, codec, picture, tick, key)
            pts = tick * 90_000 // fps
            for data, is_key, cpu in packets:
                self.encode_s += cpu
                for subscriber in self._subscribers["video"]:
                    if not subscriber.offer(data, pts, is_key):
                        self._want_keyframe = True
            self.video_frames += 1
            tick += 1
            now = loop.time()
            if now - (start + tick / fps) > 0.5:
                tick = int((now - start) * fps)
            await asyncio.sleep(max(0.0, start + tick / fps - loop.time()))

    @property
    def problems(self) -> list[str]:
        """What went wrong with the presenter's devices, in English (logs, ``probe``)."""
        return [fallback_text(failure) for failure in self.failures]

    def _fall_back(self, error: CaptureError) -> None:
        log.warning("program feed: %s", fallback_text(error))
        self.failures.append(error)
        if error.source == "camera":
            self.picture_source = TestCard()
        else:
            self.audio_source = ToneSource()

    def status(self) -> dict[str, Any]:
        return {
            # kinds ("test_card", "tone", "camera", "microphone") and devices: the console words them
            "video_source": self.picture_source.kind,
            "video_device": getattr(self.picture_source, "device", ""),
            "audio_source": self.audio_source.kind,
            "audio_device": getattr(self.audio_source, "device", ""),
            "sites_audio": self.subscribers("audio"),
            "sites_video": self.subscribers("video"),
            "talker": self.talker,
            "problems": self.problems,
            "failures": [failure.named() for failure in self.failures],
        }


def _encode_audio(codec: av.AudioCodecContext, samples: np.ndarray, pts: int) -> list[bytes]:
    frame = av.AudioFrame.from_ndarray(np.clip(samples, -1, 1).reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate, frame.pts, frame.time_base = RATE, pts, AUDIO_TIME_BASE
    return [bytes(p) for p in codec.encode(frame)]


def _encode_video(codec: av.VideoCodecContext, picture: np.ndarray, index: int, key: bool):
    began = time.thread_time()
    frame = av.VideoFrame.from_ndarray(picture, format="yuv420p")
    frame.pts, frame.time_base = index, codec.time_base
    if key:
        frame.pict_type = av.video.frame.PictureType.I
    packets = [(bytes(p), bool(p.is_keyframe)) for p in codec.encode(frame)]
    cpu = time.thread_time() - began
    return [(data, is_key, cpu / max(1, len(packets))) for data, is_key in packets]
