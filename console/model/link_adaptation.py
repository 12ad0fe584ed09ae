"""How much picture a site's link can carry: a cap on the size the console asks of it.

Remote communes have thin, lossy links. Asking such a site for the big tile's 1280x720 only
freezes its picture; the console asks for less and keeps the picture moving. Per site, fed
once a second with what arrives (loss after retransmissions, jitter, bitrate, frame rate),
judged over the last ``WINDOW_S`` seconds (one second alone swings with every keyframe and
every retransmitted burst), from its first picture at the asked size on (a link that shows
none for ``FIRST_PICTURE_GRACE_S`` is judged anyway: too thin for even a keyframe):

* the link is bad when the loss retransmissions did not repair is over ``LOSS_BAD_PCT``, jitter
  over ``JITTER_BAD_MS``, or it is starved: frames arrive slower than ``FPS_STARVED_SHARE`` of
  what the site sends (a camera in dim light sends fewer frames, and says so) and the link
  shows why: it loses packets on the way (over ``LOSS_BAD_PCT``, repaired or not), or less
  than half the bitrate the asked size needs arrives (a still picture sends little too, but
  at its full frame rate). Frames that arrive whole but late because the console itself is
  short of CPU are not the link's fault: asking the site for less would not help;
* a bad window steps the cap down: one rung, or, when starved, straight to the largest rung
  the bitrate that does arrive carries (``FIT_SHARE`` of it, leaving room for the sound);
* after ``STABLE_FOR_S`` good seconds it probes one rung up; a probe that fails soon after
  doubles the wait before the next (up to ``MAX_PROBE_WAIT_S``), as a link that carried
  less a minute ago most likely still does;
* never more than one change in ``MIN_GAP_S`` per site, so a flapping link cannot make the
  picture pump;
* below the smallest picture is **audio only**: a link still starved at 160x90 cannot carry a
  picture at all, and the picture's packets only crowd out the sound (a 100 kbps rural link).
  The site is asked for no picture (``AUDIO_ONLY_SIZE``); its sound then has the link to itself,
  and the tile says why it shows no picture. It probes the smallest picture again after
  ``AUDIO_ONLY_FIRST_WAIT_S``, then after the same doubling waits.

Pure: no clock of its own (times are passed in), no Qt, no media.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

# The rungs every site can send (console/sim/clips.py LADDER; browsers scale to the asked size).
RUNGS: tuple[tuple[int, int], ...] = ((160, 90), (320, 180), (640, 360), (960, 540), (1280, 720))
# What each rung needs at 15 fps (VP8), to tell "the link carries too little" from "the site is still".
RUNG_KBPS = {(160, 90): 60, (320, 180): 150, (640, 360): 400, (960, 540): 700, (1280, 720): 1100}
LOSS_BAD_PCT = 4.0
JITTER_BAD_MS = 60.0
WINDOW_S = 3  # seconds (one observation each) judged together
FIRST_PICTURE_GRACE_S = 6  # seconds without a frame, at the start or after a change, not yet judged
STABLE_FOR_S = 10.0
MAX_PROBE_WAIT_S = 80.0
PROBE_FAILED_WITHIN_S = 30.0
MIN_GAP_S = 10.0
FPS_STARVED_SHARE = 0.8
SENT_FPS_UNKNOWN = 15.0  # what a site that does not report its frame rate is taken to send
FIT_SHARE = 0.8
AUDIO_ONLY = -1  # the cap below the smallest rung: no picture, the sound alone
AUDIO_ONLY_SIZE = (0, 0)  # what is asked of a site whose link carries no picture
# A probe from the sound alone costs the sound ~10 s of a crowded link if it fails, so the
# first one waits longer than a probe between pictures does.
AUDIO_ONLY_FIRST_WAIT_S = 30.0


@dataclass
class LinkState:
    cap: int = len(RUNGS) - 1  # index of the largest rung the link may be asked for (or AUDIO_ONLY)
    window: deque[tuple[float, ...]] = field(
        default_factory=lambda: deque(maxlen=WINDOW_S)
    )  # the last seconds, as observed
    good_since: float | None = None
    frameless: int = 0  # seconds without a frame before the window's first
    changed_at: float = -MIN_GAP_S
    probed_at: float | None = None  # when the cap last went up
    probe_wait: float = STABLE_FOR_S
    changes: list[float] = field(default_factory=list)  # when the cap changed


class LinkAdapter:
    """The caps of every site; ``observe`` returns the new cap when it changed."""

    def __init__(self) -> None:
        self.sites: dict[str, LinkState] = {}

    def observe(
        self,
        key: str,
        now: float,
        loss_pct: float,
        jitter_ms: float,
        bitrate_kbps: float,
        fps: float,
        asked: tuple[int, int] | None,
        *,
        sent_fps: float | None = None,
        link_loss_pct: float | None = None,
    ) -> tuple[int, int] | None:
        """One second of ``key``'s link while the console asks it for ``asked`` (None: paused,
        nothing to judge): ``loss_pct`` the packets no retransmission replaced, ``link_loss_pct``
        the packets the link lost (None: the same), ``sent_fps`` the frames a second the site
        says it sends (None: it does not say). The new cap, if it changed."""
        state = self.sites.setdefault(key, LinkState())
        if asked is None:
            state.window.clear()
            state.good_since, state.frameless = None, 0
            return None
        if fps <= 0 and not state.window and state.frameless < FIRST_PICTURE_GRACE_S:
            state.frameless += 1  # connecting, or switching size: no picture to judge yet
            return None
        if state.probed_at is not None and now - state.probed_at > PROBE_FAILED_WITHIN_S:
            state.probed_at, state.probe_wait = None, STABLE_FOR_S  # the last probe held
        if state.cap == AUDIO_ONLY:  # no picture to judge: try the smallest again after the wait
            if now - state.changed_at >= max(MIN_GAP_S, state.probe_wait):
                return self._set(state, 0, now, up=True)
            return None
        rung = min(rung_index(asked), state.cap)
        state.window.append(
            (
                loss_pct,
                link_loss_pct if link_loss_pct is not None else loss_pct,
                jitter_ms,
                bitrate_kbps,
                fps,
                sent_fps or SENT_FPS_UNKNOWN,
            )
        )
        loss, link_loss, jitter, kbps, got_fps, want_fps = (sum(c) / len(state.window) for c in zip(*state.window))
        starved = got_fps < FPS_STARVED_SHARE * want_fps and (
            link_loss > LOSS_BAD_PCT or kbps < RUNG_KBPS[RUNGS[rung]] / 2
        )
        bad = loss > LOSS_BAD_PCT or jitter > JITTER_BAD_MS or starved
        if bad:
            state.good_since = None
        elif state.good_since is None:
            state.good_since = now
        if now - state.changed_at < MIN_GAP_S:
            return None
        if bad and len(state.window) == WINDOW_S and rung > 0:
            fits = max([i for i in range(rung) if RUNG_KBPS[RUNGS[i]] <= FIT_SHARE * kbps], default=0)
            return self._down(state, fits if starved else rung - 1, now)
        if starved and len(state.window) == WINDOW_S and rung == 0:  # not even the smallest picture
            return self._down(state, AUDIO_ONLY, now)
        if (
            not bad
            and state.good_since is not None
            and state.cap < len(RUNGS) - 1
            and now - state.good_since >= state.probe_wait
        ):  # (not bad: good_since is set above)
            return self._set(state, state.cap + 1, now, up=True)
        return None

    def cap(self, key: str) -> tuple[int, int]:
        return _size(self.sites[key].cap) if key in self.sites else RUNGS[-1]

    def audio_only(self, key: str) -> bool:
        """Whether ``key``'s link carries its sound alone (no picture is asked of it)."""
        return key in self.sites and self.sites[key].cap == AUDIO_ONLY

    def capped(self, key: str, width: int, height: int) -> tuple[int, int]:
        """What to ask of ``key`` for a tile of ``width`` x ``height``: no more than its link carries
        (``AUDIO_ONLY_SIZE`` when it carries no picture)."""
        limit = self.cap(key)
        if limit == AUDIO_ONLY_SIZE:
            return AUDIO_ONLY_SIZE
        if width <= limit[0] and height <= limit[1]:
            return width, height
        scale = min(limit[0] / width, limit[1] / height)
        return max(16, int(width * scale)), max(16, int(height * scale))

    def changes_per_minute(self, key: str, now: float, window_s: float = 60.0) -> int:
        state = self.sites.get(key)
        return sum(1 for t in state.changes if now - t <= window_s) if state else 0

    def forget(self, key: str) -> None:
        self.sites.pop(key, None)

    def _down(self, state: LinkState, cap: int, now: float) -> tuple[int, int]:
        probe_failed = state.probed_at is not None and now - state.probed_at <= PROBE_FAILED_WITHIN_S
        state.probe_wait = min(2 * state.probe_wait, MAX_PROBE_WAIT_S) if probe_failed else STABLE_FOR_S
        if cap == AUDIO_ONLY:
            state.probe_wait = max(state.probe_wait, AUDIO_ONLY_FIRST_WAIT_S)
        state.probed_at = None
        return self._set(state, cap, now, up=False)

    def _set(self, state: LinkState, cap: int, now: float, up: bool) -> tuple[int, int]:
        state.cap, state.changed_at = cap, now
        state.window.clear()  # what the old size did says nothing about the new one
        state.good_since, state.frameless = None, 0
        state.probed_at = now if up else state.probed_at
        state.changes.append(now)
        del state.changes[:-20]
        return _size(cap)


def _size(cap: int) -> tuple[int, int]:
    return AUDIO_ONLY_SIZE if cap == AUDIO_ONLY else RUNGS[cap]


def rung_index(size: tuple[int, int]) -> int:
    """The smallest rung at least ``size`` (the largest if none is)."""
    for i, rung in enumerate(RUNGS):
        if rung[0] >= size[0] and rung[1] >= size[1]:
            return i
    return len(RUNGS) - 1
