"""The lease keeper holds the lease for a hub whose loop is busy, and still gives it up for one
that stops (a real throwaway PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from console.directory import SiteDirectory, lease
from console.hub.lease import LeaseKeeper, LeaseTiming
from tests.aio import run_async, wait_until


@pytest.fixture
def holding(postgresql) -> Callable[[Callable[[LeaseKeeper, list[str]], Awaitable[None]]], None]:
    """Runs a scenario with a keeper that holds the lease of a fresh store, and what it lost."""
    url = postgresql.url(postgresql.create_database())
    SiteDirectory(url).close()

    def run(scenario: Callable[[LeaseKeeper, list[str]], Awaitable[None]]) -> None:
        async def held() -> None:
            lost: list[str] = []
            keeper = LeaseKeeper(url, "hub-a", "http://hub-a", lambda grant: None, lost.append, LeaseTiming())
            keeper.start()
            try:
                await wait_until(lambda: keeper.grant is not None, what="the lease taken")
                await scenario(keeper, lost)
            finally:
                await keeper.stop()

        run_async(held(), timeout=60)

    return run


def test_a_hub_whose_loop_is_busy_for_longer_than_the_lease_keeps_it(holding):
    """Ten thousand communes reconnecting at once hold the hub's loop for seconds: the lease is
    renewed on the keeper's own thread meanwhile, and the hub does not step down (it used to,
    again and again, each time dropping every commune)."""

    async def busy(keeper: LeaseKeeper, lost: list[str]) -> None:
        assert keeper.grant is not None
        epoch = keeper.grant.epoch
        time.sleep(2 * keeper.timing.ttl_s)  # the hub's loop, busy (the lease's 3 s, twice)
        await asyncio.sleep(0.1)  # its next turns
        assert keeper.grant is not None and keeper.grant.epoch == epoch and not lost

    holding(busy)


def test_a_hub_that_stops_altogether_loses_the_lease_in_its_first_turn(holding):
    """A frozen hub (both threads stopped: here the keeper's renewals are made to fail) gives
    the lease up on its own loop as soon as it runs again, before it serves anything."""

    async def frozen(keeper: LeaseKeeper, lost: list[str]) -> None:
        async def never(*args, **kwargs):
            await asyncio.sleep(3600)

        keeper._call = never  # type: ignore[method-assign]  # PostgreSQL stops answering the keeper
        time.sleep(2 * keeper.timing.ttl_s)  # and the hub's loop stands still meanwhile
        await asyncio.sleep(0)  # its first turn
        assert keeper.grant is None and lost == ["could not renew the lease in time"]

    holding(frozen)


def test_a_write_that_holds_the_fence_for_longer_than_the_lease_does_not_stop_its_renewal(holding):
    """Each of the hub's writes holds the lease row under the fence until it commits; on a loaded
    machine one can take seconds. The renewal updates that same row and must not wait for it
    (it did: the hub lost its lease to the standby in the middle of a write of its own). A
    takeover still waits for the write (tests/store/test_lease_fence.py)."""

    async def writing(keeper: LeaseKeeper, lost: list[str]) -> None:
        import psycopg

        assert keeper.grant is not None
        epoch = keeper.grant.epoch
        with psycopg.connect(keeper.url) as pg, pg.transaction():
            assert pg.execute(lease.FENCE, [keeper.hub, epoch]).fetchone() is not None  # the write's fence
            await asyncio.sleep(2 * keeper.timing.ttl_s)  # and the write, still under way
        assert not lost, lost
        assert keeper.grant is not None and keeper.grant.epoch == epoch, keeper.grant

    holding(writing)
