"""Items from other threads to an event loop, many per wake-up.

A decoder thread that hands each frame to the loop by itself (``call_soon_threadsafe``, or
aiortc's ``run_coroutine_threadsafe`` with a task per frame) wakes the loop once per frame:
at 64 tiles that is about a thousand wake-ups a second, each a write to the loop's self-pipe,
a pass of the loop, and (aiortc's way) a coroutine, a future and a task. Here the first item
after a drain wakes the loop, which takes everything gathered ``gather_s`` later: at most
~1/gather_s wake-ups a second, in order, whatever the rate.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
GATHER_S = 0.008  # what a frame may wait for the loop (the wall's tick is 15 ms)


class LoopGather(Generic[T]):
    """``put`` from any thread; ``deliver(item)`` runs on ``loop``, in the order put."""

    def __init__(self, loop: Any, deliver: Callable[[T], None], gather_s: float = GATHER_S) -> None:
        self._loop = loop
        self._deliver = deliver
        self._gather_s = gather_s
        self._items: deque[T] = deque()
        self._lock = threading.Lock()
        self._armed = False

    def put(self, item: T) -> None:
        with self._lock:
            self._items.append(item)
            if self._armed:
                return
            self._armed = True
        try:
            self._loop.call_soon_threadsafe(self._loop.call_later, self._gather_s, self._drain)
        except RuntimeError:  # the loop closed under a thread that had not stopped yet
            pass

    def pending(self) -> int:
        return len(self._items)

    def _drain(self) -> None:
        with self._lock:
            items, self._items = self._items, deque()
            self._armed = False
        for item in items:
            self._deliver(item)
