"""Run a hub: on its own (`opsconsole hub`) or embedded in the console's event loop."""

from __future__ import annotations

import asyncio
import logging
import resource
import signal
import ssl
from pathlib import Path
from typing import Any

from aiohttp import web

from console.directory import DirectoryWorker, hub_runs
from console.directory.hub_lock import HubLock
from console.hub.gc_pauses import GcPolicy
from console.hub.http_log import HttpErrorLog
from console.hub.pair import HubPairRunner
from console.hub.server import Hub

log = logging.getLogger(__name__)


class HubRunner:
    """Starts a Hub on ``host:port`` in the running loop; ``port=0`` picks a free one.

    With ``ssl_context`` it serves HTTPS and WSS: browsers give the site page a camera only in
    a secure context, so a hub that communes reach over the network needs TLS.
    """

    def __init__(
        self,
        db_path: str | Path,
        host: str = "127.0.0.1",
        port: int = 8765,
        ssl_context: ssl.SSLContext | None = None,
        also_on: tuple[str, ...] = (),
        **hub_options,
    ) -> None:
        """``also_on``: more addresses to listen on, at the same port (the demo's console joins its
        embedded hub on 127.0.0.1, where the local token is accepted, whatever ``host`` is)."""
        self.worker = DirectoryWorker(db_path)
        self.lock = HubLock(db_path)  # tells `sites show` a hub serves this database (hub_lock.py)
        self.hub = Hub(self.worker, **hub_options)
        self.host, self.port = host, port
        self.also_on = tuple(a for a in also_on if a != host)
        self.ssl_context = ssl_context
        self._runner: web.AppRunner | None = None
        self._pulse: asyncio.Task | None = None  # set while the hub serves (hub_runs.py)

    async def start(self) -> HubRunner:
        await asyncio.wrap_future(self.worker.opened)  # a broken --db fails here, clearly
        self.lock.hold()
        self._runner = web.AppRunner(self.hub.app(), access_log=None, shutdown_timeout=2, logger=HttpErrorLog())
        await self._runner.setup()
        # A national hub sees thousands of sites reconnect at once (after its own restart): a
        # deep accept queue keeps their connects from timing out and retrying.
        try:
            for index, host in enumerate((self.host, *self.also_on)):
                port = self.port if index == 0 else self._runner.addresses[0][1]  # (0 picks one, once)
                await web.TCPSite(self._runner, host, port, ssl_context=self.ssl_context, backlog=4096).start()
        except OSError:  # port in use: stop what setup started (the sweeper) before saying so
            await self.stop()
            raise
        self.port = self._runner.addresses[0][1]  # the port actually bound (0 picks one)
        log.info("hub listening on %s", self.url)
        # The audit trail tells the hub's own story: this start, and a previous run that was
        # killed rather than stopped (only a hub that listens counts as having served).
        lost = await self._db(lambda d: hub_runs.record_start(d, {"url": self.url}))
        if lost is not None:
            log.warning("the previous hub run ended without a clean stop; last known alive %s", lost["last_alive"])
        self._pulse = asyncio.get_running_loop().create_task(self._keep_pulse())
        return self

    async def _db(self, call):
        return await asyncio.wrap_future(self.worker.submit(call))

    async def _keep_pulse(self) -> None:
        while True:
            await asyncio.sleep(hub_runs.PULSE_S)
            try:
                await self._db(hub_runs.note_alive)
            except Exception:  # a busy file: the next pulse says the same
                log.warning("could not note the hub alive", exc_info=True)

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://{self.host}:{self.port}"

    async def stop(self) -> None:
        pulse, self._pulse = self._pulse, None
        if pulse is not None:
            pulse.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if pulse is not None:  # it served: its clean stop is on record, after every site's leave
            try:
                await self._db(hub_runs.record_stop)
            except Exception:
                log.exception("could not audit the hub's stop")
        await asyncio.get_running_loop().run_in_executor(None, self.worker.close)
        self.lock.release()  # after the last write: every site is marked offline by now

    async def __aenter__(self) -> HubRunner:
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()


def tls_context(cert: str | Path, key: str | Path) -> ssl.SSLContext:
    """A server context from PEM files; raises ValueError naming the file that is wrong."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"cannot use the TLS certificate {cert} with key {key}: {exc}") from None
    return context


def raise_file_limit(wanted: int = 65536) -> int:
    """Raise this process's open-file limit towards ``wanted`` (a socket per site); the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def run_hub(
    db_path: Path | str,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None = None,
    sfu=None,
    pair: dict[str, Any] | None = None,
    turn=None,
) -> int:
    """`opsconsole hub`: serve until interrupted. ``pair``: on PostgreSQL, one hub of a pair
    (``hub_id``, ``advertise``; console/hub/pair.py), active while it holds the lease. ``turn``: the relay credentials issuer (turn_relay.py)."""
    limit = raise_file_limit()
    if limit < 12000:
        log.warning(
            "only %d open files allowed (hard limit): fewer sites than the country's communes "
            "can be online at once; raise `ulimit -Hn` (LimitNOFILE= in a systemd unit)",
            limit,
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runner: HubRunner | HubPairRunner
    if pair is not None:
        runner = HubPairRunner(str(db_path), host, port, ssl_context, sfu=sfu, turn=turn, **pair)
    else:
        runner = HubRunner(db_path, host, port, ssl_context, sfu=sfu, turn=turn)
    async with runner:
        gc_policy = GcPolicy(  # a pair's hub changes with its terms (None while standby)
            lambda: _clients(runner.hub), lambda: _departures(runner.hub), on_pause=lambda s: _gc_pause(runner.hub, s)
        ).install()
        print(
            f"hub listening on {runner.url} (sites: {runner.url}/ws/site, consoles: {runner.url}/ws/console)",
            flush=True,
        )
        await stop.wait()
        gc_policy.uninstall()
    return 0


def _clients(hub: Hub | None) -> int:
    return 0 if hub is None else len(hub.sites) + len(hub.consoles)


def _departures(hub: Hub | None) -> int:
    return 0 if hub is None else hub.departures


def _gc_pause(hub: Hub | None, seconds: float) -> None:
    if hub is not None:
        hub.metrics.gc_pause.observe(seconds)
