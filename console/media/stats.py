"""Link health of one subscribed site, from aiortc's stats and the sink's counters."""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from console.media.levels import LevelMeter
from console.media.sink import LatestFrameSink
from console.rtc.aiortc_internals import receiver_streams
from console.rtc.media_path import media_path

log = logging.getLogger(__name__)

CLOCK_RATES = {"video": 90_000, "audio": 48_000}
# Loss is counted over this many seconds. A packet lost near the end of one poll and
# retransmitted in the next would read as loss, then as negative loss, one second apiece.
LOSS_WINDOW_S = 3.0
SITE_FPS_WINDOW_S = 6.0  # the site reports what it sent every 1-2 s


@dataclass
class LinkStats:
    """One sample, as plots and the probe show it."""

    at: float = 0.0  # time.monotonic()
    bitrate_kbps: float = 0.0
    fps: float = 0.0
    loss_pct: float = 0.0  # packets the link lost (over LOSS_WINDOW_S), before any was sent again
    unrepaired_loss_pct: float = 0.0  # of those, the ones a retransmission did not replace
    jitter_ms: float = 0.0
    rtt_ms: float | None = None  # measured by the sending site from RTCP, relayed by the hub
    frame_age_ms: float | None = None
    width: int = 0
    height: int = 0
    audio_level_db: float = -120.0
    frames: int = 0
    dropped: int = 0
    site_fps: float | None = None  # frames a second the site says it sent (None: it does not say)
    # The sound's own packets the link lost (over LOSS_WINDOW_S): Opus conceals a few percent;
    # what a thin link does to the commune's voice, apart from its picture.
    audio_loss_pct: float = 0.0
    # The way media comes: "direct", "nat", "relay", or "relay-udp|tcp|tls" when this side
    # relays (console/rtc/media_path.py); "" before ICE has chosen.
    media_path: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class StatsTracker:
    """Turns cumulative counters into rates between two polls."""

    def __init__(self, video: LatestFrameSink, audio: LevelMeter) -> None:
        self.video = video
        self.audio = audio
        self.latest = LinkStats()
        self.relay_transport: str | None = None  # of the TURN URL this connection was given
        self.rtt_ms: float | None = None
        self.site_frames_sent: list[tuple[float, int]] = []  # (monotonic, count) as the site reports
        self._last: tuple[float, int, int] | None = None  # at, bytes, frames
        self._counts: deque[tuple[float, int, int, int]] = deque()  # (at, received, lost, repaired)
        self._audio_counts: deque[tuple[float, int, int, int]] = deque()  # the same, of the sound alone

    def on_site_stats(self, stats: dict[str, Any]) -> None:
        rtt = stats.get("rtt_ms")
        if isinstance(rtt, (int, float)) and not isinstance(rtt, bool):
            self.rtt_ms = float(rtt)
        sent = stats.get("frames_sent")
        if isinstance(sent, int) and not isinstance(sent, bool):
            self.site_frames_sent = (self.site_frames_sent + [(time.monotonic(), sent)])[-64:]

    async def poll(self, pc, frame_size: tuple[int, int] | None) -> LinkStats:
        report = await pc.getStats()
        now = time.monotonic()
        bytes_in = sum(
            getattr(stats, "bytesReceived", 0) or 0 for stats in report.values() if stats.type == "transport"
        )
        received, lost, repaired, jitter_ms = received_packets(pc, report)
        frames = self.video.received
        sample = LinkStats(
            at=now,
            jitter_ms=round(jitter_ms, 2),
            rtt_ms=self.rtt_ms,
            width=frame_size[0] if frame_size else 0,
            height=frame_size[1] if frame_size else 0,
            audio_level_db=round(self.audio.level_db, 1),
            frames=frames,
            dropped=self.video.dropped,
        )
        age = self.video.age(now)
        sample.frame_age_ms = None if age is None else round(age * 1000, 1)
        if self._last is not None:
            then, bytes_then, frames_then = self._last
            dt = max(1e-6, now - then)
            sample.bitrate_kbps = round((bytes_in - bytes_then) * 8 / dt / 1000, 1)
            sample.fps = round((frames - frames_then) / dt, 2)
        sample.loss_pct, sample.unrepaired_loss_pct = self._loss_pct(now, received, lost, repaired)
        audio_received, audio_lost = audio_packets(pc)
        sample.audio_loss_pct, _ = _window_loss(self._audio_counts, now, audio_received, audio_lost, 0)
        sample.site_fps = self._site_fps(now)
        told = getattr(pc, "path", None)  # a view that knows its way (the SFU's: forwarded, or a subscription)
        # ... else ICE's choice, read once (no ICE restart changes it)
        sample.media_path = told() if callable(told) else (self.latest.media_path or self._media_path(pc))
        self._last = (now, bytes_in, frames)
        self.latest = sample
        return sample

    def _media_path(self, pc) -> str:
        try:
            path = media_path(pc, self.relay_transport)
        except Exception as exc:  # a connection closing under us: no path to tell (and its
            log.debug("no media path read: %s", exc)  # traceback, which holds it, not kept)
            return ""
        return "" if path is None else path.path + (f"-{path.relay_transport}" if path.relay_transport else "")

    def _loss_pct(self, now: float, received: int, lost: int, repaired: int) -> tuple[float, float]:
        """Of the packets of the last LOSS_WINDOW_S, the share the link lost and the share no
        retransmission replaced. (Over one second a packet lost at its end and replaced in
        the next would count as lost, then as more than replaced.)"""
        return _window_loss(self._counts, now, received, lost, repaired)

    def _site_fps(self, now: float) -> float | None:
        points = [(at, n) for at, n in self.site_frames_sent if now - at <= SITE_FPS_WINDOW_S]
        if len(points) < 2 or points[-1][0] - points[0][0] < 0.5 or points[-1][1] < points[0][1]:
            return None  # too few reports, or the site restarted its count (a new session)
        return round((points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0]), 2)


