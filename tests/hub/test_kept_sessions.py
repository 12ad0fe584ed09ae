"""Media sessions kept through a lost hub (console/hub/media_sessions.py, docs/protocol.md
"Kept media sessions"): a fresh hub believes a session only when both ends name it."""

import asyncio
import json

import pytest

from console.hub import HubRunner
from console.signaling import protocol
from console.signaling.protocol import ProtocolError
from tests.aio import run_async
from tests.hub.test_hub import client, raw

SITE, OTHER = "commune:4", "commune:7"


async def joined(runner, role, token, **kw):
    peer = client(runner, role, token, **kw)
    await peer.join()
    return peer


async def hangups_after_join(peer, seconds=0.5):
    """The hangups the hub sends a client right after its welcome."""
    got = []
    peer.on("hangup", got.append)
    await asyncio.sleep(seconds)
    return got


def test_a_session_both_ends_kept_is_relayed_again(hub_db):
    """The site rejoins first, then the console: the session's stats and hangup go through."""
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await joined(runner, "site", tokens["site"], sessions=[{"session": "s1"}])
            console = await joined(runner, "console", tokens["operator"], sessions=[{"session": "s1", "site": SITE}])
            assert await hangups_after_join(console) == []
            stats = asyncio.ensure_future(console.wait_for("site_stats"))
            await site.send({"type": "stats", "session": "s1", "stats": {"frames_sent": 5}})
            assert (await stats)["stats"] == {"frames_sent": 5}
            hangup = asyncio.ensure_future(site.wait_for("hangup"))
            await console.send({"type": "hangup", "session": "s1", "site": SITE})
            assert (await hangup)["session"] == "s1"
            await console.close()
            await site.close()

    run_async(scenario())


def test_the_console_first_then_the_site_that_kept_it(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await joined(runner, "console", tokens["operator"], sessions=[{"session": "s1", "site": SITE}])
            site = await joined(runner, "site", tokens["site"], sessions=[{"session": "s1"}])
            assert await hangups_after_join(console) == []
            assert runner.hub.media["s1"].site == SITE and not runner.hub.sites[SITE].kept
            stats = asyncio.ensure_future(console.wait_for("site_stats"))
            await site.send({"type": "stats", "session": "s1", "stats": {"frames_sent": 1}})
            assert (await stats)["site"] == SITE
            await console.close()
            await site.close()

    run_async(scenario())


def test_a_site_that_came_back_without_the_session_gets_it_hung_up_at_the_console(hub_db):
    """The site restarted while the hub was away: its hello names nothing, so the console's
    claim is hung up (before the site's presence, so the console offers at once)."""
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = client(runner, "console", tokens["operator"], sessions=[{"session": "s1", "site": SITE}])
            order = []
            console.on("hangup", lambda m: order.append(("hangup", m["session"], m["reason"])))
            console.on("presence", lambda m: order.append(("presence", m["site"])))
            await console.join()
            assert order == []  # the site is offline: taken on trust for now
            site = await joined(runner, "site", tokens["site"])
            for _ in range(50):
                if len(order) >= 2:
                    break
                await asyncio.sleep(0.05)
            assert order[:2] == [("hangup", "s1", "the site did not keep this session"), ("presence", SITE)]
            assert "s1" not in runner.hub.media
            await console.close()
            await site.close()

    run_async(scenario())


def test_claims_the_hub_cannot_believe_are_hung_up_at_the_console(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await joined(runner, "site", tokens["site"], sessions=[{"session": "kept"}])
            first = await joined(runner, "console", tokens["operator"], sessions=[{"session": "kept", "site": SITE}])
            claims = [
                {"session": "not-kept", "site": SITE},  # the online site did not name it
                {"session": "kept", "site": SITE},  # another console's already
                {"session": "nowhere", "site": "commune:999999"},  # no such site
                {"session": "no-site"},
            ]  # a console must name the site
            second = await joined(runner, "console", tokens["operator"], sessions=claims)
            got = {m["session"]: m["reason"] for m in await hangups_after_join(second)}
            assert got == {
                "not-kept": "the site did not keep this session",
                "kept": "the session is already another exchange's",
                "nowhere": "unknown site 'commune:999999'",
                "no-site": "unknown site ''",
            }
            assert runner.hub.media["kept"].console.identity == "anh" and len(runner.hub.media) == 1
            assert await hangups_after_join(first, 0.1) == []
            for peer in (first, second, site):
                await peer.close()

    run_async(scenario())


def test_a_console_claims_at_most_four_sessions_with_one_site(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            claims = [{"session": f"s{i}", "site": OTHER} for i in range(6)]
            console = await joined(runner, "console", tokens["operator"], sessions=claims)
            got = await hangups_after_join(console)
            assert [m["session"] for m in got] == ["s4", "s5"]
            assert all(m["reason"] == "too many media sessions" for m in got)
            await console.close()

    run_async(scenario())


@pytest.mark.parametrize(
    "sessions, error",
    [
        ("s1", "hello.sessions: expected array, got string"),
        ([{"session": 7}], "hello.sessions[0].session: expected string, got integer"),
        ([{"site": SITE}], "hello.sessions[0]: missing field 'session'"),
        ([{"session": "x" * 65}], "hello.sessions[0].session: at most 64 characters, got 65"),
        ([{"session": "s"}] * 257, "hello.sessions: at most 256 items, got 257"),
        (["s1"], "hello.sessions[0]: expected object, got string"),
    ],
)
def test_a_malformed_sessions_list_is_refused_with_the_field_named(sessions, error):
    hello = {"type": "hello", "role": "console", "token": "t", "sessions": sessions}
    with pytest.raises(ProtocolError) as refused:
        protocol.decode(json.dumps(hello))
    assert refused.value.code == protocol.BAD_MESSAGE and str(refused.value) == error


def test_a_malformed_sessions_list_on_the_wire_refuses_the_hello_and_nobody_else_notices(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await joined(runner, "console", tokens["operator"])
            session, ws = await raw(runner, "site")
            await ws.send_str(
                json.dumps({"type": "hello", "role": "site", "token": tokens["site"], "sessions": [{"session": None}]})
            )
            reply = json.loads((await ws.receive(timeout=10)).data)
            assert reply["code"] == "bad_message" and "hello.sessions[0].session" in reply["message"]
            await ws.close()
            await session.close()
            assert (await console.request({"type": "roll_call", "online_only": True}))["type"] == "roll_call"
            await console.close()

    run_async(scenario())


def test_a_site_dropping_while_the_hub_lives_still_hangs_its_sessions_up(hub_db):
    """Kept sessions are for a hub that went away; a hub that sees a site leave says so at once."""
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await joined(runner, "site", tokens["site"], sessions=[{"session": "s1"}])
            console = await joined(runner, "console", tokens["operator"], sessions=[{"session": "s1", "site": SITE}])
            hangup = asyncio.ensure_future(console.wait_for("hangup"))
            await site.close()
            assert (await hangup)["reason"] == "site left"
            await console.close()

    run_async(scenario())
