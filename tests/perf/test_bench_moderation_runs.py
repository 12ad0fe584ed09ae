"""`opsconsole bench moderation` keeps working and prints its keys; its numbers are judged by people."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # run this checkout's code, whatever is installed


def test_moderation_bench_prints_json():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "console.cli",
            "bench",
            "moderation",
            "--sites",
            "2",
            "--trials",
            "2",
            "--clicks",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout)
    for key in (
        "mute_to_silence_p95_ms",
        "unmute_to_sound_p95_ms",
        "audio_round_trip_ms",
        "mix_cpu_pct",
        "control_ack_p95_ms",
        "numpy_sum_cpu_pct",
        "sites",
    ):
        assert key in numbers, key
    assert numbers["sites"] == 2 and numbers["round_trips_measured"] >= 1
