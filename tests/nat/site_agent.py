"""One commune's site agent with its own site token (a simulated camera and microphone), run
inside the commune's namespace: ``python -m tests.nat.site_agent HUB_URL CA TOKEN KEY CODE``.
Its ICE policy comes from $OPSCONSOLE_ICE_NETWORKS, its relay transport from
$OPSCONSOLE_TURN_TRANSPORT; it serves until SIGTERM."""

import asyncio
import logging
import signal
import sys

from console.rtc import IcePolicy, install_ice_policy
from console.signaling.hub_address import HubAddress
from console.sim.site import SimulatedSite


async def main(url: str, ca: str, token: str, key: str, code: str) -> None:
    install_ice_policy(IcePolicy.from_env())
    site = SimulatedSite(HubAddress.parse(url, ca=ca), token, key, int(code), local=False)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    task = asyncio.ensure_future(site.run())
    await stop.wait()
    await site.stop()
    task.cancel()


if __name__ == "__main__":
    from console.processes import end_with_parent

    end_with_parent()  # a test that dies leaves no agent behind
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(main(*sys.argv[1:6]))
