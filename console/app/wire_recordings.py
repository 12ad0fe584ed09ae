"""Recording from the console (issue 15): the site panel's Record and Bookmark, the recordings
list (play, export, delete, retention), the meeting minutes button.

A recording runs on the media loop (``console.recording.SiteRecorder`` on the session the wall
receives); the site is told first (``set_recording``: it shows "Đang ghi hình", the hub audits
it with the operator's name); the catalog is written through the directory's worker. Whatever
ends a recording (Stop, the site leaving, a full disk, the console closing) comes back here
once, on the GUI thread, as ``ended``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QLabel, QMessageBox

from console.recording import RecordingError, SiteRecorder, WriterResult, catalog, check_writable
from console.reports import meeting_minutes, write_minutes
from console.signaling import HubError
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.minutes_dialog import MinutesDialog
from console.views.recordings import RecordingPlayer, RecordingsPanel
from console.views.site_panel import SitePanel

if TYPE_CHECKING:
    from console.app.console import Console

KEEP_DAYS_KEY = "recordings/keep_days"
DEFAULT_KEEP_DAYS = 30
PRUNE_EVERY_MS = 3600_000
START_WAIT_S = 15.0   # a site put on the wall to be recorded has this long to send a picture


@dataclass
class _Running:
    recorder: SiteRecorder
    name: str
    begun: Any            # the catalog row's future (its id)


class RecordingControl(QObject):
    """Start, bookmark and stop recordings; the recordings list and its actions."""

    ended = Signal(str, object)   # site key, WriterResult (emitted on the media loop: queued)

    def __init__(self, console: Console, site_panel: SitePanel, log: EventLog, panel: RecordingsPanel,
                 folder: Path, settings: QSettings) -> None:
        super().__init__(console.window)
        self.console, self.site_panel, self.log, self.panel = console, site_panel, log, panel
        self.folder = folder
        self.settings = settings
        self.running: dict[str, _Running] = {}
        self.starting: set[str] = set()
        self.started_at = datetime.now(timezone.utc)   # the default start of "this meeting"'s minutes
        self.players: list[RecordingPlayer] = []
        self.closed = False   # the console shut down: late replies from the worker are dropped
        self.bridge = FutureBridge(self)
        self.ended.connect(self._on_ended)
        self.rec_label = QLabel(objectName="recordingCount")
        console.window.statusBar().addPermanentWidget(self.rec_label)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._pruner = QTimer(self, interval=PRUNE_EVERY_MS)
        self._pruner.timeout.connect(self.prune)
        self._pruner.start()

    @property
    def operator(self) -> str:
        media = self.console.media
        return media.operator if media.operator not in ("", "local") else "operator"

    # --- start, bookmark, stop -------------------------------------------------------------

    def start(self, key: str) -> None:
        if key in self.running or key in self.starting:
            return
        name = self.console.name(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._refused(key, name, f"cannot make the recordings folder {self.folder}: {exc.strerror or exc}")
            return
        if key not in self.console.media.subscribed():
            self.console.wall.inspect(key)   # received only once it is on the wall
        self._sources().hold(key)            # paging it away must not pause what is recorded
        path = self.folder / catalog.file_name(key)
        self.starting.add(key)
        self.log.add(f"{self.operator}: record {name} into {path}", "action", key)
        future = self.console.media.thread.submit(self._start_on_loop(key, name, path))
        self.bridge.deliver(future, lambda started: self._started(key, name, path, *started),
                            lambda error: self._refused(key, name, str(error)))

    async def _start_on_loop(self, key: str, name: str, path: Path) -> tuple[SiteRecorder, str]:
        media = self.console.media
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_WAIT_S
        while True:
            session = media.manager.sessions.get(key) if media.manager else None
            if session is not None and session.state == "live":
                break
            if loop.time() > deadline:
                raise RecordingError(f"{name} sends no picture; nothing recorded")
            await asyncio.sleep(0.1)
        check_writable(path)   # before the site is told it is recorded
        path.unlink()
        warning = await self._tell(key, True)
        recorder = SiteRecorder(session, path, metadata=_metadata(key, name, self.operator),
                                on_end=lambda r, result: self.ended.emit(key, result))
        try:
            await recorder.start(ask_keyframe=lambda: media.manager.request_keyframe(key))
        except RecordingError:
            await self._tell(key, False)
            raise
        return recorder, warning

    async def _tell(self, key: str, recording: bool) -> str:
        """``set_recording``; a refusal by the hub (the role) stops a start, a site that cannot
        show it only warns."""
        hub = self.console.media.hub
        try:
            reply = await hub.request({"type": "control", "site": key, "action": "set_recording",
                                       "params": {"recording": recording}})
        except HubError as error:
            if recording and error.code == "forbidden":
                raise RecordingError(f"not allowed: {error.message}") from None
            return f"the site was not told ({error.code}: {error.message})"
        return "" if reply.get("ok") else f"the site could not show it is recorded: {reply.get('error')}"

    def _started(self, key: str, name: str, path: Path, recorder: SiteRecorder, warning: str) -> None:
        self.starting.discard(key)
        if self.closed:   # the console closed while it started: end it at once
            self.console.media.thread.submit(recorder.stop("the console closed"))
            return
        operator = self.operator
        begun = self.console.worker.submit(lambda d: catalog.begin(d, key, name, operator, path))
        self.running[key] = _Running(recorder, name, begun)
        self.log.add(f"recording {name}: the site shows 'Đang ghi hình'" if not warning else
                     f"recording {name}, but {warning}", "info" if not warning else "warn", key)
        if recorder.result is not None:   # it ended before this arrived (the site left at once)
            self._on_ended(key, recorder.result)
            return
        self._tick()

    def _sources(self):
        """The wall's WallSources (console/views/data_tile.py): holds recorded sites."""
        media = self.console.wall.media
        return media if hasattr(media, "hold") else _NoHolds()

    def _refused(self, key: str, name: str, why: str) -> None:
        self._sources().release(key)
        self.starting.discard(key)
        self.log.add(f"record {name}: not recorded: {why}", "warn", key)
        self.site_panel.set_recording(key, False)

    def stop(self, key: str) -> None:
        running = self.running.get(key)
        if running is not None:
            self.log.add(f"{self.operator}: stop recording {running.name}", "action", key)
            self.console.media.thread.submit(running.recorder.stop())

    def bookmark(self, key: str, note: str | None = None) -> None:
        """A bookmark at this moment; without ``note``, asked for (the moment is the click's)."""
        running = self.running.get(key)
        if running is None:
            return
        try:
            mark = running.recorder.bookmark("")
        except RecordingError as exc:
            self.log.add(f"bookmark: {exc}", "warn", key)
            return
        if note is None:
            note, ok = QInputDialog.getText(self.console.window, "Đánh dấu · Bookmark",
                                            f"Ghi chú tại {mark.at_s:.0f} s · note at {mark.at_s:.0f} s:")
            note = note if ok else ""
        mark.note = note.strip()
        self.log.add(f"bookmark {running.name} at {mark.at_s:.1f} s: {mark.note or '(no note)'}", "info", key)

    def _on_ended(self, key: str, result: WriterResult) -> None:
        if self.closed:
            return   # stop_all wrote it to the catalog already
        self._sources().release(key)
        running = self.running.pop(key, None)
        self.site_panel.set_recording(key, False)
        self.panel.set_live(key, None)
        if running is None:
            return
        begun = running.begun
        self.bridge.deliver(self.console.worker.submit(lambda d: catalog.finish(d, begun.result(), result)),
                            lambda row: self.refresh())
        if key in self.console.wall.roster.online:
            self.console.media.thread.submit(self._tell(key, False))
        level = "warn" if result.error else "info"
        self.log.add(f"recording of {running.name} ended: {result.duration_s:.1f} s, {result.video_frames} frames"
                     + (f" — {result.error}" if result.error else f" in {result.path}"), level, key)
        self._tick()

    def _tick(self) -> None:
        for key, running in self.running.items():
            elapsed = running.recorder.elapsed_s
            self.site_panel.set_recording(key, True, elapsed)
            self.panel.set_live(key, {"name": running.name, "elapsed": elapsed, "operator": self.operator})
        count = len(self.running)
        self.rec_label.setText(f"● REC {count}" if count else "")
        self.rec_label.setProperty("recording", bool(count))

    def stop_all(self, timeout: float = 10.0) -> None:
        """At shutdown: every running recording ends and is written to the catalog."""
        self.closed = True
        self._clock.stop()
        self._pruner.stop()
        for key, running in list(self.running.items()):
            try:
                result = self.console.media.thread.submit(running.recorder.stop("the console closed")).result(timeout)
                begun = running.begun
                self.console.worker.submit(lambda d, r=result, b=begun: catalog.finish(d, b.result(), r)).result(10)
            except Exception:
                pass
        self.running.clear()

    # --- the list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.closed:
            return
        self.bridge.deliver(self.console.worker.submit(catalog.list_recordings), self.panel.set_rows)

    def play(self, row: dict) -> RecordingPlayer:
        player = RecordingPlayer(row, self.console.window)
        self.players.append(player)
        player.finished.connect(lambda _=0: self.players.remove(player) if player in self.players else None)
        player.show()
        player.play()
        return player

    def export(self, row: dict, destination: Path | None = None) -> None:
        if destination is None:
            chosen, _ = QFileDialog.getSaveFileName(self.console.window, "Xuất · Export",
                                                    str(Path.home() / Path(row["path"]).name), "WebM (*.webm)")
            if not chosen:
                return
            destination = Path(chosen)
        actor = self.operator
        self.bridge.deliver(self.console.worker.submit(lambda d: catalog.export(d, row["id"], destination, actor)),
                            lambda path: self.log.add(f"{actor}: exported the recording of {row['site_name']} to "
                                                      f"{path}", "info", row["site"]),
                            lambda error: self.log.add(f"export failed: {error}", "warn", row["site"]))

    def delete(self, row: dict, confirmed: bool = False) -> None:
        if not confirmed:
            answer = QMessageBox.question(self.console.window, "Xoá · Delete",
                                          f"Delete the recording of {row['site_name']} ({row['started_at'][:19]})?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        actor = self.operator
        self.bridge.deliver(self.console.worker.submit(lambda d: catalog.delete(d, row["id"], actor)),
                            lambda _: (self.log.add(f"{actor}: deleted the recording of {row['site_name']}", "info",
                                                    row["site"]), self.refresh()),
                            lambda error: self.log.add(f"delete failed: {error}", "warn", row["site"]))

    def set_keep_days(self, days: int) -> None:
        self.settings.setValue(KEEP_DAYS_KEY, days)
        self.prune()

    def prune(self) -> None:
        if self.closed:
            return
        days = int(self.settings.value(KEEP_DAYS_KEY, DEFAULT_KEEP_DAYS))
        actor = self.operator

        def done(gone: list) -> None:
            if gone:
                self.log.add(f"retention: deleted {len(gone)} recording(s) older than {days} days", "info")
            self.refresh()
        self.bridge.deliver(self.console.worker.submit(lambda d: catalog.prune(d, days, actor)), done)

    # --- minutes --------------------------------------------------------------------------------

    def minutes(self) -> None:
        """Ask which meeting (the groups come from the worker: nothing waits on SQLite here)."""
        def ask(groups: list) -> None:
            dialog = MinutesDialog(self.started_at, [g.name for g in groups], Path.home(), self.console.window)
            if dialog.exec():
                self.write_minutes(dialog.path, dialog.since, dialog.until, dialog.group_name)
        self.bridge.deliver(self.console.worker.submit(lambda d: d.groups()), ask)

    def write_minutes(self, path: Path, since: datetime, until: datetime | None = None, group: str | None = None):
        """Write the minutes through the worker; the log says where (or why not)."""
        future = self.console.worker.submit(lambda d: write_minutes(meeting_minutes(d, since, until, group), path))
        self.bridge.deliver(future, lambda out: self.log.add(f"meeting minutes written to {out}", "info"),
                            lambda error: self.log.add(f"meeting minutes not written: {error}", "warn"))
        return future


def wire_recordings(console: Console, site_panel: SitePanel, log: EventLog, folder: Path,
                    settings: QSettings) -> RecordingControl:
    """The Recordings dock (a tab beside the event log) and the site panel's Record button;
    files go to ``folder``."""
    window = console.window
    keep = int(settings.value(KEEP_DAYS_KEY, DEFAULT_KEEP_DAYS))
    panel = RecordingsPanel(keep)
    dock = QDockWidget("Ghi hình · Recordings", window, objectName="recordingsDock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    log_dock = window.docks.get("logDock")
    if log_dock is not None:
        window.tabifyDockWidget(log_dock, dock)
        log_dock.raise_()
    window.docks["recordingsDock"] = dock
    control = RecordingControl(console, site_panel, log, panel, folder, settings)
    site_panel.record_requested.connect(lambda key, on: control.start(key) if on else control.stop(key))
    site_panel.bookmark_requested.connect(control.bookmark)
    panel.play_requested.connect(control.play)
    panel.export_requested.connect(control.export)
    panel.delete_requested.connect(control.delete)
    panel.retention_changed.connect(control.set_keep_days)
    panel.minutes_requested.connect(control.minutes)
    console.worker.submit(catalog.interrupted)   # left "recording" by a console that died (runs before the prune)
    control.prune()
    return control


class _NoHolds:
    def hold(self, key: str) -> None:
        pass

    def release(self, key: str) -> None:
        pass


def _metadata(key: str, name: str, operator: str) -> dict[str, str]:
    return {"title": f"{name} ({key})", "OPSCONSOLE_SITE": key, "OPSCONSOLE_OPERATOR": operator,
            "comment": "opsconsole spot-check recording: VP8 and Opus as received, not re-encoded"}
