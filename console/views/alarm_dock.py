"""The alarm dock: the hub's open alarms (New, then Acknowledged), acknowledge, the meeting.

Every console shows the same alarms (the hub keeps them). Acknowledge asks the hub; a role
that may not sees the button disabled with the reason on hover, and the hub's refusals
(already acknowledged, closed meanwhile, no such alarm) are said in the dock's message line.
The meeting row names the group now in the meeting (its sites going offline raise alarms)
and starts or ends it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.model.alarm_list import RULE_WORDS, AlarmList
from console.translatable import QT_TRANSLATE_NOOP
from console.views.elided_label import ElidedLabel
from console.views.named import named
from console.views.reasons import say_reason
from console.views.theme import tokens

COLUMNS = (
    QT_TRANSLATE_NOOP("AlarmDock", "State"),
    QT_TRANSLATE_NOOP("AlarmDock", "Alarm"),
    QT_TRANSLATE_NOOP("AlarmDock", "Site"),
    QT_TRANSLATE_NOOP("AlarmDock", "Since"),
    "×",
    QT_TRANSLATE_NOOP("AlarmDock", "Detail"),
    QT_TRANSLATE_NOOP("AlarmDock", "Acknowledged by"),
)
# The model's rule words (console/model/alarm_list.py, pure: no Qt), listed for translation here.
_RULE_WORDS = (
    QT_TRANSLATE_NOOP("AlarmDock", "offline (meeting)"),
    QT_TRANSLATE_NOOP("AlarmDock", "picture stalled"),
    QT_TRANSLATE_NOOP("AlarmDock", "loss > 10 %"),
    QT_TRANSLATE_NOOP("AlarmDock", "open mic silent"),
    QT_TRANSLATE_NOOP("AlarmDock", "hub lost"),
    QT_TRANSLATE_NOOP("AlarmDock", "hub failover"),
    QT_TRANSLATE_NOOP("AlarmDock", "no media path"),
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# An alarm's detail by its kind (the hub's and the consoles' rules, console/model/alarm_rules.py).
DETAILS = {
    "video_stalled": QT_TRANSLATE_NOOP("AlarmDock", "no new picture for {seconds} s on tile {tile} of page {page}"),
    "loss_high": QT_TRANSLATE_NOOP("AlarmDock", "packet loss {loss} % for {seconds} s"),
    "mic_silent": QT_TRANSLATE_NOOP("AlarmDock", "microphone open but silent for {seconds} s"),
    "hub_lost": QT_TRANSLATE_NOOP("AlarmDock", "hub lost for {seconds} s"),
    "hub_failover": QT_TRANSLATE_NOOP("AlarmDock", "hub {lost} lost: hub {now} took over after {seconds} s"),
    "no_media_path": QT_TRANSLATE_NOOP(
        "AlarmDock", "no working media path: direct, through NAT and relayed all failed"
    ),
}
# How a site of the meeting went offline (the hub's own alarm; the site is in its own column).
_OFFLINE_HOW = {
    "left": QT_TRANSLATE_NOOP("AlarmDock", "disconnected"),
    "stopped answering": QT_TRANSLATE_NOOP("AlarmDock", "stopped answering"),
}


def detail_text(alarm: dict) -> str:
    """An alarm's detail in the console's language; the hub's English where its kind or
    arguments are not known here (an older console's alarm, a newer rule)."""
    english, kind, args = alarm.get("detail") or "", alarm.get("detail_kind") or "", alarm.get("detail_args") or {}
    if not isinstance(args, dict):
        return english
    if kind == "site_offline":
        how = _OFFLINE_HOW.get(args.get("how", ""))
        return QCoreApplication.translate("AlarmDock", how) if how else english
    template = DETAILS.get(kind)
    if template is None:
        return english
    try:
        text = QCoreApplication.translate("AlarmDock", template).format(**args)
    except (KeyError, IndexError, ValueError):
        return english
    if kind == "hub_lost" and args.get("why"):  # and why, as the hub banner said it
        cause = english.split(": ", 1)[1] if ": " in english else ""
        text += ": " + say_reason(str(args["why"]), args, cause)
    return text


def alarm_words(alarm: dict, name_of) -> str:
    """Which alarm, for a line that must name it: "picture stalled · Xã Thượng Lâm" (its kind,
    then its site's name; a hub_lost alarm has no site)."""
    rule = alarm.get("rule") or ""
    kind = QCoreApplication.translate("AlarmDock", RULE_WORDS[rule]) if rule in RULE_WORDS else rule
    return f"{kind} · {name_of(alarm['site'])}" if alarm.get("site") else kind


class AlarmDock(QWidget):
    acknowledge_requested = Signal(int)  # alarm id
    meeting_requested = Signal(object)  # a group name, or None to end the meeting
    sound_toggled = Signal(bool)

    def __init__(self, alarms: AlarmList, name_of, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmDock")
        self.alarms = alarms
        self.name_of = name_of
        self.may_acknowledge, self.why_not_acknowledge = True, ""
        t = tokens()
        self._colours = {"new": QColor(t["state_offline"]), "acknowledged": QColor(t["text_muted"])}

        self.counts = named(QLabel(), "alarmCounts")
        self.sound = named(QCheckBox(), "alarmSound")
        self.meeting = ElidedLabel(objectName="meetingLabel")
        self.groups = named(QComboBox(), "meetingGroups")
        self.meeting_button = named(QPushButton(), "meetingButton")
        self.table = named(QTreeWidget(), "alarmTable")
        self.table.setColumnCount(len(COLUMNS))

        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setMinimumHeight(5 * self.table.fontMetrics().height() + 30)  # three rows at least
        for column, width in enumerate((92, 124, 140, 72, 26, 170)):
            self.table.setColumnWidth(column, width)
        self.acknowledge = named(QPushButton(), "acknowledgeButton")
        self.message = ElidedLabel(objectName="alarmMessage")
        self.message.setProperty("role", "hint")
        for widget in (self.sound, self.groups, self.meeting_button, self.table, self.acknowledge):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the wall

        top = QHBoxLayout()
        top.addWidget(self.counts)
        top.addSpacing(12)
        top.addWidget(self.meeting, 1)
        top.addWidget(self.groups)
        top.addWidget(self.meeting_button)
        top.addWidget(self.sound)
        bottom = QHBoxLayout()
        bottom.addWidget(self.acknowledge)
        bottom.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.acknowledge.clicked.connect(self._acknowledge_selected)
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        self.sound.toggled.connect(self.sound_toggled)
        self.meeting_button.clicked.connect(self._meeting_clicked)
        alarms.events.changed.connect(lambda *_: self.refresh())
        alarms.events.meeting_changed.connect(lambda *_: self._show_meeting())
        self._why_not_meeting: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """The dock's words in the language spoken now."""
        self.table.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.sound.setText(self.tr("Sound"))
        self.sound.setToolTip(self.tr("A chime for each new alarm"))
        self.acknowledge.setText(self.tr("Acknowledge"))
        self.groups.setAccessibleName(self.tr("Group for the meeting"))
        self.set_permissions(
            self.may_acknowledge, self.why_not_acknowledge, self._why_not_meeting is None, self._why_not_meeting or ""
        )
        self.refresh()
        self._show_meeting()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- from the window -----------------------------------------------------------------

    def set_permissions(self, acknowledge: bool, why_not_acknowledge: str, meeting: bool, why_not_meeting: str) -> None:
        self.may_acknowledge, self.why_not_acknowledge = acknowledge, why_not_acknowledge
        self._why_not_meeting = None if meeting else why_not_meeting
        self.acknowledge.setToolTip(
            self.tr("Acknowledge the selected alarm (your name is recorded)") if acknowledge else why_not_acknowledge
        )
        for widget in (self.groups, self.meeting_button):
            widget.setEnabled(meeting)
            widget.setToolTip("" if meeting else why_not_meeting)
        self._sync_buttons()

    def set_groups(self, names: list[str]) -> None:
        current = self.groups.currentText()
        self.groups.clear()
        self.groups.addItems(names)
        if current in names:
            self.groups.setCurrentText(current)
        self._show_meeting()

    def say(self, text: str, level: str = "info") -> None:
        """A line under the list: what the hub answered (a refusal says why)."""
        self.message.setText(text)
        self.message.setProperty("state", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def select(self, alarm_id: int) -> bool:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.data(0, ID_ROLE) == alarm_id:
                self.table.setCurrentItem(item)
                return True
        return False

    def selected_id(self) -> int | None:
        item = self.table.currentItem()
        return item.data(0, ID_ROLE) if item is not None and item.isSelected() else None

    # --- model -> screen --------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        self.table.clear()
        for alarm in self.alarms.ordered():
            item = QTreeWidgetItem(
                [
                    self.tr("New") if alarm.get("state") == "new" else self.tr("Acknowledged"),
                    self.tr(RULE_WORDS[alarm["rule"]]) if alarm["rule"] in RULE_WORDS else alarm["rule"],
                    self.name_of(alarm["site"]) if alarm.get("site") else "—",
                    _clock(alarm.get("raised_at")),
                    str(alarm.get("count", 1)),
                    detail_text(alarm),
                    f"{alarm['acked_by']} {_clock(alarm.get('acked_at'))}" if alarm.get("acked_by") else "",
                ]
            )
            item.setData(0, ID_ROLE, alarm["id"])
            item.setToolTip(2, alarm.get("site") or "")
            item.setToolTip(5, detail_text(alarm))
            colour = self._colours.get(alarm.get("state", ""))
            if colour is not None:
                item.setForeground(0, colour)
            self.table.addTopLevelItem(item)
        if selected is not None:
            self.select(selected)
        new, acked = self.alarms.counts["new"], self.alarms.counts["acknowledged"]
        self.counts.setText(self.tr("⚠ {new} new · {acked} acknowledged").format(new=new, acked=acked))
        self.counts.setProperty("state", "new" if new else ("acknowledged" if acked else "none"))
        self.counts.style().unpolish(self.counts)
        self.counts.style().polish(self.counts)
        self._sync_buttons()

    def _show_meeting(self) -> None:
        group = self.alarms.meeting
        self.meeting.setText(
            self.tr("Meeting: {group} ({n} sites)").format(group=group, n=self.alarms.meeting_sites)
            if group
            else self.tr("No meeting")
        )
        self.meeting_button.setText(self.tr("End meeting") if group else self.tr("Start meeting"))
        self.groups.setVisible(group is None)

    def _sync_buttons(self) -> None:
        selected = self.selected_id()
        alarm = self.alarms.get(selected) if selected is not None else None
        self.acknowledge.setEnabled(self.may_acknowledge and alarm is not None and alarm.get("state") == "new")

    def _acknowledge_selected(self) -> None:
        alarm_id = self.selected_id()
        if alarm_id is not None:
            self.acknowledge_requested.emit(alarm_id)

    def _meeting_clicked(self) -> None:
        if self.alarms.meeting:
            self.meeting_requested.emit(None)
        elif self.groups.currentText():
            self.meeting_requested.emit(self.groups.currentText())
        else:
            self.say(self.tr("no group to meet with: make one in the Groups tab first"), "warn")


def _clock(iso: object) -> str:
    """The local time of day of an ISO 8601 moment ("08:31:05"), or "" if there is none."""
    if not isinstance(iso, str) or not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso
