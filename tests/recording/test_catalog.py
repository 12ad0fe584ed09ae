"""The recordings list in SQLite: begin, finish, list, export, delete, retention; audited."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.directory import SiteDirectory
from console.directory.audit import recent_audit
from console.recording import RecordingWriter, catalog
from console.recording.catalog import CatalogError
from tests.recording.test_writer import feed


@pytest.fixture
def directory(tmp_path):
    d = SiteDirectory(tmp_path / "db.sqlite3")
    yield d
    d.close()


def recorded(directory, folder, key="commune:70", seconds=1, note=""):
    path = folder / catalog.file_name(key)
    writer = RecordingWriter(path).start()
    feed(writer, seconds)
    if note:
        writer.bookmark(note)
    rid = catalog.begin(directory, key, "Phường Hoàn Kiếm", "anh", path)
    assert catalog.get(directory, rid)["status"] == "recording"
    return rid, catalog.finish(directory, rid, writer.stop())


def test_a_finished_recording_is_listed_with_its_figures(directory, tmp_path):
    rid, row = recorded(directory, tmp_path, note="mốc 1")
    assert row["status"] == "done" and row["video_frames"] == 15 and row["audio_packets"] == 50
    assert (
        row["bytes"] > 0
        and row["width"] == 320
        and row["bookmarks"] == [{"at_s": row["bookmarks"][0]["at_s"], "note": "mốc 1"}]
    )
    assert [r["id"] for r in catalog.list_recordings(directory)] == [rid]
    assert catalog.list_recordings(directory, site="commune:4") == []


def test_export_copies_and_delete_removes_file_and_row_both_audited(directory, tmp_path):
    rid, row = recorded(directory, tmp_path)
    target = tmp_path / "out"
    target.mkdir()
    copied = catalog.export(directory, rid, target, "anh")
    assert copied.read_bytes() == Path(row["path"]).read_bytes()
    with pytest.raises(CatalogError, match="cannot export"):
        catalog.export(directory, rid, tmp_path / "missing-folder" / "x.webm", "anh")
    catalog.delete(directory, rid, "anh")
    assert not (tmp_path / row["path"]).exists() and catalog.list_recordings(directory) == []
    with pytest.raises(CatalogError, match="no recording"):
        catalog.delete(directory, rid, "anh")
    actions = [(r["actor"], r["action"], r["result"][:6]) for r in recent_audit(directory, 10)]
    assert actions == [
        ("anh", "recording_delete", "ok"),
        ("anh", "recording_export", "failed"),
        ("anh", "recording_export", "ok"),
    ]


def test_a_running_recording_cannot_be_deleted(directory, tmp_path):
    rid = catalog.begin(directory, "commune:70", "Phường Hoàn Kiếm", "anh", tmp_path / "x.webm")
    with pytest.raises(CatalogError, match="still running"):
        catalog.delete(directory, rid, "anh")
    assert catalog.interrupted(directory) == 1
    assert catalog.get(directory, rid)["status"] == "failed"


def test_retention_deletes_what_is_older_than_the_days_given(directory, tmp_path):
    old, _ = recorded(directory, tmp_path, "commune:4")
    new, _ = recorded(directory, tmp_path, "commune:7")
    ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat(timespec="milliseconds")
    directory.db.execute("UPDATE recordings SET started_at = ? WHERE id = ?", [ten_days_ago, old])
    old_path = catalog.get(directory, old)["path"]
    assert catalog.prune(directory, 0, "anh") == []  # 0: keep forever
    assert [r["id"] for r in catalog.prune(directory, 30, "anh")] == []
    assert [r["id"] for r in catalog.prune(directory, 7, "anh")] == [old]
    assert [r["id"] for r in catalog.list_recordings(directory)] == [new]
    assert not __import__("os").path.exists(old_path)
    assert recent_audit(directory, 1)[0]["params"] == {"days": 7, "deleted": [old]}
