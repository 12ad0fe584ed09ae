"""Composition root: the one place that builds the services and the windows and wires them.

Threads and processes of `opsconsole demo`:
  GUI thread     Qt: windows, the wall's frame timer, the compositor
  media thread   asyncio: the embedded hub (0.2 % CPU at 36 sites, measured) and the media core
  directory      one worker thread owns the SQLite connection
  child process  `opsconsole sim`: the simulated communes, on the other core
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from console.compositor import OverlayStyle, create_canvas
from console.directory import DirectoryWorker, Site, credentials
from console.hub import HubRunner
from console.media.service import LoopThread, MediaService
from console.model import WallModel, grid_for
from console.model.roster import Roster
from console.rtc import IcePolicy, install_ice_policy
from console.sim.fleet import pick_sites
from console.views.audio_bar import AudioBar
from console.views.room_audio import RoomAudio
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.main_window import MainWindow
from console.views.media_events import MediaEvents
from console.views.site_panel import SitePanel
from console.views.theme import stylesheet, tokens
from console.views.wall_toolbar import WallToolbar
from console.views.wall_view import WallView

STATS_INTERVAL_MS = 1000
WALL_STATE_KEY = "wall/state"


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

    def shutdown(self) -> None:
        self.wall.stop()
        if self.room_audio is not None:
            self.room_audio.stop()
        if self.settings is not None:  # the wall comes back as it was after a restart
            self.settings.setValue(WALL_STATE_KEY, json.dumps(self.model.to_dict()))
            self.settings.sync()
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
        self.worker.close()


def overlay_style() -> OverlayStyle:
    return OverlayStyle.from_tokens(tokens())


def start_console(db_path: Path, sites: int = 36, renderer: str = "auto", settings: QSettings | None = None,
                  simulate: bool = True, hub_host: str = "127.0.0.1", hub_port: int = 0,
                  raise_hands: int = 0, program: bool = True) -> Console:
    """Embedded hub, ``sites`` simulated communes in a child process, and the console window."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("opsconsole")
    app.setOrganizationName("opsconsole")
    app.setStyleSheet(stylesheet())
    policy = IcePolicy.from_env(IcePolicy.loopback())  # one machine: media stays on loopback
    install_ice_policy(policy)

    worker = DirectoryWorker(db_path)
    token = worker.submit(credentials.local_token).result(60)
    demo_sites = worker.submit(lambda d: pick_sites(d, sites)).result(30)
    loop_thread = LoopThread("media")
    try:
        hub = loop_thread.submit(HubRunner(db_path, host=hub_host, port=hub_port).start()).result(30)
    except OSError as exc:
        loop_thread.stop()
        worker.close()
        raise OSError(exc.errno, f"the embedded hub cannot listen on {hub_host}:{hub_port}: "
                                 f"{exc.strerror or exc} (is another hub there? pick --hub-port)") from None
    sim = _start_sim(db_path, hub.url, sites, raise_hands) if simulate and sites else None

    events = MediaEvents()
    media = MediaService(loop_thread, events.post, max_video=64, policy=policy, program=program)
    media.connect(hub.url, token).result(15)

    model = WallModel()
    catalog = {s.key: s for s in demo_sites}
    model.set_layout(grid_for(max(1, len(demo_sites))).name)
    model.set_sources([s.key for s in demo_sites])
    settings = settings or QSettings()
    restore_notes = _restore_wall(model, settings)
    canvas, why = create_canvas(renderer, style=overlay_style())
    def site_info(key: str) -> Site | None:
        # Pinned or spot-inspected sites outside the demo's list are looked up once.
        if key not in catalog:
            catalog[key] = worker.submit(lambda d: d.get(key)).result(5)
        return catalog[key]

    roster = Roster()
    wall = WallView(model, canvas, media, site_info, roster)
    toolbar = WallToolbar(model)
    directory_panel = DirectoryPanel(worker)
    site_panel = SitePanel()
    log = EventLog()
    audio_bar = AudioBar()
    window = MainWindow(directory_panel, wall, site_panel, log, settings, toolbar, audio_bar)
    window.set_renderer(canvas.renderer, why)
    console = Console(app, window, wall, model, media, worker, loop_thread, hub, sim, catalog, canvas.renderer,
                      settings)
    _wire(console, directory_panel, site_panel, log, events)
    for note in restore_notes:
        log.add(note, "warn")
    log.add(f"hub {hub.url} · renderer: {why} · {len(demo_sites)} simulated communes starting", "info")
    return console


