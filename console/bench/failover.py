"""`opsconsole bench failover`: two hubs on one PostgreSQL, simulated sites and a console on the
active one; the active hub is lost and the bench measures how long until the standby serves,
every site is back, and the console has control again. Beside it, in the same run, the
reference: the surviving hub killed and started again alone (a single-hub restart, which is all
an installation without a pair has), measured the same way.

The loss is a SIGKILL of the active hub, or with ``machines`` (root) the loss of its machine:
each hub runs in a network namespace of its own linked to this host (console/janus/netns.py),
reaching PostgreSQL through a proxy on its link, and the active hub's machine goes silent while
it still runs: nothing in or out, no reset and no "unreachable" (JanusNetwork.lose). The console's controls before and after the loss must each have their audit row
(``lost_audit_rows``), and the room wall it set must be the new hub's (``room_wall_restored``).

Traffic stays on 127.0.0.1 and in the namespaces the bench makes; the PostgreSQL is the
caller's (``--store``).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from console.bench.procs import free_port
from console.directory import SiteDirectory, credentials
from console.directory.audit import find_audit
from console.janus.netns import JanusNetwork
from console.processes import bound_to_us
from console.sim.fleet import SiteFleet, pick_sites

CEILING_S = 120.0  # a stage that takes longer is reported as not reached (None)
MACHINE_PORT = 8765  # a hub on a machine of its own has its address to itself
CONTROLS = 10  # mutes before the loss and unmutes after it, each to be audited
BENCH_OPERATOR = "bench-failover"


class _Hub:
    """`opsconsole hub --store … --hub-id NAME` in a child process, on a port of its own, or on
    a machine of its own (``net``: a namespace; it listens on its inside address)."""

    def __init__(self, store: str, name: str, net: JanusNetwork | None = None) -> None:
        self.store, self.name, self.net = store, name, net
        self.port = free_port() if net is None else MACHINE_PORT
        self.host = "127.0.0.1" if net is None else net.inside(0)
        self.url = f"http://{self.host}:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *(self.net.command() if self.net is not None else ()),
            sys.executable,
            "-m",
            "console.cli",
            "hub",
            "--store",
            self.store,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--hub-id",
            self.name,
            "--advertise",
            self.url,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            **bound_to_us(),
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


async def run_failover_bench(store: str, sites: int, machines: bool = False) -> dict[str, Any]:
    """Measure a takeover and, as the reference, a single-hub restart; a dict for JSON."""
    directory = SiteDirectory.open(store)
    try:
        chosen = pick_sites(directory, sites)
        # Tokens of their own: a hub takes its local token only from its own machine.
        site_tokens = credentials.issue_site_tokens(directory, [s.key for s in chosen], actor="bench")
        token = credentials.issue_operator_token(directory, BENCH_OPERATOR, actor="bench")
        takeovers_before = len(_takeovers(directory))
        audited_before = _audited_controls(directory)
    finally:
        directory.close()
    async with contextlib.AsyncExitStack() as stack:
        if machines:
            stores = [await stack.enter_async_context(_machine(store)) for _ in range(2)]
            a, b = (_Hub(inside, name, net) for (net, inside), name in zip(stores, ("bench-a", "bench-b"), strict=True))
        else:
            a, b = _Hub(store, "bench-a"), _Hub(store, "bench-b")
        result = await _measure(a, b, chosen, site_tokens, token, machines)
    directory = SiteDirectory(store)
    try:
        takeovers = _takeovers(directory)[takeovers_before:]
        audited = _audited_controls(directory) - audited_before
    finally:
        directory.close()
    result["takeovers_audited"] = len(takeovers)
    if takeovers:
        result["away_s_audited"] = takeovers[0]["params"].get("away_s")
    result["lost_audit_rows"] = result.pop("controls_ok") - audited
    return result


@contextlib.asynccontextmanager
async def _machine(store: str) -> AsyncIterator[tuple[JanusNetwork, str]]:
    """A machine for one hub: a namespace linked to this host, PostgreSQL reached through a
    proxy on the host's end of the link. Yields the network and the store's URL from inside."""
    net = await asyncio.to_thread(JanusNetwork(hosts=1).open)
    parts = urlsplit(store)
    proxy = await asyncio.to_thread(_Proxy, net.outside, (parts.hostname or "127.0.0.1", parts.port or 5432))
    inside = parts._replace(netloc=f"{parts.netloc.rsplit('@', 1)[0]}@{net.outside}:{proxy.port}")
    try:
        yield net, inside.geturl()
    finally:
        await asyncio.to_thread(proxy.close)  # every pipe ends now
        await asyncio.to_thread(net.close)


class _Proxy:
    """The link's TCP pipe to PostgreSQL, on a thread and loop of its own: the bench's loop also
    runs a thousand sites, and a hub whose store link waited on that loop lost its lease to the
    bench's own load (measured: the standby had taken over before the machine was lost)."""

    def __init__(self, listen: str, target: tuple[str, int]) -> None:
        self.target = target
        self.writers: list[asyncio.StreamWriter] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="store-link", daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._serve(listen), self.loop).result(10)
        self.port = int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, listen: str) -> asyncio.Server:
        return await asyncio.start_server(self._connected, listen, 0)

    def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Any:
        self.writers.append(writer)
        return _pipe_to(self.target, reader, writer, self.writers)

    def close(self) -> None:
        async def shut() -> None:
            self.server.close()
            for writer in self.writers:
                writer.transport.abort()
            await asyncio.sleep(0.1)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


