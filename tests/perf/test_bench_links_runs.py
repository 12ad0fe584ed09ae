"""`opsconsole bench links` keeps working and prints its keys; its numbers are judged by people."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_links_bench_prints_json():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "console.cli",
            "bench",
            "links",
            "--sites-per-class",
            "1",
            "--seconds",
            "4",
            "--warmup",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout)
    for key in ("live_ratio", "freeze_max_s", "rung_changes_per_min", "classes"):
        assert key in numbers, key
    assert set(numbers["classes"]) == {"clean", "300kbps", "loss5", "jitter150"}
    assert all("delay_p95_ms" in c for c in numbers["classes"].values())
