"""Giving back the memory of closed connections, soon after they close.

An aiortc peer connection is a web of reference cycles (transports, receivers, their
bandwidth estimators' rate buckets, callbacks), so a closed one is freed only by a full
collection, which Python's thresholds rarely run in a process whose objects are mostly
long-lived. Its buffers, freed by decoder threads into glibc's per-thread arenas, stay
resident until trimmed, and each of the many arenas glibc opens for them (up to eight per
core) keeps its own fragments. Under churn (sites dropping and coming back all day) the media
worker grew by hundreds of MB an hour this way, with no object actually leaked: the 10-minute
soak measured it. So a while after connections close (debounced: one pass for a burst of
closes), the collector runs and the heap is trimmed; and the console's processes use few
arenas (``limit_malloc_arenas``: the soak's media worker then grew 5 MB in six minutes and
levelled off, against 40 MB and rising with glibc's default).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import gc
import logging
import time
import weakref

log = logging.getLogger(__name__)
DELAY_S = 5.0  # after the first close of a burst: the burst's other closes join the same pass
# A closed connection may still be held when its pass runs (aiortc's last tasks of the close
# finish late on a loaded machine): the pass is repeated, at growing intervals up to 8 delays,
# until it is freed or this long has passed since the first (then it is said, and left).
HELD_FOR_S = 60.0


M_ARENA_MAX = -8  # glibc's mallopt parameters
M_MMAP_THRESHOLD = -3
ARENAS = 2
BIG_BLOCK = 256 * 1024


@functools.cache  # finding libc reads the loader's cache: 1.4 ms, once per name is enough
def libc_function(name: str):
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):  # not glibc: collecting is all we can do
        return None


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Call at a process's start, before its threads: what MALLOC_ARENA_MAX=2 does."""
    mallopt = libc_function("mallopt")
    return bool(mallopt is not None and mallopt(M_ARENA_MAX, arenas))


def map_big_blocks(threshold: int = BIG_BLOCK) -> bool:
    """Blocks over ``threshold`` (decoders' picture pools, a connection's buffers) get pages of
    their own, given back to the system when freed, instead of fragmenting the heap: glibc's
    default raises this threshold as big blocks are freed, which is what lets the heap fill
    with holes under churn. For the media worker, which allocates such blocks per connection,
    not per frame (the window copies frames, so it keeps the default)."""
    mallopt = libc_function("mallopt")
    return bool(mallopt is not None and mallopt(M_MMAP_THRESHOLD, threshold))


def trim_heap() -> bool:
    """Give the pages of malloc's free blocks back to the system (glibc; False elsewhere). It
    took 0.07 ms on an 80 MB heap, so the window may call it on its GUI thread: after a burst
    (a hub's return says again who is online), freed memory otherwise stays resident, and the
    soak saw the window keep 1.6 MB that way at its hub restart."""
    trim = libc_function("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


class MemoryReclaimer:
    def __init__(self, delay_s: float = DELAY_S) -> None:
        self.delay_s = delay_s
        self.passes = 0
        self._pending: asyncio.TimerHandle | None = None
        self._closed: list[weakref.ref[object]] = []  # what the next pass should free
        self._extra = 0  # passes repeated for what outlived the last one
        self._first_pass = 0.0  # when the first pass of this round ran (monotonic)

    def soon(self, closed: object | None = None) -> None:
        """A connection closed (``closed``, if given, is checked to be gone after the pass):
        reclaim within ``delay_s`` (once for many closes)."""
        if closed is not None:
            self._closed.append(weakref.ref(closed))
        if self._pending is None:
            self._extra = 0
            self._pending = asyncio.get_running_loop().call_later(self.delay_s, self.now)

    def now(self) -> None:
        self._pending = None
        started = time.perf_counter()
        freed = gc.collect()
        trim_heap()
        self.passes += 1
        log.debug("reclaimed %d objects and trimmed the heap in %.0f ms", freed, (time.perf_counter() - started) * 1000)
        self._closed = [ref for ref in self._closed if ref() is not None]
        if self._extra == 0:
            self._first_pass = time.monotonic()
        if self._closed and time.monotonic() - self._first_pass < HELD_FOR_S:
            self._extra += 1
            delay = self.delay_s * 2 ** min(self._extra, 3)
            self._pending = asyncio.get_running_loop().call_later(delay, self.now)
        elif self._closed:
            log.info("%d closed connections still held %.0f s after their first pass", len(self._closed), HELD_FOR_S)
            self._closed.clear()

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
