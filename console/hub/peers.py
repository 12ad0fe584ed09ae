"""One connected client of the hub (a site or a console) and its outgoing queue.

Each peer has its own writer task: a slow or stuck client fills only its own bounded queue
(and is then disconnected) instead of stalling the relay for everybody else.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from console.signaling import protocol

log = logging.getLogger(__name__)
# Messages; a console legitimately receives bursts (presence, answers and acks for a whole
# wall at once), and one starved of CPU for a second must not be cut off for it.
OUTBOX_LIMIT = 4096


@dataclass(eq=False)
class Peer:
    """A joined WebSocket client. ``identity`` is a site key or an operator name."""

    ws: web.WebSocketResponse
    role: str
    identity: str
    label: str  # what logs and consoles call it: the site's name, the operator
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    last_seen: float = field(default_factory=time.monotonic)
    state: dict[str, Any] = field(default_factory=dict)
    simulated: bool = False
    closed: bool = False

    def __post_init__(self) -> None:
        self._outbox: asyncio.Queue[str | None] = asyncio.Queue(OUTBOX_LIMIT)
        self._writer = asyncio.get_running_loop().create_task(self._write())

    def send(self, message: dict[str, Any]) -> None:
        """Queue ``message``; a peer too slow to keep up is disconnected."""
        if self.closed:
            return
        try:
            self._outbox.put_nowait(protocol.encode(message))
        except asyncio.QueueFull:
            log.warning("%s %s is not reading its messages; disconnecting", self.role, self.label)
            self.close(4008, "too slow: outgoing queue full")

    def seen(self) -> None:
        self.last_seen = time.monotonic()

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send what is queued, then close with ``code``; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        self._close_with = (code, reason)
        try:
            self._outbox.put_nowait(None)
        except asyncio.QueueFull:
            self._writer.cancel()
            asyncio.get_running_loop().create_task(self._close_socket())

    async def _write(self) -> None:
        try:
            while (text := await self._outbox.get()) is not None:
                await self.ws.send_str(text)
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            pass  # the socket went away; the reader notices and cleans up
        await self._close_socket()

    async def _close_socket(self) -> None:
        code, reason = getattr(self, "_close_with", (1000, ""))
        if not self.ws.closed:
            try:
                await self.ws.close(code=code, message=reason.encode()[:120])
            except (ConnectionError, RuntimeError):
                pass

    async def drained(self) -> None:
        """Wait until the writer has finished (after close)."""
        try:
            await asyncio.wait_for(asyncio.shield(self._writer), timeout=2)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            self._writer.cancel()
