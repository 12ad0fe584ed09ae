"""The event loop's lag: how late a task that sleeps a fixed time is woken.

Everything the hub does shares one loop, so a handler, a garbage collection or a burst of
joins that holds it shows here as lateness, whatever caused it (GC pauses are also counted
on their own, gc_pauses.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

EVERY_S = 0.5


async def watch_loop_lag(observe: Callable[[float], None], every_s: float = EVERY_S) -> None:
    """Forever: sleep ``every_s``, and ``observe`` how many seconds late the wake-up came."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + every_s
        await asyncio.sleep(every_s)
        observe(max(0.0, loop.time() - due))
