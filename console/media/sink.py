"""Latest frame wins: a tile shows the newest frame, never a queue of old ones (docs/architecture.md §5).

One frame of slack: see ``LatestFrameSink``."""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

Frame = TypeVar("Frame")


class LatestFrameSink(Generic[Frame]):
    """Holds the newest frame of one stream, and the one before it if it was not taken.

    ``take`` returns frames oldest first, but never more than one behind the newest: a frame
    that arrived bunched with the next (the network, a decoder burst) is shown one tick before
    it rather than lost, and a consumer that falls further behind skips to the newest. A frame
    pushed out before anyone ``take``-s it is counted in ``dropped``. Safe to use from the media
    thread and the display thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._fresh = False
        self._behind: Frame | None = None  # unseen, just before the newest
        self.received = 0
        self.dropped = 0
        self.taken = 0
        self.arrived_at: float | None = None  # time.monotonic() of the newest frame

    def put(self, frame: Frame) -> None:
        with self._lock:
            if self._fresh:
                if self._behind is not None:
                    self.dropped += 1
                self._behind = self._frame
            self._frame = frame
            self._fresh = True
            self.received += 1
            self.arrived_at = time.monotonic()

    def take(self) -> Frame | None:
        """The oldest frame not taken yet (at most one behind the newest), else None."""
        with self._lock:
            if self._behind is not None:
                frame, self._behind = self._behind, None
                self.taken += 1
                return frame
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
