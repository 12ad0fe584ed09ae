"""Many sites joining or leaving at once reach the GUI as one event each way
(a presence_batch, and their mutes as one muted_batch), while moderation still learns every
site; who was online when the console joined is one event too."""

import asyncio
import threading

from console.directory import credentials
from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.signaling import HubClient, WebSocketChannel
from tests.media.support import unbatched, wait_blocking

SITES = 60


def test_sites_joining_and_leaving_together_are_one_gui_event_each_way(national, loopback_only):
    keys = [
        row["key"]
        for row in national.db.query(
            f"SELECT key FROM sites WHERE level = 'commune' ORDER BY ordinal LIMIT {SITES + 5}"
        )
    ]
    tokens = credentials.issue_site_tokens(national, keys)
    operator = credentials.issue_operator_token(national, "anh")
    path = national.path
    national.close()
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def snapshot():
        with lock:
            return list(events)

    def site(key):
        return HubClient(WebSocketChannel(runner.url, "site"), "site", tokens[key], state={"muted": True})

    async def start():
        return await HubRunner(path, port=0).start()

    def on_loop(*coros, timeout=30):
        async def together():
            return await asyncio.wait_for(asyncio.gather(*coros), timeout)

        return thread.submit(together()).result(timeout + 10)

    runner = thread.submit(start()).result(30)
    early = [site(k) for k in keys[:5]]
    on_loop(*(s.join() for s in early))
    service = MediaService(thread, on_event, policy=loopback_only, program=False)
    try:
        service.connect(runner.url, operator).result(10)
        at_connect = [p for k, p in snapshot() if k == "presence_batch" and p.get("at_connect")]
        assert len(at_connect) == 1 and {e["site"] for e in at_connect[0]["sites"]} == set(keys[:5])
        assert [len(p["sites"]) for k, p in snapshot() if k == "muted_batch"] == [5]
        assert not [k for k, _ in snapshot() if k in ("presence", "muted")]
        events.clear()

        crowd = [site(k) for k in keys[5:]]
        on_loop(*(s.join() for s in crowd))
        wait_blocking(lambda: sum(k == "presence" and p["online"] for k, p in unbatched(snapshot())) >= SITES)
        gui_events = [k for k, _ in snapshot() if k in ("presence", "presence_batch")]
        assert len(gui_events) <= 6, gui_events  # 60 sites in a handful of events, not 60
        assert service.moderation_state().result(5)["muted"] == {k: True for k in keys}  # every entry seen
        assert len([k for k, _ in snapshot() if k in ("muted", "muted_batch")]) <= 6

        events.clear()
        on_loop(*(c.close() for c in crowd))
        wait_blocking(lambda: sum(k == "presence" and not p["online"] for k, p in unbatched(snapshot())) >= SITES)
        assert len([k for k, _ in snapshot() if k in ("presence", "presence_batch")]) <= 6
    finally:
        service.close().result(10)
        on_loop(*(s.close() for s in early))
        thread.submit(runner.stop()).result(30)
        thread.stop()
