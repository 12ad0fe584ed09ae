"""``connect_console`` and ``build_console``: the one console code path.

``opsconsole console`` joins a running hub (here or on another machine); ``opsconsole demo``
starts a hub and simulated communes first and then does exactly the same.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from console.app.console_core import ConsoleCore
from console.app.saved_wall import autosave_wall, restore_wall, save_wall
from console.app.wire_alarms import AlarmWiring, wire_alarms
from console.app.wire_audio import wire_room_audio
from console.app.wire_board import wire_board
from console.app.wire_controls import wire_controls
from console.app.wire_data import DataOptions, DataWiring, wire_data  # data panel and tiles, recording, minutes
from console.app.wire_events import wire_events
from console.app.wire_groups import GroupWiring, wire_groups
from console.app.wire_hub import wire_hub
from console.app.wire_recordings import RecordingControl, wire_recordings
from console.app.wire_room_wall import wire_room_wall
from console.app.wire_selection import wire_selection
from console.app.wire_settings import wire_settings
from console.compositor import OverlayStyle, create_canvas
from console.directory import DirectoryWorker, Site, default_db_path
from console.media.client import MediaClient
from console.media.reclaim import limit_malloc_arenas
from console.media.service import CPU_SHARE_PCT, LoopThread, MediaService
from console.model import WallModel, grid_for
from console.model.roster import Roster
from console.model.settings import Settings, load_settings
from console.paths import app_root, settings_file
from console.recording.catalog import recordings_folder
from console.rtc import IcePolicy, install_ice_policy
from console.signaling.hub_address import HubAddress
from console.views.audio_bar import AudioBar
from console.views.data_tile import DataTiles, WallSources, tile_info
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.gui_loop import acquire_gui_loop, release_gui_loop
from console.views.hub_banner import HubBanner
from console.views.i18n import Translations
from console.views.main_window import MainWindow
from console.views.media_events import MediaEvents
from console.views.roles import role_name
from console.views.site_panel import SitePanel
from console.views.theme import stylesheet, tokens
from console.views.wall_keys import WallKeys
from console.views.wall_toolbar import WallToolbar
from console.views.wall_view import WallView

CONNECT_TIMEOUT_S = 20.0
FOLLOWING_WALL_TILES = 9


@dataclass
class Console(ConsoleCore):
    """Everything one running console holds, for orderly shutdown and for tests: the core the
    wiring shares (console_core.py), and what the wiring built."""

    groups: GroupWiring | None = None
    alarms: AlarmWiring | None = None
    data: DataWiring | None = None  # the data panel and its feed (None: no data panel)
    recordings: RecordingControl | None = None

    def open_board(self, province: str | int | None = None) -> None:
        """The national board in the wall's place, ``province`` open if given (wire_board's
        ``show_board``, which build_console always wires)."""
        if self.show_board is None:
            raise RuntimeError("the board is not wired: build_console wires it")
        self.show_board(province)

    def shutdown(self) -> None:
        """Save the wall, stop the media, the simulated sites, the hub and the worker (once)."""
        if self.loop_thread is None:
            return
        for close in self.closers:  # running recordings end, the data feed stops
            try:
                close()
            except Exception:
                pass
        self.wall.stop()
        if self.alarms is not None:
            self.alarms.timer.stop()  # its rules ask the media core, which stops below
        if self.keys is not None:
            self.keys.detach()
        if self.room_audio is not None:
            self.room_audio.stop()
        if self.settings is not None and self.room_wall is None:  # the wall comes back as it was
            save_wall(self.model, self.settings, self.hub_id)
        try:
            self.media.close().result(5)
        except Exception:
            pass
        if self.sim is not None and self.sim.poll() is None:
            self.sim.terminate()
            try:
                self.sim.wait(10)
            except subprocess.TimeoutExpired:
                self.sim.kill()
        if self.hub is not None:
            try:
                self.loop_thread.submit(self.hub.stop()).result(10)
            except Exception:
                pass
        self.loop_thread.stop()
        self.loop_thread = None  # type: ignore[assignment]  # the mark of a console shut down: shutdown runs once
        self.worker.close()
        if self.gui_loop is not None:  # what still awaits a reply is cancelled
            self.gui_loop = None
            release_gui_loop()
        gc.unfreeze()  # what build_console froze may be collected again (a process may run many consoles)


def overlay_style() -> OverlayStyle:
    return OverlayStyle.from_tokens(tokens())


def qt_application() -> QApplication:
    if QApplication.instance() is None:
        limit_malloc_arenas()  # a long-running process: media/reclaim.py says why
    # instance() is typed as the QCoreApplication base; the console makes only QApplications.
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName("opsconsole")
    app.setOrganizationName("opsconsole")
    app.setDesktopFileName("opsconsole")  # the .desktop file's name: the icon in docks and taskbars
    app.setWindowIcon(QIcon(str(app_root() / "resources" / "icons" / "opsconsole.svg")))
    app.setStyleSheet(stylesheet())
    return app


def connect_console(
    address: HubAddress | list[HubAddress],
    token: str,
    loop_thread: LoopThread | None = None,
    program: bool = False,
    media_workers: int = 1,
) -> tuple[MediaService | MediaClient, MediaEvents, dict[str, Any]]:
    """Join the hub as a console: the media core, its event bridge and the hub's welcome.
    Raises HubError (refused: a bad or revoked token) or ChannelClosed (unreachable, TLS).

    ``media_workers`` 1: the media core runs in a worker process (client.py; docs/architecture.md §1: in
    the GUI's interpreter it stalls paints and keys); 0: on a thread of this process.

    The GUI's own asyncio loop (qasync, views/gui_loop.py) only awaits replies; receiving and
    decoding video stay in that process even so: one decoder's burst on the GUI's loop, or the
    interpreter lock held by a decoding thread, would freeze clicks and the wall's paints.

    ``address``: one hub, or the hubs of a pair in the order to try them (the media core joins
    the first that takes the console; ``media.hub_url`` says which)."""
    first = address[0] if isinstance(address, list) else address
    policy = IcePolicy.from_env(IcePolicy.loopback() if first.on_this_machine else None)
    install_ice_policy(policy)
    loop_thread = loop_thread or LoopThread("media")
    events = MediaEvents()
    media: MediaService | MediaClient
    media_class = MediaClient if media_workers else MediaService
    # The console's wall sheds load when the machine cannot keep up (model/load_shedding.py).
    media = media_class(
        loop_thread, events.post, max_video=64, policy=policy, program=program, cpu_share_pct=CPU_SHARE_PCT
    )
    try:
        welcome = media.connect(address, token).result(CONNECT_TIMEOUT_S)
    except BaseException:
        if media_workers:
            media.close()
        loop_thread.stop()
        raise
    return media, events, welcome


def build_console(
    media: MediaService | MediaClient,
    events: MediaEvents,
    welcome: dict[str, Any],
    worker: DirectoryWorker,
    sources: list[Site],
    *,
    renderer: str = "auto",
    settings: QSettings | None = None,
    room_wall: str | None = None,
    address: HubAddress | None = None,
    follow_presence: bool = False,
    data: DataOptions | None = None,
    recordings: Path | None = None,
    preferences: Settings | None = None,
    preferences_path: Path | None = None,
) -> Console:
    """The window around a joined media core: the wall pages through ``sources`` (or shows the
    hub's room wall ``room_wall``), the directory reads ``worker``'s copy of the hub's directory.

    ``data``, where the data panel's indicators come from (None: no data panel);
    ``recordings``, the folder recordings go to (default: beside the default database).
    ``preferences``, the settings file's values (default: read from ``preferences_path``,
    else the user's settings file); the settings dialog (Ctrl+,) saves to that file."""
    app = qt_application()
    gui_loop = acquire_gui_loop(app)  # the window's async slots run on Qt's own loop
    hub_id = welcome.get("hub_id") or ""
    model = WallModel()
    # A wall that follows presence starts with room for the sites still to join.
    model.set_layout(grid_for(max(FOLLOWING_WALL_TILES if follow_presence else 1, len(sources))).name)
    model.set_sources([s.key for s in sources])
    settings = settings or QSettings()
    restore_notes = restore_wall(model, settings, hub_id) if room_wall is None else []
    canvas, why = create_canvas(renderer, style=overlay_style())
    # The window and the wall view are made below, once the console they take exists.
    console = Console(
        app,
        None,  # type: ignore[arg-type]  # the window: made below, it takes the console
        None,  # type: ignore[arg-type]  # the wall view: likewise
        model,
        media,
        worker,
        media.thread,
        sites={s.key: s for s in sources},
        renderer=canvas.renderer,
        settings=settings,
        hub_id=hub_id,
        address=address,
        welcome=welcome,
        room_wall=room_wall,
        follow_presence=follow_presence,
        gui_loop=gui_loop,
    )
    preferences_path = preferences_path or settings_file()
    console.preferences = preferences if preferences is not None else load_settings(preferences_path)

    # Every active site, once: the board holds them all, and names and parents of a
    # thousand sites joining at once are then looked up here, not in the database one by one.
    console.index = {s.key: s for s in worker.submit(lambda d: d.active_sites()).result(120)}
    roster = Roster()
    tiles = DataTiles(app)  # indicator views as wall tiles, beside the video ones
    wall = WallView(model, canvas, WallSources(media, tiles, roster), tile_info(console.site, tiles), roster)
    directory_panel = DirectoryPanel(worker)
    site_panel = SitePanel()
    log = EventLog()
    window = MainWindow(directory_panel, wall, site_panel, log, settings, WallToolbar(model), AudioBar(), HubBanner())
    window.set_renderer(canvas.renderer, why)
    renderer_changed = getattr(canvas, "renderer_changed", None)
    if renderer_changed is not None:  # GL knows its driver only once its context exists
        renderer_changed.connect(lambda name: window.set_renderer(name, why))
    console.window, console.wall = window, wall
    if room_wall is None:  # the room wall's console only shows; its wall is changed from the desks
        autosave_wall(model, settings, hub_id, window)
        console.keys = WallKeys(wall.handle_key, lambda: [window, wall.window()], window, wall.take_keyboard)
        console.keys.target_changed.connect(window.show_keyboard_target)
        directory_panel.finished.connect(wall.take_keyboard)

    refresh_panel = wire_selection(console, site_panel, directory_panel)
    wire_controls(console, directory_panel, site_panel, log)
    on_audio_event = wire_room_audio(console, log)
    on_room_wall_event = wire_room_wall(console, directory_panel, log)
    on_hub_event = wire_hub(console, log)
    # The national board, groups and named layouts, alarms.
    board_view, on_board_event = wire_board(console, directory_panel, log)
    console.groups = wire_groups(console, directory_panel, board_view, log)
    console.alarms, on_alarm_event = wire_alarms(console, log, console.groups.panel.groups_changed)
    # The data panel (under the wall), recordings (the site panel's Record, a tab
    # beside the event log; told by the media core's events when one ends).
    if data is not None:
        console.data = wire_data(console, directory_panel, log, tiles, data)
        console.closers.append(console.data.close)
    console.recordings = wire_recordings(
        console, site_panel, log, recordings or recordings_folder(default_db_path()), settings
    )
    console.closers.append(console.recordings.stop_all)
    console.closers.append(tiles.stop)
    console.closers.append(events.close)  # last: the recordings' ends above are still heard
    wire_events(
        console,
        directory_panel,
        site_panel,
        log,
        events,
        refresh_panel,
        [
            on_audio_event,
            on_room_wall_event,
            on_hub_event,
            on_board_event,
            on_alarm_event,
            console.recordings.on_media_event,
        ],
    )  # the last: the recordings list
    wire_settings(console, log, preferences_path)  # Ctrl+, and the status bar's button
    window.restore_layout()  # every dock exists now
    window.set_identity(lambda: window_identity(console))
    log.added.connect(lambda _text, level: window.succeeded() if level == "action" else None)
    events.release()  # what happened while the window was built (who is online) comes first
    # The hint line lists the shortcuts the wiring added (B, Ctrl+K); the help overlay
    # (F1) holds the wall's keys while it is open; a missing translation is said once.
    window.retranslate()
    if (keys := console.keys) is not None:  # set once, above

        def on_help(shown: bool) -> None:
            keys.paused = shown
            if not shown:
                wall.take_keyboard()

        window.help.shown_changed.connect(on_help)
    language_problem = Translations.of(app).problem
    if language_problem:
        window.show_message(language_problem)
        log.add(language_problem, "warn")
    for note in restore_notes:
        log.add(note, "warn")
    who = welcome.get("operator") or "?"
    where = address.url if address else QCoreApplication.translate("EventLog", "the hub")
    log.add(
        QCoreApplication.translate("EventLog", "joined {hub} as {operator} ({role}) · renderer: {renderer}").format(
            hub=where, operator=who, role=role_name(console.role), renderer=why
        ),
        "info",
    )
    # What the console built at start lives as long as it does (the national index,
    # the board, Qt's wrappers): kept out of later full collections, which then walk only what
    # came since and do not hold the window while the country joins.
    gc.collect()
    gc.freeze()
    return console


def window_identity(console: Console) -> str:
    """What the window's title says this console is: the room wall it shows, or who is at the
    desk; and the hub (translated)."""
    hub = console.address.url.split("://", 1)[-1].rstrip("/") if console.address else ""  # host:port
    if console.room_wall is not None:
        who = QCoreApplication.translate("MainWindow", "room wall “{name}”").format(name=console.room_wall)
    else:
        who = QCoreApplication.translate("MainWindow", "{operator} ({role})").format(
            operator=console.welcome.get("operator") or "?", role=role_name(console.role)
        )
    return f"{who} · {hub}" if hub else who


def open_directory(path: Path) -> DirectoryWorker:
    """The directory worker on ``path``; a broken file fails here, clearly."""
    worker = DirectoryWorker(path)
    worker.opened.result(120)
    return worker
