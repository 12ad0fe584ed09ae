"""What is written over the video: names, state, mute, link quality, slot, focus.

Both canvases call ``paint_overlays`` after their video pass, with a QPainter on the
widget, so the two pictures differ only by antialiasing. Sizes follow the tile's height
so a 3×3 focus tile and a 12×12 thumbnail both stay legible.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen

from console.compositor.scene import LEVEL_STEPS, OverlayStyle, TileDraw, video_rect

HAND_TEXT = "GIƠ TAY · HAND"   # the site asks to speak (no emoji: fonts lack it)
TALK_TEXT = "ĐANG NÓI · TALK"
BADGE_TEXT = {"live": "LIVE", "stale": "STALE", "offline": "OFFLINE",
              "connecting": "CONNECTING", "reconnecting": "RECONNECTING"}
# Shown in the middle of a tile that has no picture, unless the tile has a note.
IDLE_TEXT = {"empty": "No site", "connecting": "Connecting…", "live": "Waiting for video…",
             "stale": "No picture", "offline": "Offline", "reconnecting": "Reconnecting…"}
# A last picture under these states is dimmed: it must never pass for live video.
VEILED_STATES = frozenset({"stale", "offline", "reconnecting"})

BAR_ALPHA = 185          # the name bar over the video, of 255
VEIL_ALPHA = 150         # the dimming over a stale picture
CHIP_ALPHA = 170         # the slot label's backing
RIM_ALPHA = 200          # the outline of a state badge


@dataclass(frozen=True)
class _Metrics:
    """Sizes for one tile height."""

    font_px: int
    pad: int
    two_lines: bool

    @classmethod
    def for_tile(cls, w: int, h: int) -> _Metrics:
        font_px = max(10, min(20, round(min(h, w * 9 / 16) * 0.072)))
        return cls(font_px=font_px, pad=max(3, font_px // 3), two_lines=h >= 200)


def paint_overlays(painter: QPainter, tiles: list[TileDraw], style: OverlayStyle,
                   cache: OverlayCache | None = None) -> None:
    """Draw every tile's overlay; the painter's state is restored afterwards.

    With a ``cache``, each overlay is drawn once into a transparent image and blitted
    while it stays the same: text and paths cost far more than a blit, and a wall
    repaints at video rate while its names and badges rarely change.
    """
    if cache is not None:
        cache.paint(painter, tiles, style)
        return
    painter.save()
    try:
        _hints(painter)
        for tile in tiles:
            _paint_tile(painter, tile, style)
    finally:
        painter.restore()


def _hints(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)


class OverlayCache:
    """Each distinct overlay drawn once into a transparent image, then blitted.

    The key is everything the overlay's pixels depend on: the overlay itself, the tile's
    size, the style, whether a picture is under it and that picture's size (the veil over
    a stale frame covers the frame's letterboxed area). A paint may touch a few tiles
    only, so entries live across paints; the least recently used go beyond a few per tile.
    """

    PER_TILE = 3
    MINIMUM = 64

    def __init__(self) -> None:
        self._images: OrderedDict[tuple, list[tuple[QPoint, QImage]]] = OrderedDict()
        self.drawn = 0     # overlays rendered (not blitted), for tests and benchmarks
        self.wall_tiles = 0   # tiles on the whole wall (a paint may touch fewer): sizes the cache

    def paint(self, painter: QPainter, tiles: list[TileDraw], style: OverlayStyle) -> None:
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        images = self._images
        painter.save()
        try:
            _hints(painter)
            for tile in tiles:
                x, y, w, h = tile.rect
                if w < 8 or h < 8:
                    continue
                frame = tile.frame
                # The overlay as given (no copy per tile per paint); its rings are drawn below,
                # so a focus or speaking change costs one re-render of that tile only.
                key = (tile.overlay, w, h, style, dpr,
                       None if frame is None else (frame.width, frame.height))
                parts = images.get(key)
                if parts is None:
                    parts = images[key] = self._render(tile, style, dpr)
                else:
                    images.move_to_end(key)
                for offset, image in parts:
                    painter.drawImage(QPoint(x, y) + offset, image)
                _paint_rings(painter, tile, style)   # thin frames: cheaper drawn than blended
        finally:
            painter.restore()
        while len(images) > max(self.MINIMUM, self.PER_TILE * max(self.wall_tiles, len(tiles))):
            images.popitem(last=False)

    def _render(self, tile: TileDraw, style: OverlayStyle, dpr: float) -> list[tuple[QPoint, QImage]]:
        """The overlay as the few opaque-ish pieces it has (name bar, badge, label...).

        Blending costs per pixel, transparent or not, so the mostly empty tile-sized image
        is cut down to the boxes that hold something.
        """
        _, _, w, h = tile.rect
        pw, ph = max(1, round(w * dpr)), max(1, round(h * dpr))
        image = QImage(pw, ph, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        image.setDevicePixelRatio(dpr)
        local = TileDraw((0, 0, w, h), tile.source_id, tile.frame, tile.serial,
                         replace(tile.overlay, focused=False, speaking=False))
        painter = QPainter(image)
        try:
            _hints(painter)
            _paint_tile(painter, local, style)
        finally:
            painter.end()
        self.drawn += 1
        stride = image.bytesPerLine()
        alpha = np.frombuffer(image.constBits(), np.uint8, count=stride * ph).reshape(ph, stride)[:, 3:pw * 4:4]
        parts = []
        for r0, r1 in _runs(alpha.any(axis=1)):
            for c0, c1 in _runs(alpha[r0:r1].any(axis=0)):
                piece = image.copy(QRect(c0, r0, c1 - c0, r1 - r0))
                piece.setDevicePixelRatio(dpr)
                parts.append((QPoint(round(c0 / dpr), round(r0 / dpr)), piece))
        return parts


def _runs(mask: np.ndarray, merge_gap: int = 24) -> list[tuple[int, int]]:
    """[start, end) of the True runs in ``mask``; runs closer than ``merge_gap`` join."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    runs: list[tuple[int, int]] = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist()):
        if runs and start - runs[-1][1] < merge_gap:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _paint_tile(painter: QPainter, tile: TileDraw, style: OverlayStyle) -> None:
    x, y, w, h = tile.rect
    if w < 8 or h < 8:
        return
    ov = tile.overlay
    m = _Metrics.for_tile(w, h)
    painter.save()
    painter.setClipRect(QRect(x, y, w, h))
    if tile.frame is not None and ov.state in VEILED_STATES:
        vx, vy, vw, vh = video_rect(tile.rect, tile.frame.width, tile.frame.height)
        painter.fillRect(QRect(vx, vy, vw, vh), _colour(style.background, VEIL_ALPHA))
    bar_h = 0
    if ov.title or ov.subtitle or ov.muted or ov.state != "empty":
        bar_h = _paint_name_bar(painter, tile, style, m)
    if tile.frame is None:
        _paint_idle_text(painter, tile, style, m, bar_h)
    if ov.state in BADGE_TEXT:
        _paint_badge(painter, tile.rect, ov.state, style, m)
    left = x + m.pad
    if ov.label:
        left = _paint_label(painter, tile.rect, ov.label, style, m) + m.pad // 2
    if ov.hand:
        left = _paint_pill(painter, left, y + m.pad, HAND_TEXT, style.state_stale, style, m) + m.pad // 2
    if ov.talking:
        _paint_pill(painter, left, y + m.pad, TALK_TEXT, style.accent, style, m)
    painter.setClipping(False)
    _paint_rings(painter, tile, style)
    painter.restore()


