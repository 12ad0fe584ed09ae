"""The compositor benchmark keeps running and printing its keys; its numbers are not judged here."""

import json

from tests.perf import bench_compositor


def test_compositor_benchmark_prints_json(qapp, capsys):
    assert bench_compositor.main(["--tiles", "4", "--size", "640x360", "--frames", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in (
        "numpy_ms_per_tile",
        "swscale_ms_per_tile",
        "numpy_vs_swscale",
        "numpy_canvas_ms_new_frames",
        "numpy_canvas_cpu_ms_new_frames",
        "gl",
    ):
        assert key in result, key
    if result["gl"].startswith("OpenGL"):
        assert result["gl_uploads"] >= 4 * 2 and result["gl_allocations"] == 4
