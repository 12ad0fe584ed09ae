"""The meeting's wall on the native path: each shown site's feed forwarded by its shard.

For every site on the wall ``NativeFeeds`` asks the hub to have the site's shard forward its
sound and its picture to this console (console/hub/sfu_forwards.py), each with a key of its
own, and receives them with ``ForwardReceiver``s (console/media/forward_receiver.py). A
hidden tile's picture stops (its forward is stopped; a new one, with a new key, when it is
shown again); its sound goes on, as through a WebRTC subscription.

A site whose forward cannot be made (the hub or the shard refused it), or whose forward
brings nothing within ``FIRST_PACKET_S``, twice (a key that does not decrypt), falls back to
the shard's WebRTC subscription: ``on_fallback(site, reason)``. A console that no forward has
reached at all by then (``unreachable``: a firewall or NAT in front of it) takes that way for
every site.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.media.forward_receiver import ForwardReceiver, FrameInbox, address_towards
from console.signaling import HubClient, HubError

log = logging.getLogger(__name__)
FIRST_PACKET_S = 8.0  # a forward that brings nothing for this long (twice) is not working: fall back
KINDS = ("audio", "video")


@dataclass
class NativeFeed:
    """One site's forwarded streams, and the task that makes them."""

    site: str
    shard: str
    feed: int
    paused: bool = False
    receivers: dict[str, ForwardReceiver] = field(default_factory=dict)
    task: asyncio.Task | None = None
    started_at: float = field(default_factory=time.monotonic)

    def received(self) -> bool:
        return any(r.packets for r in self.receivers.values())


