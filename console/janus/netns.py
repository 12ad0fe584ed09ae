"""A private network for Janus instances: a network namespace and a veth pair.

libnice (Janus's ICE) never offers 127.0.0.1 candidates, so tests and benchmarks cannot keep
Janus on loopback the way they keep aiortc there. Instead each run makes its own namespace
with one veth pair in a fresh private /24 that exists only inside this machine: ``.1`` is the
outside end (this process, aiortc pinned to it by the ICE policy), ``.2``, ``.3`` … are the
inside addresses, one per Janus instance. Nothing is routed anywhere else: the namespace has
no default route, and the outside end carries only the /24. ``close()`` deletes both.

Needs root (``ip netns`` and ``ip link`` do); ``unavailable_reason()`` says why not, for
tests to skip with.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from console.processes import process_alive

PREFIX = "opsj-"  # our namespaces: opsj-<creator pid>-<random>
_OURS = re.compile(rf"^{PREFIX}(\d+)-[0-9a-f]{{8}}$")
# Pools of /24s the runs pick from (private, unlikely to be a real network on a desk machine).
_POOL = [ipaddress.IPv4Network(f"10.{a}.{b}.0/24") for a in range(200, 250) for b in range(0, 256, 7)]


@contextlib.contextmanager
def _choosing_alone():
    """One process at a time between reading the /24s in use and taking one (its outside
    address is what the next reader sees): parallel test workers, or two benches, would
    otherwise pick the same /24 now and then."""
    with open(Path(tempfile.gettempdir()) / "opsconsole-janus-netns.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


class NamespaceError(RuntimeError):
    """The namespace could not be made (or used); the message says which command failed."""


def unavailable_reason() -> str | None:
    """None when this process can make namespaces; else a sentence saying why not."""
    if os.name != "posix" or not os.path.isdir("/proc/self/ns"):
        return "network namespaces need Linux"
    if os.geteuid() != 0:
        return "making a network namespace for Janus needs root (ip netns add); run the tests as root"
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed"
    return None


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run one networking command (``ip …``, ``iptables …``); NamespaceError names it on failure."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=20)
    if check and done.returncode != 0:
        raise NamespaceError(f"{' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done


def wait_running(links: list[tuple[str | None, str]], timeout: float = 15.0) -> None:
    """Wait until each ``(namespace, interface)`` is up and running (its carrier on; namespace
    None: this machine's own). The kernel turns a veth's carrier on a little after ``ip link set
    up`` returns, later on a busy machine, and Janus binds its API only to addresses of
    interfaces that are up *and running*: started too soon, it exited with "Error binding to IP"."""
    deadline = time.monotonic() + timeout
    waiting = list(links)
    while waiting:
        namespace, interface = waiting[0]
        where = ["-n", namespace] if namespace else []
        shown = ip("ip", *where, "-o", "link", "show", "dev", interface, check=False).stdout
        flags = shown.split("<", 1)[1].split(">", 1)[0].split(",") if "<" in shown else []
        if "UP" in flags and "LOWER_UP" in flags and " state UP " in shown:
            waiting.pop(0)
            continue
        if time.monotonic() > deadline:
            raise NamespaceError(
                f"{interface} (in {namespace or 'this machine'}) not running after {timeout:g} s: {shown}"
            )
        time.sleep(0.02)


def networks_in_use() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Every network this machine has an address in or a route to: what a run must not take."""
    found: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for line in ip("ip", "-4", "-o", "addr", "show").stdout.splitlines():
        parts = line.split()
        if "inet" in parts:
            found.append(ipaddress.ip_interface(parts[parts.index("inet") + 1]).network)
    for line in ip("ip", "-4", "route", "show", "table", "all").stdout.splitlines():
        first = line.split()[0] if line.split() else ""
        try:
            found.append(ipaddress.ip_network(first, strict=False))
        except ValueError:
            pass  # "default", "local", "broadcast", …
    return found


def kill_inside(name: str) -> None:
    """End every process still inside namespace ``name`` (a Janus or relay a killed run left)."""
    for pid in ip("ip", "netns", "pids", name, check=False).stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (OSError, ValueError):
            pass


def sweep_abandoned(ours: re.Pattern[str] = _OURS) -> list[str]:
    """Delete the namespaces matching ``ours`` (its first group: the creating process's PID)
    whose creator is gone (a run killed before it could clean up), first ending the processes
    still inside them. Returns their names."""
    swept = []
    for line in ip("ip", "netns", "list", check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        match = ours.match(name)
        if not match or process_alive(int(match.group(1))):
            continue
        kill_inside(name)
        ip("ip", "netns", "del", name, check=False)  # its veth pairs go with it
        swept.append(name)
    return swept


@dataclass
class JanusNetwork:
    """One namespace with ``hosts`` inside addresses; use as a context manager or close()."""

    hosts: int = 1
    name: str = ""
    subnet: ipaddress.IPv4Network | None = None
    _made: list[str] = field(default_factory=list)
    reached_from_here: bool = field(default=True, init=False)  # through the veth's outside end

    def __post_init__(self) -> None:
        if not 1 <= self.hosts <= 200:
            raise ValueError("a Janus network holds 1 to 200 instances")
        tag = f"{random.randrange(16**8):08x}"
        # The creator's PID is in the name: a later run removes what a killed run left behind.
        self.name = self.name or f"{PREFIX}{os.getpid()}-{tag}"
        self.outside_if = f"oj{tag}o"  # interface names: 15 characters at most
        self.inside_if = f"oj{tag}i"

    # --- addresses ------------------------------------------------------------------

    @property
    def outside(self) -> str:
        """This machine's end: aiortc's ICE policy pins candidates to it."""
        return str(self.opened_subnet().network_address + 1)

    def inside(self, index: int) -> str:
        """The address of Janus instance ``index`` (0-based)."""
        if not 0 <= index < self.hosts:
            raise IndexError(index)
        return str(self.opened_subnet().network_address + 2 + index)

    @property
    def cidr(self) -> str:
        return str(self.subnet)

    def opened_subnet(self) -> ipaddress.IPv4Network:
        """The /24 ``open`` took; its addresses exist only once it is open."""
        if self.subnet is None:
            raise NamespaceError(f"the Janus network {self.name} is not open: call open() first")
        return self.subnet

    # --- lifecycle ------------------------------------------------------------------

    def open(self) -> JanusNetwork:
        reason = unavailable_reason()
        if reason:
            raise NamespaceError(reason)
        with _choosing_alone():
            sweep_abandoned()
            taken = networks_in_use()
            free = [n for n in _POOL if not any(n.overlaps(t) for t in taken)]
            if not free:
                raise NamespaceError("no free private /24 left for a Janus namespace")
            self.subnet = random.choice(free)
            try:
                self._setup()
            except Exception:
                self.close()
                raise
        return self

    def _setup(self) -> None:
        ns, out_if, in_if = self.name, self.outside_if, self.inside_if
        ip("ip", "netns", "add", ns)
        self._made.append("ns")
        ip("ip", "link", "add", out_if, "type", "veth", "peer", "name", in_if)
        self._made.append("veth")
        ip("ip", "link", "set", in_if, "netns", ns)
        prefix = self.opened_subnet().prefixlen
        ip("ip", "addr", "add", f"{self.outside}/{prefix}", "dev", out_if)
        ip("ip", "link", "set", out_if, "up")
        for index in range(self.hosts):
            ip("ip", "netns", "exec", ns, "ip", "addr", "add", f"{self.inside(index)}/{prefix}", "dev", in_if)
        ip("ip", "netns", "exec", ns, "ip", "link", "set", in_if, "up")
        ip("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
        wait_running([(None, out_if), (ns, in_if)])

    def lose(self) -> None:
        """The machine vanishes, as in a power cut: it answers nothing and sends nothing. Its
        namespace drops every packet in and out, and this machine's end of the link keeps
        fixed neighbour entries for its addresses, so what is sent to them is delivered and
        dropped in silence (no ARP failure, no "host unreachable"), and never leaves this
        machine by the default route, as it would with the link deleted. Its processes run
        on, cut off; ``close()`` deletes the link and the namespace as ever."""
        shown = ip("ip", "-n", self.name, "-o", "link", "show", "dev", self.inside_if).stdout
        mac = shown.split("link/ether ", 1)[1].split()[0]
        for index in range(self.hosts):
            ip("ip", "neigh", "replace", self.inside(index), "lladdr", mac, "dev", self.outside_if, "nud", "permanent")
        for chain in ("INPUT", "OUTPUT"):
            ip("ip", "netns", "exec", self.name, "iptables", "-I", chain, "-j", "DROP")

    def command(self, *args: str) -> list[str]:
        """``args`` as a command line that runs inside the namespace."""
        return ["ip", "netns", "exec", self.name, *args]

    def close(self) -> None:
        """Delete the veth pair and the namespace (idempotent; processes inside must be gone)."""
        if "veth" in self._made:
            ip("ip", "link", "del", self.outside_if, check=False)  # takes its peer with it
        if "ns" in self._made:
            ip("ip", "netns", "del", self.name, check=False)
        self._made.clear()

    def __enter__(self) -> JanusNetwork:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()
