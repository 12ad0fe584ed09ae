"""What is written over the video: names, state, mute, link quality, slot, focus.

Both canvases call ``paint_overlays`` after their video pass, with a QPainter on the
widget, so the two pictures differ only by antialiasing. Sizes follow the tile's height
so a 3×3 focus tile and a 12×12 thumbnail both stay legible.

Text never shares pixels with anything else: a band along the tile's edge (``EDGE``) is
kept for the focus and speaking rings, and ``tile_layout`` places every text box (slot
number, marks, state, name) inside it without overlap, shortening or wrapping the marks
where a tile is small. Tests check the boxes; painting follows them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen

from console.compositor.scene import LEVEL_STEPS, OverlayStyle, TileDraw, TileOverlay, video_rect
from console.translatable import QT_TRANSLATE_NOOP

# The words on tiles are English sources translated when drawn (the console's
# language; Vietnamese in the room). The marks: the site asks to speak (no emoji: fonts lack
# it), the site is in the talk; shorter words for each, tried in order where a tile is narrow.
_CONTEXT = "TileOverlay"
HAND_WORDS = (QT_TRANSLATE_NOOP("TileOverlay", "HAND RAISED"), QT_TRANSLATE_NOOP("TileOverlay", "HAND"))
TALK_WORDS = (QT_TRANSLATE_NOOP("TileOverlay", "TALKING"), QT_TRANSLATE_NOOP("TileOverlay", "TALK"))
# A tile that sheds load (the console is short of CPU): it moves, but slower, on purpose.
REDUCED_WORDS = (QT_TRANSLATE_NOOP("TileOverlay", "REDUCED: CPU"), QT_TRANSLATE_NOOP("TileOverlay", "CPU"))
BADGE_TEXT = {
    "live": QT_TRANSLATE_NOOP("TileOverlay", "LIVE"),
    "stale": QT_TRANSLATE_NOOP("TileOverlay", "STALE"),
    "offline": QT_TRANSLATE_NOOP("TileOverlay", "OFFLINE"),
    "connecting": QT_TRANSLATE_NOOP("TileOverlay", "CONNECTING"),
    "reconnecting": QT_TRANSLATE_NOOP("TileOverlay", "RECONNECTING"),
    "unjoined": QT_TRANSLATE_NOOP("TileOverlay", "NEVER JOINED"),
    "no_media_path": QT_TRANSLATE_NOOP("TileOverlay", "NO MEDIA PATH"),
    "audio_only": QT_TRANSLATE_NOOP("TileOverlay", "AUDIO ONLY"),
}
# Shown in the middle of a tile that has no picture, unless the tile has a note.
IDLE_TEXT = {
    "empty": QT_TRANSLATE_NOOP("TileOverlay", "No site"),
    "connecting": QT_TRANSLATE_NOOP("TileOverlay", "Connecting…"),
    "live": QT_TRANSLATE_NOOP("TileOverlay", "Waiting for video…"),
    "stale": QT_TRANSLATE_NOOP("TileOverlay", "No picture"),
    "offline": QT_TRANSLATE_NOOP("TileOverlay", "Offline"),
    "reconnecting": QT_TRANSLATE_NOOP("TileOverlay", "Reconnecting…"),
    "unjoined": QT_TRANSLATE_NOOP("TileOverlay", "Never joined"),
    "no_media_path": QT_TRANSLATE_NOOP("TileOverlay", "No media path"),
    "audio_only": QT_TRANSLATE_NOOP("TileOverlay", "Audio only (link)"),
}
# The marks' row is as tall as Vietnamese capitals need, whatever the language.
_MARK_HEIGHT_PROBE = "GIƠ TAY · ĐANG NÓI · HAND"


def said(text: str) -> str:
    """A tile's word in the console's language."""
    return QCoreApplication.translate(_CONTEXT, text)


def mark_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(said(word) for word in words)


# A last picture under these states is dimmed: it must never pass for live video.
VEILED_STATES = frozenset({"stale", "offline", "reconnecting", "audio_only"})

# The name bar over the video, of 255: near opaque, so the picture's own details under it (a
# caption, the simulated sites' row of frame-counter blocks) never read as marks of the overlay.
BAR_ALPHA = 235
VEIL_ALPHA = 150  # the dimming over a stale picture
CHIP_ALPHA = 170  # the slot label's backing
RIM_ALPHA = 200  # the outline of a state badge
RING_W = 3  # each ring's width: focus on the edge, speaking inside it
EDGE = 2 * RING_W  # the band along the tile's edge the rings may cover: no text in it


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


def paint_overlays(
    painter: QPainter, tiles: list[TileDraw], style: OverlayStyle, cache: OverlayCache | None = None
) -> None:
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
        self.drawn = 0  # overlays rendered (not blitted), for tests and benchmarks
        self.wall_tiles = 0  # tiles on the whole wall (a paint may touch fewer): sizes the cache

    def paint(self, painter: QPainter, tiles: list[TileDraw], style: OverlayStyle) -> None:
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        images = self._images
        language = said(HAND_WORDS[0])  # the words drawn change with the language
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
                key = (tile.overlay, w, h, style, dpr, language, None if frame is None else (frame.width, frame.height))
                parts = images.get(key)
                if parts is None:
                    parts = images[key] = self._render(tile, style, dpr)
                else:
                    images.move_to_end(key)
                for offset, image in parts:
                    painter.drawImage(QPoint(x, y) + offset, image)
                _paint_rings(painter, tile, style)  # thin frames: cheaper drawn than blended
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
        local = TileDraw(
            (0, 0, w, h), tile.source_id, tile.frame, tile.serial, replace(tile.overlay, focused=False, speaking=False)
        )
        painter = QPainter(image)
        try:
            _hints(painter)
            _paint_tile(painter, local, style)
        finally:
            painter.end()
        self.drawn += 1
        stride = image.bytesPerLine()
        alpha = np.frombuffer(image.constBits(), np.uint8, count=stride * ph).reshape(ph, stride)[:, 3 : pw * 4 : 4]
        parts = []
        for r0, r1 in _runs(alpha.any(axis=1)):
            for c0, c1 in _runs(alpha[r0:r1].any(axis=0)):
                piece = image.copy(QRect(c0, r0, c1 - c0, r1 - r0))
                piece.setDevicePixelRatio(dpr)
                parts.append((QPoint(round(c0 / dpr), round(r0 / dpr)), piece))
        return parts


def _runs(mask: npt.ArrayLike, merge_gap: int = 24) -> list[tuple[int, int]]:
    """[start, end) of the True runs in ``mask``; runs closer than ``merge_gap`` join."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], np.asarray(mask, np.int8), [0]))))
    runs: list[tuple[int, int]] = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist()):
        if runs and start - runs[-1][1] < merge_gap:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


