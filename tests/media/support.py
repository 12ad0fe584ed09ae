"""Helpers shared by the media tests: which sites to simulate, and waiting on a condition."""

import asyncio
import time
from contextlib import asynccontextmanager

from console.directory import SiteDirectory
from console.hub import HubRunner
from console.signaling import HubClient, WebSocketChannel
from console.sim.fleet import SiteFleet, pick_sites


def sites(path, n):
    """``n`` sites of the directory at ``path``, spread over provinces as the sim picks them."""
    directory = SiteDirectory(path)
    try:
        return pick_sites(directory, n)
    finally:
        directory.close()


@asynccontextmanager
async def sites_on_a_hub(path, tokens, chosen, faults=None):
    """A hub on 127.0.0.1, the ``chosen`` sites simulated on it (under ``faults``, if given)
    and an operator console joined: yields (runner, fleet, hub) and takes them down again."""
    async with HubRunner(path, port=0) as runner:
        fleet = SiteFleet(runner.url, tokens["local"], chosen, *([faults] if faults else []))
        await fleet.start()
        hub = HubClient(WebSocketChannel(runner.url, "console"), "console", tokens["operator"])
        await hub.join()
        try:
            yield runner, fleet, hub
        finally:
            await hub.close()
            await fleet.stop()


async def wait_until(predicate, timeout=15.0, step=0.05):
    """Poll ``predicate`` on the running loop until true; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(step)


async def wait_until_still(count, quiet_s=0.6, timeout=30.0):
    """Wait until ``count()`` stops changing for ``quiet_s`` (what was in flight has landed);
    fail after ``timeout`` seconds of it still changing."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        before = count()
        await asyncio.sleep(quiet_s)
        if count() == before:
            return
        if loop.time() > deadline:
            raise AssertionError(f"still changing after {timeout:g} s: {before} -> {count()}")


def wait_blocking(predicate, timeout=20.0):
    """Poll ``predicate`` from a plain thread (as the GUI drives the media thread)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def unbatched(events):
    """(kind, payload) events with every ``presence_batch`` / ``muted_batch`` spread into the
    single events it stands for (the media core sends many sites at once as one event)."""
    flat = []
    for kind, payload in events:
        if kind in ("presence_batch", "muted_batch"):
            flat += [(kind[: -len("_batch")], entry) for entry in payload["sites"]]
        else:
            flat.append((kind, payload))
    return flat
