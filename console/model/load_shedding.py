"""Shedding load when the console cannot keep up with its wall, small tiles first.

A wall of 64 tiles costs the media worker most of a core. When the machine has less to give
(another program takes the cores, or more tiles than the worker can decode), frames pile up
and every tile falls behind together, the focus tile with them. Video-wall clients shed
instead: the small tiles ask for fewer frames, then for key frames alone, and the tile the
presenter watches keeps its full rate. This model decides which tile is at which level; the
media core applies it (a tile's frame rate asked of the site) and the tile says so.

Fed once a second with what the worker measured:

* **overloaded** when its CPU is over its share, its decode backlog (frames received and not
  yet decoded or delivered) is over ``BACKLOG_PER_TILE`` per tile, or its loop wakes late by
  more than ``LAG_OVER_MS`` (starved of CPU, the worker's own CPU falls: lateness shows it);
* after ``OVERLOAD_S`` overloaded seconds in a row, a step down: a quarter of the tiles not
  yet at the bottom (at least one), smallest first, go one level down (full → reduced → key
  frames); the focus tile only when every other tile is at the bottom already;
* after ``RECOVER_S`` seconds in a row well within its means (CPU under ``RECOVER_SHARE`` of
  its share, no backlog, no lag), a step up: the largest shed tiles, a quarter at a time. The
  gap between the two thresholds, and the longer wait up, keep it from see-sawing.

Pure: times are passed in; no Qt, no media.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Level(IntEnum):
    """How much of a tile's picture the console takes."""

    FULL = 0
    REDUCED = 1  # a lower frame rate, asked of the site
    KEYFRAMES = 2  # key frames only, about one a second


FPS = {Level.FULL: None, Level.REDUCED: 5, Level.KEYFRAMES: 1}  # None: what the tile asks
OVERLOAD_S = 3.0
RECOVER_S = 10.0
RECOVER_SHARE = 0.7
BACKLOG_PER_TILE = 2.0
LAG_OVER_MS = 50.0
STEP_SHARE = 0.25


@dataclass
class Load:
    """One second of the worker, as measured."""

    cpu_pct: float  # of one core
    backlog: int = 0  # frames received and not yet decoded or delivered, all tiles together
    lag_ms: float = 0.0  # how late its loop woke, on average


@dataclass
class LoadShedder:
    """Levels per tile. ``observe`` once a second; ``level(key)`` for each tile."""

    share_pct: float = 100.0  # the CPU the worker may use, in % of one core
    levels: dict[str, Level] = field(default_factory=dict)
    _over_since: float | None = None
    _fine_since: float | None = None

    def level(self, key: str) -> Level:
        return self.levels.get(key, Level.FULL)

    @property
    def overloaded(self) -> bool:
        """The last second was over the worker's means."""
        return self._over_since is not None

    @property
    def calm(self) -> bool:
        """The last second was well within the worker's means (what a step back up waits for)."""
        return self._fine_since is not None

    @property
    def strained(self) -> bool:
        """Overloaded now, or shedding still: what arrives late or sparse says nothing of the
        links then (a starved console reads its own lateness as jitter, a shed tile's few
        frames as a starved link), so they are not judged (link_adaptation.py)."""
        return self._over_since is not None or bool(self.levels)

    def observe(self, now: float, load: Load, tiles: dict[str, int], focus: str | None) -> dict[str, Level]:
        """``tiles``: every shown tile's area (pixels); what changed, by tile."""
        for key in [k for k in self.levels if k not in tiles]:
            del self.levels[key]  # a tile gone is forgotten: back at full when it returns
        count = max(1, len(tiles))
        over = load.cpu_pct > self.share_pct or load.backlog > BACKLOG_PER_TILE * count or load.lag_ms > LAG_OVER_MS
        fine = load.cpu_pct < RECOVER_SHARE * self.share_pct and load.backlog <= count and load.lag_ms < LAG_OVER_MS / 2
        self._over_since = (self._over_since if self._over_since is not None else now) if over else None
        self._fine_since = (self._fine_since if self._fine_since is not None else now) if fine else None
        if self._over_since is not None and now - self._over_since >= OVERLOAD_S:
            return self._step(tiles, focus, down=True)
        if self._fine_since is not None and now - self._fine_since >= RECOVER_S:
            return self._step(tiles, focus, down=False)
        return {}

    def _step(self, tiles: dict[str, int], focus: str | None, down: bool) -> dict[str, Level]:
        if down:
            # Smallest first; the focus last of all.
            order = sorted(tiles, key=lambda k: (k == focus, tiles[k], k))
            movable = [k for k in order if self.level(k) < Level.KEYFRAMES]
            if focus in movable and len(movable) > 1:
                movable.remove(focus)
        else:
            order = sorted(tiles, key=lambda k: (k != focus, -tiles[k], k))
            movable = [k for k in order if self.level(k) > Level.FULL]
        if not movable:
            return {}
        chosen = movable[: max(1, round(STEP_SHARE * len(movable)))]
        changed: dict[str, Level] = {}
        for key in chosen:
            level = Level(self.level(key) + (1 if down else -1))
            if level == Level.FULL:
                self.levels.pop(key, None)
            else:
                self.levels[key] = level
            changed[key] = level
        self._over_since = self._fine_since = None  # the next step waits to see this one's effect
        return changed
