"""An asyncio event loop on a thread of its own: the console's media core (beside Qt's loop),
the data panel's fetches, and the hub's lease keeper (beside the hub's busy loop) each run on
one. Calls from other threads go through ``submit`` and ``call``."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from console.processes import name_this_thread

T = TypeVar("T")


class LoopThread:
    """An asyncio event loop running on a daemon thread. ``prepare(loop)`` runs first, on that
    thread (e.g. the media core's quieting of aiortc's late connects)."""

    def __init__(
        self,
        name: str = "media",
        prepare: Callable[[asyncio.AbstractEventLoop], None] | None = None,
        what: str = "",
    ) -> None:
        """``what``: the loop's job, as a late caller is told it stopped (default: ``name``)."""
        self.name = name
        self.what = what or name
        self.loop = asyncio.new_event_loop()
        self._prepare = prepare
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        name_this_thread(f"{self.name}-loop")
        asyncio.set_event_loop(self.loop)
        if self._prepare is not None:
            self._prepare(self.loop)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()  # its selector and self-pipe: a process may start many in its life

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        """Run ``coro`` on the loop; after ``stop`` the future fails at once (a late call from
        a closing window must not leave a coroutine that never runs)."""
        if self._stopping:
            coro.close()
            failed: Future[T] = Future()
            failed.set_exception(RuntimeError(f"the {self.what} loop has stopped"))
            return failed
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        if not self._stopping:
            self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout)

    @property
    def is_current(self) -> bool:
        return threading.current_thread() is self._thread
