"""The compositor's input types: Planes (incl. from a real VP8 frame), overlays, letterboxing."""

import gc
import json
from pathlib import Path

import numpy as np
import pytest

from console.compositor.scene import OverlayStyle, Planes, TileOverlay, video_rect
from console.compositor.yuv import yuv420_to_rgb
from tests.compositor import frames


def test_planes_from_a_decoded_vp8_frame_are_zero_copy_strided_views():
    frame = frames.vp8_frame(320, 180)
    planes = Planes.from_video_frame(frame)
    assert (planes.width, planes.height) == (320, 180)
    assert planes.u.shape == planes.v.shape == (90, 160)
    y_plane = frame.planes[0]
    assert planes.y.strides == (y_plane.line_size, 1)
    # The view shares the decoder's memory: same address as the plane's buffer.
    assert planes.y.__array_interface__["data"][0] == y_plane.buffer_ptr
    first_row = planes.y[0].copy()
    del frame, y_plane
    gc.collect()
    assert np.array_equal(planes.y[0], first_row)  # the views keep the buffers alive
    # libvpx reproduces the white bar and the black bar of the source closely.
    rgb = yuv420_to_rgb(planes, 320, 180)
    assert rgb[60, 15].min() >= 245 and rgb[60, 305].max() <= 10


def test_planes_from_another_pixel_format_are_converted():
    import av

    frame = av.VideoFrame.from_ndarray(np.full((36, 64, 3), (255, 0, 0), np.uint8), format="rgb24")
    planes = Planes.from_video_frame(frame)
    assert planes.y.shape == (36, 64) and planes.u.shape == (18, 32)
    assert np.abs(yuv420_to_rgb(planes, 64, 36)[10, 10].astype(int) - (255, 0, 0)).max() <= 3


def test_planes_of_odd_size_use_half_rounded_up_chroma():
    p = frames.gradient(7, 5)
    assert (p.width, p.height, p.u.shape) == (7, 5, (3, 4))


@pytest.mark.parametrize(
    "planes,match",
    [
        (lambda: (np.zeros((4, 4), np.uint8), np.zeros((2, 3), np.uint8), np.zeros((2, 2), np.uint8)), "Planes.u is"),
        (lambda: (np.zeros((4, 4), np.float32), np.zeros((2, 2), np.uint8), np.zeros((2, 2), np.uint8)), "uint8"),
        (lambda: (np.zeros((0, 4), np.uint8), np.zeros((0, 2), np.uint8), np.zeros((0, 2), np.uint8)), "empty"),
    ],
)
def test_bad_planes_are_clear_errors(planes, match):
    with pytest.raises(ValueError, match=match):
        Planes(*planes())


@pytest.mark.parametrize(
    "rect,frame,expected",
    [
        ((0, 0, 320, 180), (640, 360), (0, 0, 320, 180)),  # same aspect: fills
        ((10, 20, 400, 180), (320, 180), (50, 20, 320, 180)),  # wider tile: pillarbox
        ((0, 0, 320, 300), (320, 180), (0, 60, 320, 180)),  # taller tile: letterbox
        ((0, 0, 424, 238), (321, 241), (53, 0, 317, 238)),  # 4:3 odd
    ],
)
def test_video_rect_letterboxes_keeping_the_aspect(rect, frame, expected):
    assert video_rect(rect, *frame) == expected


def test_overlay_and_style_reject_bad_values():
    with pytest.raises(ValueError, match="state"):
        TileOverlay(state="dead")
    with pytest.raises(ValueError, match="accent"):
        OverlayStyle(accent="blue")
    assert OverlayStyle().background == "#0d1117"


def test_style_from_theme_tokens():
    path = Path(__file__).resolve().parents[2] / "ui" / "theme-tokens.json"
    style = OverlayStyle.from_tokens(json.loads(path.read_text("utf-8")))
    assert style.state_live == "#2fbf71" and style.accent == "#3d9bff"
