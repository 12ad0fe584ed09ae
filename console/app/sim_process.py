"""The demo's simulated communes: `opsconsole sim` in a child process that dies with us."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from console.paths import self_command


def start_sim(db_path: Path, hub_url: str, sites: int, raise_hands: int = 0) -> subprocess.Popen:
    env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": os.environ.get("OPSCONSOLE_ICE_NETWORKS", "127.0.0.1/32")}
    return subprocess.Popen([*self_command(), "--db", str(db_path), "sim", "--hub", hub_url,
                             "--sites", str(sites), "--raise-hands", str(raise_hands)], env=env,
                            stdout=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child: ask Linux to end it when the console dies, however it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the sites notice the hub is gone and keep retrying until stopped
