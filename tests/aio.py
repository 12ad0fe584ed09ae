"""Run a coroutine test in a fresh event loop that fails on any unhandled loop exception, and
wait in it for a condition (never for a length of time)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from console.rtc.closing import quiet_connect_after_close


def run_async(coro: Awaitable[Any], timeout: float = 60.0) -> Any:
    if _loop_running_here():  # a console's GUI loop (qasync) runs on this thread: use another one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(run_async, coro, timeout).result()
    errors: list[dict] = []

    async def main() -> Any:
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: errors.append(context))
        quiet_connect_after_close(asyncio.get_running_loop())  # aiortc's own, and harmless (closing.py)
        return await asyncio.wait_for(coro, timeout)

    result = asyncio.run(main())
    if errors:
        details = "; ".join(f"{e.get('message')}: {e.get('exception')!r}" for e in errors)
        raise AssertionError(f"unhandled exceptions in the event loop: {details}")
    return result


def _loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "the condition") -> None:
    """Poll ``predicate`` on the running loop until it is true. ``timeout`` is a ceiling for a
    loaded machine, not a measurement: a test says what it waits for, never how long it takes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"{what} was not met within {timeout:g} s")
        await asyncio.sleep(0.02)
