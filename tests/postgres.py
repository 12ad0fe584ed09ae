"""A throwaway PostgreSQL cluster for the tests: ``initdb`` in a temporary folder, a free port
on 127.0.0.1 only, the socket in that folder; as an unprivileged user when the tests run as
root (PostgreSQL refuses to run as root). Stopped and removed at the end of the session.

The server is the test process's own child, told by the kernel to stop at once when its
parent dies (a run killed mid-way, Ctrl+C twice): a cluster started through ``pg_ctl`` outlived
such a run. A killed run's folder is removed by the next run (its name holds the creator's PID)."""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from console.processes import process_alive
from tests.ports import free_port

USER, PASSWORD = "opsconsole", "test-password"
PREFIX = "opsconsole-pg-"
_OURS = re.compile(rf"^{PREFIX}(\d+)-")
PR_SET_PDEATHSIG = 1


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl, or None where PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None."""
    if binaries() is None:
        return "PostgreSQL's binaries (initdb, pg_ctl) are not installed: packaging/dev.sh setup installs them"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg 3 is not installed (pip install 'psycopg[binary]')"
    return None


def sweep_abandoned() -> list[str]:
    """Remove the clusters of runs that died without stopping them (their server first)."""
    swept = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        match = _OURS.match(folder.name)
        if not match or process_alive(int(match.group(1))):
            continue
        try:
            server = int((folder / "data" / "postmaster.pid").read_text().split()[0])
            os.kill(server, signal.SIGQUIT)  # PostgreSQL's immediate shutdown
        except (OSError, ValueError, IndexError):
            pass
        shutil.rmtree(folder, ignore_errors=True)
        swept.append(str(folder))
    return swept


class Cluster:
    def __init__(self) -> None:
        sweep_abandoned()
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._owner = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self._owner = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
        self._admin = None
        self.server: subprocess.Popen | None = None

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner.pw_name, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.folder)

    def _as_owner_ending_with_us(self) -> None:
        """In the server's process before it runs: the owner's identity (not root), then the
        kernel's promise of SIGQUIT when we die (set last: a change of identity clears it)."""
        if self._owner is not None:
            os.setgid(self._owner.pw_gid)
            os.setuid(self._owner.pw_uid)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGQUIT)

    def start(self) -> Cluster:
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD + "\n")
        if self._owner is not None:
            for path in (self.folder, password_file):
                os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        os.chmod(self.folder, 0o700)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        for attempt in range(3):
            if self._serve():
                return self
            # Another process took the port between its pick and the server's bind: a new one.
            log = self._log()
            if attempt == 2 or "Address already in use" not in log:
                raise RuntimeError(f"PostgreSQL did not start:\n{log[-3000:]}")
            self.port = free_port()
        return self

    def _log(self) -> str:
        path = self.folder / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _serve(self, ceiling_s: float = 60.0) -> bool:
        """Start the server and wait until it takes connections; False if it ended first."""
        with open(self.folder / "log", "ab") as log:
            self.server = subprocess.Popen(
                [str(self.bin / "postgres"), "-D", str(self.data), "-c", "listen_addresses=127.0.0.1",
                 "-p", str(self.port), "-k", str(self.folder), "-c", "fsync=off",
                 "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                preexec_fn=self._as_owner_ending_with_us,
            )  # fmt: skip
        import psycopg

        deadline = time.monotonic() + ceiling_s
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                return False
            try:
                psycopg.connect(self.url(), connect_timeout=5).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL took no connection within {ceiling_s:g} s:\n{self._log()[-3000:]}")

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def admin(self):
        import psycopg

        if self._admin is None:
            self._admin = psycopg.connect(self.url(), autocommit=True)
        return self._admin

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin().execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def stop_server(self) -> None:
        """PostgreSQL stops (a fast shutdown: its clients' connections are cut) and stays down."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        assert self.server is not None
        self.server.send_signal(signal.SIGINT)
        self.server.wait(60)

    def start_server(self) -> None:
        """PostgreSQL back on the same port, with the same data. From the main thread: the
        kernel's promise of SIGQUIT is kept when the *thread* that started the server ends (a
        server started from asyncio.to_thread died with the executor's thread)."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("start the test PostgreSQL from the main thread: it ends with the thread that starts it")
        if not self._serve():
            raise RuntimeError(f"PostgreSQL did not start again:\n{self._log()[-3000:]}")

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGQUIT)  # immediate: the data is thrown away
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
