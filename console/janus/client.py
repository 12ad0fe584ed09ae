"""The Janus HTTP API (``/janus``) and Admin API (``/admin``), as asyncio calls.

A ``JanusSession`` long-polls its events (``GET /janus/<session>?maxev=N``) on one task and
hands them to its handles: replies to asynchronous requests by transaction, everything else
(``publishers`` in a room, ``webrtcup``, ``hangup``, ``slowlink``…) to the handle's
``on_event``. A session whose long poll keeps failing is declared lost (``lost`` is set, with
the reason in ``lost_reason``): the Janus instance died or stopped answering.

Every failure is a ``JanusError`` with a code and a sentence: Janus's own error codes
(e.g. 403 unauthorized, 458 no such session), a plugin's ``error_code`` (VideoRoom 426 no
such room, 433 unauthorized…), or ``UNREACHABLE`` when nothing answered at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

import aiohttp

log = logging.getLogger(__name__)
UNREACHABLE = -1  # our code: the HTTP request itself failed (refused, timed out, garbage)
REQUEST_TIMEOUT_S = 5.0
LONG_POLL_S = 35.0  # Janus answers a long poll with a keepalive after ~30 s
KEEPALIVE_S = 20.0
LOST_AFTER_FAILURES = 3


class JanusError(Exception):
    """A request Janus refused, or an instance that could not be reached."""

    def __init__(self, code: int, reason: str, url: str = "") -> None:
        super().__init__(
            f"{reason} (Janus {'unreachable' if code == UNREACHABLE else f'error {code}'}{f' at {url}' if url else ''})"
        )
        self.code = code
        self.reason = reason
        self.url = url

    @property
    def unreachable(self) -> bool:
        return self.code == UNREACHABLE


def _transaction() -> str:
    return secrets.token_hex(8)


def http_session() -> aiohttp.ClientSession:
    """An HTTP client for many Janus sessions at once (no cap on connections: each long
    poll holds one)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=False))


_shared: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}


def shared_http() -> aiohttp.ClientSession:
    """One HTTP client per event loop for the many Janus sessions a fleet of simulated sites
    (or a console) holds; ``close_shared_http`` ends it."""
    loop = asyncio.get_running_loop()
    session = _shared.get(loop)
    if session is None or session.closed:
        session = _shared[loop] = http_session()
    return session


async def close_shared_http() -> None:
    session = _shared.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


