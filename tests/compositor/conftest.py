"""Fixtures for the canvas tests. Qt is imported inside fixtures only: test_scene and
test_yuv also run with Qt made unimportable (tests/no_qt.py)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def gl_probe(qapp):
    from console.compositor import probe_gl

    return probe_gl()


@pytest.fixture
def require_gl(gl_probe):
    ok, why = gl_probe
    if not ok:
        pytest.skip(f"no OpenGL context can be created here: {why}")
    return why


@pytest.fixture
def show(qtbot):
    """Show a canvas at a size with a wall; returns the canvas, exposed."""

    def _show(canvas, tiles, size, track=True):
        if track:  # qtbot closes and deletes it after the test
            qtbot.addWidget(canvas)
        canvas.resize(*size)
        canvas.set_tiles(tiles)
        canvas.show()
        qtbot.waitExposed(canvas)
        return canvas

    return _show


def image_to_array(image) -> np.ndarray:
    """A QImage as an (h, w, 3) uint8 RGB array (a copy)."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()


def array_to_png(array: np.ndarray, path) -> None:
    from PySide6.QtGui import QImage

    array = np.ascontiguousarray(array)
    h, w, _ = array.shape
    assert QImage(array.data, w, h, w * 3, QImage.Format.Format_RGB888).save(str(path))
