"""Roles enforced at the hub, watching without moderating (combined views), tokens
through the hub, failed hellos limited, the local token only from this machine."""

import asyncio

import pytest

from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.hub.hello_guard import HelloGuard
from console.hub.server import _local_only_here
from console.hub.view_requests import View, ViewRequests
from console.signaling import HubClient, HubError, WebSocketChannel, protocol
from tests.aio import run_async, wait_until


@pytest.fixture
def roles_db(national):
    tokens = {
        role: credentials.issue_operator_token(national, f"an-{role}", role=role) for role in protocol.CONSOLE_ROLES
    }
    tokens["site"] = credentials.issue_site_token(national, "commune:4")
    tokens["local"] = credentials.local_token(national)
    path = national.path
    national.close()
    return path, tokens


def client(runner, role, token, **kw):
    return HubClient(WebSocketChannel(runner.url, role), role, token, **kw)


async def obeying_site(runner, token):
    site = client(runner, "site", token, state={"muted": True})
    controls = []

    async def obey(message):
        controls.append(message)
        await site.send({"type": "control_result", "request": message["request"], "ok": True, "state": {}})

    site.on("control", obey)
    await site.join()
    return site, controls


def audit(path, actor=None):
    directory = SiteDirectory(path)
    try:
        return [r for r in recent_audit(directory, 200) if actor is None or r["actor"] == actor]
    finally:
        directory.close()


