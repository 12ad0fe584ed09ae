"""The whole console as an operator uses it: embedded hub, simulated communes in a child
process, the wall, the directory and the site panel, driven by keyboard and mouse."""

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDropEvent

from console.app import start_demo
from console.app.saved_wall import wall_key
from console.directory import SiteDirectory, fold
from console.directory.identity import directory_id
from console.model import TileState
from console.views.directory_panel import DirectoryPanel
from console.views.dnd import SITE_MIME
from console.views.wall_toolbar import WallToolbar


@pytest.fixture
def console(_national_template, tmp_path, qtbot, request):
    db = tmp_path / "console.sqlite3"
    shutil.copy(_national_template, db)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    hands = getattr(request, "param", {}).get("raise_hands", 0)
    running = start_demo(db, sites=4, renderer="numpy", settings=settings, raise_hands=hands)
    running.window.resize(1400, 860)
    running.window.show()
    running.window.activateWindow()  # shortcuts (Ctrl+K) go to the active window
    qtbot.addWidget(running.window)
    qtbot.waitUntil(running.window.isActiveWindow)
    yield running
    running.shutdown()


class _NO_SNAPSHOT:  # noqa: N801 (a sentinel: before the media core's first report of a site)
    frame_size = (0, 0)


def live(console, key):
    return console.model.status(key).state == TileState.LIVE


def test_the_wall_comes_alive_and_obeys_the_presenter(console, qtbot):
    model, wall = console.model, console.wall
    keys = list(console.sites)
    assert model.layout.name == "2x2" and model.assignments() == keys
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=40_000)
    assert console.window.live.text() == "● 4 / 4 sites online"

    # Keys: 3 focuses the third tile, right arrow the fourth, Enter fills the wall with it.
    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_3)
    assert model.focus == 2
    qtbot.keyClick(wall, Qt.Key.Key_Right)
    assert model.focus == 3
    qtbot.keyClick(wall, Qt.Key.Key_Return)
    assert model.fullscreen
    scene = wall.scene()
    assert len(scene) == 1 and scene[0].source_id == keys[3]
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert not model.fullscreen

    # Mouse: a click focuses the tile under it, and the site panel follows the focus.
    rect = wall.rects[1]
    qtbot.mouseClick(wall, Qt.MouseButton.LeftButton, pos=QPoint(rect.x + rect.w // 2, rect.y + rect.h // 2))
    assert model.focus == 1
    site_panel = console.window.docks["siteDock"].widget()
    qtbot.waitUntil(lambda: site_panel.site is not None and site_panel.site.key == keys[1])

    # The focused tile's site is asked for its tile's size; the picture follows.
    # (A snapshot taken before the first frame of the new size has no frame_size yet.)
    qtbot.waitUntil(
        lambda: ((console.media.snapshot(keys[1]) or _NO_SNAPSHOT).frame_size or (0, 0))[0] >= 320, timeout=10_000
    )


def test_spot_inspect_and_drag_to_tile(console, qtbot):
    model, wall = console.model, console.wall
    keys = list(console.sites)
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=40_000)
    panel = console.window.findChild(DirectoryPanel)

    # Ctrl+K, type a few letters of another simulated commune, Enter: it is in the focus tile.
    target = keys[2]
    model.focus_slot(0)
    qtbot.keyClick(console.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, fold(console.sites[target].name))  # typed unaccented, as on any keyboard
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.assignments()[model.focus] == target)
    qtbot.waitUntil(lambda: live(console, target), timeout=10_000)

    # Dragging a site from the directory onto tile 4 shows it there.
    other = keys[0]
    rect = wall.rects[3]
    mime = QMimeData()
    mime.setData(SITE_MIME, other.encode())
    drop = QDropEvent(
        QPointF(rect.x + 10, rect.y + 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    wall.dropEvent(drop)
    assert model.assignments()[3] == other


def test_paging_and_tour(console, qtbot):
    model, wall = console.model, console.wall
    model.set_layout("1x1")
    assert model.page_count == 4
    wall.setFocus()
    first = model.assignments()[0]
    qtbot.keyClick(wall, Qt.Key.Key_Space)
    assert model.page == 1 and model.assignments()[0] != first
    qtbot.keyClick(wall, Qt.Key.Key_PageUp)
    assert model.page == 0
    toolbar = console.window.findChild(WallToolbar)
    toolbar.tour.click()
    assert model.touring
    toolbar.tour.click()
    assert not model.touring


def test_the_wall_comes_back_as_it_was_after_a_restart(_national_template, tmp_path, qtbot):
    db = tmp_path / "restart.sqlite3"
    shutil.copy(_national_template, db)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = start_demo(db, sites=2, renderer="numpy", settings=settings, simulate=False)
    first.model.set_layout("1+5")
    first.model.focus_slot(1)
    first.shutdown()
    first.window.close()
    second = start_demo(db, sites=3, renderer="numpy", settings=settings, simulate=False)
    try:
        assert second.model.layout.name == "1+5" and second.model.focus == 1
        assert second.model.sources == list(second.sites)  # this run's sites, not the saved ones
    finally:
        second.shutdown()
        second.window.close()


def test_a_damaged_saved_wall_is_reported_not_fatal(_national_template, tmp_path, qtbot):
    db = tmp_path / "damaged.sqlite3"
    shutil.copy(_national_template, db)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    directory = SiteDirectory(db)
    settings.setValue(wall_key(directory_id(directory)), "{this is not json")
    directory.close()
    running = start_demo(db, sites=2, renderer="numpy", settings=settings, simulate=False)
    try:
        log = running.window.docks["logDock"].widget()
        assert any("could not be restored" in line for line in log.lines())
        assert running.model.layout.name == "2x2"
    finally:
        running.shutdown()
        running.window.close()


def test_m_unmutes_and_mutes_the_focused_site_and_shift_m_mutes_all(console, qtbot):
    wall = console.wall
    keys = list(console.sites)
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=40_000)
    assert all(wall.is_muted(k) for k in keys)  # sites join muted
    wall.setFocus()
    for slot in (0, 2):
        qtbot.keyClick(wall, Qt.Key.Key_1 + slot)
        qtbot.keyClick(wall, Qt.Key.Key_M)
        qtbot.waitUntil(lambda: not wall.is_muted(keys[slot]), timeout=10_000)  # noqa: B023 (the site's own ack)
    tile = next(t for t in wall.scene() if t.source_id == keys[2])
    assert not tile.overlay.muted
    qtbot.keyClick(wall, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: wall.is_muted(keys[2]), timeout=10_000)
    qtbot.keyClick(wall, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: all(wall.is_muted(k) for k in keys), timeout=10_000)


def test_sites_long_off_the_wall_are_let_go_and_come_back_when_shown(console, qtbot, monkeypatch):
    from console.views import wall_view

    monkeypatch.setattr(wall_view, "MAX_HIDDEN_SESSIONS", 1)
    model, media = console.model, console.media
    keys = list(console.sites)
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=40_000)
    model.set_layout("1x1")  # one site shown, three hidden: one stays subscribed
    qtbot.waitUntil(lambda: len(media.subscribed()) == 2, timeout=10_000)
    assert keys[0] in media.subscribed()
    model.next_page()
    model.next_page()  # the third site; the first two are hidden now
    shown = model.assignments()[0]
    qtbot.waitUntil(lambda: len(media.subscribed()) == 2 and shown in media.subscribed(), timeout=10_000)
    assert keys[0] not in media.subscribed()
    model.prev_page()
    model.prev_page()  # back to a site that was let go: subscribed again
    assert model.assignments()[0] == keys[0]
    qtbot.waitUntil(lambda: live(console, keys[0]) and keys[0] in media.subscribed(), timeout=20_000)


