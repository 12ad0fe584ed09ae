"""Media-thread events delivered as a Qt signal on the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class MediaEvents(QObject):
    """Pass ``events.post`` to MediaService as ``on_event``; connect to ``received``.

    ``post`` runs on the media thread; the signal crosses to the GUI thread queued, so
    handlers run where they may touch widgets.
    """

    received = Signal(str, dict)

    def post(self, kind: str, payload: dict[str, Any]) -> None:
        self.received.emit(kind, payload)
