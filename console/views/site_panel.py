"""The site panel: who the selected site is, its state, its link over time, and actions.

Nothing here moves under the operator's pointer: every button keeps its place and its size
whatever the site or its state (a button that does not apply is disabled, not hidden), the
name and path are one elided line each, and the link figures have a fixed two-line place.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from console.directory import Site
from console.translatable import QT_TRANSLATE_NOOP
from console.views.forms import load_form
from console.views.link_plots import LinkPlots
from console.views.roles import role_name

_LEVEL_NAMES = {
    "province": QT_TRANSLATE_NOOP("SitePanel", "province or city"),
    "district": QT_TRANSLATE_NOOP("SitePanel", "district"),
    "commune": QT_TRANSLATE_NOOP("SitePanel", "commune or ward"),
}


def level_name(level: str) -> str:
    """A division level ("province", "district", "commune") in the console's language."""
    return QCoreApplication.translate("SitePanel", _LEVEL_NAMES[level]) if level in _LEVEL_NAMES else level


# Badge words: a site's states, and its levels on a site that never joins itself.
_BADGE_TEXT = {
    "unjoined": QT_TRANSLATE_NOOP("SitePanel", "NEVER JOINED"),
    "unknown": QT_TRANSLATE_NOOP("SitePanel", "NOT SEEN"),
    "online": QT_TRANSLATE_NOOP("SitePanel", "ONLINE"),
    "live": QT_TRANSLATE_NOOP("SitePanel", "LIVE"),
    "stale": QT_TRANSLATE_NOOP("SitePanel", "STALE"),
    "offline": QT_TRANSLATE_NOOP("SitePanel", "OFFLINE"),
    "connecting": QT_TRANSLATE_NOOP("SitePanel", "CONNECTING"),
    "reconnecting": QT_TRANSLATE_NOOP("SitePanel", "RECONNECTING"),
    "no_media_path": QT_TRANSLATE_NOOP("SitePanel", "NO MEDIA PATH"),
    "audio_only": QT_TRANSLATE_NOOP("SitePanel", "AUDIO ONLY (LINK)"),
    "failed": QT_TRANSLATE_NOOP("SitePanel", "FAILED"),
    "retired": QT_TRANSLATE_NOOP("SitePanel", "RETIRED"),
    "province": QT_TRANSLATE_NOOP("SitePanel", "PROVINCE"),
    "district": QT_TRANSLATE_NOOP("SitePanel", "DISTRICT"),
    "commune": QT_TRANSLATE_NOOP("SitePanel", "COMMUNE"),
}
_STATE_WORDS = {
    "unjoined": QT_TRANSLATE_NOOP("SitePanel", "never joined"),
    "retired": QT_TRANSLATE_NOOP("SitePanel", "retired"),
    "offline": QT_TRANSLATE_NOOP("SitePanel", "offline"),
    "unknown": QT_TRANSLATE_NOOP("SitePanel", "not seen"),
    "failed": QT_TRANSLATE_NOOP("SitePanel", "failed"),
}
# The media's way (LinkStats.media_path): direct, through NAT, relayed (with this side's transport);
# in the meeting, a shard's native forward or its WebRTC subscription.
_PATH_WORDS = {
    "direct": QT_TRANSLATE_NOOP("SitePanel", "direct"),
    "nat": QT_TRANSLATE_NOOP("SitePanel", "through NAT"),
    "relay": QT_TRANSLATE_NOOP("SitePanel", "relayed"),
    "relay-udp": QT_TRANSLATE_NOOP("SitePanel", "relayed (UDP)"),
    "relay-tcp": QT_TRANSLATE_NOOP("SitePanel", "relayed (TCP)"),
    "relay-tls": QT_TRANSLATE_NOOP("SitePanel", "relayed (TLS)"),
    "sfu-forward": QT_TRANSLATE_NOOP("SitePanel", "via the SFU, forwarded"),
    "sfu-webrtc": QT_TRANSLATE_NOOP("SitePanel", "via the SFU, WebRTC"),
}
# States in which the site is connected and obeys moderation.
REACHABLE = frozenset({"online", "live", "stale", "connecting", "reconnecting"})
NO_FIGURES = "—"
_Widget = TypeVar("_Widget", bound=QWidget)


