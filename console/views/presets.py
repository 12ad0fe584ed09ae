"""The toolbar's named layouts: save the wall as it is (layout, sites, focus, pins) under a
name, bring one back, delete one. Writes through ``NamedLayouts`` and the wall model only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QToolButton, QWidget

from console.model import NamedLayouts, WallModel


class PresetMenu(QToolButton):
    saved = Signal(str)            # a preset was saved (or replaced) under this name
    note = Signal(str, str)        # what happened, for the log (text, level)

    def __init__(self, presets: NamedLayouts, model: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="presetMenu", text="Bố cục · Layouts ▾",
                         toolTip="Save the wall as a named layout, or bring one back")
        self.presets, self.model = presets, model
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._fill)

    def save(self, name: str) -> bool:
        try:
            self.presets.save(name, self.model)
        except ValueError as error:
            self.note.emit(f"layouts: {error}", "warn")
            return False
        self.saved.emit(name.strip())
        self.note.emit(f"layout {name.strip()!r} saved ({self.model.layout.name}, {len(self.model.sources)} sites)",
                       "action")
        return True

    def recall(self, name: str) -> bool:
        try:
            problems = self.presets.restore(name, self.model)
        except (KeyError, ValueError) as error:
            self.note.emit(f"layouts: {error.args[0] if error.args else error}", "warn")
            return False
        self.note.emit(f"layout {name!r} brought back" + (f" ({'; '.join(problems)})" if problems else ""), "action")
        return True

    def delete(self, name: str) -> None:
        try:
            self.presets.delete(name)
            self.note.emit(f"layout {name!r} deleted", "action")
        except KeyError as error:
            self.note.emit(f"layouts: {error.args[0]}", "warn")

    def _ask_name(self) -> None:
        name, ok = QInputDialog.getText(self.window(), "Save the wall's layout", "Name:")
        if ok:
            self.save(name)

    def _fill(self) -> None:
        menu = self.menu()
        menu.clear()
        menu.addAction("Lưu bố cục… · Save the wall as…", self._ask_name)
        names = self.presets.names()
        if names:
            menu.addSeparator()
            for name in names:
                menu.addAction(name, lambda n=name: self.recall(n))
            delete = menu.addMenu("Xóa · Delete")
            for name in names:
                delete.addAction(name, lambda n=name: self.delete(n))
