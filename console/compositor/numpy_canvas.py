"""The software wall: the same picture as the GL canvas, drawn with numpy and QPainter.

Used where OpenGL is missing or failed. Each tile's video is converted once per new frame
(or new tile size) into a cached RGB image; a repaint for any other reason only blits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.compositor.overlays import paint_overlays
from console.compositor.scene import OverlayStyle, TileDraw, video_rect
from console.compositor.yuv import yuv420_to_rgb


@dataclass
class _Converted:
    serial: int
    size: tuple[int, int]
    rgb: np.ndarray      # owns the pixels the QImage points at: keep it with the image
    image: QImage


class NumpyWallCanvas(QWidget):
    """The whole wall in one widget, converted on the CPU; ``set_tiles`` then repaint."""

    def __init__(self, parent: QWidget | None = None, style: OverlayStyle | None = None) -> None:
        super().__init__(parent)
        self._tiles: list[TileDraw] = []
        self._style = style or OverlayStyle()
        self._converted: dict[str, _Converted] = {}
        self.conversions = 0          # tile pictures converted, for tests and benchmarks
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def renderer(self) -> str:
        return "numpy (software)"

    @property
    def overlay_style(self) -> OverlayStyle:
        return self._style

    def set_style(self, style: OverlayStyle) -> None:
        self._style = style
        self.update()

    def set_tiles(self, tiles: list[TileDraw]) -> None:
        """The wall to show from the next paint on (latest wins; nothing is queued)."""
        self._tiles = list(tiles)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            style = self._style
            painter.fillRect(self.rect(), QColor(style.background))
            tile_bg = QColor(style.tile_background)
            shown: set[str] = set()
            for tile in self._tiles:
                x, y, w, h = tile.rect
                painter.fillRect(QRectF(x, y, w, h), tile_bg)
                if tile.frame is not None:
                    self._draw_video(painter, tile)
                    shown.add(tile.source_id)
            for source in self._converted.keys() - shown:
                del self._converted[source]
            paint_overlays(painter, self._tiles, style)
        finally:
            painter.end()

    def _draw_video(self, painter: QPainter, tile: TileDraw) -> None:
        frame = tile.frame
        vx, vy, vw, vh = video_rect(tile.rect, frame.width, frame.height)
        if vw <= 0 or vh <= 0:
            return
        dpr = self.devicePixelRatioF()
        size = (max(1, round(vw * dpr)), max(1, round(vh * dpr)))
        cached = self._converted.get(tile.source_id)
        if cached is None or cached.serial != tile.serial or cached.size != size:
            rgb = yuv420_to_rgb(frame, *size)
            image = QImage(rgb.data, size[0], size[1], size[0] * 3, QImage.Format.Format_RGB888)
            image.setDevicePixelRatio(dpr)
            cached = _Converted(tile.serial, size, rgb, image)
            self._converted[tile.source_id] = cached
            self.conversions += 1
        painter.drawImage(QPointF(vx, vy), cached.image)
