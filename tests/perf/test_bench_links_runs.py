"""`opsconsole bench links` keeps working and prints its keys; its numbers are judged by people."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from console.bench.shaped_links import unavailable_reason

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
    for key in ("live_ratio", "freeze_max_s", "rung_changes_per_min", "classes", "machine_idle_pct"):
        assert key in numbers, key
    assert set(numbers["classes"]) == {"clean", "300kbps", "loss5", "jitter150"}
    assert all("delay_p95_ms" in c for c in numbers["classes"].values())


@pytest.mark.networks
@pytest.mark.skipif(bool(unavailable_reason()), reason=f"bench links --netem: {unavailable_reason()}")
def test_links_bench_shaped_by_the_network_prints_the_five_classes_and_leaves_nothing():
    bench = subprocess.Popen(
        [sys.executable, "-m", "console.cli", "bench", "links", "--netem"]
        + ["--sites-per-class", "1", "--seconds", "4", "--warmup", "1", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    out, err = bench.communicate(timeout=300)
    assert bench.returncode == 0, err[-2000:]
    numbers = json.loads(out)
    assert numbers["shaped_by"] == "network"
    assert set(numbers["classes"]) == {"clean", "300kbps", "loss5", "jitter150", "100kbps_rtt300"}
    assert numbers["netem"]["100kbps_rtt300"] == {"rate_kbps": 100, "delay_ms": 150, "jitter_ms": 0, "loss_pct": 0}
    assert numbers["link_weather_cpu_s"] > 0  # the weather held the lossy and delayed classes' packets
    namespaces = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert f"opsj-{bench.pid}-" not in namespaces  # its namespace (and veth, queues, rules) went with it
