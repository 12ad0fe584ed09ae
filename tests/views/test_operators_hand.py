"""The operator's hand lands where they meant it: keys go to the wall unless they type in a
field they can see, a click acts on the tile they saw, a group tour gives the wall back, and
a site a spot-inspect displaced stays on the wall. The whole console (hub, simulated communes
in a child process, the window), driven with keys and clicks."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QTabBar

from console.views.audio_bar import AudioBar
from tests.views.keyboard import press, type_text
from tests.views.test_what_the_operator_sees import (
    a_commune_off_the_wall,
    all_live,
    click,
    log_lines,
    panel_of,
    query_for,
    search_and_enter,
    toolbar_of,
)


def dock_tab(window, dock):
    """The tab bar and index of a tabified dock's tab, as the operator sees it."""
    for bar in window.findChildren(QTabBar):
        for index in range(bar.count()):
            if bar.isVisible() and bar.tabText(index) == dock.windowTitle():
                return bar, index
    raise AssertionError(f"no tab for {dock.windowTitle()!r}")


def click_tab(qtbot, window, name):
    bar, index = dock_tab(window, window.docks[name])
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.docks[name].widget().isVisible())


def test_wall_keys_never_go_into_a_hidden_text_field_and_a_click_on_a_tab_or_button_gives_them_back(
    make_console, qtbot
):
    console = make_console(sites=4)
    model, window = console.model, console.window
    panel = panel_of(console)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, window)
    type_text(qtbot, "lai chau")
    assert panel.search.hasFocus()
    click_tab(qtbot, window, "groupsDock")  # the search box goes behind the Groups tab
    press(qtbot, Qt.Key.Key_4, window=window)
    assert panel.search.text() == "lai chau" and model.focus == 3
    assert window.wall_frame.property("keys") == "wall"

    groups = console.groups.panel
    qtbot.mouseClick(groups.provinces, Qt.MouseButton.LeftButton)
    type_text(qtbot, "01, 04")
    assert groups.provinces.hasFocus()
    click(qtbot, groups.from_provinces)  # a button: the operator is done typing
    press(qtbot, Qt.Key.Key_2, window=window)
    assert groups.provinces.text() == "01, 04" and model.focus == 1
    qtbot.waitUntil(lambda: any(name.startswith("provinces 1, 4") for name in groups.members), timeout=20_000)


def test_stopping_a_group_tour_gives_the_wall_back_and_the_groups_tab_says_so(make_console, qtbot):
    console = make_console(sites=4)
    model, wiring = console.model, console.groups
    groups = wiring.panel
    own = model.sources
    wiring.from_provinces("lai chau", "12")
    qtbot.waitUntil(lambda: "lai chau" in groups.members, timeout=20_000)
    members = groups.members["lai chau"]
    assert groups.choose("lai chau") and not set(members) & set(own)

    click(qtbot, groups.tour)
    assert model.touring and model.sources == members
    assert groups.tour.text() == "Stop tour" and toolbar_of(console).tour.isChecked()
    model.set_layout("3x3")  # a layout change: still the group's tour
    click(qtbot, groups.tour)  # the way back, where the operator toured it
    assert not model.touring and model.sources == own and model.wall_sites() == set(own)
    assert groups.tour.text() == "Tour" and "stopped" in groups.message.text()
    assert "/ 4 sites online" in console.window.live.text()  # the count is the wall's own again

    click(qtbot, groups.tour)
    assert model.touring and model.sources == members
    click(qtbot, toolbar_of(console).tour)  # stopped on the toolbar: the tab follows
    assert model.sources == own and groups.tour.text() == "Tour"

    click(qtbot, groups.tour)
    wiring.delete("lai chau")  # a deleted group no longer holds the wall
    assert not model.touring and model.sources == own
    qtbot.waitUntil(lambda: "lai chau" not in groups.members, timeout=20_000)


def test_a_spot_inspect_moves_the_live_site_it_displaced_to_the_next_page_and_the_count_counts_it(make_console, qtbot):
    console = make_console(sites=4)
    model, window, toolbar = console.model, console.window, toolbar_of(console)
    own = model.sources
    assert model.layout.capacity == 4 and model.assignments() == own
    qtbot.waitUntil(lambda: window.live.text().startswith("● 4 / 4"), timeout=40_000)
    site = a_commune_off_the_wall(console)
    search_and_enter(qtbot, console, query_for(console, site.key))
    qtbot.waitUntil(lambda: site.key in model.assignments(), timeout=20_000)
    displaced = next(key for key in own if key not in model.assignments())
    assert "/ 2" in toolbar.page.text()
    assert window.live.text().startswith("● 4 / 5")
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    assert displaced in model.assignments()


def test_a_click_during_a_tours_page_turn_chooses_nothing(make_console, qtbot):
    console = make_console(sites=4)
    model, wall = console.model, console.wall
    model.set_layout("1x1")
    model.start_tour(model.sources, None, 600.0, time.monotonic())
    first = model.assignments()[0]
    model.focus_slot(0)
    qtbot.waitUntil(lambda: wall.shown() == {0: first})
    assert model.tick(time.monotonic() + 601.0)  # the tour turns the page before the screen shows it
    turned_in = model.assignments()[0]
    at = QPointF(wall.rects[0].x + 20, wall.rects[0].y + 20)
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        QApplication.sendEvent(
            wall,
            QMouseEvent(
                kind,
                at,
                wall.mapToGlobal(at),
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
    assert turned_in != first and model.selected == first
    assert "click ignored" in log_lines(console)[-1]
    qtbot.waitUntil(lambda: wall.shown() == {0: turned_in})
    qtbot.mouseClick(wall, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # on what it shows: chosen
    assert model.selected == turned_in


def test_follow_the_speaker_never_moves_the_selection_nor_the_spot_inspect(make_console, qtbot):
    console = make_console(sites=10)
    model, window, wall = console.model, console.window, console.wall
    all_live(console, qtbot)
    model.set_layout("2+8")
    click(qtbot, window.findChild(AudioBar).follow)
    speaker = model.assignments()[6]  # a small tile
    press(qtbot, Qt.Key.Key_7, window=window)
    press(qtbot, Qt.Key.Key_M, window=window)  # its microphone opens; it speaks
    qtbot.waitUntil(lambda: not wall.is_muted(speaker), timeout=20_000)
    # The chosen small tile that speaks comes into a big tile, and stays the operator's choice.
    qtbot.waitUntil(lambda: model.assignments().index(speaker) in model.layout.big_slots, timeout=20_000)
    assert model.selected == speaker

    inspected = a_commune_off_the_wall(console)
    search_and_enter(qtbot, console, query_for(console, inspected.key))  # the big tile, chosen
    qtbot.waitUntil(lambda: model.assignments()[0] == inspected.key)
    qtbot.waitUntil(lambda: model.assignments()[1] == speaker, timeout=20_000)  # the other big tile
    assert model.assignments()[0] == inspected.key and model.selected == inspected.key
    press(qtbot, Qt.Key.Key_M, window=window)  # M is for the chosen commune, not the speaker
    assert inspected.name in log_lines(console)[-1] and not wall.is_muted(speaker)
