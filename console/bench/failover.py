"""`opsconsole bench failover`: two hubs on one PostgreSQL, simulated sites and a console on the
active one; the active hub is killed (SIGKILL) and the bench measures how long until the standby
serves, every site is back, and the console has control again. Beside it, in the same run, the
reference: the surviving hub killed and started again alone (a single-hub restart, which is all
an installation without a pair has), measured the same way.

Everything on 127.0.0.1; the PostgreSQL is the caller's (``--store``).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from console.bench.procs import free_port
from console.directory import SiteDirectory, credentials
from console.directory.audit import find_audit
from console.sim.fleet import SiteFleet, pick_sites

CEILING_S = 120.0  # a stage that takes longer is reported as not reached (None)


class _Hub:
    """`opsconsole hub --store … --hub-id NAME` in a child process, on a port of its own."""

    def __init__(self, store: str, name: str) -> None:
        self.store, self.name, self.port = store, name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "console.cli",
            "hub",
            "--store",
            self.store,
            "--port",
            str(self.port),
            "--hub-id",
            self.name,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )

    def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


async def _health(http: aiohttp.ClientSession, hub: _Hub) -> dict[str, Any]:
    try:
        async with http.get(f"{hub.url}/healthz", timeout=aiohttp.ClientTimeout(total=2)) as reply:
            body: dict[str, Any] = await reply.json()
            return body
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return {}


async def _until(check: Callable[[], Any], started: float) -> float | None:
    """Seconds from ``started`` until ``check()`` (awaited when it is a coroutine) is true."""
    while time.monotonic() - started < CEILING_S:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return round(time.monotonic() - started, 2)
        await asyncio.sleep(0.05)
    return None


async def run_failover_bench(store: str, sites: int) -> dict[str, Any]:
    """Measure a takeover and, as the reference, a single-hub restart; a dict for JSON."""
    from console.media.service import LoopThread, MediaService

    directory = SiteDirectory.open(store)
    try:
        chosen = pick_sites(directory, sites)
        token = credentials.local_token(directory)
        takeovers_before = len(_takeovers(directory))
    finally:
        directory.close()
    a, b = _Hub(store, "bench-a"), _Hub(store, "bench-b")
    moved = threading.Event()

    def on_event(kind: str, payload: dict[str, Any]) -> None:
        if kind == "hub_joined" and payload.get("moved"):
            moved.set()

    result: dict[str, Any] = {"sites": len(chosen), "store": "postgresql"}
    async with aiohttp.ClientSession() as http:
        fleet: SiteFleet | None = None
        thread, service = LoopThread(), None
        try:
            await a.start()
            await _need(_until(lambda: _role(http, a, "active"), time.monotonic()), "hub a never became active")
            await b.start()
            await _need(_until(lambda: _role(http, b, "standby"), time.monotonic()), "hub b never became standby")
            await _need(_until(lambda: _knows(http, a, 2), time.monotonic()), "hub a never listed both hubs")
            fleet = SiteFleet([a.url, b.url], token, chosen)
            await fleet.start(join_timeout=CEILING_S)
            service = MediaService(thread, on_event, program=False)
            await asyncio.wrap_future(service.connect(a.url, token))
            double = _DoubleActive(http, a, b)
            watching = asyncio.get_running_loop().create_task(double.watch())
            lost = time.monotonic()
            a.kill()
            # Watched side by side: each stage's own time, not the time the one before it ended.
            result["takeover_s"], result["sites_back_s"], result["console_back_s"] = await asyncio.gather(
                _until(lambda: _role(http, b, "active"), lost),
                _until(lambda: _online(http, b, len(chosen)), lost),
                _until(moved.is_set, lost),
            )
            watching.cancel()
            result["double_active_s"] = double.seconds
            # The reference: the hub left, killed and started again alone.
            b.kill()
            if b.process is not None:
                await b.process.wait()
            restarted = time.monotonic()
            await b.start()
            result["restart_serving_s"] = await _until(lambda: _role(http, b, "active"), restarted)
            result["restart_sites_back_s"] = await _until(lambda: _online(http, b, len(chosen)), restarted)
        finally:
            if service is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wrap_future(service.close())
            thread.stop()
            if fleet is not None:
                await fleet.stop()
            await b.stop()
            await a.stop()
    directory = SiteDirectory(store)
    try:
        takeovers = _takeovers(directory)[takeovers_before:]
    finally:
        directory.close()
    result["takeovers_audited"] = len(takeovers)
    if takeovers:
        result["away_s_audited"] = takeovers[0]["params"].get("away_s")
    return result


def _takeovers(directory: SiteDirectory) -> list[dict[str, Any]]:
    """The audited takeovers, oldest first."""
    return [r for r in find_audit(directory, target="hub", limit=100_000) if r["action"] == "hub_takeover"]


async def _need(stage: Any, what: str) -> None:
    if await stage is None:
        raise RuntimeError(what)


async def _role(http: aiohttp.ClientSession, hub: _Hub, role: str) -> bool:
    return (await _health(http, hub)).get("role") == role


async def _knows(http: aiohttp.ClientSession, hub: _Hub, count: int) -> bool:
    return len((await _health(http, hub)).get("hubs") or ()) >= count


async def _online(http: aiohttp.ClientSession, hub: _Hub, count: int) -> bool:
    health = await _health(http, hub)
    return health.get("role") == "active" and health.get("sites_online", 0) >= count


class _DoubleActive:
    """Seconds during which both hubs said they were active (sampled; it should stay 0)."""

    def __init__(self, http: aiohttp.ClientSession, a: _Hub, b: _Hub) -> None:
        self.http, self.a, self.b = http, a, b
        self.seconds = 0.0

    async def watch(self) -> None:
        last = time.monotonic()
        while True:
            both = await _role(self.http, self.a, "active") and await _role(self.http, self.b, "active")
            now = time.monotonic()
            if both:
                self.seconds = round(self.seconds + (now - last), 2)
            last = now
            await asyncio.sleep(0.05)
