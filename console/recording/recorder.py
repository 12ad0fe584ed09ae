"""Recording one site's live session: taps its receivers, writes the file, ends by itself
when the site leaves, the disk fails, or the time is up.

Runs on the media loop (``start``/``stop`` are coroutines there); the file is written on the
writer's own thread. The recording does not own the session: the wall keeps showing it, and
stopping the recording leaves it as it was.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from console.recording.tap import SessionTap, TapError, tap_session
from console.recording.writer import Bookmark, RecordingError, RecordingWriter, WriterResult, check_writable

log = logging.getLogger(__name__)
WATCH_S = 0.1

SITE_LEFT = "the site's media ended during the recording (it left, or its link failed); the file is closed and playable"


class SiteRecorder:
    """Records ``session`` (a live ``SiteSession``) into ``path`` (WebM)."""

    def __init__(
        self,
        session: Any,
        path: Path,
        metadata: dict[str, str] | None = None,
        max_seconds: float | None = None,
        on_end: Callable[[SiteRecorder, WriterResult], None] | None = None,
    ) -> None:
        self.session = session
        self.site = session.site
        self.path = Path(path)
        self.metadata = metadata or {}
        self.max_seconds = max_seconds
        self.on_end = on_end
        self.writer: RecordingWriter | None = None
        self.ended = asyncio.Event()
        self.result: WriterResult | None = None
        self.end_reason = ""
        self._tap: SessionTap | None = None
        self._watch: asyncio.Task | None = None
        self._started = time.monotonic()

    async def start(self, ask_keyframe: Callable[[], Awaitable[Any]] | None = None) -> SiteRecorder:
        """Begin; raises RecordingError (nothing recorded, no file left) if it cannot."""
        if self.session.state not in ("connecting", "live"):
            raise RecordingError(f"{self.site} is not being received ({self.session.state}); show it first")
        check_writable(self.path)
        self.writer = RecordingWriter(self.path, self.metadata).start()
        try:
            self._tap = tap_session(self.session.pc, self.writer.put)
        except TapError as exc:
            self.writer.stop()
            self.path.unlink(missing_ok=True)
            raise RecordingError(str(exc)) from None
        self._started = time.monotonic()
        self._watch = asyncio.get_running_loop().create_task(self._watch_session())
        if ask_keyframe is not None:  # the file starts at a keyframe: ask for one now
            try:
                await ask_keyframe()
            except Exception as exc:  # the next periodic keyframe will do; say why it was slower
                log.info("%s: could not ask for a keyframe: %s", self.site, exc)
        return self

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self._started

    def bookmark(self, note: str, ago_s: float = 0.0) -> Bookmark:
        """A note at this moment, or ``ago_s`` seconds before it (any thread)."""
        if self.writer is None or self.ended.is_set():
            raise RecordingError("this recording has ended")
        return self.writer.bookmark(note, ago_s)

    async def stop(self, reason: str = "") -> WriterResult:
        """End the recording (once; later calls return the same result)."""
        if self.result is not None:
            return self.result
        if self.ended.is_set():
            return await self._finished()
        self.ended.set()
        self.end_reason = reason
        if self._tap is not None:
            self._tap.remove()
        if self._watch is not None and self._watch is not asyncio.current_task():
            self._watch.cancel()
        result = await asyncio.get_running_loop().run_in_executor(None, self._started_writer().stop)
        if reason and not result.error:
            result.error = reason
        self.result = result
        if self.on_end is not None:
            try:
                self.on_end(self, result)
            except Exception:
                log.exception("a recording's end handler failed")
        return result

    async def _finished(self) -> WriterResult:
        while self.result is None:
            await asyncio.sleep(0.02)
        return self.result

    def _started_writer(self) -> RecordingWriter:
        """The file's writer, which ``start`` made."""
        if self.writer is None:
            raise RecordingError(f"the recording of {self.site} was never started")
        return self.writer

    async def _watch_session(self) -> None:
        while True:
            await asyncio.sleep(WATCH_S)
            if self.session.state in ("closed", "failed"):
                await self.stop(SITE_LEFT)
                return
            if self._started_writer().failed.is_set():
                await self.stop()
                return
            if self.max_seconds is not None and self.elapsed_s >= self.max_seconds:
                await self.stop()
                return
