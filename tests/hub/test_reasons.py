"""A refusal and an alarm's detail name their words (a code and its arguments) beside the
English, so a console says them in its own language; the hub's gate keeps those fields strict."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from console.directory import credentials
from console.hub import HubRunner
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async


@pytest.fixture
def hub_db(national):
    national.create_group("meeting-hn", ["commune:4", "commune:7"], "test")
    tokens = {
        "oanh": credentials.issue_operator_token(national, "oanh", role="operator"),
        "vy": credentials.issue_operator_token(national, "vy", role="viewer"),
        "lan": credentials.issue_operator_token(national, "lan", role="presenter"),
    }
    path = national.path
    national.close()
    return path, tokens


def client(runner, token):
    return HubClient(WebSocketChannel(runner.url, "console"), "console", token)


def test_a_refusal_names_its_reason_and_arguments_beside_the_english(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            lan, oanh, vy = client(runner, tokens["lan"]), client(runner, tokens["oanh"]), client(runner, tokens["vy"])
            for c in (lan, oanh, vy):
                await c.join()
            await lan.request({"type": "wall", "op": "lock", "name": "room"})
            with pytest.raises(HubError) as locked:
                await oanh.request({"type": "wall", "op": "layout", "name": "room", "layout": "2x2"})
            assert "is locked by lan" in locked.value.message  # the English stays for old consoles
            assert (locked.value.reason_code, locked.value.reason_args) == (
                "wall_locked",
                {"wall": "room", "operator": "lan"},
            )
            with pytest.raises(HubError) as forbidden:
                await vy.request({"type": "alarm_ack", "alarm": 1})
            assert forbidden.value.reason_code == "role_may_not"
            assert forbidden.value.reason_args == {"role": "viewer", "needed": "presenter"}
            with pytest.raises(HubError) as unknown:
                await oanh.request({"type": "alarm_ack", "alarm": 999})
            assert (unknown.value.reason_code, unknown.value.reason_args) == ("unknown_alarm", {"alarm": 999})
            with pytest.raises(HubError) as no_group:
                await lan.request({"type": "meeting", "group": "no such group"})
            assert (no_group.value.reason_code, no_group.value.reason_args) == ("no_group", {"group": "no such group"})
            for c in (lan, oanh, vy):
                await c.close()

    run_async(scenario())


def test_an_alarm_keeps_its_detail_by_name_and_the_time_its_condition_began(hub_db):
    path, tokens = hub_db
    lost_at = datetime.now(UTC) - timedelta(seconds=69)

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            vy = client(runner, tokens["vy"])
            await vy.join()
            seen = asyncio.ensure_future(vy.wait_for("alarm", lambda m: m["alarm"]["rule"] == "hub_lost"))
            await vy.request(
                {
                    "type": "alarm_raise",
                    "rule": "hub_lost",
                    "detail": "hub lost for 69 s",
                    "detail_kind": "hub_lost",
                    "detail_args": {"seconds": 69, "why": "hub_refused"},
                    "since": lost_at.isoformat(),
                }
            )
            alarm = (await seen)["alarm"]
            assert (alarm["detail_kind"], alarm["detail_args"]) == ("hub_lost", {"seconds": 69, "why": "hub_refused"})
            assert abs(datetime.fromisoformat(alarm["raised_at"]) - lost_at) < timedelta(seconds=1)  # when lost
            history = await vy.request({"type": "alarms", "history": True})  # and so it is stored
            assert history["alarms"][-1]["detail_args"] == {"seconds": 69, "why": "hub_refused"}
            future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
            await vy.request({"type": "alarm_raise", "rule": "loss_high", "site": "commune:4", "since": future})
            listed = {a["rule"]: a for a in (await vy.request({"type": "alarms"}))["alarms"]}
            assert datetime.fromisoformat(listed["loss_high"]["raised_at"]) < datetime.now(UTC)
            for bad in (
                {"a": {"nested": 1}},
                {"a": True},
                {"x" * 33: 1},
                {str(i): i for i in range(9)},
                {"a": "x" * 257},
            ):
                with pytest.raises(HubError) as refused:
                    await vy.request(
                        {"type": "alarm_raise", "rule": "mic_silent", "site": "commune:4", "detail_args": bad}
                    )
                assert refused.value.code == "bad_message"
            await vy.close()

    run_async(scenario())
