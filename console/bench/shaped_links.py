"""Links shaped in the network for `bench links --netem`: each site a source address of its own
inside one network namespace, with the console on this machine's end of its veth.

```
 this machine (console, hub)             namespace (the communes' sims)
   .1  [veth out] ---------------------- [veth in]  .2 signalling
        egress: htb, one class per site    .3, .4 … one address per site, in link-class order
        class → tbf (its link's rate)       egress: htb → tbf, as on the other side
                                            OUTPUT/INPUT udp: NFQUEUE → link_weather
                                              (delay ± jitter, loss; both directions)
```

Every site has a bottleneck of its own, as every commune has its own line: four sites of the
300 kbps class each get 300 kbps, not a quarter of one. The rate is the kernel's token bucket (``tbf``: a 250 ms buffer, what would wait longer is
dropped, as a router's full queue does), on both directions. Delay, jitter and loss are given to
each media packet by ``link_weather`` through netfilter's queue (the kernel holds the packet
until its verdict), because the kernels here have no ``netem``. Only the media (UDP) meets the
weather; the sites' signalling leaves from ``.2``, a plain address, so the bench measures what
the link does to the pictures and sound, not to the hub connection.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from console.janus.netns import JanusNetwork, NamespaceError, ip, unavailable_reason as namespaces_unavailable
from console.processes import bound_to_us

BUFFER_MS = 250  # a bottleneck's buffer, as the sims' own shaping keeps (console/sim/faults.py)
UPLINK_QUEUE, DOWNLINK_QUEUE = 100, 200  # netfilter queue numbers: base + the class's index


@dataclass(frozen=True)
class LinkShape:
    """A link, the same both ways: ``rate_kbps`` (0: no bottleneck), ``delay_ms ± jitter_ms``
    one way, ``loss_pct`` of packets lost."""

    rate_kbps: float = 0.0
    delay_ms: float = 0.0
    jitter_ms: float = 0.0
    loss_pct: float = 0.0

    @property
    def weathered(self) -> bool:
        return bool(self.delay_ms or self.jitter_ms or self.loss_pct)


def unavailable_reason() -> str | None:
    reason = namespaces_unavailable()
    if reason:
        return reason.replace("for Janus ", "")
    for tool in ("tc", "iptables"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (packaging/dev.sh setup)"
    return None


@dataclass
class ShapedLinks:
    """The namespace, its shaping and its weather; a context manager."""

    shapes: dict[str, LinkShape]
    sites_per_class: int = 1
    network: JanusNetwork = field(init=False)
    _weather: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.network = JanusNetwork(hosts=len(self.shapes) * self.sites_per_class + 1)

    @property
    def console_address(self) -> str:
        return self.network.outside

    @property
    def cidr(self) -> str:
        return self.network.cidr

    def address(self, name: str, site: int = 0) -> str:
        """The source address of link class ``name``'s ``site``-th site."""
        if not 0 <= site < self.sites_per_class:
            raise IndexError(f"site {site} of {self.sites_per_class} per class")
        return self.network.inside(1 + list(self.shapes).index(name) * self.sites_per_class + site)

    def addresses(self, name: str) -> list[str]:
        return [self.address(name, site) for site in range(self.sites_per_class)]

    def command(self, *args: str) -> list[str]:
        return self.network.command(*args)

    def open(self) -> ShapedLinks:
        reason = unavailable_reason()
        if reason:
            raise NamespaceError(reason)
        self.network.open()
        try:
            self._shape()
            self._start_weather()
        except Exception:
            self.close()
            raise
        return self

    def _inside(self, *args: str) -> None:
        ip(*self.network.command(*args))

    def _shape(self) -> None:
        outside, inside = self.network.outside_if, self.network.inside_if
        for run, interface in ((ip, outside), (self._inside, inside)):
            run("tc", "qdisc", "add", "dev", interface, "root", "handle", "1:", "htb", "default", "1")
            run("tc", "class", "add", "dev", interface, "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit", "quantum", "60000")  # fmt: skip
        bottlenecks = [(name, address) for name in self.shapes for address in self.addresses(name)]
        for index, (name, address) in enumerate(bottlenecks):
            shape = self.shapes[name]
            if not shape.rate_kbps:
                continue
            minor = f"{0x10 + index:x}"
            for run, interface, match in ((ip, outside, "dst"), (self._inside, inside, "src")):
                run("tc", "class", "add", "dev", interface, "parent", "1:", "classid", f"1:{minor}", "htb", "rate", "10gbit", "quantum", "60000")  # fmt: skip
                run("tc", "qdisc", "add", "dev", interface, "parent", f"1:{minor}", "handle", f"{minor}:", "tbf", "rate", f"{shape.rate_kbps:g}kbit", "burst", "1600", "latency", f"{BUFFER_MS}ms")  # fmt: skip
                run("tc", "filter", "add", "dev", interface, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", match, f"{address}/32", "flowid", f"1:{minor}")  # fmt: skip

    def _start_weather(self) -> None:
        weathers = []
        for index, (name, shape) in enumerate(self.shapes.items()):
            if not shape.weathered:
                continue
            up, down = UPLINK_QUEUE + index, DOWNLINK_QUEUE + index
            for address in self.addresses(name):  # a class's weather, each site's packets on their own
                self._inside(
                    "iptables", "-A", "OUTPUT", "-p", "udp", "-s", address, "-j", "NFQUEUE", "--queue-num", str(up)
                )
                self._inside(
                    "iptables", "-A", "INPUT", "-p", "udp", "-d", address, "-j", "NFQUEUE", "--queue-num", str(down)
                )
            for queue in (up, down):
                weathers.append(f"{queue}:{shape.delay_ms:g}:{shape.jitter_ms:g}:{shape.loss_pct:g}")
        if not weathers:
            return
        self._weather = subprocess.Popen(
            self.network.command(sys.executable, "-m", "console.bench.link_weather", *weathers),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **bound_to_us(),
        )
        assert self._weather.stdout is not None
        if self._weather.stdout.readline().strip() != "ready":  # it bound every queue, or said why not
            self._weather.wait(10)
            error = self._weather.stderr.read() if self._weather.stderr else ""
            raise NamespaceError(f"the link weather did not start: {error.strip() or self._weather.returncode}")

    def weather_cpu_s(self) -> float:
        """CPU seconds the weather process has used (what holding the packets costs)."""
        if self._weather is None:
            return 0.0
        try:
            with open(f"/proc/{self._weather.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self._weather is not None:
            self._weather.terminate()
            try:
                self._weather.wait(10)
            except subprocess.TimeoutExpired:
                self._weather.kill()
                self._weather.wait(5)
            self._weather = None
        self.network.close()  # the qdiscs, filters and rules go with the veth and the namespace

    def __enter__(self) -> ShapedLinks:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
