"""A meeting for the Janus tests: hub in media mode sfu, simulated sites, the console's media core."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

from console.hub import HubRunner
from console.hub.sfu import SfuOrchestrator
from console.media import MediaManager, View
from console.media.program import ProgramFeed
from console.media.sfu import SfuMedia
from console.signaling import HubClient, WebSocketChannel
from console.sim.fleet import SiteFleet
from console.sim.site import SiteSettings
from tests.janus.conftest import SECRET
from tests.media.support import sites, wait_until  # noqa: F401 (re-exported)


class Meeting:
    """What a scenario holds: the hub runner and its SFU, the fleet, the console's parts."""

    runner: HubRunner
    sfu: SfuOrchestrator
    fleet: SiteFleet
    hub: HubClient
    media: SfuMedia
    manager: MediaManager
    program: ProgramFeed | None

    def site(self, key):
        return next(s for s in self.fleet.sites if s.key == key)

    def on_shard(self, name):
        return [s for s in self.fleet.sites if s.sfu.publication and s.sfu.publication.shard == name]

    async def show_all(self, width=160, height=90):
        return [await self.manager.subscribe(s.key, View(width, height)) for s in self.fleet.sites]


@asynccontextmanager
async def meeting(db, tokens, urls, chosen, *, route="streaming", program=True, settings=None, secret=SECRET):
    m = Meeting()
    m.sfu = SfuOrchestrator(urls, secret, route=route, ping_interval_s=0.5)
    async with HubRunner(db, port=0, sfu=m.sfu) as runner:
        m.runner = runner
        m.fleet = SiteFleet(runner.url, tokens["local"], chosen, settings=settings or SiteSettings())
        await m.fleet.start()
        m.hub = HubClient(WebSocketChannel(runner.url, "console"), "console", tokens["operator"])
        await m.hub.join()
        m.media = SfuMedia(m.hub)  # at once: the hub's `feeds` follows the welcome
        m.program = ProgramFeed() if program else None
        m.manager = MediaManager(m.hub, program=m.program, sfu=m.media)
        if m.program is not None:
            m.media.publish_program(m.program)
        try:
            yield m
        finally:
            await m.manager.close()
            await m.media.close()
            if m.program is not None:
                await m.program.close()
            await m.hub.close()
            await m.fleet.stop()


def program_reached(site, since_s=2.0) -> bool:
    """The site received program audio and video packets within the last ``since_s``."""
    publication = site.sfu.publication
    if publication is None:
        return False
    report = publication.counter.report()
    return all(age is not None and age < since_s for age in (report["audio_age_s"], report["video_age_s"]))


async def settle(seconds=0.3):
    await asyncio.sleep(seconds)


def run_scenario(coro, timeout: float):
    """``run_async`` that, when the scenario runs out of time, first prints where every task
    is stuck (a hang inside a Janus scenario says nothing by itself)."""
    import sys

    from tests.aio import run_async

    async def watched():
        task = asyncio.ensure_future(coro)
        done, _ = await asyncio.wait({task}, timeout=timeout - 5)
        if task in done:
            return task.result()
        for other in asyncio.all_tasks():
            if other is not asyncio.current_task():
                print(f"--- task {other.get_name()} ---", file=sys.stderr)
                other.print_stack(limit=8, file=sys.stderr)
        task.cancel()
        raise AssertionError(f"the scenario did not finish within {timeout - 5:g} s (task stacks on stderr)")

    return run_async(watched(), timeout=timeout)
