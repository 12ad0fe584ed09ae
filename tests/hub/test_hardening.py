"""The hub takes anything and lets no one stay who should not.

Each test names the item of the issue it proves. Real hub, real WebSockets on 127.0.0.1,
the real national directory.
"""

import asyncio
import json
import logging
import subprocess
import sys

import aiohttp
import pytest

from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.signaling import HubClient, HubError, WebSocketChannel, protocol, strict_json
from tests.aio import run_async

SURROGATE_STATE = '{"type": "state", "state": {"label": "\\ud800", "muted": true}}'


def client(runner, role, token, **kw):
    return HubClient(WebSocketChannel(runner.url, role), role, token, **kw)


class Raw:
    """A raw WebSocket that may send anything, and keeps every frame it receives."""

    def __init__(self, runner, role):
        self.url = f"{runner.url.replace('http', 'ws')}/ws/{role}"
        self.received: list[dict] = []

    async def open(self, hello: dict | None = None):
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(self.url, max_msg_size=0)
        if hello is not None:
            await self.ws.send_str(json.dumps(hello))
            welcome = await self.next()
            assert welcome["type"] == "welcome", welcome
        return self

    async def next(self, timeout=5):
        msg = await self.ws.receive(timeout=timeout)
        assert msg.type == aiohttp.WSMsgType.TEXT, (msg.type, msg.data, self.ws.close_code)
        message = strict_json.loads(msg.data)  # whatever the hub sends is strict JSON
        self.received.append(message)
        return message

    async def error(self, timeout=5):
        while (message := await self.next(timeout))["type"] != "error":
            pass
        return message

    async def closed(self, timeout=5):
        """The close code the hub sent, once it has closed us (the code in its close frame:
        aiohttp's own close_code turns to 1006 when our late reply finds the socket gone)."""
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type == aiohttp.WSMsgType.CLOSE:
                return msg.data, msg.extra
            if msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return self.ws.close_code, msg.extra
            if msg.type == aiohttp.WSMsgType.TEXT:
                self.received.append(json.loads(msg.data))

    async def close(self):
        await self.ws.close()
        await self.session.close()


def audit(path, target=None):
    directory = SiteDirectory(path)
    try:
        return recent_audit(directory, 100, target)
    finally:
        directory.close()


async def obeying_site(runner, token):
    site = client(runner, "site", token, state={"muted": True})

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
    await site.join()
    return site


async def console_still_hears(console, site, key="commune:4"):
    """A state change of a good site reaches the console, and its controls round-trip."""
    want = not (await console.request({"type": "roll_call", "keys": [key]}))["sites"][0]["state"].get("muted")
    seen = asyncio.ensure_future(
        console.wait_for("site_state", lambda m: m["site"] == key and m["state"].get("muted") == want, timeout=5)
    )
    await site.send({"type": "state", "state": {"muted": want}})
    await seen
    reply = await console.request({"type": "control", "site": key, "action": "request_keyframe"})
    assert reply["ok"]


# --- one string makes consoles deaf ---------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        SURROGATE_STATE,
        '{"type": "state", "state": {"muted_by": "\\ud800"}}',
        '{"type": "stats", "stats": {"x": "\\udfff"}}',
        '{"type": "hangup", "session": "s", "reason": "\\ud800"}',
        '{"type": "ice", "session": "s", "candidate": {"candidate": "\\ud800"}}',
        '{"type": "answer", "session": "s", "sdp": "v=0\\r\\na=\\ud800"}',
        '{"type": "heartbeat", "id": "\\ud800"}',
        '{"type": "control_result", "request": "r", "ok": false, "error": "\\ud800"}',
        '{"type": "control_result", "request": "r", "ok": true, "state": {"\\ud800": 1}}',
    ],
)
def test_a_lone_surrogate_from_a_site_is_refused_and_no_console_goes_deaf(hub_db, frame):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = client(runner, "console", tokens["operator"])
            await console.join()
            good = await obeying_site(runner, tokens["site"])
            evil = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site2"]})
            await evil.ws.send_str(frame)
            error = await evil.error()
            assert error["code"] == "bad_message" and "surrogate" in error["message"], error
            await console_still_hears(console, good)
            roll = await console.request({"type": "roll_call", "online_only": True})
            assert roll["online"] == 2  # the evil site is still joined: garbage costs it only an error
            await evil.close()
            await good.close()
            await console.close()

    run_async(scenario())


