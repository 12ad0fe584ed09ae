"""Receive latency settings aiortc does not expose (both replace its receivers' private
jitter buffer, through ``console/rtc/aiortc_internals.py``).

Video: aiortc's JitterBuffer knows a frame is complete only when the first packet of the
*next* frame arrives, which holds every frame back one frame interval (67 ms at 15 fps,
measured with `bench latency`). A sender marks a frame's last packet with the RTP marker
bit (RFC 3550 §5.1; RFC 7741 §4.1 for VP8; aiortc and browsers both set it), so a
contiguous run of packets ending in a marker is a whole frame at once.

Audio: aiortc's audio receiver holds five Opus packets before it decodes the first (a fixed
80 ms jitter buffer), in each direction. A talk is console -> site -> console, so that alone
made the round trip 160 ms. The console's room mix keeps its own small, bounded buffer
(``console.media.room``), which absorbs jitter where it is heard, so the receiver only
needs the packet after the one it decodes (20 ms).
"""

from __future__ import annotations

from aiortc import RTCRtpReceiver
from aiortc.jitterbuffer import JitterBuffer, JitterFrame

from console.rtc.aiortc_internals import (
    RingJitterBuffer,
    jitter_buffer_is_video,
    receiver_jitter_buffer,
    replace_receiver_jitter_buffer,
    video_buffer_capacity,
)

AUDIO_PREFETCH = 1


GIVE_UP_AFTER_FRAMES = 3  # whole frames waiting behind a missing packet: it is not coming


class MarkerJitterBuffer(RingJitterBuffer):
    """Frames leave at their marked last packet; a frame whose missing packet does not come
    (lost, and its retransmission lost) is given up once ``GIVE_UP_AFTER_FRAMES`` whole frames
    wait behind it, and a keyframe is asked for (PLI). aiortc's own rule waits until the
    buffer overflows (hundreds of packets: seconds of a frozen tile on a lossy link, measured
    with `bench links`), and the frames after a lost one cannot be decoded without a keyframe
    anyway. Its capacity is the one aiortc gives its own video buffer, read from aiortc.
    """

    def __init__(self, capacity: int | None = None) -> None:
        super().__init__(capacity or video_buffer_capacity(), is_video=True)
        self.given_up = 0

    def add(self, packet) -> tuple[bool, JitterFrame | None]:
        pli, frame = super().add(packet)
        if frame is None and self._skip_lost_frame():
            pli = True
            frame = self.next_frame(packet.sequence_number)
        return pli, frame

    def _skip_lost_frame(self) -> bool:
        """Drop the frame a gap broke, if enough whole frames wait behind it; the next frame
        (the first packet after the gap with another timestamp) then leads."""
        origin = self.origin
        if origin is None:
            return False
        ring = self.ring
        size = len(ring)
        gap = broken = restart = None
        markers = 0
        # Called for most packets (all but a frame's last): stop at the last packet held
        # rather than walk the empty rest of the buffer (py-spy on `bench wall` put this walk
        # among the media core's top Python lines; add() went from ~7 to ~2.3 us a packet).
        unseen = size - ring.count(None)
        for count in range(size):
            if not unseen:
                break
            packet = ring[(origin + count) % size]
            if packet is None:
                gap = count if gap is None else gap  # a hole, if anything follows it
                continue
            unseen -= 1
            if gap is None:
                broken = packet.timestamp  # the frame the gap is in (if it is at the head: none)
                continue
            if restart is None and packet.timestamp != broken:
                restart = count
            markers += packet.marker
        if restart is None or markers < GIVE_UP_AFTER_FRAMES:
            return False  # no hole with packets after it, or too few whole frames behind it yet
        self.remove(restart)
        self.given_up += 1
        return True

    def next_frame(self, sequence_number: int) -> JitterFrame | None:
        packets = []
        timestamp = None
        ring, origin = self.ring, self.origin
        if origin is None:
            return None  # nothing held yet
        size = len(ring)
        for count in range(size):
            packet = ring[(origin + count) % size]
            if packet is None:
                return None  # a gap: wait for the missing packet (or give it up, above)
            if timestamp is None:
                timestamp = packet.timestamp
            elif packet.timestamp != timestamp:
                # The next frame began and this one had no marker (lost or never set):
                # complete it the way aiortc does.
                self.remove(count)
                return self.frame_of(packets, timestamp)
            packets.append(packet)
            if packet.marker:
                self.remove(count + 1)
                return self.frame_of(packets, timestamp)
        return None


def use_marker_jitter_buffer(receiver: RTCRtpReceiver) -> None:
    """Video frames leave at their marked last packet. Call before any packet arrives."""
    current = receiver_jitter_buffer(receiver)
    if current is None or not jitter_buffer_is_video(current):
        return  # not an aiortc video receiver we know: leave it alone
    replace_receiver_jitter_buffer(receiver, MarkerJitterBuffer(current.capacity))


def shorten_audio_jitter_buffer(receiver: RTCRtpReceiver, prefetch: int = AUDIO_PREFETCH) -> None:
    """Call before any packet arrives (right after the transceiver exists)."""
    current = receiver_jitter_buffer(receiver)
    if current is None or jitter_buffer_is_video(current):
        return  # not an aiortc audio receiver we know: leave it alone
    replace_receiver_jitter_buffer(receiver, JitterBuffer(capacity=current.capacity, prefetch=prefetch))
