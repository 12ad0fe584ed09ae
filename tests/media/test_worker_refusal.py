"""A media worker started on an aiortc that lacks what the console reaches into says why."""

import os
import threading

from console.media.client import MediaClient
from console.media.service import LoopThread

BROKEN_AIORTC = """\
from aiortc.rtcdtlstransport import RTCDtlsTransport
del RTCDtlsTransport._send_rtp   # as if a later aiortc had renamed it
"""


def test_the_window_hears_why_the_media_worker_refused_to_start(tmp_path, monkeypatch):
    (tmp_path / "sitecustomize.py").write_text(BROKEN_AIORTC)  # only in the worker's interpreter
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    lost: list[str] = []
    clients: list[MediaClient] = []

    def on_event(kind, payload):
        if kind == "media_worker_lost":
            lost.append(payload["reason"])
            clients[0].close()  # the window shuts down: no worker may be started after that

    loop_thread = LoopThread("test-media")
    clients.append(MediaClient(loop_thread, on_event, program=False))
    client, first = clients[0], clients[0].process
    reader = client._reader  # the thread that hears the worker end and would restart it
    try:
        wait_until(lambda: lost and not reader.is_alive(), "the refusal heard and its restart decided")
    finally:
        loop_thread.stop()
    assert client.process is first and first.poll() is not None  # closed meanwhile: not started again
    assert lost and lost[0].startswith(
        "the media worker refused to start: this opsconsole does not work with the installed aiortc "
    )
    assert "hook wrap_transport_send cannot reach RTCDtlsTransport._send_rtp" in lost[0]
    assert len(lost) == 1


def wait_until(condition, what: str, ceiling_s: float = 120.0) -> None:
    done = threading.Event()
    for _ in range(int(ceiling_s / 0.05)):
        if condition():
            return
        done.wait(0.05)
    raise AssertionError(f"never happened: {what}")
