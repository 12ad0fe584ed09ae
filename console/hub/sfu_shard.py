"""One Janus instance (a shard) as the hub drives it: rooms, tokens, moderation, forwarders.

On every shard the hub makes, with credentials only it holds:

* the **site room** (VideoRoom ``SITE_ROOM``): the shard's sites publish here, the consoles
  subscribe here. Joining needs the meeting's pin, and (with a Janus secret) a token the hub
  added for that site or console; the room's ``secret`` (moderate, kick, forwarders) stays
  with the hub.
* the **program room** (``PROGRAM_ROOM``): where the console publishes the program feed,
  when this shard is the program's shard;
* the **program mountpoint** (Streaming ``PROGRAM_MOUNTPOINT``): an RTP mountpoint the
  program is forwarded into, which the shard's sites watch (the "streaming" route).

The hub joins each room as a silent participant (``MONITOR_FEED``): Janus then tells it
which feeds are published (with their mids) and when they go, which is how the hub knows
where each site's audio is to moderate it and when a site is live for the consoles.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from console.janus.client import JanusAdmin, JanusClient, JanusError, JanusHandle, JanusSession

log = logging.getLogger(__name__)
VIDEOROOM = "janus.plugin.videoroom"
STREAMING = "janus.plugin.streaming"
SITE_ROOM = 1000
PROGRAM_ROOM = 1001
PROGRAM_MOUNTPOINT = 1000
PROGRAM_FEED = 1  # the program's publisher, in the program room and as a remote publisher
MONITOR_FEED = 2  # the hub's own silent participant in each room
OPUS_PT, VP8_PT = 111, 96
ROOM_PUBLISHERS = 20_000  # a shard's sites all publish in one room
MOUNTPOINT_THREADS = 2  # Streaming's helper threads share the program's fan-out to sites
NO_SUCH_FEED = (428, 436)  # VideoRoom: no such feed, and (for kick) no such user


def admin_url_for(url: str) -> str:
    """The Admin API next to a Janus API URL: same host, port 7088, path /admin."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, f"{parts.hostname}:7088", "/admin", "", ""))


