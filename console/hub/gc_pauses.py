"""Garbage-collector pauses of a hub holding thousands of connections: kept short, and logged.

Each connection is a few dozen long-lived objects (aiohttp's request, transport, reader,
our peer), so at 10,810 sites a full collection walks over a million objects and held the
loop for up to 780 ms (measured); while the country joins, Python runs one every time the
long-lived objects grow by a quarter, so a join storm paid ten of them. Heartbeats and
roll-calls allocate nothing that lives, so the steady state has none. The policy:

* right after a full collection everything left is alive, so it is frozen out of later
  collections (``gc.freeze``): each full collection then walks only what came since, and a
  join storm's pauses shrink with it;
* what is frozen is never collected, and a connection that closes leaves a small cycle
  (asyncio's transport and its bound method): so once the departures since the last thaw
  reach a quarter of the connections, everything is thawed and the next full collection
  walks (and frees) it all, one long pause per that much churn;
* a collection that takes long is logged with the number of connections, so an operator can
  tell a pause of the collector from a stall of the network.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from typing import Callable

log = logging.getLogger(__name__)
LOG_OVER_MS = 100.0
THAW_AFTER_DEPARTURES = 0.25  # of the connections at the time
MIN_THAW_DEPARTURES = 1000


class GcPolicy:
    """Installs the policy above for one hub; ``longest_ms`` and ``count`` for benchmarks."""

    def __init__(self, connections: Callable[[], int] = lambda: 0, departures: Callable[[], int] = lambda: 0,
                 log_over_ms: float = LOG_OVER_MS) -> None:
        self.connections = connections
        self.departures = departures
        self.log_over_ms = log_over_ms
        self.longest_ms = 0.0
        self.count = 0
        self._started = 0.0
        self._started_cpu = 0.0
        self._thawed_at = 0  # departures() when things were last thawed
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> "GcPolicy":
        self._loop = asyncio.get_running_loop()
        gc.collect()
        gc.freeze()  # what the hub loaded at start: modules, the directory's rows
        gc.callbacks.append(self._callback)
        return self

    def uninstall(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
        gc.unfreeze()

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            self._started_cpu = time.thread_time()
            if info["generation"] == 2:
                self._maybe_thaw()
            return
        # The collector's own CPU, beside the wall time: on a busy machine the OS may take the
        # core away mid-collection, and that is not the collector's cost (a young generation of
        # 700 objects "took" 600 ms on a loaded 2-core box while its CPU was under 1 ms).
        cpu_ms = (time.thread_time() - self._started_cpu) * 1000
        ms = (time.perf_counter() - self._started) * 1000
        self.longest_ms = max(self.longest_ms, ms)
        if info["generation"] == 2 and self._loop is not None:
            self._loop.call_soon_threadsafe(gc.freeze)  # all that is left now is alive
        if ms >= self.log_over_ms:
            self.count += 1
            log.log(logging.WARNING if cpu_ms >= 4 * self.log_over_ms else logging.INFO,
                    "garbage collection (generation %d) held the hub for %.0f ms (%.0f ms of CPU; %d connections)",
                    info["generation"], ms, cpu_ms, self.connections())

    def _maybe_thaw(self) -> None:
        departed = self.departures() - self._thawed_at
        if departed >= max(MIN_THAW_DEPARTURES, THAW_AFTER_DEPARTURES * self.connections()):
            gc.unfreeze()  # this collection walks everything, and frees the closed connections' cycles
            self._thawed_at = self.departures()
