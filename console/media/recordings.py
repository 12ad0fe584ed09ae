"""The media core records what it receives.

The console's sessions live in the media core (a worker process by default), so a recording
runs there too: ``MediaService.start_recording`` / ``stop_recording`` / ``bookmark_recording``
(called over the worker's socket like any other call) and a ``recording_ended`` event, with
plain values only. What a recording is made of: ``console/recording/`` (taps, the WebM writer,
``SiteRecorder``).

Starting: wait (a little) for the site's picture, check the file can be written, tell the site
(``set_recording``: it shows "Đang ghi hình"; the hub audits it; a role that may not moderate
is refused here, before anything is written), then tap the session. Ending, whatever the cause
(stop, the site gone, the disk): the site is told, and ``recording_ended`` says how it went.

A site that could not be told (the hub away, the site off it) is told when it can be: what each
site last acknowledged is kept, and ``settle_all`` (the console joined the hub again) and
``site_online`` (a site joined it) tell the sites whose banner says otherwise than the truth.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.recording import RecordingError, SiteRecorder, WriterResult, check_writable
from console.recording.writer import result_to_dict
from console.signaling import HubClient, HubError

if TYPE_CHECKING:
    from console.media.manager import MediaManager

log = logging.getLogger(__name__)
START_WAIT_S = 15.0  # a site put on the wall to be recorded has this long to send a picture


class MediaRecordings:
    """The running recordings of one media core, by site key."""

    def __init__(self, emit: Callable[[str, dict[str, Any]], None], hub: Callable[[], HubClient]) -> None:
        """``hub()``: the hub connection in use when asked. A recording outlives the connection
        it started on (the console joins a lost hub again), and its end must reach the site
        through the connection there is then, not a closed one."""
        self.emit = emit
        self.running: dict[str, SiteRecorder] = {}
        self._hub = hub
        self._told: dict[str, bool] = {}  # what each site last acknowledged it shows
        self._telling: set[str] = set()  # sites a set_recording is on its way to
        self._settling: set[asyncio.Task[None]] = set()

    async def start(self, manager: MediaManager, key: str, path: Path, metadata: dict[str, str]) -> dict[str, Any]:
        """Record ``key`` into ``path``; ``{"site", "path", "warning"}``, or RecordingError."""
        if key in self.running:
            raise RecordingError(f"{key} is already being recorded")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_WAIT_S
        while True:
            session = manager.sessions.get(key)
            if session is not None and session.state == "live":
                break
            if loop.time() > deadline:
                raise RecordingError("it sends no picture; nothing recorded")
            await asyncio.sleep(0.1)
        check_writable(path)  # before the site is told it is recorded
        path.unlink()
        warning = await self._tell(key, True)
        recorder = SiteRecorder(session, path, metadata=metadata, on_end=self._ended)
        self.running[key] = recorder
        try:
            await recorder.start(ask_keyframe=lambda: manager.request_keyframe(key))
        except RecordingError:
            self.running.pop(key, None)
            await self._settle(key)
            raise
        return {"site": key, "path": str(path), "warning": warning}

    async def stop(self, key: str, reason: str = "") -> dict[str, Any]:
        """End ``key``'s recording; how it went (``recording_ended`` says the same)."""
        recorder = self.running.get(key)
        if recorder is None:
            raise RecordingError(f"{key} is not being recorded")
        return result_to_dict(await recorder.stop(reason))

    async def bookmark(self, key: str, note: str, ago_s: float = 0.0) -> dict[str, Any]:
        """A note ``ago_s`` seconds before now (the moment the operator clicked)."""
        recorder = self.running.get(key)
        if recorder is None:
            raise RecordingError(f"{key} is not being recorded")
        mark = recorder.bookmark(note, ago_s)
        return {"site": key, "at_s": mark.at_s, "note": mark.note}

    async def stop_all(self, reason: str) -> None:
        for key in list(self.running):
            try:
                await self.stop(key, reason)
            except Exception:
                log.exception("could not end the recording of %s", key)

    def _ended(self, recorder: SiteRecorder, result: WriterResult) -> None:
        key = recorder.site
        if self.running.get(key) is recorder:
            del self.running[key]
        self._settle_later(key)
        self.emit("recording_ended", {"site": key, **result_to_dict(result)})

    async def settled(self, timeout: float) -> None:
        """Wait (a little) for the tells on their way: a console that closes says a recording
        ended before it leaves, or the site's banner would say "recording" until it is told."""
        if self._settling:
            await asyncio.wait(set(self._settling), timeout=timeout)

    def settle_all(self, online: Collection[str]) -> None:
        """The console joined the hub again: tell each site ``online`` whose banner is not the
        truth (a recording that ended while the hub was away, one whose start could not be
        told). The others are told when they join (``site_online``)."""
        for key in (set(self._told) | set(self.running)) & set(online):
            self.site_online(key)

    def site_online(self, key: str) -> None:
        """``key`` joined the hub: a site that could not be told before is told now."""
        if self._told.get(key, False) != (key in self.running):
            self._settle_later(key)

    def _settle_later(self, key: str) -> None:
        task = asyncio.get_running_loop().create_task(self._settle(key))
        self._settling.add(task)
        task.add_done_callback(self._settling.discard)

    async def _settle(self, key: str) -> None:
        """Tell ``key`` the truth until it acknowledges it, or a tell fails (it is tried again
        when the console or the site joins the hub). A tell on its way already settles it: it
        looks at the truth again when answered."""
        if key in self._telling:
            return
        while self._told.get(key, False) != (recording := key in self.running):
            try:
                if await self._tell(key, recording):
                    return
            except RecordingError:  # this role may not show it: nothing is recorded anyway
                return

    async def _tell(self, key: str, recording: bool) -> str:
        """``set_recording``; refused by the hub for this role: no recording. A site that
        cannot show it, or is gone, only warns."""
        self._telling.add(key)
        try:
            reply = await self._hub().request(
                {"type": "control", "site": key, "action": "set_recording", "params": {"recording": recording}}
            )
        except HubError as error:
            if recording and error.code == "forbidden":
                raise RecordingError(f"not allowed: {error.message}") from None
            return f"the site was not told ({error.code}: {error.message})"
        except Exception as exc:  # the hub connection went away meanwhile
            return f"the site was not told ({exc})"
        finally:
            self._telling.discard(key)
        if not reply.get("ok"):
            return f"the site could not show it is recorded: {reply.get('error')}"
        self._told[key] = recording
        return ""
