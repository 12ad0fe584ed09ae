"""The main window: assembles the panels it is given; owns no services."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from console.views.elided_label import ElidedLabel
from console.views.wall_keys import TEXT
from console.views.wall_view import KEY_HINTS

KEYS_TO_WALL = "⌨ keys: wall"
KEYS_TO_TEXT = "⌨ keys: search box (Esc gives them back to the wall)"


class MainWindow(QMainWindow):
    """Wall in the centre; directory left, site panel right, event log below; counts below that.

    The wall sits in a frame lit in the accent colour while the wall's keys go to it, and the
    status bar says where the keys go, so the operator always sees who listens.
    """

    def __init__(self, directory_panel: QWidget, wall: QWidget, site_panel: QWidget, event_log: QWidget,
                 settings: QSettings, toolbar: QWidget | None = None, audio_bar: QWidget | None = None,
                 banner: QWidget | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Phòng điều hành · Operations console")
        self.settings = settings
        self.wall = wall
        centre = QWidget(objectName="wallHost")
        self._centre_layout = QVBoxLayout(centre)
        self._centre_layout.setContentsMargins(0, 0, 0, 0)
        self._centre_layout.setSpacing(0)
        for bar in (banner, toolbar, audio_bar):
            if bar is not None:
                self._centre_layout.addWidget(bar)
        self.wall_frame = QFrame(objectName="wallFrame")
        frame_layout = QVBoxLayout(self.wall_frame)
        frame_layout.setContentsMargins(2, 2, 2, 2)   # the QSS border's width: never changes
        frame_layout.addWidget(wall)
        # Issue 12: the wall's alternative pages (the national board) take its place in turn.
        self.centre_pages = QStackedWidget(objectName="centrePages")
        self.centre_pages.addWidget(self.wall_frame)
        self._centre_layout.addWidget(self.centre_pages, 1)
        self.key_hints = ElidedLabel(KEY_HINTS, objectName="keyHints")
        self.key_hints.setProperty("role", "hint")
        self._centre_layout.addWidget(self.key_hints)
        self.setCentralWidget(centre)
        self.docks = {}
        for name, title, widget, area in (
                ("directoryDock", "Điểm cầu · Sites", directory_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("siteDock", "Điểm đang chọn · Selected site", site_panel, Qt.DockWidgetArea.RightDockWidgetArea),
                ("logDock", "Nhật ký · Event log", event_log, Qt.DockWidgetArea.BottomDockWidgetArea)):
            dock = QDockWidget(title, self, objectName=name)
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.resizeDocks([self.docks["directoryDock"], self.docks["siteDock"]], [290, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["logDock"]], [110], Qt.Orientation.Vertical)
        self.keyboard = QLabel(KEYS_TO_WALL, objectName="keyboardTarget")
        self.live = QLabel(objectName="liveCount")
        self.cpu = QLabel(objectName="cpuLoad")
        self.renderer = QLabel(objectName="rendererName")
        for label in (self.keyboard, self.live, self.cpu, self.renderer):
            self.statusBar().addPermanentWidget(label)
        self.show_keyboard_target("wall")
        self._wall_window: QWidget | None = None
        self.resize(1600, 900)
        self._restore()

    # --- status bar --------------------------------------------------------------------

    def set_live(self, live: int, total: int, elsewhere: int = 0) -> None:
        """``live`` of the wall's ``total`` sites online; ``elsewhere``: online, not on the wall."""
        more = f" · {elsewhere} more online" if elsewhere else ""
        self.live.setText(f"● {live} / {total} sites live{more}")

    def set_cpu(self, percent: float) -> None:
        self.cpu.setText(f"CPU {percent:.0f} %")

    def set_renderer(self, name: str, why: str = "") -> None:
        self.renderer.setText(f"renderer: {name}")
        self.renderer.setToolTip(why)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def show_keyboard_target(self, target: str) -> None:
        """Light the wall's frame while its keys go to it; say where they go."""
        to_text = target == TEXT
        self.keyboard.setText(KEYS_TO_TEXT if to_text else KEYS_TO_WALL)
        self.wall_frame.setProperty("keys", "elsewhere" if to_text else "wall")
        self.wall_frame.style().unpolish(self.wall_frame)  # re-read the [keys=...] rule
        self.wall_frame.style().polish(self.wall_frame)

    # --- the centre's pages (issue 12) ----------------------------------------------------

    def add_centre_page(self, widget: QWidget) -> None:
        """A page shown in the wall's place on demand (``show_centre_page``)."""
        self.centre_pages.addWidget(widget)

    def show_centre_page(self, widget: QWidget | None = None, hints: str = "") -> None:
        """Show ``widget`` where the wall is (None: the wall again), with its own key hints."""
        self.centre_pages.setCurrentWidget(widget if widget is not None else self.wall_frame)
        self.key_hints.setText(hints if widget is not None and hints else KEY_HINTS)

    def centre_page(self) -> QWidget | None:
        """The page shown instead of the wall, or None while the wall is shown."""
        current = self.centre_pages.currentWidget()
        return None if current is self.wall_frame else current

    # --- presenter output --------------------------------------------------------------

    def send_wall_to_screen(self, index: int) -> bool:
        """Show the wall fullscreen on screen ``index``; the controls stay here."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            self.show_message(f"no screen {index}: {len(screens)} screen(s) attached")
            return False
        holder = QWidget(objectName="presenterWall")
        holder.setWindowTitle("Video wall")
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        holder.layout().addWidget(self.wall)
        holder.setScreen(screens[index])
        holder.setGeometry(screens[index].geometry())
        holder.showFullScreen()
        self._wall_window = holder
        return True

    def screenshot(self) -> QImage:
        """The window as the operator sees it, the wall's overlays included on both renderers.

        ``grab`` renders an OpenGL canvas without what it draws with a QPainter (names,
        badges, meters), so the wall's own picture is drawn over its place afterwards.
        """
        image = self.grab().toImage()
        picture = getattr(self.wall, "picture", None)
        if picture is not None and self.wall.window() is self and self.wall.isVisible():
            painter = QPainter(image)
            try:
                painter.drawImage(QRect(self.wall.mapTo(self, QPoint(0, 0)), self.wall.size()), picture())
            finally:
                painter.end()
        return image

    # --- persistence -------------------------------------------------------------------

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
        if self._wall_window is not None:
            self._wall_window.close()
        super().closeEvent(event)
