"""``MediaClient``: the media core in its worker process (worker.py), behind MediaService's face.

The GUI calls it exactly as it called MediaService: futures for requests, ``sink(key)`` for
frames (here: the site's shared-memory slot), ``snapshot(key)``, ``room`` for the sound card
(here: the shared audio ring), events through ``on_event``. A reader thread turns the worker's
replies into futures and its events into ``on_event`` calls.

A worker that dies (a crash in a decoder, killed) is started again at once: the client joins
the hub again with the same address and token and subscribes to what the wall had, with the
sizes it had asked for, telling the window (``media_worker_lost``, ``media_worker_back``)
so it can say what happened. Calls in flight when it died fail with a clear error.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Listener
from typing import Any

import numpy as np

from console.media.service import LoopThread, SessionSnapshot
from console.media.shared_audio import PcmRingReader
from console.media.shared_frames import FrameSlotReader, unlink_segment
from console.media.stats import LinkStats
from console.media.worker import WORKER_KEY_ENV
from console.model.reasons import explained
from console.processes import bound_to_us, self_command
from console.rtc.ice_policy import IcePolicy
from console.signaling import HubError
from console.signaling.hub_address import HubAddress

log = logging.getLogger(__name__)
EventHandler = Callable[[str, dict[str, Any]], None]
RESTART_PAUSE_S = 0.5
WORKER_START_S = 30.0


class WorkerLost(ConnectionError):
    """The media worker ended while a call was in flight."""


class RoomProxy:
    """What the GUI's sound card and meters read of the room's mix, from the worker's ring."""

    def __init__(self, client: MediaClient) -> None:
        self._client = client
        self.ring: PcmRingReader | None = None
        self.rate, self.channels = 48_000, 2
        self.master_volume = 1.0

    def read(self, frames: int) -> bytes:
        ring = self.ring
        mix = ring.read(frames) if ring is not None else np.zeros(frames, np.float32)
        pcm = np.round(mix * 32767).astype(np.int16)
        if self.channels > 1:
            pcm = np.repeat(pcm, self.channels)
        return pcm.tobytes()

    def set_master_volume(self, volume: float) -> None:
        self.master_volume = volume
        self._client.set_master_volume(volume)


