""" "What the operator sees is true, and stays where it was": the whole console (hub,
simulated communes in a child process, the window) driven as an operator drives it, with keys
sent where the keyboard sends them and clicks on the widgets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from console.compositor.overlays import tile_layout
from console.compositor.scene import rgb
from console.directory import fold
from console.model import TileState
from console.processes import bound_to_us
from console.views import wall_toolbar
from console.views.audio_bar import AudioBar
from console.views.directory_panel import DirectoryPanel
from console.views.dnd import SITE_MIME
from console.views.wall_toolbar import WallToolbar
from tests.compositor.conftest import image_to_array
from tests.views.keyboard import press, type_text

LIVE_TIMEOUT = 40_000


def live(console, key):
    return console.model.status(key).state == TileState.LIVE


def all_live(console, qtbot):
    keys = list(console.model.sources)
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=LIVE_TIMEOUT)
    return keys


def log_lines(console):
    return console.window.docks["logDock"].widget().lines()


def panel_of(console):
    return console.window.findChild(DirectoryPanel)


def site_panel_of(console):
    return console.window.docks["siteDock"].widget()


def toolbar_of(console):
    return console.window.findChild(WallToolbar)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def drop(wall, key, slot):
    """A site dragged from the directory and let go over tile ``slot`` (the events Qt sends)."""
    rect = wall.rects[slot]
    at = QPointF(rect.x + rect.w / 2, rect.y + rect.h / 2)
    mime = QMimeData()
    mime.setData(SITE_MIME, key.encode())
    for event in (
        QDragEnterEvent(
            at.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        ),
        QDragMoveEvent(
            at.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        ),
        QDropEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
    ):
        QApplication.sendEvent(wall, event)


def search_and_enter(qtbot, console, text):
    panel = panel_of(console)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, console.window)
    assert panel.search.hasFocus()
    type_text(qtbot, text)
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0)
    press(qtbot, Qt.Key.Key_Return)


def query_for(console, key):
    """What an operator types to find ``key`` first: its name and its province's, unaccented."""
    site = console.site(key)
    return fold(f"{site.name} {site.province}")


def a_commune_off_the_wall(console, code=4):
    """A commune of the directory that no simulated site plays (it never joined)."""
    site = console.site(f"commune:{code}")
    assert site is not None and site.key not in console.model.sources
    return site


# --- keys and focus --------------------------------------------------------------------------


def test_the_wall_keys_work_anywhere_but_in_a_text_field(make_console, qtbot):
    console = make_console(sites=6)
    model, window, toolbar = console.model, console.window, toolbar_of(console)
    all_live(console, qtbot)
    layout = model.layout.name
    assert window.wall_frame.property("keys") == "wall" and "wall" in window.keyboard.text()

    # Clicking the toolbar leaves the keyboard with the wall: 3 is tile 3, not layout 3x3.
    click(qtbot, toolbar.layouts)  # opens its list...
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, Qt.Key.Key_Escape)  # ...closed again, no choice made
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.keyClick(window, Qt.Key.Key_3)
    assert model.focus == 2 and model.layout.name == layout
    press(qtbot, Qt.Key.Key_2, window=window)
    assert model.focus == 1 and model.layout.name == layout

    # After clicking Tour, Space turns the page; the tour goes on.
    model.set_layout("2x2")
    click(qtbot, toolbar.tour)
    assert model.touring
    page = model.page
    press(qtbot, Qt.Key.Key_Space, window=window)
    assert model.touring and model.page == (page + 1) % model.page_count
    click(qtbot, toolbar.tour)
    assert not model.touring

    # After a drag from the directory's results and a drop on a tile, PageDown turns the page.
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, window)
    type_text(qtbot, query_for(console, model.sources[0]))
    panel = panel_of(console)
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 0)
    assert window.wall_frame.property("keys") == "elsewhere" and "search" in window.keyboard.text()
    type_text(qtbot, "3")  # typed into the box, not the wall
    assert panel.search.text().endswith("3") and model.focus == 1
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.mouseClick(
        panel.results.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.results.visualRect(panel.results_model.index(0, 0)).center(),
    )
    drop(console.wall, model.sources[0], 3)
    assert window.wall_frame.property("keys") == "wall"
    page = model.page
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    assert model.page == (page + 1) % model.page_count

    # Esc in the search box gives the keyboard back to the wall, and the frame says so.
    press(qtbot, Qt.Key.Key_Slash, window=window)
    assert panel.search.hasFocus() and window.wall_frame.property("keys") == "elsewhere"
    press(qtbot, Qt.Key.Key_Escape)
    assert window.wall_frame.property("keys") == "wall"
    press(qtbot, Qt.Key.Key_4, window=window)
    assert model.focus == 3


