"""Decoded frames crossing from the media worker process to the GUI: shared memory, latest wins.

One slot per site: a small header and three frame buffers, used in turn. The worker writes a
frame into the buffer after the newest, then publishes it by bumping the sequence number. The
GUI takes a frame when it wants one: it copies it out of the slot, the only copy on its side.
Each buffer has a version, odd while the worker writes it (a seqlock): a copy during which the
version moved is thrown away and taken again, never shown torn.

Which frame the GUI takes: the newest, unless exactly one frame it has not seen arrived just
before the newest (two frames bunched by the network or a busy sender within one of the GUI's
ticks): then that one, and the newest at the next tick, 15 ms later. With two buffers the first
of such a pair was always lost (8 % of all frames at 36 busy tiles); with three it is still
whole while the worker writes the next. Anything further behind is dropped (latest wins),
counted, never queued.

A frame larger than the slot makes the worker open a bigger slot (a new name, told to the GUI
in an event); slots are unlinked by the worker when the site is unsubscribed or it exits.
"""

from __future__ import annotations

import os
import struct
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing import shared_memory
from typing import Any

import numpy as np

MAGIC = 0x4F505346  # "OPSF"
# magic, seq, received; then per buffer: version (odd while written), width, height, opaque
# (capture time), arrived
_HEAD = struct.Struct("<IxxxxQQ")
_META = struct.Struct("<QIIdd")
_VERSION = struct.Struct("<Q")
HEADER_BYTES = 128
BUFFERS = 3
_META_AT = tuple(_HEAD.size + i * _META.size for i in range(BUFFERS))


def frame_bytes(width: int, height: int) -> int:
    cw, ch = (width + 1) // 2, (height + 1) // 2
    return width * height + 2 * cw * ch


@dataclass
class SharedFrame:
    """A frame taken from a slot: what the wall needs of an ``av.VideoFrame`` (its planes are the
    GUI's own copy)."""

    width: int
    height: int
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray
    opaque: Any = None  # the capture time, for the capture-to-screen delay

    @property
    def yuv_planes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.y, self.u, self.v


class FrameSlotWriter:
    """The worker's side of one site's slot."""

    def __init__(self, capacity: int, name: str | None = None) -> None:
        self.capacity = capacity
        self.shm = shared_memory.SharedMemory(name=name, create=True, size=HEADER_BYTES + BUFFERS * capacity)
        self.name = self.shm.name
        self._seq = self._received = 0
        self._versions = [0] * BUFFERS
        _HEAD.pack_into(self._buf, 0, MAGIC, 0, 0)

    @property
    def _buf(self) -> memoryview:
        return mapped(self.shm)

    def fits(self, width: int, height: int) -> bool:
        return frame_bytes(width, height) <= self.capacity

    def write(self, y: np.ndarray, u: np.ndarray, v: np.ndarray, opaque: float | None = None) -> None:
        """Publish a yuv420p frame (planes may be strided views); latest wins."""
        height, width = y.shape
        buffer = (self._seq + 1) % BUFFERS
        start = HEADER_BYTES + buffer * self.capacity
        self._versions[buffer] += 1  # odd: being written
        _VERSION.pack_into(self._buf, _META_AT[buffer], self._versions[buffer])
        cw, ch = (width + 1) // 2, (height + 1) // 2
        target = np.ndarray((frame_bytes(width, height),), np.uint8, self._buf, start)
        target[: width * height].reshape(height, width)[:] = y
        target[width * height : width * height + cw * ch].reshape(ch, cw)[:] = u
        target[width * height + cw * ch :].reshape(ch, cw)[:] = v
        self._versions[buffer] += 1  # even: complete
        _META.pack_into(
            self._buf,
            _META_AT[buffer],
            self._versions[buffer],
            width,
            height,
            float("nan") if opaque is None else float(opaque),
            time.monotonic(),
        )
        self._received += 1
        self._seq += 1
        _HEAD.pack_into(self._buf, 0, MAGIC, self._seq, self._received)

    def close(self) -> None:
        try:
            self.shm.close()
            self.shm.unlink()
        except FileNotFoundError:
            pass