async def _pipe_to(
    target: tuple[str, int], reader: asyncio.StreamReader, writer: asyncio.StreamWriter, writers: list[Any]
) -> None:
    try:
        up_reader, up_writer = await asyncio.open_connection(*target)
    except OSError:
        writer.close()
        return
    writers.append(up_writer)

    async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.close()

    await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def _measure(
    a: _Hub, b: _Hub, chosen: list[Any], site_tokens: dict[str, str], token: str, machines: bool
) -> dict[str, Any]:
    from console.media.service import LoopThread, MediaService
    from console.rtc.ice_policy import IcePolicy

    moved = threading.Event()

    def on_event(kind: str, payload: dict[str, Any]) -> None:
        if kind == "hub_joined" and payload.get("moved"):
            moved.set()

    result: dict[str, Any] = {"sites": len(chosen), "store": "postgresql", "loss": "machine" if machines else "SIGKILL"}
    async with aiohttp.ClientSession() as http:
        fleet: SiteFleet | None = None
        thread, service = LoopThread(), None
        try:
            await a.start()
            await _need(_until(lambda: _role(http, a, "active"), time.monotonic()), "hub a never became active")
            await b.start()
            await _need(_until(lambda: _role(http, b, "standby"), time.monotonic()), "hub b never became standby")
            await _need(_until(lambda: _knows(http, a, 2), time.monotonic()), "hub a never listed both hubs")
            fleet = SiteFleet([a.url, b.url], site_tokens, chosen)
            await fleet.start(join_timeout=CEILING_S)
            policy = IcePolicy.parse(",".join(h.net.cidr for h in (a, b) if h.net)) if machines else None
            service = MediaService(thread, on_event, policy=policy, program=False)
            await asyncio.wrap_future(service.connect([a.url, b.url], token))
            wall = await _set_room_wall(service, chosen)
            keys = [s.key for s in chosen[:CONTROLS]]
            result["controls_ok"] = await _controls(service, keys, "mute")
            double = _DoubleActive(http, a, b)
            watching = asyncio.get_running_loop().create_task(double.watch())
            lost = time.monotonic()
            if a.net is not None:
                await asyncio.to_thread(a.net.lose)  # the machine is gone: it answers nothing, in silence
            else:
                a.kill()
            # Watched side by side: each stage's own time, not the time the one before it ended.
            curve: dict[str, float] = {}
            result["takeover_s"], result["sites_back_s"], result["console_back_s"] = await asyncio.gather(
                _until(lambda: _role(http, b, "active"), lost),
                _until(lambda: _online(http, b, len(chosen), curve), lost),
                _until(moved.is_set, lost),
            )
            for key, at in curve.items():
                result[f"sites_back_{key}_s"] = round(at - lost, 2)
            watching.cancel()
            result["double_active_s"] = double.seconds
            result["room_wall_restored"] = (await _room_wall(service)) == wall
            result["controls_ok"] += await _controls(service, keys, "unmute")
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
    return result


async def _set_room_wall(service: Any, chosen: list[Any]) -> dict[str, Any]:
    """A room wall worth restoring: a 2x2 layout with two sites pushed into it; its state."""
    await asyncio.wrap_future(service.room_wall({"op": "layout", "layout": "2x2"}))
    for slot, site in enumerate(chosen[:2]):
        await asyncio.wrap_future(service.room_wall({"op": "push", "site": site.key, "slot": slot}))
    return await _room_wall(service)


async def _room_wall(service: Any) -> dict[str, Any]:
    reply = await asyncio.wrap_future(service.room_wall({"op": "get"}))
    state: dict[str, Any] = reply.get("state") or {}
    return {k: state.get(k) for k in ("layout", "placed", "pinned", "focus")}


async def _controls(service: Any, keys: list[str], action: str) -> int:
    """``action`` (mute or unmute) on each of ``keys``; how many the hub said were done."""
    done = 0
    for key in keys:
        try:
            reply = await asyncio.wrap_future(getattr(service, action)(key))
        except Exception:  # refused or lost: said, and not counted as done
            continue
        done += bool(reply.get("ok"))
    return done


def _audited_controls(directory: SiteDirectory) -> int:
    """Mutes and unmutes the bench's operator made that the audit trail says were done."""
    return sum(
        1
        for r in find_audit(directory, actor=BENCH_OPERATOR, limit=100_000)
        if r["action"] in ("mute_audio", "unmute_audio") and r["result"] == "ok"
    )


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


async def _online(http: aiohttp.ClientSession, hub: _Hub, count: int, curve: dict[str, float] | None = None) -> bool:
    """Whether ``count`` sites are online at ``hub``; ``curve`` (if given) notes when half and
    nine tenths of them first were, which says whether the last ones were late to notice the
    loss or queued at the new hub."""
    health = await _health(http, hub)
    online = health.get("sites_online", 0) if health.get("role") == "active" else 0
    if curve is not None:
        for share, key in ((0.5, "half"), (0.9, "nine_tenths")):
            if online >= share * count and key not in curve:
                curve[key] = time.monotonic()
    return bool(online >= count)


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
