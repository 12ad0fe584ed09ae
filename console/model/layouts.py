"""Wall layouts: a grid of cells and the slots (tiles) placed on it.

A layout says nothing about pixels (see ``geometry``) or sites (see ``wall``). Slots are
numbered; in focus layouts slot 0 is the big *focus tile* that spot-inspect fills.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_GRID = 8  # 8x8 = 64 tiles: beyond that a tile is too small to read at 1080p


@dataclass(frozen=True)
class Cell:
    """A slot's place on the layout grid, in cells: top-left corner and spans."""

    col: int
    row: int
    col_span: int = 1
    row_span: int = 1

    def __post_init__(self) -> None:
        if self.col < 0 or self.row < 0 or self.col_span < 1 or self.row_span < 1:
            raise ValueError(f"invalid cell {self}: corner must be >= 0 and spans >= 1")

    def covered(self) -> set[tuple[int, int]]:
        """The (col, row) grid cells this slot covers."""
        return {
            (col, row)
            for col in range(self.col, self.col + self.col_span)
            for row in range(self.row, self.row + self.row_span)
        }


@dataclass(frozen=True)
class Layout:
    """A named wall layout: a ``cols`` x ``rows`` cell grid and its ``slots``."""

    name: str
    cols: int
    rows: int
    slots: tuple[Cell, ...]

    def __post_init__(self) -> None:
        # Validated once at construction so geometry can trust every layout it is given.
        if not self.slots:
            raise ValueError(f"layout {self.name!r} has no slots")
        taken: set[tuple[int, int]] = set()
        for index, cell in enumerate(self.slots):
            if cell.col + cell.col_span > self.cols or cell.row + cell.row_span > self.rows:
                raise ValueError(f"layout {self.name!r}: slot {index} {cell} leaves the grid")
            if taken & cell.covered():
                raise ValueError(f"layout {self.name!r}: slot {index} {cell} overlaps another")
            taken |= cell.covered()

    @property
    def capacity(self) -> int:
        """How many tiles the layout shows."""
        return len(self.slots)

    @property
    def is_focus_layout(self) -> bool:
        """True when some slot is bigger than one cell (slot 0 is then the focus tile)."""
        return any(cell.col_span > 1 or cell.row_span > 1 for cell in self.slots)

    @property
    def big_slots(self) -> tuple[int, ...]:
        """The slots bigger than one cell (the focus tiles), in slot order."""
        return tuple(i for i, cell in enumerate(self.slots) if cell.col_span > 1 or cell.row_span > 1)


def square_grid(n: int) -> Layout:
    """An n x n grid of equal tiles, slots numbered row by row."""
    cells = tuple(Cell(col, row) for row in range(n) for col in range(n))
    return Layout(f"{n}x{n}", n, n, cells)


def focus_layout(name: str, cols: int, rows: int, big: tuple[Cell, ...]) -> Layout:
    """The ``big`` slots first, then one small slot per remaining cell, row by row."""
    taken = set().union(*(cell.covered() for cell in big))
    small = tuple(Cell(col, row) for row in range(rows) for col in range(cols) if (col, row) not in taken)
    return Layout(name, cols, rows, big + small)


LAYOUTS: dict[str, Layout] = {
    **{f"{n}x{n}": square_grid(n) for n in range(1, MAX_GRID + 1)},
    # Big tile top-left, five small along the right column and the bottom row.
    "1+5": focus_layout("1+5", 3, 3, (Cell(0, 0, 2, 2),)),
    # Big 3x3 tile top-left, seven small along the right column and the bottom row.
    "1+7": focus_layout("1+7", 4, 4, (Cell(0, 0, 3, 3),)),
    # Big 2x2 tile in the centre, twelve small framing it.
    "1+12": focus_layout("1+12", 4, 4, (Cell(1, 1, 2, 2),)),
    # Two big tiles side by side on top (slot 0 is the focus tile), eight small below.
    "2+8": focus_layout("2+8", 4, 4, (Cell(0, 0, 2, 2), Cell(2, 0, 2, 2))),
}

DEFAULT_LAYOUT = "3x3"


def layout(name: str) -> Layout:
    """The catalog layout called ``name``; ``KeyError`` naming the valid ones otherwise."""
    try:
        return LAYOUTS[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown layout {name!r}; valid layouts: {', '.join(LAYOUTS)}") from None


def grid_for(count: int) -> Layout:
    """The smallest square grid holding ``count`` tiles.

    Counts below 1 give "1x1"; counts above 64 give "8x8" (the wall pages through the rest).
    """
    if count <= 1:
        return LAYOUTS["1x1"]
    side = math.isqrt(count - 1) + 1  # ceil(sqrt(count)) without floating point
    return LAYOUTS[f"{min(side, MAX_GRID)}x{min(side, MAX_GRID)}"]
