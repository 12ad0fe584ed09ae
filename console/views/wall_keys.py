"""The wall's keys work anywhere in the console's windows, except while the operator types.

An operator in a dark room presses 3 meaning "tile 3", whatever they clicked last: a toolbar
button, the directory list, the site panel. Only a text field (the search box) keeps the
keys it types. ``WallKeys`` filters key presses for the whole application and hands them to
the wall first; it also says where the keys go now (``target_changed``) so the window can
show it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit,
                               QTextEdit, QWidget)

WALL, TEXT = "wall", "text"


def is_text_entry(widget: QWidget | None) -> bool:
    """Whether ``widget`` takes typed text (so letters and digits belong to it)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
        return not getattr(widget, "isReadOnly", lambda: False)()
    return isinstance(widget, QComboBox) and widget.isEditable()


class WallKeys(QObject):
    """Routes key presses in ``windows()`` to ``handle(event) -> bool`` unless a text field
    has the keyboard; emits ``target_changed("wall" | "text")`` as the keyboard moves."""

    target_changed = Signal(str)

    def __init__(self, handle: Callable[[QKeyEvent], bool], windows: Callable[[], list[QWidget]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handle = handle
        self._windows = windows
        self.target = WALL
        # A key typed into a text field that the field passes on (Return, after which the
        # focus may already be on the wall) travels up its parents: not a wall key then.
        self._typed: tuple[int, QWidget] | None = None
        app = QApplication.instance()
        app.installEventFilter(self)
        app.focusChanged.connect(self._on_focus)

    def detach(self) -> None:
        """Stop routing (the console is closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._on_focus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyRelease:
            self._typed = None
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget() is not None:
            return False   # an open menu or dialog owns the keyboard
        pointer = shiboken6.getCppPointer(event)[0]
        if self._typed is not None and self._typed[0] == pointer and watched.isAncestorOf(self._typed[1]):
            self._typed = (pointer, watched)
            return False
        if is_text_entry(QApplication.focusWidget()) or is_text_entry(watched):
            self._typed = (pointer, watched)
            return False
        if watched.window() not in self._windows():
            return False
        return self._handle(event)

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = TEXT if is_text_entry(new) else WALL
        if target != self.target:
            self.target = target
            self.target_changed.emit(target)
