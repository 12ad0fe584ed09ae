"""The recordings list and the player.

``RecordingsPanel`` lists the recordings (those running first, with their time so far) and
asks for what the operator wants done: play, export, delete, the retention rule, the meeting
minutes. ``RecordingPlayer`` plays one file with QMediaPlayer, with its bookmarks to jump to.
Neither touches a file or the database: the composition root does, through the worker.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QIcon
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.translatable import QT_TRANSLATE_NOOP
from console.views.i18n import bind, bind_headers
from console.views.symbols import pause_icon
from console.views.theme import tokens

ID_ROLE = Qt.ItemDataRole.UserRole + 1
translate = QCoreApplication.translate
COLUMNS = (
    QT_TRANSLATE_NOOP("Console", "Site"),
    QT_TRANSLATE_NOOP("Console", "Started"),
    QT_TRANSLATE_NOOP("Console", "Length"),
    QT_TRANSLATE_NOOP("Console", "By"),
    QT_TRANSLATE_NOOP("Console", "Status"),
)
STATUS_WORDS = {
    "recording": QT_TRANSLATE_NOOP("Console", "● REC"),
    "done": QT_TRANSLATE_NOOP("Console", "done"),
    "partial": QT_TRANSLATE_NOOP("Console", "ended early"),
    "failed": QT_TRANSLATE_NOOP("Console", "failed"),
}


class RecordingsPanel(QWidget):
    """Running and finished recordings; buttons emit requests, the panel acts on nothing."""

    play_requested = Signal(dict)
    export_requested = Signal(dict)
    delete_requested = Signal(dict)
    retention_changed = Signal(int)  # days; 0 keeps everything
    minutes_requested = Signal()

    def __init__(self, keep_days: int = 30, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingsPanel")
        self.rows: list[dict] = []
        self.live: dict[str, dict] = {}  # site key -> {"name", "elapsed", "operator"}
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("recordingsTable")
        bind_headers(self.table, COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _: self._request(self.play_requested))
        self.play_button = QPushButton()
        self.play_button.setObjectName("playRecording")
        bind(self.play_button, "text", QT_TRANSLATE_NOOP("Console", "▶ Play"))
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportRecording")
        bind(self.export_button, "text", QT_TRANSLATE_NOOP("Console", "Export…"))
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteRecording")
        bind(self.delete_button, "text", QT_TRANSLATE_NOOP("Console", "Delete"))
        self.minutes_button = QPushButton()
        self.minutes_button.setObjectName("meetingMinutes")
        bind(self.minutes_button, "text", QT_TRANSLATE_NOOP("Console", "Minutes…"))
        bind(
            self.minutes_button,
            "toolTip",
            QT_TRANSLATE_NOOP(
                "Console",
                "Meeting minutes (HTML or CSV): who was present, who spoke, who was muted and by whom, "
                "recordings, alarms",
            ),
        )
        self.keep = QSpinBox()
        self.keep.setObjectName("keepDays")
        self.keep.setRange(0, 3650)
        self.keep.setValue(keep_days)
        bind(self.keep, "suffix", QT_TRANSLATE_NOOP("Console", " days"))
        bind(self.keep, "specialValueText", QT_TRANSLATE_NOOP("Console", "keep all"))
        bind(
            self.keep,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "Recordings older than this are deleted (0 keeps them all)"),
        )
        bind(self.keep, "accessibleName", QT_TRANSLATE_NOOP("Console", "Keep recordings for"))
        for widget in (self.play_button, self.export_button, self.delete_button, self.minutes_button, self.keep):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.play_button.clicked.connect(lambda: self._request(self.play_requested))
        self.export_button.clicked.connect(lambda: self._request(self.export_requested))
        self.delete_button.clicked.connect(lambda: self._request(self.delete_requested))
        self.minutes_button.clicked.connect(self.minutes_requested)
        self.keep.valueChanged.connect(self.retention_changed)
        buttons = QHBoxLayout()
        for widget in (self.play_button, self.export_button, self.delete_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        keep_label = QLabel()
        bind(keep_label, "text", QT_TRANSLATE_NOOP("Console", "Keep"))
        keep_label.setProperty("role", "field")
        buttons.addWidget(keep_label)
        buttons.addWidget(self.keep)
        buttons.addWidget(self.minutes_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._enable()

    def set_rows(self, rows: list[dict]) -> None:
        """The catalog's rows, newest first."""
        self.rows = rows
        self._refill()

    def set_live(self, key: str, info: dict | None) -> None:
        """A running recording's ``{"name", "elapsed", "operator"}``, or None once it ended."""
        if info is None:
            self.live.pop(key, None)
        else:
            self.live[key] = info
        self._refill()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        ident = rows[0].data(ID_ROLE)  # the row's first cell
        return next((r for r in self.rows if r["id"] == ident), None)

    def _refill(self) -> None:
        chosen = self.selected()
        self.table.setRowCount(0)
        for _key, info in self.live.items():
            self._add(
                [
                    info["name"],
                    "",
                    _length(info["elapsed"]),
                    info.get("operator", ""),
                    translate("Console", STATUS_WORDS["recording"]),
                ],
                None,
                "recording",
            )
        for row in self.rows:
            if row["status"] == "recording":
                continue  # shown above with its running time, or left over (see catalog.interrupted)
            started = row["started_at"][:19].replace("T", " ")
            status = (
                translate("Console", STATUS_WORDS[row["status"]]) if row["status"] in STATUS_WORDS else row["status"]
            )
            self._add(
                [row["site_name"] or row["site"], started, _length(row["duration_s"]), row["operator"] or "", status],
                row["id"],
                row["status"],
                row.get("error") or row["path"],
            )
            if chosen is not None and row["id"] == chosen["id"]:
                self.table.selectRow(self.table.rowCount() - 1)
        self._enable()

    def _add(self, cells: list[str], ident, status: str, tip: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, ident)
            if tip:
                item.setToolTip(tip)
            if column == len(cells) - 1:  # the status, in its colour
                item.setForeground(_ink(status))
            self.table.setItem(row, column, item)

    def _enable(self) -> None:
        chosen = self.selected()
        playable = chosen is not None and chosen["status"] != "failed"  # a failed one has no picture
        self.play_button.setEnabled(playable)
        self.export_button.setEnabled(playable)
        self.delete_button.setEnabled(chosen is not None)

    def _request(self, signal) -> None:
        chosen = self.selected()
        if chosen is not None:
            signal.emit(chosen)


