"""A Janus session given up on (its shard dropped) is forgotten without a word to Janus."""

import asyncio

import pytest

from console.janus.client import JanusClient, JanusError
from tests.janus.conftest import SECRET
from tests.janus.support import run_scenario as run_async


def test_an_abandoned_session_fails_its_waiters_with_the_reason_and_stays_on_janus(shards):
    async def scenario():
        url = shards.urls[0]
        client, other = JanusClient(url, apisecret=SECRET), JanusClient(url, apisecret=SECRET)
        try:
            session = await client.create_session(poll=False)  # no poll: the join's event never comes
            handle = await session.attach("janus.plugin.videoroom")
            waiting = asyncio.ensure_future(handle.message({"request": "join", "ptype": "publisher", "room": 1}))
            await asyncio.sleep(0)  # one turn of the loop: the request is sent and waits for its event
            session.abandon("the shard was given up")
            with pytest.raises(JanusError, match="the shard was given up"):
                await waiting
            assert not session.lost.is_set()
            claimed = await other.claim_session(session.id)  # nothing was destroyed on Janus
            await claimed.destroy()

            polled = await client.create_session()
            polled.abandon("the shard was given up")
            claimed = await other.claim_session(polled.id)
            await claimed.destroy()
        finally:
            await client.close()
            await other.close()

    run_async(scenario(), timeout=60)
