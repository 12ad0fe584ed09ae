"""Symbols the chrome draws as shapes: the fonts the console ships with (DejaVu) have no pause
sign (U+23F8) and no padlock (U+1F512); as text they showed as empty boxes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

ICON_PX = 32  # drawn large, scaled down by the button; crisp on a high-DPI screen too


def pause_icon(colour: str) -> QIcon:
    """Two upright bars."""
    path = QPainterPath()
    for x in (0.22, 0.60):
        path.addRoundedRect(QRectF(x * ICON_PX, 0.16 * ICON_PX, 0.18 * ICON_PX, 0.68 * ICON_PX), 1.5, 1.5)
    return _icon(path, colour)


def lock_icon(colour: str) -> QIcon:
    """A padlock: a body and its shackle."""
    body = QPainterPath()
    body.addRoundedRect(QRectF(0.20 * ICON_PX, 0.46 * ICON_PX, 0.60 * ICON_PX, 0.44 * ICON_PX), 2.5, 2.5)
    shackle = QPainterPath()
    shackle.addRoundedRect(
        QRectF(0.32 * ICON_PX, 0.10 * ICON_PX, 0.36 * ICON_PX, 0.56 * ICON_PX), 0.18 * ICON_PX, 0.18 * ICON_PX
    )
    return _icon(body, colour, outline=shackle)


def _icon(fill: QPainterPath, colour: str, outline: QPainterPath | None = None) -> QIcon:
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if outline is not None:
        painter.setPen(QPen(QColor(colour), 0.10 * ICON_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(outline)
    painter.fillPath(fill, QColor(colour))
    painter.end()
    return QIcon(pixmap)
