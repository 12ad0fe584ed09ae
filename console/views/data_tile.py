"""A data view as a tile on the video wall, beside the video tiles.

The wall draws frames from sinks; a data tile is a sink too. ``DataTiles`` paints an
indicator's picture (national value and trend, the provinces in alarm, the data's own time,
current or stale, SAMPLE DATA when it is) at the tile's size once a second and on every new
payload, and puts it in a ``LatestFrameSink`` as a video frame. ``WallSources`` is what the
wall is given instead of the media core: ``data:…`` keys go to the data tiles, every other
call to the media core, unchanged. The wall, its model and the compositor stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import av
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen

from console.data import FeedState
from console.directory import Site
from console.media.sink import LatestFrameSink
from console.views.data_panel import SAMPLE_BADGE, format_figure as _figure, stale_reason
from console.views.theme import tokens

translate = QCoreApplication.translate

DATA_PREFIX = "data:"
REFRESH_MS = 1000  # the wall calls a tile stale after 2 s without a frame (model/tiles.py)
MIN_TEXT_PX = 11


def is_data_key(key: str) -> bool:
    return key.startswith(DATA_PREFIX)


@dataclass
class _Tile:
    size: tuple[int, int]
    sink: LatestFrameSink
    visible: bool = True


class DataTiles(QObject):
    """The data tiles on the wall, painted on the GUI thread from the feed's latest state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: FeedState | None = None
        self.tiles: dict[str, _Tile] = {}
        self._colours = tokens()
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.paint_all)
        self._timer.start()

    def stop(self) -> None:
        """No more painting (the console is closing)."""
        self._timer.stop()
        self.tiles.clear()

    def set_state(self, state: FeedState) -> None:
        self.state = state
        self.paint_all()

    def subscribe(self, key: str, width: int, height: int) -> None:
        self.tiles[key] = _Tile((width, height), LatestFrameSink())
        self.paint(key)

    def show(self, key: str, width: int, height: int) -> None:
        tile = self.tiles.get(key)
        if tile is not None:
            tile.size, tile.visible = (width, height), True
            self.paint(key)

    def hide(self, key: str) -> None:
        if key in self.tiles:
            self.tiles[key].visible = False

    def unsubscribe(self, key: str) -> None:
        self.tiles.pop(key, None)

    def sink(self, key: str) -> LatestFrameSink | None:
        tile = self.tiles.get(key)
        return tile.sink if tile else None

    def paint_all(self) -> None:
        for key, tile in self.tiles.items():
            if tile.visible:
                self.paint(key)

    def paint(self, key: str) -> None:
        tile = self.tiles[key]
        image = self.picture(key.removeprefix(DATA_PREFIX), *tile.size)
        lines = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        rgb = lines[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24").reformat(format="yuv420p")
        tile.sink.put(frame)

    def title(self, key: str) -> str:
        """What the tile's overlay says it is."""
        data = self.state.data if self.state else None
        indicator = data.indicators.get(key.removeprefix(DATA_PREFIX)) if data else None
        return (
            translate("DataTiles", "Data · {indicator}").format(indicator=indicator.name)
            if indicator
            else translate("DataTiles", "Data · indicators")
        )

    # --- the picture -------------------------------------------------------------------------

    def picture(self, ident: str, width: int, height: int) -> QImage:
        """The indicator ``ident`` drawn at ``width``×``height`` (RGB)."""
        c = self._colours
        image = QImage(max(16, width), max(16, height), QImage.Format.Format_RGB888)
        image.fill(QColor(c["bg"]))
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._draw(p, ident, image.width(), image.height())
        finally:
            p.end()
        return image

    def _draw(self, p: QPainter, ident: str, w: int, h: int) -> None:
        c = self._colours
        state, data = self.state, (self.state.data if self.state else None)
        indicator = data.indicators.get(ident) if data else None
        # The wall's own overlay draws the tile number and state at the top and the name bar at
        # the bottom (compositor/overlays.py sizes them from this font): keep clear of both.
        overlay_px = max(10, min(20, round(min(h, w * 9 / 16) * 0.072)))
        box = QRectF(
            overlay_px * 0.8,
            overlay_px * 2.0,
            w - overlay_px * 1.6,
            h - overlay_px * (2.0 + (3.6 if h >= 200 else 2.4)),
        )
        unit = max(7.0, box.height() / 12)  # one text line's height, scaled to the tile
        x, y = box.left(), box.top()
        if state is None or data is None or indicator is None:
            _text(
                p,
                x,
                y,
                box.width(),
                unit * 1.4,
                translate("DataTiles", "No data yet")
                if data is None
                else translate("DataTiles", "No indicator {ident}").format(ident=repr(ident)),
                c["text_muted"],
            )
            return
        stale = state.status != "current"
        # A small tile shows the national figure and its trend; a big one the provinces to watch too.
        roomy = w >= 480 and h >= 270
        left_w = box.width() * (0.58 if roomy else 1.0)
        badge_w = 0.0
        if data.sample:  # in amber on the picture itself: sample figures must never pass for real ones
            badge_w = _badge(
                p,
                box.right(),
                y,
                unit * 1.0,
                QCoreApplication.translate("Console", SAMPLE_BADGE),
                c["state_stale"],
                c["bg"],
            )
        title_w = left_w if roomy else box.width() - badge_w - unit * 0.5
        _text(p, x, y, title_w, unit * 1.1, indicator.name, c["text"], bold=True)
        national_title = translate("DataTiles", "National") + (f" ({indicator.unit})" if indicator.unit else "")
        _text(p, x, y + unit * 1.3, left_w, unit * 0.8, national_title, c["text_muted"])
        national = data.national(ident)
        latest = national.latest if national else None
        value = "—" if latest is None else _figure(latest[1])
        _text(p, x, y + unit * 2.2, left_w, unit * 2.6, value, c["state_stale"] if stale else c["text"], bold=True)
        chart = QRectF(x, y + unit * 5.2, left_w, max(unit * 2.0, box.bottom() - unit * 1.2 - (y + unit * 5.2)))
        if national is not None and len(national.points) >= 2:
            _sparkline(p, chart, national.points, c["state_stale"] if stale else c["accent"], c["border"])
        when = data.updated_at.astimezone().strftime("%H:%M:%S")
        status = (
            translate("DataTiles", "⚠ STALE — {reason}").format(reason=stale_reason(state))
            if stale
            else translate("DataTiles", "● current")
        )
        updated = translate("DataTiles", "Updated {time}").format(time=when)
        _text(
            p,
            x,
            box.bottom() - unit * 0.9,
            left_w,
            unit * 0.8,
            f"{updated}   {status}",
            c["state_stale"] if stale else c["text_muted"],
        )
        if roomy:
            right = QRectF(x + left_w + unit, y + unit * 2.6, box.width() - left_w - unit, box.height() - unit * 2.6)
            self._draw_provinces(p, data, indicator, right, unit)

    def _draw_provinces(self, p: QPainter, data, indicator, box: QRectF, unit: float) -> None:
        """The provinces worst first (by level, then value), in their threshold colours."""
        c = self._colours
        rank = {"alert": 0, "warn": 1, "ok": 2}
        rows = []
        for series in data.provinces(indicator.id):
            if series.latest is None:
                continue
            level = indicator.level(series.latest[1])
            worse = series.latest[1] if indicator.higher_is_worse else -series.latest[1]
            rows.append((rank[level], -worse, data.names.get(series.area, series.area), series.latest[1], level))
        rows.sort()
        line = unit * 1.05
        _text(
            p,
            box.left(),
            box.top() - unit * 1.2,
            box.width(),
            unit * 0.8,
            translate("DataTiles", "Provinces to watch"),
            c["text_muted"],
        )
        colours = {"alert": c["state_offline"], "warn": c["state_stale"], "ok": c["text_muted"]}
        for i, (_, _, name, value, level) in enumerate(rows[: max(1, int(box.height() // line))]):
            y = box.top() + i * line
            p.fillRect(QRectF(box.left(), y + line * 0.15, unit * 0.35, line * 0.7), QColor(colours[level]))
            _text(p, box.left() + unit * 0.6, y, box.width() * 0.72, unit * 0.85, name, c["text"])
            _text(
                p,
                box.left() + box.width() * 0.72,
                y,
                box.width() * 0.28,
                unit * 0.85,
                _figure(value),
                colours[level] if level != "ok" else c["text"],
                align=Qt.AlignmentFlag.AlignRight,
            )


class WallSources:
    """What the wall asks of the media core, with ``data:…`` keys served by ``DataTiles``.

    Sites being recorded are *held*: the wall paging them away must not pause their video or
    let their session go (the recording would get a frozen picture or end); what the wall asked
    for meanwhile is done when the hold is released.
    """

    def __init__(self, media: Any, tiles: DataTiles, roster: Any = None) -> None:
        self.media = media
        self.tiles = tiles
        self.roster = roster
        self.held: dict[str, str] = {}  # site -> what the wall asked while held ("", "hide", "unsubscribe")

    def hold(self, key: str) -> None:
        self.held.setdefault(key, "")

    def release(self, key: str) -> None:
        asked = self.held.pop(key, "")
        if asked:
            getattr(self, asked)(key)

    def subscribe(self, key: str, width: int, height: int) -> Future:
        if is_data_key(key):
            if self.roster is not None:
                self.roster.muted[key] = False  # a data tile has no microphone: no "muted" mark on it
            self.tiles.subscribe(key, width, height)
            return _done(None)
        return self.media.subscribe(key, width, height)

    def show(self, key: str, width: int, height: int) -> Future:
        if key in self.held and self.held[key] == "hide":
            self.held[key] = ""  # back on the wall before the recording ended
        if is_data_key(key):
            self.tiles.show(key, width, height)
            return _done(None)
        return self.media.show(key, width, height)

    def hide(self, key: str) -> Future:
        if key in self.held:
            self.held[key] = self.held[key] or "hide"
            return _done(None)
        if is_data_key(key):
            self.tiles.hide(key)
            return _done(None)
        return self.media.hide(key)

    def unsubscribe(self, key: str) -> Future:
        if key in self.held:
            self.held[key] = "unsubscribe"
            return _done(None)
        if is_data_key(key):
            self.tiles.unsubscribe(key)
            return _done(None)
        return self.media.unsubscribe(key)

    def request_keyframe(self, key: str) -> Future:
        return _done(None) if is_data_key(key) else self.media.request_keyframe(key)

    def sink(self, key: str):
        return self.tiles.sink(key) if is_data_key(key) else self.media.sink(key)

    def snapshot(self, key: str):
        return None if is_data_key(key) else self.media.snapshot(key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.media, name)


def tile_info(site_info: Callable[[str], Site | None], tiles: DataTiles) -> Callable[[str], Site | None]:
    """The wall's ``site_info`` with data tiles named (their overlay title and subtitle)."""

    def info(key: str) -> Site | None:
        if not is_data_key(key):
            return site_info(key)
        data = tiles.state.data if tiles.state else None
        subtitle = (
            QCoreApplication.translate("Console", SAMPLE_BADGE)
            if data is not None and data.sample
            else translate("DataTiles", "indicators")
        )
        return Site(
            key=key,
            code=0,
            name=tiles.title(key),
            level="data",
            division_type="",
            parent_key=None,
            province_key="",
            province=subtitle,
            path=[tiles.title(key)],
            active=True,
            status="online",
            tags=[],
        )

    return info


def _done(value: Any) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _text(
    p: QPainter,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str,
    colour: str,
    bold: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(MIN_TEXT_PX, int(h * 0.8)))  # smaller cannot be read across a room
    font.setBold(bold)
    p.setFont(font)
    p.setPen(QColor(colour))
    rect = QRectF(x, y, max(1.0, w), h)
    shown = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()))
    p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)


def _badge(p: QPainter, right: float, top: float, h: float, text: str, fill: str, ink: str) -> float:
    """A filled label ending at ``right``; returns its width."""
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(MIN_TEXT_PX - 1, int(h * 0.7)))
    font.setBold(True)
    p.setFont(font)
    width = p.fontMetrics().horizontalAdvance(text) + h
    rect = QRectF(right - width, top, width, h)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill))
    p.drawRoundedRect(rect, h * 0.2, h * 0.2)
    p.setPen(QColor(ink))
    p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
    return width


def _sparkline(p: QPainter, box: QRectF, points, colour: str, grid: str) -> None:
    times = [t for t, _ in points]
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span_t = (times[-1] - times[0]) or 1.0
    span_v = (high - low) or 1.0
    p.setPen(QPen(QColor(grid), 1))
    p.drawLine(QPointF(box.left(), box.bottom()), QPointF(box.right(), box.bottom()))
    path = QPainterPath()
    for i, (t, v) in enumerate(points):
        point = QPointF(
            box.left() + (t - times[0]) / span_t * box.width(), box.bottom() - (v - low) / span_v * box.height() * 0.9
        )
        path.moveTo(point) if i == 0 else path.lineTo(point)
    p.setPen(QPen(QColor(colour), max(2.0, box.height() / 60)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
