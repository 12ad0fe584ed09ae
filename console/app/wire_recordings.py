"""Recording from the console: the site panel's Record and Bookmark, the recordings
list (play, export, delete, retention), the meeting minutes button.

A recording runs in the media core, where the sessions are (``start_recording`` and friends,
console/media/recordings.py; the worker process by default); the site is told first
(``set_recording``: it shows "Đang ghi hình", the hub audits it with the operator's name); the
catalog is written through the directory's worker. Whatever ends a recording (Stop, the site
leaving, a full disk, the media worker or the console closing) comes back here once, on the GUI
thread, as the media core's ``recording_ended`` event (``on_media_event``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QLabel, QMessageBox

from console.recording import catalog
from console.recording.writer import result_from_dict
from console.reports import meeting_minutes, write_minutes
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.minutes_dialog import MinutesDialog
from console.views.reasons import reason_text
from console.views.recordings import RecordingPlayer, RecordingsPanel
from console.views.site_panel import SitePanel

if TYPE_CHECKING:
    from concurrent.futures import Future

    from console.app.console_core import ConsoleCore
    from console.directory import SiteDirectory
    from console.recording.writer import WriterResult

KEEP_DAYS_KEY = "recordings/keep_days"
DEFAULT_KEEP_DAYS = 30
PRUNE_EVERY_MS = 3600_000

translate = QCoreApplication.translate


@dataclass
class _Running:
    started: float  # time.monotonic() here (the REC clock)
    name: str
    begun: Any  # the catalog row's future (its id)


class RecordingControl(QObject):
    """Start, bookmark and stop recordings; the recordings list and its actions."""

    def __init__(
        self,
        console: ConsoleCore,
        site_panel: SitePanel,
        log: EventLog,
        panel: RecordingsPanel,
        folder: Path,
        settings: QSettings,
    ) -> None:
        super().__init__(console.window)
        self.console, self.site_panel, self.log, self.panel = console, site_panel, log, panel
        self.folder = folder
        self.settings = settings
        self.running: dict[str, _Running] = {}
        self.starting: set[str] = set()
        self._early_ends: dict[str, dict] = {}  # ended before the reply that it started
        self.started_at = datetime.now(UTC)  # the default start of "this meeting"'s minutes
        self.players: list[RecordingPlayer] = []
        self.closed = False  # the console shut down: late replies from the worker are dropped
        self.bridge = FutureBridge(self)
        self.rec_label = QLabel()
        self.rec_label.setObjectName("recordingCount")
        console.window.statusBar().addPermanentWidget(self.rec_label)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._pruner = QTimer(self, interval=PRUNE_EVERY_MS)
        self._pruner.timeout.connect(self.prune)
        self._pruner.start()

    @property
    def actor(self) -> str:
        """Who acts, as the records name it: the hub's name for this console's operator, which its
        audit rows (and so the minutes) and the site's "recorded by" carry: one name in all."""
        return self.console.media.operator

    @property
    def operator_said(self) -> str:
        """Who, as the log says it: the operator's name, or the word for "operator" (the console
        beside the hub has no person's name)."""
        media = self.console.media
        return media.operator if media.operator not in ("", "local") else translate("EventLog", "operator")

    # --- start, bookmark, stop -------------------------------------------------------------

    def start(self, key: str) -> None:
        if key in self.running or key in self.starting:
            return
        name = self.console.name(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._refused(
                key,
                name,
                translate("EventLog", "cannot make the recordings folder {folder}: {error}").format(
                    folder=self.folder, error=exc.strerror or exc
                ),
            )
            return
        if key not in self.console.media.subscribed():
            self.console.wall.inspect(key)  # received only once it is on the wall
        self._sources().hold(key)  # paging it away must not pause what is recorded
        path = self.folder / catalog.file_name(key)
        self.starting.add(key)
        self.log.add(
            translate("EventLog", "{operator}: record {site} into {path}").format(
                operator=self.operator_said, site=name, path=path
            ),
            "action",
            key,
        )
        # The media core (the worker process by default) records: the sessions are there.
        future = self.console.media.start_recording(key, str(path), _metadata(key, name, self.actor))
        self.bridge.deliver(
            future,
            lambda started: self._started(key, name, path, started),
            lambda error: self._refused(key, name, _reason(error)),
        )

    def _started(self, key: str, name: str, path: Path, started: dict) -> None:
        self.starting.discard(key)
        if self.closed:  # the console closed while it started
            return
        actor = self.actor
        begun = self.console.worker.submit(lambda d: catalog.begin(d, key, name, actor, path))
        self.running[key] = _Running(time.monotonic(), name, begun)
        warning = started.get("warning") or ""
        text = (
            translate("EventLog", "recording {site}: the site shows that it is recorded").format(site=name)
            if not warning
            else translate("EventLog", "recording {site}, but {warning}").format(site=name, warning=warning)
        )
        self.log.add(text, "info" if not warning else "warn", key)
        early = self._early_ends.pop(key, None)
        if early is not None:  # it ended before this reply arrived (the site left at once)
            self._on_ended(key, early)
            return
        self._tick()

    def _sources(self):
        """The wall's WallSources (console/views/data_tile.py): holds recorded sites."""
        media = self.console.wall.media
        return media if hasattr(media, "hold") else _NoHolds()

    def _refused(self, key: str, name: str, why: str) -> None:
        self._sources().release(key)
        self.starting.discard(key)
        self.log.add(
            translate("EventLog", "record {site}: not recorded: {why}").format(site=name, why=why), "warn", key
        )
        self.site_panel.set_recording(key, False)

    def stop(self, key: str) -> None:
        running = self.running.get(key)
        if running is not None:
            self.log.add(
                translate("EventLog", "{operator}: stop recording {site}").format(
                    operator=self.operator_said, site=running.name
                ),
                "action",
                key,
            )
            self.bridge.deliver(
                self.console.media.stop_recording(key),
                lambda result: None,
                lambda error: self.log.add(
                    translate("EventLog", "stop recording: {error}").format(error=_reason(error)), "warn", key
                ),
            )

    def bookmark(self, key: str, note: str | None = None) -> None:
        """A bookmark at the click's moment; without ``note``, the note is asked for first."""
        running = self.running.get(key)
        if running is None:
            return
        clicked = time.monotonic()
        if note is None:
            note, ok = QInputDialog.getText(
                self.console.window,
                translate("Recordings", "Bookmark"),
                translate("Recordings", "note at {s} s:").format(s=f"{clicked - running.started:.0f}"),
            )
            note = note if ok else ""
        ago = time.monotonic() - clicked  # the dialog's time: the mark stays at the click
        self.bridge.deliver(
            self.console.media.bookmark_recording(key, note.strip(), ago),
            lambda mark: self.log.add(
                translate("EventLog", "bookmark {site} at {s} s: {note}").format(
                    site=running.name, s=f"{mark['at_s']:.1f}", note=mark["note"] or translate("EventLog", "(no note)")
                ),
                "info",
                key,
            ),
            lambda error: self.log.add(
                translate("EventLog", "bookmark: {error}").format(error=_reason(error)), "warn", key
            ),
        )

    def on_media_event(self, kind: str, payload: dict) -> None:
        """The media core's events (wire_events): a recording ended; the worker was lost."""
        if kind == "recording_ended":
            self._on_ended(payload.get("site", ""), payload)
        elif kind == "media_worker_lost":  # its recordings ended with it (files kept as far as written)
            for key, _running in list(self.running.items()):
                self._on_ended(key, {"path": "", "error": "the media worker stopped during the recording"})

    def _on_ended(self, key: str, values: dict) -> None:
        if self.closed:
            return  # stop_all wrote it to the catalog already
        if key in self.starting:  # the reply that it started has not arrived yet
            self._early_ends[key] = values
            return
        self._sources().release(key)
        running = self.running.pop(key, None)
        self.site_panel.set_recording(key, False)
        self.panel.set_live(key, None)
        if running is None:
            return
        begun = running.begun
        if values.get("path"):
            result = result_from_dict(values)
            self.bridge.deliver(
                self.console.worker.submit(lambda d: catalog.finish(d, begun.result(), result)),
                lambda row: self.refresh(),
            )
        else:  # the worker died: what it wrote is not known here
            self.bridge.deliver(self.console.worker.submit(lambda d: catalog.interrupted(d)), lambda n: self.refresh())
        error = values.get("error") or ""
        ended = {
            "site": running.name,
            "s": f"{values.get('duration_s', 0):.1f}",
            "frames": values.get("video_frames", 0),
        }
        text = (
            translate("EventLog", "recording of {site} ended: {s} s, {frames} frames — {error}").format(
                error=error, **ended
            )
            if error
            else translate("EventLog", "recording of {site} ended: {s} s, {frames} frames in {path}").format(
                path=values["path"], **ended
            )
        )
        self.log.add(text, "warn" if error else "info", key)
        self._tick()

    def _tick(self) -> None:
        for key, running in self.running.items():
            elapsed = time.monotonic() - running.started
            self.site_panel.set_recording(key, True, elapsed)
            self.panel.set_live(key, {"name": running.name, "elapsed": elapsed, "operator": self.actor})
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
                result = result_from_dict(self.console.media.stop_recording(key, "the console closed").result(timeout))
                self.console.worker.submit(partial(_finish, begun=running.begun, result=result)).result(10)
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
            chosen, _ = QFileDialog.getSaveFileName(
                self.console.window,
                translate("Recordings", "Export"),
                str(Path.home() / Path(row["path"]).name),
                "WebM (*.webm)",
            )
            if not chosen:
                return
            destination = Path(chosen)
        actor, operator = self.actor, self.operator_said
        self.bridge.deliver(
            self.console.worker.submit(lambda d: catalog.export(d, row["id"], destination, actor)),
            lambda path: self.log.add(
                translate("EventLog", "{operator}: exported the recording of {site} to {path}").format(
                    operator=operator, site=row["site_name"], path=path
                ),
                "info",
                row["site"],
            ),
            lambda error: self.log.add(
                translate("EventLog", "export failed: {error}").format(error=error), "warn", row["site"]
            ),
        )

    def delete(self, row: dict, confirmed: bool = False) -> None:
        if not confirmed:
            answer = QMessageBox.question(
                self.console.window,
                translate("Recordings", "Delete"),
                translate("Recordings", "Delete the recording of {site} ({started})?").format(
                    site=row["site_name"], started=row["started_at"][:19]
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        actor, operator = self.actor, self.operator_said

        def deleted(_reply: object) -> None:
            self.log.add(
                translate("EventLog", "{operator}: deleted the recording of {site}").format(
                    operator=operator, site=row["site_name"]
                ),
                "info",
                row["site"],
            )
            self.refresh()

        self.bridge.deliver(
            self.console.worker.submit(lambda d: catalog.delete(d, row["id"], actor)),
            deleted,
            lambda error: self.log.add(
                translate("EventLog", "delete failed: {error}").format(error=error), "warn", row["site"]
            ),
        )

    def set_keep_days(self, days: int) -> None:
        self.settings.setValue(KEEP_DAYS_KEY, days)
        self.prune()

    def prune(self) -> None:
        if self.closed:
            return
        days = _keep_days(self.settings)
        actor = self.actor

        def done(gone: list) -> None:
            if gone:
                self.log.add(
                    translate("EventLog", "retention: deleted {n} recording(s) older than {days} days").format(
                        n=len(gone), days=days
                    ),
                    "info",
                )
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
        self.bridge.deliver(
            future,
            lambda out: self.log.add(
                translate("EventLog", "meeting minutes written to {path}").format(path=out), "info"
            ),
            lambda error: self.log.add(
                translate("EventLog", "meeting minutes not written: {error}").format(error=error), "warn"
            ),
        )
        return future


def wire_recordings(
    console: ConsoleCore, site_panel: SitePanel, log: EventLog, folder: Path, settings: QSettings
) -> RecordingControl:
    """The Recordings dock (a tab beside the event log) and the site panel's Record button;
    files go to ``folder``."""
    window = console.window
    keep = _keep_days(settings)
    panel = RecordingsPanel(keep)
    dock = QDockWidget(window.dock_title("recordingsDock"), window)
    dock.setObjectName("recordingsDock")
    dock.setWidget(panel)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
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
    console.worker.submit(catalog.interrupted)  # left "recording" by a console that died (runs before the prune)
    control.prune()
    return control


def _keep_days(settings: QSettings) -> int:
    """How many days recordings are kept (QSettings gives back what its INI file holds: text)."""
    return int(str(settings.value(KEEP_DAYS_KEY, DEFAULT_KEEP_DAYS)))


def _finish(directory: SiteDirectory, begun: Future[int], result: WriterResult) -> dict[str, Any]:
    """Write how a recording ended into the catalog (on the directory's worker)."""
    return catalog.finish(directory, begun.result(), result)


def _reason(error: BaseException) -> str:
    """An error from the media core (here or through the worker) in one sentence."""
    return reason_text(error)


class _NoHolds:
    def hold(self, key: str) -> None:
        pass

    def release(self, key: str) -> None:
        pass


def _metadata(key: str, name: str, operator: str) -> dict[str, str]:
    return {
        "title": f"{name} ({key})",
        "OPSCONSOLE_SITE": key,
        "OPSCONSOLE_OPERATOR": operator,
        "comment": "opsconsole spot-check recording: VP8 and Opus as received, not re-encoded",
    }