class JanusClient:
    """One Janus instance's API at ``url`` (``http://host:8088/janus``).

    ``token``: a token the hub added (sites, consoles); ``apisecret``: the shard's API secret
    (the hub). ``http``: a shared aiohttp session (one is made and owned otherwise).
    """

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        apisecret: str | None = None,
        http: aiohttp.ClientSession | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
    ) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.apisecret = apisecret
        self.timeout = timeout
        self._http = http
        self._owns_http = http is None

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = http_session()
            self._owns_http = True
        return self._http

    async def close(self) -> None:
        if self._owns_http and self._http is not None:
            await self._http.close()

    def _auth(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.token:
            body["token"] = self.token
        if self.apisecret:
            body["apisecret"] = self.apisecret
        return body

    async def post(self, path: str, body: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """POST a Janus API request; the reply, or JanusError for an ``error`` reply."""
        body = self._auth({**body, "transaction": body.get("transaction") or _transaction()})
        reply = await self._http_json("POST", f"{self.url}{path}", timeout or self.timeout, json_body=body)
        if reply.get("janus") == "error":
            error = reply.get("error") or {}
            raise JanusError(int(error.get("code", 0)), str(error.get("reason", "error")), self.url)
        return reply

    async def _http_json(
        self, method: str, url: str, timeout: float, json_body: Any = None, params: dict | None = None
    ) -> Any:
        try:
            async with self.http.request(
                method, url, json=json_body, params=params, timeout=aiohttp.ClientTimeout(total=timeout)
            ) as response:
                text = await response.text()
        except TimeoutError:
            raise JanusError(UNREACHABLE, f"no answer within {timeout:g} s", self.url) from None
        except aiohttp.ClientError as exc:
            raise JanusError(UNREACHABLE, f"cannot reach Janus: {exc}", self.url) from None
        try:
            return json.loads(text)
        except ValueError:
            raise JanusError(
                UNREACHABLE, f"not a Janus API (HTTP {response.status}: {text[:120]!r})", self.url
            ) from None

    async def info(self, timeout: float | None = None) -> dict[str, Any]:
        reply = await self._http_json("GET", f"{self.url}/info", timeout or self.timeout)
        if not isinstance(reply, dict) or reply.get("janus") != "server_info":
            raise JanusError(UNREACHABLE, "not a Janus server (no server_info)", self.url)
        return reply

    async def create_session(self, poll: bool = True) -> JanusSession:
        reply = await self.post("", {"janus": "create"})
        session = JanusSession(self, int(reply["data"]["id"]))
        if poll:
            session.start()
        return session

    async def claim_session(self, session_id: int) -> JanusSession:
        """Take over a session a previous run of ours created (``reclaim_session_timeout``)."""
        await self.post(f"/{session_id}", {"janus": "claim"})
        session = JanusSession(self, session_id)
        session.start()
        return session


class JanusSession:
    """A Janus session: its handles, its long poll, its keepalives."""

    def __init__(self, client: JanusClient, session_id: int) -> None:
        self.client = client
        self.id = session_id
        self.handles: dict[int, JanusHandle] = {}
        self.lost = asyncio.Event()
        self.lost_reason = ""
        self.on_lost: Callable[[str], None] | None = None
        self._tasks: list[asyncio.Task] = []
        self._destroyed = False

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._poll()), loop.create_task(self._keepalive())]

    async def attach(self, plugin: str) -> JanusHandle:
        reply = await self.client.post(f"/{self.id}", {"janus": "attach", "plugin": plugin})
        handle = JanusHandle(self, int(reply["data"]["id"]), plugin)
        self.handles[handle.id] = handle
        return handle

    def stop_polling(self) -> None:
        """Stop listening and keeping it alive, but leave it on Janus (to be claimed later)."""
        self._destroyed = True
        for task in self._tasks:
            task.cancel()

    def abandon(self, reason: str) -> None:
        """Forget the session without a word to Janus (the server is gone, or given up on): stop
        polling and keepalives, and fail every request still waiting with ``reason``."""
        self._destroyed = True
        for task in self._tasks:
            task.cancel()
        self._fail_waiters(reason)

    async def destroy(self) -> None:
        """Destroy the session on Janus (its handles and PeerConnections go with it)."""
        if self._destroyed:
            return
        self._destroyed = True
        for task in self._tasks:
            task.cancel()
        if not self.lost.is_set():
            try:
                await self.client.post(f"/{self.id}", {"janus": "destroy"}, timeout=2)
            except JanusError:
                pass  # gone already
        self._fail_waiters("the Janus session was destroyed")

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            try:
                await self.client.post(f"/{self.id}", {"janus": "keepalive"})
            except JanusError as error:
                log.debug("keepalive for Janus session %s failed: %s", self.id, error)

    async def _poll(self) -> None:
        failures = 0
        params: dict[str, str] = {"maxev": "20"}
        if self.client.token:
            params["token"] = self.client.token
        if self.client.apisecret:
            params["apisecret"] = self.client.apisecret
        while True:
            params["rid"] = str(int(time.time() * 1000))
            try:
                # The session long-polls through its client's HTTP.
                reply = await self.client._http_json(  # noqa: SLF001
                    "GET",
                    f"{self.client.url}/{self.id}",
                    LONG_POLL_S,
                    params=params,
                )
            except JanusError as error:
                failures += 1
                if failures >= LOST_AFTER_FAILURES:
                    self._lose(error.reason)
                    return
                await asyncio.sleep(0.3 * failures)
                continue
            failures = 0
            events = reply if isinstance(reply, list) else [reply]
            for event in events:
                if isinstance(event, dict) and event.get("janus") == "error":
                    code = int((event.get("error") or {}).get("code", 0))
                    if code in (403, 458):  # unauthorized (token removed), no such session
                        self._lose((event.get("error") or {}).get("reason", "session gone"))
                        return
                self._dispatch(event)

    def _dispatch(self, event: Any) -> None:
        if not isinstance(event, dict):
            return
        sender: Any = event.get("sender")  # Janus's handle id (a stranger's event: anything)
        handle = self.handles.get(sender)
        if handle is not None:
            handle._deliver(event)  # noqa: SLF001 (the session routes its handles' events)

    def _lose(self, reason: str) -> None:
        if self.lost.is_set() or self._destroyed:
            return
        self.lost_reason = reason
        self.lost.set()
        self._fail_waiters(f"the Janus session was lost: {reason}")
        for task in self._tasks:
            if task is not asyncio.current_task():
                task.cancel()
        if self.on_lost is not None:
            self.on_lost(reason)

    def _fail_waiters(self, reason: str) -> None:
        for handle in self.handles.values():
            handle._fail(reason)  # noqa: SLF001 (the session fails its handles when it ends)


