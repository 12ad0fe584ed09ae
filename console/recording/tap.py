"""The encoded frames a session receives, before they are decoded (nothing is re-encoded).

aiortc reassembles RTP packets into whole encoded frames in each receiver's jitter buffer and
hands them to its decoder thread. A recording wraps that buffer: every complete frame (a VP8
frame, an Opus packet) is also given to ``sink(kind, data, rtp_timestamp)`` on the media loop,
where it costs a queue put. The wrapper can be put in and taken out at any moment of a live
session, so a recording starts and stops without touching the picture on the wall. (Like
``console/rtc/latency.py`` it reaches the buffer through ``console/rtc/aiortc_internals.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from console.rtc.aiortc_internals import receiver_jitter_buffer, replace_receiver_jitter_buffer
from console.rtc.sdp import negotiated_codecs

RECORDABLE = {"video": "VP8", "audio": "opus"}  # what a WebM file carries as received

Sink = Callable[[str, bytes, int], None]


class TapError(RuntimeError):
    """The session cannot be recorded as it is (no media yet, a codec WebM does not take)."""


class _TappedBuffer:
    """Passes everything to aiortc's own buffer; copies each completed frame to the sink."""

    def __init__(self, inner: Any, kind: str, sink: Sink) -> None:
        self.inner = inner
        self.kind = kind
        self.sink = sink

    def add(self, packet: Any) -> Any:
        pli, frame = self.inner.add(packet)
        if frame is not None:
            # The RTP timestamp as sent (aiortc re-maps it only after this returns).
            self.sink(self.kind, frame.data, frame.timestamp)
        return pli, frame

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SessionTap:
    """Taps on one session's receivers; ``remove()`` puts aiortc's buffers back."""

    def __init__(self, receivers: list[tuple[Any, Any]]) -> None:
        self._receivers = receivers  # (receiver, the buffer it had)

    def remove(self) -> None:
        for receiver, original in self._receivers:
            if isinstance(receiver_jitter_buffer(receiver), _TappedBuffer):
                replace_receiver_jitter_buffer(receiver, original)
        self._receivers = []


def codecs_of(pc: Any) -> dict[str, str]:
    """``{"video": "VP8", "audio": "opus"}``: what each received kind was negotiated as (read
    from the answer, whichever end made it)."""
    for description in (pc.remoteDescription, pc.localDescription):
        if description is not None and description.type == "answer":
            return negotiated_codecs(description.sdp)
    return {}


def tap_session(pc: Any, sink: Sink) -> SessionTap:
    """Start copying ``pc``'s received video and audio frames to ``sink`` (on the media loop)."""
    codecs = codecs_of(pc)
    for kind, wanted in RECORDABLE.items():
        got = codecs.get(kind)
        if got is None:
            raise TapError(f"no {kind} was negotiated with the site yet")
        if got.lower() != wanted.lower():
            raise TapError(
                f"the site sends {kind} as {got}; a WebM recording takes {wanted} as received (nothing is re-encoded)"
            )
    taps: list[tuple[Any, Any]] = []  # (aiortc receiver, its jitter buffer)
    kinds: dict[int, str] = {}
    for transceiver in pc.getTransceivers():
        receiver = transceiver.receiver
        original = receiver_jitter_buffer(receiver)
        if original is None or not hasattr(original, "add"):
            raise TapError("this aiortc keeps its received frames where the recorder cannot reach them")
        if isinstance(original, _TappedBuffer):
            raise TapError("the site is already being recorded")
        if transceiver.kind in RECORDABLE and not any(r is receiver for r, _ in taps):
            taps.append((receiver, original))
            kinds[id(receiver)] = transceiver.kind
    for receiver, original in taps:
        replace_receiver_jitter_buffer(receiver, _TappedBuffer(original, kinds[id(receiver)], sink))
    return SessionTap(taps)
