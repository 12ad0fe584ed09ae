"""The hub's collector policy (gc_pauses.py): young objects are collected and frozen every
moment, so no collection walks a growing pile of connections' waiters; frozen cycles are freed
by a full collection after enough departures or an hour.

The tests wait for what the policy does (an object frozen, a cycle freed), never for a length
of time: on a loaded machine its moments come late, and that is not what is tested."""

import gc
import weakref

from console.hub.gc_pauses import GcPolicy
from tests.aio import run_async, wait_until


class _Cycle:
    def __init__(self):
        self.me = self


def _frozen(obj) -> bool:
    """Frozen objects are in the collector's permanent generation, outside all three it walks."""
    return gc.is_tracked(obj) and not any(o is obj for o in gc.get_objects())


async def _a_moment_passed():
    """Wait for one of the policy's moments to come and go: an object made now gets frozen."""
    marker = []
    await wait_until(lambda: _frozen(marker), what="a moment's freeze")


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
        frozen_before = gc.get_freeze_count()
        kept = [[i] for i in range(5000)]  # long-lived: a connection's waiters
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        del garbage
        await wait_until(lambda: _frozen(kept[-1]), what="the survivors frozen")
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        return kept, gone(), young, gc.get_freeze_count() - frozen_before

    kept, gone, young, newly_frozen = _policy_run(scenario, young_every_s=0.05)
    assert gone is None  # the young cycle was collected before the freeze
    assert young < 1000  # the 5,000 survivors are not waiting to be walked
    assert newly_frozen > 5000


def test_frozen_cycles_are_freed_after_enough_departures():
    departures = [0]

    async def scenario(policy):
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        await wait_until(lambda: _frozen(gone()), what="the cycle frozen while still alive")
        del garbage
        await _a_moment_passed()
        still_there = gone() is not None  # a frozen cycle is not collected...
        departures[0] = 1000  # ...until a quarter of the connections (at least 1000) left
        await wait_until(lambda: gone() is None, what="the frozen cycle freed")
        return still_there, policy.full_collections

    still_there, full = _policy_run(
        scenario, young_every_s=0.05, connections=lambda: 100, departures=lambda: departures[0]
    )
    assert still_there
    assert full == 1


def test_frozen_cycles_are_freed_at_least_every_period():
    async def scenario(policy):
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        await wait_until(lambda: _frozen(gone()), what="the cycle frozen while still alive")
        del garbage
        await wait_until(lambda: gone() is None, what="the frozen cycle freed by the period's collection")
        return policy.full_collections

    assert _policy_run(scenario, young_every_s=0.05, full_every_s=0.3) >= 1


def test_uninstall_thaws_and_stops():
    async def scenario(policy):
        await _a_moment_passed()
        assert gc.get_freeze_count() > 0
        return policy

    _policy_run(scenario, young_every_s=0.02)
    assert gc.get_freeze_count() == 0


def test_every_collection_pause_is_told_to_the_hubs_metrics():
    pauses = []

    async def scenario(policy):
        await wait_until(lambda: len(pauses) >= 2, what="two collections told")

    _policy_run(scenario, on_pause=pauses.append)
    assert all(isinstance(seconds, float) and seconds >= 0 for seconds in pauses)


def _collect_at_the_bottom_of(depth_left: int) -> None:
    """Collect with only ``depth_left`` frames to spare before the recursion limit, as a hub
    does when a hostile message nested a thousand deep makes the JSON parser allocate."""

    def room(n=0):  # how many frames are left here: the first try that is refused
        try:
            return room(n + 1)
        except RecursionError:
            return n

    def down(n):
        if n > 0:
            down(n - 1)
        else:
            gc.collect(0)

    down(room() - depth_left)


def test_a_collection_deep_in_the_stack_is_told_later_without_an_error_in_the_collector():
    import sys

    pauses, unraisable = [], []

    def told(seconds):  # the metrics' own calls are a few frames deep, as prometheus_client's are
        def deeper(n):
            return seconds if n == 0 else deeper(n - 1)

        pauses.append(deeper(8))

    async def scenario(policy):
        hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
        try:
            _collect_at_the_bottom_of(6)
        finally:
            sys.unraisablehook = hook
        await wait_until(lambda: len(pauses) >= 1, what="the deep collection told on the next moment")

    _policy_run(scenario, on_pause=told, young_every_s=0.02)
    assert [u.exc_value for u in unraisable] == []
