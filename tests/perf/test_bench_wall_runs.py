"""`opsconsole bench wall` keeps working and prints its keys; its numbers are judged by people."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = str(Path(sys.executable).parent / "opsconsole")


def test_wall_bench_prints_json():
    result = subprocess.run(
        [SCRIPT, "bench", "wall", "--sites", "2", "--seconds", "2", "--warmup", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout)
    for key in (
        "sites",
        "seconds",
        "fps_median",
        "fps_min",
        "delivered_ratio",
        "cpu_ms_per_tile_frame",
        "ffmpeg_cpu_ms_per_tile_frame",
        "ratio_vs_ffmpeg",
        "rss_mb",
    ):
        assert key in numbers, key
    assert numbers["sites"] == 2 and numbers["frames_delivered"] > 20
