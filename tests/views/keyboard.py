"""Keys and text as an operator's keyboard sends them: to whatever has the focus."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier, window=None):
    """A key as the keyboard sends it: to whatever has the keyboard focus (else the window)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def type_text(qtbot, text):
    qtbot.keyClicks(QApplication.focusWidget(), text)
