"""Sites' feeds forwarded by their shards straight to a console's media worker, as SRTP.

In the meeting a console's wall receives up to 64 feeds. Through a WebRTC subscription each
packet costs the console Python work (socket, SRTP, RTP parsing, jitter buffer, NACK and
RTCP bookkeeping: docs/performance.md); forwarded as plain SRTP, libavformat demuxes and
decodes them natively (console/media/forward_receiver.py). Janus's ``rtp_forward`` needs
the shards' admin key, so the hub makes every forward on a console's behalf:

* ``prepare``: the hub makes a fresh SRTP key for one stream (a site's audio or video) and
  gives it to the console, which opens its receiver with it (so its ports are bound before
  Janus sends its first packets and its RTCP latch);
* ``start``: the hub asks the site's shard to forward that stream to the console's port with
  the prepared key. A key serves one forward only: a second ``start`` needs a new ``prepare``;
* ``stop``, or the console's leaving: the hub stops its forwards.

A forward whose console is gone, or that no hub knows (a hub restarted, a takeover), is an
orphan: Janus would send it for ever. ``reap`` lists each shard's forwarders and stops those
that no console holds here, once seen twice (a forward being made appears in Janus's list a
moment before the hub records its id).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from console.hub.sfu_shard import Shard
from console.janus.client import JanusError

log = logging.getLogger(__name__)
KINDS = ("audio", "video")
MAX_PER_CONSOLE = 2 * 64  # a wall's most tiles, sound and picture each
SRTP_SUITE = "AES_CM_128_HMAC_SHA1_80"
KEY_BYTES = 30  # the suite's 16-byte master key and 14-byte salt


class ForwardError(Exception):
    """A forward the hub will not make or cannot make; the text says why."""


@dataclass
class Forward:
    """One stream of one site's feed, forwarded to one console (or about to be)."""

    console: str  # the console's hub session
    site: str
    kind: str
    shard: str
    feed: int
    key: str  # base64, as Janus and SDES take it
    stream_id: int | None = None  # Janus's forwarder, once started


class ConsoleForwards:
    """Every forward the hub made for its consoles, by (console, site, kind)."""

    def __init__(self) -> None:
        self.forwards: dict[tuple[str, str, str], Forward] = {}
        self._issued: set[bytes] = set()  # digests of every key issued: none is given twice
        self._suspects: set[tuple[str, int]] = set()  # (shard, stream id) unknown at the last sweep

    def new_key(self) -> str:
        while True:
            raw = secrets.token_bytes(KEY_BYTES)
            digest = hashlib.sha256(raw).digest()
            if digest not in self._issued:
                self._issued.add(digest)
                return base64.b64encode(raw).decode("ascii")

    def prepare(self, console: str, site: str, kind: str, shard: Shard, feed: int) -> dict[str, Any]:
        """A new key for ``kind`` of ``site``'s feed, and what the console's receiver needs."""
        if kind not in KINDS:
            raise ForwardError(f"a forward carries audio or video, not {kind!r}")
        mine = [f for f in self.forwards.values() if f.console == console]
        if len(mine) >= MAX_PER_CONSOLE and (console, site, kind) not in self.forwards:
            raise ForwardError(f"a console may hold at most {MAX_PER_CONSOLE} forwards")
        previous = self.forwards.get((console, site, kind))
        if previous is not None and previous.stream_id is not None:
            raise ForwardError(f"{site}'s {kind} is already forwarded to this console: stop it first")
        forward = Forward(console, site, kind, shard.name, feed, self.new_key())
        self.forwards[(console, site, kind)] = forward
        return {
            "site": site,
            "kind": kind,
            "shard": shard.name,
            "source": shard.address,
            "suite": SRTP_SUITE,
            "key": forward.key,
        }

    async def start(self, console: str, site: str, kind: str, shard: Shard, host: str, port: int) -> Forward:
        forward = self.forwards.get((console, site, kind))
        if forward is None or forward.stream_id is not None:
            raise ForwardError(f"no prepared key for {site}'s {kind}: each forward needs a prepare of its own")
        if forward.shard != shard.name:
            del self.forwards[(console, site, kind)]
            raise ForwardError(f"{site} moved to shard {shard.name} since the prepare: prepare again")
        try:
            forward.stream_id = await shard.forward_site(forward.feed, kind, host, port, forward.key)
        except JanusError:
            self.forwards.pop((console, site, kind), None)
            raise
        if self.forwards.get((console, site, kind)) is not forward:  # stopped while Janus made it
            await shard.stop_site_forward(forward.feed, forward.stream_id)
            raise ForwardError(f"{site}'s {kind} forward was stopped while it was being made")
        return forward

    def stop(self, console: str, site: str, kinds: tuple[str, ...] = KINDS) -> list[Forward]:
        """Forget ``console``'s forwards of ``site``; the started ones, for the caller to stop at Janus."""
        gone = [self.forwards.pop((console, site, kind)) for kind in kinds if (console, site, kind) in self.forwards]
        return [f for f in gone if f.stream_id is not None]

    def console_left(self, console: str) -> list[Forward]:
        gone = [key for key in self.forwards if key[0] == console]
        return [f for f in (self.forwards.pop(key) for key in gone) if f.stream_id is not None]

    def feed_gone(self, site: str) -> None:
        """The site's publisher left its shard: Janus ended its forwarders with it."""
        for key in [k for k, f in self.forwards.items() if f.site == site]:
            del self.forwards[key]

    def shard_gone(self, shard: str) -> None:
        for key in [k for k, f in self.forwards.items() if f.shard == shard]:
            del self.forwards[key]

    def held(self, console: str) -> int:
        return sum(1 for f in self.forwards.values() if f.console == console and f.stream_id is not None)

    async def reap(self, shards: list[Shard]) -> int:
        """Stop the forwarders no console holds (seen so at two sweeps in a row); how many."""
        known = {(f.shard, f.stream_id) for f in self.forwards.values() if f.stream_id is not None}
        suspects: set[tuple[str, int]] = set()
        reaped = 0
        for shard in shards:
            try:
                listed = await shard.site_forwards()
            except JanusError as error:
                log.info("SFU shard %s: could not list its forwarders: %s", shard.name, error)
                continue
            for stream_id, feed in listed.items():
                if (shard.name, stream_id) in known:
                    continue
                if (shard.name, stream_id) not in self._suspects:
                    suspects.add((shard.name, stream_id))
                    continue
                log.info(
                    "SFU shard %s: forwarder %s of feed %s has no console; stopping it", shard.name, stream_id, feed
                )
                await shard.stop_site_forward(feed, stream_id)
                reaped += 1
        self._suspects = suspects
        return reaped
