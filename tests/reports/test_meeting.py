"""Meeting minutes from what a real hub recorded (presence log, audit), over 127.0.0.1."""

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from console.cli import main
from console.directory import SiteDirectory, credentials
from console.hub import HubRunner
from console.reports import meeting_minutes, to_csv, to_html
from tests.aio import run_async
from tests.hub.test_hub import client

SITES = ("commune:4", "commune:7", "commune:13")


@pytest.fixture
def meeting_db(national):
    tokens = {key: credentials.issue_site_token(national, key) for key in SITES}
    tokens["anh"] = credentials.issue_operator_token(national, "anh")
    tokens["binh"] = credentials.issue_operator_token(national, "binh")
    national.create_group("hanoi-two", ["commune:4", "commune:7"], "test")
    path = national.path
    national.close()
    return path, tokens


async def obeying_site(runner, token):
    """A site that does what it is told and says its microphone's state, as sites do (a talk's
    end gives back the microphone the hub names)."""
    site = client(runner, "site", token, state={"muted": True})
    state = {"muted": True, "talking": False}

    async def obey(message):
        action, params = message["action"], message.get("params") or {}
        if action in ("mute_audio", "unmute_audio"):
            state["muted"] = action == "mute_audio"
        elif action in ("start_talk", "end_talk"):
            state["talking"] = action == "start_talk"
            state["muted"] = params.get("muted") is not False if action == "end_talk" else False
        await site.send({"type": "control_result", "request": message["request"], "ok": True, "state": dict(state)})

    site.on("control", obey)
    await site.join()
    return site, []


def hold_meeting(path, tokens):
    """Three communes join; anh mutes one, grants another's hand, talks with it, records it;
    binh mutes the third; one commune leaves early; the meeting ends."""

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            sites = {key: (await obeying_site(runner, tokens[key]))[0] for key in SITES}
            anh = client(runner, "console", tokens["anh"])
            binh = client(runner, "console", tokens["binh"])
            await anh.join()
            await binh.join()

            async def control(console, key, action, params=None):
                await console.request({"type": "control", "site": key, "action": action, "params": params or {}})

            await control(anh, "commune:4", "mute_audio")
            await control(anh, "commune:7", "unmute_audio")  # a raised hand granted: unmute, lower the hand
            await control(anh, "commune:7", "lower_hand")
            await control(anh, "commune:7", "start_talk")
            await control(anh, "commune:7", "set_recording", {"recording": True})
            await control(anh, "commune:7", "set_recording", {"recording": False})
            await control(anh, "commune:7", "end_talk")
            await control(binh, "commune:13", "mute_audio")
            await sites["commune:13"].close()  # leaves before the end
            await asyncio.sleep(0.5)  # the status writer's batch
            for key in ("commune:4", "commune:7"):
                await sites[key].close()
            await anh.close()
            await binh.close()
            await asyncio.sleep(0.3)

    began = datetime.now(UTC) - timedelta(seconds=1)
    run_async(scenario())
    return began


def test_the_minutes_say_who_was_there_who_spoke_and_who_muted_whom(meeting_db):
    path, tokens = meeting_db
    began = hold_meeting(path, tokens)
    directory = SiteDirectory(path)
    try:
        minutes = meeting_minutes(directory, began)
        grouped = meeting_minutes(directory, began, group="hanoi-two")
    finally:
        directory.close()
    assert minutes.present_sites() == sorted(SITES, key=lambda k: minutes.names[k][0])
    spans = {p.site: p for p in minutes.presence}
    assert all(p.joined is not None and p.left is not None and p.joined <= p.left for p in spans.values())
    assert spans["commune:13"].left < spans["commune:4"].left
    assert [(a.site, a.by) for a in minutes.of("granted_hand")] == [("commune:7", "anh")]
    talk = minutes.of("talk")[0]
    assert (talk.site, talk.by) == ("commune:7", "anh") and talk.until >= talk.at
    assert sorted((a.site, a.by) for a in minutes.of("muted")) == [("commune:13", "binh"), ("commune:4", "anh")]
    assert [(a.site, a.by, a.until is not None) for a in minutes.of("recorded")] == [("commune:7", "anh", True)]
    assert minutes.alarms == []  # the hub's alarms table, nothing raised here
    assert minutes.names["commune:4"][0] == "Phường Trúc Bạch"
    # The group's minutes leave commune 13 out altogether.
    assert "commune:13" not in grouped.present_sites() and grouped.of("muted")[0].by == "anh"
    page = to_html(minutes)
    assert "Phường Trúc Bạch" in page and "Hand granted" in page and "binh" in page and "Alarms" in page
    rows = list(csv.DictReader(io.StringIO(to_csv(minutes))))
    assert {r["section"] for r in rows} == {"presence", "talk", "granted_hand", "muted", "recorded"}
    assert [r["by"] for r in rows if r["section"] == "muted" and r["site"] == "commune:13"] == ["binh"]


