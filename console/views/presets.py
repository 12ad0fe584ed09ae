"""The toolbar's named layouts: save the wall as it is (layout, sites, focus, pins) under a
name, bring one back, delete one. Writes through ``NamedLayouts`` and the wall model only."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QToolButton, QWidget

from console.model import NamedLayouts, WallModel


class PresetMenu(QToolButton):
    saved = Signal(str)  # a preset was saved (or replaced) under this name
    note = Signal(str, str)  # what happened, for the log (text, level)

    def __init__(self, presets: NamedLayouts, model: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetMenu")
        self.retranslate()
        self.presets, self.model = presets, model
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._fill)

    def retranslate(self) -> None:
        """The button's words in the language spoken now."""
        self.setText(self.tr("Layouts ▾"))
        self.setToolTip(self.tr("Save the wall as a named layout, or bring one back"))
        self.setAccessibleName(self.tr("Layouts"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def save(self, name: str) -> bool:
        try:
            self.presets.save(name, self.model)
        except ValueError as error:
            self.note.emit(self.tr("layouts: {error}").format(error=error), "warn")
            return False
        self.saved.emit(name.strip())
        self.note.emit(
            self.tr("layout {name} saved ({layout}, {n} sites)").format(
                name=repr(name.strip()), layout=self.model.layout.name, n=len(self.model.sources)
            ),
            "action",
        )
        return True

    def recall(self, name: str) -> bool:
        try:
            problems = self.presets.restore(name, self.model)
        except (KeyError, ValueError) as error:
            self.note.emit(self.tr("layouts: {error}").format(error=error.args[0] if error.args else error), "warn")
            return False
        self.note.emit(
            self.tr("layout {name} brought back").format(name=repr(name))
            + (f" ({'; '.join(problems)})" if problems else ""),
            "action",
        )
        return True

    def delete(self, name: str) -> None:
        try:
            self.presets.delete(name)
            self.note.emit(self.tr("layout {name} deleted").format(name=repr(name)), "action")
        except KeyError as error:
            self.note.emit(self.tr("layouts: {error}").format(error=error.args[0]), "warn")

    def _ask_name(self) -> None:
        name, ok = QInputDialog.getText(self.window(), self.tr("Save the wall's layout"), self.tr("Name:"))
        if ok:
            self.save(name)

    def _fill(self) -> None:
        menu = self.menu()
        menu.clear()
        menu.addAction(self.tr("Save the wall as…"), self._ask_name)
        names = self.presets.names()
        if names:
            menu.addSeparator()
            for name in names:
                menu.addAction(name, partial(self.recall, name))
            delete = menu.addMenu(self.tr("Delete"))
            for name in names:
                delete.addAction(name, partial(self.delete, name))
