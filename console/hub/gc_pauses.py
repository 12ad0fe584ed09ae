"""Garbage-collector pauses of a hub holding thousands of connections: kept short, and logged.

Each connection is a few dozen long-lived objects (aiohttp's request, transport, reader,
our peer and its writer task), so at 10,810 sites a full collection walks over a million
objects and holds the loop for most of a second (measured: 780 ms). Python starts one only
after the long-lived objects grew by a quarter, which is what joins do, not what heartbeats
or roll-calls do (those allocate nothing that lives). Two measures keep the loop free:

* what the hub loads at start (modules, the directory's rows) is frozen out of collections;
* a collection that takes long is logged with its size, so an operator can tell a pause of
  the collector from a stall of the network.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)
LOG_OVER_MS = 100.0


class GcPauses:
    """Times the collector; ``longest_ms`` and ``count`` for benchmarks, a log line for people."""

    def __init__(self, connections=lambda: 0, log_over_ms: float = LOG_OVER_MS) -> None:
        self.connections = connections
        self.log_over_ms = log_over_ms
        self.longest_ms = 0.0
        self.count = 0
        self._started = 0.0

    def install(self) -> "GcPauses":
        gc.callbacks.append(self._callback)
        return self

    def uninstall(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._started) * 1000
        self.longest_ms = max(self.longest_ms, ms)
        if ms >= self.log_over_ms:
            self.count += 1
            log.log(logging.WARNING if ms >= 4 * self.log_over_ms else logging.INFO,
                    "garbage collection (generation %d) held the hub for %.0f ms (%d connections)",
                    info["generation"], ms, self.connections())


def freeze_startup_objects() -> None:
    """Move everything alive now (modules, the directory's rows) out of every later collection."""
    gc.collect()
    gc.freeze()
