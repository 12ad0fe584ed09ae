"""The hub's collector policy (gc_pauses.py): young objects are collected and frozen every
moment, so no collection walks a growing pile of connections' waiters; frozen cycles are freed
by a full collection after enough departures or an hour."""

import asyncio
import gc
import weakref

from console.hub.gc_pauses import GcPolicy
from tests.aio import run_async


class _Cycle:
    def __init__(self):
        self.me = self


def _policy_run(scenario, **options):
    async def main():
        policy = GcPolicy(**options).install()
        try:
            return await scenario(policy)
        finally:
            policy.uninstall()
    return run_async(main())


def test_survivors_are_frozen_each_moment_and_young_cycles_freed():
    async def scenario(policy):
        kept = [[i] for i in range(5000)]   # long-lived: a connection's waiters
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        del garbage
        await asyncio.sleep(0.12)
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        return kept, gone(), young, gc.get_freeze_count()

    kept, gone, young, frozen = _policy_run(scenario, young_every_s=0.05)
    assert gone is None                   # the young cycle was collected before the freeze
    assert young < 1000                   # the 5,000 survivors are not waiting to be walked
    assert frozen > 5000


def test_frozen_cycles_are_freed_after_enough_departures():
    departures = [0]

    async def scenario(policy):
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        await asyncio.sleep(0.12)         # frozen while still alive
        del garbage
        await asyncio.sleep(0.12)
        still_there = gone() is not None  # a frozen cycle is not collected...
        departures[0] = 1000              # ...until a quarter of the connections (at least 1000) left
        await asyncio.sleep(0.12)
        return still_there, gone(), policy.full_collections

    still_there, gone, full = _policy_run(scenario, young_every_s=0.05, connections=lambda: 100,
                                          departures=lambda: departures[0])
    assert still_there
    assert gone is None and full == 1


def test_frozen_cycles_are_freed_at_least_every_period():
    async def scenario(policy):
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        await asyncio.sleep(0.12)
        del garbage
        await asyncio.sleep(0.5)
        return gone(), policy.full_collections

    gone, full = _policy_run(scenario, young_every_s=0.05, full_every_s=0.3)
    assert gone is None and full >= 1


def test_uninstall_thaws_and_stops():
    async def scenario(policy):
        await asyncio.sleep(0.06)
        return policy

    _policy_run(scenario, young_every_s=0.02)
    assert gc.get_freeze_count() == 0
