"""The fence: a hub's writes go through only while it holds the lease, under the epoch it was
granted; a takeover waits for a write already under way, and a deposed hub's late write is
refused by PostgreSQL itself (a real throwaway PostgreSQL)."""

from __future__ import annotations

import psycopg
import pytest

from console.directory import SiteDirectory, lease
from console.directory.audit import append_audit, find_audit
from console.directory.lease import Deposed, Fence


def _take(conn, hub: str) -> int | None:
    params = {"hub": hub, "address": f"http://{hub}", "ttl": 30.0}
    with conn.transaction():
        old = conn.execute(lease.LOOK, params).fetchone()
        if not old[4]:
            return None
        return conn.execute(lease.TAKE, params).fetchone()[0]


@pytest.fixture
def pg(postgresql):
    url = postgresql.url(postgresql.create_database())
    conn = psycopg.connect(url, autocommit=True)
    for statement in lease.TABLES:
        conn.execute(statement)
    directory = SiteDirectory(url)
    yield url, conn, directory
    directory.close()
    conn.close()


def test_a_deposed_hubs_late_write_is_refused_and_nothing_lands(pg):
    url, conn, directory = pg
    epoch = _take(conn, "hub-a")
    directory.db.fence = Fence("hub-a", epoch)
    append_audit(directory, "anh", "mute_audio", "commune:4", {}, "ok")  # held: it lands
    assert _take(conn, "hub-b") is None  # not while hub-a's lease runs
    conn.execute("UPDATE hub_lease SET expires_at = clock_timestamp()")  # hub-a went quiet: it expired
    assert _take(conn, "hub-b") == epoch + 1
    with pytest.raises(Deposed, match="no longer holds the active lease"):
        append_audit(directory, "anh", "unmute_audio", "commune:4", {}, "ok")
    with pytest.raises(Deposed):  # inside a transaction of its own too
        with directory.db.conn:
            directory.db.execute("UPDATE sites SET status = 'offline'")
    assert [r["action"] for r in find_audit(directory, target="commune:4")] == ["mute_audio"]
    assert directory.db.execute("SELECT count(*) FROM sites WHERE status = 'offline'").fetchone()[0] == 0


def test_a_takeover_waits_for_a_write_already_under_way(pg):
    url, conn, directory = pg
    epoch = _take(conn, "hub-a")
    directory.db.fence = Fence("hub-a", epoch)
    standby = psycopg.connect(url, autocommit=True)
    try:
        with directory.db.conn:
            append_audit(directory, "anh", "mute_audio", "commune:4", {}, "ok")  # the fence's row lock is held
            standby.execute("SET lock_timeout = '300ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):  # no standby even looks past the write
                _take(standby, "hub-b")
        standby.execute("SET lock_timeout = 0")
        conn.execute("UPDATE hub_lease SET expires_at = clock_timestamp()")  # hub-a then went quiet
        assert _take(standby, "hub-b") == epoch + 1  # once it has committed, it can
    finally:
        standby.close()
    assert [r["action"] for r in find_audit(directory, target="commune:4")] == ["mute_audio"]


def test_a_store_without_a_fence_writes_as_before(pg):
    url, conn, directory = pg
    _take(conn, "hub-a")
    append_audit(directory, "admin", "site_token_issued", "commune:4", {}, "ok")  # the command line's tools
    assert len(find_audit(directory, target="commune:4")) == 1
