"""The room's mix crossing from the media worker to the GUI's sound card: a ring in shared memory.

One writer (the worker's pump, which keeps the ring ``target`` samples ahead of the reader)
and one reader (the sound card's thread in the GUI). Positions only ever grow; the slot of a
sample is its position modulo the capacity. A reader that finds less than it wants plays
silence for the rest and counts an underrun, as the mix itself does when a site runs dry.
"""

from __future__ import annotations

import struct
from multiprocessing import shared_memory

import numpy as np

from console.media.shared_frames import _attach, mapped

_POS = struct.Struct("<QQ")  # written, read (samples)
HEADER_BYTES = 64


class PcmRingWriter:
    def __init__(self, capacity: int = 48_000) -> None:
        self.capacity = capacity
        self.shm = shared_memory.SharedMemory(create=True, size=HEADER_BYTES + 4 * capacity)
        self.name = self.shm.name
        self._samples = np.ndarray((capacity,), np.float32, self._buf, HEADER_BYTES)
        _POS.pack_into(self._buf, 0, 0, 0)

    @property
    def _buf(self) -> memoryview:
        return mapped(self.shm)

    def fill(self) -> int:
        """Samples written and not read yet."""
        written, read = _POS.unpack_from(self._buf, 0)
        return written - read

    def write(self, samples: np.ndarray) -> int:
        """Append what fits; returns how many samples were written."""
        written, read = _POS.unpack_from(self._buf, 0)
        n = min(len(samples), self.capacity - (written - read))
        start = written % self.capacity
        first = min(n, self.capacity - start)
        self._samples[start : start + first] = samples[:first]
        self._samples[: n - first] = samples[first:n]
        struct.pack_into("<Q", self._buf, 0, written + n)  # after the data: the reader sees whole samples
        return n

    def close(self) -> None:
        del self._samples
        try:
            self.shm.close()
            self.shm.unlink()
        except FileNotFoundError:
            pass


class PcmRingReader:
    def __init__(self, name: str) -> None:
        self.shm = _attach(name)
        self.capacity = (self.shm.size - HEADER_BYTES) // 4
        self._samples = np.ndarray((self.capacity,), np.float32, self._buf, HEADER_BYTES)
        self.underruns = 0

    @property
    def _buf(self) -> memoryview:
        return mapped(self.shm)

    def read(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples, silence where the ring ran dry."""
        out = np.zeros(frames, np.float32)
        written, read = _POS.unpack_from(self._buf, 0)
        n = min(frames, written - read)
        start = read % self.capacity
        first = min(n, self.capacity - start)
        out[:first] = self._samples[start : start + first]
        out[first:n] = self._samples[: n - first]
        struct.pack_into("<Q", self._buf, 8, read + n)
        if n < frames:
            self.underruns += 1
        return out

    def close(self) -> None:
        del self._samples
        self.shm.close()
