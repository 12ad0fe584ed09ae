"""`opsconsole bench wall`: receive N simulated sites at tile size, count what arrives.

The hub and the sites run in child processes; this process is the console's media core
alone, so its CPU time is what a wall of N tiles costs. In the same run ffmpeg decodes and
stacks the same clips, and the JSON gives the ratio.

``--media sfu`` receives the sites through a Janus shard in a namespace of the bench's own
(the meeting mode), by the shard's forwards (the native path) or, with ``--sfu-path webrtc``,
by WebRTC subscriptions, so the two can be set side by side.
"""

from __future__ import annotations

import asyncio
import os
import resource
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from console.bench.ffmpeg_reference import ffmpeg_wall_cpu_ms_per_frame
from console.bench.procs import Children
from console.directory import SiteDirectory, credentials
from console.media import MediaManager, View
from console.rtc import IcePolicy, install_ice_policy
from console.rtc.aiortc_internals import gather_decoded_frames
from console.signaling import HubClient, WebSocketChannel
from console.sim.clips import VIDEO_FPS, site_variant
from console.sim.fleet import pick_sites


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread: aiortc decodes on its own
    return usage.ru_utime + usage.ru_stime


class LoopLag:
    """How late a 10 ms ticker wakes: the event loop's responsiveness under load."""

    def __init__(self) -> None:
        self.lags_ms: list[float] = []
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + 0.01
            await asyncio.sleep(0.01)
            self.lags_ms.append(max(0.0, (loop.time() - due) * 1000))

    def stop(self) -> dict[str, float]:
        self._task.cancel()
        lags = sorted(self.lags_ms) or [0.0]
        return {
            "loop_lag_p50_ms": round(lags[len(lags) // 2], 2),
            "loop_lag_p99_ms": round(lags[int(len(lags) * 0.99)], 2),
            "loop_lag_max_ms": round(lags[-1], 2),
        }


async def run_wall_bench(
    sites: int,
    seconds: float,
    width: int = 320,
    height: int = 180,
    warmup: float = 3.0,
    reference: bool = True,
    unmuted: bool = False,
    media: str = "p2p",
    native: bool = True,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="opsconsole-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        directory = SiteDirectory.open(db)
        token = credentials.local_token(directory)
        chosen = pick_sites(directory, sites)
        directory.close()
        keys = [s.key for s in chosen]
        if media == "sfu":
            result = await _through_janus(db, token, keys, seconds, width, height, warmup, unmuted, native)
            if "error" in result:
                return result
        else:
            install_ice_policy(IcePolicy.loopback())
            gather_decoded_frames()  # as the media worker does (MediaService)
            children = Children(db, sites, ["--unmuted"] if unmuted else [])
            try:
                await children.start()
                hub = HubClient(WebSocketChannel(children.url, "console"), "console", token, agent="opsconsole-bench")
                await hub.join()
                manager = MediaManager(hub, max_video=len(keys))
                try:
                    sims, hubs = (lambda: children.cpu_seconds(1)), (lambda: children.cpu_seconds(0))
                    result = await _measure(manager, keys, seconds, width, height, warmup, sims, hubs)
                finally:
                    await manager.close()
                    await hub.close()
            finally:
                await children.stop()
    result["sites"] = sites
    result["media"] = media if media != "sfu" else f"sfu ({'forwarded' if native else 'webrtc'})"
    result["audio"] = "every site unmuted" if unmuted else "sites muted (as they join)"
    if reference:
        ref = ffmpeg_wall_cpu_ms_per_frame(sites, width, height, sorted({site_variant(s.code) for s in chosen}))
        result["ffmpeg_cpu_ms_per_tile_frame"] = ref.get("cpu_ms_per_tile_frame")
        if ref.get("cpu_ms_per_tile_frame") and result["cpu_ms_per_tile_frame"]:
            result["ratio_vs_ffmpeg"] = round(result["cpu_ms_per_tile_frame"] / ref["cpu_ms_per_tile_frame"], 2)
        if "error" in ref:
            result["ffmpeg_error"] = ref["error"]
    return result


async def _through_janus(
    db: Path,
    token: str,
    keys: list[str],
    seconds: float,
    width: int,
    height: int,
    warmup: float,
    unmuted: bool,
    native: bool,
) -> dict[str, Any]:
    """The same wall in the meeting mode: one Janus shard, the hub and the sites children."""
    from console.bench.meeting import Children as MeetingChildren
    from console.bench.procs import health
    from console.janus.client import close_shared_http
    from console.janus.process import JanusShards, janus_unavailable_reason
    from console.media.sfu import SfuMedia

    if reason := janus_unavailable_reason():
        return {"error": f"--media sfu needs Janus in a namespace: {reason}"}
    secret = secrets.token_urlsafe(16)
    janus = JanusShards(1, secret=secret)
    await asyncio.get_running_loop().run_in_executor(None, janus.start)
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": janus.ice_networks, "OPSCONSOLE_JANUS_SECRET": secret}
    children = MeetingChildren(db, env)
    install_ice_policy(IcePolicy.parse(janus.ice_networks))
    try:
        await children.spawn("hub", "hub", "--port", str(children.port), "--media", "janus", "--janus", janus.urls[0])
        await children.until(lambda: health(children.url)["sfu"]["shards"], 30, "the hub did not start")
        sims = ["sim", "--hub", children.url, "--sites", str(len(keys)), *(["--unmuted"] if unmuted else [])]
        await children.spawn("sim", *sims)
        await children.until(lambda: health(children.url)["sites_online"] >= len(keys), 120, "the sites did not join")
        hub = HubClient(WebSocketChannel(children.url, "console"), "console", token, agent="opsconsole-bench")
        await hub.join()
        media = SfuMedia(hub, native=native)
        manager = MediaManager(hub, max_video=len(keys), sfu=media)
        paths: dict[str, int] = {}
        fallbacks: dict[str, str] = {}
        try:
            result = await _measure(
                manager,
                keys,
                seconds,
                width,
                height,
                warmup,
                lambda: children.cpu("sim"),
                lambda: children.cpu("hub"),
                janus.cpu_seconds,
            )
            paths = {p: sum(media.path_of(k) == p for k in keys) for p in ("sfu-forward", "sfu-webrtc")}
            fallbacks = dict(media.fallback)
        finally:
            await manager.close()
            await media.close()
            await hub.close()
            await close_shared_http()
        result["paths"] = paths
        if fallbacks:  # sites whose forward failed, and why
            result["fallbacks"] = fallbacks
        return result
    except (RuntimeError, TimeoutError) as error:
        return {"error": str(error), "hub_log": children.tail("hub"), "sim_log": children.tail("sim")}
    finally:
        await children.stop()
        await asyncio.get_running_loop().run_in_executor(None, janus.close)


async def _measure(
    manager: MediaManager,
    keys: list[str],
    seconds: float,
    width: int,
    height: int,
    warmup: float,
    sim_cpu: Callable[[], float],
    hub_cpu: Callable[[], float],
    janus_cpu: Callable[[], float] = lambda: 0.0,
) -> dict[str, Any]:
    started = time.monotonic()
    sessions = [await manager.subscribe(key, View(width, height)) for key in keys]
    while not all(s.state == "live" and s.frame_size == (width, height) for s in sessions):
        if time.monotonic() - started > 60:
            live = sum(s.state == "live" for s in sessions)
            raise TimeoutError(f"only {live} of {len(keys)} sites went live within 60 s")
        await asyncio.sleep(0.1)
    all_live_s = time.monotonic() - started
    await asyncio.sleep(warmup)

    lag = LoopLag()
    t0, cpu0, sim0, hub0, janus0 = time.monotonic(), cpu_seconds(), sim_cpu(), hub_cpu(), janus_cpu()
    received0 = [s.video.received for s in sessions]
    await asyncio.sleep(seconds)
    t1, cpu1, sim1, hub1, janus1 = time.monotonic(), cpu_seconds(), sim_cpu(), hub_cpu(), janus_cpu()
    received1 = [s.video.received for s in sessions]
    lags = lag.stop()

    dt = t1 - t0
    delivered = [b - a for a, b in zip(received0, received1)]
    fps = [d / dt for d in delivered]
    sent = sum(_sent_in_window(s, t0, t1) for s in sessions)
    total = sum(delivered)
    cpu_ms = (cpu1 - cpu0) * 1000
    return {
        "seconds": round(dt, 2),
        "tile": f"{width}x{height}",
        "all_live_s": round(all_live_s, 2),
        "fps_median": round(statistics.median(fps), 2),
        "fps_min": round(min(fps), 2),
        "frames_delivered": total,
        "frames_sent": sent,
        "frames_dropped": max(0, sent - total),
        "delivered_ratio": round(total / sent, 4) if sent else None,
        "cpu_ms_per_tile_frame": round(cpu_ms / total, 4) if total else None,
        "console_cpu_pct": round(100 * (cpu1 - cpu0) / dt, 1),
        "sim_cpu_pct": round(100 * (sim1 - sim0) / dt, 1),
        "hub_cpu_pct": round(100 * (hub1 - hub0) / dt, 2),
        **({"janus_cpu_pct": round(100 * (janus1 - janus0) / dt, 1)} if janus1 else {}),
        "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        **lags,
    }


def _sent_in_window(session, t0: float, t1: float) -> int:
    """Frames the site sent during [t0, t1], from the counts it reports every 2 s (linear
    between reports); the nominal rate when it has not reported twice."""
    points = session.stats.site_frames_sent
    if len(points) < 2:
        return round(VIDEO_FPS * (t1 - t0))
    (ta, a), (tb, b) = points[0], points[-1]
    rate = (b - a) / (tb - ta) if tb > ta else VIDEO_FPS
    return round(rate * (t1 - t0))
