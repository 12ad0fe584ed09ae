"""How much picture a site's link can carry: a cap on the size the console asks of it.

Remote communes have thin, lossy links. Asking such a site for the big tile's 1280x720 only
freezes its picture; the console asks for less and keeps the picture moving. Per site, fed
once a second with what arrives (loss, jitter, bitrate):

* a bad second is loss over ``LOSS_BAD_PCT``, jitter over ``JITTER_BAD_MS``, or a starved link:
  less than half the bitrate the asked size needs while frames come slower than ``FPS_STARVED``
  (a still picture sends little too, but at its full frame rate); after ``BAD_FOR_S`` bad seconds in a row the cap steps one
  rung down;
* after ``STABLE_FOR_S`` good seconds it probes one rung up again;
* never more than one change in ``MIN_GAP_S`` per site, so a flapping link cannot make the
  picture pump.

Pure: no clock of its own (times are passed in), no Qt, no media.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The rungs every site can send (console/sim/clips.py LADDER; browsers scale to the asked size).
RUNGS: tuple[tuple[int, int], ...] = ((160, 90), (320, 180), (640, 360), (960, 540), (1280, 720))
# What each rung needs at 15 fps (VP8), to tell "the link carries too little" from "the site is still".
RUNG_KBPS = {(160, 90): 60, (320, 180): 150, (640, 360): 400, (960, 540): 700, (1280, 720): 1100}
LOSS_BAD_PCT = 4.0
JITTER_BAD_MS = 60.0
BAD_FOR_S = 3.0
STABLE_FOR_S = 10.0
MIN_GAP_S = 10.0
FPS_STARVED = 10.0


@dataclass
class LinkState:
    cap: int = len(RUNGS) - 1          # index of the largest rung the link may be asked for
    bad_since: float | None = None
    good_since: float | None = None
    changed_at: float = -MIN_GAP_S
    changes: list[float] = field(default_factory=list)   # when the cap changed


class LinkAdapter:
    """The caps of every site; ``observe`` returns the new cap when it changed."""

    def __init__(self) -> None:
        self.sites: dict[str, LinkState] = {}

    def observe(self, key: str, now: float, loss_pct: float, jitter_ms: float, bitrate_kbps: float,
                fps: float, asked: tuple[int, int] | None) -> tuple[int, int] | None:
        """One second of ``key``'s link while the console asks it for ``asked`` (None: paused,
        nothing to judge). The new cap, if it changed."""
        state = self.sites.setdefault(key, LinkState())
        if asked is None:
            state.bad_since = state.good_since = None
            return None
        rung = min(rung_index(asked), state.cap)
        starved = bitrate_kbps < RUNG_KBPS[RUNGS[rung]] / 2 and fps < FPS_STARVED
        bad = loss_pct > LOSS_BAD_PCT or jitter_ms > JITTER_BAD_MS or starved
        if bad:
            state.good_since = None
            state.bad_since = now if state.bad_since is None else state.bad_since
        else:
            state.bad_since = None
            state.good_since = now if state.good_since is None else state.good_since
        if now - state.changed_at < MIN_GAP_S:
            return None
        if bad and now - state.bad_since >= BAD_FOR_S and rung > 0:
            return self._set(state, rung - 1, now)
        if not bad and state.cap < len(RUNGS) - 1 and now - state.good_since >= STABLE_FOR_S:
            return self._set(state, state.cap + 1, now)
        return None

    def cap(self, key: str) -> tuple[int, int]:
        return RUNGS[self.sites[key].cap] if key in self.sites else RUNGS[-1]

    def capped(self, key: str, width: int, height: int) -> tuple[int, int]:
        """What to ask of ``key`` for a tile of ``width`` x ``height``: no more than its link carries."""
        limit = self.cap(key)
        if width <= limit[0] and height <= limit[1]:
            return width, height
        scale = min(limit[0] / width, limit[1] / height)
        return max(16, int(width * scale)), max(16, int(height * scale))

    def changes_per_minute(self, key: str, now: float, window_s: float = 60.0) -> int:
        state = self.sites.get(key)
        return sum(1 for t in state.changes if now - t <= window_s) if state else 0

    def forget(self, key: str) -> None:
        self.sites.pop(key, None)

    def _set(self, state: LinkState, cap: int, now: float) -> tuple[int, int]:
        state.cap, state.changed_at = cap, now
        state.bad_since = state.good_since = None
        state.changes.append(now)
        del state.changes[:-20]
        return RUNGS[cap]


def rung_index(size: tuple[int, int]) -> int:
    """The smallest rung at least ``size`` (the largest if none is)."""
    for i, rung in enumerate(RUNGS):
        if rung[0] >= size[0] and rung[1] >= size[1]:
            return i
    return len(RUNGS) - 1
