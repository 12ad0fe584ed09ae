"""Which way a peer connection's media goes, from the candidate pair ICE chose: ``direct``
(host to host), ``nat`` (a NAT-mapped address on either side: srflx or prflx) or ``relay``
(through the TURN relay, on either side; with this side's transport to the relay when the
relay is ours: ``udp``, ``tcp`` or ``tls``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiortc import RTCPeerConnection

from console.rtc.aiortc_internals import selected_candidates

PATHS = ("direct", "nat", "relay")


@dataclass(frozen=True)
class MediaPath:
    path: str  # one of PATHS
    relay_transport: str | None  # this side's transport to the relay, when this side relays
    local: str  # "relay 10.0.2.2:49200 udp"
    remote: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "relay_transport": self.relay_transport, "local": self.local, "remote": self.remote}


def classify(local_type: str, remote_type: str) -> str:
    types = {local_type, remote_type}
    if "relay" in types:
        return "relay"
    if types & {"srflx", "prflx"}:
        return "nat"
    return "direct"


def _describe(candidate: Any) -> str:
    return f"{candidate.type} {candidate.host}:{candidate.port} {candidate.transport}"


def media_path(pc: RTCPeerConnection, relay_transport: str | None = None) -> MediaPath | None:
    """``pc``'s path now; None before ICE has chosen a pair. ``relay_transport``: the transport
    of the TURN URL this connection was given (aiortc uses the first, ice_servers.py)."""
    pair = selected_candidates(pc)
    if pair is None:
        return None
    local, remote = pair
    return MediaPath(
        classify(local.type, remote.type),
        relay_transport if local.type == "relay" else None,
        _describe(local),
        _describe(remote),
    )
