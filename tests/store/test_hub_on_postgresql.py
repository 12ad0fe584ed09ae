"""`opsconsole hub --store postgresql://…`: a real hub keeps what it must remember in PostgreSQL."""

import asyncio
import os
import re
import signal
import subprocess
import sys

import pytest

from console.cli import main
from console.directory import SiteDirectory, presence_log
from console.directory.audit import find_audit
from console.processes import bound_to_us
from console.signaling import HubClient, WebSocketChannel
from tests.aio import run_async, wait_until
from tests.ports import free_port


async def _start_hub(url: str):
    hub = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "console.cli",
        "hub",
        "--store",
        url,
        "--port",
        "0",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        **bound_to_us(os.environ.copy()),
    )
    while True:
        line = (await asyncio.wait_for(hub.stdout.readline(), 60)).decode()
        assert line, "the hub ended before it listened"
        if match := re.search(r"hub listening on (http://127\.0\.0\.1:\d+)", line):
            return hub, match.group(1)


def test_a_hub_on_postgresql_lets_a_site_and_a_console_join_and_audits_a_mute_there(hub_store):
    url, tokens = hub_store

    async def scenario():
        hub, address = await _start_hub(url)
        try:
            site = HubClient(WebSocketChannel(address, "site"), "site", tokens["site"])
            await site.join()

            async def obey(message):
                await site.send(
                    {
                        "type": "control_result",
                        "request": message["request"],
                        "ok": True,
                        "state": {"muted": message["action"] == "mute_audio"},
                    }
                )

            site.on("control", obey)
            console = HubClient(WebSocketChannel(address, "console"), "console", tokens["operator"])
            welcome = await console.join()
            assert welcome["type"] == "welcome"
            reply = await console.request({"type": "control", "site": "commune:4", "action": "mute_audio"})
            assert reply["ok"] and reply["state"] == {"muted": True}

            def joined_on_record():
                directory = SiteDirectory(url)
                try:
                    return presence_log.ever_joined(directory, "commune:4")
                finally:
                    directory.close()

            await wait_until(joined_on_record, what="commune:4's join in PostgreSQL's presence log")
            await console.close()
            await site.close()
        finally:
            hub.send_signal(signal.SIGTERM)
            await asyncio.wait_for(hub.wait(), 60)
        assert hub.returncode == 0

    run_async(scenario(), timeout=180)

    directory = SiteDirectory(url)
    try:
        rows = find_audit(directory, target="commune:4")
        assert [(r["actor"], r["action"], r["result"]) for r in rows][-1] == ("anh", "mute_audio", "ok")
        assert [r["action"] for r in find_audit(directory, target="hub")][-2:] == ["hub_start", "hub_stop"]
        assert directory.get("commune:4").status == "offline"  # the stopped hub marked it so
    finally:
        directory.close()


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


def test_a_wrong_store_url_is_one_clear_line(capsys):
    assert main(["hub", "--store", "mysql://db.example/opsconsole", "--port", "0"]) == 2
    assert "unknown store" in _one_error_line(capsys)
    assert main(["hub", "--store", "postgresql:db.example", "--port", "0"]) == 2
    assert "not a PostgreSQL URL" in _one_error_line(capsys)


def test_an_unreachable_postgresql_is_one_clear_line(capsys):
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install 'psycopg[binary]')")
    port = free_port()  # nothing listens there
    assert main(["hub", "--store", f"postgresql://opsconsole:x@127.0.0.1:{port}/opsconsole", "--port", "0"]) == 1
    line = _one_error_line(capsys)
    assert f"cannot reach PostgreSQL at postgresql://opsconsole:***@127.0.0.1:{port}/opsconsole" in line


def test_a_wrong_password_is_one_clear_line(postgresql, capsys):
    url = postgresql.url(postgresql.create_database(), password="not-the-password")
    assert main(["hub", "--store", url, "--port", "0"]) == 1
    line = _one_error_line(capsys)
    assert "password authentication failed" in line and "not-the-password" not in line
    assert main(["store", "copy", "--from", "sqlite:/nonexistent/x.sqlite3", "--to", url]) == 1
    assert "no store at" in _one_error_line(capsys)