def _restore_wall(model: WallModel, settings: QSettings) -> list[str]:
    """The wall as it was when the console last closed; a damaged record is reported, not fatal."""
    saved = settings.value(WALL_STATE_KEY)
    if not saved:
        return []
    try:
        state = json.loads(str(saved))
        if isinstance(state, dict):
            # The sources are this run's (the demo's simulated sites); the presenter's
            # arrangement (layout, page, pins, focus, tour) is what comes back.
            state = {**state, "sources": list(model.sources)}
        problems = model.load_dict(state)
    except (ValueError, TypeError) as error:
        return [f"the saved wall could not be restored ({error}); starting with the default wall"]
    return [f"saved wall: {problem}" for problem in problems]


def _start_sim(db_path: Path, hub_url: str, sites: int, raise_hands: int = 0) -> subprocess.Popen:
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": os.environ.get("OPSCONSOLE_ICE_NETWORKS", "127.0.0.1/32")}
    return subprocess.Popen([sys.executable, "-m", "console.cli", "--db", str(db_path), "sim", "--hub", hub_url,
                             "--sites", str(sites), "--raise-hands", str(raise_hands)], env=env,
                            stdout=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child: ask Linux to end it when the console dies, however it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the sites notice the hub is gone and keep retrying until stopped


def _wire(console: Console, directory_panel: DirectoryPanel, site_panel: SitePanel, log: EventLog,
          events: MediaEvents) -> None:
    """Connect the panels to each other and to the media core: events in, commands out."""
    wall, window = console.wall, console.window
    roster = wall.roster

    def name(key: str) -> str:
        site = console.sites.get(key)
        return site.name if site else key

    refresh_panel, select = _wire_site_panel(console, site_panel, directory_panel)
    audio_bar = window.findChild(AudioBar)

    def show_room() -> None:
        if audio_bar is not None:
            audio_bar.show_room(sum(not roster.is_muted(k) for k in roster.online),
                                [name(k) for k in sorted(roster.hands)], name(roster.talking) if roster.talking else "")

    _wire_controls(console, directory_panel, site_panel, log, name)

    on_audio_event = _wire_room_audio(console, log, name)

    def on_event(kind: str, payload: dict) -> None:
        roster.apply(kind, payload)
        wall.on_media_event(kind, payload)
        _log_event(log, name, kind, payload)
        on_audio_event(kind, payload)
        if kind == "presence":
            on_wall = set(console.model.sources)
            window.set_live(len(roster.online & on_wall), len(on_wall), len(roster.online - on_wall))
        if kind in ("presence", "muted", "hand", "talk"):
            show_room()
        if site_panel.site is not None and site_panel.site.key == payload.get("site"):
            refresh_panel()

    events.received.connect(on_event)
    directory_panel.error.connect(window.show_message)
    window.set_live(0, len(console.model.sources))
    select(console.model.assignments()[console.model.focus] or "")


def _log_event(log: EventLog, name: Callable[[str], str], kind: str, payload: dict) -> None:
    key = payload.get("site", "")
    if kind == "presence":
        log.add(f"{name(key)} {'joined' if payload.get('online') else 'left'}",
                "join" if payload.get("online") else "leave")
    elif kind == "hand" and payload.get("raised"):
        log.add(f"{name(key)} raises its hand (giơ tay)", "warn")
    elif kind == "session" and payload.get("state") == "failed":
        log.add(f"{name(key)}: {payload.get('error')}", "warn")
    elif kind == "hub_lost":
        log.add(f"lost the hub: {payload.get('reason')}", "leave")


def _wire_site_panel(console: Console, site_panel: SitePanel, directory_panel: DirectoryPanel):
    """The site panel follows the focus and the directory's choice; plots sample once a second."""
    wall, media, roster = console.wall, console.media, console.wall.roster

    def refresh_panel() -> None:
        site = site_panel.site
        if site is None:
            return
        snap = media.snapshot(site.key)
        online = site.key in roster.online
        state = "offline" if not online else (snap.state if snap else "online")
        site_panel.set_state(state, roster.is_muted(site.key) if online else None)
        site_panel.set_audio(site.key in roster.hands, site.key == roster.talking)

    def select(key: str) -> None:
        site = console.sites.get(key)
        if site is None and key:
            site = console.worker.submit(lambda d: d.get(key)).result(5)
            if site is not None:
                console.sites[key] = site
        site_panel.show_site(site)
        refresh_panel()

    def sample_stats() -> None:
        site = site_panel.site
        snap = media.snapshot(site.key) if site else None
        if snap is not None and snap.stats.at:
            site_panel.add_stats(time.monotonic(), snap.stats, wall.latency_ms(site.key))
        console.window.set_cpu(psutil.cpu_percent(interval=None))

    wall.focused_site_changed.connect(select)
    directory_panel.site_chosen.connect(lambda site: (console.sites.setdefault(site.key, site), select(site.key)))
    site_panel.show_requested.connect(lambda key: wall.inspect(key))
    stats_timer = QTimer(console.window, interval=STATS_INTERVAL_MS)
    stats_timer.timeout.connect(sample_stats)
    stats_timer.start()
    return refresh_panel, select


def _wire_controls(console: Console, directory_panel: DirectoryPanel, site_panel: SitePanel, log: EventLog,
                   name: Callable[[str], str]) -> None:
    """Operator actions (spot-inspect, keyframe, moderation) sent through the media core and
    logged with their outcome: each is acknowledged by the site and audited by the hub."""
    wall, media = console.wall, console.media
    bridge = FutureBridge(console.window)  # replies arrive on the GUI thread
    who = lambda: media.operator or "operator"  # noqa: E731

    def report(label: str, future) -> None:
        log.add(f"{who()}: {label}", "action")

        def done(reply: dict) -> None:
            if isinstance(reply, dict) and reply.get("ok") is False:
                log.add(f"{label}: refused: {reply.get('error')}", "warn")
            elif isinstance(reply, dict) and reply.get("failed"):
                log.add(f"{label}: {len(reply['failed'])} failed ({', '.join(map(name, reply['failed']))})", "warn")
            else:
                log.add(f"{label}: done", "info")
        bridge.deliver(future, done, lambda error: log.add(f"{label} failed: {error}", "warn"))

    def inspect(site: Site) -> None:
        console.sites[site.key] = site
        log.add(f"spot-inspect: {site.name} ({' › '.join(site.path[:-1])})", "action")
        wall.inspect(site.key)

    def mute(key: str, muted: bool) -> None:
        report(f"{'mute' if muted else 'unmute'} {name(key)}", (media.mute if muted else media.unmute)(key))

    def talk(key: str, start: bool) -> None:
        report(f"talk with {name(key)}" if start else f"end the talk with {name(key)}",
               media.talk(key) if start else media.end_talk())

    def answer_hand(key: str, grant: bool) -> None:
        report(f"{'grant' if grant else 'dismiss'} {name(key)}'s hand",
               (media.grant_hand if grant else media.dismiss_hand)(key))

    directory_panel.site_activated.connect(inspect)
    site_panel.keyframe_requested.connect(lambda key: report(f"refresh picture of {name(key)}",
                                                             media.control(key, "request_keyframe")))
    site_panel.mute_requested.connect(mute)
    site_panel.talk_requested.connect(talk)
    site_panel.solo_requested.connect(lambda key: report(f"solo {name(key)}", media.solo(key)))
    site_panel.hand_answered.connect(answer_hand)
    wall.mute_toggle_requested.connect(mute)
    wall.talk_toggle_requested.connect(lambda key: talk(key, wall.roster.talking != key))
    mute_all = lambda: report(f"mute all ({len(wall.roster.open_microphones())} open)", media.mute_all())  # noqa: E731
    wall.mute_all_requested.connect(mute_all)
    audio_bar = console.window.findChild(AudioBar)
    audio_bar.mute_all_requested.connect(mute_all)
    audio_bar.volume_changed.connect(media.set_master_volume)
    audio_bar.follow_speaker_changed.connect(media.set_follow_speaker)


def _wire_room_audio(console: Console, log: EventLog, name: Callable[[str], str]) -> Callable[[str, dict], None]:
    """The room's sound, meters, speaking rings and follow-the-speaker; returns the handler
    for the audio events."""
    wall, media, model = console.wall, console.media, console.model
    audio_bar = console.window.findChild(AudioBar)
    console.room_audio = RoomAudio(media.room, parent=console.window)
    if console.room_audio.start():
        audio_bar.show_device("sound on")
    else:
        audio_bar.show_device("no sound output", problem=True)
        log.add(console.room_audio.problem, "warn")
    following = {"by_speaker": False}

    def on_focus(key: str) -> None:
        if not following["by_speaker"]:
            media.focused_by_hand(key or None)   # a presenter's choice holds for 2 s
    wall.focused_site_changed.connect(on_focus)

    def on_audio_event(kind: str, payload: dict) -> None:
        if kind == "levels":
            sites = payload.get("sites") or {}
            wall.set_levels({k: v.get("db") for k, v in sites.items()},
                            {k for k, v in sites.items() if v.get("speaking")})
        elif kind == "speaker" and payload.get("site"):
            following["by_speaker"] = True
            try:
                key = payload["site"]
                assignments = model.assignments()
                if key in assignments:
                    model.focus_slot(assignments.index(key))
                else:
                    model.show_site(key)
            finally:
                following["by_speaker"] = False
        elif kind == "muted" and payload.get("error"):
            log.add(f"{name(payload.get('site', ''))}: {payload['error']}", "warn")
        elif kind == "moderation_error":
            log.add(f"{name(payload.get('site', ''))}: {payload.get('action')} failed: {payload.get('error')}", "warn")
        elif kind == "talk":
            log.add(f"{name(payload.get('site', ''))}: talk {'started' if payload.get('talking') else 'ended'}",
                    "action")
        elif kind == "program":
            sources = f"program feed: {payload.get('video_source')} + {payload.get('audio_source')}"
            log.add(sources + "".join(f" · {p}" for p in payload.get("problems") or []),
                    "warn" if payload.get("problems") else "info")
    return on_audio_event


def run_demo(db_path: Path, sites: int = 36, screenshot: Path | None = None, quit_after: float | None = None,
             query: str = "", renderer: str = "auto", wall_screen: int | None = None,
             hub_host: str = "127.0.0.1", hub_port: int = 0, raise_hands: int = 0, program: bool = True) -> int:
    """`opsconsole demo`: the console with an embedded hub and simulated communes."""
    if not _has_display():
        if screenshot is None:
            print("opsconsole: error: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it on "
                  "a desktop, under `xvfb-run -a`, or add --screenshot FILE --quit-after S",
                  file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    console = start_console(db_path, sites, renderer, hub_host=hub_host, hub_port=hub_port,
                            raise_hands=raise_hands, program=program)
    window = console.window
    window.show()
    if wall_screen is not None:
        window.send_wall_to_screen(wall_screen)
    panel = window.findChild(DirectoryPanel)
    if query:
        panel.search.setText(query)
        QTimer.singleShot(1500, panel.activate_first)
    if quit_after is not None:
        def finish() -> None:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                window.screenshot().save(str(screenshot))
                print(f"saved {screenshot}")
            window.close()
            console.app.quit()
        QTimer.singleShot(int(quit_after * 1000), finish)
    try:
        return console.app.exec()
    finally:
        console.shutdown()


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))
