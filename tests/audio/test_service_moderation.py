"""Moderation and meters through MediaService, driven from another thread as the GUI does."""

import threading

from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.sim.fleet import SiteFleet
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
        assert seen("program") and seen("program")[0]["video_source"] == "TestCard"
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
