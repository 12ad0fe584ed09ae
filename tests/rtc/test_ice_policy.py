import asyncio

import aioice.ice
import pytest
from aiortc import RTCPeerConnection

from console.rtc import IcePolicy, install_ice_policy, rtc_configuration
from console.rtc.ice_policy import current_policy

OFFER_WITH_CANDIDATES = "\r\n".join(
    [
        "v=0",
        "o=- 1 1 IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host",
        "a=candidate:2 1 udp 2130706431 10.1.2.3 5000 typ host",
        "a=candidate:3 1 udp 2130706431 8b2a.local 5000 typ host",
        "a=candidate:4 1 udp 1694498815 203.0.113.9 6000 typ srflx raddr 10.1.2.3 rport 5000",
        "a=candidate:5 1 udp 2130706431 fd00::2 5000 typ host",
        "a=mid:0",
        "",
    ]
)


def test_parse_and_allow():
    policy = IcePolicy.parse("127.0.0.1/32, 10.0.0.0/8")
    assert policy.allows("127.0.0.1") and policy.allows("10.200.3.4")
    assert not policy.allows("192.168.1.1") and not policy.allows("host.local") and not policy.allows("")
    assert IcePolicy().allows("203.0.113.9")  # unrestricted
    with pytest.raises(ValueError, match="'300.1.1.1' is not an address"):
        IcePolicy.parse("300.1.1.1")


def test_remote_candidates_outside_the_networks_are_dropped_from_sdp():
    kept = IcePolicy.loopback().filter_sdp(OFFER_WITH_CANDIDATES)
    assert IcePolicy.loopback().candidates_in(kept) == ["127.0.0.1"]
    assert "a=mid:0" in kept and "m=audio" in kept
    assert IcePolicy.parse("10.0.0.0/8").candidates_in(
        IcePolicy.parse("10.0.0.0/8").filter_sdp(OFFER_WITH_CANDIDATES)
    ) == ["10.1.2.3"]
    assert IcePolicy().filter_sdp(OFFER_WITH_CANDIDATES) == OFFER_WITH_CANDIDATES


def test_install_replaces_host_gathering_and_restores_it():
    original = aioice.ice.get_host_addresses
    previous = install_ice_policy(IcePolicy.loopback())
    try:
        assert aioice.ice.get_host_addresses(True, True) == ["127.0.0.1"]
        assert current_policy() == IcePolicy.loopback()
    finally:
        install_ice_policy(previous)
    assert aioice.ice.get_host_addresses is original


def test_a_real_peer_connection_offers_only_loopback_candidates():
    previous = install_ice_policy(IcePolicy.loopback())

    async def offer():
        pc = RTCPeerConnection(rtc_configuration())
        pc.addTransceiver("video", direction="recvonly")
        await pc.setLocalDescription(await pc.createOffer())
        sdp = pc.localDescription.sdp
        await pc.close()
        return sdp

    try:
        sdp = asyncio.run(offer())
    finally:
        install_ice_policy(previous)
    assert IcePolicy.loopback().candidates_in(sdp) == ["127.0.0.1"]
    assert "srflx" not in sdp  # no STUN server was asked


def test_no_public_stun_by_default():
    assert rtc_configuration().iceServers == []
