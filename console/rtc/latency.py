"""Audio latency settings aiortc does not expose.

aiortc's audio receiver holds five Opus packets before it decodes the first (a fixed
80 ms jitter buffer), in each direction. A talk is console -> site -> console, so that alone
made the round trip 160 ms. The console's room mix keeps its own small, bounded buffer
(``console.media.room``), which absorbs jitter where it is heard, so the receiver only
needs the packet after the one it decodes (20 ms).
"""

from __future__ import annotations

from aiortc import RTCRtpReceiver
from aiortc.jitterbuffer import JitterBuffer

AUDIO_PREFETCH = 1


def shorten_audio_jitter_buffer(receiver: RTCRtpReceiver, prefetch: int = AUDIO_PREFETCH) -> None:
    """Call before any packet arrives (right after the transceiver exists)."""
    name = "_RTCRtpReceiver__jitter_buffer"
    current = getattr(receiver, name, None)
    if current is None or getattr(current, "_is_video", False):
        return  # not an aiortc audio receiver we know: leave it alone
    setattr(receiver, name, JitterBuffer(capacity=current.capacity, prefetch=prefetch))
