"""The media worker: the console's media core in a process of its own (docs/architecture.md §1).

Measured reason: in one interpreter the media thread (64 peer connections, decoding hand-off,
RTCP) holds the GIL often enough to stall the GUI's paints and keys. Here the real
``MediaService`` runs on its own loop in a separate process; the GUI talks to it through
``MediaClient`` (client.py) over a pipe:

* calls go in as ``("call", id, method, args)`` and come back as ``("reply", id, ok, value)``;
* events go out as ``("event", kind, payload)``, the same events ``MediaService`` emits;
* every subscribed site's newest frame is written into its shared-memory slot
  (shared_frames.py, latest wins) by a publisher thread;
* the room's mix is pumped into a shared-memory ring (shared_audio.py) the GUI's sound card
  reads;
* per-site snapshots (state, size, link statistics) go out as one event four times a second.

The worker ends when its pipe does (the GUI is gone), and unlinks its shared memory.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import threading
import traceback
from concurrent.futures import Future
from dataclasses import asdict
from typing import Any

from console.media.frames import video_planes
from console.media.memory_trace import start_from_environment, start_heap_log
from console.media.reclaim import limit_malloc_arenas, map_big_blocks
from console.media.shared_audio import PcmRingWriter
from console.media.shared_frames import FrameSlotWriter, frame_bytes
from console.model.reasons import reason_of
from console.processes import name_this_thread

log = logging.getLogger(__name__)
FRAME_POLL_S = 0.010  # the publisher looks at the sinks 100 times a second
SNAPSHOT_EVERY_S = 0.25
AUDIO_AHEAD_S = 0.030  # the mix is kept this far ahead of the sound card
AUDIO_PUMP_S = 0.005
# Methods of MediaService the GUI may call; each returns a Future or nothing.
CALLS = (
    "connect",
    "close",
    "subscribe",
    "unsubscribe",
    "show",
    "hide",
    "request_keyframe",
    "control",
    "mute",
    "unmute",
    "mute_all",
    "solo",
    "grant_hand",
    "dismiss_hand",
    "talk",
    "end_talk",
    "moderation_state",
    "set_master_volume",
    "set_follow_speaker",
    "focused_by_hand",
    "room_wall",
    "roll_call",
    "start_recording",
    "stop_recording",
    "bookmark_recording",
    "alarms",
    "raise_alarm",
    "clear_alarm",
    "acknowledge_alarm",
    "set_meeting",
)


WORKER_KEY_ENV = "OPSCONSOLE_MEDIA_WORKER_KEY"


def worker_main(socket_path: str) -> int:
    """`opsconsole media-worker --socket PATH`: connect back to the console and serve it."""
    from multiprocessing.connection import Client

    limit_malloc_arenas()  # before the decoder threads: reclaim.py says why
    map_big_blocks()
    key = bytes.fromhex(os.environ.pop(WORKER_KEY_ENV, ""))
    conn = Client(socket_path, family="AF_UNIX", authkey=key)
    options = conn.recv()
    logging.basicConfig(
        level=options.get("log_level", logging.WARNING),
        format="%(asctime)s %(levelname)s media-worker %(name)s: %(message)s",
    )
    refusal = media_stack_refusal()
    if refusal:
        logging.getLogger(__name__).critical("%s", refusal)
        conn.send(("event", "worker_refused", {"reason": refusal}))  # the console says it, not just stderr
        conn.close()
        return 3
    worker = Worker(conn, options)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # a clean stop: the slots and the ring are unlinked
    worker.run()
    return 0


def media_stack_refusal() -> str | None:
    """Why this worker cannot receive media with the installed aiortc and aioice (the self-check
    of ``console/rtc/aiortc_internals.py``), or None."""
    from console.rtc.aiortc_internals import AiortcInternalsChanged, check_aiortc_internals

    try:
        check_aiortc_internals()
    except AiortcInternalsChanged as exc:
        return str(exc)
    return None


class Stopped(Exception):
    """SIGTERM: stop as when the console is gone."""


def _stop_on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the stop itself is not interrupted
    raise Stopped


class Worker:
    def __init__(self, conn, options: dict[str, Any]) -> None:
        from console.media.service import LoopThread, MediaService
        from console.rtc import install_ice_policy

        self.conn = conn
        self._send_lock = threading.Lock()
        self._stop = threading.Event()
        policy = options.get("policy")
        if policy is not None:
            install_ice_policy(policy)
        self.loop_thread = LoopThread("media")
        self.media = MediaService(
            self.loop_thread,
            self._event,
            max_video=options.get("max_video", 64),
            policy=policy,
            program=options.get("program", False),
            camera=options.get("camera"),
            microphone=options.get("microphone"),
            cpu_share_pct=options.get("cpu_share_pct"),
        )
        self.slots: dict[str, FrameSlotWriter] = {}
        self.ring = PcmRingWriter(capacity=self.media.room.rate)

    def run(self) -> None:
        # Everything from "ready" on is inside the try: the console may end us (SIGTERM) as soon
        # as it has heard "ready", while the threads below are still starting.
        try:
            self._event(
                "worker_ready",
                {"audio_ring": self.ring.name, "rate": self.media.room.rate, "channels": self.media.room.channels},
            )
            threads = [
                threading.Thread(target=self._publish_frames, name="frames", daemon=True),
                threading.Thread(target=self._pump_audio, name="audio", daemon=True),
                threading.Thread(target=self._push_snapshots, name="snapshots", daemon=True),
            ]
            for thread in threads:
                thread.start()
            start_from_environment(self._stop)
            start_heap_log(self._stop)
            while not self._stop.is_set():
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    break  # the GUI is gone
                self._dispatch(message)
        except Stopped:
            pass  # SIGTERM, wherever it found us
        finally:
            self._stop.set()
            try:
                self.media.close().result(5)
            except Exception:
                pass
            self.loop_thread.stop()
            for slot in self.slots.values():
                slot.close()
            self.ring.close()

    # --- calls --------------------------------------------------------------------------

    def _dispatch(self, message: tuple) -> None:
        kind, call_id, method, args = message
        if kind != "call" or method not in CALLS:
            self._reply(call_id, False, f"unknown call {method!r}")
            return
        if method == "connect":  # a TLS context does not cross processes: rebuilt here from its CA file
            from console.signaling.hub_address import HubAddress, client_tls

            hubs, token = args
            args = (
                [HubAddress(url, client_tls(ca) if url.startswith("https") else None, ca) for url, ca in hubs],
                token,
            )
        if method == "close":  # the console is done with us: the loop ends, and the slots and ring go
            self._stop.set()
            self._close(call_id)
            return
        try:
            result = getattr(self.media, method)(*args)
        except Exception as exc:
            self._reply(call_id, False, _error(exc))
            return
        if isinstance(result, Future):
            result.add_done_callback(lambda f: self._finished(call_id, f))
        else:
            self._reply(call_id, True, _plain(result))

    def _close(self, call_id: int) -> None:
        try:
            self._reply(call_id, True, _plain(self.media.close().result(10)))
        except Exception as exc:
            self._reply(call_id, False, _error(exc))

    def _finished(self, call_id: int, future: Future) -> None:
        error = future.exception()
        if error is None:
            self._reply(call_id, True, _plain(future.result()))
        else:
            self._reply(call_id, False, _error(error))

    def _reply(self, call_id: int, ok: bool, value: Any) -> None:
        self._send(("reply", call_id, ok, value))

    def _event(self, kind: str, payload: dict[str, Any]) -> None:
        self._send(("event", kind, payload))

    def _send(self, message: tuple) -> None:
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, ValueError, BrokenPipeError):
                self._stop.set()

    # --- frames, audio, snapshots -------------------------------------------------------

    def _publish_frames(self) -> None:
        name_this_thread("frames")
        while not self._stop.wait(FRAME_POLL_S):
            for key in self.media.subscribed():
                sink = self.media.sink(key)
                # Oldest first: a bunched pair goes into the slot in order, for the GUI to show
                # one tick apart (shared_frames.py).
                while sink is not None and (frame := sink.take()) is not None:
                    try:
                        self._write(key, frame)
                    except Exception:  # a frame we cannot publish must not stop the others
                        log.exception("could not publish a frame of %s", key)
            for key in [k for k in self.slots if k not in set(self.media.subscribed())]:
                self.slots.pop(key).close()
                self._event("frame_slot_closed", {"site": key})

    def _write(self, key: str, frame: Any) -> None:
        if frame.format.name != "yuv420p":
            frame = frame.reformat(format="yuv420p")
        y, u, v = video_planes(frame)  # views of the decoder's buffers: the slot gets the one copy
        slot = self.slots.get(key)
        if slot is None or not slot.fits(frame.width, frame.height):
            if slot is not None:
                slot.close()
            # Room for the biggest rung the site may send this tile, so a switch rarely re-opens it.
            slot = self.slots[key] = FrameSlotWriter(
                max(frame_bytes(frame.width, frame.height), frame_bytes(1280, 720))
            )
            self._event("frame_slot", {"site": key, "name": slot.name})
        opaque = getattr(frame, "opaque", None)
        slot.write(y, u, v, opaque if isinstance(opaque, (int, float)) else None)

    def _pump_audio(self) -> None:
        name_this_thread("audio")
        room, ring = self.media.room, self.ring
        ahead = int(room.rate * AUDIO_AHEAD_S)
        while not self._stop.wait(AUDIO_PUMP_S):
            need = ahead - ring.fill()
            if need > 0:
                ring.write(room.read_float(need))

    def _push_snapshots(self) -> None:
        name_this_thread("snapshots")
        while not self._stop.wait(SNAPSHOT_EVERY_S):
            snapshots = {}
            for key in self.media.subscribed():
                snap = self.media.snapshot(key)
                if snap is not None:
                    snapshots[key] = {
                        "state": snap.state,
                        "frame_size": snap.frame_size,
                        "error": snap.error,
                        "stats": {k: _finite(v) for k, v in asdict(snap.stats).items()},
                    }
            self._event("snapshots", {"sites": snapshots})


def _plain(value: Any) -> Any:
    """What a call's result may carry back: data (a welcome, a roll-call, a moderation result),
    not the worker's objects (a SiteSession stays where it lives)."""
    return value if isinstance(value, (dict, list, tuple, str, int, float, bool, type(None))) else None


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _error(exc: BaseException) -> dict[str, str]:
    """An exception as the GUI rebuilds it (HubError keeps its code)."""
    out = {
        "type": type(exc).__name__,
        "message": getattr(exc, "message", None) or str(exc),
        "code": getattr(exc, "code", "") or "",
    }
    reason, args = reason_of(exc)
    if reason:
        out["reason"], out["args"] = reason, args
    if not isinstance(exc, (ConnectionError, TimeoutError, ValueError)) and not out["code"]:
        out["trace"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return out