class MediaClient:
    """Runs the media core in a worker process; same calls as MediaService."""

    def __init__(
        self,
        loop_thread: LoopThread,
        on_event: EventHandler | None = None,
        max_video: int = 64,
        policy: IcePolicy | None = None,
        program: bool = True,
        camera: str | None = None,
        microphone: str | None = None,
        cpu_share_pct: float | None = None,
    ) -> None:
        self.thread = loop_thread  # the GUI process's own asyncio work (directory fetches, an embedded hub)
        self.on_event = on_event or (lambda kind, payload: None)
        self._options = {
            "max_video": max_video,
            "program": program,
            "camera": camera,
            "microphone": microphone,
            "policy": policy,
            "cpu_share_pct": cpu_share_pct,
        }
        self.room = RoomProxy(self)
        self.operator = ""
        self.welcome: dict[str, Any] = {}
        self.restarts = 0
        self._ids = itertools.count(1)
        self._pending: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._slots: dict[str, FrameSlotReader] = {}
        self._snapshots: dict[str, SessionSnapshot] = {}
        self._wanted: dict[str, tuple[int, int, bool]] = {}  # what the wall asked: size, shown
        self._hub: tuple[list[tuple[str, str | None]], str] | None = None  # (url, CA file) of each hub, token
        self.hub_url = ""  # the hub the worker is on now (it says so in every hub_joined)
        self._closing = False
        self._refused: str | None = None
        self._ready = threading.Event()
        self._start()

    # --- the worker's life --------------------------------------------------------------

    def _start(self) -> None:
        """`opsconsole media-worker`: a fresh interpreter (no Qt, no GUI threads) that connects back
        over a Unix socket only this process and it know (an authentication key in its environment)."""
        folder = tempfile.mkdtemp(prefix="opsconsole-media-")
        address = os.path.join(folder, "socket")
        key = secrets.token_bytes(32)
        try:
            with Listener(address, family="AF_UNIX", authkey=key) as listener:
                os.chmod(address, 0o600)
                # The worker ends when its socket closes, and when this process ends (processes.py).
                self.process = subprocess.Popen(
                    [*self_command(), "media-worker", "--socket", address],
                    **bound_to_us({**os.environ, WORKER_KEY_ENV: key.hex()}),
                )
                # no public accept timeout; typeshed does not list the Listener's inner socket listener
                listener._listener._socket.settimeout(WORKER_START_S)  # type: ignore[attr-defined]  # noqa: SLF001
                try:
                    self._conn = listener.accept()
                except OSError as exc:
                    self.process.kill()
                    raise WorkerLost(f"the media worker did not start: {exc}") from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self._conn.send(self._options)
        self._ready.clear()
        self._reader = threading.Thread(
            target=self._read, args=(self._conn, self.process), name="media-client", daemon=True
        )
        self._reader.start()

    def _read(self, conn, process) -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message[0] == "reply":
                _, call_id, ok, value = message
                with self._lock:
                    future = self._pending.pop(call_id, None)
                if future is not None and not future.done():
                    future.set_result(value) if ok else future.set_exception(_rebuild(value))
            else:
                self._on_worker_event(message[1], message[2])
        conn.close()
        try:
            code = process.wait(2)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        if not self._closing:
            refused, self._refused = self._refused, None
            if refused:
                self._worker_lost(
                    f"the media worker refused to start: {refused}", "media_worker_refused", {"reason": refused}
                )
            else:
                self._worker_lost(f"the media worker ended (exit code {code})", "media_worker_ended", {"code": code})

    def _release_shared_memory(self, close_ring: bool) -> None:
        """Once the worker has ended, however it ended: close its slots here, and unlink them and
        its audio ring (a worker that stopped cleanly has already; a killed one could not). A
        lost worker's ring is not closed under the audio thread: its mapping lives on unlinked."""
        ring, self.room.ring = self.room.ring, None
        slots, self._slots = list(self._slots.values()), {}
        for slot in slots:
            slot.close()
            unlink_segment(slot.name)
        if ring is not None:
            unlink_segment(ring.shm.name)
            if close_ring:
                ring.close()

    def _worker_lost(self, reason: str, code: str = "", args: dict | None = None) -> None:
        """The worker is gone (``reason``; ``code`` and ``args`` name it for the window's words)."""
        log.warning("%s; starting it again", reason)
        with self._lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(
                    explained(WorkerLost(reason), code, **(args or {})) if code else WorkerLost(reason)
                )
        self._release_shared_memory(close_ring=False)
        self._snapshots.clear()
        self._emit("media_worker_lost", {"reason": reason, "reason_code": code, "reason_args": args or {}})
        time.sleep(RESTART_PAUSE_S)
        if self._closing:  # the console closed during the pause: a worker started now would outlive it
            return
        self.restarts += 1
        self._start()
        if self._hub is not None:
            threading.Thread(target=self._rejoin, args=(self._hub,), name="media-rejoin", daemon=True).start()

    def _rejoin(self, hub: tuple[list[tuple[str, str | None]], str]) -> None:
        hubs, token = hub
        # The hub the lost worker was on first: the others of a pair are standbys.
        hubs = sorted(hubs, key=lambda h: h[0] != self.hub_url)
        started = time.monotonic()
        try:
            self._call("connect", hubs, token).result(30)
            # The tiles on screen first, the biggest (the focus) first of all; those off the page
            # as hidden, so their handshakes wait for the visible ones (MediaManager.subscribe).
            wanted = sorted(self._wanted.items(), key=lambda item: -item[1][0] * item[1][1] * item[1][2])
            for key, (width, height, shown) in wanted:
                self._call("subscribe", key, width, height, shown)
            self._call("set_master_volume", self.room.master_volume)
        except Exception as exc:  # the hub too may be away: the worker's own supervisor retries it
            if self._closing:  # closed while rejoining: the window that would hear it is gone
                return
            self._emit("media_worker_back", {"error": str(exc), "seconds": round(time.monotonic() - started, 2)})
            return
        if not self._closing:
            self._emit(
                "media_worker_back", {"seconds": round(time.monotonic() - started, 2), "sites": len(self._wanted)}
            )

    def _on_worker_event(self, kind: str, payload: dict[str, Any]) -> None:
        if kind == "worker_refused":  # the installed aiortc lacks what the worker reaches into
            self._refused = payload.get("reason")
            return
        if kind == "worker_ready":
            self.room.ring = PcmRingReader(payload["audio_ring"])
            self.room.rate, self.room.channels = payload["rate"], payload["channels"]
            self._ready.set()
            return
        if kind == "frame_slot":
            old = self._slots.pop(payload["site"], None)
            if old is not None:
                old.close()
            try:
                self._slots[payload["site"]] = FrameSlotReader(payload["name"])
            except (FileNotFoundError, ValueError) as exc:
                log.warning("frame slot of %s: %s", payload["site"], exc)
            return
        if kind == "frame_slot_closed":  # the site was let go: its slot is gone
            slot = self._slots.pop(payload["site"], None)
            if slot is not None:
                slot.close()
            return
        if kind == "snapshots":
            self._snapshots = {
                key: SessionSnapshot(
                    key,
                    s["state"],
                    tuple(s["frame_size"]) if s["frame_size"] else None,
                    LinkStats(**s["stats"]),
                    s["error"],
                )
                for key, s in payload["sites"].items()
            }
            return
        if kind == "session" and payload.get("site") in self._snapshots:
            # The state changed now; the next snapshots come within 250 ms, but whoever this event
            # makes look (the site panel) must not read the old state meanwhile. (Peer to peer,
            # the site's stats events corrected it 2 s later; through the SFU none come.)
            before = self._snapshots[payload["site"]]
            self._snapshots[payload["site"]] = SessionSnapshot(
                before.site,
                payload.get("state", before.state),
                before.frame_size,
                before.stats,
                payload.get("error", before.error),
            )
        if kind == "hub_joined":
            self.hub_url = payload.get("url") or self.hub_url
            self.welcome = payload.get("welcome") or self.welcome
            self.operator = self.welcome.get("operator", "")
        self._emit(kind, payload)

    def _emit(self, kind: str, payload: dict[str, Any]) -> None:
        try:
            self.on_event(kind, payload)
        except Exception:
            log.exception("event handler failed for %s", kind)

    def _call(self, method: str, *args: Any) -> Future:
        future: Future = Future()
        call_id = next(self._ids)
        with self._lock:
            self._pending[call_id] = future
        try:
            self._conn.send(("call", call_id, method, args))
        except (OSError, ValueError) as exc:
            with self._lock:
                self._pending.pop(call_id, None)
            future.set_exception(WorkerLost(f"the media worker is not running: {exc}"))
        return future

    # --- MediaService's calls -------------------------------------------------------------

    def connect(
        self, hub: HubAddress | str | list[HubAddress] | list[str], token: str, ca: str | None = None
    ) -> Future:
        """As MediaService.connect: one hub, or a pair's addresses in the order to try them."""
        given = hub if isinstance(hub, list) else [hub]
        # A TLS context does not cross processes: each address goes as its URL and CA file.
        hubs = [(h.url, h.ca or ca) if isinstance(h, HubAddress) else (h, ca) for h in given]
        self._hub = (hubs, token)
        future = self._call("connect", hubs, token)
        future.add_done_callback(self._joined)
        return future

    def _joined(self, future: Future) -> None:
        if future.exception() is None:
            self.welcome = future.result()
            self.operator = self.welcome.get("operator", "")

    def close(self) -> Future:
        self._closing = True
        future = self._call("close")

        # The connection is the reader thread's to close (closing it under a blocked recv() makes
        # recv() fail inside multiprocessing): the worker ends, the reader sees EOF and closes it.
        def finish(_: Future) -> None:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self._release_shared_memory(close_ring=True)

        future.add_done_callback(finish)
        return future

    def subscribe(self, key: str, width: int, height: int) -> Future:
        self._wanted[key] = (width, height, True)
        return self._call("subscribe", key, width, height)

    def unsubscribe(self, key: str) -> Future:
        # Its slot stays until the worker says it closed it (frame_slot_closed): subscribed again
        # before then, the worker goes on writing into the same slot.
        self._wanted.pop(key, None)
        return self._call("unsubscribe", key)

    def show(self, key: str, width: int, height: int) -> Future:
        if key in self._wanted:
            self._wanted[key] = (width, height, True)
        return self._call("show", key, width, height)

    def hide(self, key: str) -> Future:
        if key in self._wanted:
            self._wanted[key] = (*self._wanted[key][:2], False)
        return self._call("hide", key)

    def request_keyframe(self, key: str) -> Future:
        return self._call("request_keyframe", key)

    def control(self, key: str, action: str, params: dict[str, Any] | None = None) -> Future:
        return self._call("control", key, action, params)

    def mute(self, key: str) -> Future:
        return self._call("mute", key)

    def unmute(self, key: str) -> Future:
        return self._call("unmute", key)

    def mute_all(self) -> Future:
        return self._call("mute_all")

    def solo(self, key: str) -> Future:
        return self._call("solo", key)

    def grant_hand(self, key: str) -> Future:
        return self._call("grant_hand", key)

    def dismiss_hand(self, key: str) -> Future:
        return self._call("dismiss_hand", key)

    def talk(self, key: str) -> Future:
        return self._call("talk", key)

    def end_talk(self) -> Future:
        return self._call("end_talk")

    def moderation_state(self) -> Future:
        return self._call("moderation_state")

    def set_master_volume(self, volume: float) -> None:
        self._call("set_master_volume", volume)

    def set_follow_speaker(self, enabled: bool) -> None:
        self._call("set_follow_speaker", enabled)

    def focused_by_hand(self, key: str | None) -> None:
        self._call("focused_by_hand", key)

    def room_wall(self, message: dict[str, Any]) -> Future:
        return self._call("room_wall", message)

    # Recording runs in the worker, where the sessions are (media/recordings.py).
    def start_recording(self, key: str, path: str, metadata: dict[str, str] | None = None) -> Future:
        return self._call("start_recording", key, str(path), dict(metadata or {}))

    def stop_recording(self, key: str, reason: str = "") -> Future:
        return self._call("stop_recording", key, reason)

    def bookmark_recording(self, key: str, note: str, ago_s: float = 0.0) -> Future:
        return self._call("bookmark_recording", key, note, ago_s)

    def roll_call(self, online_only: bool = False, keys: list[str] | None = None) -> Future:
        return self._call("roll_call", online_only, keys)

    # --- alarms and the meeting: MediaService's requests, through the worker ----------------

    def alarms(self, history: bool = False) -> Future:
        return self._call("alarms", history)

    def raise_alarm(
        self, rule: str, site: str | None, detail: str = "", detail_args: dict | None = None, since: str | None = None
    ) -> Future:
        return self._call("raise_alarm", rule, site, detail, detail_args, since)

    def clear_alarm(self, rule: str, site: str | None) -> Future:
        return self._call("clear_alarm", rule, site)

    def acknowledge_alarm(self, alarm_id: int) -> Future:
        return self._call("acknowledge_alarm", alarm_id)

    def set_meeting(self, group: str | None) -> Future:
        return self._call("set_meeting", group)

    def sink(self, key: str) -> FrameSlotReader | None:
        """The site's shared-memory slot (``take()`` the newest frame), or None before its first frame."""
        return self._slots.get(key)

    def snapshot(self, key: str) -> SessionSnapshot | None:
        return self._snapshots.get(key)

    def subscribed(self) -> list[str]:
        return list(self._wanted)


def _rebuild(error: dict[str, Any]) -> BaseException:
    """The worker's exception, as the GUI's code expects it (HubError keeps its code)."""
    reason, args = error.get("reason") or "", error.get("args") or {}
    if error.get("code"):
        return HubError(error["code"], error["message"], reason, args)
    if error.get("type") in ("ChannelClosed", "ConnectionError", "ConnectionRefusedError", "OSError"):
        rebuilt: BaseException = ConnectionError(error["message"])
    elif error.get("type") == "TimeoutError":
        rebuilt = TimeoutError(error["message"])
    else:
        rebuilt = RuntimeError(f"{error.get('type')}: {error.get('message')}")
    return explained(rebuilt, reason, **args) if reason else rebuilt
