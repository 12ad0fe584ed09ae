"""Asks which meeting the minutes are of: from, to, which group, and where to write.

The file is written exactly where the dialog says: a name without a folder goes in the folder
the dialog offered (not the console's working folder), and the whole path is shown under the
field as it is typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)


class MinutesDialog(QDialog):
    """``since``, ``until``, ``group`` (None: all sites) and ``path`` once accepted."""

    def __init__(self, since: datetime, groups: list[str], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesDialog")
        self._folder = folder
        self.setWindowTitle(self.tr("Meeting minutes"))
        self.since_edit = QDateTimeEdit(_qt(since), calendarPopup=True)
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
        self.where = QLabel(wordWrap=True)
        self.where.setObjectName("minutesPath")
        self.where.setProperty("role", "hint")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.where)
        self.path_edit.textChanged.connect(self._say_where)
        self._say_where()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def since(self) -> datetime:
        return _local(self.since_edit.dateTime())

    @property
    def until(self) -> datetime:
        return _local(self.until_edit.dateTime())

    @property
    def group_name(self) -> str | None:
        return self.group.currentData()

    @property
    def path(self) -> Path:
        """The file to write: a bare name or relative path is in the folder offered."""
        return (self._folder / Path(self.path_edit.text().strip()).expanduser()).resolve()

    def _say_where(self) -> None:
        self.where.setText(self.tr("Written to: {path}").format(path=self.path))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Minutes"), self.path_edit.text(), "HTML (*.html);;CSV (*.csv)"
        )
        if chosen:
            self.path_edit.setText(chosen)


# Qt's date-times go through milliseconds since the epoch: the stubs type no conversion from or to
# datetime (toPython() is an object), and Qt keeps milliseconds.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _qt(moment: datetime) -> QDateTime:
    """The moment (a naive one is local time) as a local Qt date-time."""
    return QDateTime.fromMSecsSinceEpoch((moment.astimezone() - _EPOCH) // timedelta(milliseconds=1))


def _local(moment: QDateTime) -> datetime:
    """The moment as an aware datetime in the local zone."""
    return (_EPOCH + timedelta(milliseconds=moment.toMSecsSinceEpoch())).astimezone()
