"""A joined session with the hub: hello/welcome, requests with replies, events, heartbeats."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from console.model.reasons import explained, reason_of, valid_reason
from console.signaling import protocol
from console.signaling.channel import ChannelClosed, SignalingChannel
from console.signaling.turn import read_ice_servers

log = logging.getLogger(__name__)
CONSOLE_BEAT_S = 2.0  # _beat_every says why
Handler = Callable[[dict[str, Any]], Awaitable[None] | None]


class HubError(Exception):
    """The hub refused a request (``code`` is a protocol error code) or went away."""

    def __init__(self, code: str, message: str, reason: str = "", args: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        if reason:  # the hub named its sentence: a console can say it in its language
            explained(self, reason, **(args or {}))

    @classmethod
    def from_reply(cls, reply: dict[str, Any], default_code: str) -> HubError:
        """The hub's ``error`` as an exception (its ``reason`` and ``args`` kept when well formed)."""
        reason, args = reply.get("reason"), reply.get("args", {})
        known = valid_reason(reason, args)
        return cls(
            str(reply.get("code") or default_code),
            str(reply.get("message", "")),
            str(reason) if known else "",
            args if known else None,
        )


class HubClient:
    """Speaks the protocol over a channel for one site or console.

    Messages the hub sends unasked go to the handler registered for their type with ``on``;
    a handler's exception is logged, never fatal. ``wait_for`` awaits one matching message.
    A ``presence_batch`` is several ``presence`` messages in one frame: each is routed as a
    ``presence`` of its own, marked ``"batched": True`` (``presence_batch`` handlers get the
    whole batch as well, after its entries: a GUI can take the batch as one update).
    """

    def __init__(
        self,
        channel: SignalingChannel,
        role: str,
        token: str,
        *,
        site: str | None = None,
        state: dict[str, Any] | None = None,
        agent: str = "opsconsole",
        sessions: list[dict[str, str]] | None = None,
    ) -> None:
        """``sessions``: the media sessions kept through a lost hub connection, to be claimed
        again (docs/protocol.md "Kept media sessions")."""
        self.channel = channel
        self.role = role
        self._hello: dict[str, Any] = {"type": "hello", "role": role, "token": token, "agent": agent}
        if site:
            self._hello["site"] = site
        if state:
            self._hello["state"] = state
        if sessions:
            self._hello["sessions"] = sessions
        self.welcome: dict[str, Any] = {}
        # The relay's servers with this client's credentials (turn.py): from the welcome, then
        # from each renewal; a peer connection made now takes the freshest.
        self.ice_servers: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[str, list[Handler]] = {}
        self._waiters: list[tuple[str, Callable[[dict[str, Any]], bool], asyncio.Future[dict[str, Any]]]] = []
        self._tasks: list[asyncio.Task[None]] = []
        # Handlers run one at a time, in arrival order, on their own task: a handler may
        # await a request whose reply the reader must still be free to receive.
        self._inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.closed = asyncio.Event()
        self.close_reason = ""
        self.close_explained: tuple[str, dict[str, Any]] = ("", {})

    def on(self, kind: str, handler: Handler) -> None:
        """Call ``handler(message)`` for every ``kind`` message (several handlers may listen)."""
        self._handlers.setdefault(kind, []).append(handler)

    async def join(self, timeout: float = 10.0) -> dict[str, Any]:
        """Connect and authenticate; raises HubError (e.g. ``unauthorized``) or ChannelClosed."""
        await self.channel.connect()
        await self.channel.send(self._hello)
        try:
            reply = await asyncio.wait_for(self.channel.receive(), timeout)
        except ChannelClosed:
            await self.channel.close()
            raise
        except TimeoutError:
            await self.channel.close()
            raise explained(HubError(protocol.TIMEOUT, "the hub did not answer hello"), "no_welcome") from None
        if reply.get("type") != "welcome":
            await self.channel.close()
            raise HubError.from_reply(reply, "refused")
        self.welcome = reply
        self.ice_servers = read_ice_servers(reply.get("ice_servers"))
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._read()),
            loop.create_task(self._dispatch()),
            loop.create_task(self._beat(self._beat_every(reply.get("heartbeat_s", 5)))),
        ]
        return reply

    async def send(self, message: dict[str, Any]) -> None:
        await self.channel.send(message)

    async def request(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send ``message`` with a fresh id and return the hub's reply; errors raise HubError."""
        re = f"r{next(self._ids)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[re] = future
        try:
            await self.channel.send({**message, "id": re})
            reply = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise explained(
                HubError(protocol.TIMEOUT, f"no reply to {message['type']} within {timeout:g} s"),
                "no_reply",
                request=message["type"],
                seconds=round(timeout),
            ) from None
        finally:
            self._replies.pop(re, None)
        if reply.get("type") == "error":
            raise HubError.from_reply(reply, "error")
        return reply

    async def wait_for(
        self, kind: str, match: Callable[[dict[str, Any]], bool] = lambda m: True, timeout: float = 10.0
    ) -> dict[str, Any]:
        future = asyncio.get_running_loop().create_future()
        entry = (kind, match, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    async def close(self) -> None:
        if not self.closed.is_set():
            try:
                await self.channel.send({"type": "bye"})
            except ChannelClosed:
                pass
        for task in self._tasks:
            task.cancel()
        await self.channel.close()
        self._finish("closed by us")

    async def _read(self) -> None:
        try:
            while True:
                message = await self.channel.receive()
                self._route(message)
        except ChannelClosed as exc:
            self._finish(str(exc), exc)
            await self.channel.close()
        except asyncio.CancelledError:
            pass

    def _route(self, message: dict[str, Any]) -> None:
        if message.get("type") == "presence_batch" and isinstance(message.get("sites"), list):
            for entry in message["sites"]:
                if isinstance(entry, dict):
                    self._route({**entry, "type": "presence", "batched": True})
        re = message.get("re")
        if re is not None and re in self._replies:
            if not self._replies[re].done():
                self._replies[re].set_result(message)
            return
        kind = message.get("type", "")
        if kind == "ice_servers":  # renewed TURN credentials, before they expire
            self.ice_servers = read_ice_servers(message.get("ice_servers")) or self.ice_servers
        for entry in list(self._waiters):
            if entry[0] == kind and not entry[2].done() and entry[1](message):
                entry[2].set_result(message)
                self._waiters.remove(entry)
        if kind in self._handlers:
            self._inbox.put_nowait(message)
        elif kind == "error":
            log.warning("hub error: %s: %s", message.get("code"), message.get("message"))

    async def _dispatch(self) -> None:
        while True:
            message = await self._inbox.get()
            kind = message.get("type", "")
            for handler in self._handlers[kind]:
                try:
                    result = handler(message)
                    if inspect.isawaitable(result):
                        await result
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("handler for %s failed", kind)

    def _beat_every(self, advertised: float) -> float:
        """A console beats more often than the hub asks: a beat is also what finds a vanished
        hub (channel.py, UNACKNOWLEDGED_S), and the room needs control back first; consoles are
        a few dozen, the sites' 10,000 beats stay at the hub's interval."""
        return min(advertised, CONSOLE_BEAT_S) if self.role == "console" else advertised

    async def _beat(self, interval: float) -> None:
        try:
            while True:
                await asyncio.sleep(interval)
                await self.channel.send({"type": "heartbeat"})
        except (ChannelClosed, asyncio.CancelledError):
            pass

    def _finish(self, reason: str, cause: BaseException | None = None) -> None:
        if self.closed.is_set():
            return
        self.close_reason = reason
        self.close_explained = reason_of(cause) if cause is not None else ("", {})  # the reason, named
        self.closed.set()

        def lost() -> HubError:
            return HubError("disconnected", reason, *self.close_explained)

        for future in self._replies.values():
            if not future.done():
                future.set_exception(lost())
        for _, _, future in self._waiters:
            if not future.done():
                future.set_exception(lost())
        for task in self._tasks:
            if task is not asyncio.current_task():
                task.cancel()
