"""`opsconsole bench moderation`: how fast a mute silences a site, an unmute brings it back,
how long console -> site -> console audio takes, and what mixing N sites costs.

The hub and N simulated sites (steady tones, echo in a talk) run in child processes; this
process is the console's media core with its room mix and program feed. Same-run references:
the control round trip alone (command -> the site's acknowledgement), and a plain numpy sum
of the same blocks for the mix.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from console.bench.procs import Children
from console.bench.wall import cpu_seconds
from console.directory import SiteDirectory, credentials
from console.media import MediaManager, View
from console.media.program import ProgramFeed
from console.media.program_sources import PROGRAM_TONE_HZ, RATE, TestCard
from console.media.room import RoomMix
from console.rtc import IcePolicy, install_ice_policy
from console.signaling import HubClient, WebSocketChannel
from console.sim.fleet import pick_sites

SOUND_DB = -40.0  # a steady site tone is about -15 dBFS RMS; silence decodes below -90


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(values, q)), 1)


class ClickSource:
    """Presenter audio for the round trip: a 40 ms tone burst every 400 ms, silence between;
    remembers when each burst left (went into the encoder)."""

    def __init__(self, period_s: float = 0.4, burst_s: float = 0.04) -> None:
        self.period = int(period_s * RATE)
        self.burst = int(burst_s * RATE)
        self._n = 0
        self.sent_at: list[float] = []

    def audio(self, samples: int) -> np.ndarray:
        index = np.arange(self._n, self._n + samples)
        on = (index % self.period) < self.burst
        if (index % self.period == 0).any():
            self.sent_at.append(time.monotonic())
        self._n += samples
        tone = 0.25 * np.sin(2 * np.pi * PROGRAM_TONE_HZ * index / RATE)
        return (tone * on).astype(np.float32)


class SoundClock:
    """When each site's audio was last (and first, after a mark) loud, as frames arrive."""

    def __init__(self) -> None:
        self.last_loud: dict[str, float] = {}
        self.loud_times: dict[str, list[float]] = {}

    def __call__(self, site: str, samples, level_db: float) -> None:
        if level_db > SOUND_DB:
            now = time.monotonic()
            self.last_loud[site] = now
            self.loud_times.setdefault(site, []).append(now)

    def first_after(self, site: str, t: float) -> float | None:
        return next((x for x in self.loud_times.get(site, []) if x > t), None)


