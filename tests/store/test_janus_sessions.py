"""The Janus control sessions are kept in the PostgreSQL store, where a restarted hub finds them."""

from console.directory import SiteDirectory
from console.hub.sfu import SfuOrchestrator
from console.hub.sfu_sessions import StoreSessions


def test_the_control_sessions_and_the_room_secret_are_kept_in_postgresql(postgresql):
    url = postgresql.url(postgresql.create_database())
    SiteDirectory(url).close()
    StoreSessions(url).save({"s1": {"session": 12, "handle": 34}, "room_secret": "kept"})
    restarted = SfuOrchestrator(["http://127.0.0.1:9/janus"], None, sessions=StoreSessions(url))
    assert restarted.room_secret == "kept"
    assert restarted._saved()["s1"] == {"session": 12, "handle": 34}


def test_an_unreachable_store_gives_no_sessions_rather_than_a_crash():
    assert StoreSessions("postgresql://opsconsole@127.0.0.1:9/none").load() == {}


def test_the_sessions_are_read_from_the_store_once_per_run(postgresql):
    url = postgresql.url(postgresql.create_database())
    SiteDirectory(url).close()
    sessions = StoreSessions(url)
    sessions.save({"s1": {"session": 1}})
    other = SiteDirectory(url)  # a change behind this run's back is not read again
    other.db["meta"].upsert({"name": "janus_sessions", "value": "{}"}, pk="name")
    other.close()
    assert sessions.load() == {"s1": {"session": 1}}
    assert StoreSessions(url).load() == {}  # a new run reads the store
