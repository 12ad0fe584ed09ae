"""The Janus control sessions are kept in the hub's store (PostgreSQL), where the next hub to
serve finds them: read at each term's start, written through the hub's fenced store calls."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from console.directory import SiteDirectory, lease
from console.directory.lease import Fence
from console.hub.sfu import SfuOrchestrator
from console.hub.sfu_sessions import StoreSessions, read_sessions
from tests.aio import run_async
from tests.store.test_lease_fence import _take


class StoreThread:
    """The hub's store call, as ``Hub._db`` makes it: the directory on a thread of its own."""

    def __init__(self, url: str) -> None:
        self.worker = ThreadPoolExecutor(1)
        self.directory = self.worker.submit(SiteDirectory, url).result()

    async def __call__(self, call):
        return await asyncio.wrap_future(self.worker.submit(call, self.directory))


def _orchestrator(store) -> SfuOrchestrator:
    sfu = SfuOrchestrator(["http://127.0.0.1:9/janus"], None, sessions=StoreSessions())
    sfu.attach(lambda key, message: None, lambda message: None, store)
    return sfu


def test_the_control_sessions_and_the_room_secret_are_taken_from_postgresql_at_a_terms_start(postgresql):
    url = postgresql.url(postgresql.create_database())
    store = StoreThread(url)
    run_async(_save(store, {"s1": {"session": 12}, "room_secret": "kept"}))
    sfu = _orchestrator(store)
    assert sfu.room_secret != "kept"  # not until it serves
    run_async(sfu._recall())
    assert sfu.room_secret == "kept" and all(s.room_secret == "kept" for s in sfu.shards)
    assert sfu._saved()["s1"] == {"session": 12}

    # another hub's term changes them meanwhile: this one's next term reads them again
    run_async(_save(store, {"s1": {"session": 13}, "room_secret": "kept"}))
    run_async(sfu._recall())
    assert sfu._saved()["s1"] == {"session": 13}


async def _save(store, state) -> None:
    sessions = StoreSessions()
    sessions.bind(store)
    await sessions.save(state)


def test_an_unreachable_store_gives_no_sessions_rather_than_a_crash():
    async def unreachable(call):
        raise ConnectionError("connection refused")

    sessions = StoreSessions()
    sessions.bind(unreachable)
    assert run_async(sessions.load()) == {}
    run_async(sessions.save({"s1": {"session": 1}}))  # said in the log, not raised


def test_a_deposed_hub_cannot_put_back_the_sessions_it_held(postgresql):
    url = postgresql.url(postgresql.create_database())
    conn = psycopg.connect(url, autocommit=True)
    try:
        for statement in lease.TABLES:
            conn.execute(statement)
        store = StoreThread(url)
        store.directory.db.fence = Fence("hub-a", _take(conn, "hub-a"))
        run_async(_save(store, {"s1": {"session": 1}}))  # held: it lands
        conn.execute("UPDATE hub_lease SET expires_at = clock_timestamp()")
        assert _take(conn, "hub-b") is not None
        run_async(_save(store, {"s1": {"session": 99}}))  # deposed: refused by the fence, said
        assert read_sessions(SiteDirectory(url)) == {"s1": {"session": 1}}
    finally:
        conn.close()


@pytest.mark.parametrize("stored", ["not json", "[1, 2]"])
def test_a_broken_row_reads_as_no_sessions(postgresql, stored):
    url = postgresql.url(postgresql.create_database())
    directory = SiteDirectory(url)
    directory.db["meta"].upsert({"name": "janus_sessions", "value": stored}, pk="name")
    assert read_sessions(directory) == {}
