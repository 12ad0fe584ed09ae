"""Bad HTTP requests and bad WebSocket handshakes and frames: answered, one line each, no traceback.

A real hub on 127.0.0.1; every request is written raw on its own connection, as an attacker
would, and the log of every logger is read afterwards.
"""

import asyncio
import logging

import pytest

from console.bench.fuzz_http import REFUSED_BY_THE_PARSER, every_bad_request, send_all
from console.hub import HubRunner
from tests.aio import run_async


async def _battery(path, cases: dict[str, bytes], reset: bool = False) -> dict[str, bytes]:
    async with HubRunner(path, port=0) as runner:
        # Several at once, each on its own connection (the thread pool's size): the cases the hub
        # waits on for more cost 3 s each, which one after another made this the slowest test.
        replies = await send_all(runner.port, cases, reset, at_once=6)
        await asyncio.sleep(0.3)  # what the hub logs after its answer
        return replies


def _problems(records: list[logging.LogRecord]) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in records
        if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()
    ]


def test_each_request_the_parser_refuses_is_answered_400_and_logged_once_without_traceback(hub_db, caplog):
    with caplog.at_level(logging.DEBUG):
        replies = run_async(_battery(hub_db[0], REFUSED_BY_THE_PARSER))
    assert not _problems(caplog.records), _problems(caplog.records)[:3]
    for name, reply in replies.items():  # (a reply can be lost: closing with a request unread resets)
        assert not reply or b" 400 " in reply.split(b"\r\n")[0], (name, reply[:80])
    assert any(replies.values())
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith(("aiohttp", "console.hub.http")) and r.levelno >= logging.INFO
    ]
    assert len(lines) == len(REFUSED_BY_THE_PARSER), lines
    assert all("from 127.0.0.1" in line and "\n" not in line for line in lines), lines


@pytest.mark.parametrize("reset", [False, True], ids=["closed", "reset"])
def test_no_bad_request_or_handshake_leaves_a_traceback(hub_db, caplog, reset):
    with caplog.at_level(logging.DEBUG):
        run_async(_battery(hub_db[0], every_bad_request(), reset=reset), timeout=120)
    assert not _problems(caplog.records), _problems(caplog.records)[:3]
