"""The data panel's wiring: the source (a URL polled, a file watched, or the built-in
sample server) read on a thread of its own, its states shown in the panel and on data tiles,
and the province selection shared by the panel, the directory and (when it exists) the board.

Threads: the feed (and the sample server) run on the ``data`` loop thread, so a slow source or
a 5 MB payload holds neither the GUI nor the media loop; states reach the GUI thread through
a queued Qt signal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget

from console.data import DataFeed, FeedState, source_for
from console.data.sample import SampleData, SampleServer, provinces_of
from console.loop_thread import LoopThread
from console.model.province_selection import ProvinceSelection
from console.views.data_panel import DataPanel, stale_reason
from console.views.data_tile import DataTiles
from console.views.directory_panel import KEY_ROLE, DirectoryPanel
from console.views.event_log import EventLog

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore


@dataclass(frozen=True)
class DataOptions:
    """Where the room's indicators come from: ``url`` or ``file``; neither: the sample server."""

    url: str | None = None
    file: str | None = None
    interval_s: float = 5.0
    max_age_s: float | None = None

    @property
    def sample(self) -> bool:
        return self.url is None and self.file is None


class _Bridge(QObject):
    state = Signal(object, bool)  # FeedState, data changed (queued: emitted on the data thread)


@dataclass
class DataWiring:
    """What ``wire_data`` built, for shutdown and for tests."""

    panel: DataPanel
    tiles: DataTiles
    selection: ProvinceSelection
    feed: DataFeed
    loop: LoopThread
    sample: SampleServer | None = None
    tasks: list = field(default_factory=list)  # the feed's task on the data loop

    def close(self) -> None:
        for task in self.tasks:
            self.loop.loop.call_soon_threadsafe(task.cancel)
        if self.sample is not None:
            try:
                self.loop.submit(self.sample.stop()).result(5)
            except Exception:
                pass
        try:
            self.loop.submit(self.feed.source.close()).result(5)
        except Exception:
            pass
        self.loop.stop()


def wire_data(
    console: ConsoleCore,
    directory_panel: DirectoryPanel,
    log: EventLog,
    tiles: DataTiles,
    options: DataOptions,
    selection: ProvinceSelection | None = None,
) -> DataWiring:
    """Build the data panel (a dock under the wall, beside the event log) and start its source."""
    window = console.window
    selection = selection or ProvinceSelection()
    panel = DataPanel(selection)
    dock = QDockWidget(window.dock_title("dataDock"), window)
    dock.setObjectName("dataDock")
    dock.setWidget(panel)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    log_dock = window.docks.get("logDock")
    if log_dock is not None:  # the indicators under the wall, the event log beside them
        window.splitDockWidget(dock, log_dock, Qt.Orientation.Horizontal)
        window.resizeDocks([dock, log_dock], [1000, 560], Qt.Orientation.Horizontal)
        window.resizeDocks([dock], [300], Qt.Orientation.Vertical)
    window.docks["dataDock"] = dock

    loop = LoopThread("data")
    bridge = _Bridge(panel)
    sample = None
    if options.sample:
        provinces = console.worker.submit(provinces_of).result(30)
        sample = loop.submit(SampleServer(SampleData(provinces)).start()).result(15)
        source = source_for(url=sample.url)
        dock.setProperty("sample", True)
        dock.setWindowTitle(window.dock_title("dataDock"))
    else:
        source = source_for(url=options.url, path=options.file)
    feed = DataFeed(
        source,
        lambda state, changed: bridge.state.emit(state, changed),
        interval_s=options.interval_s,
        max_age_s=options.max_age_s,
    )
    wiring = DataWiring(panel, tiles, selection, feed, loop, sample)

    said = {"reason": ""}  # the stale reason last put in the log (each said once)

    def on_state(state: FeedState, changed: bool) -> None:
        panel.show_state(state, changed)
        tiles.set_state(state)
        if changed and state.data is not None and state.data.sample:
            dock.setProperty("sample", True)
            dock.setWindowTitle(window.dock_title("dataDock"))
        reason = state.reason if state.status == "stale" else ""
        if reason and reason != said["reason"]:
            log.add(
                QCoreApplication.translate("EventLog", "data source {source}: {reason}").format(
                    source=state.source, reason=stale_reason(state)
                ),
                "warn",
            )
        elif not reason and said["reason"]:
            log.add(
                QCoreApplication.translate("EventLog", "data source {source}: current again").format(
                    source=state.source
                ),
                "info",
            )
        said["reason"] = reason

    bridge.state.connect(on_state, Qt.ConnectionType.QueuedConnection)
    wiring.tasks.append(loop.submit(_start(feed)).result(5))
    panel.wall_requested.connect(lambda key: _put_on_wall(console, key))
    _link_directory(selection, directory_panel)
    return wiring


async def _start(feed: DataFeed):
    import asyncio

    return asyncio.get_running_loop().create_task(feed.run())


def _put_on_wall(console: ConsoleCore, key: str) -> None:
    """The indicator as a tile in this page's focus tile, as a spot-inspect puts a site there."""
    console.wall.inspect(key)


def _link_directory(selection: ProvinceSelection, directory_panel: DirectoryPanel) -> None:
    """A province chosen in the directory (or a site in it) selects it in the data panel; one
    chosen in the data panel (or the board) is shown in the directory's tree."""

    def chosen(site) -> None:
        if site.province_key:
            selection.select(site.province_key, "directory")

    def changed(key: str, by: str) -> None:
        if by == "directory" or not key:
            return
        model = directory_panel.tree_model
        for row in range(model.rowCount()):
            item = model.item(row)
            if item is not None and item.data(KEY_ROLE) == key:
                directory_panel.tree.setCurrentIndex(item.index())
                directory_panel.tree.scrollTo(item.index())
                return

    directory_panel.site_chosen.connect(chosen)
    selection.changed.connect(changed)
