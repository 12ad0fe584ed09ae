"""Presence to consoles: at once when a site comes or goes alone, batched when many do.

When a province's network drops, a thousand sites go offline within a second; a frame per
site per console made the consoles' loops and windows churn through a thousand updates. A
change that follows the last send by ``interval_s`` or more goes out at once (a single
``presence``, as before); changes closer together wait for the next tick and go out as one
``presence_batch``, so a console gets at most five presence frames a second, however large
the event.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

INTERVAL_S = 0.2


class PresenceFanout:
    """Collects presence changes; ``send(message)`` broadcasts (encoded once) to every console."""

    def __init__(self, send: Callable[[dict[str, Any]], None], interval_s: float = INTERVAL_S) -> None:
        self._send = send
        self.interval_s = interval_s
        self._pending: dict[str, dict[str, Any]] = {}  # site -> its latest change (the last one wins)
        self._last_sent = -interval_s
        self._timer: asyncio.TimerHandle | None = None

    def changed(self, entry: dict[str, Any]) -> None:
        """``entry`` is a presence without ``type``: ``site``, ``online``, ``last_seen``, …"""
        self._pending[entry["site"]] = entry
        if self._timer is not None:
            return
        wait = self._last_sent + self.interval_s - time.monotonic()
        if wait <= 0:
            self.flush()
        else:
            self._timer = asyncio.get_running_loop().call_later(wait, self.flush)

    def flush(self) -> None:
        self._timer = None
        if not self._pending:
            return
        entries, self._pending = list(self._pending.values()), {}
        self._last_sent = time.monotonic()
        if len(entries) == 1:
            self._send({"type": "presence", **entries[0]})
        else:
            self._send({"type": "presence_batch", "sites": entries})

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
