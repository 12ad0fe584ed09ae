"""The event log: joins, leaves, stalls, operator actions, newest at the bottom."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from console.views.theme import tokens

MAX_ENTRIES = 2000
_LEVEL_TOKENS = {
    "info": "text_muted",
    "join": "state_online",
    "leave": "state_offline",
    "warn": "state_stale",
    "action": "accent",
}


class EventLog(QListWidget):
    """Append-only list of timestamped lines; keeps the last MAX_ENTRIES.

    It shows the newest lines, from the first time it is shown, unless the operator scrolled
    up to read older ones (then it stays there until they scroll back down). Lines added
    before the view had its size left it at the oldest ones: following is kept as a state,
    and applied whenever the scroll range changes (a resize, the first layout, a new line)."""

    added = Signal(str, str)  # a line's text (without its time) and level, once it is in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLog")
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        colours = tokens()
        self._colours = {level: QColor(colours[token]) for level, token in _LEVEL_TOKENS.items()}
        self._follow = True  # at the newest line
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._moved)
        bar.rangeChanged.connect(lambda _low, high: bar.setValue(high) if self._follow else None)

    def _moved(self, value: int) -> None:
        self._follow = value >= self.verticalScrollBar().maximum() - 2

    def add(self, text: str, level: str = "info", keys: str = "") -> None:
        """One line; ``keys``, the site keys it is about, go in its tooltip (the line itself
        names sites by name)."""
        stamp = time.strftime("%H:%M:%S")
        item = QListWidgetItem(f"{stamp}  {text}")
        item.setForeground(self._colours.get(level, self._colours["info"]))
        if keys:
            item.setToolTip(keys)
        self.addItem(item)
        if self.count() > MAX_ENTRIES:
            self.takeItem(0)
        if self._follow:
            self.scrollToBottom()
        self.added.emit(text, level)

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
