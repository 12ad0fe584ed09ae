"""The hub's side of the TURN relay: each joined site and console gets credentials of its own
in its ``welcome`` and fresh ones at half their life (an ``ice_servers`` message), so a peer
connection made at any time finds valid credentials (console/signaling/turn.py)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from console.signaling import turn

log = logging.getLogger(__name__)


class TurnPeer(Protocol):
    role: str
    identity: str
    session: str
    closed: bool

    def send(self, message: dict[str, Any]) -> Any: ...


class TurnIssuer:
    """Mints per-peer credentials for ``urls`` with ``secret`` (never logged), ``ttl_s`` long."""

    def __init__(
        self,
        urls: Iterable[str],
        secret: str,
        ttl_s: float = turn.DEFAULT_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not secret:
            raise ValueError("the TURN secret is empty")
        self.urls = tuple(urls)
        self._secret = secret
        self.ttl_s = ttl_s
        self._clock = clock
        self._renew_at: dict[str, float] = {}  # peer session -> when its credential is renewed
        self.renewals = 0

    def __repr__(self) -> str:  # the secret stays out of every log and traceback
        return f"TurnIssuer(urls={self.urls!r}, ttl_s={self.ttl_s:g})"

    def issue(self, peer: TurnPeer) -> dict[str, Any]:
        """The ``ice_servers`` field for ``peer``; remembers when to renew it."""
        now = self._clock()
        credential = turn.mint(self._secret, turn.subject_name(peer.role, peer.identity), now, self.ttl_s)
        self._renew_at[peer.session] = credential.renew_at(now)
        return turn.ice_servers(self.urls, credential)

    def renew_due(self, peers: Iterable[TurnPeer]) -> int:
        """Send fresh credentials to every peer whose credential is at half its life; forget gone peers."""
        now, seen, sent = self._clock(), set(), 0
        for peer in peers:
            seen.add(peer.session)
            due = self._renew_at.get(peer.session)
            if due is not None and due <= now and not peer.closed:
                peer.send({"type": "ice_servers", "ice_servers": self.issue(peer)})
                sent += 1
        for session in set(self._renew_at) - seen:
            del self._renew_at[session]
        self.renewals += sent
        return sent

    async def renew_forever(self, peers: Callable[[], Iterable[TurnPeer]]) -> None:
        """The hub's task: check four times per credential life (at least every second)."""
        interval = max(1.0, min(60.0, self.ttl_s / 4))
        while True:
            await asyncio.sleep(interval)
            try:
                self.renew_due(peers())
            except Exception:  # one bad peer must not end renewals for all
                log.exception("could not renew TURN credentials")
