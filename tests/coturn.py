"""A real TURN relay for tests: coturn (Debian ``coturn``) with ``use-auth-secret``, started
by the test with its own configuration in a temporary folder, never as a system service.

``Coturn(address, port, secret).start()`` runs ``turnserver`` in the foreground (inside a
namespace when ``command_prefix`` says so: ``ip netns exec NAME``), waits until it answers on
TCP, and ``stop()`` ends it by its PID. It listens on UDP and TCP on the same port.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"
REALM = "opsconsole.test"


def unavailable_reason() -> str | None:
    return None if os.path.exists(TURNSERVER) else "coturn is not installed (apt-get install coturn)"


def free_port(address: str = "127.0.0.1") -> int:
    """A port free on both UDP and TCP at ``address`` (coturn takes both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((address, 0))
            port = tcp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.bind((address, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free on both UDP and TCP")


class Coturn:
    def __init__(
        self,
        address: str = "127.0.0.1",
        port: int | None = None,
        secret: str = "turn-test-secret",
        command_prefix: Sequence[str] = (),
        relay_ports: tuple[int, int] = (49152, 49999),
        loopback_peers: bool = True,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        """``tls``: a certificate and its key; TLS is then taken on the listening port too
        (coturn tells TLS from plain TURN by the first bytes), for ``turns:`` URLs."""
        self.address = address
        self.tls = tls
        self.port = port or free_port(address)
        self.secret = secret
        self.command_prefix = list(command_prefix)
        self.relay_ports = relay_ports
        self.loopback_peers = loopback_peers
        self.folder = Path(tempfile.mkdtemp(prefix="opsconsole-coturn-"))
        self.process: subprocess.Popen | None = None

    def url(self, transport: str = "udp") -> str:
        return f"turn:{self.address}:{self.port}?transport={transport}"

    @property
    def stun_url(self) -> str:
        return f"stun:{self.address}:{self.port}"

    @property
    def log(self) -> str:
        path = self.folder / "turn.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _config(self) -> str:
        low, high = self.relay_ports
        lines = [
            f"listening-ip={self.address}",
            f"relay-ip={self.address}",
            f"listening-port={self.port}",
            f"min-port={low}",
            f"max-port={high}",
            "use-auth-secret",
            f"static-auth-secret={self.secret}",
            f"realm={REALM}",
            "fingerprint",
            "no-cli",
            "no-dtls",
            "no-multicast-peers",
            f"pidfile={self.folder / 'turn.pid'}",
            f"userdb={self.folder / 'turndb'}",
            "log-file=stdout",
            "simple-log",
            "verbose",
        ]
        if self.tls is None:
            lines.append("no-tls")
        else:
            lines += [f"cert={self.tls[0]}", f"pkey={self.tls[1]}"]
        if self.loopback_peers:
            lines.append("allow-loopback-peers")  # tests on 127.0.0.1 relay to 127.0.0.1
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 20.0) -> Coturn:
        config = self.folder / "turnserver.conf"
        config.write_text(self._config())
        log = open(self.folder / "turn.log", "wb")  # noqa: SIM115 (the child writes it; closed below)
        self.process = subprocess.Popen(
            [*self.command_prefix, TURNSERVER, "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coturn exited ({self.process.returncode}):\n{self.log[-2000:]}")
            if "Total General servers" in self.log or "turn server id=0 created" in self.log:
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"coturn did not start within {timeout:g} s:\n{self.log[-2000:]}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # its own session: the netns exec wrapper and coturn
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Coturn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