class NativeFeeds:
    """Forwards of the sites this console shows in the meeting, and their receivers."""

    def __init__(
        self,
        hub: HubClient,
        deliver: Callable[[str, str, Any], None],
        on_fallback: Callable[[str, str], None],
        keys: Callable[[str], str] | None = None,
    ) -> None:
        """``deliver(site, kind, frame)`` on the loop; ``keys``: what to do with a prepared key
        before use (tests corrupt it to see a key that does not decrypt refused)."""
        self.hub = hub
        self.on_fallback = on_fallback
        self.keys = keys or (lambda key: key)
        self.deliver = deliver
        self.inbox: FrameInbox | None = None  # made on the loop, at the first forward
        self.feeds: dict[str, NativeFeed] = {}
        self._stopping: set[asyncio.Task] = set()
        # No forward of this console has ever brought a packet, and one has had its time: the
        # shards cannot reach it (a firewall that lets only what the console starts back in).
        # Every site then takes the WebRTC subscription at once, not each after its own wait.
        self.ever_received = False
        self.unreachable = False

    # --- what SfuMedia asks -----------------------------------------------------------

    def want(self, site: str, shard: str, feed: int, sources: tuple[str, ...], paused: bool = False) -> None:
        """Receive ``site``'s feed (``feed`` on ``shard``; ``sources``: the shards' addresses,
        its own first) natively; its picture too unless ``paused`` (a hidden tile)."""
        current = self.feeds.get(site)
        if current is not None and (current.shard, current.feed) == (shard, feed):
            return
        if current is not None:
            self.drop(site)
        if self.inbox is None:
            self.inbox = FrameInbox(asyncio.get_running_loop(), self.deliver)
        native = NativeFeed(site, shard, feed, paused)
        self.feeds[site] = native
        native.task = asyncio.get_running_loop().create_task(self._open(native, sources, KINDS))

    def drop(self, site: str) -> None:
        native = self.feeds.pop(site, None)
        if native is not None:
            self._close(native, KINDS)

    def set_video(self, site: str, send: bool, sources: tuple[str, ...]) -> None:
        """A tile hidden (its picture's forward stops) or shown again (a new one)."""
        native = self.feeds.get(site)
        if native is None or native.paused == (not send):
            return
        native.paused = not send
        if native.paused:
            self._close(native, ("video",))
        else:
            task = asyncio.get_running_loop().create_task(self._open(native, sources, ("video",)))
            self._stopping.add(task)
            task.add_done_callback(self._stopping.discard)

    def keyframes_only(self, site: str, only: bool) -> None:
        native = self.feeds.get(site)
        receiver = native.receivers.get("video") if native is not None else None
        if receiver is not None:
            receiver.keyframes_only = only

    def path_of(self, site: str) -> str:
        return "sfu-forward" if site in self.feeds else ""

    def backlog(self) -> int:
        return self.inbox.pending() if self.inbox is not None else 0

    def frames_of(self, site: str) -> dict[str, int]:
        native = self.feeds.get(site)
        return {kind: r.packets for kind, r in native.receivers.items()} if native is not None else {}

    def stats_of(self, site: str) -> tuple[int, int]:
        """(bytes, packets) received by ``site``'s forwards so far."""
        native = self.feeds.get(site)
        if native is None:
            return 0, 0
        return sum(r.bytes for r in native.receivers.values()), sum(r.packets for r in native.receivers.values())

    async def close(self) -> None:
        for site in list(self.feeds):
            self.drop(site)
        if self._stopping:
            await asyncio.gather(*self._stopping, return_exceptions=True)

    # --- making and ending forwards -------------------------------------------------------

    async def _open(self, native: NativeFeed, sources: tuple[str, ...], kinds: tuple[str, ...]) -> None:
        # Twice: a site that has just published (on a loaded shard, or moved from a dead one)
        # may not send its first key frame in time, and a forward's first packets need one.
        for attempt in (1, 2):
            try:
                host = address_towards(sources[0])
                for kind in kinds:
                    if native.paused and kind == "video":
                        continue
                    await self._open_one(native, kind, host, sources)
            except asyncio.CancelledError:
                raise
            except (HubError, OSError, ValueError) as error:
                self._fall_back(native, f"no forward: {error}")
                return
            except Exception as error:  # a fault of ours: the tile must still come, by WebRTC
                log.exception("%s: the native path failed", native.site)
                self._fall_back(native, f"no forward: {error!r}")
                return
            await asyncio.sleep(FIRST_PACKET_S)
            if self.feeds.get(native.site) is not native or not native.receivers or native.received():
                self.ever_received = self.ever_received or native.received()
                return
            if not self.ever_received and not any(f.received() for f in self.feeds.values()):
                self.unreachable = True
                break
            if attempt == 1:  # once more, with new forwards (and keys)
                receivers = [native.receivers.pop(kind) for kind in list(native.receivers)]
                for receiver in receivers:
                    receiver.stop()
                await self._stop(native.site, tuple(r.kind for r in receivers), receivers)
        if self.unreachable:
            self._fall_back(native, f"no forward of this console brought anything within {FIRST_PACKET_S:g} s")
        else:
            self._fall_back(native, f"the forward brought nothing within {FIRST_PACKET_S:g} s, twice")

    async def _open_one(self, native: NativeFeed, kind: str, host: str, sources: tuple[str, ...]) -> None:
        assert self.inbox is not None  # want() made it
        asked = {"type": "forward", "site": native.site, "kind": kind}
        prepared = await self.hub.request({**asked, "op": "prepare"})
        if not prepared.get("ok"):
            raise ValueError(prepared.get("error") or "the hub refused")
        if prepared.get("shard") != native.shard:
            raise ValueError(f"the site is on shard {prepared.get('shard')} now")
        key = self.keys(str(prepared["key"]))
        sources = (str(prepared["source"]), *(s for s in sources if s != prepared["source"]))
        receiver = ForwardReceiver(native.site, kind, host, sources, str(prepared["suite"]), key, self.inbox)
        port = await receiver.start()
        native.receivers[kind] = receiver
        started = await self.hub.request({**asked, "op": "start", "host": host, "port": port})
        if not started.get("ok"):
            raise ValueError(started.get("error") or "the hub refused")

    def _close(self, native: NativeFeed, kinds: tuple[str, ...]) -> None:
        if native.task is not None and kinds == KINDS:
            native.task.cancel()
        receivers = [native.receivers.pop(kind) for kind in kinds if kind in native.receivers]
        for receiver in receivers:
            receiver.stop()
        task = asyncio.get_running_loop().create_task(self._stop(native.site, kinds, receivers))
        self._stopping.add(task)
        task.add_done_callback(self._stopping.discard)

    async def _stop(self, site: str, kinds: tuple[str, ...], receivers: list[ForwardReceiver]) -> None:
        loop = asyncio.get_running_loop()
        for receiver in receivers:
            await loop.run_in_executor(None, receiver.join)
        if self.hub.closed.is_set():
            return  # the hub stopped this console's forwards when it lost the connection
        for kind in kinds:
            try:
                await self.hub.request({"type": "forward", "op": "stop", "site": site, "kind": kind})
            except (HubError, OSError) as error:
                log.info("%s: the hub did not stop its %s forward: %s", site, kind, error)
                return

    def _fall_back(self, native: NativeFeed, reason: str) -> None:
        if self.feeds.get(native.site) is not native:
            return
        log.info("%s: the native path failed (%s); through the shard's WebRTC subscription", native.site, reason)
        self.drop(native.site)
        self.on_fallback(native.site, reason)
