"""pytest plugin: under pytest-xdist, each worker its own virtual X display (Xvfb), so one
worker's windows never take another's focus, keyboard or screen grabs. Without xdist it does
nothing: the Qt part runs under the display xvfb-run gives it (packaging/test.sh)."""

import ctypes
import os
import shutil
import signal
import subprocess

import pytest

SCREEN = "1920x1080x24"  # as packaging/test.sh's xvfb-run
PR_SET_PDEATHSIG = 1


def _ends_with_its_worker() -> None:
    """The kernel ends the Xvfb when its worker dies: one outlived a killed run."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def pytest_configure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER") or shutil.which("Xvfb") is None:
        return
    read, write = os.pipe()
    # -displayfd: Xvfb picks a free display number itself and writes it once it accepts clients.
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "+extension", "GLX", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_ends_with_its_worker,
    )
    os.close(write)
    with os.fdopen(read) as said:
        number = said.readline().strip()
    if not number:
        server.kill()
        raise pytest.UsageError("Xvfb did not start for this worker")
    os.environ["DISPLAY"] = f":{number}"
    config._worker_display = server


def pytest_unconfigure(config):
    server = getattr(config, "_worker_display", None)
    if server is not None:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