class FrameSlotReader:
    """The GUI's side: ``take()`` the newest frame not taken yet, as the LatestFrameSink does."""

    def __init__(self, name: str) -> None:
        self.shm = _attach(name)
        self.name = name
        self.capacity = (self.shm.size - HEADER_BYTES) // BUFFERS
        magic = struct.unpack_from("<I", self._buf, 0)[0]
        if magic != MAGIC:
            raise ValueError(f"shared memory {name!r} is not a frame slot")
        self._taken_seq = 0
        self.taken = 0
        self.arrived_at: float | None = None
        # The media client closes a slot on its own thread (the worker died, or replaced the
        # site's slot) while the GUI may be reading it: a closed slot reads as empty, and it is
        # never closed in the middle of a read.
        self._lock = threading.Lock()
        self._closed = False

    @property
    def _buf(self) -> memoryview:
        return mapped(self.shm)

    @property
    def received(self) -> int:
        with self._lock:
            return 0 if self._closed else _HEAD.unpack_from(self._buf, 0)[2]

    @property
    def dropped(self) -> int:
        """Frames replaced before the GUI took them (latest frame wins)."""
        return max(0, self.received - self.taken)

    def peek_seq(self) -> int:
        with self._lock:
            return 0 if self._closed else struct.unpack_from("<Q", self._buf, 8)[0]

    def take(self) -> SharedFrame | None:
        with self._lock:
            return None if self._closed else self._take()

    def _take(self) -> SharedFrame | None:
        for _ in range(3):  # a frame overwritten while being read is read again
            seq = struct.unpack_from("<Q", self._buf, 8)[0]
            if seq == self._taken_seq or seq == 0:
                return None
            if seq == self._taken_seq + 2 and self._taken_seq:
                seq -= 1  # one unseen frame just before the newest: its turn first (module doc)
            buffer = seq % BUFFERS
            version, width, height, opaque, arrived = _META.unpack_from(self._buf, _META_AT[buffer])
            size = frame_bytes(width, height)
            if version % 2 or size > self.capacity or width == 0:
                continue  # being written: the worker has moved on to this buffer already
            start = HEADER_BYTES + buffer * self.capacity
            data = bytes(self._buf[start : start + size])  # the GUI's one copy
            if _VERSION.unpack_from(self._buf, _META_AT[buffer])[0] != version:
                continue  # the worker came round to this buffer again while we copied
            self._taken_seq = seq
            self.taken += 1
            self.arrived_at = arrived
            cw, ch = (width + 1) // 2, (height + 1) // 2
            flat = np.frombuffer(data, np.uint8)
            y = flat[: width * height].reshape(height, width)
            u = flat[width * height : width * height + cw * ch].reshape(ch, cw)
            v = flat[width * height + cw * ch :].reshape(ch, cw)
            return SharedFrame(width, height, y, u, v, None if opaque != opaque else opaque)
        return None

    def age(self, now: float | None = None) -> float | None:
        if self.arrived_at is None:
            return None
        return (time.monotonic() if now is None else now) - self.arrived_at

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self.shm.close()


def mapped(shm: shared_memory.SharedMemory) -> memoryview:
    """The memory of an open segment; a clear error once it is closed (its ``buf`` is None then)."""
    if shm.buf is None:
        raise ValueError(f"shared memory {shm.name!r} is closed")
    return shm.buf


def unlink_segment(name: str) -> None:
    """Unlink a slot or ring whose owner (the media worker) ended without doing it (killed, or
    crashed): its client is the one left to. The client never registered it with its own
    resource tracker (``_attach``), so this does not tell the tracker either."""
    try:
        os.unlink(os.path.join("/dev/shm", name))
    except OSError:
        pass  # unlinked already (the worker's own close, or its resource tracker), or not Linux


def _attach(name: str) -> shared_memory.SharedMemory:
    """Open the worker's slot without adopting it: the worker (its own process, with its own
    resource tracker) owns and unlinks it. Before Python 3.13 attaching registers the segment
    to be unlinked when this process ends, which is undone here."""
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=name, create=False, track=False)
    from multiprocessing import resource_tracker

    shm = shared_memory.SharedMemory(name=name, create=False)
    # the documented way round: _name (with its leading slash) is what the tracker registered;
    # typeshed does not list it
    resource_tracker.unregister(shm._name, "shared_memory")  # type: ignore[attr-defined]  # noqa: SLF001
    return shm
