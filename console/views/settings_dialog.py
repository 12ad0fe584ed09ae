"""The settings dialog (Ctrl+,) and, with ``first_run``, the dialog a console without a hub
starts with: hub URL, token, CA file, language, renderer, wall screen, audio output, and a
"Test connection" that says exactly what is wrong (console/signaling/connection_check.py,
awaited on the GUI's qasync loop).

It edits a ``Settings`` value (console/model/settings.py) and a token; saving them is the
caller's (the app's) job. Every string for people goes through Qt's translation (English
source text; the translations are made elsewhere).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from console.model import settings as model
from console.model.settings import Settings, SettingsProblem
from console.signaling import connection_check as cc
from console.views.roles import role_name


def check_message(result: cc.ConnectionCheck) -> str:
    """What "Test connection" found, for the operator (translated)."""
    detail = result.detail
    if result.ok:
        return QCoreApplication.translate(
            "ConnectionCheck", "Connected to hub {hub} as {operator}, role: {role}."
        ).format(hub=result.hub_id or "?", operator=result.operator or "?", role=role_name(result.role))
    if result.outcome == cc.BAD_ADDRESS:
        return QCoreApplication.translate("ConnectionCheck", "This address cannot be used: {detail}").format(
            detail=detail
        )
    if result.outcome == cc.NAME_NOT_FOUND:
        return QCoreApplication.translate(
            "ConnectionCheck",
            "Name not found (DNS): no computer is called that. Check the spelling of the hub's name. ({detail})",
        ).format(detail=detail)
    if result.outcome == cc.REFUSED:
        return QCoreApplication.translate(
            "ConnectionCheck",
            "Connection refused: the computer answers, but no hub listens on that port. Is the hub "
            "running, and is the port right? ({detail})",
        ).format(detail=detail)
    if result.outcome == cc.UNREACHABLE:
        return QCoreApplication.translate("ConnectionCheck", "The hub cannot be reached: {detail}").format(
            detail=detail
        )
    if result.outcome == cc.TLS:
        why = {
            cc.SELF_SIGNED: QCoreApplication.translate(
                "ConnectionCheck", "the certificate is self-signed: give it (or its CA) as the CA file"
            ),
            cc.HOSTNAME: QCoreApplication.translate(
                "ConnectionCheck", "the certificate is for another name than the one in the address"
            ),
            cc.EXPIRED: QCoreApplication.translate("ConnectionCheck", "the certificate has expired"),
            cc.NOT_YET_VALID: QCoreApplication.translate(
                "ConnectionCheck", "the certificate is not valid yet (check this computer's clock)"
            ),
            cc.UNTRUSTED: QCoreApplication.translate(
                "ConnectionCheck", "the certificate is not signed by a CA this console trusts: give the CA file"
            ),
        }.get(result.tls_problem, QCoreApplication.translate("ConnectionCheck", "the secure connection failed"))
        text = QCoreApplication.translate(
            "ConnectionCheck", "TLS: the hub's certificate was refused: {why} ({detail})."
        ).format(why=why, detail=detail)
        if result.certificate:
            text += "\n" + QCoreApplication.translate("ConnectionCheck", "Certificate: {certificate}").format(
                certificate=result.certificate
            )
        return text
    if result.outcome == cc.NOT_A_HUB:
        return QCoreApplication.translate(
            "ConnectionCheck", "Something answered at this address, but not an opsconsole hub ({detail})."
        ).format(detail=detail)
    if result.outcome == cc.VERSION:
        return QCoreApplication.translate(
            "ConnectionCheck",
            "Protocol version mismatch: the hub speaks version {hub}, this console version {ours}. "
            "Update the older of the two.",
        ).format(hub=result.hub_version, ours=result.expected_version)
    if result.outcome == cc.NO_TOKEN:
        return QCoreApplication.translate("ConnectionCheck", "The hub answers. Enter a token to check it too.")
    if result.outcome == cc.TOKEN_REFUSED:
        return QCoreApplication.translate(
            "ConnectionCheck",
            "Token refused: the hub does not accept this token (closed with code {code}: {detail}). "
            "Ask an administrator for a new one.",
        ).format(code=result.close_code or "?", detail=detail)
    if result.outcome == cc.BLOCKED:
        return QCoreApplication.translate(
            "ConnectionCheck", "The hub refuses this computer for a while after too many wrong tokens ({detail})."
        ).format(detail=detail)
    if result.outcome == cc.TIMEOUT:
        stage = (
            QCoreApplication.translate("ConnectionCheck", "while connecting")
            if result.stage == "http"
            else QCoreApplication.translate("ConnectionCheck", "after the token was sent")
        )
        return QCoreApplication.translate(
            "ConnectionCheck", "Timeout: no answer from the hub {stage} ({detail})."
        ).format(stage=stage, detail=detail)
    return detail


def problem_message(problem: SettingsProblem) -> str:
    """One problem of the settings file, for the operator (translated)."""
    whole = {
        model.UNREADABLE: QCoreApplication.translate("SettingsDialog", "the file cannot be read ({detail})"),
        model.TOO_LARGE: QCoreApplication.translate(
            "SettingsDialog", "the file is far too large to be settings ({detail})"
        ),
        model.NOT_TEXT: QCoreApplication.translate("SettingsDialog", "the file is not text ({detail})"),
        model.NOT_JSON: QCoreApplication.translate("SettingsDialog", "the file is not valid JSON ({detail})"),
        model.NOT_OBJECT: QCoreApplication.translate("SettingsDialog", "the file holds a {detail}, not settings"),
    }
    if problem.kind in whole:
        return whole[problem.kind].format(detail=problem.detail)
    if problem.kind == model.UNKNOWN_KEY:
        return QCoreApplication.translate("SettingsDialog", "unknown setting \"{field}\" (ignored)").format(
            field=problem.field
        )
    if problem.kind == model.WRONG_TYPE:
        return QCoreApplication.translate(
            "SettingsDialog", "\"{field}\" has a value of the wrong type: {detail}"
        ).format(field=problem.field, detail=problem.detail)
    return QCoreApplication.translate("SettingsDialog", "\"{field}\" has a value that is not allowed: {detail}").format(
        field=problem.field, detail=problem.detail
    )


def problems_notice(path: str, problems: tuple[SettingsProblem, ...], kept: str | None = None) -> str:
    """The one notice for a settings file with problems (the console shows it once)."""
    text = QCoreApplication.translate(
        "SettingsDialog", "The settings file {path} has problems; defaults are used instead:"
    ).format(path=path)
    text += "".join(f"\n• {problem_message(p)}" for p in problems)
    if kept:
        text += "\n" + QCoreApplication.translate("SettingsDialog", "The file as it was is kept in {kept}.").format(
            kept=kept
        )
    return text


RESULT_LINES = 4  # the room kept for "Test connection"'s answer (a TLS answer names the certificate)


class SettingsDialog(QDialog):
    """Edits ``settings`` and ``token``; read ``chosen()`` and ``token()`` once accepted.

    ``connected``: what the running console is joined to, said at the top (the demo's embedded
    hub is not in the settings file, and its address changes at every start). Outside the
    first run the hub's address may stay empty: the language and the rest are saved alone.
    Every text is said again at a language change, so the first-run dialog speaks the
    language its field shows as soon as it is chosen."""

    def __init__(
        self,
        settings: Settings,
        token: str = "",
        token_place: str = "",
        *,
        screens: list[str] | None = None,
        audio_outputs: list[tuple[str, str]] | None = None,
        first_run: bool = False,
        notice: str = "",
        connected: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._settings = settings
        self._first_run = first_run
        self._screens = list(screens or [])
        self._result: tuple[str, object] = ("", "")  # (state, text or a callable saying it now)
        self.setMinimumWidth(640)
        self._column = layout = QVBoxLayout(self)
        self.intro = QLabel(wordWrap=True)
        self.intro.setObjectName("settingsIntro")
        self.intro.setVisible(first_run)
        layout.addWidget(self.intro)
        self.connected = QLabel(connected, wordWrap=True)
        self.connected.setObjectName("settingsConnected")
        self.connected.setVisible(bool(connected))
        self.connected.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.connected)
        self.notice = QLabel(notice, wordWrap=True)
        self.notice.setObjectName("settingsNotice")
        self.notice.setVisible(bool(notice))
        layout.addWidget(self.notice)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        self._labels: dict[str, QLabel] = {}

        def row(key: str, field) -> None:
            self._labels[key] = QLabel()
            form.addRow(self._labels[key], field)

        self.hub_url = QLineEdit(settings.hub_url, placeholderText="https://hub.example.vn:8765")
        self.hub_url.setObjectName("hubUrl")
        row("hub", self.hub_url)
        self.token_edit = QLineEdit(token, echoMode=QLineEdit.EchoMode.Password)
        self.token_edit.setObjectName("tokenEdit")
        row("token", self.token_edit)
        self.token_place = QLabel(token_place, wordWrap=True)
        self.token_place.setObjectName("tokenPlace")
        self.token_place.setProperty("role", "hint")
        form.addRow("", self.token_place)
        self.ca_file = QLineEdit(settings.ca_file)
        self.ca_file.setObjectName("caFile")
        self.browse = QPushButton()
        self.browse.setObjectName("caBrowse")
        self.browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse)
        row("ca", ca_row)

        self.test_button = QPushButton()
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel("", wordWrap=True)
        self.test_result.setObjectName("testResult")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Its room is kept from the start: an answer appearing never moves the buttons below.
        self.test_result.setMinimumHeight(self.test_result.fontMetrics().lineSpacing() * RESULT_LINES)
        self.test_result.setProperty("state", "none")
        form.addRow("", self.test_button)
        form.addRow(self.test_result)  # the whole width: a TLS answer names the certificate

        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.renderer = QComboBox()
        self.renderer.setObjectName("renderer")
        for value in ("auto", "gl", "numpy"):
            self.renderer.addItem(value, value)
        self.wall_screen = QComboBox()
        self.wall_screen.setObjectName("wallScreen")
        self.wall_screen.addItem("", None)
        for index in range(len(self._screens)):
            self.wall_screen.addItem("", index)
        if settings.wall_screen is not None and self.wall_screen.findData(settings.wall_screen) < 0:
            self.wall_screen.addItem("", settings.wall_screen)
        self.audio_output = QComboBox()
        self.audio_output.setObjectName("audioOutput")
        self.audio_output.addItem("", "")
        for device_id, description in audio_outputs or []:
            self.audio_output.addItem(description, device_id)
        self._missing_output = bool(settings.audio_output) and self.audio_output.findData(settings.audio_output) < 0
        if self._missing_output:
            self.audio_output.addItem("", settings.audio_output)
        for combo, current in (
            (self.language, settings.language),
            (self.renderer, settings.renderer),
            (self.wall_screen, settings.wall_screen),
            (self.audio_output, settings.audio_output),
        ):
            combo.setCurrentIndex(max(0, combo.findData(current)))
        row("language", self.language)
        row("renderer", self.renderer)
        row("screen", self.wall_screen)
        row("audio", self.audio_output)
        self.later = QLabel(wordWrap=True)
        self.later.setObjectName("settingsLater")
        self.later.setProperty("role", "hint")
        layout.addWidget(self.later)

        # Buttons of our own, not standard ones: the box would say a standard button's text
        # again at a language change, over "Save and connect", and from Qt's own catalogue.
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.last_check: cc.ConnectionCheck | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Say every text again in the language installed now."""
        self.setWindowTitle(self.tr("Connect to a hub") if self._first_run else self.tr("Settings"))
        self.intro.setText(
            self.tr(
                "This console has no hub yet. Enter the hub's address and your token "
                "(from an administrator), test them, then connect."
            )
        )
        for key, text in (
            ("hub", self.tr("Hub address")),
            ("token", self.tr("Token")),
            ("ca", self.tr("CA file (PEM)")),
            ("language", self.tr("Language")),
            ("renderer", self.tr("Wall renderer")),
            ("screen", self.tr("Wall screen")),
            ("audio", self.tr("Audio output")),
        ):
            self._labels[key].setText(text)
        self.token_edit.setPlaceholderText(self.tr("ot_… (from an administrator)"))
        self.ca_file.setPlaceholderText(self.tr("the system's CAs"))
        self.browse.setText(self.tr("Browse…"))
        self.test_button.setText(self.tr("Test connection"))
        for index, text in enumerate(
            (self.tr("Automatic (OpenGL when it works)"), self.tr("OpenGL"), self.tr("Software (numpy)"))
        ):
            self.renderer.setItemText(index, text)
        self.wall_screen.setItemText(0, self.tr("In the console window"))
        for index, name in enumerate(self._screens):
            self.wall_screen.setItemText(index + 1, self.tr("Screen {n}: {name}").format(n=index, name=name))
        if self.wall_screen.count() > len(self._screens) + 1:
            self.wall_screen.setItemText(
                self.wall_screen.count() - 1,
                self.tr("Screen {n} (not connected now)").format(
                    n=self.wall_screen.itemData(self.wall_screen.count() - 1)
                ),
            )
        self.audio_output.setItemText(0, self.tr("System default"))
        if self._missing_output:
            last = self.audio_output.count() - 1
            self.audio_output.setItemText(
                last, self.tr("{device} (not connected now)").format(device=self.audio_output.itemData(last))
            )
        self.later.setText(self.tr("Language, renderer, wall screen and hub take effect at the next start."))
        self.save_button.setText(self.tr("Save and connect") if self._first_run else self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        state, answer = self._result
        if state:
            self._show_result(state, answer)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def chosen(self) -> Settings:
        """The settings as the dialog now shows them."""
        return self._settings.with_changes(
            hub_url=self.hub_url.text().strip(),
            ca_file=self.ca_file.text().strip(),
            language=self.language.currentData(),
            renderer=self.renderer.currentData(),
            wall_screen=self.wall_screen.currentData(),
            audio_output=self.audio_output.currentData(),
        )

    def token(self) -> str:
        return self.token_edit.text().strip()

    @asyncSlot()
    async def test_connection(self) -> None:
        """Run the check on the GUI's loop (it only waits on the network) and say what it found."""
        self.test_button.setEnabled(False)
        url = self.hub_url.text().strip()
        self._show_result("testing", lambda: self.tr("Testing {url} …").format(url=url))
        try:
            self.last_check = await cc.check_connection(
                self.hub_url.text().strip(), self.token(), self.ca_file.text().strip() or None
            )
        finally:
            self.test_button.setEnabled(True)
        check = self.last_check
        self._show_result("ok" if check.ok else "failed", lambda: check_message(check))

    def _show_result(self, state: str, text) -> None:
        """Show an answer in its kept room; ``text`` may be a callable, said again at a language
        change."""
        self._result = (state, text)
        self.test_result.setProperty("state", state)
        self.test_result.setText(text() if callable(text) else text)
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        """Grow only for an answer longer than the room kept for it (a word-wrapped label does not
        grow a shown dialog)."""
        layout = self._column
        height = (
            layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        )
        if height > self.height():
            self.resize(self.width(), height)

    def _accept(self) -> None:
        if self._first_run and not self.hub_url.text().strip():  # later, the settings are saved alone
            self._show_result("failed", lambda: self.tr("Enter the hub's address first."))
            self.hub_url.setFocus()
            return
        self.accept()

    def _browse_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA file"), self.ca_file.text(), self.tr("Certificates (*.pem *.crt);;All files (*)")
        )
        if chosen:
            self.ca_file.setText(chosen)