def test_a_site_present_before_the_window_counts_and_a_hub_restart_ends_everyones_presence(meeting_db):
    path, tokens = meeting_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["commune:4"])
            await site.join()
            await asyncio.sleep(1.2)  # the meeting starts while it is online (the log has seconds)
            started = datetime.now(UTC)
            await asyncio.sleep(0.5)
            return started

    started = run_async(scenario())  # the hub stops with the site still on it
    run_async(_start_and_stop_hub(path))
    directory = SiteDirectory(path)
    try:
        minutes = meeting_minutes(directory, started)
    finally:
        directory.close()
    (span,) = minutes.presence
    assert span.site == "commune:4" and span.joined is None and span.left is not None


async def _start_and_stop_hub(path):
    async with HubRunner(path, port=0):
        await asyncio.sleep(0.4)


def test_the_alarms_open_during_the_meeting_are_in_it(meeting_db):
    path, tokens = meeting_db
    began = hold_meeting(path, tokens)
    now = datetime.now(UTC)
    at = lambda moment: moment.isoformat(timespec="milliseconds")  # noqa: E731 (as console/hub/alarms.py writes)
    directory = SiteDirectory(path)
    try:
        rows = [
            ("site_offline", "commune:7", "closed", at(now - timedelta(seconds=1)), "anh", at(now)),
            ("site_offline", "commune:4", "new", at(now - timedelta(hours=3)), None, None),
            ("no_video", "commune:7", "closed", at(now - timedelta(hours=3)), "binh", at(now - timedelta(hours=2))),
            ("site_offline", "commune:13", "new", at(now - timedelta(seconds=1)), None, None),
        ]
        for rule, site, state, raised, acked, closed in rows:
            directory.db.execute(
                "INSERT INTO alarms (rule, site, state, raised_at, last_at, count, raised_by, "
                "detail, acked_by, closed_at) VALUES (?, ?, ?, ?, ?, 1, 'hub', 'test', ?, ?)",
                [rule, site, state, raised, raised, acked, closed],
            )
        directory.db.conn.commit()
        minutes = meeting_minutes(directory, began)
        grouped = meeting_minutes(directory, began, group="hanoi-two")
    finally:
        directory.close()
    # Raised during it, or still open from before; not one closed two hours ago.
    assert [(a["rule"], a["site"]) for a in minutes.alarms] == [
        ("site_offline", "commune:4"),
        ("site_offline", "commune:7"),
        ("site_offline", "commune:13"),
    ]
    assert [a["site"] for a in grouped.alarms] == ["commune:4", "commune:7"]
    page = to_html(minutes)
    assert "site_offline" in page and "Phường Trúc Bạch" in page and "no_video" not in page
    rows = [r for r in csv.DictReader(io.StringIO(to_csv(minutes))) if r["section"] == "alarm"]
    assert [r["by"] for r in rows] == ["", "anh", ""]


def test_a_file_without_an_alarms_table_says_so(meeting_db):
    path, tokens = meeting_db
    began = hold_meeting(path, tokens)
    directory = SiteDirectory(path)
    try:
        directory.db.execute("DROP TABLE alarms")
        minutes = meeting_minutes(directory, began)
    finally:
        directory.close()
    assert minutes.alarms is None and "no alarm record in this database" in to_html(minutes)


def test_the_command_writes_html_and_csv_and_refuses_what_it_cannot(meeting_db, tmp_path, capsys):
    path, tokens = meeting_db
    hold_meeting(path, tokens)
    html_out, csv_out = tmp_path / "minutes.html", tmp_path / "minutes.csv"
    assert main(["--db", str(path), "report", "meeting", "--since", "10m", "--out", str(html_out)]) == 0
    assert "3 sites present, 1 talks, 1 hands granted, 2 mutes, 1 recordings" in capsys.readouterr().out
    assert html_out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert (
        main(["--db", str(path), "report", "meeting", "--since", "10m", "--group", "hanoi-two", "--out", str(csv_out)])
        == 0
    )
    assert "commune:13" not in csv_out.read_text(encoding="utf-8")
    assert main(["--db", str(path), "report", "meeting", "--since", "yesterday", "--out", str(html_out)]) == 2
    assert "neither a span" in capsys.readouterr().err
    assert main(["--db", str(path), "report", "meeting", "--since", "1h", "--out", str(tmp_path / "m.pdf")]) == 2
    assert (
        main(["--db", str(path), "report", "meeting", "--since", "1h", "--group", "nope", "--out", str(html_out)]) == 1
    )
    assert "no group named 'nope'" in capsys.readouterr().err
