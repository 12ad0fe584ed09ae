"""A data source read again and again: an HTTP endpoint polled, or a file watched.

``DataFeed.run()`` is a coroutine: the caller picks the loop (the console gives it a thread
of its own, so parsing a large payload never holds the media loop or the GUI). Each change
of what the room should see (new data, the source failing, a malformed payload, data grown
old) is handed to ``on_update(state, data_changed)``; the last good data is always kept.

Bad sources are expected: a URL that redirects (followed up to ``MAX_REDIRECTS`` times, and
shown), one that does not answer within ``timeout_s``, one that sends more than
``max_bytes`` (refused from its Content-Length, or cut off while reading), one that sends
something that is not the schema (docs/data.md): each shows as *stale*, with the reason,
never as current.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import aiohttp

from console.data.schema import Dataset, PayloadError, parse_payload

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = (
    5 * 1024 * 1024
)  # the sample (34 provinces × 3 indicators × 90 points) is 0.34 MB; 5 MB holds ~1,400 points a series
MAX_REDIRECTS = 3
DEFAULT_INTERVAL_S = 5.0
DEFAULT_TIMEOUT_S = 5.0

WAITING, CURRENT, STALE = "waiting", "current", "stale"
UNREACHABLE, MALFORMED, OLD = "unreachable", "malformed", "old"


class SourceError(Exception):
    """The source gave nothing usable this time (the reason is for people)."""


@dataclass(frozen=True)
class Payload:
    body: bytes
    content_type: str = ""
    name: str = ""  # for the format guess: the URL path or the file name
    via: str = ""  # where a redirect led, "" when none


@dataclass(frozen=True)
class FeedState:
    """What the room is shown about a source. ``status``: waiting, current or stale."""

    source: str
    status: str = WAITING
    reason: str = ""  # why it is not current, for people (English; the log's words)
    problem: str = ""  # unreachable, malformed, old, or ""
    data: Dataset | None = None  # the last good data, kept through every failure
    fetched_at: float | None = None  # time.time() the last good data arrived
    checked_at: float | None = None  # time.time() the source was last asked
    via: str = ""  # the address a redirect led to
    detail: str = ""  # the technical part of the reason (the error; where the payload is wrong)
    age_s: float | None = None  # problem "old": the data's age, and the most it may have
    max_age_s: float | None = None

    @property
    def current(self) -> bool:
        return self.status == CURRENT


class HttpSource:
    """An HTTP(S) endpoint answering JSON or CSV."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._session: aiohttp.ClientSession | None = None

    def describe(self) -> str:
        return self.url

    async def read(self, timeout_s: float, max_bytes: int) -> Payload | None:
        if self._session is None:
            self._session = aiohttp.ClientSession(headers={"Accept": "application/json, text/csv;q=0.9"})
        try:
            async with self._session.get(
                self.url, timeout=aiohttp.ClientTimeout(total=timeout_s), max_redirects=MAX_REDIRECTS
            ) as response:
                via = str(response.url) if response.history else ""
                if response.status != 200:
                    raise SourceError(
                        f"HTTP {response.status} {response.reason or ''}".strip()
                        + (f" (after a redirect to {via})" if via else "")
                    )
                declared = response.content_length
                if declared is not None and declared > max_bytes:
                    raise SourceError(
                        f"the source sends {_size(declared)}, more than the {_size(max_bytes)} "
                        "allowed; nothing was read"
                    )
                body = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    body += chunk
                    if len(body) > max_bytes:
                        raise SourceError(f"the source sent more than {_size(max_bytes)}; stopped reading")
                return Payload(bytes(body), response.headers.get("Content-Type", ""), response.url.path, via)
        except aiohttp.TooManyRedirects:
            raise SourceError(f"more than {MAX_REDIRECTS} redirects") from None
        except TimeoutError:
            raise SourceError(f"no answer within {timeout_s:g} s") from None
        except aiohttp.ClientConnectorError as exc:
            raise SourceError(f"cannot connect: {exc.os_error.strerror if exc.os_error else exc}") from None
        except aiohttp.ClientError as exc:
            raise SourceError(f"{type(exc).__name__}: {exc}") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class FileSource:
    """A file on disk, read again whenever its size or modification time changes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._seen: tuple[int, int] | None = None

    def describe(self) -> str:
        return str(self.path)

    async def read(self, timeout_s: float, max_bytes: int) -> Payload | None:
        """The file's bytes, or None if it has not changed since the last read."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            self._seen = None
            raise SourceError("the file is not there (moved or deleted?)") from None
        except OSError as exc:
            raise SourceError(f"cannot read the file: {exc.strerror}") from None
        stamp = (info.st_mtime_ns, info.st_size)
        if stamp == self._seen:
            return None
        if info.st_size > max_bytes:
            raise SourceError(f"the file holds {_size(info.st_size)}, more than the {_size(max_bytes)} allowed")
        try:
            body = await asyncio.to_thread(self.path.read_bytes)
        except OSError as exc:
            raise SourceError(f"cannot read the file: {exc.strerror}") from None
        self._seen = stamp
        return Payload(body[: max_bytes + 1], "", self.path.name)

    async def close(self) -> None:
        pass


