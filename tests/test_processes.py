"""No child of ours outlives its parent, however the parent ends.

A real parent process starts what `demo` and the benches start (the simulated sites, from a
thread that then ends, as a console built on another thread would; a bench's hub; a console's
media worker), waits until the sites have joined that hub, then ends in one of the ways a
program ends. The media worker's shared memory goes with it.
"""

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

PARENT = textwrap.dedent("""
    import asyncio, json, os, signal, sys, threading, time
    from pathlib import Path
    from console.app.sim_process import start_sim
    from console.bench.procs import health, start_hub
    from console.media.client import MediaClient
    from console.media.service import LoopThread

    # SIGINT at its default, as a program started from a terminal has it: a test run started in
    # the background (nohup, &) hands its children SIGINT ignored, and this parent would not end.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    db = Path(sys.argv[1])
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    hub, url = asyncio.run_coroutine_threadsafe(start_hub(db, stderr=asyncio.subprocess.DEVNULL), loop).result(60)
    sims = []
    starter = threading.Thread(target=lambda: sims.append(start_sim(db, url, 1)))
    starter.start()
    starter.join()  # the thread that started the sites has ended: they go on
    deadline = time.monotonic() + 90
    while health(url)["sites_online"] < 1:
        if time.monotonic() > deadline or sims[0].poll() is not None:
            print(json.dumps({"error": f"the sites did not join (exit {sims[0].poll()})",
                              "children": [hub.pid, sims[0].pid]}), flush=True)
            sys.exit(1)
        time.sleep(0.2)
    media = MediaClient(LoopThread("media"), program=False)  # the media worker, and its audio ring
    while media.room.ring is None:
        time.sleep(0.05)
    print(json.dumps({"children": [hub.pid, sims[0].pid, media.process.pid], "ring": media.room.ring.shm.name}),
          flush=True)
    order = sys.stdin.readline().strip()
    if order == "raise":
        raise RuntimeError("a crash")
    if order == "abort":
        os.abort()
    time.sleep(600)
""")


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGINT", "SIGKILL", "raise", "abort"])
def test_children_end_when_their_parent_ends_however_it_ends(national, tmp_path, ending):
    path = national.path
    national.close()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    children: list[int] = []
    try:
        said = json.loads(parent.stdout.readline() or '{"error": "the parent said nothing"}')
        children = said.get("children", [])  # to clean up after, whatever happens
        assert "error" not in said, said
        assert not any(_gone(pid) for pid in children)
        if ending.startswith("SIG"):
            parent.send_signal(getattr(signal, ending))
        else:
            parent.stdin.write(ending + "\n")
            parent.stdin.flush()
        parent.wait(30)
        deadline = time.monotonic() + 30
        while not all(_gone(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in children if not _gone(pid)] == []
        assert not (Path("/dev/shm") / said["ring"]).exists()
    finally:
        for pid in [*children, parent.pid]:
            try:
                psutil.Process(pid).kill()
            except psutil.NoSuchProcess:
                pass
        parent.wait(10)
