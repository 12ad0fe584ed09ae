"""Synthetic and real yuv420p frames for the compositor tests."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from console.compositor.scene import Planes, chroma_size

# 100 % colour bars: white, yellow, cyan, green, magenta, red, blue, black.
BARS = [(255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0), (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0)]


def yuv601(r: float, g: float, b: float) -> tuple[int, int, int]:
    """BT.601 limited-range Y, U, V of an RGB colour (the encoder's side)."""
    y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
    u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
    v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
    return round(y), round(u), round(v)


def _strided(plane: np.ndarray, pad: int) -> np.ndarray:
    """The same pixels as a view into rows ``pad`` bytes longer, as decoders hand them out."""
    h, w = plane.shape
    buf = np.full((h, w + pad), 77, dtype=np.uint8)  # padding holds junk, never shown
    buf[:, :w] = plane
    return buf[:, :w]


def planes(y: np.ndarray, u: np.ndarray, v: np.ndarray, pad: int = 0) -> Planes:
    if pad:
        y, u, v = _strided(y, pad), _strided(u, pad // 2 or 1), _strided(v, pad // 2 or 1)
    return Planes(y, u, v)


def solid(w: int, h: int, yuv: tuple[int, int, int], pad: int = 0) -> Planes:
    cw, ch = chroma_size(w, h)
    return planes(
        np.full((h, w), yuv[0], np.uint8), np.full((ch, cw), yuv[1], np.uint8), np.full((ch, cw), yuv[2], np.uint8), pad
    )


def colour_bars(w: int, h: int, pad: int = 0) -> Planes:
    """Vertical 100 % bars over the top two thirds, a luma ramp along the bottom third."""
    cw, ch = chroma_size(w, h)
    y = np.empty((h, w), np.uint8)
    u = np.empty((ch, cw), np.uint8)
    v = np.empty((ch, cw), np.uint8)
    for i, colour in enumerate(BARS):
        yy, uu, vv = yuv601(*colour)
        y[:, i * w // 8 : (i + 1) * w // 8] = yy
        u[:, i * cw // 8 : (i + 1) * cw // 8] = uu
        v[:, i * cw // 8 : (i + 1) * cw // 8] = vv
    ramp_top = h * 2 // 3
    y[ramp_top:] = np.linspace(16, 235, w).round().astype(np.uint8)
    u[(ramp_top + 1) // 2 :] = 128
    v[(ramp_top + 1) // 2 :] = 128
    return planes(y, u, v, pad)


def gradient(w: int, h: int, pad: int = 0) -> Planes:
    """Smooth luma and chroma gradients in three directions."""
    cw, ch = chroma_size(w, h)
    xs, ys = np.meshgrid(np.linspace(0, 1, w), np.linspace(0, 1, h))
    cxs, cys = np.meshgrid(np.linspace(0, 1, cw), np.linspace(0, 1, ch))
    y = (16 + 219 * (0.6 * xs + 0.4 * ys)).round().astype(np.uint8)
    u = (16 + 224 * cys).round().astype(np.uint8)
    v = (16 + 224 * (1 - cxs)).round().astype(np.uint8)
    return planes(y, u, v, pad)


def checker(w: int, h: int, cell: int = 8) -> Planes:
    """Hard edges: a black-white checkerboard with red/blue chroma blocks."""
    cw, ch = chroma_size(w, h)
    yy, xx = np.indices((h, w))
    y = np.where(((yy // cell) + (xx // cell)) % 2, 235, 16).astype(np.uint8)
    cy, cx = np.indices((ch, cw))
    u = np.where((cx // cell) % 2, 240, 16).astype(np.uint8)
    v = np.where((cy // cell) % 2, 240, 16).astype(np.uint8)
    return Planes(y, u, v)


def vp8_frame(w: int = 320, h: int = 180):
    """A real decoded ``av.VideoFrame``: colour bars through libvpx and back."""
    import av

    source = colour_bars(w, h)
    frame = av.VideoFrame(w, h, "yuv420p")
    for plane, data in zip(frame.planes, (source.y, source.u, source.v)):
        rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
        rows[: data.shape[0], : data.shape[1]] = data
    encoder = av.CodecContext.create("libvpx", "w")
    encoder.width, encoder.height, encoder.pix_fmt = w, h, "yuv420p"
    encoder.time_base = Fraction(1, 15)
    encoder.bit_rate = 2_000_000
    frame.pts = 0
    frame.time_base = encoder.time_base
    packets = list(encoder.encode(frame)) + list(encoder.encode(None))
    decoder = av.CodecContext.create("vp8", "r")
    decoded = [f for p in packets for f in decoder.decode(p)] + list(decoder.decode(None))
    return decoded[0]
