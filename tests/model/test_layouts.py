"""The layout catalog: slot counts, focus tiles, grid_for, clear errors."""

import pytest

from console.model.layouts import LAYOUTS, Cell, Layout, grid_for, layout

EXPECTED_CAPACITY = {
    **{f"{n}x{n}": n * n for n in range(1, 9)},
    "1+5": 6,
    "1+7": 8,
    "1+12": 13,
    "2+8": 10,
}


def test_catalog_holds_exactly_the_expected_layouts_and_slot_counts():
    assert {name: lay.capacity for name, lay in LAYOUTS.items()} == EXPECTED_CAPACITY
    assert all(lay.name == name for name, lay in LAYOUTS.items())


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_slots_tile_the_grid_exactly(name):
    lay = LAYOUTS[name]
    covered = [cell for slot in lay.slots for cell in slot.covered()]
    assert len(covered) == len(set(covered)) == lay.cols * lay.rows


def test_square_grids_are_row_major_and_not_focus_layouts():
    lay = layout("3x3")
    assert lay.slots[:4] == (Cell(0, 0), Cell(1, 0), Cell(2, 0), Cell(0, 1))
    assert not lay.is_focus_layout


def test_focus_layouts_put_the_big_tile_in_slot_0():
    assert layout("1+5").slots[0] == Cell(0, 0, 2, 2)
    assert layout("1+7").slots[0] == Cell(0, 0, 3, 3)
    assert layout("1+12").slots[0] == Cell(1, 1, 2, 2)
    assert layout("2+8").slots[:2] == (Cell(0, 0, 2, 2), Cell(2, 0, 2, 2))
    assert all(layout(name).is_focus_layout for name in ("1+5", "1+7", "1+12", "2+8"))
    # 2+8: the small tiles fill the two bottom rows.
    assert {cell.row for cell in layout("2+8").slots[2:]} == {2, 3}


def test_unknown_layout_names_the_valid_ones():
    with pytest.raises(KeyError, match="3x3.*1\\+5"):
        layout("9x9")


def test_invalid_layouts_are_refused():
    with pytest.raises(ValueError, match="overlaps"):
        Layout("bad", 2, 2, (Cell(0, 0, 2, 1), Cell(1, 0)))
    with pytest.raises(ValueError, match="leaves the grid"):
        Layout("bad", 2, 2, (Cell(1, 1, 2, 1),))
    with pytest.raises(ValueError):
        Cell(0, 0, 0, 1)


@pytest.mark.parametrize(
    ("count", "name"),
    [
        (-3, "1x1"),
        (0, "1x1"),
        (1, "1x1"),
        (2, "2x2"),
        (4, "2x2"),
        (5, "3x3"),
        (9, "3x3"),
        (10, "4x4"),
        (64, "8x8"),
        (65, "8x8"),
        (11000, "8x8"),
    ],
)
def test_grid_for_picks_the_smallest_square_grid(count, name):
    assert grid_for(count).name == name
