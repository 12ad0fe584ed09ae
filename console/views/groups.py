"""The groups tab beside the directory: named sets of sites ("the 19 provinces under Directive
16"), how many of each are online now, and what a group is for.

A new group is made from what the operator has in hand: the directory's search, province codes
typed in ("79, 80"), the province open on the board, or the sites picked on the board. A chosen
group can be toured through the wall, roll-called (a CSV for the minutes), sent to the room
wall, or deleted. The panel asks; the composition root does (``wire_groups``), and says what
came of it in the panel's message line.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.directory import DirectoryWorker, Group
from console.translatable import QT_TRANSLATE_NOOP
from console.views.elided_label import ElidedLabel
from console.views.futures import FutureBridge
from console.views.group_rules import rule_words
from console.views.i18n import BOUND_CONTEXT, bind, bind_headers, language_change
from console.views.named import named

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
translate = QCoreApplication.translate
TOUR = QT_TRANSLATE_NOOP("Console", "Tour")
TOUR_TIP = QT_TRANSLATE_NOOP("Console", "Page the wall through the group's sites")


class GroupsPanel(QWidget):
    create_from_search = Signal(str, str)  # name ("" for a default), the search text
    create_from_provinces = Signal(str, str)  # name, the codes as typed ("79, 80")
    tour_requested = Signal(str)  # group name
    roll_call_requested = Signal(str)
    room_wall_requested = Signal(str)
    delete_requested = Signal(str)
    groups_changed = Signal(list)  # the group names, after each refresh

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupsPanel")
        self._worker = worker
        self._bridge = FutureBridge(self)
        self._bridge.failed.connect(lambda text: self.say(text, "warn"))
        self.members: dict[str, list[str]] = {}
        self.online: set[str] = set()
        self.touring = ""  # the group the wall tours now ("" for none)
        self.name = named(QLineEdit(), "groupName")
        bind(self.name, "placeholderText", QT_TRANSLATE_NOOP("Console", "new group's name"))
        bind(self.name, "accessibleName", QT_TRANSLATE_NOOP("Console", "new group's name"))
        self.provinces = named(QLineEdit(), "groupProvinces")
        bind(self.provinces, "placeholderText", QT_TRANSLATE_NOOP("Console", "codes: 79, 80"))
        bind(self.provinces, "accessibleName", QT_TRANSLATE_NOOP("Console", "province codes"))
        self.from_search = named(QPushButton(), "groupFromSearch")
        bind(self.from_search, "text", QT_TRANSLATE_NOOP("Console", "From the search"))
        bind(
            self.from_search,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "The directory's search results (Ctrl+K) make the group"),
        )
        self.from_provinces = named(QPushButton(), "groupFromProvinces")
        bind(self.from_provinces, "text", QT_TRANSLATE_NOOP("Console", "From provinces"))
        bind(
            self.from_provinces,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "Every site of the provinces whose codes are typed beside"),
        )
        self.table = named(QTreeWidget(), "groupTable")
        bind_headers(
            self.table,
            (
                QT_TRANSLATE_NOOP("Console", "Group"),
                QT_TRANSLATE_NOOP("Console", "Sites"),
                QT_TRANSLATE_NOOP("Console", "Online"),
                QT_TRANSLATE_NOOP("Console", "Made from"),
            ),
        )
        self.table.setRootIsDecorated(False)
        self.tour = named(QPushButton(), "groupTour")
        self.roll_call = named(QPushButton(), "groupRollCall")
        bind(self.roll_call, "text", QT_TRANSLATE_NOOP("Console", "Roll-call…"))
        bind(
            self.roll_call,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "Who is present and absent now, as a CSV file for the minutes"),
        )
        self.room_wall = named(QPushButton(), "groupRoomWall")
        bind(self.room_wall, "text", QT_TRANSLATE_NOOP("Console", "Room wall"))
        bind(self.room_wall, "toolTip", QT_TRANSLATE_NOOP("Console", "Show the group on the room's big screen"))
        self.delete = named(QPushButton(), "groupDelete")
        bind(self.delete, "text", QT_TRANSLATE_NOOP("Console", "Delete"))
        self.message = ElidedLabel(objectName="groupMessage")
        self.message.setProperty("role", "hint")
        self.search_text = lambda: ""  # the directory's search, given by the composition root
        for button in (
            self.from_search,
            self.from_provinces,
            self.table,
            self.tour,
            self.roll_call,
            self.room_wall,
            self.delete,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        make = QGridLayout()
        make.addWidget(self.name, 0, 0, 1, 2)
        make.addWidget(self.from_search, 1, 0, 1, 2)
        make.addWidget(self.provinces, 2, 0)
        make.addWidget(self.from_provinces, 2, 1)
        use = QGridLayout()
        for i, button in enumerate((self.tour, self.roll_call, self.room_wall, self.delete)):
            use.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(make)
        hint = QLabel(wordWrap=True)
        bind(
            hint,
            "text",
            QT_TRANSLATE_NOOP("Console", "or on the board (B): a province, or sites picked with Ctrl+click"),
        )
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(use)
        layout.addWidget(self.message)

        self.from_search.clicked.connect(
            lambda: self.create_from_search.emit(self.name.text().strip(), self.search_text())
        )
        self.from_provinces.clicked.connect(
            lambda: self.create_from_provinces.emit(self.name.text().strip(), self.provinces.text())
        )
        self.tour.clicked.connect(self._tour_clicked)
        for button, signal in ((self.roll_call, self.roll_call_requested), (self.room_wall, self.room_wall_requested)):
            button.clicked.connect(lambda *_, s=signal: self._ask_for_chosen(s))
        self.delete.clicked.connect(self.confirm_delete)
        self.table.itemSelectionChanged.connect(self._sync)
        language_change(self, self._sync)
        self.refresh()

    # --- public ---------------------------------------------------------------------

    def refresh(self, choose: str = "") -> None:
        """Read the groups and their members again (after a change), then choose ``choose``."""

        def load(d):
            return [(g, [s.key for s in d.group_sites(g.name)]) for g in d.groups()]

        self._bridge.deliver(self._worker.submit(load), lambda groups: self._show(groups, choose))

    def chosen(self) -> str:
        item = self.table.currentItem()
        return item.data(0, NAME_ROLE) if item is not None and item.isSelected() else ""

    def choose(self, name: str) -> bool:
        for item in self._items():
            if item.data(0, NAME_ROLE) == name:
                self.table.setCurrentItem(item)
                return True
        return False

    def confirm_delete(self) -> QMessageBox | None:
        """Ask, naming the group, before it is deleted (one click, then the answer)."""
        name = self.chosen()
        if not name:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete group"),
            self.tr("Delete the group “{group}” ({n} sites)? Its sites stay in the directory.").format(
                group=name, n=f"{len(self.members.get(name, [])):,}"
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmGroupDelete")
        yes = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)

        def answered(_result: int) -> None:
            if box.clickedButton() is yes:
                self.delete_requested.emit(name)

        box.finished.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()  # window-modal: the wall goes on while it asks
        return box

    def set_online(self, online: set[str]) -> None:
        """Who is online now: each group's "Online" column follows."""
        self.online = online
        for item in self._items():
            keys = self.members.get(item.data(0, NAME_ROLE), [])
            item.setText(2, f"{sum(k in online for k in keys):,}")

    def set_touring(self, name: str) -> None:
        """The wall tours group ``name`` now ("" for none): its Tour button stops the tour."""
        self.touring = name
        self._sync()

    def say(self, text: str, level: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("state", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- screen ---------------------------------------------------------------------------

    def _items(self) -> Iterator[QTreeWidgetItem]:
        """The table's rows, one item per group."""
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None:
                yield item

    def _tour_clicked(self) -> None:
        """Tour the chosen group, or stop the tour (the button says which)."""
        if self.chosen() or self.touring:
            self.tour_requested.emit(self.touring if self.tour.property("touring") else self.chosen())

    def _ask_for_chosen(self, request: SignalInstance) -> None:
        if self.chosen():
            request.emit(self.chosen())

    def _show(self, groups: list[tuple[Group, list[str]]], choose: str = "") -> None:
        chosen = choose or self.chosen()
        self.table.clear()
        self.members = {g.name: keys for g, keys in groups}
        for group, _keys in groups:
            rule = rule_words(group.rule)
            item = QTreeWidgetItem([group.name, f"{group.active_members:,}", "", rule])
            item.setData(0, NAME_ROLE, group.name)
            item.setToolTip(3, rule)
            self.table.addTopLevelItem(item)
        self.set_online(self.online)
        if chosen:
            self.choose(chosen)
        self._sync()
        self.groups_changed.emit([g.name for g, _ in groups])

    def _sync(self) -> None:
        for button in (self.roll_call, self.room_wall, self.delete):
            button.setEnabled(bool(self.chosen()))
        stops = bool(self.touring) and self.chosen() in ("", self.touring)
        self.tour.setEnabled(stops or bool(self.chosen()))
        self.tour.setProperty("touring", stops)
        if stops:  # the way back to the wall's own sites, in sight while the group tours
            text = self.tr("Stop tour")
            self.tour.setToolTip(
                self.tr("Stop touring {group}: the wall shows its own sites again").format(group=repr(self.touring))
            )
        else:
            text = translate(BOUND_CONTEXT, TOUR)
            self.tour.setToolTip(translate(BOUND_CONTEXT, TOUR_TIP))
        self.tour.setText(text)
        self.tour.setAccessibleName(text)
