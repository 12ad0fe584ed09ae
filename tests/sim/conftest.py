"""Fixtures for the simulated-site tests: ICE pinned to loopback, clips in a private cache."""

import aioice.ice
import pytest


@pytest.fixture
def loopback_ice(monkeypatch):
    """Make aioice gather host candidates on 127.0.0.1 only.

    aioice offers every interface's address but never 127.0.0.1; the network rule sends
    all test traffic to loopback. (The project's real ICE policy lives elsewhere; this
    stays local to these tests.)
    """
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])
