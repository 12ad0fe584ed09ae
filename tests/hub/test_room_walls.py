"""Room walls kept by the hub, changed by presenters, followed by every console,
locked by one, surviving a restart of the hub."""

import asyncio

import pytest

from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async


@pytest.fixture
def walls_db(national):
    tokens = {
        name: credentials.issue_operator_token(national, name, role=role)
        for name, role in (("hoa", "presenter"), ("binh", "presenter"), ("vy", "viewer"), ("an", "admin"))
    }
    path = national.path
    national.close()
    return path, tokens


def client(runner, token):
    return HubClient(WebSocketChannel(runner.url, "console"), "console", token)


def test_a_presenter_pushes_a_site_and_every_console_follows(walls_db):
    path, tokens = walls_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            hoa, vy = client(runner, tokens["hoa"]), client(runner, tokens["vy"])
            await hoa.join()
            await vy.join()
            seen = asyncio.ensure_future(vy.wait_for("wall_state", lambda m: m["version"] == 2))
            await hoa.request({"type": "wall", "op": "layout", "layout": "1+5"})
            reply = await hoa.request({"type": "wall", "op": "push", "site": "commune:4"})
            assert reply["state"]["placed"] == {"0": {"0": "commune:4"}} and reply["by"] == "hoa"
            state = await seen
            assert state["name"] == "room" and state["state"]["layout"] == "1+5"
            assert state["state"]["placed"] == {"0": {"0": "commune:4"}} and state["state"]["focus"] == 0
            await hoa.request({"type": "wall", "op": "focus", "slot": 3})
            assert (await vy.request({"type": "wall", "op": "get"}))["state"]["focus"] == 3
            for bad, code in (
                ({"op": "push", "site": "commune:999999"}, "unknown_site"),
                ({"op": "layout", "layout": "9x9"}, "bad_message"),
                ({"op": "focus", "slot": 40}, "bad_message"),
                ({"op": "page", "page": 5}, "bad_message"),
                ({"op": "dance"}, "bad_message"),
                ({"op": "push"}, "bad_message"),
            ):
                with pytest.raises(HubError) as error:
                    await hoa.request({"type": "wall", **bad})
                assert error.value.code == code, bad
            await hoa.close()
            await vy.close()

    run_async(scenario())
    rows = [r for r in _audit(path) if r["target"] == "wall:room"]
    assert [r["action"] for r in reversed(rows)] == ["wall_layout", "wall_push", "wall_focus"]
    assert all(r["actor"] == "hoa" and r["result"] == "ok" for r in rows)


def test_a_locked_wall_refuses_others_until_unlocked_and_an_admin_may_unlock(walls_db):
    path, tokens = walls_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            hoa, binh, an = (client(runner, tokens[n]) for n in ("hoa", "binh", "an"))
            for c in (hoa, binh, an):
                await c.join()
            assert (await hoa.request({"type": "wall", "op": "lock"}))["locked_by"] == "hoa"
            with pytest.raises(HubError) as error:
                await binh.request({"type": "wall", "op": "push", "site": "commune:4"})
            assert error.value.code == "forbidden" and "locked by hoa" in error.value.message
            await hoa.request({"type": "wall", "op": "push", "site": "commune:4"})  # the locker may
            await an.request({"type": "wall", "op": "unlock"})  # an admin may unlock
            await binh.request({"type": "wall", "op": "push", "site": "commune:7"})
            # Another wall is independent.
            other = await binh.request({"type": "wall", "op": "push", "name": "lobby", "site": "commune:4"})
            assert other["name"] == "lobby" and other["version"] == 1
            for c in (hoa, binh, an):
                await c.close()

    run_async(scenario())


def test_the_room_wall_survives_a_restart_of_the_hub(walls_db):
    path, tokens = walls_db

    async def change():
        async with HubRunner(path, port=0) as runner:
            hoa = client(runner, tokens["hoa"])
            await hoa.join()
            await hoa.request({"type": "wall", "op": "layout", "layout": "2+8"})
            await hoa.request({"type": "wall", "op": "push", "site": "commune:4", "slot": 1})
            await hoa.request({"type": "wall", "op": "lock"})
            await hoa.close()

    async def read():
        async with HubRunner(path, port=0) as runner:
            vy = client(runner, tokens["vy"])
            await vy.join()
            state = await vy.request({"type": "wall", "op": "get"})
            await vy.close()
            return state

    run_async(change())
    state = run_async(read())
    assert state["state"]["layout"] == "2+8" and state["state"]["placed"] == {"0": {"1": "commune:4"}}
    assert state["locked_by"] == "hoa" and state["version"] == 3 and state["by"] == "hoa"


def _audit(path):
    directory = SiteDirectory(path)
    try:
        return recent_audit(directory, 100)
    finally:
        directory.close()
