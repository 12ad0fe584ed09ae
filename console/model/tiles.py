"""The state of one site's tile, driven by media events with explicit times.

Times are ``time.monotonic()`` seconds passed in by the caller, so tests and the
presenter's timer drive the same code without sleeping.
"""

from __future__ import annotations

from enum import Enum

STALE_AFTER_S = 2.0  # a frozen picture older than this must not pass for live video


class TileState(str, Enum):
    """What a tile shows about its site's stream."""

    EMPTY = "empty"  # no session was ever asked for
    CONNECTING = "connecting"
    LIVE = "live"
    STALE = "stale"  # connected, but no frame for STALE_AFTER_S
    OFFLINE = "offline"
    RECONNECTING = "reconnecting"
    # ICE found no working pair (NAT, firewall, relay down): said instead of "connecting" for
    # ever; the console's retries do not hide it, only a frame (or the site leaving) ends it.
    NO_MEDIA_PATH = "no_media_path"
    # The site's link cannot carry even the smallest picture: the console asked for its sound
    # alone, which plays on. Said so, rather than left to read as a frozen or stalled picture.
    AUDIO_ONLY = "audio_only"


# (state, event) -> next state. A pair missing from the table is ignored: e.g. a frame
# while OFFLINE is a late frame from a closed session and must not revive the tile.
# "stale" is raised only by ``check``.
_S = TileState
TRANSITIONS: dict[tuple[TileState, str], TileState] = {
    (_S.EMPTY, "connecting"): _S.CONNECTING,
    (_S.EMPTY, "frame"): _S.LIVE,
    (_S.EMPTY, "offline"): _S.OFFLINE,
    (_S.EMPTY, "reconnecting"): _S.RECONNECTING,
    (_S.CONNECTING, "frame"): _S.LIVE,
    (_S.CONNECTING, "offline"): _S.OFFLINE,
    (_S.CONNECTING, "reconnecting"): _S.RECONNECTING,
    (_S.LIVE, "connecting"): _S.CONNECTING,  # a new session replaces the old one
    (_S.LIVE, "frame"): _S.LIVE,
    (_S.LIVE, "stale"): _S.STALE,
    (_S.LIVE, "offline"): _S.OFFLINE,
    (_S.LIVE, "reconnecting"): _S.RECONNECTING,
    (_S.STALE, "connecting"): _S.CONNECTING,
    (_S.STALE, "frame"): _S.LIVE,
    (_S.STALE, "offline"): _S.OFFLINE,
    (_S.STALE, "reconnecting"): _S.RECONNECTING,
    (_S.OFFLINE, "connecting"): _S.CONNECTING,
    (_S.OFFLINE, "reconnecting"): _S.RECONNECTING,
    (_S.RECONNECTING, "connecting"): _S.CONNECTING,
    (_S.RECONNECTING, "frame"): _S.LIVE,
    (_S.RECONNECTING, "offline"): _S.OFFLINE,
    (_S.EMPTY, "no_media_path"): _S.NO_MEDIA_PATH,
    (_S.CONNECTING, "no_media_path"): _S.NO_MEDIA_PATH,
    (_S.LIVE, "no_media_path"): _S.NO_MEDIA_PATH,
    (_S.STALE, "no_media_path"): _S.NO_MEDIA_PATH,
    (_S.RECONNECTING, "no_media_path"): _S.NO_MEDIA_PATH,
    (_S.NO_MEDIA_PATH, "frame"): _S.LIVE,
    (_S.NO_MEDIA_PATH, "offline"): _S.OFFLINE,
    (_S.EMPTY, "audio_only"): _S.AUDIO_ONLY,
    (_S.CONNECTING, "audio_only"): _S.AUDIO_ONLY,
    (_S.LIVE, "audio_only"): _S.AUDIO_ONLY,
    (_S.STALE, "audio_only"): _S.AUDIO_ONLY,
    (_S.AUDIO_ONLY, "frame"): _S.LIVE,  # the link carried a picture again
    (_S.AUDIO_ONLY, "offline"): _S.OFFLINE,
    (_S.AUDIO_ONLY, "reconnecting"): _S.RECONNECTING,
    (_S.AUDIO_ONLY, "no_media_path"): _S.NO_MEDIA_PATH,
}
del _S


class TileStatus:
    """One site's tile state; every method returns True when the state changed."""

    def __init__(self) -> None:
        self.state = TileState.EMPTY
        self.changed_at: float | None = None  # when ``state`` last changed
        self.last_frame_at: float | None = None
        # While the sound is alone, the frames still on their way (a thin link holds a second
        # of them) must not make the tile live again: only those after a picture is asked do.
        self._picture_asked = False

    def _apply(self, event: str, now: float) -> bool:
        new = TRANSITIONS.get((self.state, event))
        if new is None or new == self.state:
            return False
        self.state = new
        self.changed_at = now
        return True

    def connecting(self, now: float) -> bool:
        """A session to the site is being set up."""
        return self._apply("connecting", now)

    def frame(self, now: float) -> bool:
        """A decoded frame arrived: the tile is live (ignored while OFFLINE)."""
        if (self.state, "frame") not in TRANSITIONS:
            return False
        if self.state is TileState.AUDIO_ONLY and not self._picture_asked:
            return False
        self.last_frame_at = now
        return self._apply("frame", now)

    def check(self, now: float) -> bool:
        """Mark a LIVE tile STALE once no frame came for ``STALE_AFTER_S``."""
        if self.state is TileState.LIVE and self._frame_too_old(now):
            return self._apply("stale", now)
        return False

    def offline(self, now: float) -> bool:
        """The site left or its session closed."""
        return self._apply("offline", now)

    def no_media_path(self, now: float) -> bool:
        """The site is online but no media path to it works (until a frame arrives)."""
        return self._apply("no_media_path", now)

    def audio_only(self, now: float) -> bool:
        """The site's link carries its sound alone (until a picture is asked and arrives again)."""
        self._picture_asked = False
        return self._apply("audio_only", now)

    def picture_asked(self) -> None:
        """A picture is asked of the site again (its link is probed): its next frame makes the
        tile live; until then it still says the sound is alone."""
        self._picture_asked = True

    def reconnecting(self, now: float) -> bool:
        """The session dropped and a new one is being attempted."""
        return self._apply("reconnecting", now)

    def is_live(self, now: float) -> bool:
        """True only for a LIVE tile with a recent frame, whether or not ``check`` ran."""
        return self.state is TileState.LIVE and not self._frame_too_old(now)

    def state_at(self, now: float) -> TileState:
        """The state to display at ``now``: LIVE reads as STALE once frames stop."""
        if self.state is TileState.LIVE and self._frame_too_old(now):
            return TileState.STALE
        return self.state

    def _frame_too_old(self, now: float) -> bool:
        return self.last_frame_at is None or now - self.last_frame_at >= STALE_AFTER_S

    def __repr__(self) -> str:
        return f"<TileStatus {self.state.value} last_frame_at={self.last_frame_at}>"
