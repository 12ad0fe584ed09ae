"""A site received through the SFU: what the wall needs of it, like a peer-to-peer SiteSession.

Same attributes and states (``connecting`` until its first frame, ``live``, ``closed``),
same sinks, level meter, room mix and stats, so the manager, moderation, the service and
the views do not know which topology brought the frames. The frames come from the shard's
shared peer connection (``ShardSubscriber`` hands them out by feed); there is no offer of
its own, so it never fails for the manager to retry: when its feed moves to another shard
(or is not published yet) it goes back to ``connecting`` and comes back by itself.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from av import VideoFrame

from console.media.levels import LevelMeter
from console.media.room import RoomMix
from console.media.sender_clock import SenderClock
from console.media.session import hear
from console.media.sink import LatestFrameSink
from console.media.stats import StatsTracker
from console.model.reasons import clean_args

log = logging.getLogger(__name__)


class SfuSiteSession:
    """One site on the wall in media mode "sfu". Built by ``SfuMedia.new_session``."""

    via_sfu = True  # the manager sends no hub hangup for it: there is no hub media session

    def __init__(
        self,
        site: str,
        media,
        room: RoomMix | None = None,
        program=None,
        on_state: Callable[[SfuSiteSession], None] | None = None,
    ) -> None:
        self.site = site
        self.session = f"sfu-{uuid.uuid4().hex}"
        self._media = media
        self._on_state = on_state
        self.video: LatestFrameSink[VideoFrame] = LatestFrameSink()
        self.audio = LevelMeter()
        self.stats = StatsTracker(self.video, self.audio)
        self.state = "new"
        self.error = ""
        self.error_code = ""  # the error named (fail()), as a peer-to-peer session names it
        self.error_args: dict[str, Any] = {}
        self.retry_on_failure = False  # it heals itself as its feed comes and goes
        self.waiting_for_site = False  # never: it waits for its feed, as "connecting"
        self.started_at = time.monotonic()
        self.first_frame_at: float | None = None
        self.frame_size: tuple[int, int] | None = None
        self.video_clock = SenderClock()  # no sender reports through the SFU: capture times unknown
        self.room = room
        self.program = program
        self.program_tracks: tuple = ()
        self.on_audio: Callable[[str, Any, float], None] | None = None
        self.audio_refused = 0
        self.on_audio_refused: Callable[[str], None] | None = None
        self.pc = _SiteStatsView(self)  # what the manager's stats poll reads

    # --- what the manager calls -----------------------------------------------------

    async def start(self) -> None:
        self._set_state("connecting")
        self._media.want(self)

    async def close(self, state: str = "closed") -> None:
        if self.state in ("closed", "failed"):
            return
        self._set_state(state)
        self._media.unwant(self)

    async def fail(self, reason: str, code: str = "", **args: Any) -> None:
        """End the session as failed, as SiteSession.fail does: ``reason`` in English, ``code``
        and ``args`` naming it for the console's language (console/model/reasons.py)."""
        self.error = reason
        self.error_code, self.error_args = code, clean_args(args)
        log.info("%s: %s", self.site, reason)
        await self.close("failed")

    backlog = 0  # the shard's subscription or forwards hold it: SfuMedia.backlog()

    async def on_answer(self, sdp: str) -> None:
        """Never called: the SFU's offers go to the shard's subscription, not to a site."""

    async def on_ice(self, candidate: dict[str, Any] | None) -> None:
        """Never called (see on_answer)."""

    async def apply_view(self, params: dict[str, Any]) -> None:
        """A hidden tile stops at the SFU for this console alone, at once (other consoles may
        still watch the site); a shown one resumes there. The hub, told the same view, asks
        the site for what all consoles together need."""
        await self._media.set_video_sending(self.site, not params.get("paused"))

    # --- what the shard's subscription hands over --------------------------------------

    def waiting(self, reason: str) -> None:
        """The feed is not (or no longer) where the console receives: back to connecting."""
        if self.state in ("closed", "failed"):
            return
        self.error = reason
        self.first_frame_at = None
        self._set_state("connecting")

    def deliver(self, kind: str, frame) -> None:
        if self.state in ("closed", "failed"):
            return
        if kind == "video":
            self.frame_size = (frame.width, frame.height)
            frame.opaque = None
            self.video.put(frame)
            if self.first_frame_at is None:
                self.first_frame_at = time.monotonic()
            if self.state != "live":
                self.error = ""
                self._set_state("live")
            return
        hear(self, frame)

    def _set_state(self, state: str) -> None:
        if self.state != state:
            self.state = state
            if self._on_state:
                self._on_state(self)


class _SiteStatsView:
    """What the stats poll reads of an aiortc connection (``getStats``, ``getTransceivers``),
    narrowed to this site's streams: of the shard's shared subscription, or of its forwards."""

    def __init__(self, session: SfuSiteSession) -> None:
        self._session = session
        self._media = session._media  # noqa: SLF001 (the view reports on its session's media)

    def path(self) -> str:
        """ "sfu-forward" (the shard forwards it natively) or "sfu-webrtc" (a subscription)."""
        return self._media.path_of(self._session.site)

    def getTransceivers(self) -> list[SimpleNamespace]:  # noqa: N802 (aiortc's name)
        """The site's receivers, each with its kind (what per-SSRC figures are read from)."""
        return [
            SimpleNamespace(kind=receiver.track.kind, receiver=receiver)
            for receiver in self._media.receivers_of(self._session.site)
        ]

    async def getStats(self) -> dict[str, Any]:  # noqa: N802 (aiortc's name)
        site = self._session.site
        report: dict[str, Any] = {
            "transport": SimpleNamespace(type="transport", bytesReceived=self._media.site_bytes(site))
        }
        for receiver in self._media.receivers_of(site):
            for key, stats in (await receiver.getStats()).items():
                if stats.type == "inbound-rtp":
                    report[f"{key}-{id(receiver)}"] = stats
        for kind, frames in self._media.forwarded_of(site).items():  # libavformat counts no RTP losses
            report[f"forward-{kind}"] = SimpleNamespace(
                type="inbound-rtp", kind=kind, packetsReceived=frames, packetsLost=0, jitter=None
            )
        return report
