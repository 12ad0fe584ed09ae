"""One thread that owns the directory's SQLite connection (docs/architecture.md §5).

Callers hand it a function of the directory and get a ``concurrent.futures.Future``; the
GUI turns completions into Qt signals, asyncio code wraps them with ``asyncio.wrap_future``.
Nothing ever waits on SQLite on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from console.directory.store import SiteDirectory

T = TypeVar("T")


class DirectoryWorker:
    """Runs every call on a single thread, in submission order."""

    def __init__(self, path: str | Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="directory")
        self._directory: SiteDirectory | None = None
        # Opening may import the national structure on first use: do it on the worker too.
        self.opened: Future[None] = self._pool.submit(self._open, path)

    def _open(self, path: str | Path) -> None:  # a file, sqlite:PATH or postgresql://…
        self._directory = SiteDirectory.open(path)

    def submit(self, call: Callable[[SiteDirectory], T]) -> Future[T]:
        """Run ``call(directory)`` on the worker thread."""
        return self._pool.submit(self._run, call)

    def _run(self, call: Callable[[SiteDirectory], T]) -> T:
        self.opened.result()  # re-raises an error from opening, e.g. a corrupt file
        assert self._directory is not None
        return call(self._directory)

    def close(self) -> None:
        """Finish queued calls, then close the connection on its own thread."""

        def close_directory() -> None:
            if self._directory is not None:
                self._directory.close()

        self._pool.submit(close_directory)
        self._pool.shutdown(wait=True)
