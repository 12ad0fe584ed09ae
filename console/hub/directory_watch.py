"""The running hub learns what other programs change in its database, within a second.

``opsconsole sites revoke-token`` and ``operators revoke-token`` (and imports) run in their
own processes and write the same SQLite file. SQLite's ``PRAGMA data_version`` changes for
a connection whenever another connection commits, so polling it twice a second costs one
cheap statement; only when it moved does the hub re-read the tokens in force (and the
structure, if an import happened) and end the connections whose token is gone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from console.directory import credentials
from console.directory.backend import StoreError
from console.directory.credentials import CredentialSnapshot

log = logging.getLogger(__name__)
POLL_S = 0.5


@dataclass(frozen=True)
class DirectoryChange:
    """What another program changed: the tokens in force, and whether the structure changed."""

    tokens: CredentialSnapshot
    imports: int


def _data_version(directory) -> int:
    return directory.db.execute("PRAGMA data_version").fetchone()[0]


def read_change(directory) -> DirectoryChange:
    imports = directory.db.execute("SELECT count(*) FROM imports").fetchone()[0]
    return DirectoryChange(credentials.credential_snapshot(directory), imports)


class DirectoryWatch:
    """Calls ``on_change`` (on the loop) after another program commits to the database.

    ``fresh()`` makes sure every commit made before it was called has been seen: the hub
    awaits it before acting on a console's control, so a control sent after its operator's
    token was revoked is refused even if the poll has not come round yet.
    """

    def __init__(
        self,
        db: Callable[[Callable[[Any], Any]], Awaitable[Any]],
        on_change: Callable[[DirectoryChange], Awaitable[None]],
        poll_s: float = POLL_S,
    ) -> None:
        self._db = db
        self._on_change = on_change
        self.poll_s = poll_s
        self._version: int | None = None
        self._lock = asyncio.Lock()
        self._asked = 0  # calls of fresh() so far
        self._covered = 0  # the calls a finished check has answered
        self._store_away = False  # the last check could not reach the store (said once)

    async def start(self) -> DirectoryChange:
        """The state to begin with: tokens in force and the import count."""
        self._version = await self._db(_data_version)
        return await self._db(read_change)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.poll_s)
            try:
                await self.fresh()
            except asyncio.CancelledError:
                raise
            except Exception:  # a locked or vanished file must not stop the watch
                log.exception("could not check the database for changes")

    async def fresh(self) -> None:
        """Apply whatever other programs committed before this call.

        Callers that arrive while a check runs wait for the next one (that check may have read
        the version before their moment); all of them share it, so a thousand joins at once
        cost one check, not a thousand.
        """
        self._asked += 1
        ticket = self._asked
        async with self._lock:
            if self._covered >= ticket:
                return
            covers = self._asked  # everyone who asked before this check begins
            try:
                await self._check()
            except StoreError as exc:
                # The store is away (a PostgreSQL restart): the hub goes on with the tokens and
                # the directory it holds, and the next call looks again.
                if not self._store_away:
                    log.warning("the store is away; going on with what the hub holds: %s", exc)
                self._store_away = True
                return
            if self._store_away:
                log.info("the store is back")
                self._store_away = False
            self._covered = covers

    async def _check(self) -> None:
        version = await self._db(_data_version)
        if version == self._version:
            return
        change = await self._db(read_change)
        self._version = version
        await self._on_change(change)
