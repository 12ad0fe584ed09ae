"""The technician's path, as separate processes: `opsconsole hub`, `sites invite`, the link in
Chromium, `opsconsole probe --json` sees the browser's frames."""

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from console.processes import bound_to_us
from tests.aio import run_async
from tests.browser.chromium import Chromium
from tests.ports import free_port
from tests.test_cli_media import wait_for_hub

REPO = Path(__file__).resolve().parents[2]


def opsconsole(*args):
    return [sys.executable, "-m", "console.cli", *args]


def test_invite_link_in_chromium_then_probe_sees_frames(tmp_path, chromium_path):
    db, port = tmp_path / "hub.sqlite3", free_port()
    # This checkout's code in every child process, media on loopback only.
    env = {
        **os.environ,
        "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    hub = subprocess.Popen(
        opsconsole("--db", str(db), "hub", "--port", str(port)),
        **bound_to_us(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_hub(url)
        invite = subprocess.run(
            opsconsole("--db", str(db), "sites", "invite", "70", "--hub", url),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        link = invite.stdout.strip().splitlines()[-1]
        assert link.startswith(f"{url}/site?token=st_")

        async def scenario():
            async with Chromium(chromium_path) as browser:
                page = await browser.open(link + "&capture=640x360")
                await page.wait_for("window.siteState && siteState.phase === 'joined'", 20, "joined")
                assert wait_for_hub(url)["sites_online"] == 1
                probe = await asyncio.create_subprocess_exec(
                    *opsconsole(
                        "--db", str(db), "probe", "70", "--hub", url, "--seconds", "2", "--size", "320x180", "--json"
                    ),
                    **bound_to_us(env),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
                out, err = await asyncio.wait_for(probe.communicate(), 60)
                assert probe.returncode == 0, out.decode() + err.decode()
                return json.loads(out)

        result = run_async(scenario(), timeout=90)
        assert result["ok"] and result["frames"] > 5
        assert (result["width"], result["height"]) == (320, 180)
    finally:
        hub.send_signal(signal.SIGINT)
        hub.wait(timeout=10)
