"""Sites' online/offline status written to the directory in batches, never in a site's way.

Presence is the hub's memory; the ``status`` and ``last_seen`` columns are its record for
other programs (``sites show``, the console's directory). One transaction per join or leave
made 1,000 sites dropping at once take a second of the directory worker, and presence waited
for it. Here a change is noted in memory and written with every other change of the same
200 ms in one transaction; the latest change of a site wins.

The same batches append every join and leave (not only the latest) to the presence
log (``console/directory/presence_log.py``), which meeting minutes read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from console.directory import presence_log
from console.directory.backend import StoreError

log = logging.getLogger(__name__)
FLUSH_S = 0.2


def _write(directory, changes: list[tuple[str, str, str]], history: Sequence[tuple[str, str, str]] = ()) -> None:
    with directory.db.conn:
        directory.db.conn.executemany("UPDATE sites SET status = ?, last_seen = ? WHERE key = ?", changes)
        if history:  # every join and leave, in the same transaction
            presence_log.append(directory.db.conn, history)


class StatusWriter:
    """Collects ``(key -> status, when)`` and writes them every ``flush_s``."""

    def __init__(self, db: Callable[[Callable[[Any], Any]], Awaitable[Any]], flush_s: float = FLUSH_S) -> None:
        self._db = db
        self.flush_s = flush_s
        self._pending: dict[str, tuple[str, str]] = {}
        self._history: list[tuple[str, str, str]] = []  # (at, site, event), in order
        self._wake = asyncio.Event()
        self._failing = False  # the last write failed (a store away is said once, not every round)

    def note(self, key: str, status: str, when: str) -> None:
        self._pending[key] = (status, when)
        # The log's times are to the millisecond (``when`` has seconds): a join and
        # a leave in the same second keep their order in a meeting's minutes.
        self._history.append((presence_log.now(), key, "join" if status == "online" else "leave"))
        self._wake.set()

    def note_hub_start(self) -> None:
        """The hub (re)started; every site was offline from here on."""
        self._history.append((presence_log.now(), presence_log.EVERY_SITE, presence_log.HUB_START))
        self._wake.set()

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            await asyncio.sleep(self.flush_s)  # gather what else changes meanwhile
            await self.flush()

    async def flush(self) -> None:
        self._wake.clear()
        if not self._pending and not self._history:
            return
        batch, self._pending = self._pending, {}
        history, self._history = self._history, []
        # Shielded: the hub's stop cancels the writer's task, and a write it cancelled while
        # queued for the store's thread would never be made (the stop's own flush then finds
        # nothing left to write): a restarted hub's "everyone left" row was lost that way.
        write = asyncio.ensure_future(
            self._db(lambda d: _write(d, [(status, when, key) for key, (status, when) in batch.items()], history))
        )
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            write.add_done_callback(_log_if_failed)  # it lands (or is said) without us
            raise
        except Exception as exc:  # a locked file, a store away: keep the changes for the next round, newer ones winning
            if isinstance(exc, StoreError):  # said once per outage, not every round
                if not self._failing:
                    log.warning(
                        "could not record the status of %d sites (%s); retrying until the store is back",
                        len(batch),
                        exc,
                    )
            else:
                log.exception("could not record the status of %d sites; retrying", len(batch))
            self._failing = True
            self._pending = {**batch, **self._pending}
            self._history = history + self._history
            self._wake.set()
            return
        if self._failing:
            log.info("the sites' status is recorded again")
            self._failing = False


def _log_if_failed(write: asyncio.Future) -> None:
    """A write whose flush was cancelled (the hub stopping) has nobody awaiting it: a failure is
    said here, not lost as an exception never retrieved."""
    if not write.cancelled() and write.exception() is not None:
        log.warning("the status write under way at the hub's stop failed: %s", write.exception())
