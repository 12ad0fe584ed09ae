"""Janus instances (the Debian package's ``janus``) run inside a JanusNetwork, for tests and benches.

``JanusShards(k)`` makes the namespace, writes one configuration folder per shard into a
temporary folder and starts ``janus -F DIR`` inside the namespace for each; ``kill(i)``
ends one the hard way (a shard dying mid-meeting), ``close()`` ends them all and deletes the
namespace. Each process's log stays in its folder for a failing test to show.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Protocol

from console.janus.config import HTTP_PORT, ShardConfig
from console.janus.netns import JanusNetwork, NamespaceError, unavailable_reason

READY_TIMEOUT_S = 20.0
_ASK_INFO = """
import json, sys, urllib.request
try:
    print(json.load(urllib.request.urlopen(sys.argv[1], timeout=1)).get("janus"))
except Exception:
    pass
"""


def janus_unavailable_reason() -> str | None:
    """None when Janus can be run in a namespace here; else why not (for tests to skip with)."""
    if shutil.which("janus") is None:
        return "Janus is not installed (Debian package `janus`; packaging/dev.sh setup installs it)"
    return unavailable_reason()


class Place(Protocol):
    """Where a Janus runs: a JanusNetwork (this machine holds one end of its veth), or another
    namespace a test builds, which only the processes inside it reach."""

    reached_from_here: bool

    def inside(self, index: int) -> str: ...

    def command(self, *args: str) -> list[str]: ...


class JanusProcess:
    """One ``janus`` running in ``network`` at its inside address ``index``."""

    def __init__(
        self,
        network: Place,
        index: int,
        folder: Path,
        secret: str | None = None,
        name: str | None = None,
        event_loops: int = 0,
        http_port: int = HTTP_PORT,
    ) -> None:
        self.network = network
        self.index = index
        self.config = ShardConfig(
            network.inside(index), name or f"s{index + 1}", secret, event_loops=event_loops, http_port=http_port
        )
        self.folder = folder
        self.log_path = folder / "janus.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.config.url

    @property
    def admin_url(self) -> str:
        return self.config.admin_url

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, timeout: float = READY_TIMEOUT_S) -> JanusProcess:
        self.config.write(self.folder)
        # `ip netns exec` execs janus itself: the PID is Janus's, and signals reach it.
        self.proc = subprocess.Popen(
            self.network.command("janus", "-F", str(self.folder), "-L", str(self.log_path), "-N", "-o"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"janus {self.config.name} exited at start (code {self.proc.returncode}): {self.log_tail()}"
                )
            if self.ready():
                return self
            if time.monotonic() > deadline:
                self.kill()
                raise TimeoutError(
                    f"janus {self.config.name} did not answer on {self.url} within {timeout:g} s: {self.log_tail()}"
                )
            time.sleep(0.1)

    def ready(self) -> bool:
        if not self.network.reached_from_here:  # asked from inside its namespace
            asked = subprocess.run(
                self.network.command(sys.executable, "-c", _ASK_INFO, f"{self.url}/info"),
                capture_output=True,
                text=True,
                timeout=10,
            )
            return asked.stdout.strip() == "server_info"
        try:
            with urllib.request.urlopen(f"{self.url}/info", timeout=1) as reply:
                return json.load(reply).get("janus") == "server_info"
        except (OSError, ValueError):
            return False

    @property
    def running(self) -> bool:
        return self._running_proc() is not None

    def _running_proc(self) -> subprocess.Popen | None:
        """The janus process while it runs; None before start and once it has ended."""
        return self.proc if self.proc is not None and self.proc.poll() is None else None

    def kill(self) -> None:
        """SIGKILL: the shard dies as a crashed machine would, without saying goodbye."""
        if (proc := self._running_proc()) is not None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)

    def stop(self, timeout: float = 5.0) -> None:
        if (proc := self._running_proc()) is not None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (from /proc; 0 when gone)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError, TypeError):
            return 0.0
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / _CLOCK_TICKS

    def thread_cpu(self) -> dict[int, tuple[str, float]]:
        """Per thread: (name, CPU seconds so far). Janus names its threads by job (a handle's
        loop, a Streaming helper, a forwarder…), so the busiest says where the work lands."""
        out: dict[int, tuple[str, float]] = {}
        try:
            tasks = list(Path(f"/proc/{self.pid}/task").iterdir())
        except (OSError, TypeError):
            return out
        for task in tasks:
            try:
                name = (task / "comm").read_text().strip()
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(task.name)] = (name, (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS)
        return out

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


_CLOCK_TICKS = __import__("os").sysconf("SC_CLK_TCK")


class JanusShards:
    """``count`` Janus instances in one fresh namespace (see JanusNetwork)."""

    def __init__(self, count: int = 1, secret: str | None = None, event_loops: int = 0) -> None:
        if not 1 <= count <= 8:
            raise ValueError("1 to 8 shards")  # ice_enforce_list matches address prefixes: .2-.9 only
        self.count = count
        self.secret = secret
        self.event_loops = event_loops
        self.network = JanusNetwork(hosts=count)
        self.shards: list[JanusProcess] = []
        self._tmp: tempfile.TemporaryDirectory | None = None

    def start(self) -> JanusShards:
        self.network.open()
        self._tmp = tempfile.TemporaryDirectory(prefix="opsconsole-janus-")
        try:
            for index in range(self.count):
                shard = JanusProcess(
                    self.network,
                    index,
                    Path(self._tmp.name) / f"s{index + 1}",
                    self.secret,
                    event_loops=self.event_loops,
                )
                self.shards.append(shard)
                shard.start()
        except Exception:
            self.close()
            raise
        return self

    @property
    def urls(self) -> list[str]:
        return [shard.url for shard in self.shards]

    @property
    def ice_networks(self) -> str:
        """What the ICE policy must allow: the namespace's /24 (our end and the shards')."""
        return self.network.cidr

    def restart(self, index: int) -> JanusProcess:
        """Start shard ``index`` again (after kill), with the same address and configuration."""
        shard = self.shards[index]
        shard.stop()
        return shard.start()

    def cpu_seconds(self) -> float:
        return sum(shard.cpu_seconds() for shard in self.shards)

    def close(self) -> None:
        for shard in self.shards:
            try:
                shard.stop()
            except Exception:
                shard.kill()
        try:
            self.network.close()
        except NamespaceError:
            pass
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> JanusShards:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
