"""A store made by the previous schema opens, keeps its rows and is migrated forward."""

import shutil
from pathlib import Path

import pytest

from console.directory import SiteDirectory, audit, credentials, schema
from console.directory.backend import PgDatabase, StoreError

PREVIOUS = Path(__file__).parent / "data" / "schema-2.sqlite3"  # made by the program before PostgreSQL


def test_an_sqlite_file_of_the_previous_schema_opens_and_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(PREVIOUS, path)
    directory = SiteDirectory(path)
    try:
        assert schema.stored_version(directory.db) == schema.SCHEMA_VERSION
        indexes = {row[0] for row in directory.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"audit_target", "audit_at", "presence_log_at"} <= indexes
        assert directory.stats()["active"] == 40
        assert [r["action"] for r in audit.recent_audit(directory)] == ["mute", "issue_operator_token"]
        assert list(credentials.credential_snapshot(directory).operators) == ["anh"]
        assert directory.search("xa", 1)  # its search index still answers
    finally:
        directory.close()
    again = SiteDirectory(path)  # a migrated file opens as it is
    assert schema.stored_version(again.db) == schema.SCHEMA_VERSION
    again.close()


def test_a_postgresql_store_of_the_previous_schema_opens_and_is_migrated(postgresql):
    url = postgresql.url(postgresql.create_database())
    db = PgDatabase(url)
    schema.create_baseline(db)
    db.execute(
        "INSERT INTO audit (at, actor, action, target, params, result) VALUES (?, ?, ?, ?, ?, ?)",
        ["2026-12-01T00:00:00.000+00:00", "anh", "mute", "commune:4", "{}", "ok"],
    )
    assert schema.stored_version(db) == schema.BASELINE
    db.close()
    directory = SiteDirectory(url)
    try:
        assert schema.stored_version(directory.db) == schema.SCHEMA_VERSION
        indexes = {row[0] for row in directory.db.execute("SELECT indexname FROM pg_indexes")}
        assert {"audit_target", "audit_at", "presence_log_at"} <= indexes
        assert [r["action"] for r in audit.recent_audit(directory)] == ["mute"]
        alarm_columns = {c[0] for c in directory.db.execute("SELECT * FROM alarms LIMIT 0").description}
        assert {"detail_kind", "detail_args"} <= alarm_columns
        assert audit.append_audit(directory, "anh", "unmute", "commune:4", {}, "ok") == 2
        before = directory.db.execute("SELECT n FROM credential_changes").fetchone()[0]  # the change watch's counter
        directory.db.execute("INSERT INTO operators (name, token_hash) VALUES ('binh', 'x')")
        assert directory.db.execute("SELECT n FROM credential_changes").fetchone()[0] == before + 1
    finally:
        directory.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_store_newer_than_the_program_is_refused(backend, tmp_path, request):
    if backend == "sqlite":
        target = str(tmp_path / "new.sqlite3")
    else:
        cluster = request.getfixturevalue("postgresql")
        target = cluster.url(cluster.create_database())
    SiteDirectory(target).close()
    directory = SiteDirectory(target)
    directory.db.execute("UPDATE meta SET value = ? WHERE name = 'schema_version'", [str(schema.SCHEMA_VERSION + 1)])
    if backend == "sqlite":
        directory.db.conn.commit()
    directory.close()
    with pytest.raises(StoreError, match="newer than this program"):
        SiteDirectory(target)