def derived(secret: str, purpose: str) -> str:
    """A credential derived from the Janus secret: a restarted hub can still administer
    the rooms it made (their secret does not change with the hub's run)."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class Feed:
    """A publisher in a room, as Janus announced it: its id and its streams by type."""

    id: int
    display: str
    mids: dict[str, str] = field(default_factory=dict)  # "audio" -> mid, "video" -> mid
    streams: list[dict[str, Any]] = field(default_factory=list)


class Shard:
    """The hub's control session with one Janus instance."""

    def __init__(
        self,
        name: str,
        url: str,
        secret: str | None,
        pin: str,
        on_feed: Callable[[Shard, int, Feed | None], None],
        on_lost: Callable[[Shard, str], None],
        http=None,
        room_secret: str | None = None,
    ) -> None:
        self.name = name
        self.url = url.rstrip("/")
        self.address = urlsplit(url).hostname or ""
        self.secret = secret
        self.pin = pin
        # With the Janus secret the rooms' secret derives from it; without, the hub keeps one.
        self.room_secret = derived(secret, "room-secret") if secret else (room_secret or secrets.token_hex(16))
        self.alive = False
        self.error = "not connected yet"
        self.client = JanusClient(self.url, apisecret=secret, http=http)
        self.admin = JanusAdmin(admin_url_for(url), secret, http=http) if secret else None
        self.session: JanusSession | None = None
        self.site_room: JanusHandle | None = None
        self.program_room: JanusHandle | None = None
        self.streaming: JanusHandle | None = None
        self.mountpoint_ports: dict[str, int] = {}
        self.feeds: dict[int, Feed] = {}  # site room publishers
        self.program: Feed | None = None  # the program publisher in this shard's program room
        self.claimed = False  # the control session was an earlier run's, claimed
        self._on_feed = on_feed
        self._on_lost = on_lost

    # --- lifecycle ----------------------------------------------------------------------

    async def connect(self, saved: dict[str, Any] | None = None) -> None:
        """Make (or find) the rooms and the mountpoint and listen in; raises JanusError.

        ``saved`` (what ``saved_state`` gave an earlier run of the hub): its control session
        is claimed rather than a new one made, since the shards keep a session for
        ``reclaim_session_timeout`` after its transport went; its old handles are let go.
        """
        await self.client.info()
        await self._forget_old_tokens()
        session = await self._claim(saved) or await self.client.create_session()
        try:
            self.site_room = site_room = await session.attach(VIDEOROOM)
            self.program_room = program_room = await session.attach(VIDEOROOM)
            self.streaming = streaming = await session.attach(STREAMING)
            await self._room(site_room, SITE_ROOM, "opsconsole sites")
            await self._room(program_room, PROGRAM_ROOM, "opsconsole program")
            await self._mountpoint(streaming)
            self.feeds = {}
            site_room.on_event = lambda event: self._room_event(event, program=False)
            program_room.on_event = lambda event: self._room_event(event, program=True)
            for handle, room in ((site_room, SITE_ROOM), (program_room, PROGRAM_ROOM)):
                await self._kick(room, MONITOR_FEED)  # our own listener from a previous run
                data, _ = await handle.message(
                    {
                        "request": "join",
                        "ptype": "publisher",
                        "room": room,
                        "id": MONITOR_FEED,
                        "display": "opsconsole-hub",
                        "pin": self.pin,
                    }
                )
                for publisher in data.get("publishers", []):
                    self._published(publisher, program=room == PROGRAM_ROOM)
        except BaseException:
            await session.destroy()
            raise
        session.on_lost = lambda reason: self._lose(f"its control session was lost: {reason}")
        self.session = session
        self.alive, self.error = True, ""

    async def _claim(self, saved: dict[str, Any] | None) -> JanusSession | None:
        if not saved or saved.get("url") != self.url or not isinstance(saved.get("session"), int):
            return None
        try:
            session = await self.client.claim_session(saved["session"])
        except JanusError as error:
            log.info("shard %s: the previous control session is gone (%s); starting a new one", self.name, error)
            return None
        for handle_id in saved.get("handles", []):
            if isinstance(handle_id, int):
                await JanusHandle(session, handle_id, VIDEOROOM).detach()  # its listener leaves with it
        self.claimed = True
        log.info("shard %s: claimed the hub's previous control session %s", self.name, session.id)
        return session

    def saved_state(self) -> dict[str, Any] | None:
        """What a restarted hub needs to claim this control session."""
        if self.session is None:
            return None
        handles = [h.id for h in (self.site_room, self.program_room, self.streaming) if h is not None]
        return {"url": self.url, "session": self.session.id, "handles": handles}

    async def _forget_old_tokens(self) -> None:
        """Tokens an earlier run of the hub issued (it died, or this shard was down) end now:
        only this run's sites and consoles may join."""
        if self.admin is None:
            return
        for token in await self.admin.list_tokens():
            if token.startswith(TOKEN_PREFIX):
                await self.admin.remove_token(token)

    async def _room(self, handle: JanusHandle, room: int, description: str) -> None:
        exists = (await handle.request({"request": "exists", "room": room})).get("exists")
        if exists:
            # A room a previous run of the hub made: this meeting's pin from now on.
            await handle.request({"request": "edit", "room": room, "secret": self.room_secret, "new_pin": self.pin})
            return
        await handle.request(
            {
                "request": "create",
                "room": room,
                "description": description,
                "secret": self.room_secret,
                "pin": self.pin,
                "is_private": True,
                "publishers": ROOM_PUBLISHERS,
                "audiocodec": "opus",
                "videocodec": "vp8",
                "fir_freq": 0,
                "notify_joining": False,
                **self._admin_key(),
            }
        )

    async def _mountpoint(self, streaming: JanusHandle) -> None:
        info = None
        try:
            info = await streaming.request({"request": "info", "id": PROGRAM_MOUNTPOINT, "secret": self.room_secret})
        except JanusError as error:
            if error.code != 455:  # JANUS_STREAMING_ERROR_NO_SUCH_MOUNTPOINT
                raise
        if info is not None:
            await streaming.request(
                {"request": "destroy", "id": PROGRAM_MOUNTPOINT, "secret": self.room_secret, **self._admin_key()}
            )
        created = await streaming.request(
            {
                "request": "create",
                "type": "rtp",
                "id": PROGRAM_MOUNTPOINT,
                "name": "opsconsole-program",
                "description": "the operations room's program feed",
                "secret": self.room_secret,
                "pin": self.pin,
                "is_private": True,
                "threads": MOUNTPOINT_THREADS,
                **self._admin_key(),
                "media": [
                    {"type": "audio", "mid": "a", "port": 0, "pt": OPUS_PT, "codec": "opus", "iface": self.address},
                    {"type": "video", "mid": "v", "port": 0, "pt": VP8_PT, "codec": "vp8", "iface": self.address},
                ],
            }
        )
        self.mountpoint_ports = {p["type"]: int(p["port"]) for p in created.get("stream", {}).get("ports", [])}
        if set(self.mountpoint_ports) != {"audio", "video"}:
            raise JanusError(0, f"the program mountpoint came without its ports: {created}", self.url)

    def _handle(self, room: int) -> JanusHandle:
        """The hub's handle in ``room`` (SITE_ROOM or PROGRAM_ROOM), which ``connect`` makes."""
        handle = self.site_room if room == SITE_ROOM else self.program_room
        if handle is None:
            raise RuntimeError(f"shard {self.name} has not connected: no handle in room {room} yet")
        return handle

    def _admin_key(self) -> dict[str, str]:
        return {"admin_key": self.secret} if self.secret else {}

    def _lose(self, reason: str) -> None:
        if self.alive:
            self.alive = False
            self.error = reason
            self._on_lost(self, reason)

    async def ping(self, timeout: float = 1.5) -> None:
        await self.client.info(timeout)

    async def close(self, keep_session: bool = False) -> None:
        """Leave Janus alone (rooms stay for a restarted hub); end our HTTP, and our session
        unless ``keep_session`` (a restarted hub claims it; else Janus times it out)."""
        self.alive = False
        self.feeds, self.program = {}, None  # what the next connect lists again
        if self.session is not None:
            if keep_session:
                self.session.stop_polling()
            else:
                await self.session.destroy()
            self.session = None
        await self.client.close()
        if self.admin is not None:
            await self.admin.close()

    def dropped(self, reason: str) -> None:
        """We gave up on this shard: forget its session without talking to it."""
        self.alive = False
        self.error = reason
        if self.session is not None:
            session, self.session = self.session, None
            session.abandon(reason)  # nothing to tell a dead server
        self.feeds = {}
        self.program = None

    # --- room events ----------------------------------------------------------------------

    def _room_event(self, event: dict[str, Any], program: bool) -> None:
        data = ((event.get("plugindata") or {}).get("data")) or {}
        for publisher in data.get("publishers", []) or []:
            self._published(publisher, program)
        gone = data.get("unpublished", data.get("leaving"))
        if isinstance(gone, int) and gone != MONITOR_FEED:
            self._unpublished(gone, program)
        if data.get("videoroom") == "destroyed":
            self._lose("a room was destroyed under us")

    def _published(self, publisher: dict[str, Any], program: bool) -> None:
        feed = Feed(
            int(publisher["id"]),
            str(publisher.get("display", "")),
            streams=[s for s in publisher.get("streams", []) if not s.get("disabled")],
        )
        feed.mids = {s["type"]: s["mid"] for s in feed.streams if s.get("type") in ("audio", "video")}
        if program:
            if feed.id == PROGRAM_FEED:
                self.program = feed
                self._on_feed(self, -PROGRAM_FEED, feed)
            return
        self.feeds[feed.id] = feed
        self._on_feed(self, feed.id, feed)

    def _unpublished(self, feed_id: int, program: bool) -> None:
        if program:
            if feed_id == PROGRAM_FEED and self.program is not None:
                self.program = None
                self._on_feed(self, -PROGRAM_FEED, None)
            return
        if self.feeds.pop(feed_id, None) is not None:
            self._on_feed(self, feed_id, None)

    # --- what the orchestrator asks ----------------------------------------------------------

    async def add_token(self, token: str) -> None:
        if self.admin is not None:
            await self.admin.add_token(token, [VIDEOROOM, STREAMING])

    async def remove_token(self, token: str) -> None:
        if self.admin is not None and self.alive:
            await self.admin.remove_token(token)

    async def moderate(self, feed_id: int, mute: bool) -> bool:
        """Block (or stop blocking) a site's audio at the SFU; False if it has no audio yet."""
        feed = self.feeds.get(feed_id)
        if feed is None or "audio" not in feed.mids:
            return False
        await self._handle(SITE_ROOM).request(
            {
                "request": "moderate",
                "room": SITE_ROOM,
                "secret": self.room_secret,
                "id": feed_id,
                "mid": feed.mids["audio"],
                "mute": mute,
            }
        )
        return True

    async def kick(self, feed_id: int) -> None:
        if self.alive:
            await self._kick(SITE_ROOM, feed_id)

    async def _kick(self, room: int, feed_id: int) -> None:
        try:
            await self._handle(room).request(
                {"request": "kick", "room": room, "secret": self.room_secret, "id": feed_id}
            )
        except JanusError as error:
            if error.code not in NO_SUCH_FEED:
                raise

    # --- the program's routes from its shard to this one ---------------------------------

    async def forward_program_here(self, source: Shard, program: Feed) -> list[int]:
        """Streaming route: ``source``'s program publisher (``program``) forwards RTP into our mountpoint."""
        streams = [
            {"mid": program.mids["audio"], "port": self.mountpoint_ports["audio"], "pt": OPUS_PT},
            {"mid": program.mids["video"], "port": self.mountpoint_ports["video"], "pt": VP8_PT},
        ]
        reply = await source._handle(PROGRAM_ROOM).request(
            {
                "request": "rtp_forward",
                "room": PROGRAM_ROOM,
                "publisher_id": PROGRAM_FEED,
                "host": self.address,
                "secret": source.room_secret,
                "streams": streams,
                **source._admin_key(),
            }
        )
        return [int(f["stream_id"]) for f in reply.get("forwarders", []) if "stream_id" in f]

    async def stop_forwards(self, stream_ids: list[int]) -> None:
        for stream_id in stream_ids:
            try:
                await self._stop_rtp_forward(PROGRAM_ROOM, PROGRAM_FEED, stream_id)
            except JanusError as error:
                log.info("shard %s: could not stop forwarder %s: %s", self.name, stream_id, error)

    async def _stop_rtp_forward(self, room: int, publisher: int, stream_id: int) -> None:
        """Stop one forwarder of ``publisher`` in ``room``; one already gone with it is no error."""
        try:
            await self._handle(room).request(
                {
                    "request": "stop_rtp_forward",
                    "room": room,
                    "publisher_id": publisher,
                    "stream_id": stream_id,
                    "secret": self.room_secret,
                    **self._admin_key(),
                }
            )
        except JanusError as error:
            if error.code not in NO_SUCH_FEED:
                raise

    # --- a site's feed forwarded to a console's wall (console/hub/sfu_forwards.py) ----------

    async def forward_site(self, feed_id: int, kind: str, host: str, port: int, key: str) -> int:
        """Forward one stream (``kind``) of a site's feed to ``host:port`` as SRTP under ``key``
        (AES_CM_128_HMAC_SHA1_80, base64 master key and salt); the forwarder's id. Video also
        takes RTCP feedback on ``port + 1``, so the console's keyframe requests reach the site."""
        feed = self.feeds.get(feed_id)
        if feed is None or kind not in feed.mids:
            raise JanusError(NO_SUCH_FEED[0], f"feed {feed_id} publishes no {kind} on shard {self.name}", self.url)
        stream: dict[str, Any] = {"mid": feed.mids[kind], "port": port, "pt": VP8_PT if kind == "video" else OPUS_PT}
        if kind == "video":
            stream["rtcp_port"] = port + 1
        reply = await self._handle(SITE_ROOM).request(
            {
                "request": "rtp_forward",
                "room": SITE_ROOM,
                "publisher_id": feed_id,
                "host": host,
                "streams": [stream],
                "srtp_suite": 80,
                "srtp_crypto": key,
                "secret": self.room_secret,
                **self._admin_key(),
            }
        )
        ids = [int(f["stream_id"]) for f in reply.get("forwarders", []) if "stream_id" in f]
        if len(ids) != 1:
            raise JanusError(0, f"rtp_forward of feed {feed_id} {kind} gave {len(ids)} forwarders", self.url)
        return ids[0]

    async def stop_site_forward(self, feed_id: int, stream_id: int) -> None:
        await self._stop_rtp_forward(SITE_ROOM, feed_id, stream_id)

    async def site_forwards(self) -> dict[int, int]:
        """Every forwarder of the site room now: stream id -> its publisher."""
        reply = await self._handle(SITE_ROOM).request(
            {"request": "listforwarders", "room": SITE_ROOM, "secret": self.room_secret, **self._admin_key()}
        )
        found: dict[int, int] = {}
        for publisher in reply.get("publishers", []):
            for forwarder in publisher.get("forwarders", []):
                if "stream_id" in forwarder:
                    found[int(forwarder["stream_id"])] = int(publisher["publisher_id"])
        return found

    async def add_program_remote(self, program: Feed) -> dict[str, Any]:
        """Remote-publisher route: the program appears in our site room as feed PROGRAM_FEED;
        returns where its RTP must be sent."""
        await self.remove_program_remote()
        streams = [
            {
                "type": s["type"],
                "mindex": int(s.get("mindex", i)),
                "mid": s["mid"],
                "codec": s.get("codec", "opus" if s["type"] == "audio" else "vp8"),
            }
            for i, s in enumerate(program.streams)
        ]
        return await self._handle(SITE_ROOM).request(
            {
                "request": "add_remote_publisher",
                "room": SITE_ROOM,
                "id": PROGRAM_FEED,
                "secret": self.room_secret,
                "display": "program",
                "iface": self.address,
                "port": 0,
                "streams": streams,
            }
        )

    async def remove_program_remote(self) -> None:
        try:
            await self._handle(SITE_ROOM).request(
                {
                    "request": "remove_remote_publisher",
                    "room": SITE_ROOM,
                    "id": PROGRAM_FEED,
                    "secret": self.room_secret,
                }
            )
        except JanusError as error:
            if error.code not in NO_SUCH_FEED:
                raise

    async def publish_program_to(self, target: Shard, where: dict[str, Any]) -> None:
        """Remote-publisher route, on the program's shard: send the program to ``target``."""
        body = {
            "request": "publish_remotely",
            "room": PROGRAM_ROOM,
            "publisher_id": PROGRAM_FEED,
            "remote_id": target.name,
            "secret": self.room_secret,
            "host": where.get("ip") or target.address,
            "port": int(where["port"]),
            **self._admin_key(),
        }  # (lock_rtp_forward covers remotization)
        if where.get("rtcp_port"):
            body["rtcp_port"] = int(where["rtcp_port"])
        await self._handle(PROGRAM_ROOM).request(body)

    async def unpublish_program_from(self, target_name: str) -> None:
        try:
            await self._handle(PROGRAM_ROOM).request(
                {
                    "request": "unpublish_remotely",
                    "room": PROGRAM_ROOM,
                    "publisher_id": PROGRAM_FEED,
                    "remote_id": target_name,
                    "secret": self.room_secret,
                    **self._admin_key(),
                }
            )
        except JanusError as error:
            log.info("shard %s: could not stop sending the program to %s: %s", self.name, target_name, error)


TOKEN_PREFIX = "jt_"  # the Janus tokens the hub issues (and, at start, removes left-overs of)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(24)
