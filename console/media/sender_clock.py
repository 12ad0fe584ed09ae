"""When a received frame was captured, on the sender's wall clock.

RTP timestamps count from a random origin; the RTCP sender reports a sender emits about
once a second pair one RTP timestamp with the sender's NTP wall-clock time (RFC 3550 §6.4.1).
With the newest pair, any frame's RTP timestamp maps to the sender's capture time. On one
machine, or with synchronised clocks, that against our display time is the glass-to-glass
latency the viewer gets.
"""

from __future__ import annotations

from collections.abc import Callable

from aiortc.rtp import RtcpSrPacket

from console.rtc.aiortc_internals import receiver_timestamp_origin, wrap_rtcp

NTP_TO_UNIX = 2_208_988_800  # seconds from 1900-01-01 to 1970-01-01
VIDEO_CLOCK_HZ = 90_000


def ntp_to_unix(ntp: int) -> float:
    """A 64-bit NTP timestamp (32.32 fixed point) as Unix seconds."""
    return (ntp >> 32) - NTP_TO_UNIX + (ntp & 0xFFFF_FFFF) / 2**32


class SenderClock:
    """The newest (sender wall time, RTP timestamp) pair of one stream.

    ``origin()`` gives what the receiver subtracted from RTP timestamps before they became
    frame timestamps (aiortc starts every stream's pts at 0), or None before the first.
    """

    def __init__(self, clock_hz: int = VIDEO_CLOCK_HZ, origin: Callable[[], int | None] = lambda: 0) -> None:
        self.clock_hz = clock_hz
        self.origin = origin
        self._anchor: tuple[float, int] | None = None
        self.reports = 0

    def on_sender_report(self, ntp: int, rtp: int) -> None:
        self._anchor = (ntp_to_unix(ntp), rtp & 0xFFFF_FFFF)
        self.reports += 1

    def capture_time(self, pts: int) -> float | None:
        """Unix time the frame with timestamp ``pts`` was sent at; None before the first report."""
        origin = self.origin()
        if self._anchor is None or origin is None:
            return None
        rtp = pts + origin  # congruent to the RTP timestamp mod 2**32, which is all we need
        at, anchor_rtp = self._anchor
        ticks = ((rtp - anchor_rtp + 2**31) & 0xFFFF_FFFF) - 2**31  # signed, across wrap
        return at + ticks / self.clock_hz


def watch_sender_reports(receiver, clock: SenderClock) -> None:
    """Feed ``receiver``'s incoming sender reports to ``clock`` (aiortc has no event for them)
    and tell it the origin aiortc's receiver takes off RTP timestamps (both private details of
    aiortc, reached through ``console/rtc/aiortc_internals.py``)."""
    clock.origin = receiver_timestamp_origin(receiver)

    def wrap(handle):
        async def handle_and_note(packet) -> None:
            if isinstance(packet, RtcpSrPacket):
                clock.on_sender_report(packet.sender_info.ntp_timestamp, packet.sender_info.rtp_timestamp)
            await handle(packet)

        return handle_and_note

    wrap_rtcp(receiver, wrap)
