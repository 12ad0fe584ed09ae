"""Real Janus instances, each inside a network namespace the test makes (docs/architecture.md §5).

libnice never offers 127.0.0.1, so Janus cannot live on loopback: ``shards`` makes a fresh
namespace with a veth pair in a private /24, starts Janus inside it, pins this process's ICE
policy to that /24 (nothing else is ever a target), and deletes it all afterwards. Without
root, or without Janus, every test here skips and says why.
"""

import pytest

from console.directory import credentials
from console.janus.process import JanusShards, janus_unavailable_reason

SECRET = "test-janus-secret"

_reason = janus_unavailable_reason()


def pytest_collection_modifyitems(config, items):
    if _reason:
        for item in items:
            if "tests/janus" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=f"Janus tests need a namespace: {_reason}"))


@pytest.fixture
def shards(request):
    """Two Janus shards with the hub's secret, and ICE pinned to their private network."""
    from console.rtc import IcePolicy, install_ice_policy

    count = getattr(request, "param", 2)
    janus = JanusShards(count, secret=SECRET).start()
    previous = install_ice_policy(IcePolicy.parse(janus.ice_networks))
    try:
        yield janus
    finally:
        install_ice_policy(previous)
        janus.close()


@pytest.fixture
def meeting_db(national):
    """The national directory, with the hub's local token and an operator token."""
    tokens = {"local": credentials.local_token(national), "operator": credentials.issue_operator_token(national, "anh")}
    path = national.path
    national.close()
    return path, tokens