def test_backspace_undoes_the_last_placement_logs_it_and_skips_offline_sites(make_console, qtbot):
    console = make_console(sites=6)
    model, window = console.model, console.window
    keys = all_live(console, qtbot)
    model.set_layout("2x2")  # 2 pages of 4 (then 3 with the one left over)
    assert "Backspace undo" in window.key_hints.text()
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    assert model.page == 1
    count = model.page_count
    never = a_commune_off_the_wall(console)
    search_and_enter(qtbot, console, query_for(console, never.key))
    qtbot.waitUntil(lambda: model.assignments()[model.focus] == never.key)
    search_and_enter(qtbot, console, query_for(console, keys[0]))  # an online site over it
    qtbot.waitUntil(lambda: model.assignments()[model.focus] == keys[0])
    assert model.page_count == count
    press(qtbot, Qt.Key.Key_PageUp, window=window)
    assert model.page == 0

    # Back: the wall turns to page 2 and the tile gets its own site again, not the commune
    # that never joined (it would be on the big screen by accident).
    press(qtbot, Qt.Key.Key_Backspace, window=window)
    assert model.page == 1 and model.page_count == count
    shown = model.assignments()[model.focus]
    assert shown in keys and shown != never.key
    line = log_lines(console)[-1]
    assert "back: tile" in line and "page 2" in line and "not brought back (offline)" in line
    assert never.name in line and console.name(shown) in line
    assert toolbar_of(console).page.text() == f"page 2 / {count}"


def test_a_moderation_key_acts_on_the_chosen_site_only_while_the_screen_shows_it(make_console, qtbot, monkeypatch):
    monkeypatch.setattr(wall_toolbar, "TOUR_INTERVAL_S", 1.5)
    console = make_console(sites=4)
    model, window, wall = console.model, console.window, console.wall
    keys = all_live(console, qtbot)
    model.set_layout("1x1")
    click(qtbot, toolbar_of(console).tour)
    press(qtbot, Qt.Key.Key_1, window=window)
    chosen = model.selected
    qtbot.waitUntil(lambda: model.assignments()[0] != chosen, timeout=20_000)  # the tour moved on
    assert model.selected == chosen and site_panel_of(console).site.key == chosen
    press(qtbot, Qt.Key.Key_M, window=window)  # the chosen site is off the screen: it says so
    assert "not on the screen" in log_lines(console)[-1] and console.name(chosen) in log_lines(console)[-1]
    assert "not on the screen" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: model.assignments()[0] == chosen, timeout=20_000)  # back on screen
    rotated_out = [k for k in keys if k != chosen]
    press(qtbot, Qt.Key.Key_M, window=window)  # open the chosen site's microphone
    qtbot.waitUntil(lambda: not wall.is_muted(chosen), timeout=20_000)
    assert all(wall.is_muted(k) for k in rotated_out)
    assert any(f"unmute {console.name(chosen)}" in line for line in log_lines(console))
    # With nothing chosen, M is refused with a word.
    model.select(None)
    press(qtbot, Qt.Key.Key_M, window=window)
    assert "no site selected" in log_lines(console)[-1]
    assert all(wall.is_muted(k) for k in keys if k != chosen)


# --- things that move under the hand ----------------------------------------------------------


@pytest.mark.parametrize("renderer", ["numpy", "gl"])
def test_docks_and_wall_keep_their_size_whatever_the_status_text(make_console, qtbot, renderer):
    console = make_console(sites=8, raise_hands=7, renderer=renderer, program=True)
    model, window, wall = console.model, console.window, console.wall
    if renderer == "gl" and "OpenGL" not in console.renderer:
        pytest.skip(f"no OpenGL here: {console.renderer}")
    all_live(console, qtbot)
    qtbot.waitUntil(lambda: len(wall.roster.hands) == 7, timeout=20_000)
    docks = window.docks
    sizes = lambda: (docks["directoryDock"].width(), docks["siteDock"].width(), wall.width())  # noqa: E731
    qtbot.wait(200)
    before = sizes()
    assert before[0] >= 280, f"the directory starts narrow: {before}"
    press(qtbot, Qt.Key.Key_8, window=window)
    press(qtbot, Qt.Key.Key_T, window=window)  # a talk: the audio bar says so
    qtbot.waitUntil(lambda: wall.roster.talking == model.sources[7], timeout=20_000)
    qtbot.waitUntil(lambda: "talking with" in window.findChild(AudioBar).summary.text())
    qtbot.wait(200)
    assert sizes() == before
    press(qtbot, Qt.Key.Key_T, window=window)
    qtbot.waitUntil(lambda: wall.roster.talking == "", timeout=20_000)
    qtbot.wait(200)
    assert sizes() == before
    search_and_enter(qtbot, console, query_for(console, a_commune_off_the_wall(console).key))  # a spot-inspect
    qtbot.wait(300)
    assert sizes() == before