@pytest.mark.parametrize("console", [{"raise_hands": 1}], indirect=True)
def test_a_raised_hand_is_granted_and_a_talk_lights_the_tile(console, qtbot):
    wall = console.wall
    keys = list(console.sites)
    site_panel = console.window.docks["siteDock"].widget()
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=40_000)
    qtbot.waitUntil(lambda: wall.roster.hands == {keys[0]}, timeout=10_000)
    tile = lambda key: next(t for t in wall.scene() if t.source_id == key).overlay  # noqa: E731
    assert tile(keys[0]).hand and not tile(keys[1]).hand
    log_text = lambda: [  # noqa: E731
        console.window.docks["logDock"].widget().item(i).text()
        for i in range(console.window.docks["logDock"].widget().count())
    ]
    assert any("raises its hand" in line for line in log_text())

    wall.setFocus()
    qtbot.keyClick(wall, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: site_panel.site is not None and site_panel.site.key == keys[0])
    qtbot.waitUntil(site_panel.grant_button.isEnabled)
    site_panel.grant_button.click()
    qtbot.waitUntil(lambda: not wall.is_muted(keys[0]) and keys[0] not in wall.roster.hands, timeout=10_000)
    assert site_panel.grant_button.isVisible() and not site_panel.grant_button.isEnabled()
    # An open microphone shows its level (the sim's tone comes in bursts) and a speaking ring.
    qtbot.waitUntil(lambda: tile(keys[0]).level > 0, timeout=10_000)
    qtbot.waitUntil(lambda: tile(keys[0]).speaking, timeout=10_000)

    # T talks with the focused site: both ways open, the tile says so; T again ends it.
    qtbot.keyClick(wall, Qt.Key.Key_2)
    qtbot.keyClick(wall, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: wall.roster.talking == keys[1] and tile(keys[1]).talking, timeout=10_000)
    assert not wall.is_muted(keys[1])
    qtbot.keyClick(wall, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: wall.roster.talking == "" and wall.is_muted(keys[1]), timeout=10_000)
    assert any("talk" in line and "ended" in line for line in log_text())
