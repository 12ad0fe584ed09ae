"""Pixel geometry of the wall: tile rectangles, hit tests, arrow-key neighbours.

Pure integer arithmetic so the GL compositor, the numpy fallback and the Qt view all
agree on the exact pixels of every tile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from console.model.layouts import Layout

DIRECTIONS = ("left", "right", "up", "down")


@dataclass(frozen=True)
class Rect:
    """An integer pixel rectangle; ``contains`` treats the right and bottom edges as outside."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def overlaps(self, other: Rect) -> bool:
        """True when the two rectangles share a positive area."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


def _cell_size(layout: Layout, width: int, height: int, gap: int, aspect: float | None) -> tuple[int, int]:
    """The largest integer cell (w, h) whose grid, gaps included, fits width x height."""
    fit_w = max(0, width - (layout.cols - 1) * gap) // layout.cols
    fit_h = max(0, height - (layout.rows - 1) * gap) // layout.rows
    if aspect is None:
        return fit_w, fit_h
    cell_w = min(fit_w, math.floor(fit_h * aspect))
    cell_h = min(fit_h, round(cell_w / aspect))
    return cell_w, cell_h


def slot_rects(
    layout: Layout,
    width: int,
    height: int,
    gap: int = 4,
    aspect: float | None = 16 / 9,
) -> list[Rect]:
    """One rectangle per slot of ``layout`` inside a ``width`` x ``height`` wall.

    Every cell keeps ``aspect`` (``None`` stretches cells to fill); the grid is centred,
    so spare space becomes equal bars (letterbox or pillarbox). Cells are ``gap`` pixels
    apart and a spanning slot includes the gaps it covers. Rects never overlap; a wall
    too small for the gaps yields zero-sized rects rather than an error (a window being
    resized through tiny sizes must not crash the view).
    """
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    if aspect is not None and not aspect > 0:
        raise ValueError(f"aspect must be > 0 or None, got {aspect}")
    cell_w, cell_h = _cell_size(layout, width, height, gap, aspect)
    grid_w = layout.cols * cell_w + (layout.cols - 1) * gap
    grid_h = layout.rows * cell_h + (layout.rows - 1) * gap
    left = max(0, width - grid_w) // 2
    top = max(0, height - grid_h) // 2
    rects = []
    for cell in layout.slots:
        rects.append(
            Rect(
                left + cell.col * (cell_w + gap),
                top + cell.row * (cell_h + gap),
                cell.col_span * cell_w + (cell.col_span - 1) * gap,
                cell.row_span * cell_h + (cell.row_span - 1) * gap,
            )
        )
    return rects


def hit_test(rects: Sequence[Rect], x: float, y: float) -> int | None:
    """Index of the rect under (x, y); ``None`` in gaps, bars or outside the wall."""
    for index, rect in enumerate(rects):
        if rect.contains(x, y):
            return index
    return None


def neighbour(rects: Sequence[Rect], index: int, direction: str) -> int:
    """The slot an arrow key moves to from ``index``; ``index`` itself at the wall's edge.

    Candidates are slots whose centre lies beyond the current slot's edge in
    ``direction`` (beyond its centre is not enough: the small tiles under a big focus tile
    have centres left of its centre, yet "left" must not go down to them). Candidates
    overlapping the current slot on the perpendicular axis win (moving right from a tall
    focus tile goes to a tile beside it, not one diagonally below), then the nearest
    centre, then the lower index.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    current = rects[index]
    cx, cy = current.center
    horizontal = direction in ("left", "right")

    best: tuple[bool, float, int] | None = None
    for other_index, other in enumerate(rects):
        ox, oy = other.center
        if other_index == index or not _beyond_edge(current, ox, oy, direction):
            continue
        if horizontal:
            beside = other.y < current.y + current.h and current.y < other.y + other.h
        else:
            beside = other.x < current.x + current.w and current.x < other.x + other.w
        key = (not beside, math.hypot(ox - cx, oy - cy), other_index)
        if best is None or key < best:
            best = key
    return index if best is None else best[2]


def _beyond_edge(rect: Rect, px: float, py: float, direction: str) -> bool:
    if direction == "left":
        return px < rect.x
    if direction == "right":
        return px >= rect.x + rect.w
    if direction == "up":
        return py < rect.y
    return py >= rect.y + rect.h
