"""The main window: assembles the panels it is given; owns no services."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QMainWindow, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from console.translatable import QT_TRANSLATE_NOOP
from console.views.elided_label import ElidedLabel
from console.views.help_overlay import HelpOverlay, shortcut_rows
from console.views.named import named
from console.views.wall_keys import TEXT

TAB_PADDING_PX = 30  # a dock tab's margins and frame around its title
MAX_TABBED_DOCK_PX = 360  # the most width tabbed docks take for their tabs' titles
# The saved docks' version: states saved before the docks were restored after the wiring have
# the alarms and room wall docks as tabs (a restart made them so); those are not restored.
DOCK_STATE_VERSION = 1
# The docks' titles (English; translated when shown, again at every language change).
DOCK_TITLES = {
    "directoryDock": QT_TRANSLATE_NOOP("MainWindow", "Sites"),
    "siteDock": QT_TRANSLATE_NOOP("MainWindow", "Selected site"),
    "logDock": QT_TRANSLATE_NOOP("MainWindow", "Event log"),
    # Docks the composition root adds (console/app/wire_*.py).
    "alarmDockWidget": QT_TRANSLATE_NOOP("MainWindow", "Alarms"),
    "dataDock": QT_TRANSLATE_NOOP("MainWindow", "Data"),
    "groupsDock": QT_TRANSLATE_NOOP("MainWindow", "Groups"),
    "recordingsDock": QT_TRANSLATE_NOOP("MainWindow", "Recordings"),
    "roomWallDock": QT_TRANSLATE_NOOP("MainWindow", "Room wall"),
}

SOFTWARE_RENDERER = QT_TRANSLATE_NOOP("MainWindow", "numpy (software)")  # the numpy canvas's name


class MainWindow(QMainWindow):
    """Wall in the centre; directory left, site panel right, event log below; counts below that.

    The wall sits in a frame lit in the accent colour while the wall's keys go to it, and the
    status bar says where the keys go, so the operator always sees who listens.
    """

    def __init__(
        self,
        directory_panel: QWidget,
        wall: QWidget,
        site_panel: QWidget,
        event_log: QWidget,
        settings: QSettings,
        toolbar: QWidget | None = None,
        audio_bar: QWidget | None = None,
        banner: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.wall = wall
        centre = named(QWidget(), "wallHost")
        self._centre_layout = QVBoxLayout(centre)
        self._centre_layout.setContentsMargins(0, 0, 0, 0)
        self._centre_layout.setSpacing(0)
        for bar in (banner, toolbar, audio_bar):
            if bar is not None:
                self._centre_layout.addWidget(bar)
        self.wall_frame = named(QFrame(), "wallFrame")
        frame_layout = QVBoxLayout(self.wall_frame)
        frame_layout.setContentsMargins(2, 2, 2, 2)  # the QSS border's width: never changes
        frame_layout.addWidget(wall)
        # The wall's alternative pages (the national board) take its place in turn.
        self.centre_pages = named(QStackedWidget(), "centrePages")
        self.centre_pages.addWidget(self.wall_frame)
        self._centre_layout.addWidget(self.centre_pages, 1)
        self.key_hints = ElidedLabel(objectName="keyHints")
        self.key_hints.setProperty("role", "hint")
        self._centre_layout.addWidget(self.key_hints)
        self.setCentralWidget(centre)
        self.docks: dict[str, QDockWidget] = {}
        for name, widget, area in (
            ("directoryDock", directory_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
            ("siteDock", site_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            ("logDock", event_log, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock = named(QDockWidget(self), name)
            dock.setWidget(widget)
            dock.setFeatures(
                QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            )
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.resizeDocks([self.docks["directoryDock"], self.docks["siteDock"]], [290, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["logDock"]], [110], Qt.Orientation.Vertical)
        self.keyboard = named(QLabel(), "keyboardTarget")
        self.live = named(QLabel(), "liveCount")
        self.cpu = named(QLabel(), "cpuLoad")
        self.renderer = named(QLabel(), "rendererName")
        for label in (self.keyboard, self.live, self.cpu, self.renderer):
            self.statusBar().addPermanentWidget(label)
        # F1 or ? lists every shortcut over the window.
        self.help = HelpOverlay(self)
        for keys in ("F1", "?"):
            shortcut = named(QShortcut(QKeySequence(keys), self), "helpShortcut")
            shortcut.setWhatsThis(QT_TRANSLATE_NOOP("Shortcuts", "this list of keys (Esc closes it)"))
            shortcut.activated.connect(self.help.toggle)
        # What the status bar shows, kept so that a language change can say it again.
        self._keys_target = "wall"
        self._live: tuple[int, int, int] | None = None
        self._cpu: float | None = None
        self._renderer = ("", "")
        self._page_hints = ""
        self._wall_window: QWidget | None = None
        self._identity = lambda: ""
        self.retranslate()
        self.resize(1600, 900)
        geometry = self.settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # --- language ---------------------------------------------------------------------

    def retranslate(self) -> None:
        """Say every text of the window again in the language installed now."""
        identity = self._identity()
        self.setWindowTitle(self.tr("Operations console") + (f" — {identity}" if identity else ""))
        self.wall.setAccessibleName(self.tr("Video wall"))
        self.key_hints.setAccessibleName(self.tr("Keys of the wall"))
        for name, dock in self.docks.items():
            dock.setWindowTitle(self.dock_title(name))
            dock.setAccessibleName(dock.windowTitle())
        self.key_hints.setText(self._page_hints or self.wall_hints())
        self.show_keyboard_target(self._keys_target)
        if self._live is not None:
            self.set_live(*self._live)
        if self._cpu is not None:
            self.set_cpu(self._cpu)
        if self._renderer[0]:
            self.set_renderer(*self._renderer)
        self.fit_tabbed_docks()

    def fit_tabbed_docks(self) -> None:
        """Docks shown as tabs (the directory with the groups and the room wall) are at least as
        wide as their tabs' titles in the language spoken now, so no title is cut off (up to
        MAX_TABBED_DOCK_PX)."""
        for dock in self.docks.values():
            tabbed = [dock, *self.tabifiedDockWidgets(dock)]
            if len(tabbed) < 2:
                continue
            bar = next((b for b in self.findChildren(QTabBar) if b.count() == len(tabbed)), None)
            metrics = (bar or self).fontMetrics()
            wanted = sum(metrics.horizontalAdvance(d.windowTitle()) + TAB_PADDING_PX for d in tabbed)
            dock.setMinimumWidth(min(wanted, MAX_TABBED_DOCK_PX))

    def wall_hints(self) -> str:
        """The hint line under the wall: every key and shortcut, from what they obey."""
        return " · ".join(f"{keys} {does}" for keys, does in shortcut_rows(self))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def dock_title(self, name: str) -> str:
        """The title of the dock ``name`` (a key of ``DOCK_TITLES``) in the language spoken now;
        a dock with the ``sample`` property says it shows sample data."""
        title = self.tr(DOCK_TITLES[name]) if name in DOCK_TITLES else name
        dock = self.docks.get(name)
        if dock is not None and dock.property("sample"):
            title += " — " + self.tr("SAMPLE DATA")
        return title

    # --- status bar --------------------------------------------------------------------

    def set_live(self, live: int, total: int, elsewhere: int = 0) -> None:
        """``live`` of the wall's ``total`` sites online: connected to the hub, which a tile
        still joining is too (its own state says so; "live" here read as "showing a picture");
        ``elsewhere``: online, not on the wall."""
        self._live = (live, total, elsewhere)
        more = self.tr(" · {n} more online").format(n=elsewhere) if elsewhere else ""
        self.live.setText(self.tr("● {live} / {total} sites online").format(live=live, total=total) + more)

    def set_cpu(self, percent: float) -> None:
        self._cpu = percent
        self.cpu.setText(self.tr("CPU {percent} %").format(percent=f"{percent:.0f}"))

    def set_renderer(self, name: str, why: str = "") -> None:
        self._renderer = (name, why)
        shown = self.tr(SOFTWARE_RENDERER) if name == SOFTWARE_RENDERER else name  # GL's is its driver's name
        self.renderer.setText(self.tr("renderer: {name}").format(name=shown))
        self.renderer.setToolTip(why)

    def set_identity(self, identity) -> None:
        """Which console this is, in the title (``identity()``, said again at a language change):
        two consoles on one desktop must not look alike in the task bar."""
        self._identity = identity
        self.retranslate()

    def show_message(self, text: str) -> None:
        """A problem, in the status line until the next success or for 10 s."""
        self.statusBar().showMessage(text, 10_000)

    def succeeded(self) -> None:
        """An operator's action went through: a problem said before it is no longer news."""
        self.statusBar().clearMessage()

    def show_keyboard_target(self, target: str) -> None:
        """Light the wall's frame while its keys go to it; say where they go."""
        self._keys_target = target
        to_text = target == TEXT
        self.keyboard.setText(
            self.tr("⌨ keys: search box (Esc gives them back to the wall)") if to_text else self.tr("⌨ keys: wall")
        )
        self.wall_frame.setProperty("keys", "elsewhere" if to_text else "wall")
        self.wall_frame.style().unpolish(self.wall_frame)  # re-read the [keys=...] rule
        self.wall_frame.style().polish(self.wall_frame)

    # --- the centre's pages ---------------------------------------------------------------

    def add_centre_page(self, widget: QWidget) -> None:
        """A page shown in the wall's place on demand (``show_centre_page``)."""
        self.centre_pages.addWidget(widget)

    def show_centre_page(self, widget: QWidget | None = None, hints: str = "") -> None:
        """Show ``widget`` where the wall is (None: the wall again), with its own key hints
        (already translated; the page says them again at a language change)."""
        self.centre_pages.setCurrentWidget(widget if widget is not None else self.wall_frame)
        self._page_hints = hints if widget is not None else ""
        self.key_hints.setText(self._page_hints or self.wall_hints())

    def centre_page(self) -> QWidget | None:
        """The page shown instead of the wall, or None while the wall is shown."""
        current = self.centre_pages.currentWidget()
        return None if current is self.wall_frame else current

    # --- presenter output --------------------------------------------------------------

    def send_wall_to_screen(self, index: int) -> bool:
        """Show the wall fullscreen on screen ``index``; the controls stay here."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            self.show_message(
                self.tr("no screen {index}: {count} screen(s) attached").format(index=index, count=len(screens))
            )
            return False
        holder = named(QWidget(), "presenterWall")
        holder.setWindowTitle(self.tr("Video wall"))
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wall)
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
                place = QRect(self.wall.mapTo(self, QPoint(0, 0)), self.wall.size())
                painter.drawImage(place, picture())
                if self.help.isVisible():  # the help overlay (already in the grab elsewhere) lies over the wall
                    painter.setClipRect(place)
                    self.help.render(painter, self.help.pos())
            finally:
                painter.end()
        return image

    # --- persistence -------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Put the docks back as they were saved, once every dock exists: the composition root
        adds some (alarms, room wall, groups) after the window is made, and a state restored
        before they existed left them to be placed afresh, as tabs hiding one another."""
        state = self.settings.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state, DOCK_STATE_VERSION)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState(DOCK_STATE_VERSION))
        if self._wall_window is not None:
            self._wall_window.close()
        super().closeEvent(event)
