"""What the media core measures of its own load, once a second, for load shedding
(console/model/load_shedding.py): its process's CPU, how late its loop wakes, and (given by
the caller) its decode backlog.

Lateness matters because CPU alone cannot tell a starved worker: when another program takes
the cores, the worker's own CPU falls while its frames pile up; its loop then wakes late.
"""

from __future__ import annotations

import asyncio
import resource
import time

from console.model.load_shedding import Load

TICK_S = 0.05


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread: decoders and receivers too
    return usage.ru_utime + usage.ru_stime


class LoadMeter:
    """``sample(backlog)`` once a second: the load since the last sample."""

    def __init__(self) -> None:
        self._at = time.monotonic()
        self._cpu = _cpu_seconds()
        self._late: list[float] = []
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + TICK_S
            await asyncio.sleep(TICK_S)
            self._late.append(max(0.0, loop.time() - due))

    def sample(self, backlog: int = 0) -> Load:
        now, cpu = time.monotonic(), _cpu_seconds()
        elapsed = max(1e-3, now - self._at)
        late, self._late = self._late, []
        load = Load(
            cpu_pct=100 * (cpu - self._cpu) / elapsed,
            backlog=backlog,
            lag_ms=1000 * sum(late) / len(late) if late else 1000 * elapsed,  # no tick at all: as late as it gets
        )
        self._at, self._cpu = now, cpu
        return load

    def close(self) -> None:
        self._task.cancel()
