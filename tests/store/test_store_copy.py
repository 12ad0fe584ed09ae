"""`opsconsole store copy` moves an installation from SQLite into PostgreSQL."""

import json

from console.cli import main
from console.directory import SiteDirectory, audit, credentials, hub_runs
from console.hub.alarms import save_alarm
from console.hub.room_walls import load_walls, save_wall


def _installation(path):
    directory = SiteDirectory(path)
    operator = credentials.issue_operator_token(directory, "anh", role="admin")
    site = credentials.issue_site_token(directory, "commune:4")
    keys = [s.key for s in directory.children("province:1")][:4]
    directory.create_group("north", keys, "by hand")
    save_alarm(
        directory,
        {
            "id": 7,
            "rule": "offline",
            "site": "commune:4",
            "state": "new",
            "raised_at": "t",
            "last_at": "t",
            "count": 1,
            "raised_by": "hub",
            "detail": "",
            "acked_by": None,
            "acked_at": None,
            "closed_at": None,
        },
    )
    save_wall(
        directory,
        {"name": "room", "state": "{}", "version": 5, "updated_by": "anh", "updated_at": "t", "locked_by": None},
    )
    hub_runs.record_start(directory)
    identity = credentials.local_token(directory)
    directory.close()
    return operator, site, identity


def test_copy_moves_every_durable_table_and_refuses_a_non_empty_target(national, postgresql, capsys):
    path = national.path
    national.close()
    operator, site, local = _installation(path)
    url = postgresql.url(postgresql.create_database())

    assert main(["store", "copy", "--from", f"sqlite:{path}", "--to", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["sites"] >= 10810 and report["rows"]["audit"] >= 3
    assert "test-password" not in json.dumps(report)

    moved = SiteDirectory(url)
    try:
        snapshot = credentials.credential_snapshot(moved)
        assert snapshot.operator(operator).role == "admin" and snapshot.site(site).name == "commune:4"
        assert credentials.local_token(moved) == local  # the same hub to its consoles
        assert moved.group("north").members == 4
        assert [w["version"] for w in load_walls(moved)] == [5]
        before = [r["id"] for r in audit.recent_audit(moved)]
        assert audit.append_audit(moved, "anh", "mute", "commune:4", {}, "ok") > max(before)
        assert moved.search("phuc xa", 1)[0].name == "Phường Phúc Xá"
    finally:
        moved.close()

    assert main(["store", "copy", "--from", f"sqlite:{path}", "--to", url]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "is not empty" in error and "nothing was copied" in error
