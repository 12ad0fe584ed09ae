"""Where the console keeps its SQLite file when no ``--db`` is given."""

import os
from pathlib import Path

APP_DIR_NAME = "opsconsole"
DB_FILE_NAME = "opsconsole.sqlite3"


def default_db_path() -> Path:
    """``$OPSCONSOLE_DB``, else the XDG data directory (what QStandardPaths'
    GenericDataLocation gives on Linux), e.g. ``~/.local/share/opsconsole/opsconsole.sqlite3``."""
    override = os.environ.get("OPSCONSOLE_DB")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME / DB_FILE_NAME
