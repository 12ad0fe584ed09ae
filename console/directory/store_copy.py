"""Move an installation from one store to another (SQLite to PostgreSQL, or back).

Every durable table is copied row for row, ids included (audit rows, alarms and presence keep
their numbers), in one transaction on the target: a copy that fails leaves the target as it
was. The target must be empty, so a copy never merges two installations or runs twice; the
directory's own identity and local token travel with it, so consoles see the same hub.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from console.directory.backend import StoreError, StoreTarget, dialect
from console.directory.store import SiteDirectory

# Every table whose rows are the installation (the search index is rebuilt, not copied).
TABLES = (
    "sites",
    "groups",
    "group_members",
    "imports",
    "operators",
    "alarms",
    "room_walls",
    "audit",
    "presence_log",
    "recordings",
    "meta",
)
_BATCH = 2000


@dataclass
class CopyReport:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "rows": self.rows}


def holds_installation(directory: SiteDirectory) -> dict[str, int]:
    """The rows that make ``directory`` an installation already (empty: a fresh store)."""
    counts = {t: directory.db[t].count for t in ("sites", "operators", "audit", "alarms", "room_walls")}
    return {t: n for t, n in counts.items() if n}


def copy_store(source: StoreTarget, target: StoreTarget) -> CopyReport:
    """Copy ``source`` into the empty store ``target``; raises StoreError saying why not."""
    if str(source) == str(target):
        raise StoreError("the source and the target are the same store")
    src = SiteDirectory(str(source) if source.kind == "postgresql" else source.location)
    try:
        dst = SiteDirectory(str(target) if target.kind == "postgresql" else target.location)
        try:
            already = holds_installation(dst)
            if already:
                held = ", ".join(f"{n} {t}" for t, n in already.items())
                raise StoreError(
                    f"{target.shown()} is not empty ({held}): copy only into an empty store; nothing was copied"
                )
            report = CopyReport(source.shown(), target.shown())
            _ensure_optional_tables(src, dst)
            with dst.db.conn:
                for table in TABLES:
                    if table in src.db.table_names() and table in dst.db.table_names():
                        report.rows[table] = _copy_table(src, dst, table)
                _after_copy(dst)
            return report
        finally:
            dst.close()
    finally:
        src.close()


def _ensure_optional_tables(src: SiteDirectory, dst: SiteDirectory) -> None:
    # Tables made on first use (the recordings catalog) are made on the target too.
    from console.directory import presence_log

    if presence_log.TABLE not in dst.db.table_names():
        presence_log.ensure_table(dst.db.conn)
    if "recordings" in src.db.table_names() and "recordings" not in dst.db.table_names():
        columns = (
            src.db.execute("SELECT sql FROM sqlite_master WHERE name = 'recordings'").fetchone()
            if dialect(src.db) == "sqlite"
            else None
        )
        if columns and columns[0]:
            dst.db.execute(columns[0].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))


def _columns(db: Any, table: str) -> list[str]:
    return [c[0] for c in db.execute(f'SELECT * FROM "{table}" LIMIT 0').description]


def _copy_table(src: SiteDirectory, dst: SiteDirectory, table: str) -> int:
    target_columns = set(_columns(dst.db, table))
    columns = [c for c in _columns(src.db, table) if c in target_columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = src.db.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
    if table == "meta":  # the target's own schema version stands
        keep = columns.index("name")
        rows = [r for r in rows if r[keep] != "schema_version"]
        for row in rows:
            dst.db["meta"].upsert(dict(zip(columns, row)), pk="name")
        return len(rows)
    insert = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
    for start in range(0, len(rows), _BATCH):
        dst.db.conn.executemany(insert, [list(r) for r in rows[start : start + _BATCH]])
    return len(rows)


def _after_copy(dst: SiteDirectory) -> None:
    if dialect(dst.db) == "postgresql":
        # Rows came with their ids: new rows go on after the highest.
        for table in TABLES:
            if table in dst.db.table_names() and "id" in _columns(dst.db, table):
                dst.db.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce(max(id), 0) + 1, false) FROM \"{table}\""
                )
    dst.rebuild_search_index()
