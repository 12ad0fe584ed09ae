"""The demo's simulated communes: `opsconsole sim` in a child process that dies with us."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from console.processes import bound_to_us, self_command


def start_sim(db_path: Path, hub_url: str, sites: int, raise_hands: int = 0) -> subprocess.Popen:
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": os.environ.get("OPSCONSOLE_ICE_NETWORKS", "127.0.0.1/32")}
    return subprocess.Popen(
        [
            *self_command(),
            "--db",
            str(db_path),
            "sim",
            "--hub",
            hub_url,
            "--sites",
            str(sites),
            "--raise-hands",
            str(raise_hands),
        ],
        stdout=subprocess.DEVNULL,
        **bound_to_us(env),
    )
