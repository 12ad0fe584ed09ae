"""Which hub of a pair is active: the lease in PostgreSQL, taken and renewed on a connection of
its own (console/directory/lease.py has the row and the fence; docs/failover.md the argument).

A standby tries to take the lease every ``poll_s``; the active hub renews it every ``renew_s``
for ``ttl_s``. The active hub also keeps a deadline of its own, on this loop: ``ttl_s`` minus
``margin_s`` after it *sent* its last renewal that succeeded. PostgreSQL's expiry counts from
when it *ran* that renewal, later, so the hub always gives up before any standby may take
over, whether it lost its link, PostgreSQL stopped answering, or its machine stood still.
The deadline is a loop timer: after a freeze (SIGSTOP) it fires in the loop's first turn,
before any task that was waiting on the store runs again.

The keeper runs on a thread of its own, with its own event loop, and tells the hub's loop what
it decided. On the hub's loop, a lease renewed every second would wait behind whatever the hub
is doing: ten thousand communes reconnecting at once after a restart held that loop for seconds,
the renewal came too late, the hub stepped down and closed every connection, took the lease
again, and the same crowd came back (measured with `bench presence --store`: the hub lost and
retook its lease again and again, and 3,481 of 9,809 sites were back after 180 s). A busy hub
is not a lost hub; a frozen or cut-off one still loses the lease, on this thread as before, and
what its busy loop still writes after that is refused by the fence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from console.directory import lease
from console.directory.lease import Grant
from console.loop_thread import LoopThread

log = logging.getLogger(__name__)


@dataclass
class LeaseTiming:
    """How often and for how long (seconds); the defaults make a takeover within 5 s."""

    ttl_s: float = 3.0
    renew_s: float = 1.0
    poll_s: float = 0.5
    margin_s: float = 0.5
    call_s: float = 1.0  # a lease statement that takes longer counts as failed (a renewal: until the deadline)

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
    """Takes, renews and gives up the lease, on a thread of its own; says so through
    ``on_granted`` and ``on_lost``, called on the loop that started it (the hub's)."""

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
        self._home: asyncio.AbstractEventLoop | None = None  # the hub's loop: where it is told
        self._home_thread: threading.Thread | None = None
        # The same deadline on the hub's loop: after a freeze (SIGSTOP) it fires in that loop's
        # first turn, before the hub serves anything, whichever thread wakes first.
        self._home_deadline: asyncio.TimerHandle | None = None
        self._own: LoopThread | None = None  # the keeper's loop, on its thread

    def start(self) -> None:
        """Start on a thread of its own (called on the hub's loop, which it then tells)."""
        self._home, self._home_thread = asyncio.get_running_loop(), threading.current_thread()
        self._own = LoopThread("lease")
        self._own.submit(self._run())

    async def stop(self) -> None:
        """Stop; a held lease is given up at once, so a standby need not wait for it to expire."""
        own = self._own
        if own is None:
            return
        with contextlib.suppress(RuntimeError):  # its loop already gone
            await asyncio.wrap_future(own.submit(self._stop_here()))
        await asyncio.to_thread(own.stop, 10)
        self._own = None

    async def _stop_here(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        grant, self.grant = self.grant, None
        self._cancel_deadline()
        self._tell(self._set_home_deadline, None)
        if grant is not None and self._conn is not None:
            with contextlib.suppress(Exception):
                await self._call(lease.RELEASE, {"hub": self.hub, "epoch": grant.epoch})
        await self._drop()

    def _tell(self, call: Callable[..., Any], *args: Any) -> None:
        """Run ``call`` on the hub's loop (the keeper decides here, the hub acts there); at once
        when already there."""
        if threading.current_thread() is self._home_thread:
            call(*args)
        elif self._home is not None and not self._home.is_closed():
            self._home.call_soon_threadsafe(call, *args)

    def _set_home_deadline(self, at: float | None) -> None:
        """(On the hub's loop.) The deadline there: ``at`` (loop time), or none."""
        if self._home_deadline is not None:
            self._home_deadline.cancel()
            self._home_deadline = None
        if at is not None and self.grant is not None and self._home is not None:
            self._home_deadline = self._home.call_at(at, self.lose, "could not renew the lease in time")

    # --- the loop ----------------------------------------------------------------------

    async def _run(self) -> None:
        self._task = asyncio.current_task()  # (what stopping cancels)
        while True:
            try:
                await self._turn()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the link or PostgreSQL: the deadline decides, not this error
                log.warning("lease: %s", " ".join(str(exc).split()) or type(exc).__name__)
                await self._drop()
                failed = True
            else:
                failed = False
            self._tell(self.looked.set)
            # After a failure, try again soon: a held lease has only until its deadline.
            await asyncio.sleep(self.timing.renew_s if self.grant is not None and not failed else self.timing.poll_s)

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
                self._tell(self.on_granted, grant)
        else:
            # A slow renewal may take until the deadline: it is that timer, not this wait,
            # that decides when the lease is lost.
            left = self._deadline.when() - loop.time() if self._deadline is not None else 0.0
            row = await self._call(
                lease.RENEW, {**self._params(), "epoch": self.grant.epoch}, within=max(self.timing.call_s, left)
            )
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
        at = sent + self.timing.ttl_s - self.timing.margin_s  # (both loops keep time.monotonic())
        self._deadline = asyncio.get_running_loop().call_at(at, self.lose, "could not renew the lease in time")
        self._tell(self._set_home_deadline, at)

    def lose(self, reason: str) -> None:
        """Give the lease up here and now (it is, or soon will be, another hub's). From the
        hub's loop too (a term that could not start): the grant goes at once, the rest on the
        keeper's thread."""
        if self.grant is None:
            return
        log.warning("lease: lost epoch %d: %s", self.grant.epoch, reason)
        self.grant = None
        self.view = LeaseView(members=self.view.members)  # who holds it now is for the next look to say
        if self._own is not None and not self._own.is_current:
            self._own.call(self._cancel_deadline)
        else:
            self._cancel_deadline()
        self._tell(self._set_home_deadline, None)
        self._tell(self.on_lost, reason)

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

    async def _call(
        self,
        sql: str,
        params: dict[str, Any],
        fetch: bool = True,
        fetch_all: bool = False,
        within: float | None = None,
    ) -> Any:
        async def run() -> Any:
            cursor = await self._conn.execute(sql, params or None)
            if fetch_all:
                return await cursor.fetchall()
            return await cursor.fetchone() if fetch else None

        return await self._within(run(), within)

    async def _within(self, call: Coroutine[Any, Any, Any], within: float | None = None) -> Any:
        seconds = self.timing.call_s if within is None else within
        try:
            return await asyncio.wait_for(call, seconds)
        except TimeoutError:
            raise TimeoutError(f"PostgreSQL did not answer within {seconds:.3g} s") from None

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.pgconn.finish()  # no goodbye over a link that may be dead
