"""yuv420_to_rgb: BT.601 limited range, GL-like bilinear sampling, odd and strided planes."""

import numpy as np
import pytest

from console.compositor import yuv as yuv_module
from console.compositor.scene import Planes
from console.compositor.yuv import yuv420_to_rgb
from tests.compositor import frames


@pytest.mark.parametrize("rgb", frames.BARS)
def test_primary_and_secondary_colours_come_back(rgb):
    out = yuv420_to_rgb(frames.solid(8, 6, frames.yuv601(*rgb)), 8, 6)
    assert np.abs(out.astype(int) - rgb).max() <= 2, (rgb, out[0, 0])


def test_limited_range_black_and_white_are_full_range():
    assert yuv420_to_rgb(frames.solid(4, 4, (16, 128, 128)), 4, 4).max() == 0
    assert yuv420_to_rgb(frames.solid(4, 4, (235, 128, 128)), 4, 4).min() == 255


@pytest.mark.parametrize(
    "yuv,rgb",
    [
        ((255, 255, 255), (255, 125, 255)),  # R, B above 255
        ((0, 0, 0), (0, 136, 0)),
    ],
)  # R, B below 0
def test_out_of_range_values_are_clipped_not_wrapped(yuv, rgb):
    out = yuv420_to_rgb(frames.solid(4, 4, yuv), 4, 4)
    assert out.dtype == np.uint8
    assert tuple(out[0, 0]) == rgb


@pytest.mark.parametrize(
    "src,dst", [((320, 180), (320, 180)), ((320, 180), (97, 61)), ((33, 17), (640, 360)), ((1, 1), (5, 3))]
)
def test_a_constant_plane_stays_constant_at_any_scale(src, dst):
    out = yuv420_to_rgb(frames.solid(*src, (120, 90, 170)), *dst)
    assert out.shape == (dst[1], dst[0], 3)
    assert (out == out[0, 0]).all()


@pytest.mark.parametrize("size", [(321, 181), (7, 5), (1, 1), (2, 3)])
def test_odd_sizes(size):
    w, h = size
    p = frames.gradient(w, h)
    assert p.u.shape == ((h + 1) // 2, (w + 1) // 2)
    out = yuv420_to_rgb(p, w, h)
    assert out.shape == (h, w, 3) and out.flags.c_contiguous


def test_strided_planes_give_the_same_picture_as_contiguous_ones():
    plain, strided = frames.colour_bars(321, 181), frames.colour_bars(321, 181, pad=43)
    assert not strided.y.flags.c_contiguous
    for size in ((321, 181), (200, 120)):
        assert np.array_equal(yuv420_to_rgb(plain, *size), yuv420_to_rgb(strided, *size))


def _reference(planes: Planes, out_w: int, out_h: int) -> np.ndarray:
    """Pixel by pixel, the way GL_LINEAR + CLAMP_TO_EDGE and the shader sample."""

    def sample(plane, x, y):
        h, w = plane.shape
        x, y = min(max(x, 0.0), w - 1.0), min(max(y, 0.0), h - 1.0)
        x0, y0 = int(np.floor(x)), int(np.floor(y))
        x1, y1 = min(x0 + 1, w - 1), min(y0 + 1, h - 1)
        fx, fy = x - x0, y - y0
        top = plane[y0, x0] * (1 - fx) + plane[y0, x1] * fx
        bottom = plane[y1, x0] * (1 - fx) + plane[y1, x1] * fx
        return top * (1 - fy) + bottom * fy

    w, h = planes.width, planes.height
    out = np.empty((out_h, out_w, 3))
    m = yuv_module.BT601_LIMITED
    for j in range(out_h):
        for i in range(out_w):
            s, t = (i + 0.5) / out_w, (j + 0.5) / out_h
            yy = sample(planes.y.astype(float), s * w - 0.5, t * h - 0.5) - 16
            uu = sample(planes.u.astype(float), s * w / 2 - 0.5, t * h / 2 - 0.5) - 128
            vv = sample(planes.v.astype(float), s * w / 2 - 0.5, t * h / 2 - 0.5) - 128
            out[j, i] = m @ [yy, uu, vv]
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("src,dst", [((16, 10), (16, 10)), ((16, 10), (37, 23)), ((15, 9), (11, 7)), ((9, 7), (9, 7))])
def test_sampling_matches_texel_centred_bilinear(src, dst):
    p = frames.checker(*src, cell=3)
    got = yuv420_to_rgb(p, *dst).astype(int)
    assert np.abs(got - _reference(p, *dst)).max() <= 1


def test_tables_are_cached_per_size():
    yuv_module._axis.cache_clear()
    p = frames.gradient(64, 36)
    yuv420_to_rgb(p, 100, 50)
    misses = yuv_module._axis.cache_info().misses
    yuv420_to_rgb(frames.gradient(64, 36), 100, 50)
    assert yuv_module._axis.cache_info().misses == misses


def test_bad_output_size_is_a_clear_error():
    with pytest.raises(ValueError, match="positive"):
        yuv420_to_rgb(frames.solid(4, 4, (16, 128, 128)), 0, 4)


def test_bgrx_is_the_same_picture_in_the_raster_engines_byte_order():
    from console.compositor.yuv import yuv420_to_bgrx

    bars = frames.colour_bars(320, 180, pad=16)
    for size in ((320, 180), (284, 160), (641, 361)):
        rgb, bgrx = yuv420_to_rgb(bars, *size), yuv420_to_bgrx(bars, *size)
        assert bgrx.shape == (size[1], size[0], 4)
        assert np.array_equal(bgrx[..., 2::-1], rgb) and (bgrx[..., 3] == 255).all()
