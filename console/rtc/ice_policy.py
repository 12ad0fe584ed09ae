"""Which networks WebRTC media may use.

Production keeps media on the government network; tests and benchmarks keep it on
127.0.0.1. The policy restricts both sides of ICE:

* gathered candidates: aioice asks one function for this machine's addresses (and always
  leaves out 127.0.0.1); ``install_ice_policy`` replaces it (``set_host_addresses`` in
  ``console/rtc/aiortc_internals.py``) with one that returns only addresses inside the allowed
  networks, loopback included when allowed. The replacement is process-wide, like the
  networks themselves.
* accepted remote candidates: ``filter_sdp`` drops ``a=candidate`` lines outside the
  networks before aiortc sees them, and ``allows_candidate`` screens trickled ones. Names
  (``*.local`` mDNS candidates) are never accepted under a policy: resolving them would
  send multicast queries off the allowed networks.

No public STUN server is ever configured (``rtc_configuration``): aiortc's default would ask
one, which no test may reach and no operations room should depend on. The only servers are
the relay's the hub names with its credentials (console/rtc/ice_servers.py); its relayed
candidates must lie inside the allowed networks like any other.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ifaddr
from aiortc import RTCConfiguration

from console.rtc.aiortc_internals import original_host_addresses, set_host_addresses
from console.rtc.ice_servers import aiortc_ice_servers

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
ENV_VAR = "OPSCONSOLE_ICE_NETWORKS"


@dataclass(frozen=True)
class IcePolicy:
    """Allowed networks; an empty tuple allows every address aioice would use by itself."""

    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, text: str) -> IcePolicy:
        """``"127.0.0.1/32,10.20.0.0/16"``; raises ValueError naming a bad entry."""
        networks = []
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"ICE network {part!r} is not an address or CIDR network") from None
        return cls(tuple(networks))

    @classmethod
    def loopback(cls) -> IcePolicy:
        return cls((ipaddress.ip_network("127.0.0.1/32"),))

    @classmethod
    def from_env(cls, default: IcePolicy | None = None) -> IcePolicy:
        text = os.environ.get(ENV_VAR)
        return cls.parse(text) if text else (default or cls())

    @property
    def restricted(self) -> bool:
        return bool(self.networks)

    def describe(self) -> str:
        return ",".join(str(n) for n in self.networks) or "any"

    def allows(self, address: str) -> bool:
        if not self.restricted:
            return True
        try:
            ip = ipaddress.ip_address(address.split("%")[0])
        except ValueError:
            return False  # a hostname (mDNS) or garbage
        return any(ip in network for network in self.networks)

    def host_addresses(self, use_ipv4: bool = True, use_ipv6: bool = True) -> list[str]:
        """This machine's addresses inside the allowed networks."""
        if not self.restricted:
            return original_host_addresses(use_ipv4, use_ipv6)
        found = []
        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                address = ip.ip if isinstance(ip.ip, str) else ip.ip[0]
                is_v4 = isinstance(ip.ip, str)
                if (use_ipv4 if is_v4 else use_ipv6) and self.allows(address) and address not in found:
                    found.append(address)
        return found

    def allows_candidate_line(self, line: str) -> bool:
        """For an SDP ``candidate:...`` attribute (with or without ``a=``)."""
        parts = line.split()
        # candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
        return len(parts) >= 8 and self.allows(parts[4])

    def filter_sdp(self, sdp: str) -> str:
        """``sdp`` without the remote candidates this policy refuses."""
        if not self.restricted:
            return sdp
        lines = sdp.splitlines()
        kept = [ln for ln in lines if not ln.startswith("a=candidate:") or self.allows_candidate_line(ln)]
        return "\r\n".join(kept) + "\r\n"

    def candidates_in(self, sdp: str) -> list[str]:
        """The addresses of every candidate in ``sdp`` (for checks and logs)."""
        return [ln.split()[4] for ln in sdp.splitlines() if ln.startswith("a=candidate:") and len(ln.split()) >= 8]


_installed: IcePolicy | None = None


def install_ice_policy(policy: IcePolicy) -> IcePolicy:
    """Make every later ICE gathering in this process obey ``policy``; returns the previous."""
    global _installed
    previous = _installed or IcePolicy()
    _installed = policy
    set_host_addresses(policy.host_addresses if policy.restricted else None)
    return previous


def current_policy() -> IcePolicy:
    return _installed or IcePolicy()


def rtc_configuration(ice_servers: Iterable[Mapping[str, Any]] = ()) -> RTCConfiguration:
    """Peer-connection settings: no public STUN, only the servers given (the protocol's
    ``ice_servers`` dicts, console/signaling/turn.py)."""
    return RTCConfiguration(iceServers=aiortc_ice_servers(ice_servers))
