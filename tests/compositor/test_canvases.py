"""Both canvases draw the same wall; the GL canvas uploads only what changed.

The GL tests need a GL context (Mesa llvmpipe under Xvfb gives OpenGL 4.5); without one
they skip and say why. The pictures compared are saved under the test's tmp dir.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from console.compositor import (
    RENDERER_ENV,
    GLWallCanvas,
    NumpyWallCanvas,
    Planes,
    TileDraw,
    TileOverlay,
    create_canvas,
    is_software_renderer,
    yuv420_to_rgb,
)
from console.compositor.overlays import tile_layout
from tests.compositor import frames, walls
from tests.compositor.conftest import array_to_png, image_to_array

# Whole wall, overlays included: text and shapes are antialiased by two paint engines.
WALL_MEAN_MAX, WALL_P99_MAX = 1.0, 4
# Video only: the same bilinear sampling and matrix; the GPU's 8-bit filter weights cost
# a level or two on hard edges.
VIDEO_MEAN_MAX, VIDEO_P99_MAX, VIDEO_MAX = 0.5, 1, 4


def _render_both(show, tiles, size):
    gl = show(GLWallCanvas(), tiles, size)
    cpu = show(NumpyWallCanvas(), tiles, size)
    a = image_to_array(gl.grabFramebuffer())
    b = image_to_array(cpu.grab().toImage())
    assert gl.gl_error is None, gl.gl_error
    return gl, a, b


def _difference(a, b, tmp_path, name):
    assert a.shape == b.shape
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    array_to_png(a, tmp_path / f"{name}-gl.png")
    array_to_png(b, tmp_path / f"{name}-numpy.png")
    array_to_png(np.clip(diff * 8, 0, 255).astype(np.uint8), tmp_path / f"{name}-diff-x8.png")
    stats = {
        "mean": diff.mean(axis=(0, 1)).round(3).tolist(),
        "p99": np.percentile(diff, 99, axis=(0, 1)).tolist(),
        "max": int(diff.max()),
        "pictures": str(tmp_path),
    }
    print(f"\n{name}: {json.dumps(stats)}")
    return diff, stats


def _vp8_planes():
    return Planes.from_video_frame(frames.vp8_frame())


def test_gl_and_numpy_draw_the_same_wall(require_gl, show, tmp_path):
    tiles = walls.sample_wall(_vp8_planes())
    gl, a, b = _render_both(show, tiles, walls.WALL_SIZE)
    diff, stats = _difference(a, b, tmp_path, "wall")
    assert (diff.mean(axis=(0, 1)) <= WALL_MEAN_MAX).all(), stats
    assert (np.percentile(diff, 99, axis=(0, 1)) <= WALL_P99_MAX).all(), stats
    # Not a blank picture: the white bar of the focus tile and the background are there.
    assert a[100, 50].min() >= 250 and tuple(a[482, 640]) == (0x0D, 0x11, 0x17)


def test_gl_and_numpy_video_match_closely_without_overlays(require_gl, show, tmp_path):
    tiles = walls.sample_wall(_vp8_planes())
    for tile in tiles:
        tile.overlay = TileOverlay()
    _, a, b = _render_both(show, tiles, walls.WALL_SIZE)
    diff, stats = _difference(a, b, tmp_path, "video")
    assert (diff.mean(axis=(0, 1)) <= VIDEO_MEAN_MAX).all(), stats
    assert (np.percentile(diff, 99, axis=(0, 1)) <= VIDEO_P99_MAX).all(), stats
    assert diff.max() <= VIDEO_MAX, stats


def test_saturated_bars_come_out_saturated_on_gl(require_gl, show):
    tile = TileDraw((0, 0, 320, 180), "bars", frames.colour_bars(320, 180, pad=64), 1)
    gl = show(GLWallCanvas(), [tile], (320, 180))
    picture = image_to_array(gl.grabFramebuffer())
    for i, colour in enumerate(frames.BARS):
        centre = picture[50, i * 40 + 20].astype(int)
        assert np.abs(centre - colour).max() <= 2, (colour, centre)


def _one_tile(planes, serial, source="cam"):
    return [TileDraw((0, 0, 320, 180), source, planes, serial, TileOverlay("A", state="live"))]


def test_textures_are_uploaded_on_new_serials_and_reallocated_on_new_sizes(require_gl, show):
    gl = show(GLWallCanvas(), _one_tile(frames.gradient(320, 180), 1), (320, 180))
    gl.grabFramebuffer()
    assert (gl.texture_allocations, gl.texture_uploads) == (1, 1)

    gl.set_tiles(_one_tile(frames.colour_bars(320, 180), 2))  # new frame, same size
    gl.grabFramebuffer()
    assert (gl.texture_allocations, gl.texture_uploads) == (1, 2)

    gl.grabFramebuffer()  # nothing new: no upload
    gl.set_tiles(_one_tile(frames.colour_bars(320, 180), 2))  # same serial again
    gl.grabFramebuffer()
    assert (gl.texture_allocations, gl.texture_uploads) == (1, 2)

    gl.set_tiles(_one_tile(frames.colour_bars(640, 360), 3))  # the site changed resolution
    gl.grabFramebuffer()
    assert (gl.texture_allocations, gl.texture_uploads) == (2, 3)


def test_strided_planes_upload_without_a_copy_and_show_right(require_gl, show):
    decoded = _vp8_planes()
    assert not decoded.y.flags.c_contiguous
    gl = show(GLWallCanvas(), _one_tile(decoded, 1), (320, 180))
    picture = image_to_array(gl.grabFramebuffer())
    assert gl.upload_copies == 0
    assert picture[60, 15].min() >= 245 and picture[60, 305].max() <= 10  # white bar, black bar
    # A plane whose columns are not adjacent cannot be described to GL: it is copied.
    chroma = frames.gradient(320, 180)
    every_other_column = Planes(frames.gradient(640, 180).y[:, ::2], chroma.u, chroma.v)
    gl.set_tiles(_one_tile(every_other_column, 2))
    gl.grabFramebuffer()
    assert gl.upload_copies == 1


def test_a_source_in_two_tiles_is_uploaded_once(require_gl, show):
    planes = frames.gradient(320, 180)
    tiles = [TileDraw((0, 0, 320, 180), "same", planes, 7), TileDraw((320, 0, 160, 90), "same", planes, 7)]
    gl = show(GLWallCanvas(), tiles, (480, 180))
    gl.grabFramebuffer()
    assert (gl.texture_allocations, gl.texture_uploads, gl.live_textures) == (1, 1, 1)


def test_textures_of_sources_no_longer_shown_are_freed(require_gl, show):
    tiles = [TileDraw((0, 0, 160, 90), f"s{i}", frames.gradient(160, 90), 1) for i in range(3)]
    gl = show(GLWallCanvas(), tiles, (480, 90))
    gl.grabFramebuffer()
    assert gl.live_textures == 3
    gl.set_tiles(tiles[:1])
    gl.grabFramebuffer()
    assert gl.live_textures == 3  # a page flip and back keeps them for a few paints
    for _ in range(3):
        gl.grabFramebuffer()
    assert gl.live_textures == 1


def test_textures_are_released_and_rebuilt_when_the_context_is_replaced(require_gl, show, qtbot):
    from PySide6.QtWidgets import QWidget

    planes = frames.gradient(320, 180)
    window = QWidget()
    qtbot.addWidget(window)  # deletes the canvas with it
    gl = show(GLWallCanvas(), _one_tile(planes, 1), (320, 180), track=False)
    gl.grabFramebuffer()
    held = gl._gl.sources  # the dict the dying context's clean-up empties
    assert len(held) == 1
    gl.setParent(window)  # into another top-level window: a new context
    window.resize(320, 180)
    window.show()
    gl.show()
    qtbot.waitExposed(window)
    assert held == {}  # released on aboutToBeDestroyed
    picture = image_to_array(gl.grabFramebuffer())
    assert gl.gl_error is None and gl.live_textures == 1 and gl.texture_allocations == 2
    expected = yuv420_to_rgb(planes, 320, 180)
    assert np.abs(picture[40:140, 5:315].astype(int) - expected[40:140, 5:315]).max() <= 2


def test_deleting_the_canvas_frees_its_textures(require_gl, show):
    import shiboken6

    gl = show(GLWallCanvas(), _one_tile(frames.gradient(320, 180), 1), (320, 180), track=False)
    gl.grabFramebuffer()
    held = gl._gl.sources
    assert len(held) == 1
    shiboken6.delete(gl)  # what a parent's deletion does to it
    assert held == {}


def test_a_shader_that_does_not_compile_reports_instead_of_crashing(require_gl, show, qtbot, monkeypatch):
    from console.compositor import gl_canvas

    monkeypatch.setattr(gl_canvas, "fragment_shader", lambda: "#version 330 core\nnot glsl;")
    gl = GLWallCanvas()
    with qtbot.waitSignal(gl.failed, timeout=5000) as blocker:
        show(gl, _one_tile(frames.gradient(320, 180), 1), (320, 180))
    assert "shader did not compile" in blocker.args[0]
    assert gl.gl_error == blocker.args[0]
    picture = image_to_array(gl.grabFramebuffer())  # paints its background, no crash
    assert tuple(picture[90, 160]) == (0x0D, 0x11, 0x17)


def test_gl_canvas_names_its_renderer(require_gl, show):
    gl = show(GLWallCanvas(), [], (64, 64))
    gl.grabFramebuffer()
    assert gl.renderer.startswith("OpenGL ") and "(" in gl.renderer


def test_numpy_canvas_converts_only_on_new_serial_or_size(show):
    canvas = show(NumpyWallCanvas(), _one_tile(frames.gradient(320, 180), 1), (320, 180))
    assert canvas.renderer == "numpy (software)"
    canvas.grab()
    assert canvas.conversions == 1
    canvas.grab()
    assert canvas.conversions == 1
    canvas.set_tiles(_one_tile(frames.gradient(320, 180), 2))
    canvas.grab()
    assert canvas.conversions == 2
    tiles = _one_tile(frames.gradient(320, 180), 2)
    tiles[0].rect = (0, 0, 160, 90)
    canvas.set_tiles(tiles)
    canvas.grab()
    assert canvas.conversions == 3


def test_create_canvas_obeys_the_environment(qapp, monkeypatch, gl_probe):
    monkeypatch.setenv(RENDERER_ENV, "numpy")
    canvas, reason = create_canvas("gl")
    assert isinstance(canvas, NumpyWallCanvas) and reason.startswith("numpy")
    canvas.deleteLater()

    monkeypatch.setenv(RENDERER_ENV, "vulkan")
    with pytest.raises(ValueError, match=RENDERER_ENV):
        create_canvas()

    monkeypatch.delenv(RENDERER_ENV)
    ok, description = gl_probe
    canvas, reason = create_canvas("gl")
    canvas.deleteLater()
    if ok:
        assert isinstance(canvas, GLWallCanvas) and reason == description
    else:
        assert isinstance(canvas, NumpyWallCanvas)
        assert reason.startswith("numpy: OpenGL unavailable: ")

    canvas, reason = create_canvas("auto")
    canvas.deleteLater()
    if ok and not is_software_renderer(description):
        assert isinstance(canvas, GLWallCanvas)
    else:  # llvmpipe: the numpy canvas costs less CPU
        assert isinstance(canvas, NumpyWallCanvas) and reason.startswith("numpy: ")


def test_software_renderers_are_recognised():
    assert is_software_renderer("OpenGL 4.5 (llvmpipe (LLVM 15.0.6, 256 bits))")
    assert not is_software_renderer("OpenGL 4.6 (NVIDIA H100 80GB HBM3/PCIe/SSE2)")


def test_threaded_numpy_canvas_draws_the_same_wall_as_the_synchronous_one(show):
    tiles = walls.sample_wall(_vp8_planes())
    sync = show(NumpyWallCanvas(), tiles, walls.WALL_SIZE)
    threaded = show(NumpyWallCanvas(threaded=True), tiles, walls.WALL_SIZE)
    threaded.flush()
    assert threaded.conversions == sync.conversions > 0
    assert np.array_equal(image_to_array(sync.grab().toImage()), image_to_array(threaded.grab().toImage()))


def test_a_new_frame_repaints_its_tile_only(show, qtbot):
    planes = frames.gradient(320, 180)
    tiles = walls.grid_wall(planes, 3, 3, size=(960, 540))
    canvas = show(NumpyWallCanvas(threaded=True), tiles, (960, 540))
    canvas.flush()
    qtbot.waitUntil(lambda: len(canvas.last_painted) == 9)
    changed = [TileDraw(t.rect, t.source_id, t.frame, t.serial + (i == 4), t.overlay) for i, t in enumerate(tiles)]
    canvas.set_tiles(changed)
    qtbot.waitUntil(lambda: canvas.last_painted == [tiles[4].source_id])


def test_overlays_are_drawn_once_while_they_stay_the_same(show):
    from console.compositor.overlays import OverlayCache

    tiles = walls.grid_wall(frames.gradient(320, 180), 3, 3, size=(960, 540))
    canvas = show(NumpyWallCanvas(), tiles, (960, 540))
    canvas.grab()
    cache: OverlayCache = canvas._overlays
    drawn = cache.drawn
    canvas.set_tiles([TileDraw(t.rect, t.source_id, t.frame, t.serial + 1, t.overlay) for t in tiles])
    canvas.grab()
    assert cache.drawn == drawn
    muted = TileOverlay(tiles[0].overlay.title, state="live", muted=True)
    canvas.set_tiles([TileDraw(tiles[0].rect, "x", tiles[0].frame, 9, muted)] + tiles[1:])
    canvas.grab()
    assert cache.drawn == drawn + 1


@pytest.mark.parametrize("canvas_class", [NumpyWallCanvas, GLWallCanvas], ids=["numpy", "gl"])
def test_the_picture_under_a_name_bar_does_not_show_through_as_marks(request, show, canvas_class):
    """A picture's details under the name bar (the simulated sites' row of frame-counter blocks,
    a caption in a camera's picture) read as part of the overlay, a level meter beside the
    province, when the bar lets them through: white or black under it, the bar looks the same."""
    if canvas_class is GLWallCanvas:
        request.getfixturevalue("require_gl")
    size = (620, 186)  # two tiles of a 3x3 wall in a 930x560 window: the one-line name bar
    overlay = TileOverlay("", "", "live", quality=0)
    tiles = [
        TileDraw((0, 0, 310, 186), "white", frames.solid(320, 192, (235, 128, 128)), 1, overlay),
        TileDraw((310, 0, 310, 186), "black", frames.solid(320, 192, (16, 128, 128)), 1, overlay),
    ]
    canvas = show(canvas_class(), tiles, size)
    picture = image_to_array(canvas.grabFramebuffer() if canvas_class is GLWallCanvas else canvas.grab().toImage())
    boxes = tile_layout(tiles[0], canvas.overlay_style)
    rows = slice(boxes.bar.top() + 2, boxes.bar.bottom() - 6)  # above the ring band
    on_white, on_black = picture[rows, 20 : boxes.icons_left - 10], picture[rows, 330 : 310 + boxes.icons_left - 10]
    assert np.abs(on_white.astype(int) - on_black.astype(int)).max() <= 24
