"""The GUI thread's asyncio loop is Qt's own event loop (qasync), so the window's async work is
plain coroutines: ``@asyncSlot`` handlers that ``await`` a hub's acknowledgement or a
connection test, with no callbacks hopping threads through signals.

Only short waits belong here: awaiting a reply costs the GUI nothing, but a coroutine that
computes holds the thread like any slot. Media (WebRTC, decoding) stays in its worker process
(console/media/client.py): a decoder on this loop, or on a thread of this interpreter, would
stall paints and keys (docs/architecture.md §1, measured).

The loop is made "already running" (qasync's mode for a QApplication whose ``exec`` is run by
someone else): Qt's ``exec``, a dialog's ``exec`` and pytest-qt's waits all drive it alike.
Whoever needs it holds it (``acquire_gui_loop``) and lets it go (``release_gui_loop``); while
nobody holds it, it is off the thread, so a process may build and shut down many consoles and
still use plain asyncio between them.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

_held: dict[str, Any] = {"loop": None, "count": 0, "executor": None}
EXECUTOR_THREADS = 2  # only name lookups run there


def acquire_gui_loop(app: QApplication | None = None) -> qasync.QEventLoop:
    """The GUI thread's running asyncio loop (made on first use); call ``release_gui_loop`` once
    for every call."""
    loop = _held["loop"]
    if loop is None:
        loop = qasync.QEventLoop(app or QApplication.instance(), already_running=True)
        _held["loop"] = loop
    if _held["count"] == 0:
        asyncio.set_event_loop(loop)
        asyncio.events._set_running_loop(loop)  # noqa: SLF001 (as qasync does for an "already running" loop)
        # Name lookups (a connection test's getaddrinfo) run on the loop's executor: its QThreads
        # are ours to stop at release, or the process ends with "QThread: Destroyed while thread
        # is still running" and aborts (a first-run dialog cancelled after a test).
        _held["executor"] = qasync.QThreadExecutor(EXECUTOR_THREADS)
        loop.set_default_executor(_held["executor"])
    _held["count"] += 1
    return loop


def release_gui_loop() -> None:
    """Let go of the loop; the last holder cancels what still runs on it and takes it off the
    thread, so that plain asyncio (``asyncio.run``) works here again.

    The loop itself is kept for the next holder, never closed: like the QApplication it lives as
    long as the process (closing a qasync loop and making another one under the same
    QApplication crashed Qt after network use, seen in tests/views/test_settings_dialog.py), and
    not ``loop.stop()``: it calls QApplication.exit(), which outside ``exec()`` leaves Qt's
    "quit now" set, and every later nested event loop (a dialog, a test's wait) would return
    at once."""
    loop = _held["loop"]
    if loop is None or _held["count"] == 0:
        return
    _held["count"] -= 1
    if _held["count"] > 0:
        return
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:  # e.g. a mute still waiting for its acknowledgement as the window closes
        task.cancel()
    app = QApplication.instance()
    for _ in range(5):
        if all(task.done() for task in pending) or app is None:
            break
        app.processEvents()  # the cancellations run on Qt's timers
    asyncio.events._set_running_loop(None)  # noqa: SLF001 (asyncio has no public reset)
    asyncio.set_event_loop(None)
    executor, _held["executor"] = _held["executor"], None
    loop.set_default_executor(None)
    if executor is not None:
        executor.shutdown(wait=True)  # a lookup still running is short: DNS has its own timeout


async def wait(future: Future) -> Any:
    """Await a worker's ``concurrent.futures.Future`` (the media client, the directory worker) on
    the GUI loop: its result or its exception, on the GUI thread."""
    return await asyncio.wrap_future(future)
