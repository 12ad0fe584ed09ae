"""A hub and simulated sites in child processes, so the measured process is the console alone."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import random
import re
import socket
import sys
import urllib.request
from pathlib import Path

import psutil

from console.processes import bound_to_us

HUB_LISTENING = re.compile(rb"hub listening on (\S+)")  # what `opsconsole hub` prints once it listens


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port() -> int:
    """A port on 127.0.0.1 free right now, for a child that must be told its port by number (a
    hub started again where the last one was, PostgreSQL). Picked at random below the range the
    kernel hands out for outgoing connections, which could take a port picked there before the
    child binds it; two pickers colliding stays possible, so a caller starts again on
    EADDRINUSE. Where the child can bind port 0 and say its port, that is better."""
    high = _ephemeral_low()
    for _ in range(200):
        port = random.randrange(10000, high)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    continue
                raise
            return port
    raise OSError(errno.EADDRINUSE, "no free port below the ephemeral range")


async def hub_url(hub: asyncio.subprocess.Process, timeout: float) -> str:
    """The address a hub started with ``--port 0`` and ``stdout=PIPE`` says it listens on."""
    assert hub.stdout is not None
    line = await asyncio.wait_for(hub.stdout.readline(), timeout)
    found = HUB_LISTENING.search(line)
    if found is None:
        raise RuntimeError(f"the hub did not come up (exit {await hub.wait()})")
    return found.group(1).decode()


def piped(stream: asyncio.StreamReader | None) -> asyncio.StreamReader:
    """A child's stdout or stderr, which it was started with as a pipe (asyncio types both as
    optional: they exist only for a pipe)."""
    if stream is None:
        raise RuntimeError("this child's output is not a pipe: start it with stdout/stderr=PIPE")
    return stream


def health(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/healthz", timeout=2) as reply:
        return json.load(reply)


async def start_hub(
    db: Path | str, *extra: str, stderr=asyncio.subprocess.PIPE, timeout: float = 30.0, port: int | None = None
) -> tuple[asyncio.subprocess.Process, str]:
    """``opsconsole hub`` on 127.0.0.1 (a free port, or ``port`` to start one again where the
    last one was), returned once it answers /healthz. ``db``: an SQLite file, or a store's URL
    (``postgresql://…``, given as ``--store``)."""
    where = ["hub", "--store", db] if isinstance(db, str) else ["--db", str(db), "hub"]
    hub = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "console.cli",
        *where,
        "--port",
        str(port or 0),  # 0: the hub binds any free port and says which
        *extra,
        stdout=asyncio.subprocess.PIPE,
        stderr=stderr,
        **bound_to_us(),
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        url = await hub_url(hub, timeout)
    except (TimeoutError, RuntimeError):
        if hub.returncode is None:
            hub.kill()
        await hub.wait()
        raise RuntimeError(f"the hub did not come up (exit {hub.returncode})") from None
    while True:
        try:
            health(url)
            return hub, url
        except OSError as refused:
            if hub.returncode is not None or loop.time() > deadline:
                if hub.returncode is None:
                    hub.kill()
                await hub.wait()
                raise RuntimeError(f"the hub did not come up (exit {hub.returncode})") from refused
            await asyncio.sleep(0.1)


class Children:
    """``opsconsole hub`` and ``opsconsole sim`` on 127.0.0.1, stopped on exit. What they
    write to stderr goes to a file beside the database (``<name>.log``): a pipe nobody reads
    fills after 64 KiB and then blocks the child (seen: sims logging under a CPU hog froze
    every picture)."""

    def __init__(self, db: Path, sites: int, extra_sim_args: list[str] | None = None) -> None:
        self.db = db
        self.sites = sites
        self.extra = extra_sim_args or []
        self.url = ""  # known once the hub listens (it binds any free port and says which)
        self.env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32"}
        self.procs: list[asyncio.subprocess.Process] = []
        self.logs: list[Path] = []

    async def start(self, timeout: float = 90.0) -> None:
        hub = await self._spawn("hub", "--port", "0", stdout=asyncio.subprocess.PIPE)
        try:
            self.url = await hub_url(hub, timeout)
        except TimeoutError:
            raise TimeoutError("the hub did not come up in time") from None
        except RuntimeError:
            raise RuntimeError(f"a child process exited early: {self.tail(0)}") from None
        await self._until(lambda: health(self.url), timeout)
        await self._spawn("sim", "--hub", self.url, "--sites", str(self.sites), *self.extra)
        await self._until(lambda: health(self.url)["sites_online"] >= self.sites, timeout)

    async def _spawn(self, *args: str, stdout=asyncio.subprocess.DEVNULL) -> asyncio.subprocess.Process:
        log = self.db.with_name(f"{args[0]}.log")
        self.logs.append(log)
        with log.open("ab") as stderr:
            return await self._exec(args, stdout, stderr)

    async def _exec(self, args: tuple[str, ...], stdout, stderr) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "console.cli",
            "--db",
            str(self.db),
            *args,
            stdout=stdout,
            stderr=stderr,
            **bound_to_us(self.env),
        )
        self.procs.append(proc)
        return proc

    def tail(self, which: int, chars: int = 2000) -> str:
        """The end of what child ``which`` (0 hub, 1 sim) wrote to stderr."""
        try:
            return self.logs[which].read_text(errors="replace")[-chars:]
        except (OSError, IndexError):
            return ""

    async def _until(self, check, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for which, proc in enumerate(self.procs):
                if proc.returncode is not None:
                    raise RuntimeError(f"a child process exited early: {self.tail(which)}")
            try:
                if check():
                    return
            except OSError:
                pass
            if loop.time() > deadline:
                raise TimeoutError("the hub or the simulated sites did not come up in time")
            await asyncio.sleep(0.3)

    def cpu_seconds(self, which: int) -> float:
        """CPU time so far of child ``which`` (0 hub, 1 sim)."""
        times = psutil.Process(self.procs[which].pid).cpu_times()
        return times.user + times.system

    async def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.returncode is None:
                proc.terminate()
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()
