"""One hub of a pair (or more) on one PostgreSQL: active while it holds the lease, standby
otherwise (docs/failover.md).

On its address it serves either the standby's application (standby.py: health and a refusal
naming the active hub) or, while it holds the lease, a whole ``Hub`` made afresh for that
term. Taking over builds the hub's state from the store, as a restart does; stepping down
closes every client's connection in the same loop turn the lease is lost, then puts the
standby's application back. Every write of a term is fenced with its epoch, so what the
deposed term still tries to write is refused by PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
import time
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web

from console.directory import DirectoryWorker, hub_runs
from console.directory.lease import Fence, Grant
from console.directory.store import SiteDirectory
from console.hub.http_log import HttpErrorLog
from console.hub.lease import LeaseKeeper, LeaseTiming
from console.hub.server import Hub
from console.hub.standby import CLOSE_STANDBY, let_refusals_answer, standby_app

log = logging.getLogger(__name__)
STEPPED_DOWN = "this hub stepped down: another hub is active now"


class HubPairRunner:
    """A hub of a pair on ``host:port`` (``port=0`` picks a free one, kept for every term)."""

    def __init__(
        self,
        store_url: str,
        host: str = "127.0.0.1",
        port: int = 8765,
        ssl_context: ssl.SSLContext | None = None,
        hub_id: str | None = None,
        advertise: str | None = None,
        timing: LeaseTiming | None = None,
        **hub_options: Any,
    ) -> None:
        self.store_url = store_url
        self.host, self.port = host, port
        self.ssl_context = ssl_context
        self.hub_options = hub_options
        self.timing = timing
        self._hub_id, self._advertise = hub_id, advertise
        self.worker = DirectoryWorker(store_url)
        self.hub: Hub | None = None  # the term being served, None while standby
        self._runner: web.AppRunner | None = None
        self._switching = asyncio.Lock()
        self._pulse: asyncio.Task[None] | None = None
        self._granted_at = 0.0
        self._closing: set[asyncio.Task[None]] = set()  # deposed terms still shutting down
        self._term_tried = asyncio.Event()  # set once a takeover has served, or failed to
        self.keeper: LeaseKeeper | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://{self.host}:{self.port}"

    @property
    def hub_id(self) -> str:
        return self._hub_id or f"{socket.gethostname()}:{self.port}"

    @property
    def address(self) -> str:
        """Where clients reach this hub (``--advertise``, else its listening address)."""
        return self._advertise or self.url

    def info(self) -> dict[str, Any]:
        """This hub, the active one and every hub's address (health, welcome, standby refusal)."""
        keeper = self.keeper
        active: dict[str, Any] | None = None
        if keeper is not None and keeper.grant is not None:
            active = {"hub": self.hub_id, "address": self.address, "epoch": keeper.grant.epoch}
        elif keeper is not None and keeper.view.live and keeper.view.holder:
            active = {"hub": keeper.view.holder, "address": keeper.view.address, "epoch": keeper.view.epoch}
        hubs = list(keeper.view.members) if keeper is not None else []
        if self.address not in hubs:
            hubs.append(self.address)
        return {"hub": self.hub_id, "address": self.address, "active": active, "hubs": hubs}

    # --- start and stop ----------------------------------------------------------------

    async def start(self) -> HubPairRunner:
        await asyncio.wrap_future(self.worker.opened)  # a broken --store fails here, clearly
        await self._serve(standby_app(self.info))
        self.keeper = LeaseKeeper(
            self.store_url, self.hub_id, self.address, self._granted, self._lost, self.timing or LeaseTiming()
        )
        self.keeper.start()
        with contextlib.suppress(TimeoutError):  # a standby's first answers name the active hub
            await asyncio.wait_for(self.keeper.looked.wait(), self.keeper.timing.call_s * 4)
        if self.keeper.grant is not None:  # the first hub up serves from its first line on
            await self._term_tried.wait()
        log.info("hub %s listening on %s as a standby until it holds the lease", self.hub_id, self.url)
        return self

    async def stop(self) -> None:
        async with self._switching:
            if self.hub is not None:
                await self._end_term(clean=True)
            if self.keeper is not None:
                await self.keeper.stop()  # gives the lease up: a standby takes over at once
            await self._unserve()
        for task in list(self._closing):  # a deposed term's shutdown that its store never answered
            task.cancel()
        await asyncio.get_running_loop().run_in_executor(None, self.worker.close)

    async def __aenter__(self) -> HubPairRunner:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- terms -------------------------------------------------------------------------

    def _granted(self, grant: Grant) -> None:
        self._granted_at = time.monotonic()
        self._switch(self._take_over(grant))

    def _lost(self, reason: str) -> None:
        # Synchronously, in the turn the lease was lost: nobody is served from here on.
        hub = self.hub
        if hub is not None:
            for peer in [*hub.sites.values(), *hub.consoles.values()]:
                peer.close(CLOSE_STANDBY, STEPPED_DOWN)
        log.warning("hub %s steps down: %s", self.hub_id, reason)
        self._switch(self._step_down())

    def _switch(self, change: Coroutine[Any, Any, None]) -> None:
        async def serialised() -> None:
            async with self._switching:
                await change

        asyncio.get_running_loop().create_task(serialised())

    def _holds(self, grant: Grant) -> bool:
        return self.keeper is not None and self.keeper.grant is grant

    async def _take_over(self, grant: Grant) -> None:
        try:
            await self._start_term(grant)
        finally:
            self._term_tried.set()

    async def _start_term(self, grant: Grant) -> None:
        if not self._holds(grant):
            return
        try:
            fence = Fence(self.hub_id, grant.epoch)
            await self._db(lambda d: setattr(d.db, "fence", fence))
            hub = Hub(self.worker, **self.hub_options)
            hub.pair_info = self.info
            runner = await self._prepare(hub.app())  # its startup reads the state from the store,
            # while the standby's application still answers. Its refusals in flight are not
            # waited for: they end on their own, naming this hub, now active. (Waited for, a
            # crowd reconnecting to the standby held every takeover 4 s: aiohttp's 2 s for a
            # handler to end, then 2 s more for it to be cancelled.)
            await self._unserve(wait=False)
            await self._listen(runner)
            self.hub = hub
            if not self._holds(grant):  # lost while starting: _step_down is queued behind this
                return
            await self._note_term(hub, grant)
        except Exception:
            log.exception("hub %s could not take over", self.hub_id)
            self.hub = None
            if self.keeper is not None:
                self.keeper.lose("could not start serving")
            await self._unserve()
            await self._serve(standby_app(self.info))
            return
        self._pulse = asyncio.get_running_loop().create_task(self._keep_pulse())
        log.info("hub %s is active (epoch %d) on %s", self.hub_id, grant.epoch, self.url)

    async def _note_term(self, hub: Hub, grant: Grant) -> None:
        """The audit trail and the room hear of a takeover (and of this hub's own lost run)."""
        me = self.hub_id
        params = {"url": self.url, "address": self.address, "epoch": grant.epoch}
        lost = await self._db(lambda d: hub_runs.record_start(d, params, hub=me))
        if lost is not None:
            log.warning("hub %s: its previous run ended without a clean stop", me)
        if not grant.previous or grant.previous == me:
            return
        away = (grant.away_s or 0.0) + (time.monotonic() - self._granted_at)
        takeover = {
            "hub": me,
            "address": self.address,
            "from": grant.previous,
            "from_address": grant.previous_address,
            "epoch": grant.epoch,
            "previous_epoch": grant.previous_epoch,
            "away_s": round(away, 1),
        }
        await self._db(lambda d: hub_runs.record_takeover(d, takeover))
        hub._raise_alarm(  # noqa: SLF001 (the term's own hub raises it, as a console's request would)
            "hub_failover",
            None,
            "hub",
            f"hub {grant.previous} lost: hub {me} took over after {away:.1f} s",
            {"lost": grant.previous, "now": me, "seconds": round(away, 1)},
        )

    async def _step_down(self) -> None:
        if self.hub is None:
            return
        await self._end_term(clean=False)
        await self._serve(standby_app(self.info))

    async def _end_term(self, clean: bool) -> None:
        pulse, self._pulse = self._pulse, None
        if pulse is not None:
            pulse.cancel()
        self.hub = None
        await self._unserve(wait=clean)  # a deposed term's last writes are refused by the fence, and logged
        if clean:
            me = self.hub_id
            try:
                await self._db(lambda d: hub_runs.record_stop(d, me))
            except Exception:
                log.exception("could not audit the hub's stop")

    async def _keep_pulse(self) -> None:
        me = self.hub_id
        while True:
            await asyncio.sleep(hub_runs.PULSE_S)
            try:
                await self._db(lambda d: hub_runs.note_alive(d, me))
            except Exception:
                log.warning("could not note the hub alive", exc_info=True)

    # --- the address -------------------------------------------------------------------

    async def _serve(self, app: web.Application) -> None:
        await self._listen(await self._prepare(app))

    async def _prepare(self, app: web.Application) -> web.AppRunner:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2, logger=HttpErrorLog())
        await runner.setup()
        return runner

    async def _listen(self, runner: web.AppRunner) -> None:
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context, backlog=4096)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def _unserve(self, wait: bool = True) -> None:
        """Stop listening; the term's own shutdown (its last writes) is waited for only with
        ``wait``: a deposed term's store may not answer at all (a lost link), and the address
        must not stay dark meanwhile."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        for site in list(runner.sites):
            await site.stop()
        if wait:
            await self._shut(runner)
        else:
            task = asyncio.get_running_loop().create_task(self._shut(runner))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _shut(self, runner: web.AppRunner) -> None:
        try:
            await let_refusals_answer(runner.app)
            await runner.cleanup()
        except Exception as exc:  # a deposed hub's shutdown writes are refused: it has stopped all the same
            log.warning("hub %s: its shutdown could not write: %s", self.hub_id, " ".join(str(exc).split()))

    async def _db(self, call: Callable[[SiteDirectory], Any]) -> Any:
        return await asyncio.wrap_future(self.worker.submit(call))
