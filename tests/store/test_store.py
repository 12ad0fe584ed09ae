"""What the hub keeps durable, on both backends (the ``store`` fixture: SQLite, PostgreSQL)."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from console.directory import SiteDirectory, audit, credentials, hub_runs, presence_log
from console.directory.invitations import invite_sites
from console.directory.replica import directory_version, export_records
from console.hub.alarm_requests import _save_meeting, load_meeting
from console.hub.alarms import alarm_row, load_open_alarms, save_alarm
from console.hub.directory_watch import _data_version, read_change
from console.hub.room_walls import load_walls, save_wall
from console.hub.status_writer import _write as write_status


def test_search_finds_communes_as_typed_and_respelled(store):
    assert store.search("phuc xa", 1)[0].name == "Phường Phúc Xá"
    answer = store.search_answer("phuk xa", 5)
    assert answer.exact == 0 and answer.respelled and answer.sites
    assert store.search("1", 1)[0].code == 1
    assert store.search("zzzz qqqq", 5) == []


def test_search_shows_the_status_the_store_holds_now(store):
    write_status(store, [("online", "2026-12-07T00:00:00+00:00", "commune:4")])
    found = store.search(store.get("commune:4").name, 1)[0]
    assert (found.key, found.status) == ("commune:4", "online")


def test_groups_and_statistics(store):
    keys = [s.key for s in store.children("province:1")][:5]
    group = store.create_group("north", keys, "by hand")
    assert (group.members, group.active_members) == (5, 5)
    assert [s.key for s in store.group_sites("north")] == keys
    assert [g.name for g in store.groups()] == ["north"]
    stats = store.stats()
    assert stats["active"] == 10810 and stats["by_province"][0]["by_level"]["commune"] > 0
    store.delete_group("north")
    assert store.groups() == []


def test_tokens_are_kept_as_hashes_with_their_roles(store):
    site = credentials.issue_site_token(store, "commune:4")
    operator = credentials.issue_operator_token(store, "anh", role="viewer")
    snapshot = credentials.credential_snapshot(store)
    assert snapshot.site(site).name == "commune:4"
    assert snapshot.operator(operator).role == "viewer"
    assert snapshot.local_token(credentials.local_token(store)).role == "admin"
    assert site not in str(list(store.db.query("SELECT token_hash FROM sites WHERE key = ?", ["commune:4"])))
    assert credentials.revoke_operator_token(store, "anh")
    assert credentials.operator_for_token(store, operator) is None
    assert credentials.site_for_token(store, site).key == "commune:4"


def test_the_audit_trail_is_appended_and_found_by_target_and_by_the_site_a_row_names(store):
    first = audit.append_audit(store, "anh", "mute", "commune:4", {"muted": True}, "ok")
    second = audit.append_audit(store, "anh", "wall_push", "wall:room", {"site": "commune:4"}, "ok")
    assert second > first
    rows = audit.find_audit(store, target="commune:4")
    assert [r["action"] for r in rows] == ["mute", "wall_push"]
    assert audit.recent_audit(store, 1)[0]["params"] == {"site": "commune:4"}
    assert audit.is_target(store, "wall:room")
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert len(audit.find_audit(store, since=since, actor="anh")) == 2
    assert audit.site_names(store, rows)["commune:4"] == store.get("commune:4").name


def test_alarms_walls_and_the_meeting_outlive_the_hub(store):
    alarm = {
        "id": 1,
        "rule": "offline",
        "site": "commune:4",
        "state": "new",
        "raised_at": "2026-12-07T00:00:00",
        "last_at": "2026-12-07T00:00:00",
        "count": 1,
        "raised_by": "hub",
        "detail": "",
        "acked_by": None,
        "acked_at": None,
        "closed_at": None,
    }
    save_alarm(store, alarm)
    save_alarm(store, {**alarm, "state": "acknowledged", "acked_by": "anh"})
    rows, next_id = load_open_alarms(store)
    assert [r["state"] for r in rows] == ["acknowledged"] and next_id == 2
    assert alarm_row(store, 1)["acked_by"] == "anh"
    wall = {"name": "room", "state": "{}", "version": 3, "updated_by": "anh", "updated_at": "now", "locked_by": None}
    save_wall(store, wall)
    save_wall(store, {**wall, "version": 4})
    assert [w["version"] for w in load_walls(store)] == [4]
    keys = [s.key for s in store.children("province:1")][:3]
    store.create_group("meeting", keys, "by hand")
    _save_meeting(store, "meeting")
    assert load_meeting(store) == ("meeting", frozenset(keys))


def test_presence_log_and_the_hubs_own_runs(store):
    assert hub_runs.record_start(store, {"url": "http://127.0.0.1:1"}) is None
    write_status(store, [("online", presence_log.now(), "commune:4")], [(presence_log.now(), "commune:4", "join")])
    assert presence_log.ever_joined(store, "commune:4")
    rows = presence_log.between(store, datetime.now(UTC) - timedelta(minutes=1))
    assert [(r["site"], r["event"]) for r in rows] == [("commune:4", "join")]
    lost = hub_runs.record_start(store)  # no stop before it: the previous run was lost
    assert lost is not None and lost["last_alive"] >= lost["started_at"]
    hub_runs.record_stop(store)
    assert hub_runs.record_start(store) is None


@contextlib.contextmanager
def _another_program(store):
    """The same store opened by another program (a command beside the hub)."""
    other = SiteDirectory(store.path if store.target.kind == "sqlite" else store.target.location)
    try:
        yield other
    finally:
        other.close()


def test_another_programs_commit_is_seen_by_the_change_watch(store):
    before = _data_version(store)
    with _another_program(store) as other:
        credentials.issue_operator_token(other, "binh")
    assert _data_version(store) != before
    assert "binh" in read_change(store).tokens.operators


def test_the_hubs_own_writes_do_not_move_the_change_watch_but_a_token_does(store):
    """The watch re-reads every token when its version moves: the hub's own presence must not
    move it (on PostgreSQL it did, twice a second at 10,810 sites)."""
    before = _data_version(store)
    write_status(store, [("online", presence_log.now(), "commune:4")], [(presence_log.now(), "commune:4", "join")])
    hub_runs.record_start(store, {"url": "http://127.0.0.1:1"})
    assert _data_version(store) == before
    with _another_program(store) as other:
        credentials.issue_site_token(other, "commune:4")
    assert _data_version(store) != before


def test_identity_and_replica_records(store):
    version = directory_version(store)
    assert len(version["id"]) == 32 and version["version"] >= 1
    assert directory_version(store)["id"] == version["id"]
    assert len(export_records(store)) == 10810


def test_invitations_store_the_new_tokens(store, tmp_path):
    keys = [s.key for s in store.children("province:1")][:3]
    report = invite_sites(store, keys, "http://127.0.0.1:8765", tmp_path / "links.csv")
    assert report.sites == 3
    assert len(credentials.credential_snapshot(store).sites) == 3


def test_the_meeting_minutes_read_presence_acts_and_alarms_from_the_store(store):
    from console.reports.meeting import meeting_minutes

    began = datetime.now(UTC) - timedelta(minutes=1)
    write_status(store, [("online", presence_log.now(), "commune:4")], [(presence_log.now(), "commune:4", "join")])
    audit.append_audit(store, "anh", "mute_audio", "commune:4", {}, "ok")
    save_alarm(
        store,
        {
            "id": 1,
            "rule": "site_offline",
            "site": "commune:4",
            "state": "new",
            "raised_at": presence_log.now(),
            "last_at": presence_log.now(),
            "count": 1,
            "raised_by": "hub",
            "detail": "",
            "acked_by": None,
            "acked_at": None,
            "closed_at": None,
        },
    )
    minutes = meeting_minutes(store, began)
    assert minutes.present_sites() == ["commune:4"]
    assert [(a["rule"], a["site"]) for a in minutes.alarms] == [("site_offline", "commune:4")]
    assert minutes.names["commune:4"][0] == store.get("commune:4").name


def test_a_postgresql_connection_that_was_dropped_is_made_again_for_the_next_call(postgresql):
    from console.directory.backend import StoreError

    directory = SiteDirectory(postgresql.url(postgresql.create_database()))
    try:
        pid = directory.db.execute("SELECT pg_backend_pid()").fetchone()[0]
        postgresql.admin().execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(StoreError, match="PostgreSQL"):  # the call that met the dropped link hears of it
            directory.db.execute("SELECT 1")
        assert audit.append_audit(directory, "anh", "mute_audio", "commune:4", {}, "ok") >= 1
        assert directory.db.execute("SELECT pg_backend_pid()").fetchone()[0] != pid
    finally:
        directory.close()


def test_tokens_for_many_sites_count_the_rows_changed_and_name_the_sites_that_are_not_active(store):
    from console.directory.store import SiteLookupError

    keys = store.province_site_keys([1])[:50]
    tokens = credentials.issue_site_tokens(store, keys)
    assert len(credentials.credential_snapshot(store).sites) == 50 and set(tokens) == set(keys)
    with pytest.raises(SiteLookupError, match="1 of the 51 sites are not active"):
        credentials.issue_site_tokens(store, [*keys, "commune:999999"])
