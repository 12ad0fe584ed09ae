"""`opsconsole bench recovery` keeps working and prints its keys; its numbers are judged by people."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_recovery_bench_prints_json():
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "bench", "recovery", "--sites", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout)
    for key in (
        "sites",
        "hub_restart_recovery_s",
        "console_restart_recovery_s",
        "wall_restored",
        "mutes_restored",
        "live_while_hub_away",
        "errors",
    ):
        assert key in numbers, (key, numbers)
    assert numbers["errors"] == 0, numbers["error_details"]
    assert numbers["wall_restored"] and numbers["mutes_restored"]
    assert numbers["live_while_hub_away"] == 2  # the wall plays on while the hub is away
