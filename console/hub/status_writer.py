"""Sites' online/offline status written to the directory in batches, never in a site's way.

Presence is the hub's memory; the ``status`` and ``last_seen`` columns are its record for
other programs (``sites show``, the console's directory). One transaction per join or leave
made 1,000 sites dropping at once take a second of the directory worker, and presence waited
for it. Here a change is noted in memory and written with every other change of the same
200 ms in one transaction; the latest change of a site wins.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

log = logging.getLogger(__name__)
FLUSH_S = 0.2


def _write(directory, changes: list[tuple[str, str, str]]) -> None:
    with directory.db.conn:
        directory.db.conn.executemany("UPDATE sites SET status = ?, last_seen = ? WHERE key = ?", changes)


class StatusWriter:
    """Collects ``(key -> status, when)`` and writes them every ``flush_s``."""

    def __init__(self, db: Callable[[Callable[[Any], Any]], Awaitable[Any]], flush_s: float = FLUSH_S) -> None:
        self._db = db
        self.flush_s = flush_s
        self._pending: dict[str, tuple[str, str]] = {}
        self._wake = asyncio.Event()

    def note(self, key: str, status: str, when: str) -> None:
        self._pending[key] = (status, when)
        self._wake.set()

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            await asyncio.sleep(self.flush_s)  # gather what else changes meanwhile
            await self.flush()

    async def flush(self) -> None:
        self._wake.clear()
        if not self._pending:
            return
        batch, self._pending = self._pending, {}
        try:
            await self._db(lambda d: _write(d, [(status, when, key) for key, (status, when) in batch.items()]))
        except Exception:  # a locked file: keep the changes for the next round, newer ones winning
            log.exception("could not record the status of %d sites; retrying", len(batch))
            self._pending = {**batch, **self._pending}
            self._wake.set()
