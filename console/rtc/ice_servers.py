"""The hub's STUN/TURN servers as aiortc's RTCIceServer list.

aiortc (1.16) uses one STUN and one TURN URL, the first of each it can use; a browser uses all.
So the order decides which relay transport an aiortc peer tries: the hub's order, unless this
peer's network says otherwise (``OPSCONSOLE_TURN_TRANSPORT=tcp`` on a site whose firewall lets
only TCP out, ``tls`` for TURN over TLS). ICE still prefers direct and NAT-mapped pairs to the
relay: relayed candidates have the lowest priority.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from aiortc import RTCIceServer

from console.rtc.aiortc_internals import set_gather_timeout, set_relay_grace

TRANSPORT_ENV_VAR = "OPSCONSOLE_TURN_TRANSPORT"
# How long gathering waits for the relay (and its STUN): a TURN allocation is two round trips,
# under a second on a 300 ms link with a retransmission; aioice's own 5 s (twice, one per
# transport) held a site's answer past its tile's 10 s when the relay was down.
GATHER_TIMEOUT_S = 3.0
# How long a relayed pair waits while a direct or NAT-mapped one may still work: a hole through
# a cone NAT opens within a round trip or two (0.2 s here, ≤ 1 s on a 300 ms link with a
# retransmission); a commune that needs the relay gets its first frame this much later (up to
# twice, while a better pair is still being checked: aiortc_internals.set_relay_grace).
RELAY_GRACE_S = 1.5
TRANSPORTS = ("udp", "tcp", "tls")


def transport_of(url: str) -> str:
    """``udp``, ``tcp`` or ``tls`` for a TURN URL; ``stun`` for a STUN one."""
    if url.startswith("stun:"):
        return "stun"
    if url.startswith("turns:"):
        return "tls"
    return "tcp" if url.endswith("?transport=tcp") else "udp"


def preferred_transport() -> str | None:
    value = os.environ.get(TRANSPORT_ENV_VAR, "").strip().lower()
    return value if value in TRANSPORTS else None


def aiortc_ice_servers(servers: Iterable[Mapping[str, Any]], prefer: str | None = None) -> list[RTCIceServer]:
    """``servers`` (the protocol's dicts) as RTCIceServers, the ``prefer`` transport's TURN URL first."""
    prefer = prefer or preferred_transport()
    set_gather_timeout(GATHER_TIMEOUT_S)  # (process-wide; only servers make gathering wait)
    set_relay_grace(RELAY_GRACE_S)  # the relay only when nothing better works
    found = []
    for server in servers:
        urls = list(server.get("urls") or ())
        if prefer:
            urls.sort(key=lambda url: transport_of(url) != prefer)  # stable: the hub's order otherwise
        if not urls:
            continue
        if server.get("username"):
            found.append(RTCIceServer(urls=urls, username=server["username"], credential=server.get("credential")))
        else:
            found.append(RTCIceServer(urls=urls))
    return found


def relay_transport(servers: Iterable[Mapping[str, Any]], prefer: str | None = None) -> str | None:
    """The transport of the TURN URL aiortc will use (the first after ordering), or None."""
    for server in aiortc_ice_servers(servers, prefer):
        urls = server.urls if isinstance(server.urls, list) else [server.urls]
        for url in urls:
            if transport_of(url) != "stun":
                return transport_of(url)
    return None
