"""The data panel: an indicator's national and province trends, a sortable table of
provinces in threshold colours, the data's own "last updated" time, and whether the source is
current or stale (with the reason). Sample data says so in the panel's title, its badge, the
charts' titles and the table's header, so it cannot pass for real figures.

It takes ``FeedState``s (``show_state``) and a ``ProvinceSelection``; it writes back only by
selecting a province there, or by asking for a data tile on the wall (``wall_requested``).
"""

from __future__ import annotations

import time
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.data import NATIONAL, Dataset, FeedState
from console.data.feed import MALFORMED, OLD, UNREACHABLE
from console.model.province_selection import ProvinceSelection
from console.translatable import QT_TRANSLATE_NOOP
from console.views.date_axis import LocalDateAxis
from console.views.elided_label import ElidedLabel
from console.views.i18n import bind
from console.views.named import named
from console.views.theme import tokens

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SAMPLE_BADGE = QT_TRANSLATE_NOOP("Console", "SAMPLE DATA")
MIN_TABLE_PX = 300
CELL_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    KEY_ROLE,
    SORT_ROLE,
)
COLUMNS = (
    QT_TRANSLATE_NOOP("DataPanel", "Province"),
    QT_TRANSLATE_NOOP("DataPanel", "Value"),
    "±",
    QT_TRANSLATE_NOOP("DataPanel", "Level"),
)
COLUMN_TIPS = (
    QT_TRANSLATE_NOOP("DataPanel", "Province (click: its trend; the directory shows it)"),
    QT_TRANSLATE_NOOP("DataPanel", "Value, latest"),
    QT_TRANSLATE_NOOP("DataPanel", "Change since the point before"),
    QT_TRANSLATE_NOOP("DataPanel", "Level against the indicator's thresholds"),
)
LEVEL_WORDS = {
    "ok": "",
    "warn": QT_TRANSLATE_NOOP("DataPanel", "Warning"),
    "alert": QT_TRANSLATE_NOOP("DataPanel", "Alert"),
}
LEVEL_TIPS = {
    "ok": "",
    "warn": QT_TRANSLATE_NOOP("DataPanel", "warning threshold reached"),
    "alert": QT_TRANSLATE_NOOP("DataPanel", "alert threshold reached"),
}
STATUS_WORDS = {
    "current": QT_TRANSLATE_NOOP("DataPanel", "CURRENT"),
    "stale": QT_TRANSLATE_NOOP("DataPanel", "STALE"),
    "waiting": QT_TRANSLATE_NOOP("DataPanel", "WAITING"),
}


translate = QCoreApplication.translate


def _tr(source: str) -> str:
    """A text marked QT_TRANSLATE_NOOP("DataPanel", …), translated now."""
    return translate("DataPanel", source) if source else ""


def stale_reason(state: FeedState) -> str:
    """Why ``state`` is stale, in the console's language (the technical part, as the source or
    the payload gave it, kept as it is)."""
    if state.problem == OLD and state.age_s is not None and state.max_age_s is not None:
        return translate(
            "DataPanel", "the source answers, but its data is {age} min old (more than {limit} min)"
        ).format(age=f"{state.age_s / 60:.0f}", limit=f"{state.max_age_s / 60:g}")
    if state.problem == MALFORMED and state.detail:
        return translate("DataPanel", "malformed payload at {where}").format(where=state.detail)
    if state.problem == UNREACHABLE and state.detail:
        return translate("DataPanel", "the source cannot be read: {error}").format(error=state.detail)
    return state.reason


def sample_mark() -> str:
    """The words that follow a title of sample figures (" · SAMPLE DATA")."""
    return " · " + QCoreApplication.translate("Console", SAMPLE_BADGE)


