"""yuv420p → RGB in numpy: the software twin of the GL canvas's shader.

BT.601 limited range (what libvpx decodes VP8 to). Sampling copies what the GPU does with
GL_LINEAR + GL_CLAMP_TO_EDGE: output pixel centre ``(i + 0.5) / out`` in texture space,
minus half a texel, bilinear between the two nearest texels, edges clamped. Chroma is
sampled at half the luma position, as the shader samples the half-size U/V textures.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from console.compositor.scene import Planes

# BT.601 limited range: Y' in 16..235, Cb/Cr in 16..240 around 128. Kr = .299, Kb = .114.
_KR, _KB = 0.299, 0.114
_KG = 1.0 - _KR - _KB
Y_SCALE = 255.0 / 219.0
_C_SCALE = 255.0 / 224.0
R_FROM_V = _C_SCALE * 2.0 * (1.0 - _KR)  # 1.596
G_FROM_U = -_C_SCALE * 2.0 * (1.0 - _KB) * _KB / _KG  # -0.392
G_FROM_V = -_C_SCALE * 2.0 * (1.0 - _KR) * _KR / _KG  # -0.813
B_FROM_U = _C_SCALE * 2.0 * (1.0 - _KB)  # 2.017
Y_OFFSET, C_OFFSET = 16.0, 128.0

# Rows are R, G, B; columns multiply Y, U, V (all 0..255) after the offsets are removed.
# The GL shader is generated from this same matrix.
BT601_LIMITED = np.array(
    [[Y_SCALE, 0.0, R_FROM_V], [Y_SCALE, G_FROM_U, G_FROM_V], [Y_SCALE, B_FROM_U, 0.0]], dtype=np.float64
)


class _Axis(NamedTuple):
    """Bilinear taps along one axis: out[i] = src[i0] * (1 - f) + src[i1] * f."""

    i0: np.ndarray
    i1: np.ndarray
    f: np.ndarray  # float32 weights of i1
    identity: bool  # out == src: nothing to do


@lru_cache(maxsize=256)
def _axis(src: int, dst: int, texels_per_unit: float) -> _Axis:
    """Taps for ``dst`` outputs over ``src`` texels; ``texels_per_unit`` is the texel span of
    texture coordinate 1 (``src`` for luma; ``luma/2`` for chroma, see module doc)."""
    pos = (np.arange(dst, dtype=np.float64) + 0.5) * (texels_per_unit / dst) - 0.5
    pos = np.clip(pos, 0.0, src - 1)
    i0 = np.floor(pos).astype(np.intp)
    i1 = np.minimum(i0 + 1, src - 1)
    f = (pos - i0).astype(np.float32)
    identity = src == dst and not f.any() and bool((i0 == np.arange(dst)).all())
    for a in (i0, i1, f):
        a.setflags(write=False)
    return _Axis(i0, i1, f, identity)


def _resample(planes: np.ndarray, xs: _Axis, ys: _Axis) -> np.ndarray:
    """Bilinear resize of uint8 planes (..., h, w) to float32 (..., h_out, w_out), separably."""
    if xs.identity:
        rows = planes.astype(np.float32)
    else:
        rows = np.take(planes, xs.i0, axis=-1).astype(np.float32)
        right = np.take(planes, xs.i1, axis=-1).astype(np.float32)
        right -= rows
        right *= xs.f
        rows += right
    if ys.identity:
        return rows
    top = np.take(rows, ys.i0, axis=-2)
    bottom = np.take(rows, ys.i1, axis=-2)
    bottom -= top
    bottom *= ys.f[:, None]
    top += bottom
    return top


def yuv420_to_rgb(planes: Planes, out_w: int, out_h: int) -> np.ndarray:
    """The frame scaled to ``out_w`` × ``out_h`` as a contiguous (out_h, out_w, 3) uint8 array.

    Index/weight tables are cached per (source size, output size).
    """
    return _convert(*_scaled_planes(planes, out_w, out_h), bgrx=False)


def yuv420_to_bgrx(planes: Planes, out_w: int, out_h: int) -> np.ndarray:
    """The same picture as ``yuv420_to_rgb``, as (out_h, out_w, 4) bytes B, G, R, 255.

    That is QImage.Format_RGB32 on a little-endian machine, the raster paint engine's own
    format: drawing it is a plain copy, where RGB888 costs a conversion per pixel per paint
    (about 10× the time, measured).
    """
    return _convert(*_scaled_planes(planes, out_w, out_h), bgrx=True)


def _scaled_planes(planes: Planes, out_w: int, out_h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if out_w <= 0 or out_h <= 0:
        raise ValueError(f"output size must be positive, got {out_w}x{out_h}")
    w, h = planes.width, planes.height
    ch, cw = planes.u.shape
    y = _resample(planes.y, _axis(w, out_w, float(w)), _axis(h, out_h, float(h)))
    # U and V share their taps: one pass over both halves the numpy calls.
    uv = _resample(np.stack((planes.u, planes.v)), _axis(cw, out_w, w / 2.0), _axis(ch, out_h, h / 2.0))
    return y, uv[0], uv[1]


def _convert(y: np.ndarray, u: np.ndarray, v: np.ndarray, bgrx: bool) -> np.ndarray:
    """float32 Y, U, V planes → interleaved uint8 RGB, rounded to nearest like a GL framebuffer.

    Works in place on its (scratch) inputs; planar float maths first, then one interleaving
    copy of bytes (interleaved float writes cost three times as much).
    """
    m = BT601_LIMITED
    y *= np.float32(m[0, 0])
    y += np.float32(0.5 - m[0, 0] * Y_OFFSET)  # +0.5: the uint8 cast below truncates
    u -= np.float32(C_OFFSET)
    v -= np.float32(C_OFFSET)
    planar = np.empty((3,) + y.shape, dtype=np.float32)
    r, g, b = planar
    np.multiply(v, np.float32(m[0, 2]), out=r)
    r += y
    np.multiply(u, np.float32(m[1, 1]), out=g)
    g += y
    v *= np.float32(m[1, 2])
    g += v
    np.multiply(u, np.float32(m[2, 1]), out=b)
    b += y
    np.clip(planar, 0.0, 255.0, out=planar)
    channels = planar.astype(np.uint8)
    if bgrx:
        out = np.empty(y.shape + (4,), dtype=np.uint8)
        for c in range(3):
            out[..., 2 - c] = channels[c]
        out[..., 3] = 255
        return out
    out = np.empty(y.shape + (3,), dtype=np.uint8)
    for c in range(3):
        out[..., c] = channels[c]
    return out
