"""Whether a hub is serving a database now: a shared lock on a file beside it.

The directory's ``status`` column is what the hub last wrote. A hub that stops marks every
site offline, and so does one that starts; but a hub that is killed (SIGKILL, power) writes
nothing, and until the next start its sites read "online". Whoever reads the column without
the hub (``opsconsole sites show``) asks this lock whether anyone is still serving it: each
running hub holds a shared lock for as long as its process lives (the kernel drops it when the
process dies, however it dies), and an exclusive lock that can be taken means nobody is.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def lock_path(db_path: str | Path | None) -> Path | None:
    if db_path is None or str(db_path) == ":memory:" or "://" in str(db_path):  # PostgreSQL: no file beside
        return None
    if str(db_path).startswith("sqlite:"):
        db_path = str(db_path)[len("sqlite:") :]
    db = Path(db_path)
    return db.with_name(db.name + ".hub-lock")


class HubLock:
    """Held by a running hub (shared: two hubs on one database are not this lock's business)."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def hold(self) -> HubLock:
        if self.path is not None and self._fd is None:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return self  # a read-only folder: readers then cannot tell, and say so (hub_running)
            fcntl.flock(fd, fcntl.LOCK_SH)
            self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


def hub_running(db_path: str | Path | None) -> bool | None:
    """True while some hub process serves ``db_path``, False when none does, None when this
    cannot be told (no lock file can exist there)."""
    path = lock_path(db_path)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False  # no hub ever held it: none is running (a hub makes it at start)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