Source = HttpSource | FileSource


def source_for(url: str | None = None, path: str | Path | None = None) -> Source:
    """``--data-url`` or ``--data-file`` as a source."""
    if (url is None) == (path is None):
        raise ValueError("give a data URL or a data file, not both")
    if url is not None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"a data URL starts with http:// or https://, got {url!r}")
        return HttpSource(url)
    assert path is not None  # one of the two is given (checked above)
    return FileSource(path)


class DataFeed:
    """Reads ``source`` every ``interval_s`` and tells ``on_update`` what changed."""

    def __init__(
        self,
        source: Source,
        on_update: Callable[[FeedState, bool], None] | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_bytes: int = MAX_PAYLOAD_BYTES,
        max_age_s: float | None = None,
    ) -> None:
        self.source = source
        self.on_update = on_update or (lambda state, data_changed: None)
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s  # the data's own time older than this: stale (None: never)
        self.state = FeedState(source.describe())
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Poll until cancelled."""
        try:
            while True:
                await self.poll()
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.interval_s)
                except TimeoutError:
                    pass
        finally:
            await self.source.close()

    def poll_soon(self) -> None:
        """Ask now rather than at the next interval (call on the feed's loop)."""
        self._wake.set()

    async def poll(self) -> FeedState:
        """Ask the source once; returns (and reports) the new state."""
        now = time.time()
        before = self.state
        try:
            payload = await self.source.read(self.timeout_s, self.max_bytes)
            if payload is None:  # a file that has not changed: a malformed one stays so
                state = replace(before, checked_at=now)
                if before.problem in ("", OLD):
                    state = self._aged(
                        replace(state, status=CURRENT if before.data else WAITING, reason="", problem=""), now
                    )
            else:
                data = parse_payload(payload.body, payload.content_type, payload.name)
                state = self._aged(FeedState(before.source, CURRENT, "", "", data, now, now, payload.via), now)
        except SourceError as exc:
            state = replace(before, status=STALE, reason=str(exc), problem=UNREACHABLE, detail=str(exc), checked_at=now)
        except PayloadError as exc:
            state = replace(
                before,
                status=STALE,
                reason=f"malformed payload at {exc}",
                problem=MALFORMED,
                detail=str(exc),
                checked_at=now,
            )
        data_changed = state.data is not before.data
        self.state = state
        if data_changed or (state.status, state.reason, state.via) != (before.status, before.reason, before.via):
            if state.status == STALE and (state.reason != before.reason):
                log.info("data source %s: %s", state.source, state.reason)
            self.on_update(state, data_changed)
        return state

    def _aged(self, state: FeedState, now: float) -> FeedState:
        """Stale when the data's own time is older than ``max_age_s``."""
        if self.max_age_s is None or state.data is None:
            return state
        age = now - state.data.updated_at.timestamp()
        if age <= self.max_age_s:
            return state
        return replace(
            state,
            status=STALE,
            problem=OLD,
            detail="",
            age_s=age,
            max_age_s=self.max_age_s,
            reason=f"the source answers, but its data is {age / 60:.0f} min old "
            f"(more than {self.max_age_s / 60:g} min)",
        )


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count} bytes"
