"""A hub pair in the meeting mode: the hub that takes over claims the Janus control sessions
the lost one held, so the shards' rooms, mountpoint and secrets carry on under the new hub
rather than being made again while Janus still holds the old sessions.

Real Janus in a namespace, two real hub processes on one throwaway PostgreSQL."""

from __future__ import annotations

import json
import signal

import pytest

from tests.aio import run_async
from tests.janus.conftest import SECRET
from tests.store.test_hub_pair import HubProcess, _pair, _site, _store


def _kept_sessions(url: str) -> dict:
    (row,) = _store(url, "SELECT value FROM meta WHERE name = 'janus_sessions'")
    return json.loads(row[0])


def _shards_up(health: dict) -> bool:
    shards = (health.get("sfu") or {}).get("shards") or {}
    return bool(shards) and all(s["up"] for s in shards.values())


async def _serving_the_meeting(hub: HubProcess) -> dict:
    return await hub.wait_health(_shards_up, f"{hub.name}'s shards up")


@pytest.mark.parametrize("shards", [1], indirect=True)
def test_the_hub_that_takes_over_claims_the_lost_hubs_janus_sessions(shards, hub_store):
    url, tokens = hub_store
    options = ("--media", "janus", "--janus", ",".join(shards.urls), "--janus-secret", SECRET)

    async def scenario():
        a, b = await _pair(url, options=options)
        try:
            await _serving_the_meeting(a)
            held = _kept_sessions(url)["s1"]["session"]
            a.signal(signal.SIGKILL)
            await b.wait_role("active")
            await _serving_the_meeting(b)
            assert "claimed the hub's previous control session" in b.log(), b.log()
            assert _kept_sessions(url)["s1"]["session"] == held
            # and it runs the meeting: a site that joins it is placed on the shard, with a token
            site = await _site(b.address, tokens["site"])
            try:
                media = site.welcome["media"]
                assert media["shard"] == "s1" and media["token"].startswith("jt_")
            finally:
                await site.close()

            # hub-a comes back as the standby, then takes over again when hub-b stops: a hub
            # that was active before claims the sessions as they are now, not as it first read them
            await a.start()
            await a.wait_role("standby")
            await b.stop()
            await a.wait_role("active")
            await _serving_the_meeting(a)
            assert _kept_sessions(url)["s1"]["session"] == held
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)
