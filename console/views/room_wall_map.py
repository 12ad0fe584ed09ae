"""A small map of the room's wall on a presenter's or operator's desk.

It mirrors the hub's room wall (a WallModel kept in step with ``wall_state``): each tile with
its site's name, the focus outlined, who changed it last and whether it is locked. A site
dragged from the directory onto a tile is pushed there; a click focuses that tile on the
room's screen; the layout box and the lock change the room wall. Nothing here touches the
operator's own wall. A role that may not change the room wall sees the map and nothing to press.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.model import WallModel
from console.model.geometry import hit_test, slot_rects
from console.model.layouts import LAYOUTS
from console.translatable import QT_TRANSLATE_NOOP
from console.views.dnd import dropped_site
from console.views.i18n import bind
from console.views.symbols import lock_icon
from console.views.theme import tokens


class RoomWallMap(QWidget):
    push_requested = Signal(str, int)  # site key, slot
    focus_requested = Signal(int)  # slot
    layout_requested = Signal(str)  # layout name
    lock_requested = Signal(bool)  # lock (True) or unlock

    def __init__(self, model: WallModel, name_of, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomWallMap")
        self.model = model
        self.name_of = name_of
        self.can_change = True
        self.locked_by: str | None = None
        self.operator = ""
        self.changed_by: str | None = None
        self._state_shown = False  # the status line says nothing before the hub's first state
        self._why_not = ""
        self._lock_icon = lock_icon(tokens()["text"])
        self.canvas = _MapCanvas(self)
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("roomWallLayout")
        self.layout_box.addItems(list(LAYOUTS))
        self.layout_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock = QPushButton(self.tr("Lock"))
        self.lock.setObjectName("roomWallLock")
        self.lock.setCheckable(True)
        self.lock.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel()
        self.status.setObjectName("roomWallStatus")
        self.status.setProperty("role", "hint")
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        layout_label = QLabel()
        bind(layout_label, "text", QT_TRANSLATE_NOOP("Console", "Layout"))
        bind(self.layout_box, "accessibleName", QT_TRANSLATE_NOOP("Console", "Room wall layout"))
        bar.addWidget(layout_label)
        bar.addWidget(self.layout_box, 1)
        bar.addWidget(self.lock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)
        self.layout_box.activated.connect(lambda i: self.layout_requested.emit(self.layout_box.itemText(i)))
        # Lock when free, unlock when ours; the hub says what the wall is (show_state), the
        # button only asks.
        self.lock.clicked.connect(lambda *_: self.lock_requested.emit(self.locked_by is None))
        for signal in (
            model.events.layout_changed,
            model.events.assignments_changed,
            model.events.focus_changed,
            model.events.placements_changed,
            model.events.pins_changed,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def set_permission(self, can_change: bool, why: str = "") -> None:
        """Whether this console's role may change the room wall; ``why`` shows on hover if not."""
        self.can_change = can_change
        self.setAcceptDrops(can_change)
        for widget in (self.layout_box, self.lock):
            widget.setEnabled(can_change)
            widget.setToolTip("" if can_change else why)
        self._why_not = why
        self._show_tips()
        self.refresh()

    def _show_tips(self) -> None:
        self.canvas.setToolTip(
            self.tr("Drop a site on a tile to show it on the room's screen; click a tile to focus it")
            if self.can_change
            else self._why_not
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """The status line and the buttons in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._show_tips()
            self._show_status()
            self.refresh()
        super().changeEvent(event)

    def show_state(self, by: str | None, locked_by: str | None, operator: str) -> None:
        self.locked_by, self.operator, self.changed_by = locked_by, operator, by
        self._state_shown = True
        self.refresh()
        self._show_status()

    def _show_status(self) -> None:
        if not self._state_shown:
            return
        by, locked_by = self.changed_by, self.locked_by
        changed = self.tr("last change by {name}").format(name=by) if by else self.tr("not changed yet")
        lock = self.tr(" · locked by {name}").format(name=locked_by) if locked_by else ""
        self.status.setText(
            self.tr("Room wall · {layout} · {changed}").format(layout=self.model.layout.name, changed=changed) + lock
        )

    def refresh(self, *_: object) -> None:
        self.layout_box.setCurrentText(self.model.layout.name)
        mine = self.locked_by == self.operator and self.locked_by is not None
        self.lock.setChecked(self.locked_by is not None)
        self.lock.setText(self.tr("Unlock") if mine else (self.tr("Locked") if self.locked_by else self.tr("Lock")))
        self.lock.setIcon(self._lock_icon if self.locked_by else QIcon())  # drawn: no font has the padlock
        self.lock.setAccessibleName(self.lock.text())
        self.lock.setEnabled(self.can_change and (self.locked_by is None or mine))
        self.canvas.update()

    # --- drops onto tiles --------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self.can_change and dropped_site(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        pos = self.canvas.mapFrom(self, event.position().toPoint())
        if self.can_change and dropped_site(event.mimeData()) and self.canvas.slot_at(pos) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        key = dropped_site(event.mimeData())
        slot = self.canvas.slot_at(self.canvas.mapFrom(self, event.position().toPoint()))
        if key and slot is not None:
            self.push_requested.emit(key, slot)
            event.acceptProposedAction()


class _MapCanvas(QWidget):
    def __init__(self, owner: RoomWallMap) -> None:
        super().__init__(owner)
        self.setObjectName("roomWallCanvas")
        self.owner = owner
        self.setMinimumHeight(120)
        self._tokens = tokens()

    def rects(self) -> list:
        return slot_rects(self.owner.model.layout, max(1, self.width()), max(1, self.height()), gap=3)

    def slot_at(self, pos: QPoint) -> int | None:
        return hit_test(self.rects(), pos.x(), pos.y())

    def mousePressEvent(self, event) -> None:  # noqa: N802
        slot = self.slot_at(event.position().toPoint())
        if slot is not None and self.owner.can_change:
            self.owner.focus_requested.emit(slot)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        t = self._tokens
        model = self.owner.model
        sites = model.assignments()
        for slot, rect in enumerate(self.rects()):
            box = QRect(rect.x, rect.y, rect.w, rect.h)
            painter.fillRect(box, QColor(t["surface_raised"]))
            focused = slot == model.focus
            painter.setPen(QPen(QColor(t["accent"] if focused else t["border"]), 2 if focused else 1))
            painter.drawRect(box.adjusted(0, 0, -1, -1))
            key = sites[slot] if slot < len(sites) else None
            painter.setPen(QColor(t["text"] if key else t["text_muted"]))
            text = self.owner.name_of(key) if key else "—"
            label = f"{slot + 1}  {text}"
            painter.drawText(
                box.adjusted(4, 2, -4, -2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, max(8, (box.width() - 8) * 2)),
            )
        painter.end()
