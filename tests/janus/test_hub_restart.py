"""A restarted hub claims its control sessions (reclaim_session_timeout) and the meeting goes on."""

import asyncio

from console.hub.sfu import SfuOrchestrator
from tests.janus.conftest import SECRET
from tests.janus.support import run_scenario as run_async


def test_a_restarted_hub_claims_its_control_sessions(shards, tmp_path):
    state = tmp_path / "hub.janus.json"

    async def scenario():
        first = SfuOrchestrator(shards.urls, SECRET, state_path=state)
        await first.start()
        sessions = {s.name: s.session.id for s in first.shards}
        await first.stop()  # as a restart does: the sessions stay on the shards

        second = SfuOrchestrator(shards.urls, SECRET, state_path=state)
        await second.start()
        try:
            assert all(s.alive and s.claimed for s in second.shards)
            assert {s.name: s.session.id for s in second.shards} == sessions
            # And it works as before: a site is placed and gets a token.
            block = await second.site_joined("commune:70", {"path": ["Thành phố Hà Nội"]})
            assert block["token"].startswith("jt_") and block["shard"] in sessions
        finally:
            await second.stop()

    run_async(scenario(), timeout=60)


def test_a_hub_that_serves_again_in_the_same_process_starts_from_the_kept_sessions_only(shards, tmp_path):
    """A hub of a pair serves, stands by, and may serve again without a new process: its second
    term claims the sessions and remembers nothing else of the first (no site, no open microphone)."""
    state = tmp_path / "hub.janus.json"

    async def scenario():
        sfu = SfuOrchestrator(shards.urls, SECRET, state_path=state)
        await sfu.start()
        sessions = {s.name: s.session.id for s in sfu.shards}
        await sfu.site_joined("commune:70", {"path": ["Thành phố Hà Nội"]})
        sfu.moderate("commune:70", "unmute_audio")
        while sfu._tasks:  # the SFU's own mute lifted
            await asyncio.sleep(0.05)
        await sfu.stop()

        await sfu.start()
        try:
            assert all(s.alive and s.claimed for s in sfu.shards)
            assert {s.name: s.session.id for s in sfu.shards} == sessions
            assert not sfu.sites and not sfu.unmuted
            assert all(entry["sites"] == 0 for entry in sfu.status()["shards"].values())
            block = await sfu.site_joined("commune:70", {"path": ["Thành phố Hà Nội"]})
            assert block["token"].startswith("jt_") and block["shard"] in sessions
        finally:
            await sfu.stop()

    run_async(scenario(), timeout=60)