def test_a_surrogate_in_hello_state_is_refused_before_joining(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = client(runner, "console", tokens["operator"])
            await console.join()
            evil = await Raw(runner, "site").open()
            await evil.ws.send_str(
                '{"type": "hello", "role": "site", "token": "%s", "state": {"client": "\\ud800"}}' % tokens["site2"]
            )
            assert (await evil.error())["message"].startswith("$.state.client: a lone UTF-16 surrogate")
            assert (await evil.closed())[0] == 4002
            await evil.close()
            good = await obeying_site(runner, tokens["site"])
            await console_still_hears(console, good)
            await good.close()
            await console.close()

    run_async(scenario())


def test_a_console_offer_with_a_surrogate_never_reaches_the_site(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            good = await obeying_site(runner, tokens["site"])
            offers = []
            good.on("offer", offers.append)
            evil = await Raw(runner, "console").open({"type": "hello", "role": "console", "token": tokens["operator"]})
            await evil.ws.send_str('{"type": "offer", "site": "commune:4", "session": "s", "sdp": "v=0\\ud800"}')
            assert (await evil.error())["code"] == "bad_message"
            await evil.ws.send_str(
                '{"type": "control", "site": "commune:4", "action": "set_video", "params": {"\\ud800": 1}}'
            )
            assert (await evil.error())["code"] == "bad_message"
            console = client(runner, "console", tokens["operator"])
            await console.join()
            await console_still_hears(console, good)
            assert offers == [] and not good.closed.is_set()
            await evil.close()
            await console.close()
            await good.close()

    run_async(scenario())


def test_a_writer_that_fails_closes_its_own_peer_with_a_reason_and_no_other(hub_db, caplog):
    """Should sending to one console fail for any reason, that console is closed (1011), the
    failure is logged once, and every other console keeps receiving."""
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            victim = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            other = client(runner, "console", tokens["operator"])
            await other.join()
            peer = next(
                p
                for p in runner.hub.consoles.values()
                if p.identity == "anh" and p is not None and p.session != other.welcome["session"]
            )

            async def broken(*args, **kwargs):
                raise ValueError("injected fault")

            peer.ws.send_frame = broken
            site = await obeying_site(runner, tokens["site"])  # presence goes to both consoles
            code, reason = await victim.closed()
            assert code == 1011 and "hub error" in reason
            await console_still_hears(other, site)
            await site.close()
            await other.close()
            await victim.close()

    with caplog.at_level(logging.INFO, logger="console.hub"):
        run_async(scenario())
    lines = [r for r in caplog.records if "injected fault" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR


def test_the_hub_refuses_to_queue_what_it_could_not_send():
    """The encoder is strict too: no surrogate or NaN ever reaches a writer."""
    with pytest.raises(ValueError):
        strict_json.dumps({"label": "\ud800"})
    with pytest.raises(ValueError):
        strict_json.dumps({"fps": float("nan")})


# --- inputs that raised instead of being refused -----------------------------------------------


@pytest.mark.parametrize(
    "frame, where",
    [
        ('{"type": "roll_call", "id": %s}' % ("9" * 4301), "digits"),
        ('{"type": "stats", "stats": {"n": %s}}' % ("1" * 5000), "digits"),
        ("[" * 2000 + "]" * 2000, "nested"),
        ('{"type": "stats", "stats": ' + '{"a":' * 40 + "1" + "}" * 40 + "}", "nested"),
    ],
)
def test_huge_integers_and_deep_nesting_are_bad_messages(hub_db, frame, where):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            for role, token in (("site", tokens["site"]), ("console", tokens["operator"])):
                peer = await Raw(runner, role).open({"type": "hello", "role": role, "token": token})
                await peer.ws.send_str(frame)
                error = await peer.error()
                assert error["code"] == "bad_message" and where in error["message"], error
                await peer.close()
                first = await Raw(runner, role).open()  # the same before hello: refused, not dropped
                await first.ws.send_str(frame)
                assert (await first.error())["code"] == "bad_message"
                assert (await first.closed())[0] == 4002
                await first.close()

    run_async(scenario())


@pytest.mark.parametrize("token", ["lt_é", "st_\ud800", "ot_\ud800", "lt_\ud800", "ot_" + "é" * 60, 17])
@pytest.mark.parametrize("role", ["site", "console"])
def test_odd_tokens_are_refused_with_4003_or_4002(hub_db, role, token):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            peer = await Raw(runner, role).open()
            await peer.ws.send_str(json.dumps({"type": "hello", "role": role, "token": token, "site": "commune:4"}))
            error = await peer.error()
            code, _ = await peer.closed()
            if isinstance(token, str) and "\ud800" not in token:
                assert (error["code"], code) == ("unauthorized", 4003)
            else:
                assert (error["code"], code) == ("bad_message", 4002)
            await peer.close()

    run_async(scenario())


def test_a_control_whose_site_is_a_lone_surrogate_is_refused_and_audited(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            evil = await Raw(runner, "console").open({"type": "hello", "role": "console", "token": tokens["operator"]})
            await evil.ws.send_str('{"type": "control", "site": "\\ud800", "action": "mute_audio"}')
            assert (await evil.error())["code"] == "bad_message"
            await evil.ws.send_str(
                json.dumps({"type": "control", "site": "commune:" + "9" * 60000, "action": "mute_audio"})
            )
            assert (await evil.error())["code"] == "bad_message"  # the documented limits: 60 KB targets too
            await evil.close()

    run_async(scenario())
    rows = [r for r in audit(path) if r["actor"] == "anh" and r["result"] == "rejected: bad_message"]
    targets = {r["target"] for r in rows}
    assert len(rows) == 2 and "\\ud800" in targets, targets
    long = (targets - {"\\ud800"}).pop()
    assert long.endswith("…") and len(long) <= protocol.KEY_CHARS + 1  # bounded, marked as cut


# --- revocation takes effect at once ---------------------------------------------------------


def _cli(path, *args):
    return subprocess.run(
        [sys.executable, "-m", "console.cli", "--store", str(path), *args], capture_output=True, text=True, timeout=60
    )


def test_revoking_a_site_token_at_the_terminal_ends_its_connection(hub_db):
    """The hub polls the database twice a second; how long it takes is measured by
    `bench presence` (revoke_to_offline_ms), not asserted here."""
    path, tokens = hub_db

    async def scenario():
        # The raw site sends no heartbeats: the hub must not end it as silent (after 15 s)
        # while `opsconsole sites revoke-token` starts up, which takes that long on a loaded machine.
        async with HubRunner(path, port=0, dead_after_s=300) as runner:
            console = client(runner, "console", tokens["operator"])
            await console.join()
            site = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site"]})
            offline = asyncio.ensure_future(console.wait_for("presence", lambda m: not m["online"], timeout=10))
            result = await asyncio.get_running_loop().run_in_executor(
                None, lambda: _cli(path, "sites", "revoke-token", "commune:4")
            )
            assert result.returncode == 0, result.stderr
            code, reason = await site.closed(timeout=10)
            assert code == 4003 and "revoked" in reason
            assert any(m.get("code") == "unauthorized" and "revoked" in m["message"] for m in site.received)
            assert (await offline)["site"] == "commune:4"
            with pytest.raises(HubError, match="site_offline"):
                await console.request({"type": "control", "site": "commune:4", "action": "mute_audio"})
            await site.close()
            await console.close()

    run_async(scenario())


def test_a_reissued_site_token_ends_the_old_connection(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            old = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site"]})
            directory = SiteDirectory(path)  # as another program would
            new_token = credentials.issue_site_token(directory, "commune:4")
            directory.close()
            assert (await old.closed())[0] == 4003
            new = client(runner, "site", new_token)
            assert (await new.join())["site"]["key"] == "commune:4"
            await new.close()
            await old.close()

    run_async(scenario())


def test_a_revoked_console_is_closed_and_its_next_control_refused_not_audited_ok(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await obeying_site(runner, tokens["site"])
            console = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            directory = SiteDirectory(path)
            credentials.revoke_operator_token(directory, "anh")
            directory.close()
            # At once, before the hub's poll comes round: the control is refused, not obeyed.
            await console.ws.send_str('{"type": "control", "site": "commune:4", "action": "mute_audio", "id": 1}')
            code, reason = await console.closed()
            assert code == 4003 and "revoked" in reason
            assert not any(m.get("type") == "control_result" for m in console.received), console.received
            await console.close()
            await site.close()

    run_async(scenario())
    assert not [r for r in audit(path, "commune:4") if r["action"] == "mute_audio" and r["result"] == "ok"]


# --- bounded site state -----------------------------------------------------------------------


def test_a_site_state_stays_bounded_and_consoles_get_only_what_changed(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            site = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site"]})
            await console.next()  # presence
            sent = 0
            for i in range(20):
                frame = json.dumps({"type": "state", "state": {f"junk{i}": "x" * 52000, "talking": i % 2 == 0}})
                sent += len(frame)
                await site.ws.send_str(frame)
            received = 0
            for _ in range(20):
                msg = await console.ws.receive(timeout=5)
                received += len(msg.data)
                change = json.loads(msg.data)
                assert change["type"] == "site_state" and set(change["state"]) == {"talking"}, change
            peer = runner.hub.sites["commune:4"]
            assert len(strict_json.dumps(peer.state)) <= protocol.SITE_STATE_BYTES
            await console.ws.send_str('{"type": "roll_call", "keys": ["commune:4"], "id": 1}')
            roll = await console.next()
            assert len(json.dumps(roll)) < 600 and "junk0" not in json.dumps(roll)
            await console.close()
            await site.close()
            return sent, received

    sent, received = run_async(scenario())
    assert received < sent / 100  # each console got a few bytes per change, not 10.8x the input


def test_the_largest_state_a_site_can_hold_is_within_the_documented_bound():
    widest = {
        name: ("é" * field.max_len if field.max_len else True if field.types is bool else {})
        for name, field in protocol.SITE_STATE.items()
    }
    widest["video"] = {"width": 8192, "height": 8192, "fps": 239.123456789, "paused": True}
    clean = protocol.decode(json.dumps({"type": "state", "state": widest}))["state"]
    assert len(strict_json.dumps(clean)) <= protocol.SITE_STATE_BYTES


def test_a_known_state_field_of_the_wrong_type_is_named(hub_db):
    with pytest.raises(protocol.ProtocolError, match=r"state\.state\.video\.fps: expected 0\.\.240"):
        protocol.decode('{"type": "state", "state": {"video": {"fps": 1000}}}')
    with pytest.raises(protocol.ProtocolError, match=r"state\.state\.muted: expected boolean, got string"):
        protocol.decode('{"type": "state", "state": {"muted": "yes"}}')


# --- non-standard JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "-1e999", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused_and_never_relayed(hub_db, number):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            site = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site"]})
            await site.ws.send_str('{"type": "state", "state": {"video": {"fps": %s}}}' % number)
            error = await site.error()
            assert error["code"] == "bad_message" and "$.state.video.fps" in error["message"], error
            await site.ws.send_str('{"type": "state", "state": {"muted": false}}')
            while (message := await console.next())["type"] != "site_state":
                pass
            assert message["state"] == {"muted": False}  # the first state never got through
            await console.close()
            await site.close()

    run_async(scenario())


# --- quiet logs ---------------------------------------------------------------------------------


def test_strangers_who_close_early_or_send_junk_leave_no_traceback_and_few_lines(hub_db, caplog):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            url = f"{runner.url.replace('http', 'ws')}/ws/site"
            async with aiohttp.ClientSession() as session:
                for i in range(60):
                    ws = await session.ws_connect(url, max_msg_size=0)
                    if i % 3 == 0:
                        await ws.close()  # gone before hello
                    elif i % 3 == 1:
                        await ws.send_str("x" * (protocol.MAX_MESSAGE_BYTES * 20))  # oversize before hello
                        await ws.receive()
                        await ws.close()
                    else:
                        await ws._writer.send_frame(b"\xff\xfe not utf-8", aiohttp.WSMsgType.TEXT)
                        await ws.receive()
                        await ws.close()
                await asyncio.sleep(0.3)

    with caplog.at_level(logging.DEBUG):
        run_async(scenario())
    hub_lines = [r for r in caplog.records if r.name.startswith(("console.hub", "aiohttp"))]
    assert not [r for r in hub_lines if r.exc_info or r.levelno >= logging.WARNING], [
        r.getMessage() for r in hub_lines if r.exc_info or r.levelno >= logging.WARNING
    ][:3]
    strangers = [r for r in hub_lines if "127.0.0.1" in r.getMessage() and "listening" not in r.getMessage()]
    assert len(strangers) <= 11, [r.getMessage() for r in strangers]
    assert "quiet until" in strangers[-1].getMessage()


# --- the doc and the code agree -----------------------------------------------------------------


def test_a_frame_of_exactly_1_mib_is_too_large_but_not_closed_and_one_byte_more_is(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            await console.ws.send_str("x" * (1024 * 1024))
            assert (await console.error())["code"] == "too_large"
            await console.ws.send_str('{"type": "roll_call", "keys": [], "id": 2}')
            assert (await console.next())["re"] == 2
            await console.ws.send_str("x" * (1024 * 1024 + 1))
            assert (await console.closed())[0] == 1009
            await console.close()

    run_async(scenario())


def test_binary_frames_count_toward_the_cut_off_and_good_messages_reset_it(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            console = await Raw(runner, "console").open(
                {"type": "hello", "role": "console", "token": tokens["operator"]}
            )
            for _ in range(2):  # 49 garbage, then a site_offline error (a well-formed request): reset
                for _ in range(49):
                    await console.ws.send_bytes(b"\x00")
                await console.ws.send_str('{"type": "control", "site": "commune:1", "action": "mute_audio"}')
            for _ in range(48):
                await console.ws.send_bytes(b"\x00")
            await console.ws.send_str('{"type": "roll_call", "keys": [], "id": "alive"}')
            while (message := await console.next())["type"] != "roll_call":
                pass
            assert message["re"] == "alive"
            for _ in range(50):
                await console.ws.send_bytes(b"\x00")
            assert (await console.closed())[0] == 4002
            await console.close()

    run_async(scenario())


def test_unknown_session_from_a_control_result_carries_re(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = await Raw(runner, "site").open({"type": "hello", "role": "site", "token": tokens["site"]})
            await site.ws.send_str('{"type": "control_result", "request": "nope", "ok": true, "id": "q1"}')
            error = await site.error()
            assert (error["code"], error.get("re")) == ("unknown_session", "q1")
            await site.close()

    run_async(scenario())


def test_no_hello_within_the_limit_is_unauthorized_4003_as_documented(hub_db, monkeypatch):
    from console.hub import server

    monkeypatch.setattr(server, "HELLO_TIMEOUT_S", 0.3)
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            silent = await Raw(runner, "site").open()
            error = await silent.error()
            assert error["code"] == "unauthorized" and "no hello" in error["message"]
            assert (await silent.closed())[0] == 4003
            await silent.close()

    run_async(scenario())
