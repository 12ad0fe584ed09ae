"""F1 or ``?``: every keyboard shortcut of the console, over the window, until Esc, F1, ``?`` or a click.

The list is read from what the keys obey, never written twice: the wall's ``WALL_KEY_TABLE``
(``wall_keys.py``) and the window's own ``QShortcut``\\ s and ``QAction``\\ s that carry a
description (``whatsThis``, an English text of the ``Shortcuts`` translation context). A new
shortcut with a description is listed by itself; one without is a test failure
(tests/views/test_help_and_accessibility.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from console.views.named import named
from console.views.wall_keys import HELP_CONTEXT, WALL_KEY_TABLE

CLOSE_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_Question)


def window_shortcuts(window: QWidget) -> list[QShortcut | QAction]:
    """The window's shortcuts and actions with keys, in the order they were made."""
    found: list[QShortcut | QAction] = []
    for item in window.findChildren(QShortcut) + window.findChildren(QAction):
        keys = item.key() if isinstance(item, QShortcut) else item.shortcut()
        if not keys.isEmpty() and item not in found:
            found.append(item)
    return found


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every shortcut: the wall's keys first, then the window's, one row
    per description (``Ctrl+K, /`` find a site)."""
    rows = [(entry.keys_text(), entry.does_text()) for entry in WALL_KEY_TABLE]
    merged: dict[str, list[str]] = {}
    for item in window_shortcuts(window):
        keys = item.key() if isinstance(item, QShortcut) else item.shortcut()
        does = item.whatsThis() or (item.text() if isinstance(item, QAction) else "")
        text = keys.toString(QKeySequence.SequenceFormat.NativeText)
        merged.setdefault(does, [])
        if text not in merged[does]:
            merged[does].append(text)
    rows += [(", ".join(keys), QCoreApplication.translate(HELP_CONTEXT, does)) for does, keys in merged.items()]
    return rows


class HelpOverlay(QWidget):
    """A translucent panel over the whole window listing the shortcuts; ``toggle()`` opens or closes it."""

    shown_changed = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("helpOverlay")
        self._window = window  # the overlay covers it, and follows its size
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.panel = named(QFrame(self), "helpPanel")
        self.title = named(QLabel(), "helpTitle")
        self.footer = named(QLabel(), "helpFooter")
        self.footer.setProperty("role", "hint")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(6)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(32, 24, 32, 24)
        panel_layout.setSpacing(14)
        panel_layout.addWidget(self.title)
        panel_layout.addLayout(self.grid)
        panel_layout.addWidget(self.footer)
        outer = QVBoxLayout(self)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignCenter)
        window.installEventFilter(self)  # follow the window's size
        self.hide()

    def toggle(self) -> None:
        self.close_help() if self.isVisible() else self.open_help()

    def open_help(self) -> None:
        self.refresh()
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.shown_changed.emit(True)

    def close_help(self) -> None:
        if self.isVisible():
            self.hide()
            self.shown_changed.emit(False)

    def rows(self) -> list[tuple[str, str]]:
        return shortcut_rows(self.window())

    def refresh(self) -> None:
        """Read the shortcuts again (in the language spoken now)."""
        self.title.setText(self.tr("Keyboard shortcuts"))
        self.footer.setText(
            self.tr(
                "Esc, F1, ? or a click closes this list. The wall's keys work anywhere "
                "except while typing in the search box."
            )
        )
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row, (keys, does) in enumerate(self.rows()):
            key_label = named(QLabel(keys), "helpKeys")
            does_label = named(QLabel(does), "helpDoes")
            self.grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(does_label, row, 1)

    def texts(self) -> list[str]:
        """What the overlay says now (tests)."""
        return [label.text() for label in self.findChildren(QLabel) if not label.isHidden() and label.text()]

    # --- closing -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in CLOSE_KEYS:
            self.close_help()
        event.accept()  # while open, no key reaches what is under it

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.close_help()
        event.accept()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._window.rect())
        return False

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("Keyboard shortcuts"))
            if self.isVisible():
                self.refresh()
        super().changeEvent(event)
