"""Pings and pongs cost the hub work but carry no message: a peer has a budget of them.

Real hub, real WebSockets on 127.0.0.1, the real national directory.
"""

import asyncio
import logging

import aiohttp

from console.hub import HubRunner
from console.hub.pacing import CONTROL_FRAMES
from tests.aio import run_async
from tests.hub.test_hardening import Raw, audit, client, obeying_site

BURST = int(CONTROL_FRAMES[1])


async def _pongs(raw: Raw, count: int, timeout: float = 10) -> int:
    """Pongs received until ``count`` of them came (aiohttp hands them over with autoping off)."""
    got = 0
    while got < count:
        msg = await raw.ws.receive(timeout=timeout)
        if msg.type == aiohttp.WSMsgType.PONG:
            got += 1
        elif msg.type != aiohttp.WSMsgType.TEXT:
            break
    return got


async def _flood_until_closed(raw: Raw, limit: int = 200_000):
    """Pings as fast as the socket takes them, until the hub closes: its close code and reason."""
    closed = asyncio.ensure_future(raw.closed(timeout=30))
    for _ in range(limit):
        if closed.done() or raw.ws.closed:
            break
        try:
            await raw.ws.ping(b"x")
        except (ConnectionError, RuntimeError):
            break
    return await closed


def test_a_burst_of_pings_is_answered_and_the_peer_stays(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            raw = Raw(runner, "console")
            raw.session = aiohttp.ClientSession()
            raw.ws = await raw.session.ws_connect(raw.url, max_msg_size=0, autoping=False)
            for _ in range(BURST // 2):  # a burst, even before hello
                await raw.ws.ping(b"before")
            assert await _pongs(raw, BURST // 2) == BURST // 2
            await raw.ws.send_json({"type": "hello", "role": "console", "token": tokens["operator"]})
            while (message := await raw.next())["type"] != "welcome":
                pass
            for _ in range(BURST // 2):
                await raw.ws.ping(b"after")
            assert await _pongs(raw, BURST // 2) == BURST // 2
            await raw.ws.send_str('{"type": "roll_call", "keys": [], "id": "still here"}')
            while (message := await raw.next())["type"] != "roll_call":
                pass
            assert message["re"] == "still here"
            await raw.close()

    run_async(scenario())


def test_a_sustained_ping_flood_closes_only_that_peer_logged_once_and_audited(hub_db, caplog):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await obeying_site(runner, tokens["site"])
            console = client(runner, "console", tokens["operator"])
            await console.join()
            flooder = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            code, reason = await _flood_until_closed(flooder)
            assert code == 4009, (code, reason)
            assert "ping" in reason
            reply = await console.request({"type": "control", "site": "commune:4", "action": "request_keyframe"})
            assert reply["ok"]  # the others go on
            await flooder.close()
            await console.close()
            await site.close()

    with caplog.at_level(logging.INFO, logger="console.hub"):
        run_async(scenario())
    floods = [r for r in caplog.records if "too many pings" in r.getMessage()]
    assert len(floods) == 1, [r.getMessage() for r in floods]
    assert "anh" in floods[0].getMessage() and "127.0.0.1" in floods[0].getMessage()
    rows = [row for row in audit(path) if row["action"] == "close_control_flood"]
    assert len(rows) == 1 and rows[0]["target"] == "anh", rows


def test_a_stranger_flooding_pings_before_hello_is_closed(hub_db, caplog):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            raw = Raw(runner, "site")
            raw.session = aiohttp.ClientSession()
            raw.ws = await raw.session.ws_connect(raw.url, max_msg_size=0)
            code, _ = await _flood_until_closed(raw)
            assert code == 4009
            await raw.close()

    with caplog.at_level(logging.INFO, logger="console.hub"):
        run_async(scenario())
    assert len([r for r in caplog.records if "too many pings" in r.getMessage()]) == 1
