"""A decoded video frame's planes as numpy views, without copying."""

from __future__ import annotations

from typing import Any

import numpy as np


def chroma_size(width: int, height: int) -> tuple[int, int]:
    """Size (w, h) of a yuv420p chroma plane: half the luma size, rounded up."""
    return (width + 1) // 2, (height + 1) // 2


def video_planes(frame: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Zero-copy (y, u, v) views of an ``av.VideoFrame`` (other formats converted to yuv420p
    first). The views keep the frame's buffers alive; row padding (``plane.line_size``) stays
    in the strides, so a GL upload can skip it with GL_UNPACK_ROW_LENGTH."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    w, h = frame.width, frame.height
    cw, ch = chroma_size(w, h)
    y, u, v = (_plane_view(plane, pw, ph) for plane, (pw, ph) in zip(frame.planes, ((w, h), (cw, ch), (cw, ch))))
    return y, u, v


def _plane_view(plane: Any, width: int, height: int) -> np.ndarray:
    pitch = plane.line_size
    buf = np.frombuffer(plane, dtype=np.uint8)
    if buf.size < pitch * (height - 1) + width:
        raise ValueError(
            f"video plane holds {buf.size} bytes, {width}x{height} at pitch {pitch} "
            f"needs {pitch * (height - 1) + width}"
        )
    # The last row of a decoder's plane may be unpadded: stride over the buffer, no copy.
    return np.lib.stride_tricks.as_strided(buf, shape=(height, width), strides=(pitch, 1), writeable=False)
