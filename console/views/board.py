"""The national board: a schematic map of Viet Nam, a province's sites as status cells.

Each province is a tile coloured by the share of its sites online (red none, amber half, green
all; grey where none ever joined) with its name and ``online / total``; the open province is
outlined. Beside the map, the open province's sites as small cells: green online, amber a
stalled picture, red offline, dark grey never joined; a white corner flag for a raised hand,
a white dot for an open microphone (sites join muted). Click a province to open it; click a
cell to spot-inspect the site; Ctrl+click picks cells for a group, Shift+click a run of them.

It reads its ``BoardModel`` and repaints only on the model's events (a thousand sites leaving
is one repaint of the map and the cells), so it stays responsive at national scale.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from console.model.board import CELL_STATES, OFFLINE, ONLINE, STALE, UNJOINED, BoardModel, cell_grid, hit, tile_rects
from console.model.geometry import Rect
from console.translatable import QT_TRANSLATE_NOOP
from console.views.elided_label import ElidedLabel
from console.views.i18n import bind
from console.views.named import named
from console.views.site_panel import level_name
from console.views.theme import tokens

CELL_WORDS = (
    (ONLINE, QT_TRANSLATE_NOOP("Board", "online")),
    (STALE, QT_TRANSLATE_NOOP("Board", "picture stalled")),
    (OFFLINE, QT_TRANSLATE_NOOP("Board", "offline")),
    (UNJOINED, QT_TRANSLATE_NOOP("Board", "never joined")),
)
# A cell's state in its tooltip.
CELL_STATE_WORDS = {
    ONLINE: QT_TRANSLATE_NOOP("Board", "online"),
    STALE: QT_TRANSLATE_NOOP("Board", "online, picture stalled"),
    OFFLINE: QT_TRANSLATE_NOOP("Board", "offline"),
    UNJOINED: QT_TRANSLATE_NOOP("Board", "never joined"),
}
# The legend's marks: a raised hand's corner flag, an open microphone's dot, an office's round cell.
SIGN_WORDS = (
    (QT_TRANSLATE_NOOP("Board", "hand raised"), "flag"),
    (QT_TRANSLATE_NOOP("Board", "microphone open"), "dot"),
    (QT_TRANSLATE_NOOP("Board", "province or district office"), "round"),
)
CLICK_TO_SEE = QT_TRANSLATE_NOOP("Board", "{key} · click to see it on the wall")
SITES_ONLINE_0 = QT_TRANSLATE_NOOP("Board", "sites online: 0 %")
NONE_EVER_JOINED = QT_TRANSLATE_NOOP("Board", "none ever joined")


def _board_text(source: str) -> str:
    return QCoreApplication.translate("Board", source)


def share_colour(share: float, t: dict[str, str]) -> QColor:
    """Red (none online) through amber (half) to green (all), as the state colours are."""
    low, mid, high = QColor(t["state_offline"]), QColor(t["state_stale"]), QColor(t["state_online"])
    a, b, f = (low, mid, share * 2) if share < 0.5 else (mid, high, (share - 0.5) * 2)
    return QColor.fromRgbF(*(x + (y - x) * f for x, y in zip(_rgb(a), _rgb(b))))


def fit_name(name: str, width: int, advance) -> str:
    """``name`` if it fits in ``width`` pixels, else its leading words cut to initials
    ("Quảng Ninh" -> "Q.Ninh", "Bà Rịa-Vũng Tàu" -> "B.R.-V.Tàu"): five "Quảng …" provinces must
    not all read "Quảng …"."""
    if advance(name) <= width:
        return name
    words = name.replace("-", "- ").split()
    short = (
        "".join(w if w.rstrip("-").isupper() else w[0] + ("-" if w.endswith("-") else ".") for w in words[:-1])
        + words[-1]
    )
    return short.replace(".-", "-")


def cell_fills(t: dict[str, str]) -> dict[str, QColor]:
    """A cell's colour per state, for a dark room: the usual (online) is a quiet green, what
    needs a look (offline, a stalled picture) keeps its full colour, and the marks are white."""
    surface = QColor(t["surface"])
    return {
        ONLINE: _mix(QColor(t["state_online"]), surface, 0.5),
        STALE: QColor(t["state_stale"]),
        OFFLINE: _mix(QColor(t["state_offline"]), surface, 0.85),
        UNJOINED: _mix(QColor(t["state_unknown"]), surface, 0.55),
    }


def _mix(colour: QColor, over: QColor, amount: float) -> QColor:
    """``colour`` laid on ``over`` at ``amount``: fills stay calm in a dark room."""
    return QColor.fromRgbF(*(o + (c - o) * amount for c, o in zip(_rgb(colour), _rgb(over))))


def _rgb(colour: QColor) -> tuple[float, float, float]:
    """Red, green and blue from 0 to 1 (PySide6 types ``getRgbF()`` as returning ``object``)."""
    return colour.redF(), colour.greenF(), colour.blueF()


class BoardView(QWidget):
    """The map (left) and the open province's cells (right)."""

    province_clicked = Signal(str)  # province key
    site_clicked = Signal(str)  # site key: spot-inspect it
    group_of_province_requested = Signal(str)
    group_of_selection_requested = Signal(list)

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
        self.model = model
        self.national = ElidedLabel(objectName="boardNational")  # its changing width moves nothing
        self.map = _ProvinceMap(self)
        self.heading = ElidedLabel(objectName="boardProvince")
        self.heading.setProperty("role", "path")
        self.group_province = named(QPushButton(), "groupOfProvince")
        bind(self.group_province, "text", QT_TRANSLATE_NOOP("Console", "Group: this province"))
        bind(
            self.group_province,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "A group of every site of the open province (Groups tab)"),
        )
        self.group_selection = named(QPushButton(), "groupOfSelection")
        bind(
            self.group_selection,
            "toolTip",
            QT_TRANSLATE_NOOP("Console", "A group of the sites picked with Ctrl+click (Shift+click: a run)"),
        )
        for button in (self.group_province, self.group_selection):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cells = _CellGrid(self)
        self.legend = _Legend(self, cells=True)
        self.map_legend = _Legend(self, cells=False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.group_province)
        buttons.addWidget(self.group_selection)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.cells, 1)
        right.addWidget(self.legend)
        right.addLayout(buttons)
        left = QVBoxLayout()
        left.addWidget(self.map, 1)
        left.addWidget(self.map_legend)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.national)
        layout.addLayout(body, 1)

        self.group_province.clicked.connect(self._group_of_province)
        self.group_selection.clicked.connect(lambda: self.group_of_selection_requested.emit(list(self.model.selected)))
        events = model.events
        events.counts_changed.connect(self._on_counts)
        events.cells_changed.connect(self._on_cells)
        events.province_opened.connect(lambda *_: self._on_opened())
        events.selection_changed.connect(lambda *_: self._on_selection())
        self._on_counts(set())
        self._on_opened()

    def _group_of_province(self) -> None:
        if self.model.opened:
            self.group_of_province_requested.emit(self.model.opened)

    # --- model -> screen -------------------------------------------------------------

    def _on_counts(self, provinces: set[str]) -> None:
        total, online = self.model.total, self.model.online_total
        share = f" ({100 * online / total:.0f} %)" if total else ""
        self.national.setText(
            self.tr("National: {online} / {total} sites online").format(online=f"{online:,}", total=f"{total:,}")
            + share
        )
        self.map.update()
        if self.model.opened in provinces or not provinces:
            self._heading()

    def _on_cells(self, keys: set[str]) -> None:
        if not self.cells.keys.isdisjoint(keys):
            self.cells.update()
            self._heading()

    def _on_opened(self) -> None:
        self._heading()
        self._on_selection()
        self.cells.relayout()

    def _on_selection(self) -> None:
        picked = len(self.model.selected)
        self.group_selection.setEnabled(picked > 0)
        self.group_selection.setText(
            self.tr("Group: {n} picked").format(n=picked) if picked else self.tr("Group: picked")
        )
        self.group_selection.setAccessibleName(self.tr("Group: picked"))
        self.group_province.setEnabled(self.model.opened is not None)
        self.cells.update()

    def _heading(self) -> None:
        opened = self.model.opened
        if opened is None:
            self.heading.setText(self.tr("Click a province to see its sites"))
            return
        tile = self.model.province(opened)
        online, total = self.model.counts(opened)
        keys = self.model.sites_of(opened)
        hands = sum(k in self.model.hands for k in keys)
        stale = sum(k in self.model.stale for k in keys)
        extra = "".join(
            f" · {n} {what}"
            for n, what in (
                (hands, self.tr("hand up") if hands == 1 else self.tr("hands up")),
                (stale, self.tr("stalled")),
            )
            if n
        )
        self.heading.setText(
            self.tr("{name}: {online} / {total} online").format(
                name=tile.name, online=f"{online:,}", total=f"{total:,}"
            )
            + extra
        )