def _window_loss(
    counts: deque[tuple[float, int, int, int]], now: float, received: int, lost: int, repaired: int
) -> tuple[float, float]:
    """The lost and the unrepaired share (%) of the packets counted over the last LOSS_WINDOW_S."""
    counts.append((now, received, lost, repaired))
    while len(counts) > 2 and now - counts[1][0] >= LOSS_WINDOW_S:
        counts.popleft()
    _, received_then, lost_then, repaired_then = counts[0]
    got, missed = received - received_then, max(0, lost - lost_then)
    if got + missed <= 0:
        return 0.0, 0.0
    unrepaired = max(0, missed - (repaired - repaired_then))
    return round(100 * missed / (got + missed), 2), round(100 * unrepaired / (got + missed), 2)


def audio_packets(pc) -> tuple[int, int]:
    """(received, lost) of ``pc``'s incoming sound (per SSRC, as ``received_packets`` reads)."""
    received = lost = 0
    for transceiver in pc.getTransceivers():
        if transceiver.kind != "audio":
            continue
        for _ssrc, stream, is_retransmission in receiver_streams(transceiver.receiver) or []:
            if not is_retransmission:
                received += stream.packets_received
                lost += max(0, stream.packets_lost)
    return received, lost


def received_packets(pc, report) -> tuple[int, int, int, float]:
    """(received, lost, retransmissions received, video jitter in ms) of ``pc``'s incoming media.

    aiortc files every SSRC a receiver sees under one stats id, so once a site retransmits
    (RTX: a stream of its own) ``getStats()`` shows the retransmissions' figures in place of
    the media's, and keeps showing them, frozen, when retransmissions stop: measured with a
    300 kbps site in the big tile, its jitter read 377 ms for a minute after its link had
    recovered. So the figures are read per SSRC from the receivers (``receiver_streams``, a
    private detail of aiortc; without it, the report's figures as they are).
    """
    received = lost = repaired = 0
    jitter_ms = 0.0
    found = False
    for transceiver in pc.getTransceivers():
        streams = receiver_streams(transceiver.receiver)
        if streams is None:
            continue
        found = True
        for _ssrc, stream, is_retransmission in streams:
            if is_retransmission:
                repaired += stream.packets_received
                continue
            received += stream.packets_received
            lost += max(0, stream.packets_lost)
            if transceiver.kind == "video":
                jitter_ms = stream.jitter / CLOCK_RATES["video"] * 1000
    if found:
        return received, lost, repaired, jitter_ms
    for stats in report.values():
        if stats.type == "inbound-rtp":
            received += stats.packetsReceived or 0
            lost += max(0, stats.packetsLost or 0)
            if stats.kind == "video" and stats.jitter is not None:
                jitter_ms = stats.jitter / CLOCK_RATES["video"] * 1000
    return received, lost, 0, jitter_ms