def _paint_rings(painter: QPainter, tile: TileDraw, style: OverlayStyle) -> None:
    """Focus (accent) on the tile's edge; speaking (green) just inside it."""
    x, y, w, h = tile.rect
    rings = [(style.accent, 0)] if tile.overlay.focused else []
    if tile.overlay.speaking:
        rings.append((style.state_live, 3 if tile.overlay.focused else 0))
    for colour, inset in rings:
        pen = QPen(_colour(colour), 3)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # inside the tile: never clipped
        painter.drawRect(QRectF(x + 1.5 + inset, y + 1.5 + inset, w - 3 - 2 * inset, h - 3 - 2 * inset))


def _paint_pill(painter: QPainter, left: int, top: int, text: str, colour: str, style: OverlayStyle,
                m: _Metrics) -> int:
    """``text`` on a coloured pill from ``left``; returns the pill's right edge."""
    font = _font(style.font_family, max(9, round(m.font_px * 0.8)), bold=True)
    fm = _fm(font)
    pill_h = fm.height() + 2 * (m.pad // 4)
    pill_w = fm.horizontalAdvance(text) + 2 * m.pad
    painter.setPen(QPen(_colour(style.background, RIM_ALPHA), 1))
    painter.setBrush(_colour(colour))
    painter.drawRoundedRect(QRectF(left + 0.5, top + 0.5, pill_w - 1, pill_h - 1), pill_h / 2.5, pill_h / 2.5)
    _text(painter, (left, top, pill_w, pill_h), text, font, style.background, centre=True)
    return left + pill_w


def _paint_level(painter: QPainter, right: float, mid_y: float, level: int, style: OverlayStyle,
                 m: _Metrics) -> float:
    """An open microphone's level: LEVEL_STEPS short bars ending at ``right``; returns the left edge."""
    bar_w = max(2, m.font_px // 6)
    gap = max(1, bar_w // 2)
    full_h = m.font_px * 0.8
    left = right - LEVEL_STEPS * (bar_w + gap) + gap
    painter.setPen(Qt.PenStyle.NoPen)
    for i in range(LEVEL_STEPS):
        lit = i < level
        colour = style.state_stale if lit and i == LEVEL_STEPS - 1 else style.state_live
        painter.setBrush(_colour(colour) if lit else _colour(style.text_muted, 70))
        painter.drawRect(QRectF(left + i * (bar_w + gap), mid_y - full_h / 2, bar_w, full_h))
    return left


def _paint_idle_text(painter: QPainter, tile: TileDraw, style: OverlayStyle, m: _Metrics,
                     bar_h: int) -> None:
    ov = tile.overlay
    text = ov.note or IDLE_TEXT[ov.state]
    colour = {"offline": style.state_offline, "empty": style.text_muted}.get(ov.state, style.text)
    font = _font(style.font_family, round(m.font_px * 1.2), bold=False)
    x, y, w, h = tile.rect
    # Centred in the part of the tile above the name bar.
    _text(painter, (x + m.pad, y, w - 2 * m.pad, h - bar_h), text, font, colour, centre=True)


def _paint_name_bar(painter: QPainter, tile: TileDraw, style: OverlayStyle, m: _Metrics) -> int:
    """The translucent bar along the tile's bottom; returns its height."""
    ov = tile.overlay
    x, y, w, h = tile.rect
    title_font = _font(style.font_family, m.font_px, bold=True)
    sub_font = _font(style.font_family, max(9, round(m.font_px * 0.9)), bold=False)
    title_h, sub_h = _fm(title_font).height(), _fm(sub_font).height()
    if m.two_lines:
        bar_h = title_h + sub_h + 2 * m.pad
    else:
        bar_h = max(title_h, sub_h) + m.pad
    top = y + h - bar_h
    painter.fillRect(QRect(x, top, w, bar_h), _colour(style.background, BAR_ALPHA))
    mid_y = top + bar_h // 2
    right = _paint_quality(painter, x + w - m.pad, mid_y, ov.quality, style, m) - m.pad
    if ov.muted:
        right = _paint_mute(painter, right, mid_y, style, m) - m.pad
    elif ov.state == "live":   # an open microphone shows what it hears
        right = _paint_level(painter, right, mid_y, ov.level, style, m) - m.pad
    left = x + m.pad
    text_w = right - left
    if text_w < 12:
        return bar_h
    if m.two_lines:
        line_top = top + m.pad * 3 // 4     # glyphs' descent makes the bottom look tighter
        _text(painter, (left, line_top, text_w, title_h), ov.title, title_font, style.text)
        _text(painter, (left, line_top + title_h, text_w, sub_h), ov.subtitle,
              sub_font, style.text_muted)
        return bar_h
    used = _text(painter, (left, top, text_w, bar_h), ov.title, title_font, style.text)
    gap = m.font_px // 2 if used else 0
    rest = text_w - used - gap
    if ov.subtitle and rest >= _fm(sub_font).horizontalAdvance("Xxxx…"):
        _text(painter, (left + used + gap, top, rest, bar_h), ov.subtitle, sub_font, style.text_muted)
    return bar_h


def _text(painter: QPainter, area: tuple[int, int, int, int], text: str, font: QFont, colour: str,
          centre: bool = False) -> int:
    """Elided ``text`` in ``area``, vertically centred; returns the width drawn.

    The baseline is placed on a whole pixel here rather than by Qt's alignment flags: the
    raster and GL paint engines round a half-pixel centre differently, which moved every
    label by a pixel between the two canvases.
    """
    if not text or area[2] <= 0:
        return 0
    x, y, w, h = area
    fm = _fm(font)
    shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, w)
    width = fm.horizontalAdvance(shown)
    left = x + (w - width) // 2 if centre else x
    baseline = y + (h - fm.height()) // 2 + fm.ascent()
    painter.setFont(font)
    painter.setPen(_colour(colour))
    painter.drawText(QPoint(left, baseline), shown)
    return width


def _paint_quality(painter: QPainter, right: float, mid_y: float, quality: int,
                   style: OverlayStyle, m: _Metrics) -> float:
    """Four rising bars ending at ``right``; returns their left edge."""
    quality = max(0, min(4, quality))
    bar_w = max(2, m.font_px // 5)
    gap = max(1, bar_w // 2)
    full_h = m.font_px
    left = right - 4 * bar_w - 3 * gap
    bottom = mid_y + full_h / 2
    lit = {0: style.state_offline, 1: style.state_offline, 2: style.state_stale}.get(quality, style.state_live)
    painter.setPen(Qt.PenStyle.NoPen)
    for i in range(4):
        bh = full_h * (i + 1) / 4
        painter.setBrush(_colour(lit) if i < quality else _colour(style.text_muted, 90))
        painter.drawRect(QRectF(left + i * (bar_w + gap), bottom - bh, bar_w, bh))
    return left


def _paint_mute(painter: QPainter, right: float, mid_y: float, style: OverlayStyle, m: _Metrics) -> float:
    """A speaker with a cross, ``font_px`` tall, ending at ``right``; returns its left edge."""
    s = m.font_px
    left = right - s * 1.25
    top = mid_y - s / 2
    speaker = QPainterPath()
    speaker.moveTo(left, top + s * 0.35)
    speaker.lineTo(left + s * 0.25, top + s * 0.35)
    speaker.lineTo(left + s * 0.6, top)
    speaker.lineTo(left + s * 0.6, top + s)
    speaker.lineTo(left + s * 0.25, top + s * 0.65)
    speaker.lineTo(left, top + s * 0.65)
    speaker.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_colour(style.text))
    painter.drawPath(speaker)
    cross = QPainterPath()
    cx, half = left + s * 0.97, s * 0.22
    cross.moveTo(cx - half, mid_y - half)
    cross.lineTo(cx + half, mid_y + half)
    cross.moveTo(cx - half, mid_y + half)
    cross.lineTo(cx + half, mid_y - half)
    pen = QPen(_colour(style.state_offline), max(1.5, s / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(cross)
    return left


def _paint_badge(painter: QPainter, rect: tuple[int, int, int, int], state: str,
                 style: OverlayStyle, m: _Metrics) -> None:
    """The state in a coloured pill at the top right; a dot alone where the tile is narrow."""
    x, y, w, _ = rect
    colour = _colour(_state_colour(state, style))
    font = _font(style.font_family, max(9, round(m.font_px * 0.8)), bold=True)
    fm = _fm(font)
    text = BADGE_TEXT[state]
    pill_h = fm.height() + 2 * (m.pad // 4)
    pill_w = fm.horizontalAdvance(text) + 2 * m.pad
    top, right = y + m.pad, x + w - m.pad
    # A dark rim keeps a green pill readable over green video.
    painter.setPen(QPen(_colour(style.background, RIM_ALPHA), 1))
    painter.setBrush(colour)
    if pill_w > w * 0.5:
        d = pill_h * 0.7
        painter.drawEllipse(QRectF(right - d, top + (pill_h - d) / 2, d, d))
        return
    # Half-pixel inset: a 1 px rim on pixel centres is crisp in both paint engines.
    painter.drawRoundedRect(QRectF(right - pill_w + 0.5, top + 0.5, pill_w - 1, pill_h - 1),
                            pill_h / 2.5, pill_h / 2.5)
    _text(painter, (right - pill_w, top, pill_w, pill_h), text, font, style.background, centre=True)


def _paint_label(painter: QPainter, rect: tuple[int, int, int, int], label: str,
                 style: OverlayStyle, m: _Metrics) -> int:
    x, y, _, _ = rect
    font = _font(style.font_family, m.font_px, bold=True)
    fm = _fm(font)
    chip_h = fm.height() + 2 * (m.pad // 4)
    chip_w = max(chip_h, fm.horizontalAdvance(label) + 2 * (m.pad // 2 + 1))
    chip = QRect(x + m.pad, y + m.pad, chip_w, chip_h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_colour(style.background, CHIP_ALPHA))
    painter.drawRoundedRect(chip, chip_h / 4, chip_h / 4)
    _text(painter, (chip.x(), chip.y(), chip_w, chip_h), label, font, style.text, centre=True)
    return chip.x() + chip_w


def _state_colour(state: str, style: OverlayStyle) -> str:
    return {"live": style.state_live, "stale": style.state_stale, "offline": style.state_offline,
            "connecting": style.state_connecting, "reconnecting": style.state_connecting,
            }.get(state, style.text_muted)


@lru_cache(maxsize=64)
def _colour(hex_colour: str, alpha: int = 255) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


@lru_cache(maxsize=64)
def _fm(font: QFont) -> QFontMetrics:
    return QFontMetrics(font)


@lru_cache(maxsize=64)
def _font(family: str, pixel_size: int, bold: bool) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font

