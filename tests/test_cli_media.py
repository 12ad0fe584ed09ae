"""`opsconsole hub`, `sim` and `probe` as a technician runs them: separate processes, 127.0.0.1."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from console.processes import bound_to_us
from tests.ports import free_port

SCRIPT = str(Path(sys.executable).parent / "opsconsole")


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
    hub = subprocess.Popen(
        [SCRIPT, "--db", str(db), "hub", "--port", str(port)],
        **bound_to_us(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_hub(url)
        yield db, url, env
    finally:
        hub.send_signal(signal.SIGINT)
        hub.wait(timeout=10)


def test_hub_sim_probe(hub_process):
    db, url, env = hub_process
    sim = subprocess.Popen(
        [SCRIPT, "--db", str(db), "sim", "--hub", url, "--sites", "3", "--unmuted"],
        **bound_to_us(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while wait_for_hub(url)["sites_online"] < 3:
            assert time.monotonic() < deadline, "the simulated sites did not join"
            assert sim.poll() is None, sim.stdout.read()
            time.sleep(0.3)
        probe = subprocess.run(
            [SCRIPT, "--db", str(db), "probe", "70", "--hub", url, "--seconds", "2", "--size", "320x180", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert probe.returncode == 0, probe.stdout + probe.stderr
        result = json.loads(probe.stdout)
        for key in ("frames", "fps", "width", "height", "audio_level_db", "bitrate_kbps", "loss_pct", "rtt_ms"):
            assert key in result
        assert result["frames"] > 10 and (result["width"], result["height"]) == (320, 180)
        assert result["audio_level_db"] is not None and result["bitrate_kbps"] > 50

        offline = subprocess.run(
            [SCRIPT, "--db", str(db), "probe", "commune:4", "--hub", url, "--seconds", "1"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert offline.returncode == 1 and "not online" in offline.stdout
    finally:
        sim.send_signal(signal.SIGINT)
        sim.wait(timeout=15)


def test_probe_with_a_wrong_token_says_so(hub_process):
    db, url, env = hub_process
    result = subprocess.run(
        [SCRIPT, "--db", str(db), "probe", "70", "--hub", url, "--token", "ot_wrong", "--seconds", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "unauthorized" in result.stdout and "invalid or revoked operator token" in result.stdout


def test_probe_unmute_opens_the_microphone_for_its_duration_and_is_audited(hub_process):
    db, url, env = hub_process
    sim = subprocess.Popen(
        [SCRIPT, "--db", str(db), "sim", "--hub", url, "--sites", "1"],
        **bound_to_us(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # joins muted
    try:
        deadline = time.monotonic() + 30
        while wait_for_hub(url)["sites_online"] < 1:
            assert time.monotonic() < deadline, "the simulated site did not join"
            time.sleep(0.3)
        viewer = _token(db, "vy", "viewer")
        refused = subprocess.run(
            [
                SCRIPT,
                "--db",
                str(db),
                "probe",
                "70",
                "--hub",
                url,
                "--token",
                viewer,
                "--unmute",
                "--seconds",
                "1",
                "--json",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "forbidden" in json.loads(refused.stdout)["error"]
        heard = subprocess.run(
            [SCRIPT, "--db", str(db), "probe", "70", "--hub", url, "--unmute", "--seconds", "2", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        result = json.loads(heard.stdout)
        assert heard.returncode == 0 and result["unmuted"] and result["audio_level_db"] is not None, result
    finally:
        sim.send_signal(signal.SIGINT)
        sim.wait(timeout=15)
    audit = subprocess.run(
        [SCRIPT, "--db", str(db), "audit", "--site", "commune:70", "--since", "10m", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = json.loads(audit.stdout)
    assert [(r["actor"], r["action"], r["result"]) for r in rows] == [
        ("vy", "unmute_audio", "rejected: forbidden"),
        ("local", "unmute_audio", "ok"),
        ("local", "mute_audio", "ok"),
    ]
    text = subprocess.run(
        [SCRIPT, "--db", str(db), "audit", "--actor", "vy"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "unmute_audio" in text.stdout and "commune:70" in text.stdout
    bad = subprocess.run(
        [SCRIPT, "--db", str(db), "audit", "--since", "yesterday"], env=env, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "1h" in bad.stderr and "Traceback" not in bad.stderr


def test_console_against_a_hub_it_cannot_trust_says_why(hub_process, tmp_path):
    """A wrong CA, plain http to another machine, a refused token: one clear line each."""
    from console.bench.certs import self_signed

    db, url, env = hub_process
    cert, _ = self_signed(tmp_path)
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    cases = [
        (["--hub", url.replace("http", "https"), "--ca", str(cert)], "cannot reach the hub"),
        (["--hub", "http://10.0.0.5:8765"], "plain http is allowed only to this machine"),
        (["--hub", url, "--token", "ot_wrong"], "refused this console"),
    ]
    for options, fragment in cases:
        result = subprocess.run(
            [
                SCRIPT,
                "--db",
                str(db),
                "console",
                *options,
                "--screenshot",
                str(tmp_path / "x.png"),
                "--quit-after",
                "1",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode in (1, 2) and fragment in result.stderr, (options, result.stderr)
        assert "Traceback" not in result.stderr


def _token(db, name, role):
    result = subprocess.run(
        [SCRIPT, "--db", str(db), "operators", "issue-token", name, "--role", role],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_an_admin_invites_a_site_through_the_hub(hub_process):
    db, url, env = hub_process
    admin, viewer = _token(db, "an", "admin"), _token(db, "vy", "viewer")
    invited = subprocess.run(
        [SCRIPT, "sites", "invite", "commune:4", "--hub", url, "--token", admin],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert invited.returncode == 0, invited.stderr
    assert invited.stdout.strip().splitlines()[-1].startswith(f"{url}/site?token=st_")
    refused = subprocess.run(
        [SCRIPT, "sites", "invite", "commune:4", "--hub", url, "--token", viewer],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1 and "forbidden" in refused.stderr


def test_probe_where_no_hub_listens_says_the_address_and_to_pass_hub_in_one_line(hub_process):
    db, url, env = hub_process  # the hub runs, on another port than the one tried
    elsewhere = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run(
        [SCRIPT, "--db", str(db), "probe", "70", "--hub", elsewhere, "--seconds", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    said = (result.stdout + result.stderr).strip()
    assert len(said.splitlines()) == 1, said
    assert f"no hub answers at {elsewhere}" in said and "--hub" in said
    assert "Connect call failed" not in said and "ssl:default" not in said
