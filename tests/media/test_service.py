"""The media core on its own thread, driven from another thread as the GUI does."""

import threading

from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.sim.fleet import SiteFleet
from tests.media.support import sites, unbatched, wait_blocking


def test_gui_thread_drives_the_media_thread(media_db, loopback_only):
    path, tokens = media_db
    chosen = sites(path, 2)
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        assert thread.is_current  # delivered on the media thread; the GUI re-queues them
        with lock:
            events.append((kind, payload))

    async def start():
        runner = await HubRunner(path, port=0).start()
        fleet = SiteFleet(runner.url, tokens["local"], chosen)
        return runner, fleet

    runner, fleet = thread.submit(start()).result(30)
    service = MediaService(thread, on_event, policy=loopback_only)
    try:
        welcome = service.connect(runner.url, tokens["operator"]).result(10)
        assert welcome["operator"] == "anh"
        thread.submit(fleet.start()).result(30)
        wait_blocking(lambda: sum(1 for k, p in unbatched(list(events)) if k == "presence" and p["online"]) >= 2)

        key = chosen[0].key
        service.subscribe(key, 320, 180).result(10)
        wait_blocking(lambda: service.sink(key) is not None and service.sink(key).received > 5)
        snap = service.snapshot(key)
        assert snap.state == "live" and snap.frame_size == (320, 180)
        assert (
            "session",
            {
                "site": key,
                "state": "live",
                "error": "",
                "error_code": "",
                "error_args": {},
                "waiting": False,
                "audio_only": False,
            },
        ) in events

        reply = service.control(key, "set_video", {"width": 160, "height": 90}).result(10)
        assert reply["ok"]
        wait_blocking(lambda: service.snapshot(key).frame_size == (160, 90))
        roll = service.roll_call(online_only=True).result(10)
        assert {s["key"] for s in roll["sites"]} == {s.key for s in chosen}

        service.unsubscribe(key).result(10)
        assert service.sink(key) is None
    finally:
        service.close().result(10)
        thread.submit(fleet.stop()).result(30)
        thread.submit(runner.stop()).result(30)
        thread.stop()


def test_a_call_after_the_loop_stopped_fails_at_once_and_leaves_nothing_behind():
    import asyncio
    import inspect

    import pytest

    thread = LoopThread("late-call")
    assert thread.submit(asyncio.sleep(0, result=7)).result(5) == 7
    thread.stop()
    coro = asyncio.sleep(0)
    late = thread.submit(coro)  # a closing window's last request
    assert inspect.getcoroutinestate(coro) == inspect.CORO_CLOSED  # not left to be "never awaited"
    with pytest.raises(RuntimeError, match="media loop has stopped"):
        late.result(1)
