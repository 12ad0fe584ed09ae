"""Link health of one subscribed site, from aiortc's stats and the sink's counters."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from console.media.levels import LevelMeter
from console.media.sink import LatestFrameSink

CLOCK_RATES = {"video": 90_000, "audio": 48_000}


@dataclass
class LinkStats:
    """One sample, as plots and the probe show it."""

    at: float = 0.0  # time.monotonic()
    bitrate_kbps: float = 0.0
    fps: float = 0.0
    loss_pct: float = 0.0
    jitter_ms: float = 0.0
    rtt_ms: float | None = None  # measured by the sending site from RTCP, relayed by the hub
    frame_age_ms: float | None = None
    width: int = 0
    height: int = 0
    audio_level_db: float = -120.0
    frames: int = 0
    dropped: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class StatsTracker:
    """Turns cumulative counters into rates between two polls."""

    def __init__(self, video: LatestFrameSink, audio: LevelMeter) -> None:
        self.video = video
        self.audio = audio
        self.latest = LinkStats()
        self.rtt_ms: float | None = None
        self.site_frames_sent: list[tuple[float, int]] = []  # (monotonic, count) as the site reports
        self._last: tuple[float, int, int, int, int] | None = None  # at, bytes, frames, received, lost

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
        bytes_in = received = lost = 0
        jitter_ms = 0.0
        for stats in report.values():
            if stats.type == "transport":
                bytes_in += getattr(stats, "bytesReceived", 0) or 0
            elif stats.type == "inbound-rtp":
                received += stats.packetsReceived or 0
                lost += max(0, stats.packetsLost or 0)
                if stats.kind == "video" and stats.jitter is not None:
                    jitter_ms = stats.jitter / CLOCK_RATES["video"] * 1000
        frames = self.video.received
        sample = LinkStats(at=now, jitter_ms=round(jitter_ms, 2), rtt_ms=self.rtt_ms,
                           width=frame_size[0] if frame_size else 0,
                           height=frame_size[1] if frame_size else 0,
                           audio_level_db=round(self.audio.level_db, 1), frames=frames,
                           dropped=self.video.dropped)
        age = self.video.age(now)
        sample.frame_age_ms = None if age is None else round(age * 1000, 1)
        if self._last is not None:
            then, bytes_then, frames_then, received_then, lost_then = self._last
            dt = max(1e-6, now - then)
            sample.bitrate_kbps = round((bytes_in - bytes_then) * 8 / dt / 1000, 1)
            sample.fps = round((frames - frames_then) / dt, 2)
            got, missed = received - received_then, lost - lost_then
            sample.loss_pct = round(100 * missed / (got + missed), 2) if got + missed > 0 else 0.0
        self._last = (now, bytes_in, frames, received, lost)
        self.latest = sample
        return sample
