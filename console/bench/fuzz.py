"""Throw the generated malformed messages at a hub while a good console and a good site work.

Hostile peers (a joined site, a joined console, and strangers who never join) send every
case of ``fuzz_cases``; meanwhile a good console keeps sending controls to a good site and
timing the round trips. At the end the good console must still hear the good site (a state
change reaches it: nobody made it deaf) and answer a roll-call. Used by the test in
tests/hub/test_fuzz.py (a hub in the test's process) and by ``opsconsole bench fuzz`` (a hub
in a child process, its log read for tracebacks).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from console.bench.fuzz_cases import Case, joined_cases, shuffled, stranger_frames
from console.signaling import HubClient, HubError, WebSocketChannel

FINGERPRINT = ":".join(["AB"] * 32)
VALID_SDP = "\r\n".join(
    [
        "v=0",
        "o=- 1 1 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 127.0.0.1",
        "a=mid:0",
        "a=recvonly",
        "a=rtpmap:111 opus/48000/2",
        "a=ice-ufrag:abcd",
        "a=ice-pwd:abcdefghijklmnopqrstuvwx",
        f"a=fingerprint:sha-256 {FINGERPRINT}",
        "a=setup:actpass",
        "",
    ]
)
STRANGER_TIMEOUT_S = 15.0  # the hub gives up on a silent stranger after 10 s
RESET_EVERY = 25  # a hostile peer sends a good heartbeat this often, so it is not cut off for garbage
DONE = "fuzz-done"
# Asking something answerable, after everything else: its answer means all before it was handled.
FINAL = {
    "site": '{"type":"control_result","request":"none","ok":true,"id":"%s"}' % DONE,
    "console": '{"type":"roll_call","keys":[],"id":"%s"}' % DONE,
}


@dataclass
class FuzzTokens:
    good_console: str
    good_site: str  # for site ``good_key``
    good_key: str
    evil_console: str
    evil_sites: list[tuple[str, str]]  # (key, token): one hostile site connection each


@dataclass
class FuzzReport:
    messages: int = 0
    strangers: int = 0
    internal_errors: int = 0
    replies: int = 0
    reconnects: int = 0
    stranger_closes: dict[str, int] = field(default_factory=dict)
    bad_stranger_closes: list[str] = field(default_factory=list)
    control_ms: list[float] = field(default_factory=list)
    control_failures: list[str] = field(default_factory=list)
    good_peer_drops: int = 0
    deaf: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ms = sorted(self.control_ms) or [0.0]
        return {
            "messages": self.messages,
            "strangers": self.strangers,
            "internal_errors": self.internal_errors,
            "error_replies": self.replies,
            "hostile_reconnects": self.reconnects,
            "good_peer_drops": self.good_peer_drops,
            "good_controls": len(self.control_ms),
            "good_control_failures": len(self.control_failures),
            "control_p50_ms": round(statistics.median(ms), 2),
            "control_p95_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 2),
            "stranger_close_codes": self.stranger_closes,
            "bad_stranger_closes": self.bad_stranger_closes[:10],
            "deaf": self.deaf,
        }


class HostilePeer:
    """A joined site or console that sends cases as raw frames, reconnecting when cut off."""

    def __init__(self, hub_url: str, role: str, token: str, report: FuzzReport, site: str | None = None) -> None:
        self.url = hub_url.replace("http", "ws", 1) + f"/ws/{role}"
        self.role, self.token, self.site = role, token, site
        self.report = report
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task | None = None
        self._done: asyncio.Event = asyncio.Event()

    async def connect(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.url, max_msg_size=0)
        hello = {"type": "hello", "role": self.role, "token": self.token}
        if self.site:
            hello["site"] = self.site
        await self._ws.send_str(json.dumps(hello))
        welcome = await self._ws.receive_json(timeout=10)
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"hostile {self.role} could not join: {welcome}")
        self._reader = asyncio.get_running_loop().create_task(self._read(self._ws))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            message = json.loads(msg.data)
            if message.get("re") == DONE:
                self._done.set()
            if message.get("type") == "error":
                self.report.replies += 1
                if message.get("code") == "internal":
                    self.report.internal_errors += 1
            elif message.get("type") == "control" and self.role == "site":
                # Answer the hub's controls with a state no console should ever be sent.
                await _send_quietly(
                    ws,
                    '{"type":"control_result","request":"%s","ok":true,'
                    '"state":{"muted":true,"label":"\\ud800","video":{"fps":NaN}}}' % message.get("request", ""),
                )

    async def send(self, case: Case) -> None:
        if self._ws is None or self._ws.closed:
            self.report.reconnects += 1
            await self.connect()
        assert self._ws is not None
        await _send_quietly(self._ws, case.frame)
        self.report.messages += 1

    async def finish(self, timeout: float) -> None:
        """Wait until the hub has handled everything this peer sent (it paces a flood)."""
        if self._ws is None or self._ws.closed:
            return
        await _send_quietly(self._ws, FINAL[self.role])
        try:
            await asyncio.wait_for(self._done.wait(), timeout)
        except TimeoutError:
            self.report.deaf.append(f"a hostile {self.role} was not answered within {timeout:g} s")

    async def heartbeat(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await _send_quietly(self._ws, '{"type":"heartbeat"}')

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
        if self._session is not None:
            await self._session.close()


async def _send_quietly(ws: aiohttp.ClientWebSocketResponse, frame: str | bytes) -> None:
    try:
        if isinstance(frame, bytes):
            await ws.send_bytes(frame)
        else:
            await ws.send_str(frame)
    except (ConnectionError, RuntimeError):
        pass  # the hub closed us (e.g. too large): the next send reconnects


async def stranger(hub_url: str, label: str, frame: str | bytes, report: FuzzReport) -> None:
    """One connection that never joins: its one frame must be refused with a clean close."""
    role = "site" if label.startswith("site") else "console"
    url = hub_url.replace("http", "ws", 1) + f"/ws/{role}"
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, max_msg_size=0) as ws:
            await _send_quietly(ws, frame)
            try:
                code: Any = await asyncio.wait_for(_until_closed(ws, report), STRANGER_TIMEOUT_S)
            except TimeoutError:
                code = "no close"
    report.strangers += 1
    key = str(code)
    report.stranger_closes[key] = report.stranger_closes.get(key, 0) + 1
    if code not in (4002, 4003, 4029, 1009):  # refused, unauthorised, blocked, too big: else a fault
        report.bad_stranger_closes.append(f"{label}: {code}")


async def _until_closed(ws: aiohttp.ClientWebSocketResponse, report: FuzzReport) -> Any:
    """The code of the hub's close frame (aiohttp's close_code may say 1006 when its reply
    to the close finds the socket already shut)."""
    while True:
        msg = await ws.receive()
        if msg.type == aiohttp.WSMsgType.TEXT and json.loads(msg.data).get("code") == "internal":
            report.internal_errors += 1
        elif msg.type == aiohttp.WSMsgType.CLOSE:
            return msg.data
        elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
            return ws.close_code


class GoodPair:
    """A console and a site doing honest work through the same hub."""

    def __init__(self, hub_url: str, tokens: FuzzTokens, report: FuzzReport) -> None:
        self.tokens, self.report = tokens, report
        self.console = HubClient(WebSocketChannel(hub_url, "console"), "console", tokens.good_console)
        self.site = HubClient(WebSocketChannel(hub_url, "site"), "site", tokens.good_site, state={"muted": True})
        self.muted = True
        self.site.on("control", self._answer)

    async def _answer(self, message: dict[str, Any]) -> None:
        await self.site.send(
            {"type": "control_result", "request": message["request"], "ok": True, "state": {"muted": self.muted}}
        )

    async def join(self) -> None:
        await self.console.join()
        await self.site.join()

    async def work(self, stop: asyncio.Event) -> None:
        """Controls back to back (20 ms apart) until ``stop``."""
        while not stop.is_set():
            started = time.perf_counter()
            try:
                await self.console.request(
                    {"type": "control", "site": self.tokens.good_key, "action": "request_keyframe"}, timeout=10
                )
                self.report.control_ms.append((time.perf_counter() - started) * 1000)
            except HubError as error:
                self.report.control_failures.append(str(error))
            await asyncio.sleep(0.02)

    async def still_hears(self) -> None:
        """The good console still gets what the good site says, and roll-calls."""
        self.muted = not self.muted
        try:
            waiting = asyncio.ensure_future(
                self.console.wait_for(
                    "site_state",
                    lambda m: m["site"] == self.tokens.good_key and m["state"].get("muted") == self.muted,
                    timeout=5,
                )
            )
            await self.site.send({"type": "state", "state": {"muted": self.muted}})
            await waiting
        except (TimeoutError, HubError) as exc:
            self.report.deaf.append(f"site_state did not reach the good console: {exc!r}")
        try:
            roll = await self.console.request({"type": "roll_call", "keys": [self.tokens.good_key]}, timeout=10)
            if not roll["sites"] or not roll["sites"][0]["online"]:
                self.report.deaf.append(f"roll-call does not show the good site online: {roll}")
        except HubError as exc:
            self.report.deaf.append(f"roll-call failed: {exc}")

    async def close(self) -> None:
        self.report.good_peer_drops = sum(1 for c in (self.console, self.site) if c.closed.is_set())
        await self.site.close()
        await self.console.close()


async def run_fuzz(
    hub_url: str, tokens: FuzzTokens, messages: int, seed: int = 1, strangers: int | None = None
) -> FuzzReport:
    """Send ``messages`` hostile frames from joined peers (every generated case at least once
    when ``messages`` allows) and ``strangers`` hostile first frames, all while the good pair works.

    The hub reads each peer within a budget (console/hub/pacing.py), so the hostile frames go
    out over several connections at once, as a real flood would; each connection finally waits
    until the hub has answered everything it sent."""
    report = FuzzReport()
    good = GoodPair(hub_url, tokens, report)
    await good.join()
    context: dict[str, object] = {  # a field's value in the valid messages, by field name (any JSON)
        "site": tokens.evil_sites[0][0],
        "session": "fuzz-session",
        "string": "x",
        "sdp": VALID_SDP,
        "control.action": "request_keyframe",
        "control.params": {},
    }
    peers = {
        "site": [HostilePeer(hub_url, "site", token, report) for _, token in tokens.evil_sites],
        "console": [HostilePeer(hub_url, "console", tokens.evil_console, report) for _ in tokens.evil_sites],
    }
    everyone = [*peers["site"], *peers["console"]]
    for peer in everyone:
        await peer.connect()
    cases = shuffled(joined_cases("site", context) + joined_cases("console", context), messages, seed)
    openers = stranger_frames(context)
    openers = shuffled(openers, len(openers) if strangers is None else strangers, seed)
    stop = asyncio.Event()
    worker = asyncio.get_running_loop().create_task(good.work(stop))
    try:
        await asyncio.gather(
            *(
                _flood(peer, [c for c in cases if c.role == peer.role][i :: len(peers[peer.role])])
                for role in peers
                for i, peer in enumerate(peers[role])
            ),
            _strangers(hub_url, openers, report),
        )
        await asyncio.gather(*(peer.finish(timeout=120) for peer in everyone))
    finally:
        stop.set()
        await worker
        await good.still_hears()
        for peer in everyone:
            await peer.close()
        await good.close()
    return report


async def _flood(peer: HostilePeer, cases: list[Case]) -> None:
    for i, case in enumerate(cases, 1):
        await peer.send(case)
        if i % RESET_EVERY == 0:
            await peer.heartbeat()


async def _strangers(hub_url: str, openers: list[tuple[str, str | bytes]], report: FuzzReport) -> None:
    for start in range(0, len(openers), 8):
        await asyncio.gather(*(stranger(hub_url, label, frame, report) for label, frame in openers[start : start + 8]))
