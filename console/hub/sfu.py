"""Media mode "sfu": the hub orchestrates Janus shards (``opsconsole hub --media janus``).

The hub still owns directory, presence, tokens and audit; media goes through Janus. This
module is everything the hub does about Janus, behind a few calls from ``Hub``:

* ``site_joined`` picks the site's shard (stably: by province, rendezvous hashing over the
  shards that are up, so a shard's death moves only its own sites), adds a token for it
  there and returns the ``media`` block of its ``welcome``: where to publish, with which
  credentials, and how to receive the program.
* ``console_joined`` gives a console a token on every shard (it subscribes through them)
  and says where the program is published; ``feeds`` says where every site's feed is.
* ``moderate`` enforces a mute a second time, at the SFU (VideoRoom ``moderate`` on the
  site's audio), whatever the site does.
* A shard that stops answering (three failed pings a second apart, or its long poll lost)
  is dropped: its sites get a ``media`` message naming their new shard, consoles a new
  ``media`` block, and the program is routed around it. When it answers again it is set
  up afresh and takes new sites.
* The program feed: the console publishes it once, into the program room of the program's
  shard; the hub then routes it to every shard, by the route chosen at start-up
  (``streaming``: VideoRoom ``rtp_forward`` into each shard's Streaming mountpoint, which
  its sites watch; ``videoroom``: VideoRoom remote publishers in each shard's site room).
  docs/scale.md says which is the default and why.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from console.hub.sfu_forwards import ConsoleForwards, ForwardError
from console.hub.sfu_sessions import FileSessions, SessionKeeper, StoreCall
from console.hub.sfu_shard import (
    MONITOR_FEED,
    PROGRAM_FEED,
    PROGRAM_MOUNTPOINT,
    PROGRAM_ROOM,
    SITE_ROOM,
    Feed,
    Shard,
    new_token,
)
from console.janus.client import JanusError, http_session

log = logging.getLogger(__name__)
ROUTES = ("streaming", "videoroom")
DEFAULT_ROUTE = "streaming"
PING_INTERVAL_S = 1.0
DEAD_AFTER_FAILURES = 3
MOVE_BATCH = 32  # sites re-placed at once after a shard dies (each is a token call to Janus)
REAP_INTERVAL_S = 10.0  # how often the shards' forwarders are checked for orphans
MUTE_ACTIONS = {"mute_audio": True, "end_talk": True, "unmute_audio": False, "start_talk": False}


def feed_id(key: str) -> int:
    """The site's publisher id in its room: fixed by its key (below 2^53, above ours)."""
    return 1000 + int.from_bytes(hashlib.blake2b(key.encode(), digest_size=6).digest(), "big")


def pick_shard(group: str, names: list[str]) -> str | None:
    """Rendezvous hashing: the shard ``group`` (a province) lives on, among ``names``."""
    if not names:
        return None
    return max(names, key=lambda name: hashlib.blake2b(f"{group}|{name}".encode(), digest_size=8).digest())


@dataclass
class SiteMedia:
    """Where one online site publishes."""

    key: str
    group: str
    shard: str | None = None
    token: str | None = None
    live: bool = False


