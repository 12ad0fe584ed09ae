"""What a hub tells Prometheus (``GET /metrics``, metrics_api.py); docs/metrics.md lists it.

Each hub has its own registry (tests run several hubs in one process, so the global default
registry would mix them). Two kinds of numbers:

* counted as things happen, by the hub's handlers: hellos, controls, refusals, control
  round trips, store calls, the event loop's lag, garbage-collector pauses;
* read when scraped, from state the hub keeps anyway: sites online by province (one pass
  over the online sites), consoles, open alarms, Janus shards, the lease.

Every label value comes from a bounded set the hub owns (the directory's provinces, the
protocol's control actions, the kinds of refusal), never from what a client sent.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

PREFIX = "opsconsole_hub"
REFUSALS = ("hello", "control", "action", "metrics")  # what a refusal refused (docs/metrics.md)
_ROUND_TRIP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)  # a control times out at 5 s
_STORE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_GC_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class HubState(Protocol):
    """What the scrape reads from the hub (console.hub.server.Hub)."""

    sites: dict[str, Any]
    consoles: dict[str, Any]
    roll_call: Any
    alarms: Any
    sfu: Any
    directory: dict[str, Any]


class HubMetrics:
    """The hub's registry and the instruments its handlers count with."""

    def __init__(self, hub: HubState) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.hellos = Counter(f"{PREFIX}_hellos", "Hellos received (joined or refused)", ["role"], registry=r)
        self.controls = Counter(f"{PREFIX}_controls", "Controls sent to sites, by action", ["action"], registry=r)
        self.refusals = Counter(
            f"{PREFIX}_refusals", "Requests the hub refused, by what was refused", ["of"], registry=r
        )
        self.control_round_trip = Histogram(
            f"{PREFIX}_control_round_trip_seconds",
            "From a control's send to the site's acknowledgement",
            ["action"],
            buckets=_ROUND_TRIP_BUCKETS,
            registry=r,
        )
        self.store_call = Histogram(
            f"{PREFIX}_store_call_seconds",
            "Calls through the directory worker, queueing included",
            buckets=_STORE_BUCKETS,
            registry=r,
        )
        self.loop_lag = Histogram(
            f"{PREFIX}_event_loop_lag_seconds",
            "How late the event loop woke a periodic task",
            buckets=_LAG_BUCKETS,
            registry=r,
        )
        self.gc_pause = Histogram(
            f"{PREFIX}_gc_pause_seconds", "Garbage-collector pauses (hub/gc_pauses.py)", buckets=_GC_BUCKETS, registry=r
        )
        for of in REFUSALS:  # every kind shows, at 0, from the first scrape
            self.refusals.labels(of)
        for role in ("site", "console"):
            self.hellos.labels(role)
        r.register(_HubStateCollector(hub))
        ProcessCollector(registry=r)  # CPU, memory, open files: read from /proc per scrape

    def refused(self, of: str) -> None:
        self.refusals.labels(of).inc()


class _HubStateCollector(Collector):
    """Gauges read at scrape time from what the hub keeps."""

    def __init__(self, hub: HubState) -> None:
        self.hub = hub

    def collect(self) -> Iterator[GaugeMetricFamily]:
        hub = self.hub
        yield self._sites_online(hub)
        yield _gauge("consoles_online", "Consoles joined", len(hub.consoles))
        yield _gauge("sites_active", "Active sites in the directory", len(hub.roll_call))
        alarms = GaugeMetricFamily(f"{PREFIX}_alarms_open", "Open alarms, by state", labels=["state"])
        for state, count in hub.alarms.counts().items():
            alarms.add_metric([state], count)
        yield alarms
        shards = hub.sfu.shards if hub.sfu is not None else ()
        yield _gauge("janus_shards", "Janus shards configured (0: embedded media)", len(shards))
        yield _gauge("janus_shards_up", "Janus shards answering", sum(1 for s in shards if s.alive))
        lease = GaugeMetricFamily(
            f"{PREFIX}_lease_held", "1 where this hub holds the lease, that is, is the active hub", labels=["hub"]
        )
        pair = getattr(hub, "pair_info", None)  # a pair's hub is active while it serves: named by its identity
        lease.add_metric(
            [str(pair()["hub"] if pair else hub.directory.get("id") or "")], 1
        )  # one hub alone is always active
        yield lease

    @staticmethod
    def _sites_online(hub: HubState) -> GaugeMetricFamily:
        """One pass over the online sites; every province shows, at 0 when none of its sites is on."""
        family = GaugeMetricFamily(
            f"{PREFIX}_sites_online", "Sites joined, by province", labels=["province", "province_name"]
        )
        provinces = hub.roll_call.provinces()
        online = Tally(hub.roll_call.province_of(key) for key in hub.sites)  # on the loop: nothing changes meanwhile
        for key, (code, name) in provinces.items():
            family.add_metric([code, name], online.pop(key, 0))
        if online:  # sites under no known province (a directory without the province tier)
            family.add_metric(["", ""], sum(online.values()))
        return family


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=value)