class SitePanel(QFrame):
    """Shows one site (``show_site``); its buttons emit requests, the panel acts on nothing."""

    show_requested = Signal(str)  # site key
    mute_requested = Signal(str, bool)  # site key, mute?
    keyframe_requested = Signal(str)
    talk_requested = Signal(str, bool)  # site key, start (True) or end the talk
    solo_requested = Signal(str)
    hand_answered = Signal(str, bool)  # site key, granted (True) or dismissed
    record_requested = Signal(str, bool)  # site key, start (True) or stop recording
    bookmark_requested = Signal(str)  # a note at this moment of the site's recording

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sitePanel")
        form = load_form("site_panel", self)

        def find(cls: type[_Widget], name: str) -> _Widget:
            return _form_child(form, cls, name)

        self.title = find(QLabel, "titleLabel")
        self.path = find(QLabel, "pathLabel")
        self.badge = find(QLabel, "stateBadge")
        self.audio_badge = find(QLabel, "audioBadge")
        self.details = find(QWidget, "siteDetails")
        self.fields = {
            "GSO code": find(QLabel, "codeValue"),
            "Level": find(QLabel, "levelValue"),
            "Province": find(QLabel, "provinceValue"),
            "Link": find(QLabel, "linkValue"),
        }
        self.show_button = find(QPushButton, "showButton")
        self.mute_button = find(QPushButton, "muteButton")
        self.keyframe_button = find(QPushButton, "keyframeButton")
        self.talk_button = find(QPushButton, "talkButton")
        self.solo_button = find(QPushButton, "soloButton")
        self.grant_button = find(QPushButton, "grantButton")
        self.dismiss_button = find(QPushButton, "dismissButton")
        # Recording.
        self.record_button = find(QPushButton, "recordButton")
        self.bookmark_button = find(QPushButton, "bookmarkButton")
        self.record_time = find(QLabel, "recordTime")
        self.recording: set[str] = set()  # sites being recorded now
        self.buttons = (
            self.show_button,
            self.mute_button,
            self.keyframe_button,
            self.talk_button,
            self.solo_button,
            self.grant_button,
            self.dismiss_button,
            self.record_button,
            self.bookmark_button,
        )
        for button in self.buttons:
            button.setFocusPolicy(button.focusPolicy().NoFocus)  # the keyboard stays with the wall
        # Sized for their longest wording, so a changed word moves no neighbour.
        self._fit_buttons()
        link = self.fields["Link"]
        link.setFixedHeight(2 * link.fontMetrics().lineSpacing() + 2)
        self.hand = False
        self.talking = False
        self.joinable = True
        # What this console's role may do (None: everything); the hub enforces it, the panel
        # disables what would be refused and says why on hover.
        self.permissions: set[str] | None = None
        self._needs = {
            self.mute_button: "moderate",
            self.keyframe_button: "watch",
            self.solo_button: "moderate",
            self.grant_button: "moderate",
            self.dismiss_button: "moderate",
            self.talk_button: "talk",
            self.record_button: "moderate",
        }  # the site is told it is recorded: a control
        self._tips = {button: button.toolTip() for button in self._needs}
        self._form_tips = {button: button.toolTip for button in self._needs}  # said again by the form
        self._permission_args: tuple | None = None
        self.plots = LinkPlots()
        plots_layout = QVBoxLayout(find(QWidget, "plotsHost"))
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.addWidget(self.plots)
        self.site: Site | None = None
        self.state = "unknown"
        self.muted: bool | None = None
        self.show_button.clicked.connect(lambda: self.site and self.show_requested.emit(self.site.key))
        self.keyframe_button.clicked.connect(lambda: self.site and self.keyframe_requested.emit(self.site.key))
        self.mute_button.clicked.connect(self._toggle_mute)
        self.talk_button.clicked.connect(lambda on: self.site and self.talk_requested.emit(self.site.key, on))
        self.solo_button.clicked.connect(lambda: self.site and self.solo_requested.emit(self.site.key))
        self.grant_button.clicked.connect(lambda: self.site and self.hand_answered.emit(self.site.key, True))
        self.dismiss_button.clicked.connect(lambda: self.site and self.hand_answered.emit(self.site.key, False))
        self.record_button.clicked.connect(lambda on: self.site and self.record_requested.emit(self.site.key, on))
        self.bookmark_button.clicked.connect(lambda: self.site and self.bookmark_requested.emit(self.site.key))
        self.show_site(None)

    def show_site(
        self, site: Site | None, state: str | None = None, muted: bool | None = None, joinable: bool = True
    ) -> None:
        """Show ``site``; ``joinable`` False for a site that never joins itself (a province:
        its communes do), whose actions are then all disabled."""
        changed = site is None or self.site is None or site.key != self.site.key
        self.site = site
        self.joinable = joinable
        if changed:
            self.plots.clear()
            self.hand = self.talking = False
        if site is None:
            self.title.setText(self.tr("Pick a site"))
            self.path.setText(self.tr("Type a few letters of any commune in the search box (Ctrl+K), or click a tile."))
            for widget in (self.badge, self.audio_badge, self.details, self.plots):
                widget.hide()
            for button in self.buttons:
                button.setEnabled(False)
            return
        for widget in (self.details, self.plots):
            widget.show()
        self.title.setText(site.name)
        self.path.setText(" › ".join(site.path[:-1]) or "Việt Nam")
        self.fields["GSO code"].setText(f"{site.code:05d}" if site.level == "commune" else str(site.code))
        self.fields["Level"].setText(self.tr(_LEVEL_NAMES[site.level]) if site.level in _LEVEL_NAMES else site.level)
        self.fields["Province"].setText(site.province)
        if changed:
            self.fields["Link"].setText(NO_FIGURES)
        self.set_state(state or ("retired" if not site.active else site.status), muted)

    def set_state(self, state: str, muted: bool | None = None) -> None:
        """The site's state now; figures of a site that is not connected are cleared (an
        offline site has no current link, and old figures must not pass for it)."""
        self.state = state
        self.muted = muted
        if not self.joinable:
            _set_badge(self.badge, self._badge_word(self.site.level if self.site else state), "unknown")
        else:
            _set_badge(self.badge, self._badge_word(state), state)
        if muted is None:
            self.audio_badge.hide()
        else:
            _set_badge(
                self.audio_badge, self.tr("MUTED") if muted else self.tr("MIC OPEN"), "offline" if muted else "online"
            )
        self.mute_button.setText(self.tr("Unmute") if muted else self.tr("Mute"))
        reachable = self.joinable and state in REACHABLE
        if not reachable and self.site is not None:
            self.fields["Link"].setText(self._no_link_text(self.site, state))
            self.plots.clear()
        self.show_button.setEnabled(self.site is not None and self.joinable)
        for button in (self.mute_button, self.keyframe_button, self.talk_button, self.solo_button):
            button.setEnabled(reachable and self._may(button))
        self._show_audio_actions()
        self._show_recording()

    def set_permissions(self, permissions: set[str], role: str, roles_needed: dict[str, str]) -> None:
        """Only what ``permissions`` allow stays enabled; the others say on hover which role they need."""
        self.permissions = set(permissions)
        self._permission_args = (permissions, role, roles_needed)
        for button, needs in self._needs.items():
            button.setToolTip(
                self._tips[button]
                if needs in self.permissions
                else self.tr("Needs the {needed} role (this console: {role})").format(
                    needed=role_name(roles_needed.get(needs, needs)), role=role_name(role)
                )
            )
        self.set_state(self.state, self.muted) if self.site is not None else None

    def _may(self, button: QPushButton) -> bool:
        return self.permissions is None or self._needs.get(button, "") in self.permissions

    def _no_link_text(self, site: Site, state: str) -> str:
        if not self.joinable:
            return (
                NO_FIGURES
                + " "
                + self.tr("its communes join, not the {level}: Enter in the directory lists them").format(
                    level=self.tr(_LEVEL_NAMES.get(site.level, "")) or site.level
                )
            )
        return f"{NO_FIGURES} {self.tr(_STATE_WORDS[state]) if state in _STATE_WORDS else state}"

    def _badge_word(self, state: str) -> str:
        return self.tr(_BADGE_TEXT[state]) if state in _BADGE_TEXT else state.upper()

    def set_audio(self, hand: bool, talking: bool) -> None:
        """Whether the shown site has its hand up and whether it is in the talk."""
        self.hand, self.talking = hand, talking
        self._show_audio_actions()

    def _show_audio_actions(self) -> None:
        reachable = self.site is not None and self.joinable and self.state in REACHABLE
        self.grant_button.setEnabled(reachable and self.hand and self._may(self.grant_button))
        self.dismiss_button.setEnabled(reachable and self.hand and self._may(self.dismiss_button))
        self.talk_button.setChecked(self.talking)
        self.talk_button.setText(self.tr("End talk") if self.talking else self.tr("Talk"))

    def add_stats(self, at: float, stats, latency_ms: float | None = None) -> None:
        """One LinkStats sample for the shown site, and its capture-to-screen delay."""
        rtt = self.tr("n/a") if stats.rtt_ms is None else f"{stats.rtt_ms:.1f} ms"
        delay = "" if latency_ms is None else self.tr(" · delay {ms} ms").format(ms=f"{latency_ms:.0f}")
        text = (
            self.tr("{size} · {fps} fps · {kbps} kbps · loss {loss} % · RTT {rtt}").format(
                size=f"{stats.width}×{stats.height}",
                fps=f"{stats.fps:.1f}",
                kbps=f"{stats.bitrate_kbps:.0f}",
                loss=f"{stats.loss_pct:.1f}",
                rtt=rtt,
            )
            + delay
        )
        path = getattr(stats, "media_path", "")
        if path in _PATH_WORDS:  # how the media comes: direct, through NAT, relayed (and how)
            text += " · " + self.tr(_PATH_WORDS[path])
        self.fields["Link"].setText(unbroken_figures(text))
        self.plots.add(at, stats)

    # --- recording -----------------------------------------------------------------------

    def set_recording(self, key: str, recording: bool, elapsed_s: float | None = None) -> None:
        """Whether ``key`` is being recorded (and for how long); the button follows the shown site."""
        (self.recording.add if recording else self.recording.discard)(key)
        if self.site is not None and self.site.key == key:
            self._show_recording(elapsed_s)

    def _show_recording(self, elapsed_s: float | None = None) -> None:
        key = self.site.key if self.site is not None else ""
        recording = key in self.recording
        reachable = self.site is not None and self.joinable and self.state in REACHABLE
        self.record_button.setChecked(recording)
        self.record_button.setText(self.tr("■ Stop recording") if recording else self.tr("● Record"))
        self.record_button.setProperty("recording", recording)
        self.record_button.style().unpolish(self.record_button)
        self.record_button.style().polish(self.record_button)
        # A running recording can always be stopped.
        self.record_button.setEnabled(recording or (reachable and self._may(self.record_button)))
        self.bookmark_button.setEnabled(recording)
        if recording and elapsed_s is not None:
            self.record_time.setText(f"REC {int(elapsed_s) // 60}:{int(elapsed_s) % 60:02d}")
        elif not recording:
            self.record_time.setText("")

    # --- language ------------------------------------------------------------------------

    def _fit_buttons(self) -> None:
        """Buttons sized for their longest wording in this language, so a changed word moves no neighbour."""
        _fit_widths(self.mute_button, (self.tr("Mute"), self.tr("Unmute")))
        _fit_widths(self.talk_button, (self.tr("Talk"), self.tr("End talk")))
        _fit_widths(self.record_button, (self.tr("● Record"), self.tr("■ Stop recording")))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            # The form's loader says its own texts (ui/site_panel.ui) after this event has
            # reached the panel; the panel's words for the site's state come after those. The
            # panel is the timer's context: a panel closed meanwhile (its window gone) is not
            # asked to speak through buttons Qt has already deleted.
            QTimer.singleShot(0, self, self.retranslate)

    def retranslate(self) -> None:
        """Say the shown site again in the language spoken now."""
        self._tips = {button: self._form_tips[button]() for button in self._needs}
        self._fit_buttons()
        if self._permission_args is not None:
            self.set_permissions(*self._permission_args)
        if self.site is None:
            self.show_site(None)
        else:
            self.fields["Level"].setText(
                self.tr(_LEVEL_NAMES[self.site.level]) if self.site.level in _LEVEL_NAMES else self.site.level
            )
            self.set_state(self.state, self.muted)
            self.set_audio(self.hand, self.talking)

    def _toggle_mute(self) -> None:
        if self.site is not None:
            self.mute_requested.emit(self.site.key, not bool(self.muted))


def _form_child(form: QWidget, cls: type[_Widget], name: str) -> _Widget:
    """The widget ``name`` of the panel's form (ui/site_panel.ui), which must have it."""
    child = form.findChild(cls, name)
    if child is None:
        raise LookupError(f"ui/site_panel.ui has no {cls.__name__} named {name!r}")
    return child


def unbroken_figures(text: str) -> str:
    """``text``'s " · "-separated figures, each kept on one line ("mất gói 0.0 %" never
    leaves its "%" to the next): the line breaks only between figures."""
    return "\u00a0· ".join(part.replace(" ", "\u00a0") for part in text.split(" · "))


def _fit_widths(button: QPushButton, texts: tuple[str, ...]) -> None:
    button.ensurePolished()  # the stylesheet's padding counts
    shown = button.text()
    widths = []
    for text in texts:
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setText(shown)
    button.setMinimumWidth(max(widths))


def _set_badge(label: QLabel, text: str, state: str) -> None:
    label.setText(text)
    label.setProperty("state", state)
    label.style().unpolish(label)  # re-read the [state=...] rule
    label.style().polish(label)
    label.show()
