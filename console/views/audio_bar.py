"""The room's audio at a glance: open microphones, the talk, master volume, mute all."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from console.views.elided_label import ElidedLabel
from console.views.named import named


class AudioBar(QWidget):
    """Emits the operator's requests; shows what ``show_room`` is told.

    The room summary grows with hands and talks; it is elided in a place of its own, so the
    bar (and the wall and docks around it) never change width with it. Its controls take
    clicks, not the keyboard, which stays with the wall.
    """

    volume_changed = Signal(float)  # 0.0 .. 1.0
    mute_all_requested = Signal()
    follow_speaker_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audioBar")
        self.summary = ElidedLabel(objectName="roomSummary")
        self.summary.setProperty("role", "hint")
        self.device = named(QLabel(), "audioDevice")
        self.device.setProperty("role", "hint")
        self.follow = named(QCheckBox(), "followSpeaker")
        self.mute_all = named(QPushButton(), "muteAll")
        self.volume = named(QSlider(Qt.Orientation.Horizontal), "masterVolume")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume_label = named(QLabel(), "volumeLabel")
        self.volume.setFixedWidth(110)
        for control in (self.follow, self.mute_all, self.volume):
            control.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 4)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.device)
        for widget in (self.follow, self.mute_all, self.volume_label, self.volume):
            layout.addWidget(widget)
        self.volume.valueChanged.connect(lambda v: self.volume_changed.emit(v / 100.0))
        self.mute_all.clicked.connect(self.mute_all_requested)
        self.follow.toggled.connect(self.follow_speaker_changed)
        self.may_mute = True
        self._why_not = ""
        self._room: tuple[int, list[str], str] = (0, [], "")
        self.retranslate()

    def retranslate(self) -> None:
        """The bar's words in the language spoken now."""
        self.follow.setText(self.tr("Follow speaker"))
        self.follow.setToolTip(self.tr("Focus whoever speaks (at most one change every 2 s)"))
        self.mute_all.setText(self.tr("Mute all"))
        self.mute_all.setAccessibleName(self.mute_all.text())
        self.volume.setToolTip(self.tr("Room volume: the mix of open microphones"))
        self.volume.setAccessibleName(self.tr("Room volume"))
        self.volume_label.setText(self.tr("Vol"))
        self.set_may_mute(self.may_mute, self._why_not)
        self.show_room(*self._room)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_room(self, open_mics: int, hands: list[str], talking: str) -> None:
        """``open_mics`` counted, names of sites with a hand up, the site in the talk."""
        # The talk first: where the bar is narrow the end of the text is what gets cut.
        self._room = (open_mics, list(hands), talking)
        parts = [self.tr("talking with {site}").format(site=talking)] if talking else []
        parts.append(
            self.tr("{n} mic open").format(n=open_mics)
            if open_mics == 1
            else self.tr("{n} mics open").format(n=open_mics)
        )
        if hands:
            parts.append(
                (self.tr("{n} hand up: {names}") if len(hands) == 1 else self.tr("{n} hands up: {names}")).format(
                    n=len(hands), names=", ".join(hands)
                )
            )
        self.summary.setText(" · ".join(parts))
        self._open_mics = open_mics
        self.mute_all.setEnabled(open_mics > 0 and self.may_mute)

    def set_may_mute(self, allowed: bool, why: str = "") -> None:
        """Whether this console's role may mute; the button says why not on hover."""
        self.may_mute = allowed
        self._why_not = why
        self.mute_all.setToolTip(self.tr("Close every open microphone (Shift+M)") if allowed else why)
        self.mute_all.setEnabled(allowed and getattr(self, "_open_mics", 0) > 0)

    def show_device(self, text: str, problem: bool = False) -> None:
        self.device.setText(text)
        self.device.setProperty("state", "offline" if problem else "")
        self.device.style().unpolish(self.device)
        self.device.style().polish(self.device)
