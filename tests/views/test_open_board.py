"""Starting on the national board (`demo --board`, `console --board`, the board benchmark): the
console opens it through the wiring, and says so plainly when the board was never wired."""

import pytest

from console.views.board import BoardView


def test_open_board_puts_the_national_board_in_the_walls_place(make_console, qtbot):
    running = make_console(sites=0, simulate=False)
    board = running.window.findChild(BoardView)
    running.open_board()
    qtbot.waitUntil(lambda: running.window.centre_page() is board, timeout=10_000)


def test_open_board_says_the_board_is_not_wired_instead_of_calling_nothing(make_console):
    running = make_console(sites=0, simulate=False)
    wired, running.show_board = running.show_board, None
    try:
        with pytest.raises(RuntimeError, match="the board is not wired"):
            running.open_board()
    finally:
        running.show_board = wired