def test_buttons_stay_in_place_and_a_double_click_never_solos(make_console, qtbot):
    console = make_console(sites=4, raise_hands=1)
    window, wall = console.window, console.wall
    keys = all_live(console, qtbot)
    panel = site_panel_of(console)
    qtbot.waitUntil(lambda: wall.roster.hands == {keys[0]}, timeout=20_000)
    press(qtbot, Qt.Key.Key_1, window=window)
    qtbot.waitUntil(panel.grant_button.isEnabled)
    places = {b.objectName(): b.mapTo(window, QPoint(0, 0)) for b in panel.buttons}
    at = panel.grant_button.mapTo(window, panel.grant_button.rect().center())
    click(qtbot, panel.grant_button)  # the first click of a double-click
    qtbot.waitUntil(lambda: keys[0] not in wall.roster.hands, timeout=20_000)
    under = window.childAt(at)
    assert under is panel.grant_button and not under.isEnabled()
    qtbot.mouseClick(under, Qt.MouseButton.LeftButton)  # the second: nothing happens
    qtbot.wait(300)
    assert {b.objectName(): b.mapTo(window, QPoint(0, 0)) for b in panel.buttons} == places
    assert panel.grant_button.isVisible() and panel.dismiss_button.isVisible()
    assert not any("solo" in line for line in log_lines(console))


def test_a_drop_replaces_one_tile_of_one_page_and_pinning_is_explicit(make_console, qtbot):
    console = make_console(sites=6)
    model, window, wall = console.model, console.window, console.wall
    all_live(console, qtbot)
    model.set_layout("2x2")
    pages = [list(model.assignments())]
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    pages.append(list(model.assignments()))
    press(qtbot, Qt.Key.Key_PageUp, window=window)
    count = model.page_count
    newcomer = a_commune_off_the_wall(console)
    drop(wall, newcomer.key, 1)
    assert model.assignments() == [pages[0][0], newcomer.key, *pages[0][2:]]
    assert model.page_count == count and model.pinned == {}
    assert "drop:" in log_lines(console)[-1] and newcomer.name in log_lines(console)[-1]
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    # The other page keeps its sites; the one the drop displaced takes its next free tile.
    assert model.assignments() == [*pages[1][:2], pages[0][1], None]
    pages[1] = list(model.assignments())

    # P pins the focused tile, visibly; P again unpins; both are logged.
    press(qtbot, Qt.Key.Key_1, window=window)
    press(qtbot, Qt.Key.Key_P, window=window)
    assert model.pinned == {0: pages[1][0]}
    assert next(t for t in wall.scene() if t.source_id == pages[1][0]).overlay.pinned
    assert "pinned" in log_lines(console)[-1]
    press(qtbot, Qt.Key.Key_PageDown, window=window)
    assert model.assignments()[0] == pages[1][0]
    press(qtbot, Qt.Key.Key_P, window=window)
    assert model.pinned == {} and "unpinned" in log_lines(console)[-1]
    assert not any(t.overlay.pinned for t in wall.scene())


# --- states that are false ----------------------------------------------------------------


