"""Alarms kept by the hub (New -> Acknowledged -> Closed), seen alike by every
console, acknowledged with the operator's name (audited), closed when the condition clears,
held down when they flap; a site of the meeting going offline raises one by itself."""

import asyncio

import pytest

from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.hub.alarms import AlarmBook
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async


@pytest.fixture
def alarm_db(national):
    national.create_group("meeting-hn", ["commune:4", "commune:7"], "test")
    tokens = {
        "oanh": credentials.issue_operator_token(national, "oanh", role="operator"),
        "vy": credentials.issue_operator_token(national, "vy", role="viewer"),
        "site": credentials.issue_site_token(national, "commune:4"),
    }
    path = national.path
    national.close()
    return path, tokens


def client(runner, role, token):
    return HubClient(WebSocketChannel(runner.url, role), role, token)


def test_an_alarm_raised_by_one_console_is_acknowledged_by_another_and_closes_when_it_clears(alarm_db):
    path, tokens = alarm_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            vy, oanh = client(runner, "console", tokens["vy"]), client(runner, "console", tokens["oanh"])
            await vy.join()
            await oanh.join()
            seen = asyncio.ensure_future(oanh.wait_for("alarm", lambda m: m["alarm"]["state"] == "new"))
            await vy.request(
                {
                    "type": "alarm_raise",
                    "rule": "video_stalled",
                    "site": "commune:4",
                    "detail": "no picture for 6 s on tile 2",
                }
            )
            alarm = (await seen)["alarm"]
            assert (alarm["rule"], alarm["site"], alarm["raised_by"]) == ("video_stalled", "commune:4", "vy")
            with pytest.raises(HubError, match="forbidden"):  # a viewer may not acknowledge
                await vy.request({"type": "alarm_ack", "alarm": alarm["id"]})
            acked = asyncio.ensure_future(vy.wait_for("alarm", lambda m: m["alarm"]["state"] == "acknowledged"))
            await oanh.request({"type": "alarm_ack", "alarm": alarm["id"]})
            assert (await acked)["alarm"]["acked_by"] == "oanh"  # seen by the other console
            with pytest.raises(HubError, match="already acknowledged by oanh"):
                await oanh.request({"type": "alarm_ack", "alarm": alarm["id"]})
            with pytest.raises(HubError) as unknown:
                await oanh.request({"type": "alarm_ack", "alarm": 999})
            assert unknown.value.code == "unknown_alarm"
            with pytest.raises(HubError, match="unknown alarm rule"):
                await vy.request({"type": "alarm_raise", "rule": "dragons", "site": "commune:4"})
            closed = asyncio.ensure_future(oanh.wait_for("alarm", lambda m: m["alarm"]["state"] == "closed"))
            await vy.request({"type": "alarm_clear", "rule": "video_stalled", "site": "commune:4"})
            assert (await closed)["counts"] == {"new": 0, "acknowledged": 0}
            with pytest.raises(HubError, match="is closed"):
                await oanh.request({"type": "alarm_ack", "alarm": alarm["id"]})
            history = await oanh.request({"type": "alarms", "history": True})
            assert [a["state"] for a in history["alarms"]] == ["closed"]
            await vy.close()
            await oanh.close()

    run_async(scenario())
    rows = [r for r in _audit(path) if r["action"] == "alarm_ack"]
    assert {(r["actor"], r["result"]) for r in rows} == {
        ("oanh", "ok"),
        ("vy", "rejected: forbidden"),
        ("oanh", "rejected: bad_message"),
        ("oanh", "rejected: unknown_alarm"),
    }


def test_a_site_of_the_meeting_going_offline_raises_an_alarm_that_closes_when_it_returns(alarm_db):
    path, tokens = alarm_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            oanh = client(runner, "console", tokens["oanh"])
            await oanh.join()
            started = await oanh.request({"type": "meeting", "group": "meeting-hn"})
            assert started["sites"] == 2
            with pytest.raises(HubError, match="no group"):
                await oanh.request({"type": "meeting", "group": "nope"})
            site = client(runner, "site", tokens["site"])
            await site.join()
            raised = asyncio.ensure_future(oanh.wait_for("alarm", lambda m: m["alarm"]["rule"] == "site_offline"))
            await site.close()
            alarm = (await raised)["alarm"]
            assert alarm["site"] == "commune:4" and alarm["raised_by"] == "hub" and alarm["state"] == "new"
            closed = asyncio.ensure_future(oanh.wait_for("alarm", lambda m: m["alarm"]["state"] == "closed"))
            site = client(runner, "site", tokens["site"])
            await site.join()
            assert (await closed)["alarm"]["id"] == alarm["id"]
            await site.close()  # offline again within the hold-down: the same alarm reopens
            again = await oanh.wait_for("alarm", lambda m: m["alarm"]["state"] == "new")
            assert again["alarm"]["id"] == alarm["id"] and again["alarm"]["count"] == 2
            await oanh.close()

    async def after_restart():
        async with HubRunner(path, port=0) as runner:
            oanh = client(runner, "console", tokens["oanh"])
            await oanh.join()
            listed = await oanh.request({"type": "alarms"})
            await oanh.close()
            return listed

    run_async(scenario())
    listed = run_async(after_restart())  # alarms and the meeting survive the hub
    assert listed["meeting"] == "meeting-hn" and [a["site"] for a in listed["alarms"]] == ["commune:4"]


def test_flapping_is_one_alarm_counted_not_many():
    book = AlarmBook()
    first, new = book.raised("loss_high", "commune:4", "vy", "", now_mono=0)
    assert new
    for t in range(1, 20):  # a link that goes bad and good again every few seconds
        book.cleared("loss_high", "commune:4", now_mono=t * 2)
        alarm, _ = book.raised("loss_high", "commune:4", "vy", "", now_mono=t * 2 + 1)
        assert alarm.id == first.id
    assert first.count == 20 and book.counts() == {"new": 1, "acknowledged": 0}
    book.cleared("loss_high", "commune:4", now_mono=100)
    later, new = book.raised("loss_high", "commune:4", "vy", "", now_mono=1000)  # long after: a new one
    assert new and later.id != first.id


def _audit(path):
    directory = SiteDirectory(path)
    try:
        return recent_audit(directory, 100)
    finally:
        directory.close()
