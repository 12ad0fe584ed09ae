"""A video jitter buffer that hands a frame on at its last packet.

aiortc's JitterBuffer knows a frame is complete only when the first packet of the *next*
frame arrives, which holds every frame back one frame interval (67 ms at 15 fps, measured
with `bench latency`). A sender marks a frame's last packet with the RTP marker bit
(RFC 3550 §5.1; RFC 7741 §4.1 for VP8; aiortc and browsers both set it), so a contiguous
run of packets ending in a marker is a whole frame now.
"""

from __future__ import annotations

import logging

from aiortc.jitterbuffer import JitterBuffer, JitterFrame

log = logging.getLogger(__name__)

VIDEO_CAPACITY = 128   # what aiortc's receiver uses for video


class MarkerJitterBuffer(JitterBuffer):
    def __init__(self, capacity: int = VIDEO_CAPACITY) -> None:
        super().__init__(capacity, is_video=True)

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        packets = []
        timestamp = None
        for count in range(self.capacity):
            packet = self._packets[(self._origin + count) % self._capacity]
            if packet is None:
                return None   # a gap: wait for the missing packet (or the parent's overflow rule)
            if timestamp is None:
                timestamp = packet.timestamp
            elif packet.timestamp != timestamp:
                # The next frame began and this one had no marker (lost or never set):
                # complete it the way aiortc does.
                self.remove(count)
                return JitterFrame(b"".join(p._data for p in packets), timestamp)
            packets.append(packet)
            if packet.marker:
                self.remove(count + 1)
                return JitterFrame(b"".join(p._data for p in packets), timestamp)
        return None


def use_marker_jitter_buffer(receiver) -> bool:
    """Give an aiortc video receiver the marker-aware buffer; False (and the stock one
    stays) if this aiortc keeps it elsewhere. Must run before the first packet arrives."""
    name = "_RTCRtpReceiver__jitter_buffer"
    current = getattr(receiver, name, None)
    if not isinstance(current, JitterBuffer):
        log.warning("aiortc's receiver has no jitter buffer where expected; frames keep one frame of delay")
        return False
    setattr(receiver, name, MarkerJitterBuffer(current.capacity))
    return True
