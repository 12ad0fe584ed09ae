"""`opsconsole bench presence`: one hub, every commune of the country online, and a console on it.

The hub runs in a child process; the sites are real protocol clients with their own site
tokens, spread over child processes (one of them holds the ``--drop`` sites that are cut off
at once). In this process a console watches presence and times full roll-calls; another
console, in its own process (``python -m console.bench.presence probe``), sends small requests
throughout, so what one console's roll-call costs everybody else is measured, beside the same
requests on an idle hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from console.bench.procs import piped, start_hub
from console.directory import SiteDirectory, credentials
from console.processes import bound_to_us, end_with_parent
from console.signaling import HubClient, WebSocketChannel
from console.signaling.protocol import HEARTBEAT_S

THREE_TIER = Path(__file__).resolve().parents[2] / "resources" / "divisions" / "vn-divisions-2025-01-three-tier.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values) or [0.0]
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 2)


class PresenceWatch:
    """A console's view of presence: who is online, and when the count reached a target."""

    def __init__(self, client: HubClient) -> None:
        self.online: set[str] = set()
        self.offline_seen: set[str] = set()
        self._waiters: list[tuple[Any, asyncio.Future]] = []
        client.on("presence", self._on_presence)

    def _on_presence(self, message: dict) -> None:
        if message["online"]:
            self.online.add(message["site"])
            self.offline_seen.discard(message["site"])
        else:
            self.online.discard(message["site"])
            self.offline_seen.add(message["site"])
        for test, future in list(self._waiters):
            if not future.done() and test(self):
                future.set_result(time.perf_counter())

    async def until(self, test, timeout: float) -> float:
        future = asyncio.get_running_loop().create_future()
        if test(self):
            return time.perf_counter()
        self._waiters.append((test, future))
        return await asyncio.wait_for(future, timeout)


async def _spawn(*args: str, stdout=asyncio.subprocess.PIPE) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, *args, stdout=stdout, stderr=asyncio.subprocess.PIPE, **bound_to_us()
    )


async def _timed_roll_calls(url: str, token: str, count: int) -> tuple[list[float], int]:
    """Full roll-calls back to back on a raw socket: time to the last byte (no parsing here,
    so the console's own JSON cost does not count as the hub's)."""
    times, size = [], 0
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url.replace("http", "ws", 1) + "/ws/console", max_msg_size=0) as ws:
            await ws.send_str(json.dumps({"type": "hello", "role": "console", "token": token}))
            await ws.receive(timeout=10)
            for i in range(count):
                started = time.perf_counter()
                await ws.send_str(json.dumps({"type": "roll_call", "id": i}))
                while True:
                    msg = await ws.receive(timeout=30)
                    if msg.type == aiohttp.WSMsgType.TEXT and msg.data.startswith('{"type":"roll_call"'):
                        break
                times.append((time.perf_counter() - started) * 1000)
                size = len(msg.data.encode("utf-8"))
    return times, size


