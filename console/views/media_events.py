"""Media-thread events delivered as a Qt signal on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal


class MediaEvents(QObject):
    """Pass ``events.post`` to MediaService as ``on_event``; connect to ``received``, then
    call ``release()``.

    ``post`` runs on the media thread; the signal crosses to the GUI thread queued, so
    handlers run where they may touch widgets. Events posted before ``release`` (who was
    online when the console joined, arriving while its window is still being built) are
    kept and delivered first, in order: a signal with no receiver yet would lose them.
    """

    received = Signal(str, dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._held: list[tuple[str, dict[str, Any]]] | None = []

    def post(self, kind: str, payload: dict[str, Any]) -> None:
        with self._lock:
            if self._held is not None:
                self._held.append((kind, payload))
                return
        self.received.emit(kind, payload)

    def release(self) -> None:
        """Deliver what was held (on this, the GUI thread) and everything from now on."""
        with self._lock:
            held, self._held = self._held or [], None
        for kind, payload in held:
            self.received.emit(kind, payload)
