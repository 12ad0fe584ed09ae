"""`opsconsole hub`, `sim` and `probe` as a technician runs them: separate processes, 127.0.0.1."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SCRIPT = str(Path(sys.executable).parent / "opsconsole")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_hub(url: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as reply:
                return json.load(reply)
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the hub did not start")


@pytest.fixture
def hub_process(tmp_path):
    db = tmp_path / "hub.sqlite3"
    port = free_port()
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32"}
    hub = subprocess.Popen([SCRIPT, "--db", str(db), "hub", "--port", str(port)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_hub(url)
        yield db, url, env
    finally:
        hub.send_signal(signal.SIGINT)
        hub.wait(timeout=10)


def test_hub_sim_probe(hub_process):
    db, url, env = hub_process
    sim = subprocess.Popen([SCRIPT, "--db", str(db), "sim", "--hub", url, "--sites", "3", "--unmuted"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while wait_for_hub(url)["sites_online"] < 3:
            assert time.monotonic() < deadline, "the simulated sites did not join"
            assert sim.poll() is None, sim.stdout.read()
            time.sleep(0.3)
        probe = subprocess.run([SCRIPT, "--db", str(db), "probe", "70", "--hub", url, "--seconds", "2",
                                "--size", "320x180", "--json"], env=env, capture_output=True, text=True,
                               timeout=60)
        assert probe.returncode == 0, probe.stdout + probe.stderr
        result = json.loads(probe.stdout)
        for key in ("frames", "fps", "width", "height", "audio_level_db", "bitrate_kbps", "loss_pct", "rtt_ms"):
            assert key in result
        assert result["frames"] > 10 and (result["width"], result["height"]) == (320, 180)
        assert result["audio_level_db"] is not None and result["bitrate_kbps"] > 50

        offline = subprocess.run([SCRIPT, "--db", str(db), "probe", "commune:4", "--hub", url, "--seconds", "1"],
                                 env=env, capture_output=True, text=True, timeout=60)
        assert offline.returncode == 1 and "not online" in offline.stdout
    finally:
        sim.send_signal(signal.SIGINT)
        sim.wait(timeout=15)


def test_probe_with_a_wrong_token_says_so(hub_process):
    db, url, env = hub_process
    result = subprocess.run([SCRIPT, "--db", str(db), "probe", "70", "--hub", url, "--token", "ot_wrong",
                             "--seconds", "1"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "unauthorized" in result.stdout and "invalid or revoked operator token" in result.stdout