class _ProvinceMap(QWidget):
    def __init__(self, board: BoardView) -> None:
        super().__init__(board)
        self.setObjectName("boardMap")
        self.board = board
        self.setMouseTracking(True)
        self.setMinimumSize(260, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._tokens = tokens()
        # The fonts for the tiles' height and lines, and the names fitted with them (``_fonts``).
        self._font_key: tuple[int, bool] | None = None
        self._font_pair = (QFont(), QFont())
        self._names: dict[tuple[str, int], str] = {}

    def rects(self) -> dict[str, Rect]:
        model = self.board.model
        return tile_rects(model.rows, model.cols, model.provinces, self.width(), self.height(), max_aspect=2.9)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        key = hit(self.rects(), event.position().x(), event.position().y())
        if key is not None:
            self.board.province_clicked.emit(key)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        key = hit(self.rects(), event.position().x(), event.position().y())
        if key is None:
            QToolTip.hideText()
            return
        model = self.board.model
        online, total = model.counts(key)
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{model.province(key).name}\n{online:,} / {total:,} sites online ({100 * online / max(1, total):.0f} %)",
            self,
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        t, model = self._tokens, self.board.model
        rects = self.rects()
        if not rects:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        surface, text = QColor(t["surface"]), QColor(t["text"])
        height = next(iter(rects.values())).h
        two_lines = height >= 22
        fonts = self._fonts(height, two_lines)
        for key, rect in rects.items():
            tile = model.province(key)
            online, total = model.counts(key)
            box = QRectF(rect.x, rect.y, rect.w, rect.h)
            joined = online > 0 or model.ever_joined(key)
            fill = share_colour(online / total if total else 0.0, t) if joined else QColor(t["state_unknown"])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_mix(fill, surface, 0.55 if joined else 0.45))
            painter.drawRoundedRect(box, 3, 3)
            if key == model.opened:
                painter.setPen(QPen(QColor(t["accent"]), 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 3, 3)
            inner = box.adjusted(3, 1, -3, -1)
            painter.setPen(text)
            painter.setFont(fonts[0])
            name = self._fitted(tile.short, int(inner.width()), fonts[0])
            centred = Qt.AlignmentFlag.AlignHCenter
            if two_lines:
                half = inner.height() / 2
                painter.drawText(
                    QRectF(inner.x(), inner.y(), inner.width(), half), centred | Qt.AlignmentFlag.AlignBottom, name
                )
                painter.setFont(fonts[1])
                painter.drawText(
                    QRectF(inner.x(), inner.y() + half, inner.width(), half),
                    centred | Qt.AlignmentFlag.AlignTop,
                    f"{online:,}/{total:,}",
                )
            else:
                painter.drawText(inner, centred | Qt.AlignmentFlag.AlignVCenter, name)
        painter.end()

    def _fonts(self, height: int, two_lines: bool) -> tuple[QFont, QFont]:
        """The name's (bold) and the counts' fonts for tiles ``height`` pixels tall."""
        if self._font_key != (height, two_lines):
            name = QFont(self.font())
            name.setPointSizeF(max(6.5, min(10.0, height / (3.2 if two_lines else 2.4))))
            name.setBold(True)
            counts = QFont(self.font())
            counts.setPointSizeF(max(6.0, name.pointSizeF() - 1))
            self._font_key, self._font_pair, self._names = (height, two_lines), (name, counts), {}
        return self._font_pair

    def _fitted(self, name: str, width: int, font: QFont) -> str:
        """The tile's label as it fits (cached per name and width: the map repaints often)."""
        key = (name, width)
        if key not in self._names:
            metrics = QFontMetrics(font)
            fitted = fit_name(name, width - 3, metrics.horizontalAdvance)
            self._names[key] = metrics.elidedText(fitted, Qt.TextElideMode.ElideRight, width)
        return self._names[key]


class _CellGrid(QWidget):
    GAP = 2

    def __init__(self, board: BoardView) -> None:
        super().__init__(board)
        self.setObjectName("boardCells")
        self.board = board
        self.setMouseTracking(True)
        self.setMinimumSize(200, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._tokens = tokens()
        self._keys: list[str] = []
        self._shape: tuple[int, int, int] = (0, 0, 0)
        self._grid: tuple[int, int] = (1, 34)
        self.keys: frozenset[str] = frozenset()  # the cells shown, for "did any change?"
        self._anchor: str | None = None

    def relayout(self) -> None:
        opened = self.board.model.opened
        self._keys = self.board.model.sites_of(opened) if opened else []
        self.keys = frozenset(self._keys)
        self._anchor = None
        self.update()

    def _geometry(self) -> tuple[int, int]:
        shape = (len(self._keys), self.width(), self.height())
        if shape != self._shape:  # the grid's columns and cell size, worked out once per size
            self._shape, self._grid = shape, cell_grid(*shape, self.GAP, largest=34)
        return self._grid

    def cell_rect(self, index: int) -> QRect:
        cols, size = self._geometry()
        row, col = divmod(index, cols)
        return QRect(col * (size + self.GAP), row * (size + self.GAP), size, size)

    def key_at(self, x: float, y: float) -> str | None:
        cols, size = self._geometry()
        col, row = int(x) // (size + self.GAP), int(y) // (size + self.GAP)
        index = row * cols + col
        if col >= cols or not 0 <= index < len(self._keys) or not self.cell_rect(index).contains(int(x), int(y)):
            return None
        return self._keys[index]

    def mousePressEvent(self, event) -> None:  # noqa: N802
        key = self.key_at(event.position().x(), event.position().y())
        if key is None:
            return
        model, mods = self.board.model, event.modifiers()
        if mods & Qt.KeyboardModifier.ShiftModifier and self._anchor:
            model.select_range(self._anchor, key)
        elif mods & Qt.KeyboardModifier.ControlModifier:
            model.toggle_selected(key)
            self._anchor = key
        else:
            self._anchor = key
            self.board.site_clicked.emit(key)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        key = self.key_at(event.position().x(), event.position().y())
        if key is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(key), self)

    def tooltip(self, key: str) -> str:
        """A cell's tooltip: the site, its level, its state and marks, what a click does."""
        model = self.board.model
        site, cell = model.site(key), model.cell(key)
        marks = [
            _board_text(word)
            for flag, word in ((cell.hand, SIGN_WORDS[0][0]), (cell.mic_open, SIGN_WORDS[1][0]))
            if flag
        ]
        return "\n".join(
            [
                f"{site.name} ({level_name(site.level)})",
                " · ".join([_board_text(CELL_STATE_WORDS[cell.state]), *marks]),
                _board_text(CLICK_TO_SEE).format(key=key),
            ]
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        t, model = self._tokens, self.board.model
        painter = QPainter(self)
        if not self._keys:
            painter.setPen(QColor(t["text_muted"]))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "—")
            painter.end()
            return
        # One draw call per state, not one per cell: a province of 576 sites repaints in a few
        # milliseconds when a thousand sites leave (the cells' colours are all that changed).
        cols, size = self._geometry()
        step = size + self.GAP
        online, stale, hands, muted = model.online, model.stale, model.hands, model.muted
        squares: dict[str, list[QRectF]] = {state: [] for state in CELL_STATES}
        rounds: dict[str, list[QRectF]] = {state: [] for state in CELL_STATES}
        flags, dots, picked = [], [], []
        selected = set(model.selected)
        for index, key in enumerate(self._keys):
            row, col = divmod(index, cols)
            rect = QRectF(col * step, row * step, size, size)
            if key in online:
                state = STALE if key in stale else ONLINE
                if key in hands:
                    flags.append(rect)
                if muted.get(key) is False:
                    dots.append(rect)
            else:
                state = OFFLINE if model.joined(key) else UNJOINED
            # the province's and its districts' own offices are round
            (squares if model.level(key) == "commune" else rounds)[state].append(rect)
            if key in selected:
                picked.append(rect)
        fills = cell_fills(t)
        painter.setPen(Qt.PenStyle.NoPen)
        for state in CELL_STATES:
            painter.setBrush(fills[state])
            if squares[state]:
                painter.drawRects(squares[state])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for state in CELL_STATES:
            painter.setBrush(fills[state])
            for rect in rounds[state]:
                painter.drawEllipse(rect)
        mark = QColor(t["text"])
        for rect in flags:
            corner = QPainterPath()
            side = rect.width() * 0.6
            corner.moveTo(rect.topRight())
            corner.lineTo(QPointF(rect.right() - side, rect.top()))
            corner.lineTo(QPointF(rect.right(), rect.top() + side))
            corner.closeSubpath()
            painter.fillPath(corner, mark)
        painter.setBrush(mark)
        radius = max(1.5, size / 4.5)
        for rect in dots:
            painter.drawEllipse(rect.center(), radius, radius)
        painter.setPen(QPen(QColor(t["accent"]), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in picked:
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()


class _Legend(QWidget):
    """What the colours and marks mean, drawn with the same colours (under the cells or the map)."""

    def __init__(self, board: BoardView, cells: bool) -> None:
        super().__init__(board)
        self.setObjectName("boardCellLegend" if cells else "boardMapLegend")
        self.cells = cells
        self._tokens = tokens()
        self.setFixedHeight((self.fontMetrics().height() + 4) * (2 if cells else 1) + 6)  # the cells' wraps

    def paintEvent(self, event) -> None:  # noqa: N802
        t = self._tokens
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        side, x, y = metrics.height() - 4, 2, 4
        muted, mark = QColor(t["text_muted"]), QColor(t["text"])
        if self.cells:
            fills = cell_fills(t)
            items: list[tuple[QColor, str, str | None]] = [
                (fills[state], _board_text(word), None) for state, word in CELL_WORDS
            ]
            items += [(fills[ONLINE], _board_text(word), sign) for word, sign in SIGN_WORDS]
        else:
            rows = self._ramp(painter, x, y, side, t)
            painter.end()
            self._fit(rows, side)
            return
        rows = 1
        for fill, word, sign in items:
            if x > 2 and x + side + 4 + metrics.horizontalAdvance(word) > self.width():
                x, y, rows = 2, y + side + 6, rows + 1
            box = QRectF(x, y, side, side)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            if sign == "round":
                painter.drawEllipse(box)
            else:
                painter.drawRoundedRect(box, 2, 2)
            if sign == "flag":
                corner = QPainterPath()
                corner.moveTo(box.topRight())
                corner.lineTo(QPointF(box.right() - side * 0.5, box.top()))
                corner.lineTo(QPointF(box.right(), box.top() + side * 0.5))
                corner.closeSubpath()
                painter.fillPath(corner, mark)
            elif sign == "dot":
                painter.setBrush(mark)
                painter.drawEllipse(box.center(), side / 6, side / 6)
            painter.setPen(muted)
            painter.drawText(QPointF(x + side + 4, y + side - 1), word)
            x += side + 4 + metrics.horizontalAdvance(word) + 12
        painter.end()
        self._fit(rows, side)

    def one_line_width(self, metrics: QFontMetrics) -> float:
        """How wide the map's legend is on one line: the ramp with its two ends, then the grey
        mark and its words (past this width they go on a second line)."""
        side = metrics.height() - 4
        start, end, never = self.texts()
        return (
            2
            + metrics.horizontalAdvance(start)
            + 4
            + 96
            + 4
            + metrics.horizontalAdvance(end)
            + 4
            + 10
            + side
            + 4
            + metrics.horizontalAdvance(never)
        )

    def texts(self) -> list[str]:
        """What the legend writes (it paints its words: no label holds them)."""
        if self.cells:
            return [_board_text(word) for _, word in CELL_WORDS] + [_board_text(word) for word, _ in SIGN_WORDS]
        return [_board_text(SITES_ONLINE_0), "100 %", _board_text(NONE_EVER_JOINED)]

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.update()  # its words are painted: paint them in the new language

    def _fit(self, rows: int, side: float) -> None:
        height = int(rows * (side + 6) + 6)
        if height != self.height():
            self.setFixedHeight(height)  # as many lines as the width needs

    def _ramp(self, painter: QPainter, x: float, y: float, side: float, t: dict[str, str]) -> int:
        """online: 0 % [red … amber … green] 100 %   [grey] none ever joined; the lines it took
        (the grey mark goes under the ramp where the width is short: Vietnamese words are longer)."""
        metrics, surface = painter.fontMetrics(), QColor(t["surface"])
        painter.setPen(QColor(t["text_muted"]))
        for text, ramp in ((_board_text(SITES_ONLINE_0), True), ("100 %", False)):
            painter.drawText(QPointF(x, y + side - 1), text)
            x += metrics.horizontalAdvance(text) + 4
            if ramp:
                for i in range(48):
                    painter.fillRect(QRectF(x + i * 2, y, 2, side), _mix(share_colour(i / 47, t), surface, 0.55))
                x += 96 + 4
        x, rows, never = x + 10, 1, _board_text(NONE_EVER_JOINED)
        if self.one_line_width(metrics) > self.width():
            x, y, rows = 2, y + side + 6, 2
        painter.fillRect(QRectF(x, y, side, side), _mix(QColor(t["state_unknown"]), surface, 0.45))
        painter.drawText(QPointF(x + side + 4, y + side - 1), never)
        return rows
