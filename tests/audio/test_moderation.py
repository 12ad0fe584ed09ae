"""Moderation end to end: real hub, simulated sites with distinct tones, the console's room mix.

Tones are found in what the room plays with a Goertzel filter; no timing is asserted.
"""

import asyncio

import pytest

from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async
from tests.audio.support import ABSENT_DB, PRESENT_DB, MixRecorder, audit_rows, heard, room_with_sites, wait_until


def test_mute_unmute_mute_all_and_solo_as_the_room_hears_them(media_db):
    path, tokens = media_db

    async def scenario():
        async with room_with_sites(path, tokens, 3) as (runner, fleet, manager, events):
            a, b, c = fleet.sites
            moderation = manager.moderation
            mix = MixRecorder(manager.room)
            assert moderation.muted == {a.key: True, b.key: True, c.key: True}  # sites join muted
            silence = await mix.listen(1.0)
            assert all(heard(silence, s) < ABSENT_DB for s in (a, b, c))

            def only(*present):
                """The room hears exactly the ``present`` sites' tones."""
                return lambda sound: all(
                    heard(sound, s) > PRESENT_DB if s in present else heard(sound, s) < ABSENT_DB for s in (a, b, c)
                )

            def levels(sound):
                return {s.key: round(heard(sound, s), 1) for s in (a, b, c)}

            for site in (a, b):
                reply = await moderation.unmute(site.key)
                assert reply["ok"] and reply["state"]["muted"] is False
            sound = await mix.until(only(a, b))
            assert only(a, b)(sound), f"a and b unmuted, c muted: {levels(sound)}"

            reply = await moderation.mute(a.key)
            assert reply["ok"] and a.settings.muted and moderation.muted[a.key]
            sound = await mix.until(only(b))
            assert only(b)(sound), f"a muted site's tone is still in the room (or b's is gone): {levels(sound)}"

            assert (await moderation.unmute(a.key))["ok"]
            sound = await mix.until(only(a, b))
            assert only(a, b)(sound), f"the tone did not come back after unmute: {levels(sound)}"

            result = await moderation.mute_all()
            assert sorted(result["ok"]) == sorted(s.key for s in fleet.sites) and not result["failed"]
            sound = await mix.until(only())
            assert only()(sound), f"a tone is still in the room after mute all: {levels(sound)}"
            assert all(s.settings.muted for s in fleet.sites)

            await moderation.solo(c.key)
            sound = await mix.until(only(c))
            assert only(c)(sound), f"solo: only c's tone: {levels(sound)}"
            mix.stop()

            muted_events = [p for k, p in events if k == "muted"]
            assert {"site": a.key, "muted": True, "by": "anh"} in muted_events
            assert {"site": a.key, "muted": False, "by": "anh"} in muted_events
            # Every action has its audit row, with who did it.
            rows = audit_rows(path)
            for site, action in (
                (a.key, "unmute_audio"),
                (a.key, "mute_audio"),
                (b.key, "mute_audio"),
                (c.key, "unmute_audio"),
            ):
                assert any(
                    r["target"] == site and r["action"] == action and r["actor"] == "anh" and r["result"] == "ok"
                    for r in rows
                ), (site, action)

    run_async(scenario(), timeout=120)


def test_a_raised_hand_reaches_the_console_and_is_granted_or_dismissed(media_db):
    path, tokens = media_db

    async def scenario():
        async with room_with_sites(path, tokens, 2) as (runner, fleet, manager, events):
            a, b = fleet.sites
            await a.set_hand(True)
            await b.set_hand(True)
            await wait_until(lambda: manager.moderation.hands.get(a.key) and manager.moderation.hands.get(b.key))
            assert ("hand", {"type": "hand", "site": a.key, "raised": True}) in events

            reply = await manager.moderation.grant_hand(a.key)
            assert reply["ok"] and reply["hand_lowered"]
            assert not a.settings.muted and not a.settings.hand_raised
            await wait_until(lambda: manager.moderation.hands.get(a.key) is False)

            assert (await manager.moderation.dismiss_hand(b.key))["ok"]
            assert b.settings.muted and not b.settings.hand_raised
            await wait_until(lambda: manager.moderation.hands.get(b.key) is False)

            mix = MixRecorder(manager.room)
            sound = await mix.until(lambda sound: heard(sound, a) > PRESENT_DB and heard(sound, b) < ABSENT_DB)
            mix.stop()
            assert heard(sound, a) > PRESENT_DB and heard(sound, b) < ABSENT_DB
            rows = audit_rows(path)
            assert any(r["target"] == b.key and r["action"] == "lower_hand" and r["actor"] == "anh" for r in rows)
            assert any(r["target"] == a.key and r["action"] == "unmute_audio" for r in rows)

    run_async(scenario(), timeout=90)


