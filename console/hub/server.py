"""The hub: authenticates sites and consoles, tracks presence, relays signaling and control.

Media never passes through it (docs/architecture.md §1): it carries offers, answers and ICE candidates
between a console and a site, control messages and their acknowledgements, and presence.
Every SQLite call goes through the directory worker, so the event loop never waits on disk.
See docs/protocol.md for the messages.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from console.directory import DirectoryWorker
from console.directory.audit import append_audit, append_audit_once
from console.directory.credentials import CredentialSnapshot
from console.directory.replica import directory_version
from console.hub.alarm_requests import AlarmRequests, load_meeting
from console.hub.alarms import AlarmBook, load_open_alarms
from console.hub.audit_outbox import AuditOutbox, AuditRow
from console.hub.desk_requests import DeskRequests
from console.hub.directory_api import add_directory_api
from console.hub.directory_watch import DirectoryChange, DirectoryWatch
from console.hub.hello_guard import HelloGuard
from console.hub.loop_lag import watch_loop_lag
from console.hub.media_sessions import (
    MAX_SESSIONS_PER_CONSOLE,
    MAX_SESSIONS_PER_SITE,
    MediaSession,
    Refusal,
    adopt_console_sessions,
    check_site_sessions,
)
from console.hub.metrics import HubMetrics
from console.hub.metrics_api import MetricsGate, add_metrics_api
from console.hub.pacing import Pacer
from console.hub.peers import Peer, cut_connection
from console.hub.presence_fanout import PresenceFanout
from console.hub.quiet_log import AddressLimiters
from console.hub.roll_call import RollCallTable, load_rows
from console.hub.room_walls import RoomWalls, load_walls
from console.hub.sfu_forwards import ForwardError
from console.hub.site_page import add_site_page, websocket_origins
from console.hub.status_writer import StatusWriter
from console.hub.view_requests import ViewRequests
from console.model.reasons import explained
from console.rtc.sdp import SdpError, check_sdp
from console.signaling import protocol, strict_json
from console.signaling.protocol import ProtocolError

log = logging.getLogger(__name__)
HELLO_TIMEOUT_S = 10.0
CONTROL_TIMEOUT_S = 5.0
MAX_ERRORS_IN_A_ROW = 50  # a client that only sends malformed messages is cut off after this many
WS_HARD_LIMIT = 1024 * 1024  # a frame over this makes aiohttp close with 1009
CLOSE_REVOKED = 4003
CLOSE_TOO_MANY_ATTEMPTS = 4029
CLOSE_CONTROL_FLOOD = 4009
CONTROL_FLOOD_REASON = "too many pings or pongs"
HEARTBEAT_TEXT = '{"type":"heartbeat"}'  # as JSON.stringify and our clients write it


@dataclass
class PendingControl:
    console: Peer | None  # None: the hub's own request (combined views), answered to nobody, not audited
    re: Any
    site: str
    action: str
    params: dict[str, Any]
    timer: asyncio.TimerHandle
    sent: float = 0.0  # time.monotonic() at the send: the round trip's start (metrics)


class Hub(DeskRequests, AlarmRequests):
    """State and handlers; ``app()`` builds the aiohttp application around them. What only
    consoles at their desks ask (views, room walls, admin; alarms and the meeting) is handled
    in the two mixins, over this class's state."""

    def __init__(
        self,
        worker: DirectoryWorker,
        heartbeat_s: float = protocol.HEARTBEAT_S,
        dead_after_s: float = protocol.DEAD_AFTER_S,
        control_timeout_s: float = CONTROL_TIMEOUT_S,
        sfu=None,
        turn=None,
    ) -> None:
        self.worker = worker
        # Clients beat at the advertised interval; three missed beats make a peer dead.
        self.heartbeat_s = min(heartbeat_s, dead_after_s / 3)
        self.dead_after_s = dead_after_s
        self.control_timeout_s = control_timeout_s
        self.sites: dict[str, Peer] = {}
        self.consoles: dict[str, Peer] = {}
        self.media: dict[str, MediaSession] = {}
        self.pending: dict[str, PendingControl] = {}
        self.roll_call = RollCallTable()
        self.watch = DirectoryWatch(self._db, self._directory_changed)
        self.tokens: CredentialSnapshot | None = None  # the tokens in force, as of the last check
        self.directory: dict[str, Any] = {"id": "", "version": 0}  # what consoles' replicas follow
        self.status = StatusWriter(self._db)
        self.views = ViewRequests()
        self.walls = RoomWalls()
        self.hellos = HelloGuard()
        self._keyframe_asked: dict[str, float] = {}
        self._view_sent_at: dict[str, float] = {}  # desk_requests.py: views sent at most every 0.2 s
        self._view_timers: dict[str, asyncio.TimerHandle] = {}
        self.departures = 0  # connections that ended, joined or not (hub/gc_pauses.py)
        self.presence = PresenceFanout(self._broadcast)
        self.alarms = AlarmBook()
        self.audit_rows = AuditOutbox(self._write_audit, self._write_audit_once)  # kept while the store is away
        self._settling: set[asyncio.Task[None]] = set()  # controls being audited, then answered
        self.meeting: tuple[str, frozenset[str]] | None = None  # the group in the meeting, and its sites
        self.started = time.time()
        self._imports: int | None = None
        self._tasks: list[asyncio.Task] = []
        self._strangers = AddressLimiters()  # log budgets of connections that never joined
        # Media mode "sfu": a console.hub.sfu.SfuOrchestrator driving Janus shards;
        # None in the embedded (peer-to-peer) mode. Its hooks below are each marked "SFU".
        self.sfu = sfu
        # In a hub pair (console/hub/pair.py): this hub's identity, the active hub and every
        # hub's address, for /healthz and the welcome. None: the only hub on its store.
        self.pair_info: Callable[[], dict[str, Any]] | None = None
        self.turn = turn  # a console.hub.turn_relay.TurnIssuer, or None: no relay
        self.metrics = HubMetrics(self)  # /metrics (metrics.py, metrics_api.py)
        self.metrics_gate = MetricsGate(
            fresh=self.watch.fresh,
            audit=self._audit,
            metrics=self.metrics,
            operator=lambda token: self.tokens.operator(token) if self.tokens else None,
            guard=self.hellos,
        )

    # --- application ------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/ws/site", self._serve_site)
        app.router.add_get("/ws/console", self._serve_console)
        app.router.add_get("/healthz", self._health)
        add_site_page(app, self._page_connects)  # SFU: the page reaches Janus; a pair: the other hubs
        add_directory_api(
            app,
            fresh=self.watch.fresh,
            on_directory=self._db,
            operator=lambda token: self.tokens.operator(token) if self.tokens else None,
        )
        add_metrics_api(app, self.metrics, self.metrics_gate)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        return app

    def _page_connects(self) -> list[str]:
        """Where the site page may connect besides this hub: Janus shards (SFU), a pair's hubs."""
        sources = list(self.sfu.origins()) if self.sfu is not None else []
        if self.pair_info is not None:
            sources += websocket_origins(self.pair_info()["hubs"])
        return sources

    async def _on_startup(self, app: web.Application) -> None:
        # A hub that died without shutting down left its sites "online": nobody is, yet.
        await self._db(_mark_all_offline)
        self.status.note_hub_start()  # the presence log knows everyone left
        start = await self.watch.start()
        self.tokens, self._imports = start.tokens, start.imports
        self.directory = await self._db(directory_version)
        self.roll_call.replace(await self._db(load_rows))
        self.walls = RoomWalls(await self._db(load_walls))
        self.alarms = AlarmBook(*await self._db(load_open_alarms))
        self.meeting = await self._db(load_meeting)
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._sweep_dead_peers()),
            loop.create_task(self.watch.run()),
            loop.create_task(self.status.run()),
            loop.create_task(watch_loop_lag(self.metrics.loop_lag.observe)),
        ]
        if self.turn is not None:  # renewed TURN credentials, before they expire
            self._tasks.append(loop.create_task(self.turn.renew_forever(self._turn_peers)))
        if self.sfu is not None:  # SFU
            self.sfu.attach(self._send_to_site, self._broadcast, self._db)
            await self.sfu.start()

    async def _on_shutdown(self, app: web.Application) -> None:
        for task in self._tasks:
            task.cancel()
        self.presence.cancel()
        for peer in [*self.sites.values(), *self.consoles.values()]:
            peer.close(1001, "hub shutting down")
        await self.status.flush()
        await self.audit_rows.close()
        await self._db(_mark_all_offline)
        if self.sfu is not None:  # SFU
            await self.sfu.stop()

    def _turn_peers(self) -> list[Peer]:
        return [*self.sites.values(), *self.consoles.values()]

    async def _health(self, request: web.Request) -> web.Response:
        health: dict[str, Any] = {
            "ok": True,
            "sites_online": len(self.sites),
            "consoles": len(self.consoles),
            "protocol": protocol.VERSION,
        }
        if self.sfu is not None:  # SFU
            health["sfu"] = self.sfu.status()
        if self.pair_info is not None:
            health.update(role="active", **self.pair_info())
        return web.json_response(health)

    def _tokens_in_force(self) -> CredentialSnapshot:
        """The tokens in force, loaded when the hub starts (``_on_startup``); nobody joins before."""
        if self.tokens is None:
            raise RuntimeError("the hub has not started: no tokens are loaded yet")
        return self.tokens

    async def _db(self, call: Callable[[Any], Any]) -> Any:
        with self.metrics.store_call.time():
            return await asyncio.wrap_future(self.worker.submit(call))

    # --- connection lifecycle ---------------------------------------------------------

    async def _serve_site(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "site")

    async def _serve_console(self, request: web.Request) -> web.WebSocketResponse:
        return await self._serve(request, "console")

    async def _serve(self, request: web.Request, role: str) -> web.WebSocketResponse:
        # +1: aiohttp refuses a frame of exactly max_msg_size; the protocol closes only *over* 1 MiB.
        # No per-message deflate: compressing a national roll-call would hold the loop. No
        # WebSocket pings either: clients beat (protocol heartbeats) and the sweeper ends the
        # silent; pings on top cost the hub a fifth of its CPU at 10,810 sites (measured).
        # A client's pings are answered here, within its budget (pacing.py), not by aiohttp.
        ws = web.WebSocketResponse(max_msg_size=WS_HARD_LIMIT + 1, compress=False, autoping=False)
        await ws.prepare(request)
        remote = request.remote or "?"
        pacer = Pacer(role)
        peer = await self._join(ws, role, remote, f"{request.scheme}://{request.host}", pacer, request.transport)
        if peer is None:
            return ws
        try:
            await self._read(peer, pacer, request.transport)
        finally:
            await self._leave(peer)
        return ws

    async def _join(
        self,
        ws: web.WebSocketResponse,
        role: str,
        remote: str,
        origin: str,
        pacer: Pacer,
        transport: asyncio.Transport | None,
    ) -> Peer | None:
        quiet = self._strangers[remote]
        try:
            msg = await self._first_message(ws, pacer)
        except ControlFlood:
            quiet.log(
                log, logging.WARNING, remote, "closed %s from %s before hello: %s", role, remote, CONTROL_FLOOD_REASON
            )
            self.hellos.failed(remote)  # a stranger flooding again and again is blocked like a guesser
            await cut_connection(ws, transport, CLOSE_CONTROL_FLOOD, CONTROL_FLOOD_REASON)
            return None
        except TimeoutError:
            quiet.log(
                log, logging.INFO, remote, "refused %s from %s: no hello within %g s", role, remote, HELLO_TIMEOUT_S
            )
            await _refuse(ws, ProtocolError(protocol.UNAUTHORIZED, f"no hello within {HELLO_TIMEOUT_S:g} s"))
            return None
        if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
            # Gone before hello, or a frame aiohttp refused (too big, not UTF-8): it has closed already.
            detail = f": {msg.data}" if msg.type == WSMsgType.ERROR else ""
            quiet.log(log, logging.INFO, remote, "%s from %s closed before hello%s", role, remote, detail)
            return None
        try:
            if msg.type != WSMsgType.TEXT:
                raise ProtocolError(protocol.BAD_MESSAGE, "expected a hello text message")
            hello = protocol.decode(msg.data)
            if hello["type"] != "hello":
                raise ProtocolError(protocol.NOT_JOINED, "the first message must be hello", hello.get("id"))
            self.metrics.hellos.labels(role).inc()
            if hello["role"] != role:
                raise ProtocolError(protocol.BAD_MESSAGE, f"this endpoint is for role {role!r}", hello.get("id"))
            peer = await (
                self._join_site(ws, hello, remote) if role == "site" else self._join_console(ws, hello, remote, origin)
            )
        except ProtocolError as error:
            self.metrics.refused("hello")
            if error.code == protocol.UNAUTHORIZED:
                error = await self._hello_refused(remote, error)
            quiet.log(log, logging.INFO, remote, "refused %s from %s: %s", role, remote, error.message)
            await _refuse(ws, error)
            return None
        log.info("%s joined: %s (%s)", role, peer.label, remote)
        return peer

    async def _first_message(self, ws: web.WebSocketResponse, pacer: Pacer) -> Any:
        """The first frame that is not a ping or a pong, within the hello's time limit."""
        deadline = time.monotonic() + HELLO_TIMEOUT_S
        while True:
            msg = await ws.receive(timeout=max(deadline - time.monotonic(), 0.001))
            if msg.type not in (WSMsgType.PING, WSMsgType.PONG):
                return msg
            await _answer_control_frame(ws, msg, pacer)

    async def _hello_refused(self, remote: str, error: ProtocolError) -> ProtocolError:
        """Count a refused hello against its address (hello_guard.py). A blocked address is refused
        every hello without a valid token, said plainly; a valid token still gets in, so the
        communes behind one provincial NAT are not locked out by a neighbour's typo."""
        if blocked := self.hellos.blocked_for(remote):
            return ProtocolError(
                protocol.TOO_MANY_ATTEMPTS,
                f"too many refused hellos from {remote}; try again in {blocked:.0f} s",
                error.re,
            )
        if self.hellos.failed(remote):
            log.warning(
                "%s: %d refused hellos within %.0f s; refusing it for %.0f s",
                remote,
                self.hellos.failures,
                self.hellos.window_s,
                self.hellos.block_s,
            )
            await self._audit(
                "hub",
                "block_address",
                remote,
                {"failures": self.hellos.failures},
                f"blocked for {self.hellos.block_s:.0f} s",
            )
        return error

    async def _join_site(self, ws: web.WebSocketResponse, hello: dict, remote: str) -> Peer:
        token = hello["token"]
        await self.watch.fresh()  # a token issued or revoked a moment ago counts (shared by joins at once)
        tokens = self._tokens_in_force()
        credential = tokens.site(token)
        key = credential.name if credential else hello.get("site")
        if credential is None and key:
            credential = tokens.local_token(token)  # a simulated site names itself
        _local_only_here(credential, remote, hello.get("id"))
        site = self.roll_call.site(key) if credential and key else None
        if credential is None or not key or site is None:
            raise ProtocolError(
                protocol.UNAUTHORIZED,
                f"unknown site {key!r}" if credential else "invalid or revoked site token",
                hello.get("id"),
            )
        simulated = credential.kind == "local"
        previous = self.sites.get(key)
        if previous is not None:  # a rejoin after a network drop: the newest connection wins
            previous.send(protocol.error_message(protocol.REPLACED, "this site joined again elsewhere"))
            previous.close(4001, "replaced by a newer connection")
            await self._site_gone(previous, "rejoined")
        peer = Peer(
            ws, "site", key, site["name"], credential, remote, state=dict(hello.get("state") or {}), simulated=simulated
        )
        if previous is not None:  # a talk going on goes on: its end still knows the microphone before it
            peer.muted_before_talk = previous.muted_before_talk
        welcome = {
            "type": "welcome",
            "re": hello.get("id"),
            "session": peer.session,
            "site": site,
            "heartbeat_s": self.heartbeat_s,
            "dead_after_s": self.dead_after_s,
        }
        if self.pair_info is not None:  # every hub of the pair: where to go when this one is lost
            welcome["hubs"] = self.pair_info()["hubs"]
        if self.turn is not None:
            welcome["ice_servers"] = self.turn.issue(peer)
        if self.sfu is not None:  # SFU: where to publish, with credentials the hub issues (before the
            welcome["media"] = await self.sfu.site_joined(key, site)  # site is reachable: welcome first)
        self.sites[key] = peer
        peer.send(welcome)
        # Media kept through a lost hub (media_sessions.py): before presence, so that a console
        # hears "not kept" ahead of "online" and offers at once.
        peer.kept = {entry["session"] for entry in hello.get("sessions") or ()}
        for exchange, refusal in check_site_sessions(self.media, peer):
            exchange.console.send(_hangup(refusal))
        now = _now()
        self.roll_call.changed(key, now)
        self.status.note(key, "online", now)
        self._condition_over("site_offline", key)
        self.presence.changed(
            {"site": key, "online": True, "last_seen": now, "state": peer.state, "simulated": simulated}
        )
        return peer

    async def _join_console(self, ws: web.WebSocketResponse, hello: dict, remote: str, origin: str) -> Peer:
        await self.watch.fresh()
        credential = self._tokens_in_force().operator(hello["token"])
        if credential is None:
            raise explained(
                ProtocolError(protocol.UNAUTHORIZED, "invalid or revoked operator token", hello.get("id")),
                "token_invalid",
            )
        _local_only_here(credential, remote, hello.get("id"))
        operator = credential.name
        peer = Peer(
            ws,
            "console",
            operator,
            operator,
            credential,
            remote,
            origin=origin,
            permissions=frozenset(protocol.permissions_of(credential.role)),
        )
        welcome = {
            "type": "welcome",
            "re": hello.get("id"),
            "session": peer.session,
            "operator": operator,
            "role": credential.role,
            "permissions": sorted(peer.permissions),
            "hub_id": self.directory["id"],
            "directory": self.directory,
            "heartbeat_s": self.heartbeat_s,
            "dead_after_s": self.dead_after_s,
        }
        if self.pair_info is not None:  # every hub of the pair: where to go when this one is lost
            welcome["hubs"] = self.pair_info()["hubs"]
        if self.turn is not None:
            welcome["ice_servers"] = self.turn.issue(peer)
        if self.sfu is not None:  # SFU: the shards to subscribe through (before broadcasts reach it:
            welcome["media"] = await self.sfu.console_joined(peer)  # its welcome must come first)
        self.consoles[peer.session] = peer
        peer.send(welcome)
        if self.sfu is not None:  # SFU
            peer.send(self.sfu.feeds_message())
        # Media kept through a lost hub (media_sessions.py); peer to peer only: through the SFU,
        # media goes with the connection that set it up.
        claims = hello.get("sessions") or ()
        refused = (
            adopt_console_sessions(self.media, peer, claims, self.sites, self.roll_call.__contains__)
            if self.sfu is None
            else [Refusal(c["session"], c.get("site") or "", "media goes through the SFU") for c in claims]
        )
        for refusal in refused:
            peer.send(_hangup(refusal))
        return peer

    async def _read(self, peer: Peer, pacer: Pacer, transport: asyncio.Transport | None) -> None:
        errors_in_a_row = 0
        async for msg in peer.ws:
            peer.seen()
            if peer.closed:
                break  # revoked or too slow: what it still sends is not acted on
            if msg.type in (WSMsgType.PING, WSMsgType.PONG):
                try:
                    await _answer_control_frame(peer.ws, msg, pacer)
                except ControlFlood:
                    await self._control_flood(peer, transport)
                    break
                continue
            if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                continue
            wait = pacer.message()
            if msg.data == HEARTBEAT_TEXT:  # most of what 10,000 sites send: known good as it is
                errors_in_a_row = 0
            else:
                errors_in_a_row, wait = await self._handle(peer, msg, errors_in_a_row, pacer, wait)
                if errors_in_a_row >= MAX_ERRORS_IN_A_ROW or errors_in_a_row < 0:
                    break
            if wait:  # over its budget: this peer waits, everyone else goes on
                await asyncio.sleep(wait)

    async def _control_flood(self, peer: Peer, transport: asyncio.Transport | None) -> None:
        """Close a joined peer over its budget of pings and pongs: logged once, and audited."""
        log.warning(
            "%s %s (%s): %s; closing it (%d)",
            peer.role,
            peer.label,
            peer.remote,
            CONTROL_FLOOD_REASON,
            CLOSE_CONTROL_FLOOD,
        )
        await peer.cut(transport, CLOSE_CONTROL_FLOOD, CONTROL_FLOOD_REASON)
        await self._audit(
            "hub",
            "close_control_flood",
            peer.identity,
            {"remote": peer.remote},
            f"closed {CLOSE_CONTROL_FLOOD}: {CONTROL_FLOOD_REASON}",
        )

    async def _handle(self, peer: Peer, msg: Any, errors_in_a_row: int, pacer: Pacer, wait: float) -> tuple[int, float]:
        """One frame from a joined peer; the new run of errors (-1: bye) and the wait before the next."""
        try:
            if msg.type == WSMsgType.BINARY:
                raise ProtocolError(protocol.BAD_MESSAGE, "binary frames are not part of the protocol")
            message = protocol.decode(msg.data)
            if message["type"] not in protocol.ROLE_MESSAGES[peer.role]:
                raise ProtocolError(
                    protocol.BAD_MESSAGE, f"a {peer.role} may not send {message['type']!r}", message.get("id")
                )
            errors_in_a_row = 0  # a well-formed message ends a run of garbage, whatever follows
            if peer.role == "console":
                await self._check_permission(peer, message)
            if message["type"] == "bye":
                return -1, 0.0
            await self._dispatch(peer, message)
        except ProtocolError as error:
            if error.code in protocol.GARBAGE:
                errors_in_a_row += 1
                wait = max(wait, pacer.bad())
                if error.kind == "control" and peer.role == "console":
                    await self._audit_refused_control(peer, msg.data, error)
            peer.log_limit.log(
                log, logging.INFO, peer.label, "%s %s: %s (%s)", peer.role, peer.label, error.code, error.message
            )
            peer.send(error.to_message())
            if errors_in_a_row >= MAX_ERRORS_IN_A_ROW:
                log.info("%s %s: %d bad messages in a row; disconnecting", peer.role, peer.label, errors_in_a_row)
                peer.close(4002, "too many bad messages")
        except Exception:  # a bug of ours must not take the hub down with it
            if peer.log_limit.allow():
                log.exception("internal error handling a message from %s %s", peer.role, peer.label)
            peer.send(protocol.error_message(protocol.INTERNAL, "internal hub error; the message was dropped"))
        return errors_in_a_row, wait

    async def _leave(self, peer: Peer) -> None:
        self.departures += 1
        peer.close(1000, "bye")
        if peer.role == "site" and self.sites.get(peer.identity) is peer:
            await self._site_gone(peer, "left")
        elif peer.role == "console" and self.consoles.get(peer.session) is peer:
            self._console_gone(peer)
        await peer.drained()
        log.info("%s left: %s", peer.role, peer.label)

    def _console_gone(self, peer: Peer) -> None:
        self.consoles.pop(peer.session, None)
        if self.sfu is not None:  # SFU: its Janus tokens go
            self.sfu.console_left(peer)
        for key in self.views.forget_console(peer.session):
            self._send_view(key)  # the others watching it may need less now
        for session_id, media in list(self.media.items()):
            if media.console is peer:
                del self.media[session_id]
                if site := self.sites.get(media.site):
                    site.send({"type": "hangup", "session": session_id, "reason": "console left"})
        for request, pending in list(self.pending.items()):
            if pending.console is peer:  # nobody is waiting for the answer; the audit row still comes
                self._pop_pending(request, "failed: the console left before the site answered")

    async def _site_gone(self, peer: Peer, reason: str) -> None:
        if self.sites.get(peer.identity) is peer:
            del self.sites[peer.identity]
            self.views.forget_site(peer.identity)
        for session_id, media in list(self.media.items()):
            if media.site == peer.identity:
                del self.media[session_id]
                media.console.send(
                    {"type": "hangup", "site": peer.identity, "session": session_id, "reason": f"site {reason}"}
                )
        for request, pending in list(self.pending.items()):
            if pending.site == peer.identity:
                self._finish_control(request, ok=False, error=f"site {reason} before acknowledging")
        if peer.identity not in self.sites:
            if self.sfu is not None:  # SFU: its Janus token goes, and its publisher is kicked
                self.sfu.site_left(peer.identity)
            now = _now()
            self.roll_call.changed(peer.identity, now)
            self.status.note(peer.identity, "offline", now)
            if self.meeting is not None and peer.identity in self.meeting[1] and reason != "rejoined":
                self._raise_alarm("site_offline", peer.identity, "hub", f"{peer.label}: {reason}", {"how": reason})
            self.presence.changed({"site": peer.identity, "online": False, "last_seen": now})

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

    # --- what other programs change in the database -------------------------------------

    async def _directory_changed(self, change: DirectoryChange) -> None:
        """Revoked or re-issued tokens end the connections they let in; an import renews the roll-call."""
        self.tokens = change.tokens
        for peer in [*self.sites.values(), *self.consoles.values()]:
            if not peer.closed and not change.tokens.allows(peer.credential):
                await self.end_revoked(peer)
        if change.imports != self._imports:
            self._imports = change.imports
            self.roll_call.replace(await self._db(load_rows))
            self.directory = await self._db(directory_version)

    async def end_revoked(self, peer: Peer) -> None:
        """Close ``peer`` at once because its token is no longer valid (code 4003)."""
        what = "site token" if peer.role == "site" else "operator token"
        log.info("%s %s: its %s was revoked; closing", peer.role, peer.label, what)
        peer.send(protocol.error_message(protocol.UNAUTHORIZED, f"your {what} was revoked"))
        peer.close(CLOSE_REVOKED, "token revoked")
        if peer.role == "site":
            await self._site_gone(peer, "revoked")
        else:
            self._console_gone(peer)

    # --- messages ---------------------------------------------------------------------

    async def _dispatch(self, peer: Peer, message: dict[str, Any]) -> None:
        handler = getattr(self, f"_on_{peer.role}_{message['type']}", None) or getattr(self, f"_on_{message['type']}")
        await handler(peer, message)

    async def _on_heartbeat(self, peer: Peer, message: dict) -> None:
        # peer.seen() already counted it. One with an id asks to be answered: the site page's
        # way to notice a silent hub (its WebSocket has no timeout of its own; site.js).
        if message.get("id") is not None:
            peer.send({"type": "ack", "re": message["id"]})

    async def _on_console_roll_call(self, peer: Peer, message: dict) -> None:
        peer.send_encoded(
            await self.roll_call.reply(
                message.get("id"), self.sites, message.get("keys"), bool(message.get("online_only"))
            )
        )

    async def _on_console_offer(self, peer: Peer, message: dict) -> None:
        site = self._online_site(message["site"], message.get("id"))
        session = message["session"]
        existing = self.media.get(session)
        if existing is not None and (existing.console is not peer or existing.site != site.identity):
            raise ProtocolError(
                protocol.BAD_MESSAGE, f"session {session!r} belongs to another exchange", message.get("id")
            )
        _check_sdp(message)
        if existing is None:
            self._check_session_room(peer, site.identity, message.get("id"))
        self.media[session] = MediaSession(peer, site.identity)
        site.send({"type": "offer", "session": session, "console": peer.identity, "sdp": message["sdp"]})
        peer.send({"type": "ack", "re": message.get("id")})

    async def _on_site_answer(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        _check_sdp(message)
        media.console.send(
            {"type": "answer", "site": peer.identity, "session": message["session"], "sdp": message["sdp"]}
        )

    async def _on_console_ice(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        if site := self.sites.get(media.site):
            site.send({"type": "ice", "session": message["session"], "candidate": message["candidate"]})

    async def _on_site_ice(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        media.console.send(
            {"type": "ice", "site": peer.identity, "session": message["session"], "candidate": message["candidate"]}
        )

    async def _on_console_hangup(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        del self.media[message["session"]]
        if site := self.sites.get(media.site):
            site.send(
                {"type": "hangup", "session": message["session"], "reason": message.get("reason", "console hung up")}
            )

    async def _on_site_hangup(self, peer: Peer, message: dict) -> None:
        media = self._session_of(peer, message)
        del self.media[message["session"]]
        media.console.send(
            {
                "type": "hangup",
                "site": peer.identity,
                "session": message["session"],
                "reason": message.get("reason", "site hung up"),
            }
        )

    async def _on_site_state(self, peer: Peer, message: dict) -> None:
        self._update_site_state(peer, message["state"])

    def _update_site_state(self, peer: Peer, state: dict) -> None:
        """Merge what the site says (known fields only: the gate dropped the rest) and tell
        consoles only what changed."""
        changed = {name: value for name, value in state.items() if peer.state.get(name) != value}
        if not changed:
            return
        peer.state.update(changed)
        self.roll_call.changed(peer.identity)
        self._broadcast({"type": "site_state", "site": peer.identity, "state": changed})
        if "hand_raised" in changed:
            # An operator granted or dismissed the hand: every console lowers it on its tile.
            self._broadcast({"type": "hand", "site": peer.identity, "raised": bool(changed["hand_raised"])})

    async def _on_site_raise_hand(self, peer: Peer, message: dict) -> None:
        peer.state["hand_raised"] = message["raised"]
        self.roll_call.changed(peer.identity)
        self._broadcast({"type": "hand", "site": peer.identity, "raised": message["raised"]})

    async def _on_site_stats(self, peer: Peer, message: dict) -> None:
        session = message.get("session")
        media = self.media.get(session) if session else None
        if media and media.site == peer.identity:
            media.console.send(
                {"type": "site_stats", "site": peer.identity, "session": session, "stats": message["stats"]}
            )

    async def _on_console_forward(self, peer: Peer, message: dict) -> None:
        """A site's stream forwarded by its shard to this console (media mode sfu only)."""
        re = message.get("id")
        if self.sfu is None:
            raise ProtocolError(protocol.BAD_MESSAGE, "forwards exist in media mode sfu only", re)
        try:
            reply = await self.sfu.forward(peer, message)
        except ForwardError as error:  # the console falls back to its WebRTC subscription
            reply = {"op": message["op"], "site": message["site"], "ok": False, "error": str(error)}
        peer.send({"type": "forward", "re": re, **reply})

    async def _on_console_control(self, peer: Peer, message: dict) -> None:
        action, key, re = message["action"], message["site"], message.get("id")
        params = message.get("params") or {}
        await self.watch.fresh()  # a token revoked a moment ago is already out
        if peer.closed:
            raise explained(
                ProtocolError(protocol.UNAUTHORIZED, "your operator token was revoked", re), "token_revoked"
            )
        try:
            if action not in protocol.CONTROL_ACTIONS:
                raise ProtocolError(
                    protocol.BAD_MESSAGE,
                    f"unknown control action {action!r}; one of {', '.join(protocol.CONTROL_ACTIONS)}",
                    re,
                )
            params = protocol.validate_control_params(action, params)
            site = self.sites.get(key)
            if site is None:
                known = key in self.roll_call or await self._db(lambda d: d.get(key) is not None)
                raise explained(
                    ProtocolError(
                        protocol.SITE_OFFLINE if known else protocol.UNKNOWN_SITE,
                        f"site {key!r} is not online"
                        if known
                        else f"unknown site {key!r}: no such site in the directory",
                        re,
                    ),
                    "site_not_online" if known else "unknown_site",
                    site=key,
                )
        except ProtocolError as error:
            error.re = re  # the parameter checks do not know the request's id
            self.metrics.refused("control")
            await self._audit(peer.identity, action, key, params, f"rejected: {error.code}")
            raise
        params = _restoring_talk(site, action, params)
        request = uuid.uuid4().hex
        timer = asyncio.get_running_loop().call_later(self.control_timeout_s, self._time_out_control, request)
        self.pending[request] = PendingControl(peer, re, key, action, params, timer, time.monotonic())
        self.metrics.controls.labels(action).inc()
        site.send({"type": "control", "request": request, "action": action, "params": params, "by": peer.identity})
        if self.sfu is not None:  # SFU: a mute is enforced at the SFU too, whatever the site does
            self.sfu.moderate(key, action, params)

    def _hub_control(self, site: Peer, action: str, params: dict[str, Any]) -> None:
        """A control the hub sends on its own account (what watching consoles need together)."""
        request = uuid.uuid4().hex
        timer = asyncio.get_running_loop().call_later(self.control_timeout_s, self._time_out_control, request)
        self.pending[request] = PendingControl(None, None, site.identity, action, params, timer, time.monotonic())
        self.metrics.controls.labels(action).inc()
        site.send({"type": "control", "request": request, "action": action, "params": params, "by": "hub"})

    async def _check_permission(self, peer: Peer, message: dict[str, Any]) -> None:
        """Roles are enforced here, whatever a console shows; a refusal of an action is audited."""
        needed = protocol.message_permission(message)
        if needed in peer.permissions:
            return
        error = explained(
            ProtocolError(
                protocol.FORBIDDEN,
                f"a {peer.credential.role} may not {_DOING[needed]} (needs the {protocol.PERMISSIONS[needed]} role)",
                message.get("id"),
            ),
            "role_may_not",
            role=peer.credential.role,
            needed=protocol.PERMISSIONS[needed],
        )
        if message["type"] in ("control", "wall", "admin", "alarm_ack", "meeting"):
            op = message.get("op")
            action = message.get("action") or (f"{message['type']}_{op}" if op else message["type"])
            target = (
                message.get("site")
                or message.get("name")
                or (f"alarm:{message['alarm']}" if "alarm" in message else message["type"])
            )
            await self._audit(peer.identity, action, target, {}, f"rejected: {error.code}")
        self.metrics.refused("control" if message["type"] == "control" else "action")
        raise error

    async def _audit_refused_control(self, peer: Peer, raw: Any, error: ProtocolError) -> None:
        """A control refused as a whole (not even its fields could be trusted) is on record too."""
        target = _printable(_field_of(raw, "site"), protocol.KEY_CHARS)
        action = _printable(_field_of(raw, "action"), 32)
        self.metrics.refused("control")
        await self._audit(peer.identity, action or "control", target or "(unreadable)", {}, f"rejected: {error.code}")

    async def _on_site_control_result(self, peer: Peer, message: dict) -> None:
        pending = self.pending.get(message["request"])
        if pending is None or pending.site != peer.identity:
            raise ProtocolError(
                protocol.UNKNOWN_SESSION, f"no control request {message['request']!r} for this site", message.get("id")
            )
        self.metrics.control_round_trip.labels(pending.action).observe(time.monotonic() - pending.sent)
        if isinstance(message.get("state"), dict):
            self._update_site_state(peer, message["state"])
        self._finish_control(message["request"], message["ok"], message.get("state"), message.get("error"))

    def _finish_control(self, request: str, ok: bool, state: dict | None = None, error: str | None = None) -> None:
        pending = self.pending.get(request)
        if pending is None:
            return
        reply: dict[str, Any] = {
            "type": "control_result",
            "re": pending.re,
            "site": pending.site,
            "action": pending.action,
            "ok": ok,
        }
        if state is not None:
            reply["state"] = state
        if not ok:
            reply["error"] = error or "refused by the site"
        self._pop_pending(request, "ok" if ok else f"failed: {error or 'refused'}", reply)

    def _time_out_control(self, request: str) -> None:
        pending = self.pending.get(request)
        if pending is None:
            return
        message = (
            f"{pending.action} to {pending.site}: the site did not acknowledge within {self.control_timeout_s:g} s"
        )
        self._pop_pending(request, "failed: timeout", protocol.error_message(protocol.TIMEOUT, message, pending.re))

    def _pop_pending(self, request: str, result: str, reply: dict[str, Any] | None = None) -> PendingControl | None:
        """The control is over: audit it, then give its console ``reply``. In that order: a
        console told "done" finds the row in the trail even if this hub dies the next moment
        (written, or kept until the store is back: audit_outbox.py)."""
        pending = self.pending.pop(request, None)
        if pending is None:
            return None
        pending.timer.cancel()
        console = pending.console
        if console is not None:

            async def settle() -> None:
                await self._audit(console.identity, pending.action, pending.site, pending.params, result)
                if reply is not None:
                    console.send(reply)

            task = asyncio.get_running_loop().create_task(settle())
            self._settling.add(task)  # held until done: the loop keeps only a weak reference
            task.add_done_callback(self._settling.discard)
        return pending

    async def _audit(self, actor: str, action: str, target: str, params: dict, result: str) -> None:
        await self.audit_rows.append(AuditRow(actor, action, target, params, result))

    async def _write_audit(self, row: AuditRow) -> None:
        await self._db(lambda d: append_audit(d, row.actor, row.action, row.target, row.params, row.result, row.at))

    async def _write_audit_once(self, row: AuditRow) -> None:
        await self._db(
            lambda d: append_audit_once(d, row.actor, row.action, row.target, row.params, row.result, row.at)
        )

    # --- helpers ----------------------------------------------------------------------

    def _check_session_room(self, console: Peer, site: str, re: Any) -> None:
        """A console may hold only so many media sessions (a wall is 64 tiles), and only a few
        with one site: each offer makes the site build a peer connection, so a console that
        offered without end could wear a commune's computer down."""
        mine = [m for m in self.media.values() if m.console is console]
        if len(mine) >= MAX_SESSIONS_PER_CONSOLE:
            raise ProtocolError(
                protocol.BAD_MESSAGE,
                f"this console already holds {len(mine)} media sessions "
                f"(at most {MAX_SESSIONS_PER_CONSOLE}): hang some up first",
                re,
            )
        if sum(1 for m in mine if m.site == site) >= MAX_SESSIONS_PER_SITE:
            raise ProtocolError(
                protocol.BAD_MESSAGE,
                f"this console already holds {MAX_SESSIONS_PER_SITE} media sessions with {site}: hang one up first",
                re,
            )

    def _online_site(self, key: str, re: Any) -> Peer:
        site = self.sites.get(key)
        if site is None:
            raise explained(
                ProtocolError(protocol.SITE_OFFLINE, f"site {key!r} is not online", re), "site_not_online", site=key
            )
        return site

    def _session_of(self, peer: Peer, message: dict) -> MediaSession:
        media = self.media.get(message["session"])
        if media is None or not (media.console is peer if peer.role == "console" else media.site == peer.identity):
            raise ProtocolError(
                protocol.UNKNOWN_SESSION, f"no media session {message['session']!r} of yours", message.get("id")
            )
        return media

    def _send_to_site(self, key: str, message: dict[str, Any]) -> None:
        """To one online site, if it is (the SFU's ``media`` moves)."""
        if site := self.sites.get(key):
            site.send(message)

    def _broadcast(self, message: dict[str, Any]) -> None:
        """To every console; encoded once (a failure here is the handler's, not a console's)."""
        data = strict_json.dumps(message)
        for console in self.consoles.values():
            console.send_encoded(data)


def _check_sdp(message: dict) -> None:
    try:
        check_sdp(message["sdp"])
    except SdpError as error:
        raise ProtocolError(protocol.BAD_MESSAGE, f"{message['type']}.sdp: {error}", message.get("id")) from None


_DOING = {
    "watch": "watch",
    "talk": "talk with a site",
    "room_wall": "change a room wall",
    "moderate": "moderate sites",
    "administer": "issue or revoke tokens",
    "acknowledge": "acknowledge alarms",
    "meeting": "start or end a meeting",
}


def _hangup(refusal: Refusal) -> dict[str, Any]:
    return {"type": "hangup", "site": refusal.site, "session": refusal.session, "reason": refusal.reason}


def _restoring_talk(site: Peer, action: str, params: dict[str, Any]) -> dict[str, Any]:
    """A talk's end gives the site back the microphone it had when the talk began (an operator's
    unmute before the talk stays), in ``params.muted``: the site, the SFU and the audit (the
    minutes count it as a mute) read the same value. Unknown (the hub restarted meanwhile): muted."""
    if action == "start_talk" and not site.state.get("talking"):
        site.muted_before_talk = site.state.get("muted", True) is not False
    elif action == "end_talk":
        before, site.muted_before_talk = site.muted_before_talk, None
        return {**params, "muted": True if before is None else before}
    return params


def _local_only_here(credential, remote: str, request_id: Any) -> None:
    """The local token acts as any site and as admin: only programs on this machine may use it."""
    if credential is not None and credential.kind == "local" and not _is_loopback(remote):
        raise ProtocolError(protocol.UNAUTHORIZED, "the local token is accepted only from this machine", request_id)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


async def _refuse(ws: web.WebSocketResponse, error: ProtocolError) -> None:
    """Say why, then close (4003 for credentials, 4029 for a blocked address, 4002 otherwise);
    the client may be gone already."""
    code = {protocol.UNAUTHORIZED: CLOSE_REVOKED, protocol.TOO_MANY_ATTEMPTS: CLOSE_TOO_MANY_ATTEMPTS}.get(
        error.code, 4002
    )
    try:
        await ws.send_frame(strict_json.dumps(error.to_message()), WSMsgType.TEXT)
        await ws.close(code=code, message=error.code.encode())
    except (ConnectionError, RuntimeError):
        pass


class ControlFlood(Exception):
    """A peer sent more pings and pongs than its budget allows."""


async def _answer_control_frame(ws: web.WebSocketResponse, msg: Any, pacer: Pacer) -> None:
    """A ping is answered with its pong and a pong is taken, while the peer is within its budget."""
    if not pacer.control_frame():
        raise ControlFlood
    if msg.type == WSMsgType.PING:
        try:
            await ws.pong(msg.data)
        except (ConnectionError, RuntimeError):
            pass  # gone: the next receive says so


def _field_of(raw: Any, name: str) -> Any:
    """A field of a message the gate refused, read leniently (for the audit row only)."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError, TypeError):
        return None
    return value.get(name) if isinstance(value, dict) else None


def _printable(value: Any, limit: int) -> str:
    """A value from outside as it can be stored and shown: valid Unicode, bounded."""
    if not isinstance(value, str):
        return ""
    shown = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _mark_all_offline(directory) -> None:
    with directory.db.conn:
        directory.db.execute("UPDATE sites SET status = 'offline' WHERE status = 'online'")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
