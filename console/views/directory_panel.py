"""The directory panel: a search box with type-ahead results over the national tree.

Typing shows ranked results at once (every keystroke is a query; only the newest answer is
shown); an empty box shows the tree province -> [district] -> commune, loaded as it opens.
Ctrl+K or "/" jumps to the search box; Up and Down walk the results; Enter shows a commune
on the wall, or lists the communes of a province or district (they join, it does not); Esc
clears the box and gives the keyboard back to the wall. The lists take clicks and drags,
never the keyboard: outside the search box, keys belong to the wall.

Dots say what the hub says now: green online, red offline, grey never joined; a province or
district is green while any of its sites is online and says how many.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut, QStandardItem
from PySide6.QtWidgets import QLineEdit, QListView, QStackedWidget, QTreeView, QVBoxLayout, QWidget

from console.directory import DirectoryWorker, Site
from console.directory.store import SearchAnswer
from console.translatable import QT_TRANSLATE_NOOP
from console.views.dnd import SiteItemModel
from console.views.elided_label import ElidedLabel
from console.views.futures import FutureBridge
from console.views.named import named
from console.views.site_panel import level_name
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


def _counted_under(site: Site) -> set[str]:
    """The district and province whose online counts ``site`` is in (itself not)."""
    return {parent for parent in (site.parent_key, site.province_key) if parent is not None and parent != site.key}


class DirectoryPanel(QWidget):
    """Find any site among thousands; emits ``site_chosen`` with the site."""

    site_chosen = Signal(object)  # Site
    site_activated = Signal(object)  # Site that can join, on Enter / double-click: "show it now"
    children_opened = Signal(object, int)  # Site (a province or district) whose sites are listed, count
    finished = Signal()  # Esc in the search box: the keyboard goes back to the wall
    error = Signal(str)

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._bridge = FutureBridge(self)
        self._bridge.failed.connect(self.error)
        self._query_serial = 0
        self._shown_serial = 0  # the query whose answer the results show
        self._enter_pending = False  # Enter came before the answer to what was typed
        self._sites: dict[str, Site] = {}
        self._icons = {s: state_icon(s) for s in ("online", "stale", "offline", "unknown")}
        self._online: set[str] = set()
        self._online_under: dict[str, set[str]] = {}  # province/district -> its online sites
        self._tree_items: dict[str, QStandardItem] = {}  # key -> its row in the tree
        self._result_items: dict[str, QStandardItem] = {}  # key -> its row in the results
        self._opened: Site | None = None  # the province or district whose sites are listed

        self.search = named(QLineEdit(), "siteSearch")
        self.search.setClearButtonEnabled(True)
        self.retranslate()
        self.hint = ElidedLabel(parent=self, objectName="searchHint")
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
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        self.results.activated.connect(self._on_activated)
        self.tree.activated.connect(self._on_tree_activated)
        for keys in ("Ctrl+K", "/"):
            shortcut = QShortcut(QKeySequence(keys), self.window() or self)
            shortcut.setWhatsThis(QT_TRANSLATE_NOOP("Shortcuts", "find a site (Esc gives the keys back to the wall)"))
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(self.focus_search)
        self.search.installEventFilter(self)

        self._bridge.deliver(worker.submit(lambda d: d.children(None)), self._show_provinces)

    # --- public ---------------------------------------------------------------------

    def retranslate(self) -> None:
        """The search box's words in the language spoken now."""
        self.search.setPlaceholderText(self.tr("Find a commune, ward… (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Find a site"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_presence(self, site: Site, online: bool) -> None:
        """The hub says ``site`` is (not) online: its dot and its parents' follow."""
        key = site.key
        if online == (key in self._online):
            return
        (self._online.add if online else self._online.discard)(key)
        self._sites.setdefault(key, site)
        for parent in _counted_under(site):
            under = self._online_under.setdefault(parent, set())
            (under.add if online else under.discard)(key)
            self._refresh_items(parent)
        self._refresh_items(key)

    def set_presence_many(self, changes: list[tuple[Site, bool]]) -> None:
        """Many sites at once (a province dropping off): each parent row is redrawn
        once, not once per site."""
        touched: set[str] = set()
        for site, online in changes:
            key = site.key
            if online == (key in self._online):
                continue
            (self._online.add if online else self._online.discard)(key)
            self._sites.setdefault(key, site)
            for parent in _counted_under(site):
                under = self._online_under.setdefault(parent, set())
                (under.add if online else under.discard)(key)
                touched.add(parent)
            touched.add(key)
        for key in touched:
            self._refresh_items(key)

    def can_join(self, site: Site) -> bool:
        """Communes join; anything else only if it is online now (a hand-issued token)."""
        return site.level == "commune" or site.key in self._online

    def dot_state(self, site: Site) -> str:
        """ "online", "offline" (joined before) or "unknown" (never joined), as the dot shows."""
        if site.key in self._online or self._online_under.get(site.key):
            return "online"
        return "offline" if site.status in ("online", "offline") else "unknown"

    # --- search -----------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        self._query_serial += 1
        self._opened = None
        self._enter_pending = False
        serial = self._query_serial
        if not text.strip():
            self.stack.setCurrentWidget(self.tree)
            self.hint.clear()
            return
        self.stack.setCurrentWidget(self.results)
        self._bridge.deliver(
            self._worker.submit(lambda d: d.search_answer(text, limit=RESULT_LIMIT)),
            lambda answer: self._show_results(serial, text, answer),
        )

    def _show_results(self, serial: int, text: str, answer: SearchAnswer) -> None:
        if serial != self._query_serial:
            return  # an older answer arriving after a newer keystroke
        self._shown_serial = serial
        sites = answer.sites
        self._fill_results(sites)
        more = "+" if len(sites) == RESULT_LIMIT else ""
        if answer.respelled and not answer.exact:
            # What was found first: a narrow panel cuts the end of the hint.
            self.hint.setText(
                self.tr("close: “{found}” (no “{typed}”) — Enter to open").format(found=answer.respelled[0], typed=text)
            )
        elif answer.respelled:
            self.hint.setText(self.tr("{n} results, then close spellings — Enter to open").format(n=answer.exact))
        elif sites:
            self.hint.setText(self.tr("{n} results — Enter to open").format(n=f"{len(sites)}{more}"))
        else:
            self.hint.setText(self.tr("nothing matches “{typed}”").format(typed=text))
        if self._enter_pending:
            self._enter_pending = False
            self.activate_first()

    def _fill_results(self, sites: list[Site]) -> None:
        self.results_model.clear()
        self._result_items = {}
        for site in sites:
            item = self._result_items[site.key] = self._item(site, self._result_text(site))
            self.results_model.appendRow(item)
        if sites:
            self.results.setCurrentIndex(self.results_model.index(0, 0))

    def _result_text(self, site: Site) -> str:
        parents = " › ".join(site.path[:-1]) or level_name(site.level)
        return f"{self._label(site)}\n{parents}"

    def open_children(self, site: Site) -> None:
        """List the sites of a province or district in the results (what its Enter does)."""
        self._query_serial += 1
        serial = self._query_serial
        self.stack.setCurrentWidget(self.results)
        self._bridge.deliver(
            self._worker.submit(lambda d: d.children(site.key)), lambda sites: self._show_children(serial, site, sites)
        )

    def _show_children(self, serial: int, parent: Site, sites: list[Site]) -> None:
        if serial != self._query_serial:
            return
        self._shown_serial = serial
        self._opened = parent
        self._fill_results(sites)
        online = len(self._online_under.get(parent.key, ()))
        self.hint.setText(
            self.tr("{name}: {n} · {online} online — Enter opens · Esc back").format(
                name=parent.name, n=len(sites), online=online
            )
        )
        self.children_opened.emit(parent, len(sites))

    def activate_first(self) -> None:
        """Open the highlighted (or first) result, as Enter in the search box does.

        Enter typed before the answer to the last keystroke arrived waits for that answer:
        the results on screen then belong to older text and must not be opened.
        """
        if self._shown_serial != self._query_serial and self.search.text().strip():
            self._enter_pending = True
            return
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
                row = max(
                    0, min(self.results_model.rowCount() - 1, row + (1 if event.key() == Qt.Key.Key_Down else -1))
                )
                self.results.setCurrentIndex(self.results_model.index(row, 0))
                self._on_clicked(self.results.currentIndex())
                return True
            if event.key() == Qt.Key.Key_Escape:
                if self._opened is not None and self.search.text().strip():
                    self._on_text(self.search.text())  # back from a province's list to the results
                else:
                    self.search.clear()
                    self.finished.emit()
                return True
        return super().eventFilter(watched, event)

    # --- tree -------------------------------------------------------------------------

    def _show_provinces(self, provinces: list[Site]) -> None:
        self.tree_model.clear()
        self._tree_items = {}
        for site in provinces:
            self.tree_model.appendRow(self._tree_item(site))

    def _tree_item(self, site: Site) -> QStandardItem:
        item = self._tree_items[site.key] = self._item(site, self._label(site))
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
        self._bridge.deliver(self._worker.submit(lambda d: d.children(key)), lambda sites: self._fill(item, sites))

    def _fill(self, item: QStandardItem, sites: list[Site]) -> None:
        item.removeRows(0, item.rowCount())  # the "…" placeholder
        for site in sites:
            item.appendRow(self._tree_item(site))

    # --- shared -----------------------------------------------------------------------

    def _item(self, site: Site, text: str) -> QStandardItem:
        self._sites[site.key] = site
        item = QStandardItem(self._icons[self.dot_state(site)], text)
        item.setData(site.key, KEY_ROLE)
        item.setToolTip(f"{site.key} · {' › '.join(site.path)}")
        item.setEditable(False)
        return item

    def _label(self, site: Site) -> str:
        online = len(self._online_under.get(site.key, ()))
        return self.tr("{name} · {online} online").format(name=site.name, online=online) if online else site.name

    def _refresh_items(self, key: str) -> None:
        site = self._sites.get(key)
        if site is None:
            return
        icon = self._icons[self.dot_state(site)]
        if (item := self._tree_items.get(key)) is not None:
            item.setIcon(icon)
            item.setText(self._label(site))
        if (item := self._result_items.get(key)) is not None:
            item.setIcon(icon)
            item.setText(self._result_text(site))

    def _site_at(self, index: QModelIndex) -> Site | None:
        key = index.data(KEY_ROLE)
        return self._sites.get(key) if key else None

    def _on_clicked(self, index: QModelIndex) -> None:
        site = self._site_at(index)
        if site is not None:
            self.site_chosen.emit(site)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        site = self._site_at(index)
        if site is not None and self.can_join(site):
            self._on_activated(index)
        # a province or district row opens in place (the tree expands it on double-click)

    def _on_activated(self, index: QModelIndex) -> None:
        site = self._site_at(index)
        if site is None:
            return
        self.site_chosen.emit(site)
        if self.can_join(site):
            self.site_activated.emit(site)
        else:
            self.open_children(site)
