"""The wall's keys work anywhere in the console's windows, except while the operator types.

An operator in a dark room presses 3 meaning "tile 3", whatever they clicked last: a toolbar
button, a dock's tab, the directory list, the site panel. Only a text field the operator can
see (the search box) keeps the keys it types; a click on a tab or a button gives the keys
back to the wall, and a text field hidden behind another tab never holds them. ``WallKeys``
filters key presses for the whole application and hands them to the wall first; it also says
where the keys go now (``target_changed``) so the window can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from console.translatable import QT_TRANSLATE_NOOP

WALL, TEXT = "wall", "text"
K = Qt.Key
HELP_CONTEXT = "Shortcuts"  # the translation context of every shortcut's description


@dataclass(frozen=True)
class WallKey:
    """One of the wall's keys: the keys that do it, with Shift or not (None: either), the
    ``WallView`` method that does it, and what it does (English, translated where shown).

    ``WALL_KEY_TABLE`` is what ``WallView.handle_key`` obeys and what the hint line and the
    help overlay (F1) say, so what the operator reads cannot drift from what the keys do."""

    keys: tuple[Qt.Key, ...]
    shift: bool | None
    action: str
    does: str
    label: str = ""  # how the keys are written, when not simply their names

    def matches(self, key: int, shift: bool) -> bool:
        return key in self.keys and (self.shift is None or self.shift == shift)

    def keys_text(self) -> str:
        """The keys as the operator presses them (``Shift+M``, ``Enter, F``)."""
        if self.label:
            return self.label
        prefix = "Shift+" if self.shift else ""
        return ", ".join(
            prefix + QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in self.keys
        )

    def does_text(self) -> str:
        return QCoreApplication.translate(HELP_CONTEXT, self.does)


WALL_KEY_TABLE = (
    WallKey(
        tuple(K(K.Key_1.value + n) for n in range(9)),
        None,
        "key_select",
        QT_TRANSLATE_NOOP("Shortcuts", "select a tile"),
        "1–9",
    ),
    WallKey(
        (K.Key_Left, K.Key_Right, K.Key_Up, K.Key_Down),
        None,
        "key_move",
        QT_TRANSLATE_NOOP("Shortcuts", "move the selection"),
        "← → ↑ ↓",
    ),
    WallKey(
        (K.Key_Return, K.Key_Enter, K.Key_F),
        None,
        "key_fullscreen",
        QT_TRANSLATE_NOOP("Shortcuts", "the selected tile fills the wall, and back"),
        "Enter, F",
    ),
    WallKey((K.Key_Escape,), None, "key_leave_fullscreen", QT_TRANSLATE_NOOP("Shortcuts", "leave the full-wall tile")),
    WallKey((K.Key_Space, K.Key_PageDown), None, "key_next_page", QT_TRANSLATE_NOOP("Shortcuts", "next page")),
    WallKey((K.Key_PageUp,), None, "key_prev_page", QT_TRANSLATE_NOOP("Shortcuts", "previous page")),
    WallKey(
        (K.Key_Backspace,), None, "go_back", QT_TRANSLATE_NOOP("Shortcuts", "undo the last drop, spot-inspect or pin")
    ),
    WallKey((K.Key_P,), None, "toggle_pin", QT_TRANSLATE_NOOP("Shortcuts", "pin the tile's site to every page")),
    WallKey((K.Key_M,), True, "key_mute_all", QT_TRANSLATE_NOOP("Shortcuts", "mute all sites")),
    WallKey((K.Key_M,), False, "key_mute", QT_TRANSLATE_NOOP("Shortcuts", "mute or unmute the selected site")),
    WallKey((K.Key_T,), None, "key_talk", QT_TRANSLATE_NOOP("Shortcuts", "talk with the selected site")),
    WallKey(
        (K.Key_W,), None, "key_room_wall", QT_TRANSLATE_NOOP("Shortcuts", "send the selected site to the room wall")
    ),
)


def wall_key_for(key: int, shift: bool) -> WallKey | None:
    """The table's entry for a key press, if the wall has one."""
    return next((entry for entry in WALL_KEY_TABLE if entry.matches(key, shift)), None)


