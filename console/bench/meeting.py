"""`opsconsole bench meeting`: the national meeting on one machine, through Janus and peer to peer.

K Janus shards run in a private network namespace (console/janus/process.py); the hub, in
media mode "sfu", and N simulated sites run in child processes; this process is the console's
media core: it publishes the program once and shows min(N, 64) sites on its wall. The sites are
cheap on purpose (pre-encoded video sent as is; program packets counted, not decoded; program
audio decoded at one site in ten to check what they hear) so that on two cores they, not Janus,
set the limit later rather than sooner. Then the same N again peer to peer (the embedded mode:
the console sends the program over one connection per site) for comparison.

CPU is reported per site-second for Janus, the sites and the console separately (and the hub's
share), so docs/scale.md can extrapolate from measured figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from console.bench.procs import free_port, health
from console.directory import SiteDirectory, credentials
from console.janus.client import close_shared_http
from console.janus.process import JanusShards, janus_unavailable_reason
from console.media import MediaManager, View
from console.media.program import ProgramFeed
from console.media.sfu import SfuMedia
from console.processes import bound_to_us
from console.rtc import IcePolicy, install_ice_policy
from console.signaling import HubClient, WebSocketChannel
from console.sim.clips import site_variant
from console.sim.fleet import pick_sites, warm_clip_cache

MAX_TILES = 64
TILE = (160, 90)
RECENT_S = 5.0  # "received in the last 5 s"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Children:
    """The hub and the simulated sites, each a child process of ours, ended by PID."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.db = db
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.procs: dict[str, asyncio.subprocess.Process] = {}
        self.logs: dict[str, Path] = {}

    async def spawn(self, name: str, *args: str) -> None:
        log = self.db.with_name(f"{name}.log")
        self.logs[name] = log
        handle = log.open("wb")
        self.procs[name] = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "console.cli",
            "--db",
            str(self.db),
            *args,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=handle,
            **bound_to_us(self.env),
        )
        handle.close()

    async def until(self, check, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for name, proc in self.procs.items():
                if proc.returncode is not None:
                    raise RuntimeError(f"{name} exited early: {self.tail(name)}")
            try:
                if check():
                    return
            except (OSError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} within {timeout:g} s")
            await asyncio.sleep(0.3)

    def tail(self, name: str, chars: int = 1500) -> str:
        try:
            return self.logs[name].read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def cpu(self, name: str) -> float:
        try:
            times = psutil.Process(self.procs[name].pid).cpu_times()
            return times.user + times.system
        except (psutil.Error, KeyError):
            return 0.0

    async def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.returncode is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def read_report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def program_figures(report: dict[str, Any], before: dict[str, Any] | None, seconds: float) -> dict[str, Any]:
    """From the sites' own reports: who got program sound and picture lately, at what rate."""
    sites = report["sites"]
    got = [
        s
        for s in sites.values()
        if s.get("audio_age_s") is not None
        and s["audio_age_s"] < RECENT_S
        and s.get("video_age_s") is not None
        and s["video_age_s"] < RECENT_S
    ]
    fps = [s.get("fps_5s", 0.0) for s in sites.values()]
    out = {
        "program_received_ratio": round(len(got) / len(sites), 4) if sites else 0.0,
        "program_fps_median": round(statistics.median(fps), 2) if fps else 0.0,
    }
    heard = [s["heard"] for s in sites.values() if s.get("heard")]
    tone = [h for h in heard if h.get("peaks") and abs(h["peaks"][0][0] - 1750) <= 2]
    out["program_audio_checked_sites"] = len(heard)
    out["program_tone_heard_sites"] = len(tone)
    if before is not None:
        # The frame rate over the whole window (the 5 s figure above is a snapshot).
        rates = [
            (s.get("video_frames", 0) - before["sites"].get(k, {}).get("video_frames", 0)) / seconds
            for k, s in sites.items()
        ]
        out["program_fps_median"] = round(statistics.median(rates), 2) if rates else 0.0
        out["program_fps_min"] = round(min(rates), 2) if rates else 0.0
        sent = [
            (s.get("frames_sent", 0) - before["sites"].get(k, {}).get("frames_sent", 0)) / seconds
            for k, s in sites.items()
        ]
        out["site_video_fps_median"] = round(statistics.median(sent), 2) if sent else 0.0
        packets = [
            (s.get("audio_packets", 0) + s.get("video_packets", 0))
            - (before["sites"].get(k, {}).get("audio_packets", 0) + before["sites"].get(k, {}).get("video_packets", 0))
            for k, s in sites.items()
        ]
        out["program_packets_per_site_s"] = round(statistics.mean(packets) / seconds, 1) if packets else 0.0
    return out


async def _console(url: str, token: str, keys: list[str], sfu: bool, tiles: int):
    hub = HubClient(WebSocketChannel(url, "console"), "console", token, agent="opsconsole-bench-meeting")
    await hub.join()
    media = SfuMedia(hub) if sfu else None  # at once: `feeds` follows the welcome
    program = ProgramFeed()
    manager = MediaManager(hub, max_video=MAX_TILES, program=program, sfu=media)
    if media is not None:
        media.publish_program(program)
    shown = keys[: min(tiles, MAX_TILES)]
    sessions = []
    for key in keys if not sfu else shown:  # peer to peer, the program needs a connection per site
        view = View(*TILE, visible=key in shown)
        sessions.append(await manager.subscribe(key, view))
    return hub, media, program, manager, sessions[: len(shown)]


async def _close_console(hub, media, program, manager) -> None:
    await manager.close()
    if media is not None:
        await media.close()
    await program.close()
    await hub.close()
    await close_shared_http()


async def _fail_over(
    children: Children, janus: JanusShards, report_path: Path, sessions: list, timeout: float = 90.0
) -> dict[str, Any]:
    """Kill a shard that does not carry the program's publication, mid-meeting; time until its
    sites publish elsewhere, hear the program again, and the wall shows them again."""
    status = health(children.url)["sfu"]
    victim = next((n for n in status["shards"] if n != status["program_shard"]), None)
    if victim is None:
        return {"skipped": "one shard only"}
    moved = status["shards"][victim]["sites"]
    janus.shards[int(victim[1:]) - 1].kill()
    killed = time.monotonic()
    frames = {id(s): s.video.received for s in sessions}
    out: dict[str, Any] = {"killed": victim, "sites_moved": moved}
    while time.monotonic() - killed < timeout:
        await asyncio.sleep(0.25)
        elapsed = round(time.monotonic() - killed, 2)
        sites = read_report(report_path)["sites"].values()
        if "republished_s" not in out and all(
            s.get("shard") != victim and s.get("state") == "published" for s in sites
        ):
            out["republished_s"] = elapsed
        fresh = [s for s in sites if (s.get("audio_age_s") or 99) < 2 and (s.get("video_age_s") or 99) < 2]
        if "program_back_s" not in out and "republished_s" in out and len(fresh) >= 0.98 * len(sites):
            out["program_back_s"] = elapsed
        if "wall_back_s" not in out and all(
            s.state == "live" and s.video.received > frames[id(s)] + 3 for s in sessions
        ):
            out["wall_back_s"] = elapsed
        if {"republished_s", "program_back_s", "wall_back_s"} <= out.keys():
            break
    out["detected_by_hub"] = not health(children.url)["sfu"]["shards"][victim]["up"]
    return out


async def _close_console_within(console, timeout: float = 30.0) -> None:
    """Close the console's side, but never let a stuck close hold the children and Janus up."""
    if console is None:
        return
    try:
        await asyncio.wait_for(_close_console(*console[:4]), timeout)
    except TimeoutError:
        print(f"bench meeting: the console did not close within {timeout:g} s; going on", file=sys.stderr)


async def _mute_enforced(hub: HubClient, session) -> dict[str, Any]:
    """Site 0 ignores mutes: unmute it (its sound must arrive), mute it, listen for 2 s."""
    await hub.request({"type": "control", "site": session.site, "action": "unmute_audio"})
    start = session.audio.frames
    deadline = time.monotonic() + 8
    while session.audio.frames < start + 10 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    heard_when_open = session.audio.frames - start
    await hub.request({"type": "control", "site": session.site, "action": "mute_audio"})
    await asyncio.sleep(0.5)
    before = session.audio.frames
    await asyncio.sleep(2.0)
    leaked = session.audio.frames - before
    return {
        "mute_enforced": heard_when_open > 0 and leaked == 0,
        "mute_check": {"frames_while_open": heard_when_open, "frames_after_mute": leaked},
    }


def _busiest_threads(janus: JanusShards, before: list[dict], seconds: float, top: int = 4) -> list[dict]:
    rows = []
    for shard, then in zip(janus.shards, before):
        for tid, (name, cpu) in shard.thread_cpu().items():
            used = cpu - then.get(tid, (name, 0.0))[1]
            rows.append({"shard": shard.config.name, "thread": name, "cpu_pct": round(100 * used / seconds, 1)})
    return sorted(rows, key=lambda r: -r["cpu_pct"])[:top]


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (every process, ours and others')."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)


async def _measure(
    children: Children,
    report_path: Path,
    sessions: list,
    seconds: float,
    warmup: float,
    janus: JanusShards | None,
    sites: int,
    program: ProgramFeed,
) -> dict[str, Any]:
    await asyncio.sleep(warmup)
    busy0, encoded0 = machine_busy_seconds(), program.video_frames
    threads0 = [shard.thread_cpu() for shard in janus.shards] if janus else []
    t0, c0 = time.monotonic(), cpu_seconds()
    sims0, hub0 = children.cpu("sim"), children.cpu("hub")
    janus0 = janus.cpu_seconds() if janus else 0.0
    frames0 = [s.video.received for s in sessions]
    report0 = read_report(report_path)
    await asyncio.sleep(seconds)
    dt = time.monotonic() - t0
    console_s, sims_s, hub_s = cpu_seconds() - c0, children.cpu("sim") - sims0, children.cpu("hub") - hub0
    janus_s = (janus.cpu_seconds() - janus0) if janus else 0.0
    others_s = machine_busy_seconds() - busy0 - console_s - sims_s - hub_s - janus_s
    busiest = _busiest_threads(janus, threads0, dt) if janus else []
    encoded = program.video_frames - encoded0
    frames = [s.video.received - f for s, f in zip(sessions, frames0)]
    report = read_report(report_path)
    out = program_figures(report, report0, dt)
    per = sites * dt / 1000  # site-seconds, in ms of CPU per site-second below
    out.update(
        {
            "seconds": round(dt, 1),
            "console_tiles_live": sum(1 for s, n in zip(sessions, frames) if s.state == "live" and n > 0),
            "console_tile_fps_median": round(statistics.median(frames) / dt, 2) if frames else 0.0,
            "console_cpu_ms_per_tile_s": round(console_s * 1000 / (max(1, len(sessions)) * dt), 2),
            "console_cpu_pct": round(100 * console_s / dt, 1),
            "console_cpu_ms_per_site_s": round(console_s / per, 3),
            "sims_cpu_pct": round(100 * sims_s / dt, 1),
            "sims_cpu_ms_per_site_s": round(sims_s / per, 3),
            "hub_cpu_pct": round(100 * hub_s / dt, 2),
            "program_source_fps": round(encoded / dt, 2),  # what the console encoded (the sites can get no more)
            # The machine is shared: what everything else on it used meanwhile (of 100 % per core).
            "machine_cpus": psutil.cpu_count(),
            "other_processes_cpu_pct": round(100 * max(0.0, others_s) / dt, 1),
        }
    )
    if janus is not None:
        out["janus_cpu_pct"] = round(100 * janus_s / dt, 1)
        out["janus_cpu_ms_per_site_s"] = round(janus_s / per, 3)
        # A thread is one core at most: the busiest says how far a shard's design can go.
        out["janus_busiest_threads"] = busiest
    return out


async def run_meeting_bench_until_signalled(*args, **kwargs) -> dict[str, Any]:
    """``run_meeting_bench`` that a SIGTERM or SIGINT cancels cleanly: Janus, its namespace and
    the child processes are still taken down."""
    import signal

    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(run_meeting_bench(*args, **kwargs))
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        return await task
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def run_meeting_bench(
    sites: int,
    shards: int,
    seconds: float = 15.0,
    warmup: float = 3.0,
    route: str = "streaming",
    p2p: bool = True,
    listen_every: int = 10,
    event_loops: int = 0,
    tiles: int = 16,
    fail_over: bool = True,
) -> dict[str, Any]:
    reason = janus_unavailable_reason()
    if reason:
        raise RuntimeError(f"bench meeting runs Janus in a network namespace: {reason}")
    with tempfile.TemporaryDirectory(prefix="opsconsole-meeting-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        directory = SiteDirectory.open(db)
        token = credentials.local_token(directory)
        chosen = pick_sites(directory, sites)
        directory.close()
        warm_clip_cache({site_variant(s.code) for s in chosen})  # once, before any clock runs
        keys = [s.key for s in chosen]
        result: dict[str, Any] = {
            "sites": len(keys),
            "shards": shards,
            "route": route,
            "tiles": min(tiles, MAX_TILES, len(keys)),
        }
        result["sfu"] = await _run_sfu(
            db, token, keys, shards, seconds, warmup, route, listen_every, event_loops, tiles, fail_over
        )
        for key in (
            "program_received_ratio",
            "program_fps_median",
            "console_tiles_live",
            "mute_enforced",
            "janus_cpu_ms_per_site_s",
            "console_cpu_pct",
        ):
            result[key] = result["sfu"].get(key)
        if p2p:
            result["p2p"] = await _run_p2p(db, token, keys, seconds, warmup, listen_every, tiles)
    return result


async def _run_sfu(
    db: Path,
    token: str,
    keys: list[str],
    count: int,
    seconds: float,
    warmup: float,
    route: str,
    listen_every: int,
    event_loops: int,
    tiles: int,
    fail_over: bool = True,
) -> dict[str, Any]:
    secret = secrets.token_urlsafe(16)
    janus = JanusShards(count, secret=secret, event_loops=event_loops)
    await asyncio.get_running_loop().run_in_executor(None, janus.start)
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": janus.ice_networks, "OPSCONSOLE_JANUS_SECRET": secret}
    children = Children(db, env)
    report = db.with_name("sfu-report.json")
    install_ice_policy(IcePolicy.parse(janus.ice_networks))
    console = None
    try:
        started = time.monotonic()
        await children.spawn(
            "hub",
            "hub",
            "--port",
            str(children.port),
            "--media",
            "janus",
            "--janus",
            ",".join(janus.urls),
            "--program-route",
            route,
        )
        await children.until(lambda: health(children.url)["sfu"]["shards"], 30, "the hub did not start")
        console = await _sites_and_wall(children, report, token, keys, listen_every, tiles, sfu=True)
        hub, media, program, manager, sessions = console
        await children.until(
            lambda: program_figures(read_report(report), None, 1)["program_received_ratio"] >= 0.98,
            90,
            "the program did not reach 98 % of the sites",
        )
        setup_s = time.monotonic() - started
        out = await _measure(children, report, sessions, seconds, warmup, janus, len(keys), program)
        out.update(await _mute_enforced(hub, sessions[0]))
        out["setup_s"] = round(setup_s, 1)
        out["subscription_negotiations"] = sum(s.negotiations for s in media.subscribers.values())
        out["shard_sites"] = {name: s["sites"] for name, s in health(children.url)["sfu"]["shards"].items()}
        if fail_over:
            out["failover"] = await _fail_over(children, janus, report, sessions)
        out["janus_event_loops"] = event_loops or "one thread per handle"
        return out
    except (RuntimeError, TimeoutError) as error:
        return {
            "error": str(error),
            "hub_log": children.tail("hub"),
            "sim_log": children.tail("sim"),
            "janus_log": janus.shards[0].log_tail(800) if janus.shards else "",
        }
    finally:
        await _close_console_within(console)
        await children.stop()
        await asyncio.get_running_loop().run_in_executor(None, janus.close)


async def _sites_and_wall(
    children: Children, report: Path, token: str, keys: list[str], listen_every: int, tiles: int, sfu: bool
) -> Any:
    """The simulated sites joined (every ``listen_every``-th listening, each ignoring mute once
    to test its enforcement) and a console whose wall is live; returns ``_console``'s tuple.
    Peer to peer the sites take the program's video and count its packets (decoding 64 copies
    would measure the sims, not the console); their meeting mode does not take it per site."""
    await children.spawn(
        "sim",
        "sim",
        "--hub",
        children.url,
        "--sites",
        str(len(keys)),
        *([] if sfu else ["--count-program"]),
        "--listen-every",
        str(listen_every),
        "--ignore-mute",
        "1",
        "--report",
        str(report),
    )
    await children.until(
        lambda: health(children.url)["sites_online"] >= len(keys), 120, "the simulated sites did not all join"
    )
    console = await _console(children.url, token, keys, sfu=sfu, tiles=tiles)
    sessions = console[4]
    await children.until(lambda: all(s.state == "live" for s in sessions), 120, "the wall did not go live")
    return console


async def _run_p2p(
    db: Path, token: str, keys: list[str], seconds: float, warmup: float, listen_every: int, tiles: int
) -> dict[str, Any]:
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32"}
    children = Children(db, env)
    report = db.with_name("p2p-report.json")
    install_ice_policy(IcePolicy.loopback())
    console = None
    try:
        started = time.monotonic()
        await children.spawn("hub", "hub", "--port", str(children.port))
        await children.until(lambda: health(children.url), 30, "the hub did not start")
        console = await _sites_and_wall(children, report, token, keys, listen_every, tiles, sfu=False)
        hub, media, program, manager, sessions = console
        try:
            await children.until(
                lambda: program_figures(read_report(report), None, 1)["program_received_ratio"] >= 0.98,
                90,
                "the program did not reach 98 % of the sites",
            )
        except TimeoutError:
            pass  # measured as it is: the ratio says how far it got
        setup_s = time.monotonic() - started
        out = await _measure(children, report, sessions, seconds, warmup, None, len(keys), program)
        out.update(await _mute_enforced(hub, sessions[0]))
        out["setup_s"] = round(setup_s, 1)
        out["console_connections"] = len(manager.sessions)
        return out
    except (RuntimeError, TimeoutError) as error:
        return {"error": str(error), "hub_log": children.tail("hub"), "sim_log": children.tail("sim")}
    finally:
        await _close_console_within(console)
        await children.stop()
