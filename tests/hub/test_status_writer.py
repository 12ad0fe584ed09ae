"""The presence log's writer: what it was writing when the hub stopped still lands."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from console.directory import SiteDirectory, presence_log
from console.hub.status_writer import StatusWriter
from tests.aio import run_async


def test_a_write_under_way_when_the_hub_stops_still_lands(national):
    path = national.path
    national.close()
    store = ThreadPoolExecutor(1)  # the store's one thread, as the hub's DirectoryWorker has
    directory = store.submit(SiteDirectory, path).result()
    busy = threading.Event()

    async def db(call):
        return await asyncio.wrap_future(store.submit(call, directory))

    async def scenario():
        writer = StatusWriter(db)
        store.submit(busy.wait, 10)  # the store's thread is busy: the write queues behind
        writer.note_hub_start()
        flushing = asyncio.ensure_future(writer.flush())
        await asyncio.sleep(0.05)
        flushing.cancel()  # the hub's stop cancels the writer's task mid-write
        await asyncio.sleep(0.05)  # (the cancellation reaches the queued write, if it can)
        busy.set()
        await asyncio.wrap_future(store.submit(lambda: None))  # what the stop writes after it
        await writer.flush()  # the stop's own flush: nothing of it was left behind

    try:
        run_async(scenario())
        rows = store.submit(lambda: presence_log.between(directory, datetime(2000, 1, 1, tzinfo=UTC))).result()
    finally:
        store.submit(directory.close).result()
        store.shutdown()
    assert [r["event"] for r in rows] == [presence_log.HUB_START]
