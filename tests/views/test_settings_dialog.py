"""The settings dialog and the first-run dialog, real windows against a real TLS hub
on 127.0.0.1: "Test connection" says what is wrong (self-signed, token refused) or who we are;
Ctrl+, opens it from the console; a settings file with nonsense is said once and kept as .bad."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog

from console.bench.certs import self_signed
from console.directory import credentials
from console.hub import HubRunner
from console.hub.run import tls_context
from console.media.service import LoopThread
from console.model.settings import Settings, load_settings
from console.views.gui_loop import acquire_gui_loop, release_gui_loop
from console.views.settings_dialog import SettingsDialog
from tests.views.test_i18n import compiled, translations  # noqa: F401 (fixtures)


@pytest.fixture
def config(tmp_path, monkeypatch):
    """The user's config folder (settings file, 0600 token file) in the test's folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("OPSCONSOLE_SETTINGS", str(tmp_path / "config" / "opsconsole" / "settings.json"))
    return tmp_path / "config" / "opsconsole" / "settings.json"


@pytest.fixture
def tls_hub(national, tmp_path):
    """A hub over TLS with a self-signed certificate, on its own thread; (url, cert, token)."""
    token = credentials.issue_operator_token(national, "lan", role="presenter")
    path = national.path
    national.close()
    cert, key = self_signed(tmp_path)
    thread = LoopThread("hub")
    runner = thread.submit(HubRunner(path, port=0, ssl_context=tls_context(cert, key)).start()).result(60)
    yield runner.url, cert, token
    thread.submit(runner.stop()).result(30)
    thread.stop()


@pytest.fixture
def gui_loop(qapp):
    loop = acquire_gui_loop(qapp)
    yield loop
    release_gui_loop()


def test_test_connection_says_what_is_wrong_then_who_we_are(qtbot, gui_loop, tls_hub):
    url, cert, token = tls_hub
    dialog = SettingsDialog(Settings(hub_url=url), "op_wrong", "kept in a test file", first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()

    def test_and_read() -> str:
        before = dialog.last_check
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.last_check is not before and dialog.test_button.isEnabled(), timeout=20_000)
        return dialog.test_result.text()

    said = test_and_read()  # no CA file: the system's CAs do not know a self-signed certificate
    assert "TLS" in said and "self-signed" in said and "Certificate: subject CN=127.0.0.1" in said
    assert dialog.test_result.property("state") == "failed"

    dialog.ca_file.setText(str(cert))
    said = test_and_read()
    assert "Token refused" in said and "4003" in said

    dialog.token_edit.setText(token)
    said = test_and_read()
    assert dialog.last_check.ok and "as lan, role: presenter" in said and dialog.last_check.hub_id in said
    assert dialog.test_result.property("state") == "ok"
    chosen = dialog.chosen()
    assert (chosen.hub_url, chosen.ca_file, dialog.token()) == (url, str(cert), token)


def test_saving_needs_a_hub_address(qtbot, gui_loop):
    dialog = SettingsDialog(Settings(), first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted and "address" in dialog.test_result.text()


def test_ctrl_comma_opens_the_settings_and_saving_writes_the_file(make_console, qtbot, config):
    console = make_console(sites=1, simulate=False)
    qtbot.keyClick(console.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: console.settings_dialog is not None and console.settings_dialog.isVisible())
    dialog = console.settings_dialog
    console.window.findChild(QAction, "settingsAction").trigger()  # again: the same dialog, not a second
    assert console.settings_dialog is dialog and len(console.window.findChildren(SettingsDialog)) == 1
    dialog.hub_url.setText("wss://hub.example.vn:8765/")  # kept as typed; the token under the hub's URL
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.renderer.setCurrentIndex(dialog.renderer.findData("numpy"))
    dialog.token_edit.setText("op_saved-token")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: console.settings_dialog is None)
    saved = load_settings(config)
    assert (saved.hub_url, saved.language, saved.renderer) == ("wss://hub.example.vn:8765/", "en", "numpy")
    assert "op_saved-token" not in config.read_text()  # the token is never in the settings file
    from console.signaling.token_store import TokenStore

    assert TokenStore().get("https://hub.example.vn:8765") == "op_saved-token"


