"""F1 or ? lists every shortcut the console has, from what the keys obey; every
control a screen reader meets has a name."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

from console.views.help_overlay import window_shortcuts
from console.views.wall_keys import WALL_KEY_TABLE


def test_f1_lists_every_shortcut_and_esc_question_mark_or_a_click_close_it(make_console, qtbot):
    console = make_console(sites=2, simulate=False)
    window, overlay = console.window, console.window.help
    assert not overlay.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(overlay.isVisible)
    assert overlay.geometry() == window.rect()  # over the whole window
    texts = overlay.texts()
    for entry in WALL_KEY_TABLE:  # the table WallView.handle_key obeys
        assert entry.keys_text() in texts and entry.does_text() in texts
    for keys in ("Ctrl+K, /", "B", "F1, ?"):  # the window's own shortcuts
        assert keys in texts, texts
    # While it is open the wall's keys go to it, not to the wall.
    focus = console.model.focus
    qtbot.keyClick(overlay, Qt.Key.Key_2)
    assert console.model.focus == focus and overlay.isVisible()
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    qtbot.keyClick(console.wall, Qt.Key.Key_2)  # and the wall has them back
    assert console.model.focus == 1

    qtbot.keyClick(window, Qt.Key.Key_Question)
    qtbot.waitUntil(overlay.isVisible)
    qtbot.keyClick(overlay, Qt.Key.Key_Question)
    assert not overlay.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(overlay.isVisible)
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not overlay.isVisible()


def test_every_shortcut_says_what_it_does(make_console):
    """A shortcut without a description would be listed without one: each carries it."""
    console = make_console(sites=1, simulate=False)
    found = window_shortcuts(console.window)
    assert {s.key().toString() for s in found if isinstance(s, QShortcut)} >= {"Ctrl+K", "/", "B", "F1", "?"}
    assert [s for s in found if not s.whatsThis() and not (isinstance(s, QAction) and s.text())] == []


def test_every_visible_control_has_an_accessible_name(make_console):
    console = make_console(sites=2, simulate=False)
    nameless = []
    for kind in (QAbstractButton, QLineEdit, QComboBox):
        for widget in console.window.findChildren(kind):
            if not widget.isVisibleTo(console.window):
                continue
            text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
            if not (widget.accessibleName().strip() or text.strip()):
                nameless.append(
                    f"{type(widget).__name__} {widget.objectName()!r} in {widget.parentWidget().objectName()!r}"
                )
    assert nameless == []
    for dock in console.window.docks.values():
        assert dock.accessibleName() == dock.windowTitle() != ""
    assert console.wall.accessibleName()
