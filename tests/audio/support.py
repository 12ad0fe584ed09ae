"""A hub, simulated sites with distinct tones and a console media core, all real, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib

import numpy as np

from console.directory import SiteDirectory
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.media import MediaManager, View
from console.media.program import ProgramFeed
from console.media.tones import tone_db
from console.signaling import HubClient, WebSocketChannel
from console.sim.fleet import SiteFleet
from console.sim.site import SiteSettings
from tests.media.support import sites, wait_until

PRESENT_DB = -30.0  # the sites' tones peak at -12 dBFS, in bursts
ABSENT_DB = -50.0


def audit_rows(path, target=None):
    directory = SiteDirectory(path)
    try:
        return recent_audit(directory, 200, target)
    finally:
        directory.close()


class MixRecorder:
    """Pulls the room mix in real time, as a sound card would, and keeps what it heard."""

    def __init__(self, room) -> None:
        self.room = room
        self.blocks: list[np.ndarray] = []
        self._task = asyncio.get_running_loop().create_task(self._pull())

    async def _pull(self) -> None:
        loop = asyncio.get_running_loop()
        start, n = loop.time(), 0
        while True:
            self.blocks.append(self.room.read_float(480))
            n += 1
            await asyncio.sleep(max(0.0, start + n * 0.01 - loop.time()))

    async def listen(self, seconds: float = 1.5) -> np.ndarray:
        """What the room plays over the next ``seconds``."""
        first = len(self.blocks)
        await asyncio.sleep(seconds)
        return np.concatenate(self.blocks[first:]) if len(self.blocks) > first else np.zeros(0, np.float32)

    async def until(self, holds, *, window: float = 1.5, timeout: float = 30.0) -> np.ndarray:
        """The first ``window`` of what the room plays in which ``holds(samples)``, else the last
        one heard after ``timeout`` seconds: a mute or an unmute takes the hub's round trip and a
        jitter buffer to be heard, longer on a loaded machine, and a window may straddle it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            sound = await self.listen(window)
            if holds(sound) or asyncio.get_running_loop().time() > deadline:
                return sound

    def stop(self) -> None:
        self._task.cancel()


def heard(samples: np.ndarray, site) -> float:
    return tone_db(samples, site.tone_hz)


@contextlib.asynccontextmanager
async def room_with_sites(path, tokens, n, *, program=False, settings=None, subscribe=True):
    """(runner, fleet, manager, events) with ``n`` sites joined, subscribed and live."""
    chosen = sites(path, n)
    events: list[tuple[str, dict]] = []
    async with HubRunner(path, port=0) as runner:
        fleet = SiteFleet(runner.url, tokens["local"], chosen, settings=settings or SiteSettings())
        await fleet.start()
        hub = HubClient(WebSocketChannel(runner.url, "console"), "console", tokens["operator"])
        for kind in ("hand", "site_state"):
            hub.on(kind, lambda message, kind=kind: events.append((kind, message)))
        await hub.join()
        feed = ProgramFeed() if program else None
        manager = MediaManager(hub, program=feed, on_event=lambda kind, payload: events.append((kind, payload)))
        await manager.moderation.refresh()
        try:
            if subscribe:
                sessions = [await manager.subscribe(site.key, View(160, 90)) for site in chosen]
                await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=30)
            yield runner, fleet, manager, events
        finally:
            await manager.close()
            if feed is not None:
                await feed.close()
            await hub.close()
            await fleet.stop()
