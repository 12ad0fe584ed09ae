"""Garbage-collector pauses of a hub holding thousands of connections: kept short, and logged.

Each connection is a few dozen long-lived objects (aiohttp's request, transport, reader,
our peer), so at 10,810 sites a full collection walks over a million objects and held the
loop for up to 780 ms (measured). And each connection, every time a message arrives, drops
the objects of its last wait (a coroutine chain, a future, the message) and makes new ones
that live until its next heartbeat. Python triggers a young collection on allocations *minus*
deallocations, so this even exchange never triggers one while the young generation fills with
every connection's waiters: 98,000 objects walked in one 60-100 ms pause, then again in the
middle generation (measured during roll-calls, while other consoles' requests waited).

The policy:

* every ``YOUNG_EVERY_S`` the young generations are collected (what came in that quarter of a
  second: about a millisecond) and what survives is frozen out of later collections
  (``gc.freeze``, which costs nothing): no collection ever walks more than a moment's worth of
  objects, and the old ones are never walked again;
* what is frozen is never collected, and a connection that closes leaves a small cycle
  (asyncio's transport and its bound method): so once the departures since the last full
  collection reach a quarter of the connections, or an hour has passed, everything is thawed
  and collected once, one long pause per that much churn;
* a collection that takes long is logged with the number of connections, so an operator can
  tell a pause of the collector from a stall of the network.

The collector calls its callbacks wherever it happens to run, which may be at the bottom of a
deep stack: a hostile message nested a thousand levels deep collects while the JSON parser is
a few frames from the recursion limit. So the callback only notes the pause, in one frame and
builtins; the loop's next moment tells the metrics and the log, from a shallow stack. (Telling
prometheus_client from the callback itself once raised RecursionError inside the collector.)
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
LOG_OVER_MS = 100.0
THAW_AFTER_DEPARTURES = 0.25  # of the connections at the time
MIN_THAW_DEPARTURES = 1000
YOUNG_EVERY_S = 0.25
FULL_EVERY_S = 3600.0  # whatever else left cycles behind is freed at least this often
MAX_NOTED = 10_000  # pauses kept between two moments; more only while the loop itself is stuck


class GcPolicy:
    """Installs the policy above for one hub; ``longest_ms`` and ``count`` for benchmarks."""

    def __init__(
        self,
        connections: Callable[[], int] = lambda: 0,
        departures: Callable[[], int] = lambda: 0,
        log_over_ms: float = LOG_OVER_MS,
        young_every_s: float = YOUNG_EVERY_S,
        full_every_s: float = FULL_EVERY_S,
        on_pause: Callable[[float], None] = lambda s: None,
    ) -> None:
        self.connections = connections
        self.departures = departures
        self.log_over_ms = log_over_ms
        self.young_every_s = young_every_s
        self.full_every_s = full_every_s
        self.on_pause = on_pause  # every collection's pause, in seconds (the hub's metrics)
        self.longest_ms = 0.0
        self.count = 0
        self.full_collections = 0
        self._started = 0.0
        self._started_cpu = 0.0
        self._thawed_at = 0  # departures() at the last full collection
        self._full_at = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._noted: list[tuple[float, float, int]] = []  # (ms, cpu_ms, generation) not yet told

    def install(self) -> GcPolicy:
        gc.collect()
        gc.freeze()  # what the hub loaded at start: modules, the directory's rows
        self._full_at = time.monotonic()
        self._thawed_at = self.departures()
        gc.callbacks.append(self._callback)
        self._timer = asyncio.get_running_loop().call_later(self.young_every_s, self._tick)
        return self

    def uninstall(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
        gc.unfreeze()
        self._tell()

    def _tick(self) -> None:
        self._timer = asyncio.get_running_loop().call_later(self.young_every_s, self._tick)
        self._tell()
        departed = self.departures() - self._thawed_at
        if (
            departed >= max(MIN_THAW_DEPARTURES, THAW_AFTER_DEPARTURES * self.connections())
            or time.monotonic() - self._full_at >= self.full_every_s
        ):
            gc.unfreeze()  # this collection walks everything, and frees the closed connections' cycles
            gc.collect()
            self.full_collections += 1
            self._thawed_at, self._full_at = self.departures(), time.monotonic()
        else:
            gc.collect(1)  # the young generations: the last moment's objects
        gc.freeze()

    def _callback(self, phase: str, info: dict) -> None:
        # One frame and builtins only: see the module's note on deep stacks.
        if phase == "start":
            self._started = time.perf_counter()
            self._started_cpu = time.thread_time()
        elif len(self._noted) < MAX_NOTED:
            self._noted.append(
                (
                    (time.perf_counter() - self._started) * 1000,
                    (time.thread_time() - self._started_cpu) * 1000,
                    info["generation"],
                )
            )

    def _tell(self) -> None:
        noted, self._noted = self._noted, []
        for ms, cpu_ms, generation in noted:
            self.longest_ms = max(self.longest_ms, ms)
            self.on_pause(ms / 1000)
            if ms < self.log_over_ms:
                continue
            self.count += 1
            # The collector's own CPU, beside the wall time: on a busy machine the OS may take
            # the core away mid-collection, and that is not the collector's cost (a young
            # generation of 700 objects "took" 600 ms on a loaded 2-core box while its CPU was
            # under 1 ms).
            log.log(
                logging.WARNING if cpu_ms >= 4 * self.log_over_ms else logging.INFO,
                "garbage collection (generation %d) held the hub for %.0f ms (%.0f ms of CPU; %d connections)",
                generation,
                ms,
                cpu_ms,
                self.connections(),
            )