def test_a_settings_file_with_nonsense_is_said_once_and_kept(make_console, qtbot, config):
    from console.app.wire_settings import settings_notice
    from console.views.event_log import EventLog

    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"hub_url": 7, "language": "fr", "renderer": "numpy", "zzz": [1]}))
    console = make_console(sites=1, simulate=False)
    console.preferences = load_settings(config)
    assert console.preferences.renderer == "numpy" and console.preferences.language == "vi"
    settings_notice(console, config)
    lines = console.window.findChild(EventLog).lines()
    assert sum("has problems" in line for line in lines) == 1
    assert any('"language" has a value that is not allowed: "fr"' in line for line in lines)
    assert "has problems" in console.window.statusBar().currentMessage()
    bad = config.with_name("settings.json.bad")
    assert json.loads(bad.read_text())["language"] == "fr"  # the user's file, as it was
    assert not load_settings(config).problems and load_settings(config).renderer == "numpy"


def test_console_with_no_hub_and_no_display_says_how_to_give_one(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "OPSCONSOLE_SETTINGS")
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "--db", str(tmp_path / "x.sqlite3"), "console"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "no hub configured: give --hub URL" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_settings_say_what_the_console_is_joined_to_and_save_the_language_alone(make_console, qtbot, config):
    console = make_console(sites=1, simulate=False)
    console.window.findChild(QAction, "settingsAction").trigger()
    qtbot.waitUntil(lambda: console.settings_dialog is not None and console.settings_dialog.isVisible())
    dialog = console.settings_dialog
    assert console.address.url in dialog.connected.text() and dialog.connected.isVisible()
    assert dialog.hub_url.text() == ""  # the demo's hub is not the settings file's
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: console.settings_dialog is None)
    saved = load_settings(config)
    assert (saved.hub_url, saved.language) == ("", "en")


def test_a_message_in_the_dialog_leaves_its_buttons_where_they_were(qtbot, gui_loop):
    import socket

    with socket.socket() as s:  # a port nobody listens on, on this machine: a two-line answer
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = SettingsDialog(Settings(hub_url=f"http://127.0.0.1:{port}"), first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    def place():
        return dialog.size(), dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft())

    before = place()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_check is not None and dialog.test_button.isEnabled(), timeout=20_000)
    assert "refused" in dialog.test_result.text()
    for _ in range(3):  # the relayout and the dialog's own fit are posted events
        QApplication.processEvents()
    assert place() == before


def test_the_token_placeholder_shows_how_tokens_start(qtbot):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.token_edit.placeholderText().startswith("ot_")


def test_the_first_run_dialog_speaks_the_language_its_field_shows(qtbot, config, translations, compiled):
    from PySide6.QtCore import QTimer

    from console.app.wire_settings import first_run
    from console.signaling.token_store import TokenStore

    translations.folder = compiled
    seen = {}

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        texts = lambda: (dialog.windowTitle(), dialog.test_button.text(), dialog.save_button.text())  # noqa: E731
        try:
            seen["vi"] = texts()
            dialog.language.setCurrentIndex(dialog.language.findData("en"))  # switches now, not at the next start
            qtbot.waitUntil(lambda: texts()[0] != seen["vi"][0], timeout=3000)
        finally:
            seen["en"] = texts()
            dialog.reject()

    QTimer.singleShot(0, look)
    assert first_run(Settings(language="vi"), config, TokenStore()) is None
    assert seen["en"] == ("Connect to a hub", "Test connection", "Save and connect")
    assert all(a != b for a, b in zip(seen["vi"], seen["en"])), seen  # every one of them said in Vietnamese


def test_cancelling_the_first_run_dialog_after_a_test_ends_the_process_cleanly(tmp_path):
    """A connection test's name lookup runs on a thread of the GUI loop's; cancelling must stop it,
    not leave Qt to destroy it running (an abort at exit)."""
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as s:  # a port nobody listens on, on this machine
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = f"""
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from console.app.console import qt_application
from console.app.wire_settings import first_run
from console.model.settings import Settings
from console.signaling.token_store import TokenStore
from console.views.settings_dialog import SettingsDialog
app = qt_application()
def dialog():
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog))
def test():
    dialog().hub_url.setText("http://localhost:{port}")
    dialog().test_button.click()
def cancel_once_answered():
    if dialog().last_check is None:
        QTimer.singleShot(50, cancel_once_answered)
    else:
        dialog().reject()
QTimer.singleShot(0, test)
QTimer.singleShot(0, cancel_once_answered)
print("chosen:", first_run(Settings(), Path({str(tmp_path / "s.json")!r}), TokenStore()))
"""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "chosen: None" in result.stdout, result.stderr
    assert result.returncode == 0 and "QThread" not in result.stderr, result.stderr
