"""The recordings list (SQLite, the directory's file, through its one worker): what was
recorded, of whom, by whom, when, how long, its bookmarks; export, delete and retention.

Deleting, exporting and pruning are audited here (the hub audits the recording itself: the
``set_recording`` control carries the operator's name).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from console.directory.audit import append_audit
from console.recording.writer import WriterResult

TABLE = "recordings"
RECORDING, DONE, PARTIAL, FAILED = "recording", "done", "partial", "failed"  # partial: ended early, playable

_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, site TEXT NOT NULL, site_name TEXT, "
    "operator TEXT, path TEXT NOT NULL, started_at TEXT NOT NULL, duration_s REAL DEFAULT 0, "
    "video_frames INTEGER DEFAULT 0, audio_packets INTEGER DEFAULT 0, bytes INTEGER DEFAULT 0, "
    "width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, status TEXT NOT NULL, error TEXT DEFAULT '', "
    "bookmarks TEXT DEFAULT '[]')",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_started ON {TABLE} (started_at)",
)


class CatalogError(ValueError):
    """A request about a recording that cannot be done (unknown id, file gone, …)."""


def ensure_table(directory) -> None:
    for statement in _SCHEMA:
        directory.db.conn.execute(statement)


def recordings_folder(db_path: Path) -> Path:
    """Where recordings go by default: beside the database, in ``recordings/``."""
    return Path(db_path).expanduser().resolve().parent / "recordings"


def file_name(key: str, when: datetime | None = None) -> str:
    """``commune-4_20260131-090000.webm`` (local time: what the operator's clock said)."""
    when = (when or datetime.now(UTC)).astimezone()
    return f"{key.replace(':', '-')}_{when:%Y%m%d-%H%M%S}.webm"


def begin(directory, site: str, site_name: str, operator: str, path: Path) -> int:
    """A row for a recording that starts now; returns its id."""
    ensure_table(directory)
    with directory.db.conn:
        table = directory.db[TABLE].insert(
            {
                "site": site,
                "site_name": site_name,
                "operator": operator,
                "path": str(path),
                "started_at": _now(),
                "status": RECORDING,
            }
        )
    return table.last_pk


def finish(directory, recording_id: int, result: WriterResult) -> dict[str, Any]:
    """Record how it ended; returns the row."""
    ensure_table(directory)
    status = FAILED if result.video_frames == 0 else PARTIAL if result.error else DONE
    started = result.started_at.isoformat(timespec="milliseconds") if result.started_at else None
    bookmarks = json.dumps([{"at_s": b.at_s, "note": b.note} for b in result.bookmarks], ensure_ascii=False)
    with directory.db.conn:
        directory.db.conn.execute(
            f"UPDATE {TABLE} SET duration_s = ?, video_frames = ?, audio_packets = ?, bytes = ?, width = ?, "
            "height = ?, status = ?, error = ?, bookmarks = ?, started_at = COALESCE(?, started_at) WHERE id = ?",
            [
                round(result.duration_s, 3),
                result.video_frames,
                result.audio_packets,
                result.bytes,
                result.width,
                result.height,
                status,
                result.error,
                bookmarks,
                started,
                recording_id,
            ],
        )
    return get(directory, recording_id)


def get(directory, recording_id: int) -> dict[str, Any]:
    ensure_table(directory)
    rows = list(directory.db.query(f"SELECT * FROM {TABLE} WHERE id = ?", [recording_id]))
    if not rows:
        raise CatalogError(f"no recording {recording_id}")
    return _row(rows[0])


def list_recordings(directory, limit: int = 500, site: str | None = None) -> list[dict[str, Any]]:
    """Newest first."""
    ensure_table(directory)
    where, args = ("WHERE site = ?", [site]) if site else ("", [])
    return [
        _row(r) for r in directory.db.query(f"SELECT * FROM {TABLE} {where} ORDER BY id DESC LIMIT ?", [*args, limit])
    ]


def delete(directory, recording_id: int, actor: str) -> dict[str, Any]:
    """Remove the file and its row; audited. A file already gone is not an error."""
    row = get(directory, recording_id)
    if row["status"] == RECORDING:
        raise CatalogError("this recording is still running; stop it first")
    Path(row["path"]).unlink(missing_ok=True)
    with directory.db.conn:
        directory.db.conn.execute(f"DELETE FROM {TABLE} WHERE id = ?", [recording_id])
    append_audit(directory, actor, "recording_delete", row["site"], {"file": row["path"]}, "ok")
    return row


def export(directory, recording_id: int, destination: Path, actor: str) -> Path:
    """Copy the file (its bookmarks are chapters inside it) to ``destination``; audited."""
    row = get(directory, recording_id)
    source = Path(row["path"])
    if not source.is_file():
        raise CatalogError(f"the file {source} is no longer there")
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / source.name
    try:
        shutil.copyfile(source, destination)
    except OSError as exc:
        append_audit(
            directory,
            actor,
            "recording_export",
            row["site"],
            {"file": str(destination)},
            f"failed: {exc.strerror or exc}",
        )
        raise CatalogError(f"cannot export to {destination}: {exc.strerror or exc}") from None
    append_audit(directory, actor, "recording_export", row["site"], {"file": str(destination)}, "ok")
    return destination


def prune(directory, days: int, actor: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Delete recordings that started more than ``days`` days ago (files and rows); audited."""
    ensure_table(directory)
    if days <= 0:
        return []
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).astimezone(UTC)
    old = [
        _row(r)
        for r in directory.db.query(
            f"SELECT * FROM {TABLE} WHERE started_at < ? AND status != ? ORDER BY id",
            [cutoff.isoformat(timespec="milliseconds"), RECORDING],
        )
    ]
    for row in old:
        Path(row["path"]).unlink(missing_ok=True)
    if old:
        with directory.db.conn:
            directory.db.conn.executemany(f"DELETE FROM {TABLE} WHERE id = ?", [[r["id"]] for r in old])
        append_audit(
            directory, actor, "recording_prune", "recordings", {"days": days, "deleted": [r["id"] for r in old]}, "ok"
        )
    return old


def interrupted(directory) -> int:
    """Rows left ``recording`` by a console that died: marked failed (their files are playable
    up to where they stop). Returns how many."""
    ensure_table(directory)
    with directory.db.conn:
        cursor = directory.db.conn.execute(
            f"UPDATE {TABLE} SET status = ?, error = ? WHERE status = ?",
            [FAILED, "the console stopped during the recording", RECORDING],
        )
    return cursor.rowcount


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "bookmarks": json.loads(row.get("bookmarks") or "[]")}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
