"""Many simulated sites in one event loop: `opsconsole sim`, the demo and the benchmarks."""

from __future__ import annotations

import asyncio
import logging
from itertools import zip_longest
from typing import TYPE_CHECKING

from console.directory import Site, SiteDirectory
from console.janus.client import close_shared_http
from console.rtc.ice_policy import IcePolicy
from console.sim.clips import LADDER, video_clip
from console.sim.faults import Faults
from console.sim.site import SimulatedSite, SiteSettings

if TYPE_CHECKING:
    from console.signaling.hub_address import HubAddress

log = logging.getLogger(__name__)


def pick_sites(directory: SiteDirectory, count: int, group: str | None = None) -> list[Site]:
    """``count`` active sites: a group's, or communes taken from every province in turn so a
    demo wall shows the whole country."""
    if group is not None:
        return [s for s in directory.group_sites(group) if s.active][:count]
    per_province = []
    for province in directory.children(None):
        rows = directory.db.query(
            "SELECT key FROM sites WHERE province_key = ? AND level = 'commune' AND active = 1 "
            "ORDER BY ordinal LIMIT ?",
            [province.key, count],
        )
        per_province.append([row["key"] for row in rows])
    keys = [k for layer in zip_longest(*per_province) for k in layer if k is not None][:count]
    return [site for k in keys if (site := directory.get(k)) is not None]  # each was just read


def warm_clip_cache(variants: set[int], rungs=LADDER) -> None:
    """Build every clip a fleet may be asked for before the clock starts (seconds, once)."""
    for variant in sorted(variants):
        for width, height in rungs:
            video_clip(width, height, variant)


class SiteFleet:
    """Runs ``SimulatedSite``s until stopped."""

    def __init__(
        self,
        hub_url: str | HubAddress | list[str] | list[HubAddress],
        token: str | dict[str, str],
        sites: list[Site],
        faults: Faults = Faults(),
        policy: IcePolicy | None = None,
        settings: SiteSettings | None = None,
    ) -> None:
        self.sites = [
            SimulatedSite(
                hub_url,
                token if isinstance(token, str) else token[s.key],  # the hub's local token, or each site's own
                s.key,
                s.code,
                local=isinstance(token, str),
                faults=faults,
                policy=policy,
                settings=SiteSettings(**vars(settings)) if settings else None,
            )
            for s in sites
        ]
        self._tasks: list[asyncio.Task] = []

    async def start(self, join_timeout: float = 30.0) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(site.run()) for site in self.sites]
        await asyncio.wait_for(asyncio.gather(*(s.joined.wait() for s in self.sites)), join_timeout)

    async def stop(self) -> None:
        await asyncio.gather(*(site.stop() for site in self.sites), return_exceptions=True)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await close_shared_http()  # the SFU sites' one HTTP client (media mode "sfu")

    @property
    def frames_sent(self) -> int:
        return sum(site.frames_sent for site in self.sites)
