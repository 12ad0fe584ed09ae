"""The main window: assembles the panels it is given; owns no services."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget


class MainWindow(QMainWindow):
    """Directory on the left, the chosen site in the centre, counts in the status bar."""

    def __init__(self, directory_panel: QWidget, centre: QWidget, settings: QSettings) -> None:
        super().__init__()
        self.setWindowTitle("Phòng điều hành · Operations console")
        self.settings = settings
        self.setCentralWidget(centre)
        dock = QDockWidget("Điểm cầu · Sites", self, objectName="directoryDock")
        dock.setWidget(directory_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [420], Qt.Orientation.Horizontal)
        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.counts)
        self.resize(1440, 860)
        self._restore()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _restore(self) -> None:
        geometry = self.settings.value("main/geometry")
        state = self.settings.value("main/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        super().closeEvent(event)