async def run_presence_bench(
    sites: int = 10810,
    processes: int = 3,
    drop: int = 1000,
    roll_calls: int = 300,
    steady_s: float = 10.0,
    hub_cpu: int | None = None,
    restart: bool = True,
    keep_logs: Path | None = None,
    store: str | None = None,
    floor: bool = True,
) -> dict[str, Any]:
    """``store``: a PostgreSQL URL for the hub (an empty database, or this bench's from an
    earlier run); by default an SQLite file of its own. ``floor``: measure the bare
    framework's CPU for the same heartbeats after the hub (``ws_floor``), the reference."""
    errors: list[str] = []
    cpus_before = os.sched_getaffinity(0)
    if hub_cpu is not None and (hub_cpu not in cpus_before or len(cpus_before) < 2):
        raise ValueError(
            f"--hub-cpu {hub_cpu}: this process may run on CPUs {sorted(cpus_before)}; "
            "the hub needs one of them and the rest at least one more"
        )
    with tempfile.TemporaryDirectory(prefix="opsconsole-presence-") as tmp:
        db: Path | str = store or Path(tmp) / "bench.sqlite3"
        directory = SiteDirectory.open(db)
        if sites > 3355:
            directory.import_file(THREE_TIER)
        keys = [
            row["key"]
            for row in directory.db.query("SELECT key FROM sites WHERE active = 1 ORDER BY ordinal LIMIT ?", [sites])
        ]
        if len(keys) < sites:
            raise ValueError(f"the directory has only {len(keys)} active sites")
        tokens = credentials.issue_site_tokens(directory, keys, actor="bench")
        watcher_token = credentials.issue_operator_token(directory, "bench-watch")
        caller_token = credentials.issue_operator_token(directory, "bench-caller")
        probe_token = credentials.issue_operator_token(directory, "bench-probe")
        directory.close()
        drop = min(drop, sites // 2)
        groups = [keys[:drop]] + [keys[drop:][i::processes] for i in range(processes)]
        files = []
        for i, group in enumerate(groups):
            path = Path(tmp) / f"tokens-{i}.json"
            path.write_text(json.dumps([[k, tokens[k]] for k in group]))
            files.append(path)

        hub_log = Path(tmp) / "hub.log"  # a file, not a pipe: the hub never blocks on its log
        log_file = hub_log.open("wb")
        hub, url = await start_hub(db, "-v", stderr=log_file)  # a URL goes as --store
        if hub_cpu is not None:
            # The deployment's shape on one machine: the hub on a core of its own, the country's
            # sites and the consoles (this process and its children) on the others.
            os.sched_setaffinity(hub.pid, {hub_cpu})
            os.sched_setaffinity(0, cpus_before - {hub_cpu})
        children: list[asyncio.subprocess.Process] = []
        try:
            hub_proc = psutil.Process(hub.pid)
            watcher = HubClient(WebSocketChannel(url, "console"), "console", watcher_token)
            watch = PresenceWatch(watcher)
            await watcher.join()

            started = time.perf_counter()
            hub_cpu_at_start = sum(hub_proc.cpu_times()[:2])
            for i, path in enumerate(files):
                # All but the dropped sites (and the one whose token the bench revokes) come back at
                # once when the hub is killed and restarted.
                again = ["--reconnect-for", str(RESTART_TIMEOUT_S)] if restart and i > 0 else []
                children.append(
                    await _spawn("-m", "console.bench.presence_sites", "--hub", url, "--tokens", str(path), *again)
                )
            connect_s: float | None
            hub_cpu_joining_s: float | None
            try:
                all_online = await watch.until(lambda w: len(w.online) >= sites, timeout=300)
                connect_s = round(all_online - started, 2)
                hub_cpu_joining_s = round(sum(hub_proc.cpu_times()[:2]) - hub_cpu_at_start, 2)
            except TimeoutError:
                connect_s = hub_cpu_joining_s = None
                errors.append(f"only {len(watch.online)} of {sites} sites online after 300 s")
            for child in children:
                line = await asyncio.wait_for(piped(child.stdout).readline(), 60)
                report = json.loads(line or b"{}")
                if report.get("errors"):
                    errors.append(f"site joins failed: {report['errors']} ({report.get('first_errors')})")

            await asyncio.sleep(3)  # the joins' after-effects settle
            joined_log_at = hub_log.stat().st_size
            cpu_before, wall_before = hub_proc.cpu_times(), time.perf_counter()
            await asyncio.sleep(steady_s)
            cpu_after, wall_s = hub_proc.cpu_times(), time.perf_counter() - wall_before
            # The kernel's share apart: on loopback much of a message's cost is the socket's.
            hub_cpu_user_pct = round(100 * (cpu_after.user - cpu_before.user) / wall_s, 1)
            hub_cpu_system_pct = round(100 * (cpu_after.system - cpu_before.system) / wall_s, 1)
            hub_cpu_pct = round(hub_cpu_user_pct + hub_cpu_system_pct, 1)
            hub_rss_mb = round(hub_proc.memory_info().rss / 2**20, 1)

            probe_args = [
                "-m",
                "console.bench.presence",
                "probe",
                "--hub",
                url,
                "--token",
                probe_token,
                "--key",
                keys[-1],
            ]
            idle = await _probe(probe_args, 3.0)
            probe = await _spawn(*probe_args, "--seconds", "600")
            await asyncio.wait_for(piped(probe.stdout).readline(), 30)  # joined
            roll_ms, roll_bytes = await _timed_roll_calls(url, caller_token, roll_calls)
            probe.send_signal(signal.SIGINT)
            busy = json.loads(await asyncio.wait_for(piped(probe.stdout).readline(), 30))
            gc_joining = _gc_pauses(hub_log.read_bytes()[:joined_log_at])
            gc_steady = _gc_pauses(hub_log.read_bytes()[joined_log_at:])

            revoke_ms = await _time_revocation(db, keys[-1], watch)

            victims = children[0]
            dropped = set(keys[:drop])
            cut_at = time.perf_counter()
            victims.kill()
            try:
                seen = await watch.until(lambda w: dropped <= w.offline_seen, timeout=60)
                fanout_ms = round((seen - cut_at) * 1000, 1)
            except TimeoutError:
                fanout_ms = None
                errors.append(f"{len(dropped - watch.offline_seen)} dropped sites still online after 60 s")
            await watcher.close()
            if restart:
                hub.kill()
                await hub.wait()
                rejoin = await _time_restart(db, url, sites - drop - 1, hub_cpu, Path(tmp) / "hub-again.log")
                hub = rejoin.pop("hub")
                errors += rejoin.pop("errors")
        finally:
            for proc in [*children, hub]:
                if proc.returncode is None:
                    proc.kill()
                await proc.wait()
            os.sched_setaffinity(0, cpus_before)
        log_file.close()
        tracebacks = sum(
            log.read_text(errors="replace").count("Traceback")
            for log in (hub_log, Path(tmp) / "hub-again.log")
            if log.exists()
        )
        if tracebacks:
            errors.append(f"{tracebacks} tracebacks in the hub's log")
        reference = await _floor(sites, hub_cpu, cpus_before, steady_s, errors) if floor else {}
        if "floor_cpu_pct" in reference:  # None when the floor took no measurable CPU (a few sites)
            floor_pct = reference["floor_cpu_pct"]
            reference["hub_cpu_vs_floor"] = round(hub_cpu_pct / floor_pct, 2) if floor_pct else None
        if keep_logs is not None:  # the hub's own words (its collector pauses, warnings) to read after
            keep_logs.mkdir(parents=True, exist_ok=True)
            for log in (hub_log, Path(tmp) / "hub-again.log"):
                if log.exists():
                    shutil.copy(log, keep_logs / log.name)
    return {
        "sites": sites,
        "store": "postgresql" if store else "sqlite",
        "hub_cpu": "own core" if hub_cpu is not None else "shared",
        "connect_s": connect_s,
        "hub_cpu_s_while_joining": hub_cpu_joining_s,
        "roll_call_ms": round(statistics.median(roll_ms), 1),
        "roll_call_p99_ms": percentile(roll_ms, 0.99),
        "roll_call_bytes": roll_bytes,
        "roll_calls": len(roll_ms),
        "other_request_p50_ms": busy["p50_ms"],
        "other_request_p99_ms": busy["p99_ms"],
        "other_request_max_ms": busy["max_ms"],
        "other_requests": busy["count"],
        "idle_request_p50_ms": idle["p50_ms"],
        "idle_request_p99_ms": idle["p99_ms"],
        "presence_fanout_ms": fanout_ms,
        "dropped": drop,
        "revoke_to_offline_ms": revoke_ms,
        "hub_gc_pauses_joining_wall_cpu_ms": gc_joining,
        "hub_gc_pauses_steady_wall_cpu_ms": gc_steady,
        "hub_rss_mb": hub_rss_mb,
        "hub_cpu_pct": hub_cpu_pct,
        "hub_cpu_user_pct": hub_cpu_user_pct,
        "hub_cpu_system_pct": hub_cpu_system_pct,
        **reference,
        **(rejoin if restart else {}),
        "errors": len(errors),
        "error_details": errors,
        "targets": {
            "roll_call_p99_ms": 200,
            "other_request_p99_ms": 20,
            "hub_rss_mb": 600,
            "presence_fanout_ms": 1000,
            "revoke_to_offline_ms": 1000,
            "hub_cpu_pct": 15,
            "connect_s": 10,
            "errors": 0,
        },
    }


RESTART_TIMEOUT_S = 180.0


async def _floor(
    connections: int, hub_cpu: int | None, cpus: set[int], steady_s: float, errors: list[str]
) -> dict[str, Any]:
    """The reference: a bare aiohttp server receiving the heartbeats of as many connections as
    the hub held in its steady phase, placed as the hub was, measured as long. ``hub_cpu_vs_floor`` is the ratio."""
    server = await _spawn("-m", "console.bench.ws_floor", "server", str(connections))
    clients: list[asyncio.subprocess.Process] = []
    try:
        if hub_cpu is not None:
            os.sched_setaffinity(server.pid, {hub_cpu})
            os.sched_setaffinity(0, cpus - {hub_cpu})
        port = int(await asyncio.wait_for(piped(server.stdout).readline(), 30))
        shares = [connections // 3 + (1 if i < connections % 3 else 0) for i in range(3)]
        for share in shares:
            clients.append(
                await _spawn("-m", "console.bench.ws_floor", "client", str(port), str(share), str(HEARTBEAT_S))
            )
        try:
            await asyncio.wait_for(piped(server.stdout).readline(), 180)  # "connected N"
        except TimeoutError:
            errors.append(f"the reference server did not get its {connections} connections within 180 s")
            return {}
        await asyncio.sleep(HEARTBEAT_S + 3)  # every connection past its first beat
        proc = psutil.Process(server.pid)
        before, wall_before = proc.cpu_times(), time.perf_counter()
        await asyncio.sleep(steady_s)
        after, wall_s = proc.cpu_times(), time.perf_counter() - wall_before
        return {
            "floor_cpu_pct": round(100 * (after.user + after.system - before.user - before.system) / wall_s, 1),
            "floor_cpu_user_pct": round(100 * (after.user - before.user) / wall_s, 1),
            "floor_connections": connections,
        }
    finally:
        for proc in [*clients, server]:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
        os.sched_setaffinity(0, cpus)


async def _time_restart(db: Path | str, url: str, expected: int, hub_cpu: int | None, log: Path) -> dict[str, Any]:
    """The hub killed (SIGKILL, as a crash) and started again on its port while every site
    still connected comes back at once: the time until all are online again, how slow the
    hub's /healthz was meanwhile (it must stay up and answer), and its memory after."""
    port = int(url.rsplit(":", 1)[1])
    errors: list[str] = []
    started = time.perf_counter()
    with log.open("wb") as log_file:
        hub, _ = await start_hub(db, "-v", stderr=log_file, port=port)
    if hub_cpu is not None:
        os.sched_setaffinity(hub.pid, {hub_cpu})
    health_ms: list[float] = []
    online = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RESTART_TIMEOUT_S
    async with aiohttp.ClientSession() as session:
        while online < expected and loop.time() < deadline and hub.returncode is None:
            asked = time.perf_counter()
            try:
                async with session.get(f"{url}/healthz", timeout=aiohttp.ClientTimeout(total=10)) as reply:
                    # (a hub on a pair's store answers as a standby until the killed one's
                    # lease has run out: nobody online yet)
                    online = (await reply.json()).get("sites_online", 0)
                health_ms.append((time.perf_counter() - asked) * 1000)
            except (TimeoutError, aiohttp.ClientError) as exc:
                errors.append(f"/healthz during the reconnection: {type(exc).__name__}: {exc}")
            await asyncio.sleep(0.25)
    rejoin_s = round(time.perf_counter() - started, 2) if online >= expected else None
    if hub.returncode is not None:
        errors.append(f"the restarted hub exited ({hub.returncode}) while the sites came back")
    elif rejoin_s is None:
        errors.append(f"after the restart only {online} of {expected} sites online in {RESTART_TIMEOUT_S:g} s")
        said = log.read_text(errors="replace").strip().splitlines()
        errors += [f"restarted hub: {line}" for line in said[:5] + said[-10:]]  # what it said of it
    rss = round(psutil.Process(hub.pid).memory_info().rss / 2**20, 1) if hub.returncode is None else None
    return {
        "hub": hub,
        "errors": errors,
        "restart_rejoin_s": rejoin_s,
        "restart_sites": expected,
        "restart_rejoined": online,
        "restart_health_p99_ms": percentile(health_ms, 0.99),
        "restart_health_max_ms": round(max(health_ms, default=0), 1),
        "restart_hub_rss_mb": rss,
    }


async def _time_revocation(db: Path | str, key: str, watch: PresenceWatch) -> float:
    """Revoke one site's token as the terminal would (another connection to the database) and
    time until the console has seen the site go offline: the hub's poll plus its fan-out."""

    def revoke() -> None:
        directory = SiteDirectory(db)
        try:
            credentials.revoke_site_token(directory, key, actor="bench")
        finally:
            directory.close()

    started = time.perf_counter()
    await asyncio.get_running_loop().run_in_executor(None, revoke)
    seen = await watch.until(lambda w: key in w.offline_seen, timeout=30)
    return round((seen - started) * 1000, 1)


def _gc_pauses(log: bytes) -> list[list[int]]:
    """The hub's logged collector pauses (over 100 ms of wall time): [wall ms, CPU ms] each."""
    return [[int(wall), int(cpu)] for wall, cpu in re.findall(rb"held the hub for (\d+) ms \((\d+) ms of CPU", log)]


async def _probe(args: list[str], seconds: float) -> dict:
    proc = await _spawn(*args, "--seconds", str(seconds))
    await piped(proc.stdout).readline()  # joined
    result = json.loads(await asyncio.wait_for(piped(proc.stdout).readline(), seconds + 30))
    await proc.wait()
    return result


# --- the other console: small requests, timed, in its own process ------------------------------


async def probe(hub: str, token: str, key: str, seconds: float) -> None:
    client = HubClient(WebSocketChannel(hub, "console"), "console", token)
    await client.join()
    print("{}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    times: list[float] = []
    deadline = loop.time() + seconds
    while not stop.is_set() and loop.time() < deadline:
        started = time.perf_counter()
        await client.request({"type": "roll_call", "keys": [key]})
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.01)
    await client.close()
    print(
        json.dumps(
            {
                "count": len(times),
                "p50_ms": percentile(times, 0.5),
                "p99_ms": percentile(times, 0.99),
                "max_ms": percentile(times, 1.0),
            }
        ),
        flush=True,
    )


def _probe_main(argv: list[str]) -> None:
    end_with_parent()
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    asyncio.run(probe(args.hub, args.token, args.key, args.seconds))


if __name__ == "__main__" and sys.argv[1:2] == ["probe"]:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    _probe_main(sys.argv[2:])
