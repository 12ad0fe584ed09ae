"""The media worker's shared memory (its audio ring, its frame slots) is unlinked when the worker
ends, however it ends, and nothing is left for a resource tracker to report as leaked.

A real worker process, started by the real client.
"""

import os
import signal
import time
from pathlib import Path

import pytest

from console.media.client import MediaClient
from console.media.service import LoopThread


def _until(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("ending", ["close", "SIGTERM", "SIGKILL"])
def test_the_workers_audio_ring_is_unlinked_however_the_worker_ends(capfd, ending):
    loop_thread = LoopThread("test-media")
    client = MediaClient(loop_thread, program=False)
    try:
        _until(lambda: client.room.ring is not None)
        ring = Path("/dev/shm") / client.room.ring.shm.name
        assert ring.exists()
        worker = client.process
        if ending == "close":
            client.close().result(60)
        else:
            os.kill(worker.pid, getattr(signal, ending))
            # the client noticed, and started another
            _until(lambda: client.restarts == 1 and client.process is not worker and client.room.ring is not None)
        _until(lambda: worker.poll() is not None)
        _until(lambda: not ring.exists())
    finally:
        if not client._closing:
            client.close().result(60)
        loop_thread.stop()
    _until(lambda: client.process.poll() is not None)
    said = capfd.readouterr().err
    if ending != "SIGKILL":  # a killed worker's own tracker still counts what it could not unlink
        assert "leaked shared_memory" not in said, said
