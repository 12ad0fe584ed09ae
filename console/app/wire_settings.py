"""The settings dialog in a running console (Ctrl+, and the status bar's button), the
first-run dialog of a console with no hub, and the one notice for a settings file with problems.

The settings file is console/model/settings.py's; the token goes to the TokenStore (the desktop
keyring, else a 0600 file), never into the settings file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication, QDialog, QToolButton, QWidget

from console.model.settings import Settings, save_settings
from console.signaling.hub_address import HubAddress, HubAddressError
from console.signaling.token_store import TokenStore
from console.views.event_log import EventLog
from console.views.gui_loop import acquire_gui_loop, release_gui_loop
from console.views.i18n import Translations
from console.views.roles import role_name
from console.views.settings_dialog import SettingsDialog, problems_notice

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

SHORTCUT = "Ctrl+,"


def token_place(store: TokenStore) -> str:
    """Where the token will be kept, and why there (translated)."""
    if store.failure:
        return QCoreApplication.translate(
            "Settings", "The desktop keyring failed ({error}); the token is kept in {file}, readable only by you."
        ).format(error=store.failure, file=store.file)
    if store.uses_keyring:
        return QCoreApplication.translate("Settings", "The token is kept in the desktop keyring.")
    return QCoreApplication.translate(
        "Settings", "No desktop keyring on this computer: the token is kept in {file}, readable only by you."
    ).format(file=store.file)


def token_key(url: str) -> str:
    """The URL a token is kept under: the one ``opsconsole console`` looks it up by (HubAddress's
    form: ``wss://…/`` is ``https://…``), or the text itself where it is no usable address."""
    try:
        return HubAddress.parse(url).url
    except HubAddressError:
        return url.strip()


def audio_outputs() -> list[tuple[str, str]]:
    """(id, description) of the sound outputs Qt sees now."""
    return [(bytes(d.id().data()).decode("utf-8", "replace"), d.description()) for d in QMediaDevices.audioOutputs()]


def screens() -> list[str]:
    return [f"{s.name()} {s.size().width()}×{s.size().height()}" for s in QGuiApplication.screens()]


def connected_to(console: ConsoleCore) -> str:
    """What the running console is joined to, for the top of its settings (translated)."""
    url = console.address.url if console.address else "?"
    who = dict(operator=console.welcome.get("operator") or "?", role=role_name(console.role))
    if console.hub is not None:  # the demo's own hub: not in the settings file, a new port at every start
        return QCoreApplication.translate(
            "Settings",
            "Connected to this demo's embedded hub ({url}) as {operator}, "
            "role: {role}. It is not saved: the hub address below is the one "
            "`opsconsole console` uses.",
        ).format(url=url, **who)
    return QCoreApplication.translate("Settings", "Connected to {url} as {operator}, role: {role}.").format(
        url=url, **who
    )


def make_dialog(
    settings: Settings,
    store: TokenStore,
    *,
    first_run: bool = False,
    notice: str = "",
    connected: str = "",
    parent: QWidget | None = None,
) -> SettingsDialog:
    token = store.get(token_key(settings.hub_url)) if settings.hub_url else None
    dialog = SettingsDialog(
        settings,
        token or "",
        token_place(store),
        screens=screens(),
        audio_outputs=audio_outputs(),
        first_run=first_run,
        notice=notice,
        connected=connected,
        parent=parent,
    )
    dialog.token_place.setText(token_place(store))  # reading the token may have found the keyring locked
    return dialog


def save_dialog(dialog: SettingsDialog, path: Path, store: TokenStore) -> list[tuple[str, str]]:
    """Keep what the dialog holds; returns (text, level) lines for the event log."""
    notes = []
    chosen = dialog.chosen()
    try:
        kept = save_settings(path, chosen)
    except OSError as exc:
        return [(QCoreApplication.translate("Settings", "Settings not saved: {error}").format(error=exc), "warn")]
    notes.append((QCoreApplication.translate("Settings", "Settings saved in {path}").format(path=path), "info"))
    if kept is not None:
        notes.append(
            (
                QCoreApplication.translate(
                    "Settings", "The old settings file had problems; it is kept as {kept}"
                ).format(kept=kept),
                "warn",
            )
        )
    if dialog.token() and chosen.hub_url:
        try:
            store.put(token_key(chosen.hub_url), dialog.token())
        except OSError as exc:
            notes.append((QCoreApplication.translate("Settings", "Token not saved: {error}").format(error=exc), "warn"))
        else:
            notes.append((token_place(store), "warn" if store.failure else "info"))
    return notes


def first_run(settings: Settings, path: Path, store: TokenStore, notice: str = "") -> Settings | None:
    """The first-run dialog (a console with no hub); the saved settings, or None if cancelled.

    It speaks the language its field shows, from the start and as soon as another is chosen
    (the console is not built yet: nothing else is on screen to switch)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the first-run dialog needs the application (QApplication) made first")
    acquire_gui_loop(app)  # its "Test connection" is a coroutine
    try:
        translations = Translations.of(app)
        translations.use(settings.language)
        dialog = make_dialog(settings, store, first_run=True, notice=notice)
        dialog.language.currentIndexChanged.connect(lambda _index: translations.use(dialog.language.currentData()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        for text, _level in save_dialog(dialog, path, store):
            print(text)
        return dialog.chosen()
    finally:
        release_gui_loop()


def wire_settings(console: ConsoleCore, log: EventLog, path: Path) -> QAction:
    """Ctrl+, and a status-bar button open the settings dialog; saving writes the file and token."""
    window = console.window
    action = QAction(QCoreApplication.translate("Settings", "Settings…"), window)
    action.setObjectName("settingsAction")
    action.setShortcut(QKeySequence(SHORTCUT))
    window.addAction(action)
    button = QToolButton(window.statusBar())
    button.setObjectName("settingsButton")
    button.setDefaultAction(action)
    button.setToolTip(QCoreApplication.translate("Settings", "Settings ({keys})").format(keys=SHORTCUT))
    button.setText("⚙ " + QCoreApplication.translate("Settings", "Settings…"))
    window.statusBar().addWidget(button)

    def open_dialog() -> None:
        if console.settings_dialog is not None:  # already open: bring it forward, never a second one
            console.settings_dialog.raise_()
            console.settings_dialog.activateWindow()
            return
        store = TokenStore()
        dialog = make_dialog(console.preferences, store, connected=connected_to(console), parent=window)
        console.settings_dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                for text, level in save_dialog(dialog, path, store):
                    log.add(text, level)
                console.preferences = dialog.chosen()
            console.settings_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()  # window-modal, and the wall goes on while it is open

    action.triggered.connect(open_dialog)
    return action


def settings_notice(console: ConsoleCore, path: Path) -> None:
    """Say once what was wrong with the settings file: rewrite it with the defaults it fell back
    to, keeping the old one as .bad, and tell the operator in the log and the status bar."""
    problems = console.preferences.problems
    if not problems:
        return
    try:
        kept = save_settings(path, console.preferences.with_changes(), keep_bad=True)
    except OSError:
        kept = None
    text = problems_notice(str(path), problems, str(kept) if kept else None)
    log = console.part(EventLog)
    for line in text.splitlines():
        log.add(line, "warn")
    console.window.show_message(text.splitlines()[0])
