"""`opsconsole bench fuzz`, `bench presence` and tests/perf/bench_gate.py keep working and print
their keys; their numbers are judged by people, at full size."""

import json
import subprocess
import sys
from pathlib import Path

from tests.perf import bench_gate

REPO = Path(__file__).resolve().parents[2]


def bench(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "bench", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_fuzz_bench_prints_json_and_finds_nothing():
    # A two-second flood runs the flood's path as the default ten seconds do.
    numbers = bench("fuzz", "--messages", "400", "--flood-seconds", "2")
    for key in ("messages", "internal_errors", "tracebacks", "good_peer_drops", "control_p95_ms", "flood_pings"):
        assert key in numbers, key
    assert numbers["messages"] == 400 and numbers["internal_errors"] == 0
    assert numbers["tracebacks"] == 0, numbers["first_traceback"]
    assert numbers["good_peer_drops"] == 0 and numbers["hub_alive"]


def test_presence_bench_prints_json():
    numbers = bench(
        "presence", "--sites", "120", "--processes", "2", "--drop", "30", "--roll-calls", "3", "--steady", "1"
    )
    for key in (
        "sites",
        "connect_s",
        "roll_call_ms",
        "roll_call_p99_ms",
        "roll_call_bytes",
        "presence_fanout_ms",
        "hub_rss_mb",
        "hub_cpu_pct",
        "errors",
        "other_request_p99_ms",
        "idle_request_p99_ms",
        "floor_cpu_pct",
        "hub_cpu_vs_floor",
    ):
        assert key in numbers, key
    assert numbers["sites"] == 120 and numbers["errors"] == 0, numbers["error_details"]
    assert numbers["roll_calls"] == 3 and numbers["roll_call_bytes"] > 100_000  # every site of the directory
    assert numbers["floor_connections"] == 120  # the reference held as many connections as the hub
    # The hub killed and restarted: every site still connected (not the dropped, not the revoked
    # one) is back on the new hub, which answered throughout.
    assert numbers["restart_sites"] == 120 - 30 - 1 and numbers["restart_rejoined"] == numbers["restart_sites"]
    assert numbers["restart_rejoin_s"] is not None and numbers["restart_hub_rss_mb"] > 0


def test_gate_bench_prints_json(capsys):
    assert bench_gate.main(["--repeat", "50"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["kinds"]) >= {"heartbeat", "state", "answer (SDP)"} and result["national_mix_core_pct"] > 0