class RecordingPlayer(QDialog):
    """Plays one recording (QMediaPlayer); its bookmarks jump to their moment."""

    def __init__(self, row: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayer")
        self.row = row
        self.setWindowTitle(f"{row['site_name'] or row['site']} — {row['started_at'][:19].replace('T', ' ')}")
        self.frames_shown = 0
        self.player = QMediaPlayer(self)
        self.video = QVideoWidget(self)
        self.video.setMinimumSize(QSize(480, 270))
        self.player.setVideoOutput(self.video)
        if QMediaDevices.audioOutputs():  # without a sound card the picture still plays
            self.audio = QAudioOutput(self)
            self.player.setAudioOutput(self.audio)
        self.video.videoSink().videoFrameChanged.connect(self._on_frame)
        self.play_button = QPushButton()
        self.play_button.setObjectName("playPause")
        self._pause_icon = pause_icon(tokens()["text"])  # no font here has the pause sign
        self._show_playing(True)
        self.play_button.clicked.connect(self.toggle)
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setObjectName("playPosition")
        self.position.sliderMoved.connect(self.player.setPosition)
        self.clock = QLabel("0:00 / 0:00")
        self.clock.setObjectName("playClock")
        self.error = QLabel()
        self.error.setObjectName("playError")
        self.error.setProperty("role", "hint")
        # An error appearing never moves the controls: its one line's room is kept from the start
        # (an empty label is not as tall as one with text in every font).
        keep_room = self.error.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(keep_room)
        self.error.setText("Ág")
        self.error.setFixedHeight(self.error.sizeHint().height())
        self.error.setText("")
        self.error.hide()
        self.bookmarks = QListWidget()
        self.bookmarks.setObjectName("playBookmarks")
        self.bookmarks.setMaximumHeight(90)
        for mark in row.get("bookmarks") or []:
            item = QListWidgetItem(f"{_length(mark['at_s'])}  {mark['note']}")
            item.setData(ID_ROLE, int(mark["at_s"] * 1000))
            self.bookmarks.addItem(item)
        self.bookmarks.itemClicked.connect(lambda item: self.player.setPosition(item.data(ID_ROLE)))
        self.bookmarks.setVisible(self.bookmarks.count() > 0)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(lambda ms: self.position.setRange(0, ms))
        self.player.errorOccurred.connect(self._on_error)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.position, 1)
        controls.addWidget(self.clock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.video, 1)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        layout.addWidget(self.bookmarks)
        self.resize(800, 560)
        self.player.setSource(QUrl.fromLocalFile(row["path"]))

    def play(self) -> None:
        self.player.play()
        self._show_playing(True)

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
            self._show_playing(False)
        else:
            self.play()

    def _show_playing(self, playing: bool) -> None:
        """The button offers the other one: Pause while playing, Play while paused."""
        self.play_button.setIcon(self._pause_icon if playing else QIcon())
        self.play_button.setText(translate("Console", "Pause") if playing else translate("Console", "▶ Play"))

    def _on_frame(self, frame) -> None:
        if frame.isValid():
            self.frames_shown += 1

    def _on_position(self, ms: int) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(ms)
        self.clock.setText(f"{_length(ms / 1000)} / {_length(self.player.duration() / 1000)}")

    def _on_error(self, error, text: str) -> None:
        self.error.setText(translate("Console", "cannot play: {error}").format(error=text))
        self.error.show()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.player.stop()
        super().closeEvent(event)


def _length(seconds: float | None) -> str:
    seconds = max(0, int(seconds or 0))
    return (
        f"{seconds // 60}:{seconds % 60:02d}"
        if seconds < 3600
        else f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    )


def _ink(status: str):
    from PySide6.QtGui import QBrush, QColor

    from console.views.theme import tokens

    colours = tokens()
    return QBrush(
        QColor(
            {
                "recording": colours["state_offline"],
                "partial": colours["state_stale"],
                "failed": colours["state_offline"],
            }.get(status, colours["text_muted"])
        )
    )
