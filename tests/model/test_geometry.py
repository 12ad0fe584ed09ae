"""Tile rects for every layout and window size, hit tests, arrow-key neighbours."""

import itertools

import pytest

from console.model.geometry import Rect, hit_test, neighbour, slot_rects
from console.model.layouts import LAYOUTS, layout

SIZES = [(1920, 1080), (1280, 1024), (800, 450), (3840, 2160), (333, 777)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_rects_fit_never_overlap_and_respect_gaps(name, size):
    width, height = size
    lay = LAYOUTS[name]
    rects = slot_rects(lay, width, height, gap=4)
    assert len(rects) == lay.capacity
    for rect in rects:
        assert all(isinstance(v, int) for v in (rect.x, rect.y, rect.w, rect.h))
        assert rect.w > 0 and rect.h > 0
        assert rect.x >= 0 and rect.x + rect.w <= width
        assert rect.y >= 0 and rect.y + rect.h <= height
    for a, b in itertools.combinations(rects, 2):
        assert not a.overlaps(b)
        assert separated(a, b, gap=4)


def separated(a: Rect, b: Rect, gap: int) -> bool:
    """At least ``gap`` pixels apart on one axis."""
    return a.x + a.w + gap <= b.x or b.x + b.w + gap <= a.x or a.y + a.h + gap <= b.y or b.y + b.h + gap <= a.y


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_cells_keep_the_aspect_and_the_grid_is_centred(name):
    lay = LAYOUTS[name]
    rects = slot_rects(lay, 1280, 1024, gap=4)
    unit = next(r for r, c in zip(rects, lay.slots) if c.col_span == c.row_span == 1)
    assert abs(unit.w / unit.h - 16 / 9) < 0.01
    left = min(r.x for r in rects)
    right = 1280 - max(r.x + r.w for r in rects)
    top = min(r.y for r in rects)
    bottom = 1024 - max(r.y + r.h for r in rects)
    assert abs(left - right) <= 1 + lay.cols and abs(top - bottom) <= 1 + lay.rows
    assert left <= 5 or top <= 5  # letterboxed or pillarboxed, never both


def test_spans_include_the_gaps_they_cover():
    rects = slot_rects(layout("1+5"), 1920, 1080, gap=6)
    big, small = rects[0], rects[1]
    assert big.w == 2 * small.w + 6 and big.h == 2 * small.h + 6
    assert small.x == big.x + big.w + 6


def test_aspect_none_fills_the_wall():
    rects = slot_rects(layout("2x2"), 1000, 500, gap=0, aspect=None)
    assert rects == [Rect(0, 0, 500, 250), Rect(500, 0, 500, 250), Rect(0, 250, 500, 250), Rect(500, 250, 500, 250)]


def test_tiny_wall_gives_empty_rects_not_errors():
    rects = slot_rects(layout("8x8"), 10, 10, gap=4)
    assert len(rects) == 64 and all(r.w == 0 for r in rects)
    assert hit_test(rects, 0, 0) is None
    with pytest.raises(ValueError):
        slot_rects(layout("2x2"), 100, 100, gap=-1)


def test_hit_test_finds_each_tile_and_misses_gaps_and_bars():
    rects = slot_rects(layout("3x3"), 1280, 1024, gap=4)
    for index, rect in enumerate(rects):
        assert hit_test(rects, *rect.center) == index
        assert hit_test(rects, rect.x, rect.y) == index
        assert hit_test(rects, rect.x + rect.w - 1, rect.y + rect.h - 1) == index
    gap_x = rects[0].x + rects[0].w  # first pixel of the gap after tile 0
    assert hit_test(rects, gap_x, rects[0].y + 10) is None
    assert hit_test(rects, 640, 2) is None  # letterbox bar above the grid
    assert hit_test(rects, -1, -1) is None
    assert Rect(0, 0, 10, 10).center == (5.0, 5.0)


GRID = slot_rects(layout("3x3"), 1920, 1080)


@pytest.mark.parametrize(
    ("start", "direction", "expected"),
    [
        (4, "left", 3),
        (4, "right", 5),
        (4, "up", 1),
        (4, "down", 7),
        (0, "left", 0),
        (0, "up", 0),
        (8, "right", 8),
        (8, "down", 8),
        (2, "down", 5),
        (6, "right", 7),
    ],
)
def test_neighbour_on_a_3x3_grid(start, direction, expected):
    assert neighbour(GRID, start, direction) == expected


FOCUS = slot_rects(layout("1+5"), 1920, 1080)  # 0 big top-left; 1, 2 right; 3, 4, 5 bottom


@pytest.mark.parametrize(
    ("start", "direction", "expected"),
    [
        (0, "right", 1),
        (0, "down", 3),
        (0, "left", 0),
        (0, "up", 0),
        (1, "left", 0),
        (2, "left", 0),
        (3, "up", 0),
        (4, "up", 0),
        (5, "up", 2),
        (2, "down", 5),
        (1, "down", 2),
        (4, "right", 5),
        (5, "right", 5),
    ],
)
def test_neighbour_on_1_plus_5(start, direction, expected):
    assert neighbour(FOCUS, start, direction) == expected


def test_neighbour_down_from_a_wide_tile_picks_the_one_below_its_centre():
    rects = slot_rects(layout("1+7"), 1920, 1080)  # 4, 5, 6 below the 3x3 big tile
    assert neighbour(rects, 0, "down") == 5


def test_neighbour_rejects_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        neighbour(GRID, 0, "sideways")
