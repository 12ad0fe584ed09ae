"""Tile chrome never overlaps. Every text box of a tile's overlay (slot
number, hand, talk, state, name, province, idle text) lies inside the band the focus and
speaking rings use, and no two text boxes share a pixel, at every wall size."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect

from console.compositor import OverlayStyle, TileDraw, TileOverlay
from console.compositor.overlays import EDGE, HAND_WORDS, TALK_WORDS, tile_layout
from console.model import LAYOUTS, slot_rects
from tests.compositor import frames

STYLE = OverlayStyle()
# Tile sizes of every layout on a 1920x1080 wall and on the wall of a 1600x900 window.
SIZES = sorted(
    {(r.w, r.h) for name, lay in LAYOUTS.items() for wall in ((1920, 1080), (930, 560)) for r in slot_rects(lay, *wall)}
)


def overlay(**marks) -> TileOverlay:
    return TileOverlay(
        "Phường Hoàn Kiếm", "Thành phố Hà Nội", marks.pop("state", "live"), label="6", level=3, quality=4, **marks
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_text_stays_clear_of_the_rings_and_of_each_other(qapp, size):
    w, h = size
    for hand, talking, pinned, muted, picture, state in itertools.product(
        (False, True), (False, True), (False, True), (False, True), (False, True), ("live", "unjoined")
    ):
        tile = TileDraw(
            (40, 30, w, h),
            "s",
            frames.solid(320, 180, (90, 90, 90)) if picture else None,
            1,
            overlay(hand=hand, talking=talking, pinned=pinned, muted=muted, focused=True, speaking=True, state=state),
        )
        boxes = tile_layout(tile, STYLE)
        inside = QRect(40 + EDGE, 30 + EDGE, w - 2 * EDGE, h - 2 * EDGE)
        texts = boxes.text_boxes()
        for box in texts:
            assert inside.contains(box), f"{box} reaches the ring band of {w}x{h}"
        for a, b in itertools.combinations(texts, 2):
            assert not a.intersects(b), f"{a} and {b} overlap in a {w}x{h} tile"
        words = [text for _, text, _ in boxes.marks]
        if hand:  # a raised hand is always shown, in as many words as fit
            assert any(word in HAND_WORDS for word in words), (w, h, words)
        if talking and h >= 80:
            assert any(word in TALK_WORDS for word in words[1:]), (w, h, words)


def test_marks_are_tall_enough_for_vietnamese_capitals(qapp):
    from console.compositor.overlays import _fm, _mark_font, _Metrics

    for w, h in SIZES:
        tile = TileDraw((0, 0, w, h), "s", None, 1, overlay(hand=True, talking=True))
        for box, text, _ in tile_layout(tile, STYLE).marks[1:]:
            ink = _fm(_mark_font(STYLE, _Metrics.for_tile(w, h))).boundingRect(text)
            assert box.height() >= ink.height(), (w, h, text)


def test_a_data_tile_shows_no_state_badge_no_meter_and_no_link_bars(qapp):
    """An indicator view on the wall is not a commune's live picture and has no sound."""
    from PySide6.QtGui import QImage, QPainter

    from console.compositor.overlays import paint_overlays

    def picture(ov):
        image = QImage(310, 186, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        paint_overlays(painter, [TileDraw((0, 0, 310, 186), "data:new_cases", None, 1, ov)], STYLE)
        painter.end()
        return image

    loud = TileOverlay("Data · Ca mắc mới", "SAMPLE DATA", "live", level=5, quality=4, label="2", data=True)
    quiet = TileOverlay("Data · Ca mắc mới", "SAMPLE DATA", "live", level=0, quality=0, label="2", data=True)
    boxes = tile_layout(TileDraw((0, 0, 310, 186), "data:new_cases", None, 1, loud), STYLE)
    assert boxes.badge is None and boxes.title is not None
    assert picture(loud) == picture(quiet)  # nothing of a level or a link is drawn
    site = TileOverlay("Xã A", "Tỉnh B", "live", level=5, quality=4, label="2")
    assert tile_layout(TileDraw((0, 0, 310, 186), "s", None, 1, site), STYLE).badge is not None
