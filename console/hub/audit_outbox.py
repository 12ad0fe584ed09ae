"""Audit rows that wait for the store instead of being lost.

The audit trail is what the room answers with afterwards ("who unmuted Xã Thượng Lâm, and when
did it take?"), so a row the store could not take at once is kept, in order, and written when
the store is back: a PostgreSQL restart or a failover of the database takes seconds, during
which the hub still relays controls from memory. Each row keeps the time it happened.

A retried row is written only if it is not there already: the store may have committed the
first try and lost only its answer with the link, and a row must land once. (Its time, to the
millisecond, with its actor, action, target and result, tells it apart.)

A hub that has lost its lease may write nothing more (the fence refuses): its waiting rows are
said lost in the log, with their count, since the hub that took over cannot know them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from console.directory.backend import StoreError
from console.directory.lease import Deposed

log = logging.getLogger(__name__)
MAX_WAITING = 100_000  # rows kept while the store is away (about a day of a busy room's controls)
FIRST_RETRY_S = 0.25
LAST_RETRY_S = 5.0


@dataclass(frozen=True)
class AuditRow:
    actor: str
    action: str
    target: str
    params: dict[str, Any]
    result: str
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))


class AuditOutbox:
    """Writes audit rows through ``write`` (first try) and ``write_once`` (retries), in order."""

    def __init__(
        self,
        write: Callable[[AuditRow], Awaitable[None]],
        write_once: Callable[[AuditRow], Awaitable[None]],
        on_waiting: Callable[[int], None] = lambda n: None,
    ) -> None:
        self._write, self._write_once = write, write_once
        self.on_waiting = on_waiting  # the count of rows waiting, whenever it changes (metrics)
        self.waiting: list[AuditRow] = []
        self.lost = 0
        self._flusher: asyncio.Task[None] | None = None

    async def append(self, row: AuditRow) -> None:
        if self.waiting:  # earlier rows wait for the store: this one goes after them
            self._keep(row)
            return
        try:
            await self._write(row)
        except Deposed as exc:
            self._lose([row], exc)
        except StoreError as exc:
            log.warning("the store did not take an audit row (%s): kept until it does", exc)
            self._keep(row)
        except Exception:
            log.exception("could not write the audit row for %s %s %s", row.actor, row.action, row.target)

    def _keep(self, row: AuditRow) -> None:
        if len(self.waiting) >= MAX_WAITING:
            self._lose([self.waiting.pop(0)], StoreError(f"more than {MAX_WAITING} audit rows waiting"))
        self.waiting.append(row)
        self.on_waiting(len(self.waiting))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        delay = FIRST_RETRY_S
        while self.waiting:
            await asyncio.sleep(delay)
            try:
                while self.waiting:
                    await self._write_once(self.waiting[0])
                    self.waiting.pop(0)
                    self.on_waiting(len(self.waiting))
                log.info("the store is back: every waiting audit row is written")
            except Deposed as exc:
                self._lose(self.waiting, exc)
                self.waiting = []
                self.on_waiting(0)
            except StoreError:
                delay = min(LAST_RETRY_S, delay * 2)
            except Exception:
                log.exception("an audit row could not be written; trying again")
                delay = min(LAST_RETRY_S, delay * 2)

    def _lose(self, rows: list[AuditRow], why: BaseException) -> None:
        self.lost += len(rows)
        log.error("%d audit rows lost (%s); the first: %s %s %s", len(rows), why, *_what(rows[0]))

    async def close(self) -> None:
        """Stop retrying (the hub stops): what still waits is said lost."""
        if self._flusher is not None:
            self._flusher.cancel()
        if self.waiting:
            self._lose(self.waiting, StoreError("the hub stopped before the store came back"))
            self.waiting = []


def _what(row: AuditRow) -> tuple[str, str, str]:
    return row.actor, row.action, row.target
