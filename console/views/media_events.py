"""Media-thread events delivered as a Qt signal on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class MediaEvents(QObject):
    """Pass ``events.post`` to MediaService as ``on_event``; connect to ``received``, then
    call ``release()``.

    ``post`` runs on the media thread; the signal crosses to the GUI thread queued, so
    handlers run where they may touch widgets. Events posted before ``release`` (who was
    online when the console joined, arriving while its window is still being built) are
    kept and delivered first, in order: a signal with no receiver yet would lose them.

    After ``close()`` nothing more is delivered, not even what was posted before and is still
    queued: the window those handlers speak to is being torn down (a media worker restarted
    just as the console closed would otherwise tell a banner Qt has already deleted).
    """

    received = Signal(str, dict)
    _posted = Signal(str, dict)  # crosses to the GUI thread; ``_deliver`` checks close there

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._held: list[tuple[str, dict[str, Any]]] | None = []
        self._closed = False
        self._posted.connect(self._deliver)

    def post(self, kind: str, payload: dict[str, Any]) -> None:
        with self._lock:
            if self._closed:
                return
            if self._held is not None:
                self._held.append((kind, payload))
                return
        self._posted.emit(kind, payload)

    @Slot(str, dict)
    def _deliver(self, kind: str, payload: dict[str, Any]) -> None:
        if not self._closed:
            self.received.emit(kind, payload)

    def close(self) -> None:
        """Deliver nothing more (called on the GUI thread as the console shuts down)."""
        with self._lock:
            self._closed = True

    def release(self) -> None:
        """Deliver what was held (on this, the GUI thread) and everything from now on."""
        with self._lock:
            held, self._held = self._held or [], None
        for kind, payload in held:
            self.received.emit(kind, payload)
