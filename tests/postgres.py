"""A throwaway PostgreSQL cluster for the tests: ``initdb`` in a temporary folder, a free port
on 127.0.0.1 only, the socket in that folder; as an unprivileged user when the tests run as
root (PostgreSQL refuses to run as root). Stopped and removed at the end of the session."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.ports import free_port

USER, PASSWORD = "opsconsole", "test-password"


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


class Cluster:
    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="opsconsole-pg-"))
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

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner.pw_name, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.folder)

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
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.folder / "log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off",
                    "start",
                )
                break
            except subprocess.CalledProcessError:
                # Another process took the port between its pick and the server's bind: a new one.
                log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
                if attempt == 2 or "Address already in use" not in log:
                    raise
                self.port = free_port()
        return self

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

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
