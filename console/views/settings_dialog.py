"""The settings dialog (Ctrl+,) and, with ``first_run``, the dialog a console without a hub
starts with: hub URL, token, CA file, language, renderer, wall screen, audio output, and a
"Test connection" that says exactly what is wrong (console/signaling/connection_check.py,
awaited on the GUI's qasync loop).

It edits a ``Settings`` value (console/model/settings.py) and a token; saving them is the
caller's (the app's) job. Every string for people goes through Qt's translation (English
source text; the translations are made elsewhere).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)
from qasync import asyncSlot

from console.model import settings as model
from console.model.settings import Settings, SettingsProblem
from console.signaling import connection_check as cc
from console.views.roles import role_name

def check_message(result: cc.ConnectionCheck) -> str:
    """What "Test connection" found, for the operator (translated)."""
    detail = result.detail
    if result.ok:
        return QCoreApplication.translate("ConnectionCheck", "Connected to hub {hub} as {operator}, role: {role}.").format(
            hub=result.hub_id or "?", operator=result.operator or "?", role=role_name(result.role))
    if result.outcome == cc.BAD_ADDRESS:
        return QCoreApplication.translate("ConnectionCheck", "This address cannot be used: {detail}").format(detail=detail)
    if result.outcome == cc.NAME_NOT_FOUND:
        return QCoreApplication.translate("ConnectionCheck", "Name not found (DNS): no computer is called that. Check the spelling of the hub's "
                 "name. ({detail})").format(detail=detail)
    if result.outcome == cc.REFUSED:
        return QCoreApplication.translate("ConnectionCheck", "Connection refused: the computer answers, but no hub listens on that port. Is the hub "
                 "running, and is the port right? ({detail})").format(detail=detail)
    if result.outcome == cc.UNREACHABLE:
        return QCoreApplication.translate("ConnectionCheck", "The hub cannot be reached: {detail}").format(detail=detail)
    if result.outcome == cc.TLS:
        why = {cc.SELF_SIGNED: QCoreApplication.translate("ConnectionCheck", "the certificate is self-signed: give it (or its CA) as the CA file"),
               cc.HOSTNAME: QCoreApplication.translate("ConnectionCheck", "the certificate is for another name than the one in the address"),
               cc.EXPIRED: QCoreApplication.translate("ConnectionCheck", "the certificate has expired"),
               cc.NOT_YET_VALID: QCoreApplication.translate("ConnectionCheck", "the certificate is not valid yet (check this computer's clock)"),
               cc.UNTRUSTED: QCoreApplication.translate("ConnectionCheck", "the certificate is not signed by a CA this console trusts: give the CA file"),
               }.get(result.tls_problem, QCoreApplication.translate("ConnectionCheck", "the secure connection failed"))
        text = QCoreApplication.translate("ConnectionCheck", "TLS: the hub's certificate was refused: {why} ({detail}).").format(why=why, detail=detail)
        if result.certificate:
            text += "\n" + QCoreApplication.translate("ConnectionCheck", "Certificate: {certificate}").format(certificate=result.certificate)
        return text
    if result.outcome == cc.NOT_A_HUB:
        return QCoreApplication.translate("ConnectionCheck", "Something answered at this address, but not an opsconsole hub ({detail}).").format(detail=detail)
    if result.outcome == cc.VERSION:
        return QCoreApplication.translate("ConnectionCheck", "Protocol version mismatch: the hub speaks version {hub}, this console version {ours}. "
                 "Update the older of the two.").format(hub=result.hub_version, ours=result.expected_version)
    if result.outcome == cc.NO_TOKEN:
        return QCoreApplication.translate("ConnectionCheck", "The hub answers. Enter a token to check it too.")
    if result.outcome == cc.TOKEN_REFUSED:
        return QCoreApplication.translate("ConnectionCheck", "Token refused: the hub does not accept this token (closed with code {code}: {detail}). "
                 "Ask an administrator for a new one.").format(code=result.close_code or "?", detail=detail)
    if result.outcome == cc.BLOCKED:
        return QCoreApplication.translate("ConnectionCheck", "The hub refuses this computer for a while after too many wrong tokens ({detail}).").format(
            detail=detail)
    if result.outcome == cc.TIMEOUT:
        stage = QCoreApplication.translate("ConnectionCheck", "while connecting") if result.stage == "http" else QCoreApplication.translate("ConnectionCheck", "after the token was sent")
        return QCoreApplication.translate("ConnectionCheck", "Timeout: no answer from the hub {stage} ({detail}).").format(stage=stage, detail=detail)
    return detail


def problem_message(problem: SettingsProblem) -> str:
    """One problem of the settings file, for the operator (translated)."""
    whole = {model.UNREADABLE: QCoreApplication.translate("SettingsDialog", "the file cannot be read ({detail})"),
             model.TOO_LARGE: QCoreApplication.translate("SettingsDialog", "the file is far too large to be settings ({detail})"),
             model.NOT_TEXT: QCoreApplication.translate("SettingsDialog", "the file is not text ({detail})"),
             model.NOT_JSON: QCoreApplication.translate("SettingsDialog", "the file is not valid JSON ({detail})"),
             model.NOT_OBJECT: QCoreApplication.translate("SettingsDialog", "the file holds a {detail}, not settings")}
    if problem.kind in whole:
        return whole[problem.kind].format(detail=problem.detail)
    if problem.kind == model.UNKNOWN_KEY:
        return QCoreApplication.translate("SettingsDialog", "unknown setting \"{field}\" (ignored)").format(field=problem.field)
    if problem.kind == model.WRONG_TYPE:
        return QCoreApplication.translate("SettingsDialog", "\"{field}\" has a value of the wrong type: {detail}").format(field=problem.field,
                                                                            detail=problem.detail)
    return QCoreApplication.translate("SettingsDialog", "\"{field}\" has a value that is not allowed: {detail}").format(field=problem.field,
                                                                          detail=problem.detail)


def problems_notice(path: str, problems: tuple[SettingsProblem, ...], kept: str | None = None) -> str:
    """The one notice for a settings file with problems (the console shows it once)."""
    text = QCoreApplication.translate("SettingsDialog", "The settings file {path} has problems; defaults are used instead:").format(path=path)
    text += "".join(f"\n• {problem_message(p)}" for p in problems)
    if kept:
        text += "\n" + QCoreApplication.translate("SettingsDialog", "The file as it was is kept in {kept}.").format(kept=kept)
    return text


class SettingsDialog(QDialog):
    """Edits ``settings`` and ``token``; read ``chosen()`` and ``token()`` once accepted."""

    def __init__(self, settings: Settings, token: str = "", token_place: str = "", *,
                 screens: list[str] | None = None, audio_outputs: list[tuple[str, str]] | None = None,
                 first_run: bool = False, notice: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="settingsDialog")
        self._settings = settings
        self.setWindowTitle(self.tr("Connect to a hub") if first_run else self.tr("Settings"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(self.tr("This console has no hub yet. Enter the hub's address and your token "
                                   "(from an administrator), test them, then connect."), objectName="settingsIntro")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.notice = QLabel(notice, objectName="settingsNotice", wordWrap=True)
        self.notice.setVisible(bool(notice))
        layout.addWidget(self.notice)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        self.hub_url = QLineEdit(settings.hub_url, objectName="hubUrl",
                                 placeholderText="https://hub.example.vn:8765")
        form.addRow(self.tr("Hub address"), self.hub_url)
        self.token_edit = QLineEdit(token, objectName="tokenEdit", echoMode=QLineEdit.EchoMode.Password,
                                    placeholderText=self.tr("op_… (from an administrator)"))
        form.addRow(self.tr("Token"), self.token_edit)
        self.token_place = QLabel(token_place, objectName="tokenPlace", wordWrap=True)
        self.token_place.setProperty("role", "hint")
        form.addRow("", self.token_place)
        self.ca_file = QLineEdit(settings.ca_file, objectName="caFile",
                                 placeholderText=self.tr("the system's CAs"))
        browse = QPushButton(self.tr("Browse…"), objectName="caBrowse")
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form.addRow(self.tr("CA file (PEM)"), ca_row)

        self.test_button = QPushButton(self.tr("Test connection"), objectName="testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel("", objectName="testResult", wordWrap=True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.test_button)
        form.addRow(self.test_result)   # the whole width: a TLS answer names the certificate
        self.test_result.hide()

        self.language = QComboBox(objectName="language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.renderer = QComboBox(objectName="renderer")
        for value, label in (("auto", self.tr("Automatic (OpenGL when it works)")), ("gl", self.tr("OpenGL")),
                             ("numpy", self.tr("Software (numpy)"))):
            self.renderer.addItem(label, value)
        self.wall_screen = QComboBox(objectName="wallScreen")
        self.wall_screen.addItem(self.tr("In the console window"), None)
        for index, name in enumerate(screens or []):
            self.wall_screen.addItem(self.tr("Screen {n}: {name}").format(n=index, name=name), index)
        if settings.wall_screen is not None and self.wall_screen.findData(settings.wall_screen) < 0:
            self.wall_screen.addItem(self.tr("Screen {n} (not connected now)").format(n=settings.wall_screen),
                                     settings.wall_screen)
        self.audio_output = QComboBox(objectName="audioOutput")
        self.audio_output.addItem(self.tr("System default"), "")
        for device_id, description in audio_outputs or []:
            self.audio_output.addItem(description, device_id)
        if settings.audio_output and self.audio_output.findData(settings.audio_output) < 0:
            self.audio_output.addItem(self.tr("{device} (not connected now)").format(device=settings.audio_output),
                                      settings.audio_output)
        for combo, value in ((self.language, settings.language), (self.renderer, settings.renderer),
                             (self.wall_screen, settings.wall_screen), (self.audio_output, settings.audio_output)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Wall renderer"), self.renderer)
        form.addRow(self.tr("Wall screen"), self.wall_screen)
        form.addRow(self.tr("Audio output"), self.audio_output)
        later = QLabel(self.tr("Language, renderer, wall screen and hub take effect at the next start."),
                       objectName="settingsLater", wordWrap=True)
        later.setProperty("role", "hint")
        layout.addWidget(later)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        if first_run:
            self.save_button.setText(self.tr("Save and connect"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.last_check: cc.ConnectionCheck | None = None

    def chosen(self) -> Settings:
        """The settings as the dialog now shows them."""
        return self._settings.with_changes(
            hub_url=self.hub_url.text().strip(), ca_file=self.ca_file.text().strip(),
            language=self.language.currentData(), renderer=self.renderer.currentData(),
            wall_screen=self.wall_screen.currentData(), audio_output=self.audio_output.currentData())

    def token(self) -> str:
        return self.token_edit.text().strip()

    @asyncSlot()
    async def test_connection(self) -> None:
        """Run the check on the GUI's loop (it only waits on the network) and say what it found."""
        self.test_button.setEnabled(False)
        self._show_result("testing", self.tr("Testing {url} …").format(url=self.hub_url.text().strip()))
        try:
            self.last_check = await cc.check_connection(self.hub_url.text().strip(), self.token(),
                                                        self.ca_file.text().strip() or None)
        finally:
            self.test_button.setEnabled(True)
        self._show_result("ok" if self.last_check.ok else "failed", check_message(self.last_check))

    def _show_result(self, state: str, text: str) -> None:
        self.test_result.setProperty("state", state)
        self.test_result.setText(text)
        self.test_result.setVisible(bool(text))
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Grow to show the whole answer (a word-wrapped label does not grow a shown dialog)."""
        layout = self.layout()
        height = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else \
            layout.totalSizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    def _accept(self) -> None:
        if not self.hub_url.text().strip():
            self._show_result("failed", self.tr("Enter the hub's address first."))
            self.hub_url.setFocus()
            return
        self.accept()

    def _browse_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("CA file"), self.ca_file.text(),
                                                self.tr("Certificates (*.pem *.crt);;All files (*)"))
        if chosen:
            self.ca_file.setText(chosen)
