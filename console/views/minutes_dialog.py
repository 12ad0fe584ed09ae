"""Asks which meeting the minutes are of (issue 15): from, to, which group, and where to write."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QPushButton, QWidget)


class MinutesDialog(QDialog):
    """``since``, ``until``, ``group`` (None: all sites) and ``path`` once accepted."""

    def __init__(self, since: datetime, groups: list[str], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="minutesDialog")
        self.setWindowTitle(self.tr("Meeting minutes"))
        self.since_edit = QDateTimeEdit(QDateTime(since.astimezone().replace(tzinfo=None)), calendarPopup=True)
        self.until_edit = QDateTimeEdit(QDateTime.currentDateTime(), calendarPopup=True)
        for edit in (self.since_edit, self.until_edit):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Group"))
        self.group.addItem(self.tr("all sites"), None)
        for name in groups:
            self.group.addItem(name, name)
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        self.path_edit = QLineEdit(str(folder / f"bien-ban-{stamp}.html"))
        browse = QPushButton("…")
        browse.setAccessibleName(self.tr("Choose the file"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("From"), self.since_edit)
        form.addRow(self.tr("To"), self.until_edit)
        form.addRow(self.tr("Group"), self.group)
        form.addRow(self.tr("File (.html, .csv)"), where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def since(self) -> datetime:
        return self.since_edit.dateTime().toPython().astimezone()

    @property
    def until(self) -> datetime:
        return self.until_edit.dateTime().toPython().astimezone()

    @property
    def group_name(self) -> str | None:
        return self.group.currentData()

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Minutes"), self.path_edit.text(),
                                                "HTML (*.html);;CSV (*.csv)")
        if chosen:
            self.path_edit.setText(chosen)
