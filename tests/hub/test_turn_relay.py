"""The hub issues TURN credentials, and a real coturn (use-auth-secret) relays with them.

coturn runs on 127.0.0.1 with its own configuration in a temporary folder (tests/coturn.py);
the peers are real aiortc connections held to the relay (iceTransportPolicy "relay") so that
the relay, not loopback, carries their media.
"""

import time

import pytest
from aiortc import RTCIceTransportPolicy, RTCPeerConnection

from console.hub import HubRunner
from console.hub.turn_relay import TurnIssuer
from console.rtc.ice_policy import rtc_configuration
from console.rtc.media_path import media_path
from console.signaling import HubClient, WebSocketChannel, turn
from tests import coturn
from tests.aio import run_async, wait_until

pytestmark = pytest.mark.skipif(coturn.unavailable_reason() is not None, reason=str(coturn.unavailable_reason()))

SECRET = "hub-and-relay-secret"


@pytest.fixture
def relay():
    with coturn.Coturn(secret=SECRET) as server:
        yield server


def client(runner, role, token):
    return HubClient(WebSocketChannel(runner.url, role), role, token)


def relay_only(servers, transport="udp"):
    configuration = rtc_configuration(servers)
    configuration.iceTransportPolicy = RTCIceTransportPolicy.RELAY
    return configuration


async def connect(offerer: RTCPeerConnection, answerer: RTCPeerConnection) -> None:
    offerer.createDataChannel("probe")
    await offerer.setLocalDescription(await offerer.createOffer())
    await answerer.setRemoteDescription(offerer.localDescription)
    await answerer.setLocalDescription(await answerer.createAnswer())
    await offerer.setRemoteDescription(answerer.localDescription)


def servers_for(relay, subject, secret=SECRET, now=None, ttl_s=600.0, transport="udp"):
    credential = turn.mint(secret, subject, time.time() if now is None else now, ttl_s)
    return turn.read_ice_servers(turn.ice_servers([relay.url(transport)], credential))


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_a_site_and_a_console_meet_through_the_relay_with_the_credentials_the_hub_gave(hub_db, relay, transport):
    path, tokens = hub_db

    async def scenario():
        issuer = TurnIssuer([relay.url(transport)], SECRET, ttl_s=600)
        async with HubRunner(path, port=0, turn=issuer) as runner:
            console = client(runner, "console", tokens["operator"])
            site = client(runner, "site", tokens["site"])
            welcome = await console.join()
            await site.join()
            assert welcome["ice_servers"]["expires"] > time.time() + 500
            usernames = {console.ice_servers[0]["username"], site.ice_servers[0]["username"]}
            assert {name.split(":", 1)[1] for name in usernames} == {"console-anh", "site-commune-4"}
            a = RTCPeerConnection(relay_only(console.ice_servers))
            b = RTCPeerConnection(relay_only(site.ice_servers))
            try:
                await connect(a, b)
                await wait_until(lambda: a.connectionState == "connected", what="a relayed connection")
                path_a = media_path(a, relay_transport=transport)
                assert path_a is not None and path_a.path == "relay" and path_a.relay_transport == transport
            finally:
                await a.close()
                await b.close()
            await site.close()
            await console.close()

    run_async(scenario())


async def relay_candidates(servers) -> list[str]:
    pc = RTCPeerConnection(relay_only(servers))
    try:
        pc.createDataChannel("probe")
        await pc.setLocalDescription(await pc.createOffer())  # gathers, relay allocation included
        return [ln for ln in pc.localDescription.sdp.splitlines() if "typ relay" in ln]
    finally:
        await pc.close()


@pytest.mark.parametrize(
    "bad",
    [
        dict(now=time.time() - 7200, ttl_s=600),  # expired an hour and more ago
        dict(secret="another-hubs-secret"),  # minted by a hub that does not share this relay's secret
    ],
    ids=["expired", "wrong-secret"],
)
def test_the_relay_refuses_credentials_that_are_expired_or_not_minted_with_its_secret(relay, bad):
    async def scenario():
        assert await relay_candidates(servers_for(relay, "site-commune-4")), "a good credential gets a relay"
        assert await relay_candidates(servers_for(relay, "site-commune-4", **bad)) == []

    run_async(scenario())
    assert "401" in relay.log or "Unauthorized" in relay.log or "cannot find credentials" in relay.log


def test_the_hub_renews_credentials_before_they_expire_and_clients_take_the_fresh_ones(hub_db):
    path, tokens = hub_db

    async def scenario():
        issuer = TurnIssuer(["turn:127.0.0.1:3478"], SECRET, ttl_s=2.0)
        async with HubRunner(path, port=0, turn=issuer) as runner:
            site = client(runner, "site", tokens["site"])
            await site.join()
            first = site.ice_servers[0]["username"]
            renewal = await site.wait_for("ice_servers", timeout=30)
            assert renewal["ice_servers"]["expires"] > int(first.split(":")[0])
            await wait_until(lambda: site.ice_servers[0]["username"] != first, what="the fresh credential")
            assert turn.check(SECRET, site.ice_servers[0]["username"], site.ice_servers[0]["credential"], time.time())
            await site.close()
            await wait_until(lambda: issuer.renew_due([]) == 0 and not issuer._renew_at, what="the gone site forgotten")

    run_async(scenario())


def test_a_hub_without_a_relay_sends_no_servers(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["site"])
            welcome = await site.join()
            assert "ice_servers" not in welcome and site.ice_servers == []
            await site.close()

    run_async(scenario())


def test_the_secret_never_shows_in_the_issuers_text():
    assert SECRET not in repr(TurnIssuer(["turn:r:3478"], SECRET))