def test_counts_dots_panel_and_words_follow_the_hub(make_console, qtbot):
    console = make_console(sites=4)
    model, window, wall = console.model, console.window, console.wall
    keys = all_live(console, qtbot)
    panel, site_panel = panel_of(console), site_panel_of(console)

    # A site live on the wall is counted there, never as "more online".
    model.set_sources(keys[:3])
    assert window.live.text() == "● 3 / 3 sites online · 1 more online"
    search_and_enter(qtbot, console, query_for(console, keys[3]))
    qtbot.waitUntil(lambda: model.assignments()[model.focus] == keys[3])
    assert window.live.text() == "● 4 / 4 sites online"

    # Province rows say their communes are online.
    province = console.site(keys[0]).province_key
    row = panel._tree_items[province]
    assert "1 online" in row.text() and panel.dot_state(console.site(province)) == "online"

    # A commune that never joined is "never joined", not "connection lost".
    never = a_commune_off_the_wall(console)
    search_and_enter(qtbot, console, query_for(console, never.key))
    qtbot.waitUntil(
        lambda: any(t.source_id == never.key and t.overlay.state == "unjoined" for t in wall.scene()), timeout=20_000
    )
    tile = next(t for t in wall.scene() if t.source_id == never.key)
    assert tile.overlay.note == "Never joined"  # not "Offline" (connection lost)
    assert site_panel.badge.text() == "NEVER JOINED"

    # The link figures of a site that goes offline go with it.
    press(qtbot, Qt.Key.Key_2, window=window)
    shown = model.selected
    qtbot.waitUntil(lambda: "fps" in site_panel.fields["Link"].text(), timeout=20_000)
    # A search result's dot follows the hub.
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, window)
    type_text(qtbot, query_for(console, shown))
    qtbot.waitUntil(lambda: shown in panel._result_items)
    result = panel._result_items[shown]
    assert result.icon().cacheKey() == panel._icons["online"].cacheKey()

    console.sim.terminate()  # every commune leaves
    qtbot.waitUntil(lambda: not wall.roster.online, timeout=20_000)
    assert result.icon().cacheKey() == panel._icons["offline"].cacheKey()
    assert "online" not in panel._tree_items[province].text()
    assert window.live.text().startswith("● 0 / ")
    assert site_panel.badge.text() == "OFFLINE" and "fps" not in site_panel.fields["Link"].text()
    plots = site_panel.plots  # no curve, and no old scale either
    assert plots.empty and all(
        len(c.getData()[0] if c.getData()[0] is not None else []) == 0 for c in plots._curves.values()
    )
    assert not any(plot.getAxis("left").style["showValues"] for plot in plots._plots.values())
    qtbot.waitUntil(
        lambda: next(t for t in wall.scene() if t.source_id == shown).overlay.state == "offline", timeout=20_000
    )
    assert next(t for t in wall.scene() if t.source_id == shown).overlay.note == "Offline"


@pytest.mark.parametrize("renderer", ["numpy", "gl"])
def test_the_renderer_label_and_the_screenshot_are_what_the_screen_shows(make_console, qtbot, renderer):
    console = make_console(sites=4, renderer=renderer)
    window, wall = console.window, console.wall
    if renderer == "gl" and "OpenGL" not in console.renderer:
        pytest.skip(f"no OpenGL here: {console.renderer}")
    all_live(console, qtbot)
    qtbot.waitUntil(lambda: "not yet" not in window.renderer.text())
    assert window.renderer.text().startswith("renderer: " + ("OpenGL 4" if renderer == "gl" else "numpy"))
    qtbot.wait(500)
    shot = image_to_array(window.screenshot()).astype(int)
    origin = wall.mapTo(window, QPoint(0, 0))
    style = wall.canvas.overlay_style
    for tile in wall.scene():
        boxes = tile_layout(tile, style)
        badge = boxes.badge.translated(origin)  # the green LIVE pill
        pixels = shot[badge.top() : badge.bottom(), badge.left() : badge.right()].reshape(-1, 3)
        green = int((np.abs(pixels - rgb(style.state_live)).max(axis=1) <= 40).sum())
        assert green > badge.width() * badge.height() // 4, f"no LIVE badge on {tile.source_id} in the screenshot"
        bar = boxes.bar.translated(origin)  # the dark name bar
        mid = shot[bar.center().y(), bar.left() + 2 : bar.right() - 2]
        video = shot[(bar.top() + tile.rect[1] + origin.y()) // 2, bar.left() + 2 : bar.right() - 2]
        assert mid.mean() < video.mean() - 20, f"no name bar on {tile.source_id} in the screenshot"


def test_a_province_opens_its_communes_and_is_never_spot_inspected(make_console, qtbot):
    console = make_console(sites=4)
    model = console.model
    all_live(console, qtbot)
    panel, site_panel = panel_of(console), site_panel_of(console)
    before = list(model.assignments())
    search_and_enter(qtbot, console, "hcm")
    qtbot.waitUntil(lambda: panel.hint.text().startswith("Thành phố Hồ Chí Minh:"))
    assert model.assignments() == before and not any("spot-inspect" in line for line in log_lines(console))
    assert site_panel.site.level == "province"
    assert not any(
        b.isEnabled()
        for b in (site_panel.show_button, site_panel.talk_button, site_panel.solo_button, site_panel.mute_button)
    )
    listed = [panel._site_at(panel.results_model.index(r, 0)) for r in range(panel.results_model.rowCount())]
    assert listed and all(s.parent_key == "province:79" for s in listed)
    # Its list walks with the arrows; Enter on a district opens that, and on a commune shows it.
    while panel._site_at(panel.results.currentIndex()).level != "commune":
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel._opened is not None and panel.results_model.rowCount() > 0)
        qtbot.wait(100)
    commune = panel._site_at(panel.results.currentIndex())
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: commune.key in model.assignments())


