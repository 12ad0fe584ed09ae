import pytest


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    """Every test here keeps its media on 127.0.0.1 (tests/conftest.py)."""
    yield
