"""Compositor benchmark: what a wall of N tiles costs per frame on each canvas.

Prints one JSON object. References measured in the same run (the machine is shared and
noisy, so ratios mean more than milliseconds):
  numpy yuv→rgb   vs. libswscale through PyAV (``VideoFrame.reformat`` to rgb24, bilinear)
  GL paint        vs. the numpy canvas painting the same wall
Every "new frames" figure gives each tile a new serial, so each paint converts or uploads
every tile: the worst case of a wall where all sites move at once.

    python tests/perf/bench_compositor.py [--tiles 36] [--size 1920x1080] [--frames 30]
Needs a display for the canvases (run under xvfb-run); the yuv figures need none.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from console.compositor import Planes, TileDraw, TileOverlay, yuv420_to_rgb  # noqa: E402
from tests.compositor import frames  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _cpu_ms(fn, repeat: int) -> float:
    """Mean CPU time of the whole process (every thread: llvmpipe renders on several)."""
    started = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - started) * 1000 / repeat


def grid(planes: Planes, tiles: int, size: tuple[int, int], serial: int) -> list[TileDraw]:
    columns = math.ceil(math.sqrt(tiles * size[0] / size[1] * 9 / 16))
    rows = math.ceil(tiles / columns)
    w, h = size[0] // columns, size[1] // rows
    return [
        TileDraw(
            ((i % columns) * w, (i // columns) * h, w, h),
            f"site-{i}",
            planes,
            serial,
            TileOverlay(f"Xã Thử {i + 1}", "Tỉnh Thử", "live", quality=3, label=str(i + 1)),
        )
        for i in range(tiles)
    ]


def yuv_figures(tile_w: int, tile_h: int, tiles: int, repeat: int) -> dict:
    planes = Planes.from_video_frame(frames.vp8_frame(tile_w, tile_h))
    frame = frames.vp8_frame(tile_w, tile_h)
    same = _median_ms(lambda: yuv420_to_rgb(planes, tile_w, tile_h), repeat)
    scaled = _median_ms(lambda: yuv420_to_rgb(planes, tile_w * 3 // 4, tile_h * 3 // 4), repeat)
    swscale = _median_ms(lambda: frame.reformat(format="rgb24", interpolation="BILINEAR").to_ndarray(), repeat)
    return {
        "numpy_ms_per_tile": round(same, 3),
        "numpy_ms_per_tile_scaled_0.75": round(scaled, 3),
        "swscale_ms_per_tile": round(swscale, 3),
        "numpy_vs_swscale": round(same / swscale, 2),
        "numpy_ms_per_wall_conversions": round(same * tiles, 1),
        "numpy_cores_for_wall_at_15fps": round(same * tiles * 15 / 1000, 2),
    }


def canvas_figures(tiles: int, size: tuple[int, int], tile_w: int, tile_h: int, repeat: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from console.compositor import GLWallCanvas, NumpyWallCanvas, probe_gl

    app = QApplication.instance() or QApplication([])
    planes = Planes.from_video_frame(frames.vp8_frame(tile_w, tile_h))
    result: dict = {}

    def run(canvas, grab, name: str) -> tuple[float, float]:
        canvas.resize(*size)
        canvas.set_tiles(grid(planes, tiles, size, 0))
        canvas.show()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not (canvas.windowHandle() and canvas.windowHandle().isExposed()):
            app.processEvents()
        for _ in range(5):
            app.processEvents()
        serial = iter(range(1, 10**9))

        def new_frames():
            canvas.set_tiles(grid(planes, tiles, size, next(serial)))
            grab()

        fresh = _median_ms(new_frames, repeat)
        result[f"{name}_cpu_ms_new_frames"] = round(_cpu_ms(new_frames, repeat), 1)
        canvas.set_tiles(grid(planes, tiles, size, 0))
        grab()
        still = _median_ms(grab, repeat)
        result[f"{name}_cpu_ms_still"] = round(_cpu_ms(grab, repeat), 1)
        return fresh, still

    def painter_of(canvas):
        # update() + processEvents: what the app's loop does; repaint() is not always
        # synchronous for a QOpenGLWidget (seen under pytest-qt).
        return lambda: (canvas.update(), app.processEvents())

    cpu = NumpyWallCanvas()
    fresh, still = run(cpu, painter_of(cpu), "numpy_canvas")
    result.update(numpy_canvas_ms_new_frames=round(fresh, 1), numpy_canvas_ms_still=round(still, 1))
    cpu.close()

    ok, description = probe_gl()
    result["gl"] = description
    if ok:
        timings: list[float] = []

        class TimedGL(GLWallCanvas):
            def paintGL(self):  # noqa: N802
                started = time.perf_counter()
                super().paintGL()
                self.context().functions().glFinish()  # llvmpipe defers work: count it
                timings.append((time.perf_counter() - started) * 1000)

        gl = TimedGL()
        fresh, still = run(gl, painter_of(gl), "gl")
        result.update(gl_ms_new_frames=round(fresh, 1), gl_ms_still=round(still, 1))
        timings.clear()
        serial = iter(range(10**6, 10**9))
        paint = painter_of(gl)
        for _ in range(repeat):
            gl.set_tiles(grid(planes, tiles, size, next(serial)))
            paint()
        result["gl_paintGL_ms_new_frames"] = round(statistics.median(timings), 1)
        timings.clear()
        for _ in range(repeat):
            paint()
        result["gl_paintGL_ms_still"] = round(statistics.median(timings), 1)
        grab = _median_ms(gl.grabFramebuffer, max(3, repeat // 3))
        result["gl_grabFramebuffer_ms"] = round(grab, 1)
        result["gl_uploads"] = gl.texture_uploads
        result["gl_allocations"] = gl.texture_allocations
        result["numpy_canvas_vs_gl_cpu_new_frames"] = round(
            result["numpy_canvas_cpu_ms_new_frames"] / result["gl_cpu_ms_new_frames"], 2
        )
        gl.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiles", type=int, default=36)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--tile", default="320x180", help="the frames' size")
    parser.add_argument("--frames", type=int, default=30, help="paints per figure")
    parser.add_argument("--no-canvas", action="store_true", help="yuv figures only (no display)")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.split("x"))
    tile_w, tile_h = (int(v) for v in args.tile.split("x"))

    result = {"bench": "compositor", "tiles": args.tiles, "size": args.size, "tile": args.tile, "frames": args.frames}
    result.update(yuv_figures(tile_w, tile_h, args.tiles, max(20, args.frames * 5)))
    if not args.no_canvas:
        result.update(canvas_figures(args.tiles, size, tile_w, tile_h, args.frames))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
