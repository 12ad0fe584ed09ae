"""Which hub of a pair is active: the lease in PostgreSQL, taken and renewed on a connection of
its own (console/directory/lease.py has the row and the fence; docs/failover.md the argument).

A standby tries to take the lease every ``poll_s``; the active hub renews it every ``renew_s``
for ``ttl_s``. The active hub also keeps a deadline of its own, on this loop: ``ttl_s`` minus
``margin_s`` after it *sent* its last renewal that succeeded. PostgreSQL's expiry counts from
when it *ran* that renewal, later, so the hub always gives up before any standby may take
over, whether it lost its link, PostgreSQL stopped answering, or its machine stood still.
The deadline is a loop timer: after a freeze (SIGSTOP) it fires in the loop's first turn,
before any task that was waiting on a client or on the store runs again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from console.directory import lease
from console.directory.lease import Grant

log = logging.getLogger(__name__)


@dataclass
class LeaseTiming:
    """How often and for how long (seconds); the defaults make a takeover within 5 s."""

    ttl_s: float = 3.0
    renew_s: float = 1.0
    poll_s: float = 0.5
    margin_s: float = 0.5
    call_s: float = 1.0  # a lease statement that takes longer counts as failed

    @classmethod
    def for_ttl(cls, ttl_s: float) -> LeaseTiming:
        """The defaults' proportions for a lease of ``ttl_s``: a longer lease rides out a
        longer outage of PostgreSQL (a restart, the database's own failover) without a
        takeover, and makes a lost hub's takeover as much longer (docs/failover.md)."""
        third = ttl_s / 3
        return cls(ttl_s=ttl_s, renew_s=third, poll_s=third / 2, margin_s=third / 2, call_s=third)


@dataclass
class LeaseView:
    """What the keeper last read: who is active, at which address, and every hub's address."""

    holder: str = ""
    address: str = ""
    epoch: int = 0
    live: bool = False
    members: list[str] = field(default_factory=list)


class LeaseKeeper:
    """Takes, renews and gives up the lease; says so through ``on_granted`` and ``on_lost``
    (both called on the loop, synchronously, so a step-down starts in the same turn)."""

    def __init__(
        self,
        url: str,
        hub: str,
        address: str,
        on_granted: Callable[[Grant], None],
        on_lost: Callable[[str], None],
        timing: LeaseTiming | None = None,
    ) -> None:
        self.url, self.hub, self.address = url, hub, address
        self.on_granted, self.on_lost = on_granted, on_lost
        self.timing = timing or LeaseTiming()
        self.grant: Grant | None = None
        self.view = LeaseView()
        self._conn: Any = None
        self._deadline: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self.looked = asyncio.Event()  # set once the first look at the lease is over (taken or not)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop; a held lease is given up at once, so a standby need not wait for it to expire."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        grant, self.grant = self.grant, None
        self._cancel_deadline()
        if grant is not None and self._conn is not None:
            with contextlib.suppress(Exception):
                await self._call(lease.RELEASE, {"hub": self.hub, "epoch": grant.epoch})
        await self._drop()

    # --- the loop ----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            try:
                await self._turn()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the link or PostgreSQL: the deadline decides, not this error
                log.warning("lease: %s", " ".join(str(exc).split()) or type(exc).__name__)
                await self._drop()
            self.looked.set()
            await asyncio.sleep(self.timing.renew_s if self.grant is not None else self.timing.poll_s)

    async def _turn(self) -> None:
        if self._conn is None:
            await self._connect()
        loop = asyncio.get_running_loop()
        sent = loop.time()
        if self.grant is None:
            grant = await self._take()
            if grant is not None:
                self.grant = grant
                self._renewed(sent)
                log.info("lease: active, epoch %d (from %s)", grant.epoch, grant.previous or "nobody")
                self.on_granted(grant)
        else:
            row = await self._call(lease.RENEW, {**self._params(), "epoch": self.grant.epoch})
            if self.grant is None:  # lost while the renewal was on its way
                return
            if row is None:
                self.lose("another hub holds the lease now")
                return
            self._renewed(sent)
        await self._call(lease.REGISTER, self._params(), fetch=False)
        holder = await self._call(lease.HOLDER, {})
        members = await self._call(lease.MEMBERS, {}, fetch_all=True)
        self.view = LeaseView(holder[0], holder[1], int(holder[2]), bool(holder[3]), [m[0] for m in members])

    async def _take(self) -> Grant | None:
        async def attempt() -> Grant | None:
            async with self._conn.transaction():
                old = await (await self._conn.execute(lease.LOOK, self._params())).fetchone()
                if old is None or not old[4]:
                    return None
                new = await (await self._conn.execute(lease.TAKE, self._params())).fetchone()
            away = None if not old[0] else float(old[3])
            return Grant(int(new[0]), old[0], old[1], int(old[2]), away)

        return await self._within(attempt())

    def _params(self) -> dict[str, Any]:
        return {"hub": self.hub, "address": self.address, "ttl": self.timing.ttl_s}

    def _renewed(self, sent: float) -> None:
        self._cancel_deadline()
        at = sent + self.timing.ttl_s - self.timing.margin_s
        self._deadline = asyncio.get_running_loop().call_at(at, self.lose, "could not renew the lease in time")

    def lose(self, reason: str) -> None:
        """Give the lease up here and now (it is, or soon will be, another hub's)."""
        if self.grant is None:
            return
        log.warning("lease: lost epoch %d: %s", self.grant.epoch, reason)
        self.grant = None
        self.view = LeaseView(members=self.view.members)  # who holds it now is for the next look to say
        self._cancel_deadline()
        self.on_lost(reason)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    # --- PostgreSQL ----------------------------------------------------------------------

    async def _connect(self) -> None:
        import psycopg

        timeout = self.timing.call_s * 2
        self._conn = await asyncio.wait_for(
            psycopg.AsyncConnection.connect(
                self.url, autocommit=True, connect_timeout=max(1, int(timeout)), application_name="opsconsole-lease"
            ),
            timeout,
        )
        for statement in lease.TABLES:
            await self._call(statement, {}, fetch=False)

    async def _call(self, sql: str, params: dict[str, Any], fetch: bool = True, fetch_all: bool = False) -> Any:
        async def run() -> Any:
            cursor = await self._conn.execute(sql, params or None)
            if fetch_all:
                return await cursor.fetchall()
            return await cursor.fetchone() if fetch else None

        return await self._within(run())

    async def _within(self, call: Coroutine[Any, Any, Any]) -> Any:
        try:
            return await asyncio.wait_for(call, self.timing.call_s)
        except TimeoutError:
            raise TimeoutError(f"PostgreSQL did not answer within {self.timing.call_s:g} s") from None

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.pgconn.finish()  # no goodbye over a link that may be dead
