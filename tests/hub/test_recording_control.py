"""Recording at the hub: a site is told it is recorded (``set_recording``), says so in its state,
the hub audits it with the operator's name; every join and leave goes to the presence log."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from console.directory import SiteDirectory, presence_log
from console.hub import HubRunner
from console.signaling import HubError
from console.signaling.protocol import ProtocolError, validate_control_params
from tests.aio import run_async, wait_until
from tests.hub.test_hub import audit_rows, client


def test_set_recording_reaches_the_site_changes_its_state_and_is_audited(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["site"])
            await site.join()
            told = []

            async def obey(message):
                told.append(message)
                await site.send(
                    {
                        "type": "control_result",
                        "request": message["request"],
                        "ok": True,
                        "state": {"recording": message["params"]["recording"]},
                    }
                )

            site.on("control", obey)
            console = client(runner, "console", tokens["operator"])
            await console.join()
            state = asyncio.ensure_future(console.wait_for("site_state"))
            reply = await console.request(
                {"type": "control", "site": "commune:4", "action": "set_recording", "params": {"recording": True}}
            )
            assert reply["ok"] and reply["state"] == {"recording": True}
            assert (await state)["state"] == {"recording": True}
            assert told[0]["params"] == {"recording": True} and told[0]["by"] == "anh"
            roll = await console.request({"type": "roll_call", "online_only": True})
            assert roll["sites"][0]["state"]["recording"] is True
            await console.request(
                {"type": "control", "site": "commune:4", "action": "set_recording", "params": {"recording": False}}
            )
            await console.close()
            await site.close()

    run_async(scenario())
    rows = [r for r in audit_rows(path, "commune:4") if r["action"] == "set_recording"]
    assert [(r["actor"], r["params"], r["result"]) for r in reversed(rows)] == [
        ("anh", {"recording": True}, "ok"),
        ("anh", {"recording": False}, "ok"),
    ]


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({}, "expected a boolean"),
        ({"recording": "yes"}, "expected a boolean"),
        ({"recording": 1}, "expected a boolean"),
        ({"recording": True, "file": "x"}, "only 'recording'"),
    ],
)
def test_set_recording_takes_exactly_one_boolean(params, fragment):
    with pytest.raises(ProtocolError, match=fragment) as error:
        validate_control_params("set_recording", params)
    assert error.value.code == "bad_message"
    assert validate_control_params("set_recording", {"recording": False}) == {"recording": False}


def test_bad_set_recording_params_are_refused_at_the_hub_and_audited(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["site"])
            await site.join()
            reached = []
            site.on("control", lambda message: reached.append(message))
            console = client(runner, "console", tokens["operator"])
            await console.join()
            with pytest.raises(HubError) as error:
                await console.request(
                    {"type": "control", "site": "commune:4", "action": "set_recording", "params": {"recording": "on"}}
                )
            assert error.value.code == "bad_message" and "set_recording.recording" in error.value.message
            await asyncio.sleep(0.2)
            assert reached == []
            await console.close()
            await site.close()

    run_async(scenario())
    assert audit_rows(path, "commune:4")[0]["result"] == "rejected: bad_message"


def test_joins_and_leaves_go_to_the_presence_log_in_order(hub_db):
    path, tokens = hub_db
    began = datetime.now(UTC) - timedelta(seconds=2)

    def logged(site):
        directory = SiteDirectory(path)
        try:
            return [r["event"] for r in presence_log.between(directory, began) if r["site"] == site and not r["before"]]
        finally:
            directory.close()

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            for n in (1, 2):  # join, leave, join, leave
                site = client(runner, "site", tokens["site"])
                await site.join()
                await site.close()
                # A leave is noticed when the socket closes, and logged in the writer's next batch.
                await wait_until(lambda: logged("commune:4") == ["join", "leave"] * n, what=f"leave {n} logged")  # noqa: B023 (called within this pass of the loop)
            other = client(runner, "site", tokens["site2"])
            await other.join()
            await wait_until(lambda: "join" in logged("commune:7"), what="the other site's join logged")
            await other.close()

    run_async(scenario())
    directory = SiteDirectory(path)
    try:
        rows = presence_log.between(directory, began)
    finally:
        directory.close()
    events = [(r["site"], r["event"]) for r in rows if not r["before"]]
    assert events[0] == ("*", "hub_start")
    assert [e for e in events if e[0] == "commune:4"] == [("commune:4", e) for e in ("join", "leave", "join", "leave")]
    assert ("commune:7", "join") in events
