"""A commune's site agent with its own site token (a simulated camera and microphone), run
inside the commune's namespace: ``python -m tests.nat.site_agent HUB_URL CA TOKEN KEY CODE``,
with more TOKEN KEY CODE for more sites on the same LAN (one process for all of them).
Its ICE policy comes from $OPSCONSOLE_ICE_NETWORKS, its relay transport from
$OPSCONSOLE_TURN_TRANSPORT; it serves until SIGTERM."""

import asyncio
import logging
import signal
import sys

from console.rtc import IcePolicy, install_ice_policy
from console.signaling.hub_address import HubAddress
from console.sim.site import SimulatedSite


async def main(url: str, ca: str, *sites: str) -> None:
    """``sites``: TOKEN KEY CODE, once per site (a commune's LAN may hold several)."""
    install_ice_policy(IcePolicy.from_env())
    hub = HubAddress.parse(url, ca=ca)
    running = [
        SimulatedSite(hub, token, key, int(code), local=False)
        for token, key, code in zip(sites[0::3], sites[1::3], sites[2::3], strict=True)
    ]
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    tasks = [asyncio.ensure_future(site.run()) for site in running]
    await stop.wait()
    for site, task in zip(running, tasks, strict=True):
        await site.stop()
        task.cancel()


if __name__ == "__main__":
    from console.processes import end_with_parent

    end_with_parent()  # a test that dies leaves no agent behind
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(main(*sys.argv[1:]))
