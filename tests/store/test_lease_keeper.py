"""The lease keeper holds the lease for a hub whose loop is busy, and still gives it up for one
that stops (a real throwaway PostgreSQL)."""

from __future__ import annotations

import asyncio
import time

from console.directory import SiteDirectory
from console.hub.lease import LeaseKeeper, LeaseTiming
from tests.aio import run_async, wait_until


def _keeper(url: str, lost: list[str]) -> LeaseKeeper:
    return LeaseKeeper(url, "hub-a", "http://hub-a", lambda grant: None, lost.append, LeaseTiming())


def test_a_hub_whose_loop_is_busy_for_longer_than_the_lease_keeps_it(postgresql):
    """Ten thousand communes reconnecting at once hold the hub's loop for seconds: the lease is
    renewed on the keeper's own thread meanwhile, and the hub does not step down (it used to,
    again and again, each time dropping every commune)."""
    url = postgresql.url(postgresql.create_database())
    SiteDirectory(url).close()
    lost: list[str] = []

    async def scenario():
        keeper = _keeper(url, lost)
        keeper.start()
        try:
            await wait_until(lambda: keeper.grant is not None, what="the lease taken")
            epoch = keeper.grant.epoch
            time.sleep(2 * keeper.timing.ttl_s)  # the hub's loop, busy (the lease's 3 s, twice)
            await asyncio.sleep(0.1)  # its next turns
            assert keeper.grant is not None and keeper.grant.epoch == epoch and not lost
        finally:
            await keeper.stop()

    run_async(scenario(), timeout=60)


def test_a_hub_that_stops_altogether_loses_the_lease_in_its_first_turn(postgresql):
    """A frozen hub (both threads stopped: here the keeper's renewals are made to fail) gives
    the lease up on its own loop as soon as it runs again, before it serves anything."""
    url = postgresql.url(postgresql.create_database())
    SiteDirectory(url).close()
    lost: list[str] = []

    async def scenario():
        keeper = _keeper(url, lost)
        keeper.start()
        try:
            await wait_until(lambda: keeper.grant is not None, what="the lease taken")

            async def never(*args, **kwargs):
                await asyncio.sleep(3600)

            keeper._call = never  # PostgreSQL stops answering the keeper
            time.sleep(2 * keeper.timing.ttl_s)  # and the hub's loop stands still meanwhile
            await asyncio.sleep(0)  # its first turn
            assert keeper.grant is None and lost == ["could not renew the lease in time"]
        finally:
            await keeper.stop()

    run_async(scenario(), timeout=60)
