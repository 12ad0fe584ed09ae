"""Where the hub keeps its Janus control sessions, so that the next hub to serve claims them.

Janus keeps a session for ``reclaim_session_timeout`` after its transport went; a hub that
claims it keeps the rooms, the mountpoint and the forwarders that session made, instead of
making them again beside the old ones. What is kept: each shard's session and handles, and
(without a Janus secret) the rooms' own secret, without which no later hub could administer
the rooms.

With the SQLite store they sit in a file beside the database. With PostgreSQL they are a row
of the store (``meta.janus_sessions``), where whichever hub of a pair takes over finds them.
That row is read and written through the hub's own store calls: off the event loop, and
fenced like every other durable write, so a deposed hub cannot put back the sessions it held.

Both are read once per term (``load`` at the orchestrator's start) and written when a shard
(re)connects, a rare event.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)
ROW = "janus_sessions"

StoreCall = Callable[[Callable[[Any], Any]], Awaitable[Any]]


class SessionKeeper(Protocol):
    def bind(self, store: StoreCall) -> None: ...

    async def load(self) -> dict[str, Any]: ...

    async def save(self, state: dict[str, Any]) -> None: ...


class FileSessions:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def bind(self, store: StoreCall) -> None:
        """The file is not in the store."""

    async def load(self) -> dict[str, Any]:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return saved if isinstance(saved, dict) else {}

    async def save(self, state: dict[str, Any]) -> None:
        try:
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(state), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("could not keep the SFU control sessions in %s: %s", self.path, error)


class StoreSessions:
    """The sessions in the hub's store, through ``store`` (the hub's call onto its store's
    thread), given when the hub attaches the orchestrator."""

    def __init__(self) -> None:
        self._store: StoreCall | None = None

    def bind(self, store: StoreCall) -> None:
        self._store = store

    async def load(self) -> dict[str, Any]:
        if self._store is None:
            return {}
        try:
            return await self._store(read_sessions)
        except Exception as error:  # the store unreachable: start without them, as with a lost file
            log.warning("could not read the SFU control sessions from the store: %s", error)
            return {}

    async def save(self, state: dict[str, Any]) -> None:
        if self._store is None:
            return
        try:
            await self._store(lambda directory: write_sessions(directory, state))
        except Exception as error:  # a deposed hub's write is refused by the fence: said, not raised
            log.warning("could not keep the SFU control sessions in the store: %s", error)


def read_sessions(directory: Any) -> dict[str, Any]:
    row = directory.db.execute("SELECT value FROM meta WHERE name = ?", [ROW]).fetchone()
    try:
        saved = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    return saved if isinstance(saved, dict) else {}


def write_sessions(directory: Any, state: dict[str, Any]) -> None:
    directory.db["meta"].upsert({"name": ROW, "value": json.dumps(state)}, pk="name")