async def run_moderation_bench(
    sites: int, trials: int = 20, video: tuple[int, int] | None = (160, 90), clicks: int = 15
) -> dict[str, Any]:
    install_ice_policy(IcePolicy.loopback())
    with tempfile.TemporaryDirectory(prefix="opsconsole-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        directory = SiteDirectory.open(db)
        token = credentials.local_token(directory)
        keys = [s.key for s in pick_sites(directory, sites)]
        directory.close()
        children = Children(db, sites, ["--steady-tone", "--echo"])
        try:
            await children.start()
            result = await _measure(children, token, keys, trials, video, clicks)
        finally:
            await children.stop()
    result.update(mix_cost(sites))
    result["sites"] = sites
    result["video"] = f"{video[0]}x{video[1]} from every site" if video else "paused"
    result["targets"] = {"mute_to_silence_p95_ms": 300, "audio_round_trip_ms": 150}
    return result


async def _measure(
    children: Children, token: str, keys: list[str], trials: int, video: tuple[int, int] | None, clicks: int
) -> dict[str, Any]:
    hub = HubClient(WebSocketChannel(children.url, "console"), "console", token, agent="opsconsole-bench")
    await hub.join()
    click = ClickSource()
    feed = ProgramFeed(picture=TestCard(), audio=click)
    manager = MediaManager(hub, max_video=len(keys), program=feed)
    moderation = manager.moderation
    clock = SoundClock()
    try:
        await moderation.refresh()
        size = video or (160, 90)
        sessions = [await manager.subscribe(key, View(*size)) for key in keys]
        for session in sessions:
            session.on_audio = clock
        await _until(lambda: all(s.state == "live" for s in sessions), 90, "sites live")
        if video is None:
            for key in keys:
                await manager.hide(key)
        await asyncio.sleep(1.0)
        cpu0, t0 = cpu_seconds(), time.monotonic()
        mute_ms, unmute_ms, ack_ms = [], [], []
        for i in range(trials):
            site = keys[i % len(keys)]
            asked = time.monotonic()
            reply = await moderation.unmute(site)
            ack_ms.append((time.monotonic() - asked) * 1000)
            if not reply["ok"]:
                raise RuntimeError(f"unmute {site}: {reply.get('error')}")
            heard = await _first(lambda: clock.first_after(site, asked), 5, f"sound from {site}")  # noqa: B023 (called within this pass of the loop)
            unmute_ms.append((heard - asked) * 1000)
            await asyncio.sleep(0.3)
            asked = time.monotonic()
            reply = await moderation.mute(site)
            ack_ms.append((time.monotonic() - asked) * 1000)
            await asyncio.sleep(0.6)  # long after the last packet could have been in flight
            mute_ms.append(max(0.0, clock.last_loud.get(site, asked) - asked) * 1000)
        moderation_cpu = (cpu_seconds() - cpu0) / (time.monotonic() - t0)

        round_trips = await _round_trips(moderation, clock, click, keys[0], clicks)
        return {
            "mute_to_silence_p50_ms": percentile(mute_ms, 50),
            "mute_to_silence_p95_ms": percentile(mute_ms, 95),
            "unmute_to_sound_p50_ms": percentile(unmute_ms, 50),
            "unmute_to_sound_p95_ms": percentile(unmute_ms, 95),
            "control_ack_p50_ms": percentile(ack_ms, 50),  # reference: command -> site's ack
            "control_ack_p95_ms": percentile(ack_ms, 95),
            "mute_to_room_silence_ms": 0.0,  # the room drops a site the moment a mute is asked
            "audio_round_trip_ms": percentile(round_trips, 50),
            "audio_round_trip_p95_ms": percentile(round_trips, 95),
            "round_trips_measured": len(round_trips),
            "trials": trials,
            "console_cpu_pct_during_trials": round(100 * moderation_cpu, 1),
            "program_encode_cpu_s": round(feed.encode_s, 3),
        }
    finally:
        await manager.close()
        await feed.close()
        await hub.close()


async def _round_trips(moderation, clock: SoundClock, click: ClickSource, site: str, clicks: int) -> list[float]:
    """Talk with an echoing site: each program click comes back in its audio."""
    reply = await moderation.talk(site)
    if not reply["ok"]:
        raise RuntimeError(f"talk {site}: {reply.get('error')}")
    await asyncio.sleep(1.0)  # the echo path settles
    start = len(click.sent_at)
    await asyncio.sleep(clicks * click.period / RATE + 0.5)
    trips = []
    for sent in click.sent_at[start : start + clicks]:
        back = clock.first_after(site, sent)
        if back is not None and back - sent < click.period / RATE:
            trips.append((back - sent) * 1000)
    await moderation.end_talk()
    return trips


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def _first(value: Callable[[], float | None], timeout: float, what: str) -> float:
    """``value()`` once it is not None (polled, as ``_until``)."""
    deadline = time.monotonic() + timeout
    while (found := value()) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return found


def mix_cost(sites: int, seconds: float = 10.0) -> dict[str, float | None]:
    """CPU share of mixing ``sites`` unmuted sites in real time (push 20 ms per site, pull
    10 ms blocks), and of a plain numpy sum of the same blocks as the reference."""
    frame = (0.2 * np.sin(np.arange(960) * 0.1)).astype(np.float32)
    room = RoomMix()
    blocks = int(seconds * 50)
    began = time.process_time()
    for _ in range(blocks):
        for s in range(sites):
            room.push(f"s{s}", frame)
        room.read(480)
        room.read(480)
        if _ % 5 == 0:
            room.levels()  # 10 Hz meters
    mix_s = time.process_time() - began
    frames = [frame.copy() for _ in range(sites)]
    began = time.process_time()
    for _ in range(blocks):
        total = np.sum(frames, axis=0)
        np.round(total * 32767).astype(np.int16).tobytes()
    ref_s = time.process_time() - began
    return {
        "mix_cpu_pct": round(100 * mix_s / seconds, 2),
        "numpy_sum_cpu_pct": round(100 * ref_s / seconds, 2),
        "mix_vs_numpy_sum": round(mix_s / ref_s, 1) if ref_s > 0 else None,
    }
