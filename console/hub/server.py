"""The hub: authenticates sites and consoles, tracks presence, relays signaling and control.

Media never passes through it (GUIDE.md §1): it carries offers, answers and ICE candidates
between a console and a site, control messages and their acknowledgements, and presence.
Every SQLite call goes through the directory worker, so the event loop never waits on disk.
See docs/protocol.md for the messages.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from aiohttp import WSMsgType, web

from console.directory import DirectoryWorker, credentials
from console.directory.audit import append_audit
from console.hub.peers import Peer
from console.hub.site_page import add_site_page
from console.rtc.sdp import SdpError, check_sdp
from console.signaling import protocol
from console.signaling.protocol import ProtocolError

log = logging.getLogger(__name__)
HELLO_TIMEOUT_S = 10.0
CONTROL_TIMEOUT_S = 5.0
MAX_ERRORS_IN_A_ROW = 50  # a client that only sends malformed messages is cut off after this many
WS_HARD_LIMIT = 1024 * 1024  # beyond the protocol limit, aiohttp closes with 1009


@dataclass
class PendingControl:
    console: Peer
    re: Any
    site: str
    action: str
    params: dict[str, Any]
    timer: asyncio.TimerHandle


@dataclass
class MediaSession:
    """An offer/answer exchange between one console and one site."""

    console: Peer
    site: str


class Hub:
    """State and handlers; ``app()`` builds the aiohttp application around them."""

    def __init__(self, worker: DirectoryWorker, heartbeat_s: float = protocol.HEARTBEAT_S,
                 dead_after_s: float = protocol.DEAD_AFTER_S,
                 control_timeout_s: float = CONTROL_TIMEOUT_S) -> None:
        self.worker = worker
        # Clients beat at the advertised interval; three missed beats make a peer dead.
        self.heartbeat_s = min(heartbeat_s, dead_after_s / 3)
        self.dead_after_s = dead_after_s
        self.control_timeout_s = control_timeout_s
        self.sites: dict[str, Peer] = {}
        self.consoles: dict[str, Peer] = {}
        self.media: dict[str, MediaSession] = {}
        self.pending: dict[str, PendingControl] = {}
        self.started = time.time()
        self._sweeper: asyncio.Task | None = None

    # --- application ------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/ws/site", self._serve_site)
        app.router.add_get("/ws/console", self._serve_console)
        app.router.add_get("/healthz", self._health)
        add_site_page(app)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep_dead_peers())

    async def _on_shutdown(self, app: web.Application) -> None:
        if self._sweeper:
            self._sweeper.cancel()
        for peer in [*self.sites.values(), *self.consoles.values()]:
            peer.close(1001, "hub shutting down")
        await self._db(_mark_all_offline)

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "sites_online": len(self.sites),
                                  "consoles": len(self.consoles), "protocol": protocol.VERSION})

    async def _db(self, call: Callable[[Any], Any]) -> Any:
        return await asyncio.wrap_future(self.worker.submit(call))

    # --- connection lifecycle ---------------------------------------------------------

    async def _serve_site(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "site")

    async def _serve_console(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "console")

    async def _serve(self, request: web.Request, role: str) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=WS_HARD_LIMIT, heartbeat=self.heartbeat_s * 2)
        await ws.prepare(request)
        peer = await self._join(ws, role, request.remote or "?")
        if peer is None:
            return ws
        try:
            await self._read(peer)
        finally:
            await self._leave(peer)
        return ws

    async def _join(self, ws: web.WebSocketResponse, role: str, remote: str) -> Peer | None:
        try:
            msg = await ws.receive(timeout=HELLO_TIMEOUT_S)
        except asyncio.TimeoutError:
            await _refuse(ws, ProtocolError(protocol.UNAUTHORIZED, "no hello within 10 s"))
            return None
        if msg.type != WSMsgType.TEXT:
            await _refuse(ws, ProtocolError(protocol.BAD_MESSAGE, "expected a hello text message"))
            return None
        try:
            hello = protocol.decode(msg.data)
            if hello["type"] != "hello":
                raise ProtocolError(protocol.NOT_JOINED, "the first message must be hello", hello.get("id"))
            if hello["role"] != role:
                raise ProtocolError(protocol.BAD_MESSAGE, f"this endpoint is for role {role!r}", hello.get("id"))
            peer = await (self._join_site(ws, hello) if role == "site" else self._join_console(ws, hello))
        except ProtocolError as error:
            log.info("refused %s from %s: %s", role, remote, error.message)
            await _refuse(ws, error)
            return None
        log.info("%s joined: %s (%s)", role, peer.label, remote)
        return peer

    async def _join_site(self, ws: web.WebSocketResponse, hello: dict) -> Peer:
        token, key = hello["token"], hello.get("site")

        def authenticate(d):
            site = credentials.site_for_token(d, token)
            if site is None and key and credentials.is_local_token(d, token):
                found = d.get(key)
                return (found, True) if found is not None and found.active else (None, True)
            return site, False

        site, simulated = await self._db(authenticate)
        if site is None:
            raise ProtocolError(protocol.UNAUTHORIZED,
                                f"unknown site {key!r}" if simulated else "invalid or revoked site token",
                                hello.get("id"))
        previous = self.sites.get(site.key)
        if previous is not None:  # a rejoin after a network drop: the newest connection wins
            previous.send(protocol.error_message(protocol.REPLACED, "this site joined again elsewhere"))
            previous.close(4001, "replaced by a newer connection")
            await self._site_gone(previous, "rejoined")
        peer = Peer(ws, "site", site.key, site.name, state=dict(hello.get("state") or {}), simulated=simulated)
        self.sites[site.key] = peer
        peer.send({"type": "welcome", "re": hello.get("id"), "session": peer.session,
                   "site": {"key": site.key, "code": site.code, "name": site.name, "path": site.path},
                   "heartbeat_s": self.heartbeat_s, "dead_after_s": self.dead_after_s})
        now = _now()
        await self._db(lambda d: _set_status(d, site.key, "online", now))
        self._broadcast({"type": "presence", "site": site.key, "online": True, "last_seen": now,
                         "state": peer.state, "simulated": simulated})
        return peer

    async def _join_console(self, ws: web.WebSocketResponse, hello: dict) -> Peer:
        token = hello["token"]
        operator = await self._db(lambda d: credentials.operator_for_token(d, token))
        if operator is None:
            raise ProtocolError(protocol.UNAUTHORIZED, "invalid or revoked operator token", hello.get("id"))
        peer = Peer(ws, "console", operator, operator)
        self.consoles[peer.session] = peer
        peer.send({"type": "welcome", "re": hello.get("id"), "session": peer.session, "operator": operator,
                   "heartbeat_s": self.heartbeat_s, "dead_after_s": self.dead_after_s})
        return peer

    async def _read(self, peer: Peer) -> None:
        errors_in_a_row = 0
        async for msg in peer.ws:
            peer.seen()
            if msg.type != WSMsgType.TEXT:
                if msg.type == WSMsgType.BINARY:
                    peer.send(protocol.error_message(protocol.BAD_MESSAGE, "binary frames are not part of the protocol"))
                continue
            try:
                message = protocol.decode(msg.data)
                if message["type"] not in protocol.ROLE_MESSAGES[peer.role]:
                    raise ProtocolError(protocol.BAD_MESSAGE,
                                        f"a {peer.role} may not send {message['type']!r}", message.get("id"))
                if message["type"] == "bye":
                    break
                await self._dispatch(peer, message)
                errors_in_a_row = 0
            except ProtocolError as error:
                # Only garbage counts toward cutting a client off; a request for a site that
                # is offline (a wall subscribing before its sites have joined) is normal.
                if error.code in (protocol.BAD_JSON, protocol.TOO_LARGE, protocol.BAD_MESSAGE):
                    errors_in_a_row += 1
                log.info("%s %s: %s (%s)", peer.role, peer.label, error.code, error.message)
                peer.send(error.to_message())
                if errors_in_a_row >= MAX_ERRORS_IN_A_ROW:
                    peer.close(4002, "too many bad messages")
                    break
            except Exception:  # a bug of ours must not take the hub down with it
                log.exception("internal error handling %s from %s", msg.data[:200], peer.label)
                peer.send(protocol.error_message(protocol.INTERNAL, "internal hub error; the message was dropped"))

    async def _leave(self, peer: Peer) -> None:
        peer.close(1000, "bye")
        if peer.role == "site" and self.sites.get(peer.identity) is peer:
            await self._site_gone(peer, "left")
        elif peer.role == "console" and self.consoles.get(peer.session) is peer:
            del self.consoles[peer.session]
            for session_id, media in list(self.media.items()):
                if media.console is peer:
                    del self.media[session_id]
                    if site := self.sites.get(media.site):
                        site.send({"type": "hangup", "session": session_id, "reason": "console left"})
        await peer.drained()
        log.info("%s left: %s", peer.role, peer.label)

    async def _site_gone(self, peer: Peer, reason: str) -> None:
        if self.sites.get(peer.identity) is peer:
            del self.sites[peer.identity]
        for session_id, media in list(self.media.items()):
            if media.site == peer.identity:
                del self.media[session_id]
                media.console.send({"type": "hangup", "site": peer.identity, "session": session_id,
                                    "reason": f"site {reason}"})
        for request, pending in list(self.pending.items()):
            if pending.site == peer.identity:
                self._finish_control(request, ok=False, error=f"site {reason} before acknowledging")
        if peer.identity not in self.sites:
            now = _now()
            await self._db(lambda d: _set_status(d, peer.identity, "offline", now))
            self._broadcast({"type": "presence", "site": peer.identity, "online": False, "last_seen": now})

    async def _sweep_dead_peers(self) -> None:
        """Close peers silent for longer than ``dead_after_s`` (no heartbeat, no message)."""
        while True:
            await asyncio.sleep(min(1.0, self.dead_after_s / 4))
            cutoff = time.monotonic() - self.dead_after_s
            for peer in [*self.sites.values(), *self.consoles.values()]:
                if peer.last_seen < cutoff and not peer.closed:
                    log.info("%s %s silent for %.0f s: dead", peer.role, peer.label, self.dead_after_s)
                    peer.close(4000, "heartbeat timeout")
                    if peer.role == "site":
                        await self._site_gone(peer, "stopped answering")

    # --- messages ---------------------------------------------------------------------

    async def _dispatch(self, peer: Peer, message: dict[str, Any]) -> None:
        handler = getattr(self, f"_on_{peer.role}_{message['type']}", None) or getattr(self, f"_on_{message['type']}")
        await handler(peer, message)

    async def _on_heartbeat(self, peer: Peer, message: dict) -> None:
        pass  # peer.seen() already counted it

    async def _on_console_roll_call(self, peer: Peer, message: dict) -> None:
        keys = message.get("keys")
        if keys is not None and not all(isinstance(k, str) for k in keys):
            raise ProtocolError(protocol.BAD_MESSAGE, "roll_call.keys: expected an array of site keys", message.get("id"))
        online_only = bool(message.get("online_only"))
        rows = await self._db(lambda d: _roll_call_rows(d, keys, list(self.sites) if online_only else None))
        sites = []
        for row in rows:
            live = self.sites.get(row["key"])
            sites.append({**row, "online": live is not None, "state": live.state if live else {},
                          "simulated": bool(live and live.simulated)})
        peer.send({"type": "roll_call", "re": message.get("id"), "sites": sites,
                   "online": sum(1 for s in sites if s["online"]), "total": len(sites)})

    async def _on_console_offer(self, peer: Peer, message: dict) -> None:
        site = self._online_site(message["site"], message.get("id"))
        session = message["session"]
        existing = self.media.get(session)
        if existing is not None and (existing.console is not peer or existing.site != site.identity):
            raise ProtocolError(protocol.BAD_MESSAGE, f"session {session!r} belongs to another exchange", message.get("id"))
        _check_sdp(message)
        self.media[session] = MediaSession(peer, site.identity)
        site.send({"type": "offer", "session": session, "console": peer.identity, "sdp": message["sdp"]})
        peer.send({"type": "ack", "re": message.get("id")})

    async def _on_site_answer(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        _check_sdp(message)
        media.console.send({"type": "answer", "site": peer.identity, "session": message["session"],
                            "sdp": message["sdp"]})

    async def _on_console_ice(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        if site := self.sites.get(media.site):
            site.send({"type": "ice", "session": message["session"], "candidate": message["candidate"]})

    async def _on_site_ice(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        media.console.send({"type": "ice", "site": peer.identity, "session": message["session"],
                            "candidate": message["candidate"]})

    async def _on_console_hangup(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        del self.media[message["session"]]
        if site := self.sites.get(media.site):
            site.send({"type": "hangup", "session": message["session"], "reason": message.get("reason", "console hung up")})

    async def _on_site_hangup(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        del self.media[message["session"]]
        media.console.send({"type": "hangup", "site": peer.identity, "session": message["session"],
                            "reason": message.get("reason", "site hung up")})

    async def _on_site_state(self, peer: Peer, message: dict) -> None:
        self._update_site_state(peer, message["state"])

    def _update_site_state(self, peer: Peer, state: dict) -> None:
        hand_before = bool(peer.state.get("hand_raised"))
        peer.state.update(state)
        self._broadcast({"type": "site_state", "site": peer.identity, "state": peer.state})
        if "hand_raised" in state and bool(state["hand_raised"]) != hand_before:
            # An operator granted or dismissed the hand: every console lowers it on its tile.
            self._broadcast({"type": "hand", "site": peer.identity, "raised": bool(state["hand_raised"])})

    async def _on_site_raise_hand(self, peer: Peer, message: dict) -> None:
        peer.state["hand_raised"] = message["raised"]
        self._broadcast({"type": "hand", "site": peer.identity, "raised": message["raised"]})

    async def _on_site_stats(self, peer: Peer, message: dict) -> None:
        session = message.get("session")
        media = self.media.get(session) if session else None
        targets = [media.console] if media and media.site == peer.identity else []
        for console in targets:
            console.send({"type": "site_stats", "site": peer.identity, "session": session, "stats": message["stats"]})

    async def _on_console_control(self, peer: Peer, message: dict) -> None:
        action, key, re = message["action"], message["site"], message.get("id")
        params = message.get("params") or {}
        try:
            if action not in protocol.CONTROL_ACTIONS:
                raise ProtocolError(protocol.BAD_MESSAGE, f"unknown control action {action!r}; "
                                    f"one of {', '.join(protocol.CONTROL_ACTIONS)}", re)
            params = protocol.validate_control_params(action, params)
            site = self.sites.get(key)
            if site is None:
                known = await self._db(lambda d: d.get(key) is not None)
                raise ProtocolError(protocol.SITE_OFFLINE if known else protocol.UNKNOWN_SITE,
                                    f"site {key!r} is not online" if known else
                                    f"unknown site {key!r}: no such site in the directory", re)
        except ProtocolError as error:
            error.re = re  # the parameter checks do not know the request's id
            await self._audit(peer.identity, action, key, params, f"rejected: {error.code}")
            raise
        request = uuid.uuid4().hex
        timer = asyncio.get_running_loop().call_later(self.control_timeout_s, self._time_out_control, request)
        self.pending[request] = PendingControl(peer, re, key, action, params, timer)
        site.send({"type": "control", "request": request, "action": action, "params": params, "by": peer.identity})

    async def _on_site_control_result(self, peer: Peer, message: dict) -> None:
        pending = self.pending.get(message["request"])
        if pending is None or pending.site != peer.identity:
            raise ProtocolError(protocol.UNKNOWN_SESSION, f"no control request {message['request']!r} for this site")
        if isinstance(message.get("state"), dict):
            self._update_site_state(peer, message["state"])
        self._finish_control(message["request"], message["ok"], message.get("state"), message.get("error"))

    def _finish_control(self, request: str, ok: bool, state: dict | None = None,
                        error: str | None = None) -> None:
        pending = self._pop_pending(request, "ok" if ok else f"failed: {error or 'refused'}")
        if pending is None:
            return
        reply: dict[str, Any] = {"type": "control_result", "re": pending.re, "site": pending.site,
                                 "action": pending.action, "ok": ok}
        if state is not None:
            reply["state"] = state
        if not ok:
            reply["error"] = error or "refused by the site"
        pending.console.send(reply)

    def _time_out_control(self, request: str) -> None:
        pending = self._pop_pending(request, "failed: timeout")
        if pending is not None:
            pending.console.send(protocol.error_message(
                protocol.TIMEOUT, f"{pending.action} to {pending.site}: the site did not acknowledge "
                f"within {self.control_timeout_s:g} s", pending.re))

    def _pop_pending(self, request: str, result: str) -> PendingControl | None:
        pending = self.pending.pop(request, None)
        if pending is not None:
            pending.timer.cancel()
            asyncio.get_running_loop().create_task(
                self._audit(pending.console.identity, pending.action, pending.site, pending.params, result))
        return pending

    async def _audit(self, actor: str, action: str, target: str, params: dict, result: str) -> None:
        try:
            await self._db(lambda d: append_audit(d, actor, action, target, params, result))
        except Exception:
            log.exception("could not write the audit row for %s %s %s", actor, action, target)

    # --- helpers ----------------------------------------------------------------------

    def _online_site(self, key: str, re: Any) -> Peer:
        site = self.sites.get(key)
        if site is None:
            raise ProtocolError(protocol.SITE_OFFLINE, f"site {key!r} is not online", re)
        return site

    def _session_of(self, peer: Peer, message: dict) -> MediaSession:
        media = self.media.get(message["session"])
        owner = media and (media.console is peer if peer.role == "console" else media.site == peer.identity)
        if not owner:
            raise ProtocolError(protocol.UNKNOWN_SESSION, f"no media session {message['session']!r} of yours",
                                message.get("id"))
        return media

    def _broadcast(self, message: dict[str, Any]) -> None:
        for console in self.consoles.values():
            console.send(message)


def _check_sdp(message: dict) -> None:
    try:
        check_sdp(message["sdp"])
    except SdpError as error:
        raise ProtocolError(protocol.BAD_MESSAGE, f"{message['type']}.sdp: {error}", message.get("id")) from None


async def _refuse(ws: web.WebSocketResponse, error: ProtocolError) -> None:
    await ws.send_str(protocol.encode(error.to_message()))
    await ws.close(code=4003 if error.code == protocol.UNAUTHORIZED else 4002, message=error.code.encode())


def _mark_all_offline(directory) -> None:
    with directory.db.conn:
        directory.db.execute("UPDATE sites SET status = 'offline' WHERE status = 'online'")


def _set_status(directory, key: str, status: str, now: str) -> None:
    with directory.db.conn:
        directory.db.execute("UPDATE sites SET status = ?, last_seen = ? WHERE key = ?", [status, now, key])


def _roll_call_rows(directory, keys: list[str] | None, online: list[str] | None) -> list[dict]:
    wanted = online if online is not None else keys
    where, args = "WHERE active = 1", []
    if wanted is not None:
        where += " AND key IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(wanted))
    return [dict(row) for row in directory.db.query(
        f"SELECT key, code, name, level, province_key, last_seen FROM sites {where} ORDER BY ordinal", args)]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