class SfuOrchestrator:
    """Janus shards behind one hub. ``attach`` gives it the hub's ways to reach peers."""

    def __init__(
        self,
        urls: list[str],
        secret: str | None = None,
        route: str = DEFAULT_ROUTE,
        ping_interval_s: float = PING_INTERVAL_S,
        state_path: Path | None = None,
        sessions: Any = None,
    ) -> None:
        """``state_path``: a file where the hub keeps its control sessions' ids, so that after a
        restart it claims them (the shards keep them for ``reclaim_session_timeout``);
        ``sessions``: where else to keep them (sfu_sessions.py: the PostgreSQL store)."""
        if not urls:
            raise ValueError("media mode janus needs at least one Janus URL (--janus)")
        if route not in ROUTES:
            raise ValueError(f"program route {route!r}: one of {', '.join(ROUTES)}")
        self.route = route
        self.secret = secret
        self.pin = secrets.token_urlsafe(12)  # this meeting's room pin, issued by the hub only
        self.ping_interval_s = ping_interval_s
        self.state_path = state_path
        self.sessions: SessionKeeper | None = (
            sessions if sessions is not None else (FileSessions(state_path) if state_path else None)
        )
        self._known: dict[str, Any] = {}  # what the sessions' keeper held at this term's start
        self._http: aiohttp.ClientSession | None = None  # made at start(), shared by the shards
        # Without a Janus secret the rooms' own secret is kept with the control sessions, so a
        # restarted hub can still administer the rooms it made (start() takes the kept one).
        self.room_secret = None if secret else secrets.token_hex(16)
        self.shards = [
            Shard(f"s{i + 1}", url, secret, self.pin, self._on_feed, self._on_lost, room_secret=self.room_secret)
            for i, url in enumerate(urls)
        ]
        self.sites: dict[str, SiteMedia] = {}
        self.site_of_feed: dict[int, str] = {}
        self.unmuted: set[str] = set()  # sites an operator opened; every other one is muted at the SFU
        self.consoles: dict[str, tuple[Any, dict[str, str]]] = {}  # session -> (peer, {shard: token})
        self.program_shard: str | None = None
        self.program_links: dict[str, Any] = {}  # target shard -> forwarder ids / True (remote)
        self.forwards = ConsoleForwards()  # sites' streams forwarded to consoles' walls
        self.reap_interval_s = REAP_INTERVAL_S
        self._program_lock = asyncio.Lock()
        self._send_site: Callable[[str, dict], None] = lambda key, message: None
        self._broadcast: Callable[[dict], None] = lambda message: None
        self._tasks: set[asyncio.Task] = set()
        self._watchers: list[asyncio.Task] = []

    # --- lifecycle -------------------------------------------------------------------

    def attach(
        self,
        send_site: Callable[[str, dict], None],
        broadcast: Callable[[dict], None],
        store: StoreCall | None = None,
    ) -> None:
        """The hub's ways to its sites, its consoles and (``store``) its store."""
        self._send_site, self._broadcast = send_site, broadcast
        if store is not None and self.sessions is not None:
            self.sessions.bind(store)

    async def start(self) -> None:
        """Connect to every shard (those down are retried every second); never raises for a
        shard that is down: the meeting goes on with the others.

        Each start is a term of its own (a hub of a pair may serve, stand by, and serve again
        in one process): it begins with nothing of the previous term but the shards' addresses,
        and claims the control sessions as the store holds them now."""
        self._forget_term()
        await self._recall()
        self._http = http_session()
        for shard in self.shards:
            shard.client._http = self._http  # noqa: SLF001 (the shards share the SFU's one HTTP session)
            if shard.admin is not None:
                shard.admin.client._http = self._http  # noqa: SLF001 (the shards share the SFU's one HTTP session)
        await asyncio.gather(*(self._connect(shard) for shard in self.shards))
        self._choose_program_shard()
        loop = asyncio.get_running_loop()
        self._watchers = [loop.create_task(self._watch(shard)) for shard in self.shards]
        self._watchers.append(loop.create_task(self._reap_orphans()))

    async def stop(self) -> None:
        for task in [*self._watchers, *self._tasks]:
            task.cancel()
        await asyncio.gather(*self._watchers, *self._tasks, return_exceptions=True)
        for shard in self.shards:
            await shard.close(keep_session=self.sessions is not None)
        if self._http is not None:
            await self._http.close()

    async def _connect(self, shard: Shard) -> bool:
        try:
            await shard.connect(self._saved().get(shard.name))
        except JanusError as error:
            if shard.error != str(error):  # said once per new reason, not at every retry
                log.warning("SFU shard %s (%s) is not usable: %s", shard.name, shard.url, error)
            shard.error = str(error)
            return False
        log.info("SFU shard %s (%s) is up", shard.name, shard.url)
        await self._save()
        return True

    def _forget_term(self) -> None:
        self.sites.clear()
        self.site_of_feed.clear()
        self.unmuted.clear()  # a new term's sites are muted at the SFU until an operator opens one
        self.consoles.clear()
        self.program_shard = None
        self.program_links = {}
        self.forwards = ConsoleForwards()  # the last term's forwards are orphans: reaped

    async def _recall(self) -> None:
        """The sessions kept by the previous term (this hub's or another's), and the rooms'
        secret they were made with."""
        self._known = await self.sessions.load() if self.sessions is not None else {}
        kept = self._known.get("room_secret")
        if not self.secret and isinstance(kept, str) and kept:
            self.room_secret = kept
            for shard in self.shards:
                shard.room_secret = kept

    def _saved(self) -> dict[str, Any]:
        return self._known

    async def _save(self) -> None:
        if self.sessions is None:
            return
        state: dict[str, Any] = {s.name: s.saved_state() for s in self.shards if s.saved_state() is not None}
        if self.room_secret:
            state["room_secret"] = self.room_secret
        self._known = state
        await self.sessions.save(state)

    def origins(self) -> list[str]:
        """The shards' API origins (the site page's Content-Security-Policy lets it reach them)."""
        out = []
        for shard in self.shards:
            parts = urlsplit(shard.url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in out:
                out.append(origin)
        return out

    def alive(self) -> list[Shard]:
        return [shard for shard in self.shards if shard.alive]

    def shard(self, name: str | None) -> Shard | None:
        return next((s for s in self.shards if s.name == name), None)

    def status(self) -> dict[str, Any]:
        """For /healthz and logs: each shard up or down (and why), the program's shard."""
        return {
            "route": self.route,
            "program_shard": self.program_shard,
            "shards": {
                s.name: {
                    "url": s.url,
                    "up": s.alive,
                    "error": s.error or None,
                    "sites": sum(1 for m in self.sites.values() if m.shard == s.name),
                }
                for s in self.shards
            },
        }

    # --- sites -------------------------------------------------------------------------

    async def site_joined(self, key: str, site: dict[str, Any]) -> dict[str, Any]:
        """The ``media`` block of a site's ``welcome``."""
        path = site.get("path") or [key]
        media = SiteMedia(key, str(path[0]))
        self.sites[key] = media
        self.site_of_feed[feed_id(key)] = key
        return await self._place(media)

    async def _place(self, media: SiteMedia, avoid: str | None = None) -> dict[str, Any]:
        """Give ``media`` a shard and a token there; the block that tells the site."""
        candidates = {s.name: s for s in self.alive() if s.name != avoid}
        while (name := pick_shard(media.group, list(candidates))) is not None:
            shard = candidates[name]
            token = new_token()
            try:
                await shard.kick(feed_id(media.key))  # a publisher of ours left over from before
                await shard.add_token(token)
            except JanusError as error:
                log.warning("SFU shard %s refused a site token: %s; trying another", name, error)
                del candidates[name]
                continue
            media.shard, media.token, media.live = name, token, False
            return self._site_block(media, shard)
        media.shard = media.token = None
        return {"mode": "sfu", "error": "no SFU shard is reachable; the hub will say where to publish when one is"}

    def _site_block(self, media: SiteMedia, shard: Shard) -> dict[str, Any]:
        program = (
            {"route": "streaming", "mountpoint": PROGRAM_MOUNTPOINT}
            if self.route == "streaming"
            else {"route": "videoroom", "feed": PROGRAM_FEED}
        )
        return {
            "mode": "sfu",
            "shard": shard.name,
            "url": shard.url,
            "token": media.token,
            "room": SITE_ROOM,
            "pin": self.pin,
            "feed": feed_id(media.key),
            "display": media.key,
            "program": program,
        }

    def site_left(self, key: str) -> None:
        """The site left the hub: its token goes, and its publisher with it."""
        media = self.sites.pop(key, None)
        self.unmuted.discard(key)
        self.forwards.feed_gone(key)  # its publisher goes, and Janus's forwarders of it
        if media is None or media.shard is None:
            return
        if media.live:
            self._broadcast({"type": "feed", "site": key, "shard": media.shard, "feed": feed_id(key), "live": False})
        shard = self.shard(media.shard)
        if shard is not None and shard.alive:
            self._spawn(self._retire(shard, key, media.token))

    async def _retire(self, shard: Shard, key: str, token: str | None) -> None:
        try:
            if token:
                await shard.remove_token(token)
            await shard.kick(feed_id(key))
        except JanusError as error:
            log.info("SFU shard %s: could not retire %s: %s", shard.name, key, error)

    # --- consoles ----------------------------------------------------------------------

    async def console_joined(self, peer: Any) -> dict[str, Any]:
        tokens: dict[str, str] = {}
        self.consoles[peer.session] = (peer, tokens)
        for shard in self.alive():
            await self._console_token(shard, tokens)
        return self._console_block(tokens)

    async def _console_token(self, shard: Shard, tokens: dict[str, str]) -> None:
        token = new_token()
        try:
            await shard.add_token(token)
            tokens[shard.name] = token
        except JanusError as error:
            log.warning("SFU shard %s refused a console token: %s", shard.name, error)

    def _console_block(self, tokens: dict[str, str]) -> dict[str, Any]:
        shards = {
            s.name: {"url": s.url, "token": tokens[s.name], "room": SITE_ROOM} for s in self.alive() if s.name in tokens
        }
        program = None
        if self.program_shard in shards:
            program = {"shard": self.program_shard, "room": PROGRAM_ROOM, "feed": PROGRAM_FEED}
        return {"mode": "sfu", "pin": self.pin, "route": self.route, "shards": shards, "program": program}

    def feeds_message(self) -> dict[str, Any]:
        """Where every online site publishes (sent to a console once, after its welcome)."""
        return {
            "type": "feeds",
            "feeds": {
                key: {"shard": m.shard, "feed": feed_id(key), "live": m.live}
                for key, m in self.sites.items()
                if m.shard
            },
        }

    def console_left(self, peer: Any) -> None:
        for forward in self.forwards.console_left(peer.session):
            self._stop_forward(forward)
        entry = self.consoles.pop(peer.session, None)
        if entry is None:
            return
        for name, token in entry[1].items():
            shard = self.shard(name)
            if shard is not None and shard.alive:
                self._spawn(shard.remove_token(token))

    # --- sites' streams forwarded to a console's wall (sfu_forwards.py) ---------------------

    async def forward(self, peer: Any, message: dict[str, Any]) -> dict[str, Any]:
        """A console's ``forward`` request (prepare, start or stop); the reply's fields.
        Raises ForwardError for one the hub will not or cannot make."""
        op, key, kind = message["op"], message["site"], message.get("kind", "video")
        if op == "stop":
            for forward in self.forwards.stop(peer.session, key, (kind,) if "kind" in message else ("audio", "video")):
                self._stop_forward(forward)
            return {"op": op, "site": key, "ok": True}
        media = self.sites.get(key)
        shard = self.shard(media.shard) if media else None
        if media is None or shard is None or not shard.alive or not media.live:
            raise ForwardError(f"{key} is not publishing to the SFU now")
        if op == "prepare":
            return {"op": op, "ok": True, **self.forwards.prepare(peer.session, key, kind, shard, feed_id(key))}
        if op == "start":
            host, port = message.get("host"), message.get("port")
            if not isinstance(host, str) or not host or not isinstance(port, int):
                raise ForwardError("a forward's start names the console's host and port")
            try:
                await self.forwards.start(peer.session, key, kind, shard, host, port)
            except JanusError as error:
                raise ForwardError(f"shard {shard.name} did not forward {key}'s {kind}: {error.reason}") from error
            return {"op": op, "site": key, "kind": kind, "ok": True}
        raise ForwardError(f"unknown forward op {op!r}: prepare, start or stop")

    def _stop_forward(self, forward) -> None:
        shard = self.shard(forward.shard)
        if shard is not None and shard.alive and forward.stream_id is not None:
            self._spawn(shard.stop_site_forward(forward.feed, forward.stream_id))

    async def _reap_orphans(self) -> None:
        while True:
            await asyncio.sleep(self.reap_interval_s)
            try:
                await self.forwards.reap(self.alive())
            except Exception:
                log.exception("SFU: the orphan forwarders' sweep failed")

    def _tell_consoles(self) -> None:
        for peer, tokens in self.consoles.values():
            peer.send({"type": "media", "media": self._console_block(tokens)})

    # --- moderation ---------------------------------------------------------------------

    def moderate(self, key: str, action: str, params: dict[str, Any] | None = None) -> None:
        """A moderation control went to the site; the SFU enforces it too (a talk's end: the
        microphone the hub gives back, ``params.muted``)."""
        if action not in MUTE_ACTIONS:
            return
        mute = (params or {}).get("muted", True) if action == "end_talk" else MUTE_ACTIONS[action]
        (self.unmuted.discard if mute else self.unmuted.add)(key)
        media = self.sites.get(key)
        shard = self.shard(media.shard) if media else None
        if shard is not None and shard.alive:
            self._spawn(self._moderate(shard, key, mute))

    async def _moderate(self, shard: Shard, key: str, mute: bool) -> None:
        try:
            if not await shard.moderate(feed_id(key), mute):
                log.debug("%s has no audio at the SFU yet; moderated when it publishes", key)
        except JanusError as error:
            log.warning("SFU shard %s: could not %s %s: %s", shard.name, "mute" if mute else "unmute", key, error)

    # --- what Janus says ------------------------------------------------------------------

    def _on_feed(self, shard: Shard, feed: int, info: Feed | None) -> None:
        if feed == -PROGRAM_FEED:
            if shard.name == self.program_shard:
                self._spawn(self._route_program() if info else self._unroute_program())
            return
        if feed in (PROGRAM_FEED, MONITOR_FEED):
            return
        key = self.site_of_feed.get(feed)
        media = self.sites.get(key) if key else None
        if key is None or media is None or media.shard != shard.name or (info is not None and info.display != key):
            if info is not None:  # not a feed the hub issued here: out it goes
                log.warning(
                    "SFU shard %s: feed %s (%r) was not issued by this hub; kicking it", shard.name, feed, info.display
                )
                self._spawn(shard.kick(feed))
            return
        media.live = info is not None
        if info is None:
            self.forwards.feed_gone(key)  # Janus ended its forwarders with the publisher
        if info is not None:
            self._spawn(self._moderate(shard, key, key not in self.unmuted))
        self._broadcast({"type": "feed", "site": key, "shard": shard.name, "feed": feed, "live": media.live})

    # --- failover ---------------------------------------------------------------------------

    async def _watch(self, shard: Shard) -> None:
        failures = 0
        while True:
            await asyncio.sleep(self.ping_interval_s)
            if not shard.alive:
                if await self._connect(shard):
                    failures = 0
                    await self._revived(shard)
                continue
            try:
                await shard.ping()
                failures = 0
            except JanusError as error:
                failures += 1
                if failures >= DEAD_AFTER_FAILURES:
                    self._on_lost(shard, f"it did not answer {failures} pings ({error.reason})")

    def _on_lost(self, shard: Shard, reason: str) -> None:
        if shard.session is None and not shard.alive:
            return  # dropped already (its long poll and the pings both noticed)
        log.warning("SFU shard %s (%s) is down: %s; moving its sites", shard.name, shard.url, reason)
        shard.dropped(reason)
        self._spawn(self._fail_over(shard))

    async def _fail_over(self, dead: Shard) -> None:
        moved = [m for m in self.sites.values() if m.shard == dead.name]
        for media in moved:
            if media.live:
                self._broadcast(
                    {"type": "feed", "site": media.key, "shard": dead.name, "feed": feed_id(media.key), "live": False}
                )
            media.live = False
        for consoles_tokens in (tokens for _, tokens in self.consoles.values()):
            consoles_tokens.pop(dead.name, None)
        self.forwards.shard_gone(dead.name)
        async with self._program_lock:
            self.program_links.pop(dead.name, None)
            if self.program_shard == dead.name:
                self.program_links.clear()  # its forwarders died with it
                self._choose_program_shard()
                await self._remove_remote_programs()
        self._tell_consoles()
        reason = f"SFU shard {dead.name} is down: {dead.error}"
        for start in range(0, len(moved), MOVE_BATCH):
            await asyncio.gather(*(self._move(media, reason, dead.name) for media in moved[start : start + MOVE_BATCH]))

    async def _move(self, media: SiteMedia, reason: str, avoid: str | None = None) -> None:
        if self.sites.get(media.key) is not media:
            return  # it left meanwhile
        block = await self._place(media, avoid=avoid)
        self._send_site(media.key, {"type": "media", "media": block, "reason": reason})
        if media.shard is not None:
            self._broadcast(
                {"type": "feed", "site": media.key, "shard": media.shard, "feed": feed_id(media.key), "live": False}
            )

    async def _revived(self, shard: Shard) -> None:
        """A shard answers again: consoles get tokens for it, waiting sites a place, the program a route."""
        for _, tokens in self.consoles.values():
            await self._console_token(shard, tokens)
        if self.program_shard is None:
            self._choose_program_shard()
        self._tell_consoles()
        waiting = [m for m in self.sites.values() if m.shard is None]
        for start in range(0, len(waiting), MOVE_BATCH):
            await asyncio.gather(
                *(self._move(media, f"SFU shard {shard.name} is up") for media in waiting[start : start + MOVE_BATCH])
            )
        await self._route_program()

    def _choose_program_shard(self) -> None:
        alive = self.alive()
        self.program_shard = alive[0].name if alive else None

    # --- the program's routes -------------------------------------------------------------

    async def _route_program(self) -> None:
        """From the program's shard to every shard that is up and not yet reached."""
        async with self._program_lock:
            source = self.shard(self.program_shard)
            if source is None or not source.alive or source.program is None:
                return
            if not {"audio", "video"} <= set(source.program.mids):
                log.warning(
                    "the program feed has no %s; not routed",
                    " or ".join(k for k in ("audio", "video") if k not in source.program.mids),
                )
                return
            for target in self.alive():
                if target.name in self.program_links:
                    continue
                try:
                    if self.route == "streaming":
                        self.program_links[target.name] = await target.forward_program_here(source, source.program)
                    else:
                        where = await target.add_program_remote(source.program)
                        await source.publish_program_to(target, where)
                        self.program_links[target.name] = True
                    log.info("program feed routed from %s to %s (%s)", source.name, target.name, self.route)
                except JanusError as error:
                    log.warning("could not route the program from %s to %s: %s", source.name, target.name, error)

    async def _unroute_program(self) -> None:
        async with self._program_lock:
            source = self.shard(self.program_shard)
            links, self.program_links = self.program_links, {}
            for name, link in links.items():
                target = self.shard(name)
                if self.route == "streaming":
                    if source is not None and source.alive:
                        await source.stop_forwards(link)
                elif target is not None and target.alive:
                    try:
                        await target.remove_program_remote()
                    except JanusError as error:
                        log.info("shard %s: %s", name, error)

    async def _remove_remote_programs(self) -> None:
        if self.route != "videoroom":
            return
        for target in self.alive():
            try:
                await target.remove_program_remote()
            except JanusError as error:
                log.info("shard %s: %s", target.name, error)

    # --- plumbing ----------------------------------------------------------------------

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(self._quietly(coro))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _quietly(coro) -> None:
        try:
            await coro
        except JanusError as error:
            log.info("SFU: %s", error)
        except Exception:
            log.exception("SFU orchestration failed")
