"""``start_console``: builds the services and the window and hands them to the wiring."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from console.app.sim_process import start_sim
from console.app.saved_wall import restore_wall, save_wall
from console.app.wire_audio import wire_room_audio
from console.app.wire_controls import wire_controls
from console.app.wire_events import wire_events
from console.app.wire_selection import wire_selection
from console.compositor import OverlayStyle, create_canvas
from console.directory import DirectoryWorker, Site, credentials
from console.directory.identity import directory_id
from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.model import WallModel, grid_for
from console.model.roster import Roster
from console.rtc import IcePolicy, install_ice_policy
from console.sim.fleet import pick_sites
from console.views.audio_bar import AudioBar
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.main_window import MainWindow
from console.views.media_events import MediaEvents
from console.views.room_audio import RoomAudio
from console.views.site_panel import SitePanel
from console.views.theme import stylesheet, tokens
from console.views.wall_keys import WallKeys
from console.views.wall_toolbar import WallToolbar
from console.views.wall_view import WallView
# Issue 15: the data panel and data tiles, recording, meeting minutes.
from console.app.wire_data import DataOptions, wire_data
from console.app.wire_recordings import wire_recordings
from console.views.data_tile import DataTiles, WallSources, tile_info


@dataclass
class Console:
    """Everything one running console holds, for orderly shutdown and for tests."""

    app: QApplication
    window: MainWindow
    wall: WallView
    model: WallModel
    media: MediaService
    worker: DirectoryWorker
    loop_thread: LoopThread
    hub: HubRunner | None = None
    sim: subprocess.Popen | None = None
    sites: dict[str, Site] = field(default_factory=dict)
    renderer: str = ""
    settings: QSettings | None = None
    room_audio: RoomAudio | None = None
    hub_id: str = ""
    keys: WallKeys | None = None
    # Issue 15: what wire_data / wire_recordings built, and what they need done at shutdown.
    data: Any = None
    recordings: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def site(self, key: str) -> Site | None:
        """The directory's record of ``key``, looked up once (sites outside the demo's list:
        spot-inspected, dropped, or joined from a browser)."""
        if key and key not in self.sites:
            found = self.worker.submit(lambda d: d.get(key)).result(5)
            if found is None:
                return None
            self.sites[key] = found
        return self.sites.get(key)

    def name(self, key: str) -> str:
        """A site's name for people; its key only if the directory does not know it."""
        site = self.site(key)
        return site.name if site else key

    def shutdown(self) -> None:
        """Save the wall, stop the media, the simulated sites, the hub and the worker (once)."""
        if self.loop_thread is None:
            return
        for close in self.closers:   # issue 15: running recordings end, the data feed stops
            try:
                close()
            except Exception:
                pass
        self.wall.stop()
        if self.keys is not None:
            self.keys.detach()
        if self.room_audio is not None:
            self.room_audio.stop()
        if self.settings is not None:  # the wall comes back as it was after a restart
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
        self.loop_thread = None   # type: ignore[assignment]
        self.worker.close()


def overlay_style() -> OverlayStyle:
    return OverlayStyle.from_tokens(tokens())


def start_console(db_path: Path, sites: int = 36, renderer: str = "auto", settings: QSettings | None = None,
                  simulate: bool = True, hub_host: str = "127.0.0.1", hub_port: int = 0,
                  raise_hands: int = 0, program: bool = True, data: DataOptions | None = None) -> Console:
    """Embedded hub, ``sites`` simulated communes in a child process, and the console window.

    ``data``: where the data panel's indicators come from (issue 15); None: no data panel."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("opsconsole")
    app.setOrganizationName("opsconsole")
    app.setStyleSheet(stylesheet())
    policy = IcePolicy.from_env(IcePolicy.loopback())  # one machine: media stays on loopback
    install_ice_policy(policy)

    worker = DirectoryWorker(db_path)
    token = worker.submit(credentials.local_token).result(60)
    hub_id = worker.submit(directory_id).result(30)
    demo_sites = worker.submit(lambda d: pick_sites(d, sites)).result(30)
    loop_thread = LoopThread("media")
    try:
        hub = loop_thread.submit(HubRunner(db_path, host=hub_host, port=hub_port).start()).result(30)
    except OSError as exc:
        loop_thread.stop()
        worker.close()
        raise OSError(exc.errno, f"the embedded hub cannot listen on {hub_host}:{hub_port}: "
                                 f"{exc.strerror or exc} (is another hub there? pick --hub-port)") from None
    sim = start_sim(db_path, hub.url, sites, raise_hands) if simulate and sites else None

    events = MediaEvents()
    media = MediaService(loop_thread, events.post, max_video=64, policy=policy, program=program)
    media.connect(hub.url, token).result(15)

    model = WallModel()
    model.set_layout(grid_for(max(1, len(demo_sites))).name)
    model.set_sources([s.key for s in demo_sites])
    settings = settings or QSettings()
    restore_notes = restore_wall(model, settings, hub_id)
    canvas, why = create_canvas(renderer, style=overlay_style())
    console = Console(app, None, None, model, media, worker, loop_thread, hub, sim,  # type: ignore[arg-type]
                      {s.key: s for s in demo_sites}, canvas.renderer, settings, hub_id=hub_id)

    roster = Roster()
    tiles = DataTiles(app)   # issue 15: indicator views as wall tiles, beside the video ones
    wall = WallView(model, canvas, WallSources(media, tiles, roster), tile_info(console.site, tiles), roster)
    directory_panel = DirectoryPanel(worker)
    site_panel = SitePanel()
    log = EventLog()
    window = MainWindow(directory_panel, wall, site_panel, log, settings, WallToolbar(model), AudioBar())
    window.set_renderer(canvas.renderer, why)
    renderer_changed = getattr(canvas, "renderer_changed", None)
    if renderer_changed is not None:   # GL knows its driver only once its context exists
        renderer_changed.connect(lambda name: window.set_renderer(name, why))
    console.window, console.wall = window, wall
    console.keys = WallKeys(wall.handle_key, lambda: [window, wall.window()], window)
    console.keys.target_changed.connect(window.show_keyboard_target)
    directory_panel.finished.connect(wall.take_keyboard)

    refresh_panel = wire_selection(console, site_panel, directory_panel)
    wire_controls(console, directory_panel, site_panel, log)
    on_audio_event = wire_room_audio(console, log)
    wire_events(console, directory_panel, site_panel, log, events, refresh_panel, on_audio_event)
    # Issue 15: the data panel (under the wall), recordings (the site panel's Record, a tab
    # beside the event log).
    if data is not None:
        console.data = wire_data(console, directory_panel, log, tiles, data)
        console.closers.append(console.data.close)
    console.recordings = wire_recordings(console, site_panel, log, db_path, settings)
    console.closers.append(console.recordings.stop_all)
    for note in restore_notes:
        log.add(note, "warn")
    log.add(f"hub {hub.url} · renderer: {why} · {len(demo_sites)} simulated communes starting", "info")
    return console