def test_welcome_says_the_role_and_what_it_may_do(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            for role in protocol.CONSOLE_ROLES:
                console = client(runner, "console", tokens[role])
                welcome = await console.join()
                assert welcome["role"] == role
                assert welcome["permissions"] == sorted(protocol.permissions_of(role))
                await console.close()
            local = client(runner, "console", tokens["local"])
            assert (await local.join())["role"] == "admin"
            await local.close()

    run_async(scenario())


def test_a_viewer_sending_every_control_action_is_refused_and_audited_and_nothing_reaches_the_site(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site, controls = await obeying_site(runner, tokens["site"])
            viewer = client(runner, "console", tokens["viewer"])
            await viewer.join()
            for action in protocol.CONTROL_ACTIONS:
                params = {"width": 320, "height": 180} if action == "set_video" else {}
                with pytest.raises(HubError) as error:
                    await viewer.request({"type": "control", "site": "commune:4", "action": action, "params": params})
                assert error.value.code == "forbidden" and "viewer" in error.value.message
            for op in ("push", "layout", "lock"):
                with pytest.raises(HubError, match="forbidden"):
                    await viewer.request({"type": "wall", "op": op, "site": "commune:4", "layout": "2x2"})
            with pytest.raises(HubError, match="forbidden"):
                await viewer.request({"type": "admin", "op": "invite", "site": "commune:4"})
            # Watching still works: a roll-call, the room wall, a view of the site.
            assert (await viewer.request({"type": "roll_call", "online_only": True}))["online"] == 1
            assert (await viewer.request({"type": "wall", "op": "get"}))["type"] == "wall_state"
            await viewer.request({"type": "view", "site": "commune:4", "width": 320, "height": 180})
            await wait_until(lambda: controls, what="the view's set_video at the site")
            assert [c["action"] for c in controls] == ["set_video"] and controls[0]["by"] == "hub"
            assert not viewer.closed.is_set()
            await viewer.close()
            await site.close()

    run_async(scenario())
    refused = [r for r in audit(path, "an-viewer") if r["result"] == "rejected: forbidden"]
    assert {r["action"] for r in refused} >= set(protocol.CONTROL_ACTIONS) | {"wall_push", "admin_invite"}


def test_each_role_may_do_what_its_table_row_says(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site, controls = await obeying_site(runner, tokens["site"])
            allowed = {}
            for role in ("presenter", "operator"):
                console = client(runner, "console", tokens[role])
                await console.join()
                for action in ("start_talk", "mute_audio"):
                    try:
                        await console.request({"type": "control", "site": "commune:4", "action": action})
                        allowed[(role, action)] = True
                    except HubError as error:
                        assert error.code == "forbidden"
                        allowed[(role, action)] = False
                await console.close()
            await site.close()
            return allowed

    allowed = run_async(scenario())
    assert allowed == {
        ("presenter", "start_talk"): True,
        ("presenter", "mute_audio"): False,
        ("operator", "start_talk"): True,
        ("operator", "mute_audio"): True,
    }


def test_views_of_several_consoles_are_combined_largest_first_and_paused_only_by_all():
    views = ViewRequests()
    assert views.set("s", "wall", View(1280, 720, 15)) == {"width": 1280, "height": 720, "fps": 15}
    assert views.set("s", "desk", View(320, 180, 15)) is None  # the big tile still rules
    assert views.set("s", "wall", View(paused=True)) == {"width": 320, "height": 180, "fps": 15}
    assert views.set("s", "desk", View(paused=True)) == {"paused": True}
    assert views.forget_console("desk") == {}  # still paused for "wall"
    assert views.set("s", "desk", View(640, 360, 30)) == {"width": 640, "height": 360, "fps": 30}
    assert views.forget_console("desk") == {"s": {"paused": True}}
    views.forget_site("s")
    assert views.combined("s") is None


def test_a_site_whose_link_carries_no_picture_is_asked_for_its_sound_alone_only_when_every_console_says_so():
    views = ViewRequests()
    assert views.set("s", "wall", View(audio_only=True)) == {"paused": True, "reason": "link"}
    # another console still wants a picture: it keeps coming
    assert views.set("s", "desk", View(320, 180, 15)) == {"width": 320, "height": 180, "fps": 15}
    assert views.set("s", "desk", View(audio_only=True)) == {"paused": True, "reason": "link"}
    assert views.set("s", "desk", View(paused=True)) is None  # off-screen there: still the sound alone
    assert views.set("s", "wall", View(paused=True)) == {"paused": True}  # nobody watches: a plain pause


def test_the_sites_are_told_the_link_is_the_reason_and_nothing_else():
    from console.signaling.protocol import validate_video_params

    assert validate_video_params({"paused": True, "reason": "link"}) == {"paused": True, "reason": "link"}
    assert validate_video_params({"paused": True, "reason": "<script>"}) == {"paused": True}


def test_an_admin_issues_and_revokes_tokens_through_the_hub_and_it_takes_effect_at_once(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            admin = client(runner, "console", tokens["admin"])
            await admin.join()
            invite = await admin.request({"type": "admin", "op": "invite", "site": "commune:7"})
            assert invite["link"].startswith(f"{runner.url}/site?token=st_") and invite["name"]
            new_site = client(runner, "site", invite["token"])
            assert (await new_site.join())["site"]["key"] == "commune:7"
            viewer = await admin.request(
                {"type": "admin", "op": "issue_operator_token", "name": "khanh", "role": "viewer"}
            )
            khanh = client(runner, "console", viewer["token"])
            assert (await khanh.join())["role"] == "viewer"
            await admin.request({"type": "admin", "op": "revoke_site_token", "site": "commune:7"})
            await admin.request({"type": "admin", "op": "revoke_operator_token", "name": "khanh"})
            await asyncio.wait_for(new_site.closed.wait(), 5)  # at once: no poll involved
            await asyncio.wait_for(khanh.closed.wait(), 5)
            assert "4003" in new_site.close_reason and "4003" in khanh.close_reason
            for bad in (
                {"op": "invite", "site": "commune:999999"},
                {"op": "issue_operator_token", "name": "x", "role": "emperor"},
                {"op": "launch"},
            ):
                with pytest.raises(HubError) as error:
                    await admin.request({"type": "admin", **bad})
                assert error.value.code in ("unknown_site", "bad_message")
            await admin.close()

    run_async(scenario())
    actions = {r["action"] for r in audit(path, "an-admin")}
    assert {"issue_token", "revoke_token", "issue_operator_token", "revoke_operator_token"} <= actions


def test_twenty_refused_hellos_block_an_address_but_not_a_valid_token_from_it(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            codes = []
            for i in range(22):
                with pytest.raises(HubError) as error:
                    await client(runner, "console", f"ot_guess{i}").join()
                codes.append(error.value.code)
            assert codes[:20] == ["unauthorized"] * 20 and codes[20:] == ["too_many_attempts"] * 2
            console = client(runner, "console", tokens["operator"])
            assert (await console.join())["role"] == "operator"
            await console.close()

    run_async(scenario())
    blocks = [r for r in audit(path, "hub") if r["action"] == "block_address"]
    assert len(blocks) == 1 and blocks[0]["target"] == "127.0.0.1"


def test_the_hello_guard_forgets_after_its_window():
    guard = HelloGuard(failures=3, window_s=60, block_s=60)
    assert not guard.failed("a", now=0) and not guard.failed("a", now=70) and not guard.failed("a", now=71)
    assert guard.failed("a", now=72)  # three within a minute
    assert guard.blocked_for("a", now=100) == pytest.approx(32) and guard.blocked_for("a", now=133) == 0


@pytest.mark.parametrize(
    "address, allowed", [("127.0.0.1", True), ("::1", True), ("10.77.0.1", False), ("203.0.113.9", False), ("?", False)]
)
def test_the_local_token_is_accepted_only_from_this_machine(address, allowed):
    local = credentials.Credential("local", "local", "h", "admin")
    if allowed:
        _local_only_here(local, address, None)
    else:
        with pytest.raises(protocol.ProtocolError, match="only from this machine"):
            _local_only_here(local, address, None)
    _local_only_here(credentials.Credential("operator", "anh", "h", "operator"), address, None)  # others anywhere


def test_a_console_cannot_make_a_site_build_peer_connections_without_end(roles_db):
    """Each offer makes the site build a peer connection: a few per console and site, 256 in all."""
    from console.bench.fuzz import VALID_SDP

    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["site"])
            offers = []
            site.on("offer", offers.append)
            await site.join()
            viewer = client(runner, "console", tokens["viewer"])
            await viewer.join()
            for i in range(4):
                await viewer.request({"type": "offer", "site": "commune:4", "session": f"s{i}", "sdp": VALID_SDP})
            with pytest.raises(HubError, match="already holds 4 media sessions"):
                await viewer.request({"type": "offer", "site": "commune:4", "session": "s5", "sdp": VALID_SDP})
            await viewer.request(
                {"type": "offer", "site": "commune:4", "session": "s0", "sdp": VALID_SDP}
            )  # renegotiate
            await viewer.send({"type": "hangup", "session": "s1"})
            await viewer.request({"type": "offer", "site": "commune:4", "session": "s6", "sdp": VALID_SDP})
            await asyncio.sleep(0.2)
            assert len(offers) == 6
            await viewer.close()
            await site.close()

    run_async(scenario())


def test_tiles_changing_fast_make_the_site_re_encode_a_few_times_not_a_hundred(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site, controls = await obeying_site(runner, tokens["site"])
            viewer = client(runner, "console", tokens["viewer"])
            await viewer.join()
            for i in range(100):
                await viewer.send({"type": "view", "site": "commune:4", "width": 160 + i * 8, "height": 90 + i * 4})
            final = {"width": 952, "height": 486, "fps": 15}
            await wait_until(
                lambda: controls and controls[-1]["params"] == final, what="the last tile size at the site"
            )
            sizes = [c["params"] for c in controls if c["action"] == "set_video"]
            assert 1 <= len(sizes) <= 10 and sizes[-1] == final
            await viewer.close()
            await site.close()

    run_async(scenario())


def test_asking_after_room_walls_that_do_not_exist_makes_none(roles_db):
    path, tokens = roles_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            viewer = client(runner, "console", tokens["viewer"])
            await viewer.join()
            for i in range(200):
                reply = await viewer.request({"type": "wall", "op": "get", "name": f"w{i}"})
                assert reply["version"] == 0
            assert len(runner.hub.walls.walls) == 0
            await viewer.close()

    run_async(scenario())
