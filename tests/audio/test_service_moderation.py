"""Moderation and meters through MediaService, driven from another thread as the GUI does."""

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from console.directory import SiteDirectory
from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.reports import meeting_minutes
from console.sim.fleet import SiteFleet
from console.sim.site import SimulatedSite, SiteSettings
from tests.media.support import sites, unbatched, wait_blocking


def test_the_gui_mutes_unmutes_and_sees_levels_and_hands(media_db, loopback_only):
    path, tokens = media_db
    chosen = sites(path, 2)
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def seen(kind, match=lambda p: True):
        with lock:
            return [p for k, p in unbatched(events) if k == kind and match(p)]

    async def start():
        runner = await HubRunner(path, port=0).start()
        fleet = SiteFleet(runner.url, tokens["local"], chosen)
        await fleet.start()
        return runner, fleet

    runner, fleet = thread.submit(start()).result(30)
    thread.submit(fleet.sites[0].set_hand(True)).result(5)  # before the console joins
    service = MediaService(thread, on_event, policy=loopback_only)
    try:
        service.connect(runner.url, tokens["operator"]).result(10)
        assert seen("hand", lambda p: p["site"] == chosen[0].key and p["raised"])
        assert seen("program") and seen("program")[0]["video_source"] == "test_card"
        a, b = (s.key for s in chosen)
        # Sites that were online before the console joined are known, muted.
        assert {p["site"] for p in seen("muted", lambda p: p["muted"])} == {a, b}
        for key in (a, b):
            service.subscribe(key, 160, 90).result(10)
        assert service.unmute(a).result(10)["ok"]
        wait_blocking(lambda: seen("muted", lambda p: p == {"site": a, "muted": False, "by": "anh"}))
        wait_blocking(lambda: seen("levels", lambda p: p["sites"].get(a, {}).get("speaking")))
        assert not seen("levels", lambda p: b in p["sites"])  # a muted site has no meter

        service.set_follow_speaker(True)
        wait_blocking(lambda: seen("speaker", lambda p: p["site"] == a))

        thread.submit(fleet.sites[1].set_hand(True)).result(5)
        wait_blocking(lambda: seen("hand", lambda p: p["site"] == b and p["raised"]))
        assert service.grant_hand(b).result(10)["ok"]
        wait_blocking(lambda: seen("hand", lambda p: p["site"] == b and not p["raised"]))

        result = service.mute_all().result(10)
        assert sorted(result["ok"]) == sorted([a, b]) and not result["failed"]
        wait_blocking(lambda: all(fleet.sites[i].settings.muted for i in range(2)))
        assert service.talk(a).result(10)["ok"]
        wait_blocking(lambda: seen("talk", lambda p: p == {"site": a, "talking": True, "by": "anh"}))
        assert service.end_talk().result(10)["ok"]
        state = service.moderation_state().result(10)
        assert state["muted"] == {a: True, b: True} and state["hands"] == {a: False, b: False}
        assert state["talker"] is None  # (a's hand went down with the talk)
        service.set_master_volume(0.3)
        assert service.room.master_volume == 0.3
    finally:
        service.close().result(10)
        thread.submit(fleet.stop()).result(30)
        thread.submit(runner.stop()).result(30)
        thread.stop()


def test_a_talks_end_gives_back_the_microphone_before_it_and_the_minutes_count_its_mute(media_db, loopback_only):
    """An operator's unmute before a talk outlives the talk; a site muted before it is muted
    again at its end, and the meeting minutes (read from the audit trail) count that mute."""
    path, tokens = media_db
    chosen = sites(path, 2)
    a, b = (s.key for s in chosen)
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def mutes_of(key):
        with lock:
            return [p["muted"] for k, p in unbatched(events) if k == "muted" and p["site"] == key]

    async def start():
        runner = await HubRunner(path, port=0).start()
        fleet = SiteFleet(runner.url, tokens["local"], chosen)
        await fleet.start()
        return runner, fleet

    began = datetime.now(UTC) - timedelta(seconds=1)
    runner, fleet = thread.submit(start()).result(30)
    service = MediaService(thread, on_event, policy=loopback_only, program=False)
    try:
        service.connect(runner.url, tokens["operator"]).result(10)
        assert service.unmute(a).result(10)["ok"]
        wait_blocking(lambda: mutes_of(a)[-1:] == [False])
        unmuted = len(mutes_of(a))
        for key in (a, b):
            assert service.talk(key).result(10)["ok"]
            assert service.end_talk().result(10)["ok"]
        assert fleet.sites[0].settings.muted is False and fleet.sites[1].settings.muted is True
        assert mutes_of(a)[unmuted:] == []  # shown open throughout: the talk never closed it
        state = service.moderation_state().result(10)
        assert state["muted"] == {a: False, b: True} and state["talker"] is None
    finally:
        service.close().result(10)
        thread.submit(fleet.stop()).result(30)
        thread.submit(runner.stop()).result(30)
        thread.stop()
    directory = SiteDirectory(path)
    try:
        minutes = meeting_minutes(directory, began)
    finally:
        directory.close()
    assert [(t.site, t.by) for t in minutes.of("talk")] == [(a, "anh"), (b, "anh")]
    assert [(m.site, m.by) for m in minutes.of("muted")] == [(b, "anh")]
    assert [(u.site, u.by) for u in minutes.of("unmuted")] == [(a, "anh")]


def test_a_site_that_joins_in_a_talk_or_with_its_hand_up_is_shown_so_and_its_talk_can_be_ended(media_db, loopback_only):
    """As after a hub restart that the console rejoined first: the sites come back with their
    state (a talk going on, a hand up) and the hub sends no talk or hand for it."""
    path, tokens = media_db
    chosen = sites(path, 2)
    a, b = (s.key for s in chosen)
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def seen(kind, match=lambda p: True):
        with lock:
            return [p for k, p in unbatched(events) if k == kind and match(p)]

    runner = thread.submit(HubRunner(path, port=0).start()).result(30)
    service = MediaService(thread, on_event, policy=loopback_only, program=False)
    states = (SiteSettings(talking=True, muted=False), SiteSettings(hand_raised=True))
    joined = [
        SimulatedSite(runner.url, tokens["local"], s.key, s.code, settings=state) for s, state in zip(chosen, states)
    ]
    try:
        service.connect(runner.url, tokens["operator"]).result(10)
        for site in joined:
            thread.submit(_run(site)).result(30)
        wait_blocking(lambda: seen("talk", lambda p: p == {"site": a, "talking": True, "by": None}))
        wait_blocking(lambda: seen("hand", lambda p: p["site"] == b and p["raised"]))
        state = service.moderation_state().result(10)
        assert state["talker"] == a and state["hands"].get(b) is True and state["muted"][a] is False
        assert service.end_talk().result(10)["ok"]  # this console can end the talk it did not start
        assert joined[0].settings.talking is False and joined[0].settings.muted is True
        wait_blocking(lambda: seen("talk", lambda p: p == {"site": a, "talking": False, "by": "anh"}))
    finally:
        service.close().result(10)
        for site in joined:
            thread.submit(site.stop()).result(10)
        thread.submit(runner.stop()).result(30)
        thread.stop()


async def _run(site):
    site.task = asyncio.get_running_loop().create_task(site.run())
    await asyncio.wait_for(site.joined.wait(), 30)
