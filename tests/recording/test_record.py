"""`opsconsole record` against a real hub and a simulated, unmuted site over 127.0.0.1 (the
proof that recording works): ffprobe finds one VP8 and one Opus stream, as long as the recorder said, its frames; the
site was told (its state, the sim's log), the hub audited it, the recordings list has it. And a
site that leaves mid-recording leaves a closed, playable file."""

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime

import pytest

from console.cli.record import record
from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.processes import bound_to_us
from console.recording import SITE_LEFT, catalog
from console.recording.writer import wall_clock_start
from console.signaling import HubClient, WebSocketChannel
from console.sim.fleet import SiteFleet
from console.sim.site import SiteSettings
from tests.aio import run_async
from tests.media.support import sites, wait_until
from tests.recording.probe import decode_errors, ffprobe, streams


@pytest.fixture
def record_db(national):
    tokens = {"local": credentials.local_token(national), "operator": credentials.issue_operator_token(national, "anh")}
    path = national.path
    national.close()
    return path, tokens


async def watching_console(runner, token):
    """A console that notes every recording state the site reports."""
    console = HubClient(WebSocketChannel(runner.url, "console"), "console", token)
    await console.join()
    seen = []
    console.on("site_state", lambda m: seen.append(m["state"]["recording"]) if "recording" in m["state"] else None)
    return console, seen


def test_record_five_seconds_of_an_unmuted_simulated_site(record_db, tmp_path, caplog):
    path, tokens = record_db
    site = sites(path, 1)[0]
    out = tmp_path / "spot.webm"
    began = datetime.now(UTC)
    caplog.set_level(logging.WARNING, "console.sim.site")

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            fleet = SiteFleet(runner.url, tokens["local"], [site], settings=SiteSettings(muted=False))
            await fleet.start()
            console, seen = await watching_console(runner, tokens["operator"])
            command = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "console.cli",
                "--db",
                str(path),
                "record",
                site.key,
                "--seconds",
                "5",
                "--out",
                str(out),
                "--hub",
                runner.url,
                "--json",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                **bound_to_us(),
            )
            await wait_until(lambda: seen == [True], timeout=30)  # the site shows it is recorded
            command.stdin.write("Chủ tịch xã báo cáo\n".encode())  # a bookmark, typed while recording
            await command.stdin.drain()
            stdout, stderr = await command.communicate()
            await wait_until(lambda: seen == [True, False])
            await console.close()
            await fleet.stop()
            return command.returncode, stdout.decode(), stderr.decode()

    code, stdout, stderr = run_async(scenario(), timeout=120)
    assert code == 0, stderr
    result = json.loads(stdout)
    assert result["ok"] and result["told_site"] and not result["error"], result

    info = ffprobe(out)
    by_codec = streams(info)
    assert set(by_codec) == {"vp8", "opus"}, "one VP8 video and one Opus audio stream, nothing else"
    duration = float(info["format"]["duration"])
    # How much of the 5 s arrives depends on the load; the file is as long as the recorder said,
    # give or take its last frame's own length (1/15 s).
    assert duration > 0 and duration == pytest.approx(result["seconds"], abs=0.1)
    frames = int(by_codec["vp8"]["nb_read_frames"])
    assert frames == result["video_frames"]  # every frame the recorder wrote is there
    assert 0 < frames <= 15 * duration + 2  # the site sends 15 fps at most (a late one skips, never bursts)
    packets = int(by_codec["opus"]["nb_read_frames"])
    assert packets == result["audio_packets"] and 0 < packets <= 50 * duration + 2
    assert decode_errors(out) == ""
    started = wall_clock_start(info["format"]["tags"])
    assert began <= started <= datetime.now(UTC)
    assert info["format"]["tags"]["OPSCONSOLE_SITE"] == site.key
    assert [c["tags"]["title"] for c in info["chapters"]] == ["Chủ tịch xã báo cáo"]

    # The simulated commune said it on its screen (its log), and the hub audited it.
    said = [r.getMessage() for r in caplog.records if r.name == "console.sim.site"]
    assert f"{site.key}: Đang ghi hình / Recording (by local)" in said and f"{site.key}: recording ended" in said
    directory = SiteDirectory(path)
    try:
        rows = [r for r in recent_audit(directory, 20, site.key) if r["action"] == "set_recording"]
        listed = catalog.list_recordings(directory)
    finally:
        directory.close()
    assert [(r["actor"], r["params"]["recording"], r["result"]) for r in reversed(rows)] == [
        ("local", True, "ok"),
        ("local", False, "ok"),
    ]
    assert listed[0]["path"] == str(out) and listed[0]["status"] == "done"
    assert listed[0]["video_frames"] == frames and listed[0]["bookmarks"][0]["note"] == "Chủ tịch xã báo cáo"


def test_a_site_that_leaves_mid_recording_leaves_a_closed_playable_file(record_db, tmp_path):
    path, tokens = record_db
    site = sites(path, 1)[0]
    out = tmp_path / "left.webm"

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            fleet = SiteFleet(runner.url, tokens["local"], [site], settings=SiteSettings(muted=False))
            await fleet.start()
            console, seen = await watching_console(runner, tokens["operator"])
            recording = asyncio.ensure_future(
                record(runner.url, tokens["operator"], site.key, site.name, out, 30, 320, 180, path)
            )
            await wait_until(lambda: seen == [True], timeout=30)
            await wait_until(lambda: out.exists() and out.stat().st_size > 20_000, timeout=30)
            await fleet.stop()  # the commune goes away
            result = await asyncio.wait_for(recording, 30)
            await console.close()
            return result

    result = run_async(scenario(), timeout=120)
    assert not result["ok"] and result["error"] == SITE_LEFT and result["video_frames"] > 0
    by_codec = streams(ffprobe(out))
    assert set(by_codec) == {"vp8", "opus"}
    assert int(by_codec["vp8"]["nb_read_frames"]) == result["video_frames"]
    assert decode_errors(out) == ""
    directory = SiteDirectory(path)
    try:
        row = catalog.list_recordings(directory)[0]
    finally:
        directory.close()
    assert row["status"] == "partial" and row["error"] == SITE_LEFT and row["operator"] == "anh"