@dataclass
class TileBoxes:
    """Where each part of one tile's overlay goes, in widget pixels.

    ``marks`` are (box, text, colour) for the slot number, the raised hand and the talk;
    ``badge`` the state pill (or its dot, ``badge_text`` ""); ``bar`` the name bar and
    ``title``/``subtitle`` the text boxes inside it. Every text box lies inside the tile
    less ``EDGE`` and no two of them overlap.
    """

    marks: list[tuple[QRect, str, str]] = field(default_factory=list)
    badge: QRect | None = None
    badge_text: str = ""
    bar: QRect | None = None
    title: QRect | None = None
    subtitle: QRect | None = None
    idle: QRect | None = None  # "Connecting…", "Never joined": where a tile has no picture
    icons_left: int = 0  # the name bar's icons (meter, mute, quality) start here
    two_lines: bool = False

    def text_boxes(self) -> list[QRect]:
        boxes = [box for box, _, _ in self.marks]
        boxes += [b for b in (self.badge, self.title, self.subtitle, self.idle) if b is not None and not b.isEmpty()]
        return boxes


def tile_layout(tile: TileDraw, style: OverlayStyle) -> TileBoxes:
    """The overlay's boxes for ``tile`` (see ``TileBoxes``)."""
    x, y, w, h = tile.rect
    ov = tile.overlay
    m = _Metrics.for_tile(w, h)
    boxes = TileBoxes(two_lines=m.two_lines)
    inner_left, inner_right = x + EDGE + m.pad // 2, x + w - EDGE - m.pad // 2
    top = y + EDGE + m.pad // 2
    if ov.title or ov.subtitle or ov.muted or ov.state != "empty":
        _layout_name_bar(boxes, tile, style, m)
    floor = boxes.bar.top() if boxes.bar is not None else y + h - EDGE
    row_h = _pill_height(_mark_font(style, m), _MARK_HEIGHT_PROBE, m)
    # The state badge at the top right; a dot where the tile is narrow.
    right = inner_right
    if ov.state in BADGE_TEXT and not ov.data:
        font = _mark_font(style, m)
        text = said(BADGE_TEXT[ov.state])
        pill_w = _fm(font).horizontalAdvance(text) + 2 * m.pad
        if pill_w <= w * 0.5:
            boxes.badge, boxes.badge_text = QRect(inner_right - pill_w, top, pill_w, row_h), text
        else:
            d = max(6, round(row_h * 0.7))
            boxes.badge = QRect(inner_right - d, top + (row_h - d) // 2, d, d)
        right = boxes.badge.left() - m.pad // 2
    # Slot number, then the hand, the talk and a reduced rate: each takes the longest wording that fits the
    # row, or starts a row below, never drawing over another box or the name bar.
    left = inner_left
    row_top = top
    if ov.label:
        font = _font(style.font_family, m.font_px, bold=True)
        chip_h = max(row_h, _fm(font).height())
        chip_w = max(chip_h, _fm(font).horizontalAdvance(ov.label) + 2 * (m.pad // 2 + 1))
        if ov.pinned:
            chip_w += _pin_width(chip_h) + m.pad // 2
        boxes.marks.append((QRect(left, row_top, chip_w, chip_h), ov.label, "label"))
        left += chip_w + m.pad // 2
        row_h = max(row_h, chip_h)
    font = _mark_font(style, m)
    for on, words, colour in (
        (ov.hand, mark_words(HAND_WORDS), style.state_stale),
        (ov.talking, mark_words(TALK_WORDS), style.accent),
        (ov.reduced, mark_words(REDUCED_WORDS), style.text_muted),  # told, not alarming: the hand is
    ):
        if not on:
            continue
        # The long word on this row, or on a row of its own; then shorter words.
        next_top = row_top + row_h + m.pad // 2
        tries = [(word, here) for word in words for here in (True, False)]
        for word, here in tries:
            width = _fm(font).horizontalAdvance(word) + 2 * m.pad
            room = right - left if here else inner_right - inner_left
            if width <= room and (here or next_top + row_h <= floor):
                break
        else:  # not even the shortest word: elided
            word, here, width = words[-1], True, max(0, right - left)
        if not here:
            row_top, left, right = next_top, inner_left, inner_right
        if row_top + row_h > floor:
            continue  # no room left above the name bar
        boxes.marks.append((QRect(left, row_top, width, row_h), word, colour))
        left += width + m.pad // 2
    if tile.frame is None:
        marks = [box for box, _, _ in boxes.marks] + ([boxes.badge] if boxes.badge is not None else [])
        used = max([b.bottom() + 1 for b in marks] + [top])
        boxes.idle = QRect(inner_left, used + m.pad // 2, inner_right - inner_left, floor - used - m.pad)
    return boxes


def _mark_font(style: OverlayStyle, m: _Metrics) -> QFont:
    return _font(style.font_family, max(9, round(m.font_px * 0.8)), bold=True)


def _pill_height(font: QFont, text: str, m: _Metrics) -> int:
    """Tall enough for the text's marks too (Vietnamese stacks them above capitals)."""
    fm = _fm(font)
    ink = fm.boundingRect(text)
    return max(fm.height(), ink.height()) + 2 * max(1, m.pad // 3)


def _pin_width(chip_h: int) -> int:
    return max(6, round(chip_h * 0.55))


def _layout_name_bar(boxes: TileBoxes, tile: TileDraw, style: OverlayStyle, m: _Metrics) -> None:
    x, y, w, h = tile.rect
    title_font = _font(style.font_family, m.font_px, bold=True)
    sub_font = _font(style.font_family, max(9, round(m.font_px * 0.9)), bold=False)
    title_h, sub_h = _fm(title_font).height(), _fm(sub_font).height()
    # The bar reaches the tile's bottom edge; its text stays above the ring band.
    text_h = title_h + sub_h + m.pad if m.two_lines else max(title_h, sub_h) + m.pad // 2
    bar_h = text_h + m.pad // 2 + EDGE
    top = y + h - bar_h
    boxes.bar = QRect(x, top, w, bar_h)
    text_top = top + m.pad // 2
    icons_right = x + w - EDGE - m.pad // 2
    boxes.icons_left = icons_right - _icons_width(tile.overlay, m)
    left = x + EDGE + m.pad // 2
    text_w = boxes.icons_left - m.pad - left
    if text_w < 12:
        return
    if m.two_lines:
        boxes.title = QRect(left, text_top, text_w, title_h)
        boxes.subtitle = QRect(left, text_top + title_h, text_w, sub_h)
        return
    used = min(
        text_w,
        _fm(title_font).horizontalAdvance(
            _fm(title_font).elidedText(tile.overlay.title, Qt.TextElideMode.ElideRight, text_w)
        ),
    )
    boxes.title = QRect(left, text_top, used, text_h)
    gap = m.font_px // 2 if used else 0
    rest = text_w - used - gap
    if tile.overlay.subtitle and rest >= _fm(sub_font).horizontalAdvance("Xxxx…"):
        boxes.subtitle = QRect(left + used + gap, text_top, rest, text_h)


def _icons_width(ov: TileOverlay, m: _Metrics) -> int:
    """The name bar's icons at its right: quality bars, then the mute mark or the meter (none
    on a data tile: it has no link and no sound)."""
    if ov.data:
        return 0
    bar_w = max(2, m.font_px // 5)
    width = 4 * bar_w + 3 * max(1, bar_w // 2)
    if ov.muted:
        width += m.pad + round(m.font_px * 1.25)
    elif ov.state == "live":
        meter_w = max(2, m.font_px // 6)
        width += m.pad + LEVEL_STEPS * (meter_w + max(1, meter_w // 2)) - max(1, meter_w // 2)
    return width


def _paint_tile(painter: QPainter, tile: TileDraw, style: OverlayStyle) -> None:
    x, y, w, h = tile.rect
    if w < 8 or h < 8:
        return
    ov = tile.overlay
    m = _Metrics.for_tile(w, h)
    boxes = tile_layout(tile, style)
    painter.save()
    painter.setClipRect(QRect(x, y, w, h))
    if tile.frame is not None and ov.state in VEILED_STATES:
        vx, vy, vw, vh = video_rect(tile.rect, tile.frame.width, tile.frame.height)
        painter.fillRect(QRect(vx, vy, vw, vh), _colour(style.background, VEIL_ALPHA))
    if boxes.bar is not None:
        _paint_name_bar(painter, tile, boxes, boxes.bar, style, m)
    if boxes.idle is not None and boxes.idle.height() > 0:
        _paint_idle_text(painter, tile, boxes.idle, style, m)
    if boxes.badge is not None:
        _paint_badge(painter, boxes.badge, boxes.badge_text, ov.state, style, m)
    for box, text, colour in boxes.marks:
        if colour == "label":
            _paint_label(painter, box, text, ov.pinned, style, m)
        else:
            _paint_pill(painter, box, text, colour, style, m)
    painter.setClipping(False)
    _paint_rings(painter, tile, style)
    painter.restore()


def _paint_rings(painter: QPainter, tile: TileDraw, style: OverlayStyle) -> None:
    """Focus (accent) on the tile's edge; speaking (green) just inside it: both in the EDGE
    band, which no text enters."""
    x, y, w, h = tile.rect
    rings = [(style.accent, 0)] if tile.overlay.focused else []
    if tile.overlay.speaking:
        rings.append((style.state_live, RING_W if tile.overlay.focused else 0))
    half = RING_W / 2
    for colour, inset in rings:
        pen = QPen(_colour(colour), RING_W)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # inside the tile: never clipped
        painter.drawRect(QRectF(x + half + inset, y + half + inset, w - RING_W - 2 * inset, h - RING_W - 2 * inset))


def _paint_pill(painter: QPainter, box: QRect, text: str, colour: str, style: OverlayStyle, m: _Metrics) -> None:
    """``text`` on a coloured pill filling ``box``."""
    font = _mark_font(style, m)
    painter.setPen(QPen(_colour(style.background, RIM_ALPHA), 1))
    painter.setBrush(_colour(colour))
    radius = box.height() / 2.5
    painter.drawRoundedRect(QRectF(box.x() + 0.5, box.y() + 0.5, box.width() - 1, box.height() - 1), radius, radius)
    _text(painter, (box.x() + 1, box.y(), box.width() - 2, box.height()), text, font, style.background, centre=True)


def _paint_level(painter: QPainter, right: float, mid_y: float, level: int, style: OverlayStyle, m: _Metrics) -> float:
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


def _paint_idle_text(painter: QPainter, tile: TileDraw, box: QRect, style: OverlayStyle, m: _Metrics) -> None:
    ov = tile.overlay
    text = ov.note or said(IDLE_TEXT[ov.state])
    colour = {"offline": style.state_offline, "empty": style.text_muted, "unjoined": style.text_muted}.get(
        ov.state, style.text
    )
    font = _font(style.font_family, round(m.font_px * 1.2), bold=False)
    if _fm(font).height() > box.height():
        font = _font(style.font_family, m.font_px, bold=False)
    if _fm(font).height() > box.height():
        return  # no room between the marks and the name bar
    _text(painter, (box.x(), box.y(), box.width(), box.height()), text, font, colour, centre=True)


def _paint_name_bar(
    painter: QPainter, tile: TileDraw, boxes: TileBoxes, bar: QRect, style: OverlayStyle, m: _Metrics
) -> None:
    """The translucent bar (``bar``, the tile's ``boxes.bar``) along the tile's bottom, its icons
    and its text (``boxes``)."""
    ov = tile.overlay
    painter.fillRect(bar, _colour(style.background, BAR_ALPHA))
    text_bottom = bar.bottom() + 1 - EDGE
    mid_y = (bar.top() + m.pad // 2 + text_bottom) // 2
    if not ov.data:
        _paint_icons(painter, tile, mid_y, style, m)
    title_font = _font(style.font_family, m.font_px, bold=True)
    sub_font = _font(style.font_family, max(9, round(m.font_px * 0.9)), bold=False)
    for box, text, font, colour in (
        (boxes.title, ov.title, title_font, style.text),
        (boxes.subtitle, ov.subtitle, sub_font, style.text_muted),
    ):
        if box is not None:
            _text(painter, (box.x(), box.y(), box.width(), box.height()), text, font, colour)


def _paint_icons(painter: QPainter, tile: TileDraw, mid_y: float, style: OverlayStyle, m: _Metrics) -> None:
    """The link's quality bars at the bar's right end, then the mute mark or the level meter."""
    ov = tile.overlay
    right = _paint_quality(painter, tile.rect[0] + tile.rect[2] - EDGE - m.pad // 2, mid_y, ov.quality, style, m)
    right -= m.pad
    if ov.muted:
        _paint_mute(painter, right, mid_y, style, m)
    elif ov.state == "live":  # an open microphone shows what it hears
        _paint_level(painter, right, mid_y, ov.level, style, m)


def _text(
    painter: QPainter, area: tuple[int, int, int, int], text: str, font: QFont, colour: str, centre: bool = False
) -> int:
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


def _paint_quality(
    painter: QPainter, right: float, mid_y: float, quality: int, style: OverlayStyle, m: _Metrics
) -> float:
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


def _paint_badge(painter: QPainter, box: QRect, text: str, state: str, style: OverlayStyle, m: _Metrics) -> None:
    """The state in a coloured pill, or a dot alone (``text`` "") where the tile is narrow."""
    colour = _colour(_state_colour(state, style))
    # A dark rim keeps a green pill readable over green video.
    painter.setPen(QPen(_colour(style.background, RIM_ALPHA), 1))
    painter.setBrush(colour)
    if not text:
        painter.drawEllipse(QRectF(box))
        return
    # Half-pixel inset: a 1 px rim on pixel centres is crisp in both paint engines.
    radius = box.height() / 2.5
    painter.drawRoundedRect(QRectF(box.x() + 0.5, box.y() + 0.5, box.width() - 1, box.height() - 1), radius, radius)
    _text(
        painter,
        (box.x(), box.y(), box.width(), box.height()),
        text,
        _mark_font(style, m),
        style.background,
        centre=True,
    )


def _paint_label(painter: QPainter, box: QRect, label: str, pinned: bool, style: OverlayStyle, m: _Metrics) -> None:
    """The slot number on a dark chip; a pinned tile's chip is the accent colour with a pin."""
    font = _font(style.font_family, m.font_px, bold=True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_colour(style.accent) if pinned else _colour(style.background, CHIP_ALPHA))
    painter.drawRoundedRect(box, box.height() / 4, box.height() / 4)
    text_w = box.width()
    if pinned:
        pin_w = _pin_width(box.height())
        text_w -= pin_w + m.pad // 2
        _paint_pin(painter, box.x() + text_w, box.y(), pin_w, box.height(), style)
    _text(
        painter,
        (box.x(), box.y(), text_w, box.height()),
        label,
        font,
        style.background if pinned else style.text,
        centre=True,
    )


def _paint_pin(painter: QPainter, left: int, top: int, w: int, h: int, style: OverlayStyle) -> None:
    """A drawing pin: a round head on a short needle (fonts lack a pin glyph)."""
    head = w * 0.8
    cx = left + w / 2
    painter.setBrush(_colour(style.background))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(cx - head / 2, top + h * 0.18, head, head))
    pen = QPen(_colour(style.background), max(1.5, w / 5))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(cx, top + h * 0.18 + head), QPointF(cx, top + h * 0.85))


def _state_colour(state: str, style: OverlayStyle) -> str:
    return {
        "live": style.state_live,
        "stale": style.state_stale,
        "offline": style.state_offline,
        "connecting": style.state_connecting,
        "reconnecting": style.state_connecting,
        "no_media_path": style.state_offline,  # online, but no picture can come: red like a lost link
        "audio_only": style.state_stale,  # reduced by its link, and heard: amber, not red
    }.get(state, style.text_muted)  # "unjoined": grey, not the red of a lost link


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
