"""A console's ``forward`` request (console/hub/sfu_forwards.py) when it is wrong: each gets a
clear answer, the connection stays up, and nothing is made. Against a real hub; the refusals
that need Janus shards are in tests/janus/test_native_wall.py."""

import pytest

from console.directory import credentials
from console.hub import HubRunner
from console.hub.sfu_forwards import ConsoleForwards, ForwardError
from console.signaling import HubClient, HubError, WebSocketChannel, protocol
from tests.aio import run_async


@pytest.fixture
def forward_db(national):
    token = credentials.issue_operator_token(national, "an-operator", role="viewer")
    path = national.path
    national.close()
    return path, token


def test_a_forward_asked_of_a_hub_without_shards_is_refused_and_the_console_stays(forward_db):
    path, token = forward_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            hub = HubClient(WebSocketChannel(runner.url, "console"), "console", token)
            await hub.join()
            try:
                asked = {"type": "forward", "op": "prepare", "site": "commune:4", "kind": "video"}
                with pytest.raises(HubError) as refused:
                    await hub.request(asked)
                assert refused.value.code == protocol.BAD_MESSAGE and "sfu" in str(refused.value)
                for bad in (
                    {**asked, "port": 80},  # below 1024
                    {**asked, "port": 70000},
                    {**asked, "host": "x" * 65},
                    {**asked, "op": 7},
                    {"type": "forward", "op": "start"},  # no site
                ):
                    with pytest.raises(HubError) as refused:
                        await hub.request(bad)
                    assert refused.value.code == protocol.BAD_MESSAGE, bad
                # ... and the connection still serves.
                reply = await hub.request({"type": "roll_call", "keys": ["commune:4"]})
                assert reply["type"] == "roll_call"
            finally:
                await hub.close()

    run_async(scenario(), timeout=60)


class _Shard:
    name, address = "s1", "10.0.0.2"


def test_the_forward_book_refuses_what_would_reuse_a_key_or_exceed_a_wall():
    book = ConsoleForwards()
    with pytest.raises(ForwardError, match="audio or video"):
        book.prepare("c1", "commune:4", "data", _Shard(), 1001)
    first = book.prepare("c1", "commune:4", "video", _Shard(), 1001)
    again = book.prepare("c1", "commune:4", "video", _Shard(), 1001)  # not started: a new key
    assert first["key"] != again["key"]
    for n in range(127):
        book.prepare("c1", f"commune:{n + 100}", "video", _Shard(), 2000 + n)
    with pytest.raises(ForwardError, match="at most"):
        book.prepare("c1", "commune:999", "video", _Shard(), 3000)
    assert book.console_left("c1") == [] and book.forwards == {}  # none started: nothing to stop