class DataPanel(QWidget):
    """Shows one indicator of the feed's data; ``select_indicator`` or the combo picks it."""

    wall_requested = Signal(str)  # a data tile's key, e.g. "data:new_cases"

    def __init__(self, selection: ProvinceSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self.selection = selection
        self.state: FeedState | None = None
        self.indicator = ""
        self._colours = tokens()
        self._rows: dict[str, int] = {}
        self._limits: dict[str, float | None] = {}

        self.sample_badge = named(QLabel(), "sampleBadge")
        bind(self.sample_badge, "text", SAMPLE_BADGE)
        self.sample_badge.setProperty("role", "badge")
        self.title = ElidedLabel(objectName="dataTitle")
        self.indicators = named(QComboBox(), "indicatorChoice")
        self.indicators.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.indicators.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_badge = named(QLabel(), "dataStatus")
        self.status_badge.setProperty("role", "badge")
        self.updated = named(QLabel(), "dataUpdated")
        self.wall_button = named(QPushButton(), "dataToWall")
        bind(self.wall_button, "text", QT_TRANSLATE_NOOP("Console", "On the wall"))
        bind(
            self.wall_button,
            "toolTip",
            QT_TRANSLATE_NOOP(
                "Console", "Show this indicator as a tile on the video wall (the focus tile of this page)"
            ),
        )
        bind(self.indicators, "accessibleName", QT_TRANSLATE_NOOP("Console", "Indicator"))
        self.wall_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The second line: why the data is stale (amber), else where it comes from (muted).
        self.reason = ElidedLabel(objectName="dataReason")
        self.reason.setProperty("role", "hint")

        self.national_plot = _plot(self._colours)
        self.province_plot = _plot(self._colours)
        pen = lambda colour: pg.mkPen(self._colours[colour], width=2)  # noqa: E731
        self.national_curve = self.national_plot.plot(pen=pen("accent"))
        self.province_curve = self.province_plot.plot(pen=pen("state_online"))
        self.thresholds = {
            level: pg.InfiniteLine(
                angle=0, movable=False, pen=pg.mkPen(self._colours[colour], width=1, style=Qt.PenStyle.DashLine)
            )
            for level, colour in (("warn", "state_stale"), ("alert", "state_offline"))
        }
        for line in self.thresholds.values():
            self.province_plot.addItem(line)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        # Sorted when asked (a header click, new data) and never by a changed cell: new figures
        # arriving while the operator points at a row must not move the rows under the pointer.
        self.proxy.setDynamicSortFilter(False)
        self._pointer_in_table = False
        self._resort_when_pointer_leaves = False
        self.table = named(QTableView(), "provinceTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self._header_tips()
        self.table.clicked.connect(self._on_row_clicked)
        self.table.viewport().installEventFilter(self)

        header = QHBoxLayout()
        header.setSpacing(8)
        for widget, stretch in (
            (self.sample_badge, 0),
            (self.indicators, 0),
            (self.status_badge, 0),
            (self.updated, 1),
            (self.wall_button, 0),
        ):
            header.addWidget(widget, stretch)
        self.title.hide()  # the title goes on the second line (``reason``) while the data is current
        body = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.national_plot, self.province_plot, self.table):
            body.addWidget(pane)
        # The table names the provinces: it keeps room for them when the dock is narrow (the
        # bottom docks share 1920 px three ways), and the charts give way first.
        self.table.setMinimumWidth(MIN_TABLE_PX)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        body.setStretchFactor(2, 2)
        body.setSizes([240, 240, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.reason)
        layout.addWidget(body, 1)

        self.indicators.currentIndexChanged.connect(self._on_indicator_chosen)
        self.wall_button.clicked.connect(self._to_wall)
        selection.changed.connect(self._on_province_changed)
        self.show_state(None)

    def _to_wall(self) -> None:
        if self.indicator:
            self.wall_requested.emit(f"data:{self.indicator}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """Say every text again in the new language (charts' titles, table, status)."""
        if event.type() == QEvent.Type.LanguageChange:
            self._show_status(self.state)
            self._show_data()
        super().changeEvent(event)

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The pointer over the table's rows holds their order; it is sorted again as it leaves."""
        if watched is self.table.viewport():
            if event.type() == QEvent.Type.Enter:
                self._pointer_in_table = True
            elif event.type() == QEvent.Type.Leave:
                self._pointer_in_table = False
                if self._resort_when_pointer_leaves:
                    self._resort_when_pointer_leaves = False
                    header = self.table.horizontalHeader()
                    self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return super().eventFilter(watched, event)

    def _fit_header(self) -> None:
        """The table is at least as wide as its header's titles (the first one carries the
        sample mark), so no title is cut in a narrow dock: the charts give way instead."""
        header = self.table.horizontalHeader()
        wanted = sum(header.sectionSizeHint(c) for c in range(self.model.columnCount()))
        wanted += self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        self.table.setMinimumWidth(max(MIN_TABLE_PX, wanted))

    def _header_tips(self) -> None:
        for column, tip in enumerate(COLUMN_TIPS):
            self.model.horizontalHeaderItem(column).setToolTip(_tr(tip))

    # --- what the feed says --------------------------------------------------------------

    def show_state(self, state: FeedState | None, data_changed: bool = True) -> None:
        """The feed's latest state; ``data_changed`` False keeps charts and table as they are."""
        self.state = state
        data = state.data if state else None
        self.sample_badge.setVisible(bool(data and data.sample))
        self._show_status(state)
        if not data_changed:
            return
        self._fill_indicators(data)
        self._show_data()

    def select_indicator(self, ident: str) -> None:
        index = self.indicators.findData(ident)
        if index >= 0:
            self.indicators.setCurrentIndex(index)

    def _show_status(self, state: FeedState | None) -> None:
        data = state.data if state else None
        status = state.status if state else "waiting"
        _set_state(
            self.status_badge, _tr(STATUS_WORDS[status]), {"current": "online", "stale": "stale"}.get(status, "unknown")
        )
        if state is not None and data is not None:
            self.updated.setText(translate("DataPanel", "Updated {time}").format(time=_clock(data.updated_at)))
            self.updated.setToolTip(
                translate("DataPanel", "The data's own time: {time} (fetched {ago})").format(
                    time=data.updated_at.isoformat(), ago=_ago(state.fetched_at)
                )
            )
        else:
            self.updated.setText(translate("DataPanel", "No data yet"))
        source = state.source if state else ""
        title = (data.title or source) if data else source
        line = f"{title} · {source}" if data and data.title else source
        if state is not None and status == "stale":
            kept = (
                translate("DataPanel", "showing the data of {time}").format(time=_clock(data.updated_at))
                if data
                else translate("DataPanel", "no data to show")
            )
            line = f"⚠ {stale_reason(state)} — {kept}"
        elif state is not None and state.via:
            line = translate("DataPanel", "{line} (via redirect to {via})").format(line=line, via=state.via)
        self.reason.setText(line)
        self.reason.setProperty("stale", status == "stale")
        self.reason.style().unpolish(self.reason)
        self.reason.style().polish(self.reason)
        self.setProperty("stale", status == "stale")
        self.style().unpolish(self)
        self.style().polish(self)
        self.title.setText(title)
        tip = translate("DataPanel", "{title}\nsource: {source}").format(title=title, source=source)
        if data and data.source:
            tip += "\n" + translate("DataPanel", "publisher: {publisher}").format(publisher=data.source)
        self.reason.setToolTip(tip)

    def _fill_indicators(self, data: Dataset | None) -> None:
        wanted = list(data.indicators.values()) if data else []
        have = [self.indicators.itemData(i) for i in range(self.indicators.count())]
        if have == [i.id for i in wanted]:
            return
        with _blocked(self.indicators):
            self.indicators.clear()
            for indicator in wanted:
                self.indicators.addItem(indicator.name, indicator.id)
            index = self.indicators.findData(self.indicator)
            self.indicators.setCurrentIndex(max(0, index))
        self.indicator = self.indicators.currentData() or ""

    def _on_indicator_chosen(self, _index: int) -> None:
        self.indicator = self.indicators.currentData() or ""
        self._show_data()

    # --- charts and table ------------------------------------------------------------------

    def _show_data(self) -> None:
        data = self.state.data if self.state else None
        indicator = data.indicators.get(self.indicator) if data else None
        sample = sample_mark() if data is not None and data.sample else ""
        unit = f" ({indicator.unit})" if indicator and indicator.unit else ""
        national = data.national(self.indicator) if data is not None and indicator else None
        _curve(self.national_curve, national)
        self.national_plot.setTitle(
            translate("DataPanel", "National") + unit + sample if indicator else "",
            size="9pt",
            color=self._colours["text_muted"],
        )
        self._limits = {level: getattr(indicator, level, None) if indicator else None for level in self.thresholds}
        for level, line in self.thresholds.items():
            if self._limits[level] is not None:
                line.setValue(self._limits[level])
        self._fill_table(data, indicator)
        self._show_province()

    def _fill_table(self, data: Dataset | None, indicator) -> None:
        selected = self.selection.key
        sorting = (
            self.table.horizontalHeader().sortIndicatorSection(),
            self.table.horizontalHeader().sortIndicatorOrder(),
        )
        self.model.setHorizontalHeaderLabels(
            [
                _tr(COLUMNS[0]) + (sample_mark() if data is not None and data.sample else ""),
                *(_tr(c) if c != "±" else c for c in COLUMNS[1:]),
            ]
        )
        self._header_tips()
        self._fit_header()
        rows = (
            [self._row_cells(data, indicator, series) for series in data.provinces(indicator.id)]
            if data is not None and indicator is not None
            else []
        )
        if self._pointer_in_table and rows and {area for area, _ in rows} == set(self._rows):
            # New figures in the rows where they are; the order follows once the pointer leaves.
            for area, cells in rows:
                for column, cell in enumerate(cells):
                    shown = self.model.item(self._rows[area], column)
                    for role in CELL_ROLES:  # a role the new cell lacks (a colour gone) is cleared
                        shown.setData(cell.data(role), role)
            self._resort_when_pointer_leaves = True
            return
        self.model.removeRows(0, self.model.rowCount())
        self._rows = {}
        for area, cells in rows:
            self._rows[area] = self.model.rowCount()
            self.model.appendRow(cells)
        self.table.sortByColumn(*sorting)
        self._select_row(selected)

    def _row_cells(self, data: Dataset, indicator, series) -> tuple[str, list[QStandardItem]]:
        """One province's row: its name, figure, change and level (in threshold colours)."""
        brushes = {
            "warn": QBrush(QColor(self._colours["state_stale"])),
            "alert": QBrush(QColor(self._colours["state_offline"])),
        }
        ink = QBrush(QColor(self._colours["bg"]))
        latest = series.latest
        value = latest[1] if latest else None
        change = series.change()
        level = indicator.level(value)
        name = data.names.get(series.area, series.area)
        cells = [
            _cell(name, name),
            _cell(_number(value), value if value is not None else float("-inf")),
            _cell(_signed(change), change if change is not None else float("-inf")),
            _cell(_tr(LEVEL_WORDS[level]), ("ok", "warn", "alert").index(level)),
        ]
        cells[3].setToolTip(_tr(LEVEL_TIPS[level]))
        for cell in cells:
            cell.setData(series.area, KEY_ROLE)
        if level != "ok":  # the figure and its level in colour, not the whole row: less glare in a dark room
            for cell in (cells[1], cells[3]):
                cell.setBackground(brushes[level])
                cell.setForeground(ink)
        cells[1].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        cells[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return series.area, cells

    def _show_province(self) -> None:
        data = self.state.data if self.state else None
        key = self.selection.key
        series = data.area(self.indicator, key) if data and key else None
        _curve(self.province_curve, series)
        for axis in ("left", "bottom"):  # no scale without a curve: an empty one must not look like data
            self.province_plot.getAxis(axis).setStyle(showValues=series is not None)
        for level, line in self.thresholds.items():  # the province's chart shows its thresholds
            line.setVisible(series is not None and self._limits.get(level) is not None)
        name = data.names.get(key, key) if data and key else ""
        sample = sample_mark() if data is not None and data.sample else ""
        if series:
            text = f"{name}{sample}"
        elif key:
            text = translate("DataPanel", "{province}: no data").format(province=name)
        else:
            text = translate("DataPanel", "Pick a province")
        self.province_plot.setTitle(text, size="9pt", color=self._colours["text_muted"])

    # --- province selection ---------------------------------------------------------------

    def _on_row_clicked(self, index) -> None:
        key = index.data(KEY_ROLE)
        if key:
            self.selection.select(key, "data")

    def _on_province_changed(self, key: str, by: str) -> None:
        self._select_row(key)
        self._show_province()

    def _select_row(self, key: str) -> None:
        row = self._rows.get(key)
        if row is None:
            self.table.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)

    def selected_province(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(KEY_ROLE) if rows else ""


def _plot(colours: dict[str, str]) -> pg.PlotWidget:
    # As the site panel's plots (link_plots.py): no antialiasing, the theme's surface and ink.
    pg.setConfigOptions(antialias=False, background=colours["surface"], foreground=colours["text_muted"])
    plot = pg.PlotWidget(axisItems={"bottom": LocalDateAxis()})
    plot.setBackground(colours["surface"])
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    plot.showGrid(y=True, alpha=0.15)
    plot.setMinimumHeight(120)
    plot.setMinimumWidth(160)
    return plot


def _curve(curve, series) -> None:
    if series is None or not series.points:
        curve.setData([], [])
        return
    times, values = zip(*series.points)
    curve.setData(list(times), list(values))


def _cell(text: str, sort_value) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(sort_value, SORT_ROLE)
    item.setEditable(False)
    return item


def format_figure(value: float | None) -> str:
    """A figure as Vietnamese write it: 1.234 (thousands), 5,4 (decimals); "—" for none."""
    if value is None:
        return "—"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


_number = format_figure


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return "±0" if value == 0 else f"{'+' if value > 0 else '−'}{format_figure(abs(value))}"


def _clock(moment: datetime) -> str:
    """The data's own time in the console's zone: "18:06:10", with the date when not today."""
    local = moment.astimezone()
    today = datetime.now().astimezone().date()
    return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def _ago(at: float | None) -> str:
    if at is None:
        return translate("DataPanel", "never")
    return translate("DataPanel", "{s} s ago").format(s=f"{max(0, time.time() - at):.0f}")


def _set_state(label: QLabel, text: str, state: str) -> None:
    label.setText(text)
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


class _blocked:  # noqa: N801 (a context manager, read as "with _blocked(widget)")
    def __init__(self, widget) -> None:
        self.widget = widget

    def __enter__(self) -> None:
        self.widget.blockSignals(True)

    def __exit__(self, *exc) -> None:
        self.widget.blockSignals(False)


__all__ = ["NATIONAL", "SAMPLE_BADGE", "DataPanel", "format_figure", "sample_mark", "stale_reason"]
