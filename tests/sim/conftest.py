"""Fixtures for the simulated-site tests: ICE pinned to loopback, clips in a private cache."""

import pytest

from console.rtc import IcePolicy, install_ice_policy


@pytest.fixture
def loopback_ice():
    """ICE gathers and accepts 127.0.0.1 only (the network rule), through the project's policy."""
    previous = install_ice_policy(IcePolicy.loopback())
    yield IcePolicy.loopback()
    install_ice_policy(previous)
