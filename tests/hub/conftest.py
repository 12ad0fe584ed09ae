import pytest

from console.directory import credentials


@pytest.fixture
def hub_db(national):
    """The national directory with a site token for commune 4 and an operator token."""
    tokens = {
        "site": credentials.issue_site_token(national, "commune:4"),
        "site2": credentials.issue_site_token(national, "commune:7"),
        "operator": credentials.issue_operator_token(national, "anh"),
        "local": credentials.local_token(national),
    }
    path = national.path
    national.close()
    return path, tokens


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    """Every test here keeps its media on 127.0.0.1 (tests/conftest.py)."""
    yield
