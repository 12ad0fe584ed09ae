"""Where the hub keeps its Janus control sessions, so that a restarted hub claims them.

With the SQLite store they sit in a file beside the database; with PostgreSQL they are a row
of the store (``meta.janus_sessions``), where any hub started on that store finds them. They
are written when a shard (re)connects, a rare event, so the write is made in place.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
ROW = "janus_sessions"


class FileSessions:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return saved if isinstance(saved, dict) else {}

    def save(self, state: dict[str, Any]) -> None:
        try:
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(state), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("could not keep the SFU control sessions in %s: %s", self.path, error)


class StoreSessions:
    """The sessions in the PostgreSQL store: read once per run (a shard that is down asks again
    every second, on the event loop), written through with a short connection."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._known: dict[str, Any] | None = None

    def _db(self):
        from console.directory.backend import PgDatabase

        return PgDatabase(self.url)

    def load(self) -> dict[str, Any]:
        if self._known is None:
            self._known = self._read()
        return dict(self._known)

    def _read(self) -> dict[str, Any]:
        try:
            db = self._db()
            try:
                row = db.execute("SELECT value FROM meta WHERE name = ?", [ROW]).fetchone()
            finally:
                db.close()
            saved = json.loads(row[0]) if row else {}
        except Exception as error:  # the store unreachable: start without them, as with a lost file
            log.warning("could not read the SFU control sessions from the store: %s", error)
            return {}
        return saved if isinstance(saved, dict) else {}

    def save(self, state: dict[str, Any]) -> None:
        self._known = dict(state)
        try:
            db = self._db()
            try:
                db["meta"].upsert({"name": ROW, "value": json.dumps(state)}, pk="name")
            finally:
                db.close()
        except Exception as error:
            log.warning("could not keep the SFU control sessions in the store: %s", error)