def test_follow_speaker_brings_the_speaker_into_a_big_tile(make_console, qtbot):
    console = make_console(sites=10, raise_hands=0)
    model, window, wall = console.model, console.window, console.wall
    all_live(console, qtbot)
    model.set_layout("2+8")
    audio_bar = window.findChild(AudioBar)
    click(qtbot, audio_bar.follow)
    assert audio_bar.follow.isChecked()
    speaker = model.assignments()[6]  # a small tile
    press(qtbot, Qt.Key.Key_7, window=window)
    press(qtbot, Qt.Key.Key_M, window=window)  # its microphone opens; it speaks
    qtbot.waitUntil(lambda: not wall.is_muted(speaker), timeout=20_000)
    press(qtbot, Qt.Key.Key_1, window=window)  # the operator looks at the big tile
    qtbot.waitUntil(lambda: model.assignments().index(speaker) in model.layout.big_slots, timeout=20_000)
    assert any("follow speaker" in line for line in log_lines(console))


def test_tile_text_never_overlaps_on_a_6x6_wall_with_hands_and_a_talk(make_console, qtbot):
    console = make_console(sites=6, raise_hands=3, program=True)
    model, window, wall = console.model, console.window, console.wall
    keys = all_live(console, qtbot)
    model.set_layout("6x6")
    qtbot.waitUntil(lambda: len(wall.roster.hands) == 3, timeout=20_000)
    press(qtbot, Qt.Key.Key_1, window=window)
    press(qtbot, Qt.Key.Key_T, window=window)
    qtbot.waitUntil(lambda: wall.roster.talking == keys[0], timeout=20_000)
    scene = wall.scene()
    marked = [t for t in scene if t.overlay.hand or t.overlay.talking]
    assert marked
    for tile in scene:
        boxes = tile_layout(tile, wall.canvas.overlay_style)
        texts = boxes.text_boxes()
        assert all(not a.intersects(b) for i, a in enumerate(texts) for b in texts[i + 1 :]), tile.source_id
        if tile.overlay.hand:
            assert boxes.marks[0][1] == tile.overlay.label and len(boxes.marks) >= 2


# --- names, logs and the saved wall ---------------------------------------------------------


def test_a_commune_joining_from_outside_the_wall_is_logged_by_name(make_console, qtbot, tmp_path):
    import subprocess
    import sys

    console = make_console(sites=2)
    all_live(console, qtbot)
    outsider = a_commune_off_the_wall(console)
    db = str(tmp_path / "console.sqlite3")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "console.cli",
            "--db",
            db,
            "sites",
            "group",
            "create",
            "outsider",
            "--sites",
            outsider.key,
        ],
        check=True,
        capture_output=True,
    )
    console.sites.pop(outsider.key, None)  # as for a browser commune: not looked up yet
    other = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console.cli",
            "--db",
            db,
            "sim",
            "--hub",
            console.hub.url,
            "--from-group",
            "outsider",
            "--sites",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        **bound_to_us(),
    )
    try:
        log = console.window.docks["logDock"].widget()
        qtbot.waitUntil(lambda: any(f"{outsider.name} joined" in line for line in log.lines()), timeout=30_000)
        item = next(log.item(i) for i in range(log.count()) if f"{outsider.name} joined" in log.item(i).text())
        assert item.toolTip() == outsider.key
        assert not any(f"{outsider.key} joined" in line for line in log.lines())
    finally:
        other.terminate()
        other.wait(10)


def test_the_saved_wall_belongs_to_its_hub(make_console, qtbot):
    first = make_console(sites=2, simulate=False, db="hub-a.sqlite3")
    first.model.set_layout("6x6")
    first.shutdown()
    other = make_console(sites=2, simulate=False, db="hub-b.sqlite3")
    assert other.model.layout.name == "2x2"  # another hub: its own default wall
    other.shutdown()
    again = make_console(sites=2, simulate=False, db="hub-a.sqlite3")
    assert again.model.layout.name == "6x6"


def test_the_search_box_forgives_a_slip(make_console, qtbot):
    console = make_console(sites=2, simulate=False)
    panel = panel_of(console)
    for typed in ("hoankiem", "hoan kiemm"):
        press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, console.window)
        type_text(qtbot, typed)
        qtbot.waitUntil(lambda: "district:2" in panel._result_items and "close" in panel.hint.text())
        assert panel._site_at(panel.results_model.index(0, 0)).name == "Quận Hoàn Kiếm"
        assert "“hoan kiem”" in panel.hint.text()
        press(qtbot, Qt.Key.Key_Escape)
