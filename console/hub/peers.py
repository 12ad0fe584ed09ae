"""One connected client of the hub (a site or a console) and its outgoing queue.

Each peer has its own writer task while it has something to send (a site that hears nothing
for minutes holds no task): a slow or stuck client fills only its own bounded queue (and is
then disconnected) instead of stalling the relay for everybody else. Messages are
encoded once, strictly (``strict_json.dumps``), before they are queued: what reaches the
writer is bytes that can be sent, and a message that cannot be encoded fails in the handler
that made it, never inside somebody else's writer. Whatever still goes wrong in the writer
(a socket error, a bug) is logged once and closes that peer with a reason: a writer never
dies silently and leaves a peer connected but deaf.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from console.directory.credentials import Credential
from console.hub.quiet_log import LogLimiter
from console.signaling import strict_json

log = logging.getLogger(__name__)
# Messages; a console legitimately receives bursts (presence, answers and acks for a whole
# wall at once), and one starved of CPU for a second must not be cut off for it.
OUTBOX_LIMIT = 4096
# Bytes; a national roll-call is ~3 MB, so a console may have a few queued, not hundreds.
OUTBOX_BYTES = 32 * 1024 * 1024
CLOSE_POLICY = 4008  # too slow
CLOSE_INTERNAL = 1011
CLOSE_HANDSHAKE_S = 10.0  # aiohttp's own wait for a peer's answer to a close
CUT_LINGER_S = 0.5  # a connection cut (cut_connection) is reset only after this


@dataclass(eq=False)
class Peer:
    """A joined WebSocket client. ``identity`` is a site key or an operator name.

    ``credential`` is what authenticated it, so that revoking or re-issuing that token can
    end this connection.
    """

    ws: web.WebSocketResponse
    role: str
    identity: str
    label: str  # what logs and consoles call it: the site's name, the operator
    credential: Credential = Credential("", "", "")
    remote: str = "?"
    origin: str = ""  # how this peer reached the hub (scheme://host), for links made for it
    permissions: frozenset[str] = frozenset()  # a console's, from its role
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    last_seen: float = field(default_factory=time.monotonic)
    state: dict[str, Any] = field(default_factory=dict)
    simulated: bool = False
    kept: set[str] = field(default_factory=set)  # a site's media sessions kept through a lost hub, unclaimed
    muted_before_talk: bool | None = None  # a site's microphone when its talk began: its end restores it
    closed: bool = False
    log_limit: LogLimiter = field(default_factory=LogLimiter)

    def __post_init__(self) -> None:
        self._outbox: deque[bytes] = deque()
        self._queued_bytes = 0
        self._close_with = (1000, "")
        self._cut = False
        self._writer: asyncio.Task | None = None

    def send(self, message: dict[str, Any]) -> None:
        """Encode and queue ``message``; raises ValueError if it is not strict JSON (a bug of
        the caller's: the gate lets nothing through that could make one)."""
        self.send_encoded(strict_json.dumps(message))

    def send_encoded(self, data: bytes) -> None:
        """Queue an encoded message (a broadcast encodes once for every peer); a peer too
        slow to keep up is disconnected."""
        if self.closed:
            return
        if self._queued_bytes + len(data) > OUTBOX_BYTES:
            self._too_slow(f"{self._queued_bytes} bytes queued")
            return
        if len(self._outbox) >= OUTBOX_LIMIT:
            self._too_slow(f"{OUTBOX_LIMIT} messages queued")
            return
        self._outbox.append(data)
        self._queued_bytes += len(data)
        self._start_writer()

    def _start_writer(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write())

    def _too_slow(self, what: str) -> None:
        log.warning("%s %s is not reading its messages (%s); disconnecting", self.role, self.label, what)
        self.close(CLOSE_POLICY, "too slow: outgoing queue full")

    def seen(self) -> None:
        self.last_seen = time.monotonic()

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send what is queued, then close with ``code``; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        self._close_with = (code, reason)
        if code == CLOSE_POLICY:  # too slow: what it has not read is dropped
            self._outbox.clear()
        self._start_writer()

    async def _write(self) -> None:
        """Send until the queue is empty; then, if closed, close the socket."""
        try:
            while self._outbox:
                data = self._outbox.popleft()
                self._queued_bytes -= len(data)
                await self.ws.send_frame(data, WSMsgType.TEXT)
            if not self.closed:
                return
        except asyncio.CancelledError:
            pass
        except (ConnectionError, RuntimeError) as exc:  # the socket went away under us
            self._failed(1001, "connection lost", f"connection lost while sending: {exc}", logging.INFO)
        except Exception as exc:  # a bug of ours: say so once, and let this peer go
            self._failed(CLOSE_INTERNAL, "hub error sending to you", f"sending failed: {exc!r}", logging.ERROR)
        await self._close_socket()

    def _failed(self, code: int, reason: str, detail: str, level: int) -> None:
        if not self.closed:
            self.closed = True
            self._close_with = (code, reason)
        log.log(level, "%s %s: %s; closing it", self.role, self.label, detail)

    async def cut(self, transport: asyncio.Transport | None, code: int, reason: str) -> None:
        """Close at once, reading nothing more: what is queued is dropped, the close frame sent and
        the connection dropped (see ``cut_connection``)."""
        self.closed, self._cut = True, True
        self._outbox.clear()
        self._queued_bytes = 0
        await cut_connection(self.ws, transport, code, reason)

    async def _close_socket(self) -> None:
        code, reason = self._close_with
        if not self.ws.closed and not self._cut:
            try:
                await self.ws.close(code=code, message=reason.encode()[:120])
            except (ConnectionError, RuntimeError, asyncio.CancelledError):
                pass

    async def drained(self) -> None:
        """Wait until the writer has finished (after close), the close handshake included: a
        client busy for a few seconds still gets its close code (4003 revoked, …), not a cut
        connection. As long as aiohttp itself waits for the handshake."""
        if self._writer is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._writer), timeout=CLOSE_HANDSHAKE_S)
        except (TimeoutError, asyncio.CancelledError):
            self._writer.cancel()


async def cut_connection(
    ws: web.WebSocketResponse, transport: asyncio.Transport | None, code: int, reason: str
) -> None:
    """Send a close frame and drop the connection without waiting for the peer's answer.

    For a peer flooding the hub: aiohttp's ``close()`` reads until the peer's own close frame
    arrives, and the frames queued before it (a flood's worth) are parsed on the way, in one go
    on the loop (measured: 60 ms a close, several a second, with four connections pinging).
    """
    if transport is not None:
        transport.pause_reading()
    try:
        await ws.send_frame(struct.pack("!H", code) + reason.encode()[:120], WSMsgType.CLOSE)
        if transport is not None and transport.can_write_eof():
            transport.write_eof()
            # Closed at once with its flood unread, the socket would be reset, and a reset can
            # discard the close frame before the peer reads it: the peer gets a moment first.
            await asyncio.sleep(CUT_LINGER_S)
    except (ConnectionError, RuntimeError):
        pass  # gone already
    if transport is not None:
        transport.close()
