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

TRANSPORT_ENV_VAR = "OPSCONSOLE_TURN_TRANSPORT"
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