def test_bad_moderation_is_refused_clearly_and_changes_nothing(media_db):
    path, tokens = media_db

    async def scenario():
        async with room_with_sites(path, tokens, 1, subscribe=False) as (runner, fleet, manager, events):
            site = fleet.sites[0]
            before = len(audit_rows(path))

            intruder = HubClient(WebSocketChannel(runner.url, "console"), "console", "ot_not-a-token")
            with pytest.raises(HubError, match="unauthorized"):
                await intruder.join()

            hub = manager.hub
            with pytest.raises(HubError, match="unknown_site: unknown site 'commune:99999999'"):
                await hub.request({"type": "control", "site": "commune:99999999", "action": "unmute_audio"})
            with pytest.raises(HubError, match="bad_message: unknown control action 'shout'"):
                await hub.request({"type": "control", "site": site.key, "action": "shout"})
            with pytest.raises(HubError, match="bad_message: unmute_audio takes no params"):
                await hub.request(
                    {"type": "control", "site": site.key, "action": "unmute_audio", "params": {"volume": 11}}
                )
            with pytest.raises(HubError, match="bad_message: control: missing field 'site'"):
                await hub.request({"type": "control", "action": "unmute_audio"})
            with pytest.raises(HubError, match="bad_message: control.action: expected string"):
                await hub.request({"type": "control", "site": site.key, "action": 3})

            reply = await manager.moderation.unmute("commune:99999999")
            assert not reply["ok"] and reply["error"].startswith("unknown_site")
            assert (
                "moderation_error",
                {"site": "commune:99999999", "action": "unmute_audio", "error": reply["error"]},
            ) in events

            assert site.settings.muted and site.counters.controls == 0  # nothing reached the site
            rows = audit_rows(path)[: len(audit_rows(path)) - before]
            assert {r["result"] for r in rows} == {"rejected: unknown_site", "rejected: bad_message"}
            assert all(r["actor"] == "anh" for r in rows)

    run_async(scenario(), timeout=60)


def test_mute_all_reaches_every_online_site_with_bounded_concurrency(media_db):
    path, tokens = media_db

    async def scenario():
        async with room_with_sites(path, tokens, 40, subscribe=False) as (runner, fleet, manager, events):
            moderation = manager.moderation
            in_flight, peak = 0, 0
            original = manager.hub.request

            async def counting(message, *args, **kwargs):
                nonlocal in_flight, peak
                in_flight += 1
                peak = max(peak, in_flight)
                try:
                    return await original(message, *args, **kwargs)
                finally:
                    in_flight -= 1

            manager.hub.request = counting

            await asyncio.gather(*(moderation.unmute(s.key) for s in fleet.sites))
            assert not any(s.settings.muted for s in fleet.sites)
            result = await moderation.mute_all()
            assert len(result["ok"]) == 40 and not result["failed"]
            assert all(s.settings.muted for s in fleet.sites)
            assert peak <= 32  # CONCURRENT_CONTROLS
            # The hub writes audit rows as it answers, through its database worker.
            keys = {s.key for s in fleet.sites}
            await wait_until(
                lambda: (
                    {r["target"] for r in audit_rows(path) if r["action"] == "mute_audio" and r["result"] == "ok"}
                    == keys
                )
            )
            # Again: every site already says it is muted, so nothing is sent (nor audited).
            before = len(audit_rows(path))
            assert len((await moderation.mute_all())["ok"]) == 40
            assert len(audit_rows(path)) == before

    run_async(scenario(), timeout=120)
