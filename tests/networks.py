"""Networks made by the tests: communes behind NAT routers and firewalls, an operations room
behind its government firewall, and a server network for the hub and the TURN relay, each in
network namespaces this module makes and deletes (GUIDE.md: never the host's own networking).

```
                 ops room 10.A.2.0/24            server 10.A.1.0/24
                 [ops .2]                        [hub .2:443]  [coturn .3:443 udp+tcp]  [janus .4]
                    |  firewall: only replies and         |
                    |  the server net come in              |
                 +--+------------------ core ------------------+
                 |   (router; no route to any commune LAN)      |
      10.A.10+i.0/24 wan of commune i: core .1, NAT router .2
                 |
           [nat-i]  MASQUERADE (cone), MASQUERADE --random-fully (symmetric),
                 |  a firewall that passes TCP 443 only, or a plain router (routed:
                 |  a commune on the government network, its LAN routed by core)
      10.A.50+i.0/24 commune LAN: router .1, commune .2
           [site-i]
```

Every name starts with ``opsn-<creator pid>-<tag>``: ``sweep_abandoned`` deletes what a killed
run left (namespaces whose creator is gone), and ``close`` deletes everything by name. The
/16 is picked among 10.150-199.0.0/16, away from the Janus tests' 10.200-249 /24s
(console/janus/netns.py), and never one the machine already routes.
"""

from __future__ import annotations

import ipaddress
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from console.janus.netns import (
    NamespaceError as NetworkError,
    ip as _ip,
    kill_inside,
    networks_in_use,
    sweep_abandoned,
    wait_running,
)
from console.processes import bound_to_us

PREFIX = "opsn-"
_OURS = re.compile(rf"^{PREFIX}(\d+)-[0-9a-f]{{6}}-")
_POOL = [ipaddress.ip_network(f"10.{a}.0.0/16") for a in range(150, 200)]
KINDS = ("cone", "symmetric", "tcp443", "routed")
ROOT = Path(__file__).resolve().parents[1]


