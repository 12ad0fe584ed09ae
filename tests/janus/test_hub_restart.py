"""A restarted hub claims its control sessions (reclaim_session_timeout) and the meeting goes on."""

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
