"""The directory file's own identity: a random id made on first use and kept in it.

The hub owns its directory file, so this id names the hub across restarts and port changes:
a console keeps what belongs to one hub (the arrangement of its wall) under this id and never
shows it for another hub.
"""

from __future__ import annotations

import uuid

from console.directory.store import SiteDirectory


def directory_id(directory: SiteDirectory) -> str:
    """This directory's id (32 hex digits), created the first time it is asked for."""
    with directory.db.conn:
        directory.db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('directory_id', ?)", [uuid.uuid4().hex])
    return str(directory.db.execute("SELECT value FROM meta WHERE name = 'directory_id'").fetchone()[0])
