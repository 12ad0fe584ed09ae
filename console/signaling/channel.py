"""How protocol messages travel: four verbs behind an ABC (as aiortc's contrib/signaling)."""

from __future__ import annotations

import asyncio
import json
import socket
from abc import ABC, abstractmethod
from typing import Any

import aiohttp

from console.model.reasons import explained
from console.signaling import protocol
from console.signaling.hub_address import HubAddress, explain_tls_error

# A hub whose machine vanished (power, a cut link) sends no reset: the socket would wait on TCP's
# retransmissions for a quarter of an hour. Data unacknowledged this long ends the connection
# instead; a site beats every 5 s and a console every 2, so a lost hub is noticed within about
# 11 s by a site and 8 s by a console (a link that cannot get one packet acknowledged in 6 s,
# five retransmissions, carries no usable media either; it joins again when it recovers).
UNACKNOWLEDGED_S = 6.0
CONNECT_S = 10.0  # a hub that does not even answer the connection: try the next
# With another hub of a pair to try, a silent address is given up sooner: a lost machine answers
# no connection at all, and a TCP connection is made in one round trip (a commune's thin link:
# well under 1 s), or in 1 s more when its first SYN is lost.
CONNECT_S_WITH_ANOTHER_HUB = 3.0


class ChannelClosed(ConnectionError):
    """The other end is gone."""


class SignalingChannel(ABC):
    """A bidirectional stream of JSON messages."""

    @abstractmethod
    async def connect(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def send(self, message: dict[str, Any]) -> None: ...

    @abstractmethod
    async def receive(self) -> dict[str, Any]:
        """The next message; raises ChannelClosed when the channel ends."""


class WebSocketChannel(SignalingChannel):
    """A hub endpoint over WebSocket: ``http(s)://host:port`` + role -> ``ws(s)://host:port/ws/<role>``.

    ``hub`` is a HubAddress (its TLS context verifies the hub) or a URL string (taken as it
    is: user-facing commands check theirs with ``HubAddress.parse``, which refuses plain http
    to another machine)."""

    def __init__(self, hub: str | HubAddress, role: str, connect_s: float = CONNECT_S) -> None:
        self.address = hub if isinstance(hub, HubAddress) else HubAddress(_base(hub))
        self.url = self.address.websocket(role)
        self.connect_s = connect_s  # how long a connection may take to be made (then: unreachable)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None

    async def connect(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_connect=self.connect_s))
        try:
            # Replies such as a national roll-call are far larger than anything a client sends.
            self._ws = await self._session.ws_connect(
                self.url,
                max_msg_size=64 * 1024 * 1024,
                timeout=aiohttp.ClientWSTimeout(ws_close=2),
                ssl=self.address.ssl if self.address.ssl is not None else True,
            )
            _end_when_unacknowledged(self._ws)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            await self._session.close()
            why = explain_tls_error(exc, self.address) or str(exc)
            raise explained(
                ChannelClosed(f"cannot reach the hub at {self.url}: {why}"), _unreachable(exc), address=self.address.url
            ) from exc

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()

    async def send(self, message: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            raise explained(ChannelClosed("the hub connection is closed"), "hub_connection_closed")
        try:
            await self._ws.send_str(protocol.encode(message))
        except (ConnectionError, RuntimeError) as exc:
            raise ChannelClosed(str(exc)) from exc

    async def receive(self) -> dict[str, Any]:
        assert self._ws is not None, "connect() first"
        while True:
            msg = await self._ws.receive()
            if msg.type == aiohttp.WSMsgType.TEXT:
                try:
                    value = json.loads(msg.data)
                except json.JSONDecodeError:
                    continue  # the hub never sends this; a proxy might
                if isinstance(value, dict):
                    return value
            elif msg.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSING,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            ):
                # The code in the hub's close frame (aiohttp's close_code turns to 1006 when our
                # reply finds the socket already gone).
                self._close_code = msg.data if msg.type == aiohttp.WSMsgType.CLOSE else self._ws.close_code
                raise explained(
                    ChannelClosed(f"hub closed the connection (code {self._close_code}{_reason(msg)})"),
                    "hub_closed_connection",
                    code=self._close_code or 0,
                )

    @property
    def close_code(self) -> int | None:
        return getattr(self, "_close_code", None) or (self._ws.close_code if self._ws else None)


def _base(url: str) -> str:
    """``ws(s)://``, ``http(s)://`` or a bare ``host:port`` as an ``http(s)://`` base URL."""
    base = url.strip().rstrip("/")
    if base.startswith("ws"):
        base = "http" + base[2:]
    elif not base.startswith("http"):
        base = "http://" + base
    return base


def _unreachable(exc: BaseException) -> str:
    """Why a connection to the hub failed, as a reason code: its name is unknown, nothing
    listens there, its certificate was refused, no answer in time, or another network error."""
    os_error = getattr(exc, "os_error", None)
    if isinstance(exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError)):
        return "hub_tls_failed"
    if isinstance(exc, aiohttp.ClientConnectorDNSError) or isinstance(os_error, socket.gaierror):
        return "hub_name_not_found"
    if isinstance(os_error, ConnectionRefusedError) or isinstance(exc, ConnectionRefusedError):
        return "hub_refused"
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError, aiohttp.ServerTimeoutError)) or isinstance(
        os_error, TimeoutError
    ):
        return "hub_timed_out"
    if isinstance(exc, aiohttp.WSServerHandshakeError):
        return "hub_not_answering_websocket"
    return "hub_unreachable"


def _reason(msg: aiohttp.WSMessage) -> str:
    extra = msg.extra if isinstance(msg.extra, str) else ""
    return f": {extra}" if extra else ""


class InMemoryChannel(SignalingChannel):
    """One end of an in-process pair; ``InMemoryChannel.pair()`` gives both ends."""

    def __init__(self) -> None:
        self._inbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._other: InMemoryChannel | None = None
        self._closed = False

    @classmethod
    def pair(cls) -> tuple[InMemoryChannel, InMemoryChannel]:
        a, b = cls(), cls()
        a._other, b._other = b, a
        return a, b

    async def connect(self) -> None:
        pass

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._inbox.put_nowait(None)
            if self._other is not None and not self._other._closed:  # noqa: SLF001 (the same class's state on another instance)
                await self._other.close()

    async def send(self, message: dict[str, Any]) -> None:
        if self._closed or self._other is None or self._other._closed:  # noqa: SLF001 (the same class's state on another instance)
            raise ChannelClosed("the other end is closed")
        # A JSON round trip, so both ends see exactly what a WebSocket would carry.
        self._other._inbox.put_nowait(json.loads(protocol.encode(message)))  # noqa: SLF001 (the pair's other end: a loopback delivers to its inbox)

    async def receive(self) -> dict[str, Any]:
        message = await self._inbox.get()
        if message is None:
            self._inbox.put_nowait(None)
            raise ChannelClosed("channel closed")
        return message


def _end_when_unacknowledged(ws: aiohttp.ClientWebSocketResponse) -> None:
    """TCP_USER_TIMEOUT (Linux): see UNACKNOWLEDGED_S. Elsewhere the connection waits as before."""
    sock = ws.get_extra_info("socket")
    if sock is not None and hasattr(socket, "TCP_USER_TIMEOUT"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(UNACKNOWLEDGED_S * 1000))
