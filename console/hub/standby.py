"""What a standby hub serves: its health (``standby``, and which hub is active where) and a
refusal of every hello that names the active hub's address, so a client goes there at once.

A standby keeps no state and writes nothing: it reads no token, so a site's, an operator's and
a wrong one are all refused alike, before anything is looked up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from console.hub.metrics import PREFIX
from console.hub.site_page import add_site_page, websocket_origins
from console.model.reasons import explained
from console.signaling import protocol, strict_json
from console.signaling.hub_address import is_loopback
from console.signaling.protocol import ProtocolError

CLOSE_STANDBY = protocol.CLOSE_STANDBY  # the hub is standby (or has just stepped down): try the active one
HELLO_TIMEOUT_S = 10.0
LEASE_HELP = "1 where this hub holds the lease, that is, is the active hub"
REFUSALS_ANSWERED: web.AppKey[Callable[[], Awaitable[None]]] = web.AppKey("refusals_answered")


def standby_error(active_address: str, re: Any = None) -> ProtocolError:
    """The refusal of a hello: which hub to go to instead (empty while none is active)."""
    where = f"the active hub is at {active_address}" if active_address else "no hub is active at the moment"
    return explained(
        ProtocolError(protocol.STANDBY, f"this hub is a standby; {where}", re), "hub_standby", active=active_address
    )


def standby_app(info: Callable[[], dict[str, Any]]) -> web.Application:
    """The standby's application; ``info()`` is the pair's view: ``hub``, ``active`` (its
    ``hub`` and ``address``, or None) and ``hubs`` (every hub's address)."""

    async def health(request: web.Request) -> web.Response:
        # 503: a load balancer or a probe sends nobody to a standby.
        body = {"ok": False, "role": "standby", "protocol": protocol.VERSION, **info()}
        return web.json_response(body, status=503)

    in_flight: set[asyncio.Future[None]] = set()  # refusals waiting for their hello

    async def refuse(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=protocol.MAX_MESSAGE_BYTES, compress=False)
        await ws.prepare(request)
        done = asyncio.get_running_loop().create_future()
        in_flight.add(done)
        try:
            await _answer(ws)
        finally:
            in_flight.discard(done)
            done.set_result(None)
        return ws

    async def refusals_answered() -> None:
        if in_flight:
            await asyncio.wait(list(in_flight), timeout=HELLO_TIMEOUT_S)

    async def _answer(ws: web.WebSocketResponse) -> None:
        re = None
        try:
            msg = await ws.receive(timeout=HELLO_TIMEOUT_S)
            if msg.type == WSMsgType.TEXT:
                with contextlib.suppress(ValueError):
                    hello = json.loads(msg.data)
                    re = hello.get("id") if isinstance(hello, dict) else None
            active = info().get("active") or {}
            error = standby_error(str(active.get("address") or ""), re if isinstance(re, str | int) else None)
            await ws.send_frame(strict_json.dumps(error.to_message()), WSMsgType.TEXT)
            await ws.close(code=CLOSE_STANDBY, message=protocol.STANDBY.encode())
        except (TimeoutError, ConnectionError, RuntimeError):
            await ws.close()

    async def metrics(request: web.Request) -> web.Response:
        # A standby reads no tokens: it shows its few figures to this machine only (a scraper
        # beside it), and says where the active hub's full metrics are to anyone else.
        if not is_loopback(request.remote or ""):
            return await elsewhere(request)
        registry = CollectorRegistry()
        me = str(info().get("hub") or "")
        Gauge(f"{PREFIX}_lease_held", LEASE_HELP, ["hub"], registry=registry).labels(me).set(0)
        Gauge(f"{PREFIX}_standby", "1 while this hub is a standby of a pair", registry=registry).set(1)
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def elsewhere(request: web.Request) -> web.Response:
        active = info().get("active") or {}
        return web.json_response(
            {"error": protocol.STANDBY, "message": standby_error(str(active.get("address") or "")).message}, status=503
        )

    app = web.Application()
    # The site page too: an invitation's link to this hub still opens, and the page follows the
    # refusal of its hello to the active hub.
    add_site_page(app, lambda: websocket_origins(list(info().get("hubs") or ())))
    app.router.add_get("/healthz", health)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/ws/site", refuse)
    app.router.add_get("/ws/console", refuse)
    app.router.add_route("*", "/{tail:.*}", elsewhere)
    app[REFUSALS_ANSWERED] = refusals_answered
    return app


async def let_refusals_answer(app: web.Application) -> None:
    """Before a standby's application goes (its hub takes over, or stops): wait until the
    refusals in flight have answered their hello, naming the hub active now, so a client that
    connected at that moment comes straight back. aiohttp's cleanup would cut them. (Any other
    application: nothing to wait for.)"""
    answered = app.get(REFUSALS_ANSWERED)
    if answered is not None:
        await answered()
