"""The reference: ffmpeg decoding the same clips and stacking them into one wall (xstack)."""

from __future__ import annotations

import math
import resource
import shutil
import subprocess

from console.sim.clips import CLIP_FRAMES, clip_file


def ffmpeg_wall_cpu_ms_per_frame(tiles: int, width: int, height: int, variants: list[int], loops: int = 9) -> dict:
    """CPU milliseconds ffmpeg spends per tile-frame to decode ``tiles`` VP8 streams of the
    simulated sites' clips and stack them into one picture."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return {"error": "ffmpeg is not installed"}
    paths = [clip_file(width, height, variants[i % len(variants)]) for i in range(tiles)]
    cols = math.ceil(math.sqrt(tiles))
    layout = "|".join(f"{(i % cols) * width}_{(i // cols) * height}" for i in range(tiles))
    args = [ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin"]
    for path in paths:
        args += ["-stream_loop", str(loops), "-i", str(path)]
    args += ["-filter_complex", f"xstack=inputs={tiles}:layout={layout}:fill=black", "-f", "null", "-"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(args, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        return {"error": result.stderr[-500:]}
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    frames = tiles * CLIP_FRAMES * (loops + 1)
    return {"cpu_ms_per_tile_frame": round(cpu_s * 1000 / frames, 4), "frames": frames, "cpu_s": round(cpu_s, 3)}