class JanusHandle:
    """A plugin handle. ``request`` for synchronous plugin requests, ``message`` for
    asynchronous ones (the reply comes as an event, maybe with a JSEP)."""

    def __init__(self, session: JanusSession, handle_id: int, plugin: str) -> None:
        self.session = session
        self.id = handle_id
        self.plugin = plugin
        self.short = plugin.rsplit(".", 1)[-1]  # "videoroom": the key of its plugindata
        self.on_event: Callable[[dict[str, Any]], None] | None = None
        self._waiting: dict[str, asyncio.Future] = {}

    @property
    def path(self) -> str:
        return f"/{self.session.id}/{self.id}"

    async def request(self, body: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """A synchronous plugin request (create, exists, moderate, rtp_forward, …): its data."""
        reply = await self.session.client.post(self.path, {"janus": "message", "body": body}, timeout)
        if reply.get("janus") == "ack":  # it was asynchronous after all: wait for the event
            return (await self._await_event(reply["transaction"], timeout))[0]
        return self._data(reply)

    async def message(
        self, body: dict[str, Any], jsep: dict[str, Any] | None = None, timeout: float = 10.0
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """An asynchronous request (join, publish, start, subscribe…): (data, jsep) of its event."""
        transaction = _transaction()
        future = asyncio.get_running_loop().create_future()
        self._waiting[transaction] = future
        request: dict[str, Any] = {"janus": "message", "body": body, "transaction": transaction}
        if jsep is not None:
            request["jsep"] = jsep
        try:
            reply = await self.session.client.post(self.path, request)
            if reply.get("janus") == "success":  # answered at once (some requests are)
                return self._data(reply), reply.get("jsep")
            return await self._await_event(transaction, timeout)
        finally:
            self._waiting.pop(transaction, None)

    async def _await_event(self, transaction: str, timeout: float | None) -> tuple[dict, dict | None]:
        future = self._waiting.get(transaction)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._waiting[transaction] = future
        try:
            event = await asyncio.wait_for(future, timeout or 10.0)
        except TimeoutError:
            raise JanusError(
                UNREACHABLE,
                f"no event from the {self.short} plugin within {timeout or 10:g} s",
                self.session.client.url,
            ) from None
        finally:
            self._waiting.pop(transaction, None)
        return self._data(event), event.get("jsep")

    def _data(self, reply: dict[str, Any]) -> dict[str, Any]:
        data = ((reply.get("plugindata") or {}).get("data")) or {}
        if "error_code" in data or data.get(self.short) == "error" or "error" in data:
            raise JanusError(
                int(data.get("error_code", 0)), str(data.get("error", "plugin error")), self.session.client.url
            )
        return data

    async def trickle_completed(self) -> None:
        """Tell Janus we have no more candidates (they are all in our SDP)."""
        await self.session.client.post(self.path, {"janus": "trickle", "candidate": {"completed": True}})

    async def hangup(self) -> None:
        try:
            await self.session.client.post(self.path, {"janus": "hangup"}, timeout=2)
        except JanusError:
            pass

    async def detach(self) -> None:
        self.session.handles.pop(self.id, None)
        try:
            await self.session.client.post(self.path, {"janus": "detach"}, timeout=2)
        except JanusError:
            pass

    def _deliver(self, event: dict[str, Any]) -> None:
        future = self._waiting.get(event.get("transaction") or "")
        if future is not None and not future.done() and event.get("janus") == "event":
            future.set_result(event)
            return
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a listener's bug must not stop the session's long poll
                log.exception("Janus event handler failed for %s", event.get("janus"))

    def _fail(self, reason: str) -> None:
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(JanusError(UNREACHABLE, reason, self.session.client.url))


class JanusAdmin:
    """The Admin API at ``url`` (``http://host:7088/admin``): tokens the hub issues."""

    def __init__(self, url: str, secret: str, http: aiohttp.ClientSession | None = None) -> None:
        self.client = JanusClient(url, http=http)
        self.secret = secret

    async def _admin(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self.client.post("", {**body, "admin_secret": self.secret})

    async def add_token(self, token: str, plugins: list[str]) -> None:
        await self._admin({"janus": "add_token", "token": token, "plugins": plugins})

    async def list_tokens(self) -> list[str]:
        reply = await self._admin({"janus": "list_tokens"})
        return [t["token"] for t in (reply.get("data") or {}).get("tokens", []) if isinstance(t, dict)]

    async def remove_token(self, token: str) -> None:
        try:
            await self._admin({"janus": "remove_token", "token": token})
        except JanusError as error:
            if error.code != 470:  # JANUS_ERROR_TOKEN_NOT_FOUND: gone already
                raise

    async def close(self) -> None:
        await self.client.close()
