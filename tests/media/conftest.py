import pytest

from console.directory import credentials
from console.rtc import IcePolicy, install_ice_policy


@pytest.fixture(autouse=True)
def loopback_only():
    """The network rule: every candidate gathered or accepted is 127.0.0.1."""
    previous = install_ice_policy(IcePolicy.loopback())
    yield IcePolicy.loopback()
    install_ice_policy(previous)


@pytest.fixture
def media_db(national):
    tokens = {"local": credentials.local_token(national),
              "operator": credentials.issue_operator_token(national, "anh")}
    path = national.path
    national.close()
    return path, tokens
