"""Latest frame wins: a tile shows the newest frame, never a queue of old ones (GUIDE habit 1)."""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

Frame = TypeVar("Frame")


class LatestFrameSink(Generic[Frame]):
    """Holds the newest frame of one stream.

    ``put`` replaces whatever was there; a frame replaced before anyone ``take``-s it is
    counted in ``dropped``. Safe to use from the media thread and the display thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._fresh = False
        self.received = 0
        self.dropped = 0
        self.taken = 0
        self.arrived_at: float | None = None  # time.monotonic() of the newest frame

    def put(self, frame: Frame) -> None:
        with self._lock:
            if self._fresh:
                self.dropped += 1
            self._frame = frame
            self._fresh = True
            self.received += 1
            self.arrived_at = time.monotonic()

    def take(self) -> Frame | None:
        """The newest frame if it has not been taken yet, else None."""
        with self._lock:
            if not self._fresh:
                return None
            self._fresh = False
            self.taken += 1
            return self._frame

    def peek(self) -> Frame | None:
        """The newest frame, taken or not (e.g. to redraw a still tile)."""
        return self._frame

    def age(self, now: float | None = None) -> float | None:
        """Seconds since the newest frame arrived; None before the first."""
        if self.arrived_at is None:
            return None
        return (time.monotonic() if now is None else now) - self.arrived_at
