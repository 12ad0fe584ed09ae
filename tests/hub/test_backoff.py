"""One reconnect policy for every client: waits that double to a ceiling, each with jitter."""

import random
import re
import socket
from pathlib import Path

from console.signaling import backoff
from console.signaling.backoff import Backoff
from tests.aio import run_async

SITE_JS = Path(__file__).resolve().parents[2] / "console/hub/site_assets/site.js"


def test_each_wait_is_half_to_all_of_a_ceiling_that_doubles_to_the_maximum():
    policy = Backoff(rng=random.Random(7))
    waits = [policy.next() for _ in range(8)]
    ceilings = [1, 2, 4, 8, 16, 30, 30, 30]
    assert all(c / 2 <= w <= c for w, c in zip(waits, ceilings)), waits
    assert len({round(w / c, 6) for w, c in zip(waits, ceilings)}) > 1  # spread, not a fixed share
    assert policy.attempts == 8
    policy.reset()
    assert policy.ceiling() == backoff.FIRST_S and 0.5 <= policy.next() <= 1.0


def test_the_site_page_waits_by_the_same_policy():
    js = SITE_JS.read_text()
    assert int(re.search(r"BACKOFF_FIRST_MS = (\d+);", js).group(1)) == backoff.FIRST_S * 1000
    assert int(re.search(r"BACKOFF_MAX_MS = (\d+);", js).group(1)) == backoff.MAX_S * 1000
    assert backoff.SPREAD == (0.5, 1.0)
    assert "Math.round(ceiling / 2 + Math.random() * ceiling / 2)" in js  # half to all of the ceiling


def test_a_simulated_site_that_cannot_reach_the_hub_waits_with_jitter():
    """Before, every simulated site waited exactly 1, 2, 4, 8, 10 s: after a hub restart a
    fleet came back in lockstep."""
    from console.sim.site import REJOIN_MAX_S, SimulatedSite

    with socket.socket() as probe:  # a port on 127.0.0.1 nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []

    async def scenario():
        site = SimulatedSite(f"http://127.0.0.1:{port}", "token", "commune:1", 1)
        site.backoff = Backoff(max_s=REJOIN_MAX_S, rng=random.Random(3))

        async def note(seconds: float) -> None:  # the site's clock, injected: no real waiting
            waits.append(seconds)
            if len(waits) == 6:
                site._stopping.set()

        site._sleep = note
        await site.run()

    run_async(scenario())
    ceilings = [1, 2, 4, 8, 10, 10]
    assert all(c / 2 <= w <= c for w, c in zip(waits, ceilings)) and waits != ceilings, waits
