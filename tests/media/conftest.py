import pytest

from console.directory import credentials


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    """Every test here keeps its media on 127.0.0.1 (tests/conftest.py)."""
    yield


@pytest.fixture
def media_db(national):
    tokens = {"local": credentials.local_token(national), "operator": credentials.issue_operator_token(national, "anh")}
    path = national.path
    national.close()
    return path, tokens
