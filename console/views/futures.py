"""Deliver results of worker-thread futures on the Qt thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal


class FutureBridge(QObject):
    """``bridge.deliver(future, on_result)`` calls ``on_result(value)`` on the GUI thread;
    errors go to ``on_error`` (or the ``failed`` signal), never lost in a thread."""

    _done = Signal(object, object, object)  # (future, on_result, on_error)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(self._finish)  # queued: emitted from the worker thread

    def deliver(
        self, future: Future, on_result: Callable[[Any], None], on_error: Callable[[BaseException], None] | None = None
    ) -> None:
        future.add_done_callback(lambda f: self._done.emit(f, on_result, on_error))

    def _finish(
        self, future: Future, on_result: Callable[[Any], None], on_error: Callable[[BaseException], None] | None
    ) -> None:
        error = future.exception()
        if error is None:
            on_result(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            self.failed.emit(f"{type(error).__name__}: {error}")
