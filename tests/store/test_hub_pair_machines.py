"""The active hub's machine is lost while sites and consoles are connected to it.

Each hub runs on a "machine" of its own: a network namespace with one link (a veth pair) to
this host, where the sites, the console and PostgreSQL are (PostgreSQL reached through a proxy
on the host's end of each link). Losing hub-a's machine silences it (JanusNetwork.lose): its
clients' sockets hear nothing more, not even a reset, and hub-a, still running, hears nothing
from PostgreSQL. The standby takes
over, the clients go to it, and hub-a steps down by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from urllib.parse import urlsplit

import pytest

from console.bench.certs import self_signed
from console.directory import SiteDirectory
from console.janus.netns import JanusNetwork, unavailable_reason
from console.media.service import LoopThread, MediaService
from console.rtc.ice_policy import IcePolicy
from console.signaling.hub_address import HubAddress
from console.sim.site import SimulatedSite
from tests.aio import run_async, wait_until
from tests.store.test_hub_pair import HubProcess, console_moves
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))
PORT = 8765


@contextlib.asynccontextmanager
async def machine(name: str, store_url: str, folder):
    """A machine for one hub: its namespace, a proxy to PostgreSQL on the host's end of its
    link, a certificate for its address. Yields (network, the store URL seen from inside)."""
    with JanusNetwork(hosts=1) as net:
        parts = urlsplit(store_url)
        proxy = await TcpProxy(parts.port, listen_host=net.outside).start()
        inside = parts._replace(netloc=f"{parts.username}:{parts.password}@{net.outside}:{proxy.port}").geturl()
        self_signed(folder, name=name, host=net.inside(0))
        try:
            yield net, inside
        finally:
            await proxy.close()


def test_when_the_active_hubs_machine_is_lost_the_standby_takes_over_and_its_clients_follow(
    hub_store, tmp_path, capsys
):
    url, tokens = hub_store
    directory = SiteDirectory(url)
    code = directory.get("commune:4").code
    directory.close()
    on_event, moved = console_moves()

    async def scenario():
        async with (
            machine("hub-a", url, tmp_path) as (net_a, store_a),
            machine("hub-b", url, tmp_path) as (
                net_b,
                store_b,
            ),
        ):
            ca = tmp_path / "hubs-ca.pem"  # the room trusts both hubs' certificates
            ca.write_text((tmp_path / "hub-a.crt").read_text() + (tmp_path / "hub-b.crt").read_text())
            trust = ssl.create_default_context(cafile=str(ca))
            hubs = []
            for name, net, store in (("hub-a", net_a, store_a), ("hub-b", net_b, store_b)):
                address = f"https://{net.inside(0)}:{PORT}"
                options = (
                    "--host", net.inside(0), "--advertise", address,
                    "--tls-cert", str(tmp_path / f"{name}.crt"), "--tls-key", str(tmp_path / f"{name}.key"),
                )  # fmt: skip
                hubs.append(HubProcess(store, name, options, machine=(net.command(), address, trust)))
            a, b = hubs
            await a.start()
            await a.wait_role("active")
            await b.start()
            await b.wait_health(lambda h: h.get("role") == "standby" and h.get("active"), "standby, naming hub-a")
            addresses = [HubAddress.parse(hub.address, ca) for hub in hubs]

            site = SimulatedSite(addresses, tokens["site"], "commune:4", code, local=False)
            site_task = asyncio.get_running_loop().create_task(site.run())
            thread = LoopThread()
            policy = IcePolicy.parse(f"{net_a.cidr},{net_b.cidr}")
            service = MediaService(thread, on_event, policy=policy, program=False)
            try:
                await asyncio.wait_for(site.joined.wait(), 60)
                await asyncio.wrap_future(service.connect(addresses, tokens["operator"]))
                await a.wait_health(lambda h: h.get("sites_online") == 1 and h.get("consoles") == 1, "both on hub-a")

                lost = asyncio.get_running_loop().time()
                net_a.lose()  # hub-a's machine is gone: it answers nothing, in silence (JanusNetwork.lose)
                takeover_s = await b.wait_role("active")
                await b.wait_health(lambda h: h.get("sites_online") == 1, "the site back on hub-b")
                await wait_until(lambda: moved(), timeout=60, what="the console joined hub-b")
                back_s = asyncio.get_running_loop().time() - lost
                with capsys.disabled():
                    print(
                        f"\n[hub pair] machine lost: hub-b served after {takeover_s:.2f} s, everyone back {back_s:.2f} s"
                    )
                assert moved() == [{"from": a.address, "to": b.address}]
                # hub-a, alone on its machine, heard nothing from PostgreSQL and stepped down by itself.
                await wait_until(lambda: "steps down" in "".join(a.output), timeout=60, what="hub-a stepped down")
            finally:
                await asyncio.wrap_future(service.close())
                thread.stop()
                await site.stop()
                site_task.cancel()
                await b.stop()
                await a.stop()

    run_async(scenario(), timeout=300)
