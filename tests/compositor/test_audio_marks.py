"""The audio marks on a tile: speaking ring, raised hand, talk badge, level meter."""

from __future__ import annotations

import numpy as np
import pytest

from console.compositor import NumpyWallCanvas, OverlayStyle, TileDraw, TileOverlay
from console.compositor.scene import rgb
from tests.compositor import frames
from tests.compositor.conftest import image_to_array

STYLE = OverlayStyle()
W, H = 480, 270


def render(show, **marks) -> np.ndarray:
    overlay = TileOverlay("Xã Một", "Tỉnh A", "live", label="1", **marks)
    tile = TileDraw((0, 0, W, H), "s", frames.solid(320, 180, (16, 128, 128)), 1, overlay)  # black video
    canvas = show(NumpyWallCanvas(), [tile], (W, H))
    return image_to_array(canvas.grab().toImage()).astype(int)


def near(pixel, colour: str, tolerance: int = 30) -> bool:
    return bool(np.abs(pixel - rgb(colour)).max() <= tolerance)


def test_a_speaking_site_gets_a_green_ring_inside_the_focus_ring(show):
    plain = render(show)
    speaking = render(show, speaking=True)
    both = render(show, speaking=True, focused=True)
    assert not near(plain[H // 2, 1], STYLE.state_live)
    assert near(speaking[H // 2, 1], STYLE.state_live)
    assert near(both[H // 2, 1], STYLE.accent) and near(both[H // 2, 4], STYLE.state_live)


@pytest.mark.parametrize("mark, colour", [("hand", STYLE.state_stale), ("talking", STYLE.accent)])
def test_hand_and_talk_show_as_pills_at_the_top_left(show, mark, colour):
    top_left = (slice(0, H // 5), slice(0, W // 2))
    plain = render(show)[top_left].reshape(-1, 3)
    marked = render(show, **{mark: True})[top_left].reshape(-1, 3)
    count = lambda px: int((np.abs(px - rgb(colour)).max(axis=1) <= 20).sum())  # noqa: E731
    assert count(marked) > 300 > count(plain) + 100


def test_an_open_microphone_shows_its_level_and_a_muted_one_does_not(show):
    bar = (slice(H - 30, H), slice(W - 80, W))
    lit = lambda img: int((np.abs(img[bar].reshape(-1, 3) - rgb(STYLE.state_live)).max(axis=1) <= 20).sum())  # noqa: E731
    quiet = lit(render(show, muted=False, level=0))
    loud = lit(render(show, muted=False, level=4))
    muted = lit(render(show, muted=True, level=4))
    assert loud > quiet + 20 and muted <= quiet


def test_level_outside_the_meter_is_refused():
    with pytest.raises(ValueError, match="level"):
        TileOverlay(level=9)
