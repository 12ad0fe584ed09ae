"""The directory panel: a search box with type-ahead results over the national tree.

Typing shows ranked results at once (every keystroke is a query; only the newest answer is
shown); an empty box shows the tree province -> [district] -> commune, loaded as it opens.
Ctrl+K or "/" jumps to the search box; Down moves into the results; Enter picks a site.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut, QStandardItem
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QStackedWidget, QTreeView, QVBoxLayout, QWidget

from console.directory import DirectoryWorker, Site
from console.views.dnd import SiteItemModel
from console.views.futures import FutureBridge
from console.views.theme import tokens

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
LOADED_ROLE = Qt.ItemDataRole.UserRole + 2
RESULT_LIMIT = 50


def state_icon(state: str) -> QIcon:
    """A small filled dot in the theme's colour for a site state."""
    colour = tokens().get(f"state_{state}", tokens()["state_unknown"])
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


class DirectoryPanel(QWidget):
    """Find any site among thousands; emits ``site_chosen`` with the site."""

    site_chosen = Signal(object)  # Site
    site_activated = Signal(object)  # Site, on Enter / double-click: "show it now"
    error = Signal(str)

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._bridge = FutureBridge(self)
        self._bridge.failed.connect(self.error)
        self._query_serial = 0
        self._sites: dict[str, Site] = {}
        self._icons = {s: state_icon(s) for s in ("online", "stale", "offline", "unknown")}

        self.search = QLineEdit(objectName="siteSearch")
        self.search.setPlaceholderText("Tìm xã, phường… / Find a commune (Ctrl+K)")
        self.search.setClearButtonEnabled(True)
        self.hint = QLabel(self, objectName="searchHint")
        self.hint.setProperty("role", "hint")

        # Items carry site keys; dragging one onto a wall tile shows the site there.
        self.tree_model = SiteItemModel(KEY_ROLE, self)
        self.tree = QTreeView(headerHidden=True, uniformRowHeights=True)
        self.tree.setModel(self.tree_model)
        self.results_model = SiteItemModel(KEY_ROLE, self)
        self.results = QListView(uniformItemSizes=True)
        self.results.setModel(self.results_model)
        for view in (self.tree, self.results):
            view.setDragEnabled(True)
            view.setDragDropMode(view.DragDropMode.DragOnly)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addWidget(self.stack, 1)

        self.search.textChanged.connect(self._on_text)
        self.search.returnPressed.connect(self.activate_first)
        self.tree.expanded.connect(self._on_expanded)
        for view in (self.tree, self.results):
            view.clicked.connect(self._on_clicked)
            view.activated.connect(self._on_activated)
        for keys in ("Ctrl+K", "/"):
            shortcut = QShortcut(QKeySequence(keys), self.window() or self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.focus_search)
        self.search.installEventFilter(self)

        self._bridge.deliver(worker.submit(lambda d: d.children(None)), self._show_provinces)

    # --- public ---------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- search -----------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        self._query_serial += 1
        serial = self._query_serial
        if not text.strip():
            self.stack.setCurrentWidget(self.tree)
            self.hint.clear()
            return
        self.stack.setCurrentWidget(self.results)
        self._bridge.deliver(
            self._worker.submit(lambda d: d.search(text, limit=RESULT_LIMIT)),
            lambda sites: self._show_results(serial, text, sites))

    def _show_results(self, serial: int, text: str, sites: list[Site]) -> None:
        if serial != self._query_serial:
            return  # an older answer arriving after a newer keystroke
        self.results_model.clear()
        for site in sites:
            parents = " › ".join(site.path[:-1]) or site.level
            item = self._item(site, f"{site.name}\n{parents}")
            item.setToolTip(f"{site.key} · {' › '.join(site.path)}")
            self.results_model.appendRow(item)
        if sites:
            self.results.setCurrentIndex(self.results_model.index(0, 0))
            more = "+" if len(sites) == RESULT_LIMIT else ""
            self.hint.setText(f"{len(sites)}{more} kết quả / results — Enter to open")
        else:
            self.hint.setText(f"Không tìm thấy “{text}” / nothing matches")

    def activate_first(self) -> None:
        """Open the highlighted (or first) result, as Enter in the search box does."""
        index = self.results.currentIndex()
        if not index.isValid() and self.results_model.rowCount():
            index = self.results_model.index(0, 0)
        if index.isValid():
            self._on_activated(index)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        # Down from the search box walks the results without leaving the keyboard.
        if watched is self.search and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results_model.rowCount():
                row = self.results.currentIndex().row()
                row = max(0, min(self.results_model.rowCount() - 1,
                                 row + (1 if event.key() == Qt.Key.Key_Down else -1)))
                self.results.setCurrentIndex(self.results_model.index(row, 0))
                self._on_clicked(self.results.currentIndex())
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    # --- tree -------------------------------------------------------------------------

    def _show_provinces(self, provinces: list[Site]) -> None:
        self.tree_model.clear()
        for site in provinces:
            self.tree_model.appendRow(self._tree_item(site))

    def _tree_item(self, site: Site) -> QStandardItem:
        item = self._item(site, site.name)
        if site.level != "commune":
            item.appendRow(QStandardItem("…"))  # placeholder until the branch is opened
            item.setData(False, LOADED_ROLE)
        return item

    def _on_expanded(self, index: QModelIndex) -> None:
        item = self.tree_model.itemFromIndex(index)
        if item is None or item.data(LOADED_ROLE) is not False:
            return
        item.setData(True, LOADED_ROLE)
        key = item.data(KEY_ROLE)
        self._bridge.deliver(self._worker.submit(lambda d: d.children(key)),
                             lambda sites: self._fill(item, sites))

    def _fill(self, item: QStandardItem, sites: list[Site]) -> None:
        item.removeRows(0, item.rowCount())
        for site in sites:
            item.appendRow(self._tree_item(site))

    # --- shared -----------------------------------------------------------------------

    def _item(self, site: Site, text: str) -> QStandardItem:
        self._sites[site.key] = site
        item = QStandardItem(self._icons.get(site.status, self._icons["unknown"]), text)
        item.setData(site.key, KEY_ROLE)
        item.setEditable(False)
        return item

    def _site_at(self, index: QModelIndex) -> Site | None:
        key = index.data(KEY_ROLE)
        return self._sites.get(key) if key else None

    def _on_clicked(self, index: QModelIndex) -> None:
        site = self._site_at(index)
        if site is not None:
            self.site_chosen.emit(site)

    def _on_activated(self, index: QModelIndex) -> None:
        site = self._site_at(index)
        if site is not None:
            self.site_chosen.emit(site)
            self.site_activated.emit(site)
