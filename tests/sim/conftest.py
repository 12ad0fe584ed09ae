"""The simulated-site tests keep every peer connection on 127.0.0.1 (tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    yield
