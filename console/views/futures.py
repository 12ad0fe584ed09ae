"""Deliver results of worker-thread futures on the Qt thread.

What the worker thread holds of a delivery is a number and a weak reference to the bridge,
never the callbacks: they close over widgets and items, and a worker thread that dropped the
last reference to one (its future's done-callbacks go when the future does, on that thread)
would release Qt objects outside the GUI thread. That crashed a test run (a segmentation fault
in the directory's worker thread as a panel with a pending lookup was closed). The callbacks
wait in the bridge and are taken, called and dropped on the GUI thread.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal

Callbacks = tuple[Callable[[Any], None], Callable[[BaseException], None] | None]


class FutureBridge(QObject):
    """``bridge.deliver(future, on_result)`` calls ``on_result(value)`` on the GUI thread;
    errors go to ``on_error`` (or the ``failed`` signal), never lost in a thread."""

    _done = Signal(int, object)  # (ticket, future)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(self._finish)  # queued: emitted from the worker thread
        self._tickets = itertools.count()
        self._waiting: dict[int, Callbacks] = {}

    def deliver(
        self, future: Future, on_result: Callable[[Any], None], on_error: Callable[[BaseException], None] | None = None
    ) -> None:
        ticket = next(self._tickets)
        self._waiting[ticket] = (on_result, on_error)
        future.add_done_callback(_Done(self, ticket))

    def _finish(self, ticket: int, future: Future) -> None:
        on_result, on_error = self._waiting.pop(ticket, (None, None))
        if on_result is None:
            return
        error = future.exception()
        if error is None:
            on_result(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            self.failed.emit(f"{type(error).__name__}: {error}")


class _Done:
    """A future's done-callback that holds nothing of the GUI's (the module says why)."""

    def __init__(self, bridge: FutureBridge, ticket: int) -> None:
        self._bridge = weakref.ref(bridge)
        self._ticket = ticket

    def __call__(self, future: Future) -> None:
        bridge = self._bridge()
        if bridge is None:
            return  # the window that asked is gone
        try:
            bridge._done.emit(self._ticket, future)  # noqa: SLF001 (its own signal, from the worker side)
        except RuntimeError:
            pass  # its C++ side was deleted (the window closed): nobody is waiting