def is_typed_into(widget: QWidget | None) -> TypeGuard[QWidget]:
    """Whether ``widget`` is a text entry the operator can see (so keys typed belong to it):
    one behind another dock's tab, or in a closed dock, is not typed into."""
    return is_text_entry(widget) and widget.isVisible() and not widget.visibleRegion().isEmpty()


def hands_keys_back(widget: QWidget) -> bool:
    """Whether a click on ``widget`` means the operator is done typing: a tab or a button that
    takes no keyboard itself (a click on a list of results is still part of a search)."""
    return isinstance(widget, (QAbstractButton, QTabBar)) and not widget.focusPolicy() & Qt.FocusPolicy.ClickFocus


def is_text_entry(widget: QWidget | None) -> TypeGuard[QWidget]:
    """Whether ``widget`` takes typed text (so letters and digits belong to it)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
        return not getattr(widget, "isReadOnly", lambda: False)()
    return isinstance(widget, QComboBox) and widget.isEditable()


def _widgets_application() -> QApplication:
    """The running QApplication: the keys and the focus are a widgets application's."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("WallKeys needs a running QApplication")
    return app


class WallKeys(QObject):
    """Routes key presses in ``windows()`` to ``handle(event) -> bool`` unless a text field
    has the keyboard; emits ``target_changed("wall" | "text")`` as the keyboard moves."""

    target_changed = Signal(str)

    def __init__(
        self,
        handle: Callable[[QKeyEvent], bool],
        windows: Callable[[], list[QWidget]],
        parent: QObject | None = None,
        give_back: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._handle = handle
        self._windows = windows
        self._give_back = give_back  # gives the wall the keyboard (out of a text field)
        self.target = WALL
        # A key typed into a text field that the field passes on (Return, after which the
        # focus may already be on the wall) travels up its parents: not a wall key then.
        self._typed: tuple[int, QWidget] | None = None
        self.paused = False  # the help overlay (F1) is open: keys go to it, not to the wall
        app = _widgets_application()
        app.installEventFilter(self)
        app.focusChanged.connect(self._on_focus)

    def detach(self) -> None:
        """Stop routing (the console is closing)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._on_focus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyRelease:
            self._typed = None
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            self._on_press(watched)
            return False
        # A key press comes as a QKeyEvent (PySide gives an event its own class).
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or self.paused:
            return False
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget() is not None:
            return False  # an open menu or dialog owns the keyboard
        pointer = shiboken6.getCppPointer(event)[0]
        if self._typed is not None and self._typed[0] == pointer and watched.isAncestorOf(self._typed[1]):
            self._typed = (pointer, watched)
            return False
        focused = QApplication.focusWidget()
        if is_typed_into(focused) or is_typed_into(watched):
            self._typed = (pointer, watched)
            return False
        if watched.window() not in self._windows():
            return False
        if is_text_entry(focused):  # a hidden field had the keyboard: it goes back to the wall
            self._give_back()
        return self._handle(event)

    def _on_press(self, pressed: QWidget) -> None:
        """A click on what takes no keyboard (a dock's tab, a button) while a text field has it:
        the operator has moved on, and the keys go back to the wall."""
        focused = QApplication.focusWidget()
        if (
            not is_text_entry(focused)
            or not hands_keys_back(pressed)
            or pressed is focused
            or focused.isAncestorOf(pressed)
            or pressed.window() not in self._windows()
            or QApplication.activePopupWidget() is not None
            or QApplication.activeModalWidget() is not None
        ):
            return
        self._give_back()

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = TEXT if is_text_entry(new) else WALL
        if target != self.target:
            self.target = target
            self.target_changed.emit(target)