def unavailable_reason() -> str | None:
    if os.name != "posix" or not os.path.isdir("/proc/self/ns"):
        return "network namespaces need Linux"
    if os.geteuid() != 0:
        return "making network namespaces needs root"
    for tool in ("ip", "iptables"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (packaging/dev.sh setup)"
    return None


# Forget every connection the namespace's netfilter tracks (what `conntrack -F` does; that tool
# is not installed everywhere): one ctnetlink "delete" with no attributes.
_FLUSH_CONNTRACK = """
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
body = struct.pack("!BBH", socket.AF_INET, 0, 0)  # nfgenmsg
s.send(struct.pack("=IHHII", 16 + len(body), (1 << 8) | 2, 1 | 4, 1, 0) + body)  # CTNETLINK, CT_DELETE
reply = s.recv(4096)
error = struct.unpack_from("=i", reply, 16)[0]
if error:
    raise SystemExit(f"conntrack flush refused: {error}")
"""


@dataclass
class InNamespace:
    """A namespace and its addresses, as console.janus.process.Place wants them."""

    name: str
    addresses: list[str]
    reached_from_here: bool = False  # the host holds no end of these networks

    def inside(self, index: int) -> str:
        return self.addresses[index]

    def command(self, *args: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *args]


@dataclass
class Commune:
    index: int
    kind: str  # one of KINDS
    ns: str
    router_ns: str
    address: str  # on its LAN, behind the router
    public: str  # the router's address on the core side
    wan_if: str = ""  # the router's interface towards the core
    restarts: int = 0


@dataclass
class TestNetworks:
    """The topology above with one commune per entry of ``kinds``; a context manager."""

    kinds: tuple[str, ...] = KINDS
    tag: str = field(default_factory=lambda: f"{random.randrange(16**6):06x}")
    base: ipaddress.IPv4Network | None = None
    communes: list[Commune] = field(default_factory=list)
    _namespaces: list[str] = field(default_factory=list)
    _links: list[tuple[str | None, str]] = field(default_factory=list)
    _processes: list[subprocess.Popen] = field(default_factory=list)

    def ns(self, role: str) -> str:
        return f"{PREFIX}{os.getpid()}-{self.tag}-{role}"

    def address(self, third: int, fourth: int) -> str:
        assert self.base is not None
        return str(self.base.network_address + third * 256 + fourth)

    @property
    def cidr(self) -> str:
        """Every address of the test: what the processes' ICE policy allows."""
        return str(self.base)

    @property
    def hub_address(self) -> str:
        return self.address(1, 2)

    @property
    def relay_address(self) -> str:
        return self.address(1, 3)

    @property
    def janus_address(self) -> str:
        """A Janus shard's, on the server network beside the hub and the relay (the meeting mode)."""
        return self.address(1, 4)

    @property
    def ops_address(self) -> str:
        return self.address(2, 2)

    def janus_place(self) -> InNamespace:
        """Where a JanusProcess runs: the server namespace, at ``janus_address``."""
        return InNamespace(self.ns("server"), [self.janus_address])

    # --- building -------------------------------------------------------------------

    def open(self) -> TestNetworks:
        reason = unavailable_reason()
        if reason:
            raise NetworkError(reason)
        for kind in self.kinds:
            if kind not in KINDS:
                raise ValueError(f"no commune network of kind {kind!r}")
        sweep_abandoned(_OURS)
        taken = networks_in_use()
        free = [n for n in _POOL if not any(n.overlaps(t) for t in taken)]
        if not free:
            raise NetworkError("no free 10.x.0.0/16 for the test networks")
        self.base = random.choice(free)
        try:
            self._build()
        except Exception:
            self.close()
            raise
        return self

    def _add_ns(self, role: str) -> str:
        name = self.ns(role)
        _ip("ip", "netns", "add", name)
        self._namespaces.append(name)
        self.exec(name, "ip", "link", "set", "lo", "up")
        return name

    def exec(self, ns: str, *args: str) -> subprocess.CompletedProcess:
        return _ip("ip", "netns", "exec", ns, *args)

    def _link(self, a: str, a_addr: str, b: str, b_addr: str) -> tuple[str, str]:
        """A veth pair made straight between two of our namespaces (the host's own namespace
        never holds an end); /24 addresses on both ends."""
        suffix = f"{random.randrange(16**5):05x}"
        a_if, b_if = f"on{suffix}a", f"on{suffix}b"
        _ip("ip", "link", "add", a_if, "netns", a, "type", "veth", "peer", "name", b_if, "netns", b)
        for ns, interface, address in ((a, a_if, a_addr), (b, b_if, b_addr)):
            self.exec(ns, "ip", "addr", "add", f"{address}/24", "dev", interface)
            self.exec(ns, "ip", "link", "set", interface, "up")
        self._links += [(a, a_if), (b, b_if)]
        return a_if, b_if

    def _build(self) -> None:
        core = self._add_ns("core")
        self.exec(core, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        server = self._add_ns("server")
        _, server_if = self._link(server, self.hub_address, core, self.address(1, 1))
        self.exec(server, "ip", "addr", "add", f"{self.relay_address}/24", "dev", _)
        self.exec(server, "ip", "addr", "add", f"{self.janus_address}/24", "dev", _)
        self.exec(server, "ip", "route", "add", "default", "via", self.address(1, 1))
        ops = self._add_ns("ops")
        _, ops_if = self._link(ops, self.ops_address, core, self.address(2, 1))
        self.exec(ops, "ip", "route", "add", "default", "via", self.address(2, 1))
        # The government firewall in front of the operations room: replies, and the server
        # network (hub, relay), come in; nothing a commune starts does.
        self.exec(core, "iptables", "-A", "FORWARD", "-o", ops_if, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT")  # fmt: skip
        self.exec(core, "iptables", "-A", "FORWARD", "-o", ops_if, "-i", server_if, "-j", "ACCEPT")
        self.exec(core, "iptables", "-A", "FORWARD", "-o", ops_if, "-j", "DROP")
        for index, kind in enumerate(self.kinds):
            router = self._add_ns(f"nat{index}")
            site = self._add_ns(f"site{index}")
            wan, lan = 10 + index, 50 + index
            wan_if, _ = self._link(router, self.address(wan, 2), core, self.address(wan, 1))
            lan_if, _ = self._link(router, self.address(lan, 1), site, self.address(lan, 2))
            self.exec(router, "sysctl", "-qw", "net.ipv4.ip_forward=1")
            self.exec(router, "ip", "route", "add", "default", "via", self.address(wan, 1))
            self.exec(site, "ip", "route", "add", "default", "via", self.address(lan, 1))
            masquerade = ["iptables", "-t", "nat", "-A", "POSTROUTING", "-o", wan_if, "-j", "MASQUERADE"]
            if kind == "symmetric":
                masquerade.append("--random-fully")  # a new port for every destination
            if kind == "routed":  # no NAT: the core knows the commune's LAN
                self.exec(core, "ip", "route", "add", f"{self.address(lan, 0)}/24", "via", self.address(wan, 2))
            else:
                self.exec(router, *masquerade)
            if kind == "tcp443":
                self.exec(router, "iptables", "-A", "FORWARD", "-i", lan_if, "-p", "tcp", "--dport", "443", "-j", "ACCEPT")  # fmt: skip
                self.exec(router, "iptables", "-A", "FORWARD", "-i", lan_if, "-j", "DROP")
            self.communes.append(Commune(index, kind, site, router, self.address(lan, 2), self.address(wan, 2), wan_if))
        wait_running(self._links)  # packets sent before a veth's carrier is on are dropped

    def restart_router(self, commune: Commune) -> str:
        """The commune's NAT router restarts and its line comes back with another public
        address, as an ADSL box or a 4G modem does: every mapping it held is forgotten (its
        connection tracking flushed) and new ones are made from the new address. Returns it."""
        if commune.kind not in ("cone", "symmetric"):
            raise ValueError(f"a {commune.kind} commune has no NAT to restart")
        commune.restarts += 1
        wan = 10 + commune.index
        public = self.address(wan, 2 + commune.restarts)
        # (Without promotion, deleting the old, primary address would take the new one and the
        # routes with it.)
        self.exec(commune.router_ns, "sysctl", "-qw", f"net.ipv4.conf.{commune.wan_if}.promote_secondaries=1")
        self.exec(commune.router_ns, "ip", "addr", "add", f"{public}/24", "dev", commune.wan_if)
        # The old address is gone with the old line: what is sent to it is lost, and nothing
        # answers that it is (no reset, no ICMP), as on a carrier's network.
        self.exec(commune.router_ns, "ip", "addr", "del", f"{commune.public}/24", "dev", commune.wan_if)
        self.exec(commune.router_ns, "ip", "route", "replace", "default", "via", self.address(wan, 1))
        snat = ["-o", commune.wan_if, "-j", "SNAT", "--to-source", public]
        if commune.kind == "symmetric":
            snat.append("--random-fully")
        self.exec(commune.router_ns, "iptables", "-t", "nat", "-F", "POSTROUTING")
        self.exec(commune.router_ns, "iptables", "-t", "nat", "-A", "POSTROUTING", *snat)
        self.exec(commune.router_ns, sys.executable, "-c", _FLUSH_CONNTRACK)
        commune.public = public
        return public

    # --- processes ------------------------------------------------------------------

    def start(self, ns: str, args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
        """A process inside ``ns``, in a session of its own; ended by ``close``."""
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "OPSCONSOLE_ICE_NETWORKS": self.cidr, **(env or {})}
        with open(log, "wb") as out:
            process = subprocess.Popen(
                ["ip", "netns", "exec", ns, *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=ROOT,
                **bound_to_us(environment),  # ours (hub, agents, decoy) end with the test, however it ends
            )
        self._processes.append(process)
        return process

    def python(self, ns: str, args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
        return self.start(ns, [sys.executable, *args], log, env)

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        for process in reversed(self._processes):
            self.stop(process)
        self._processes.clear()
        for name in reversed(self._namespaces):
            kill_inside(name)
            _ip("ip", "netns", "del", name, check=False)  # its veth ends go with it
        self._namespaces.clear()

    def __enter__(self) -> TestNetworks:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
