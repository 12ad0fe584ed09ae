"""The GUI thread's asyncio loop is Qt's own event loop (qasync), so the window's async work is
plain coroutines: ``@asyncSlot`` handlers that ``await`` a hub's acknowledgement or a
connection test, with no callbacks hopping threads through signals.

Only short waits belong here: awaiting a reply costs the GUI nothing, but a coroutine that
computes holds the thread like any slot. Media (WebRTC, decoding) stays in its worker process
(console/media/client.py): a decoder on this loop, or on a thread of this interpreter, would
stall paints and keys (GUIDE.md §5, measured).

The loop is made "already running" (qasync's mode for a QApplication whose ``exec`` is run by
someone else): Qt's ``exec``, a dialog's ``exec`` and pytest-qt's waits all drive it alike.
Whoever needs it holds it (``acquire_gui_loop``) and lets it go (``release_gui_loop``); the
last to let go closes it, so a process may build and shut down many consoles.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
_held: dict[str, Any] = {"loop": None, "count": 0}


def acquire_gui_loop(app: QApplication | None = None) -> qasync.QEventLoop:
    """The GUI thread's running asyncio loop (made on first use); call ``release_gui_loop`` once
    for every call."""
    loop = _held["loop"]
    if loop is None or loop.is_closed():
        app = app or QApplication.instance()
        loop = qasync.QEventLoop(app, already_running=True)
        asyncio.set_event_loop(loop)
        _held["loop"], _held["count"] = loop, 0
    _held["count"] += 1
    return loop


def release_gui_loop() -> None:
    """Let go of the loop; the last holder cancels what still runs on it and closes it."""
    loop = _held["loop"]
    if loop is None:
        return
    _held["count"] -= 1
    if _held["count"] > 0:
        return
    _held["loop"] = None
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:   # e.g. a mute still waiting for its acknowledgement as the window closes
        task.cancel()
    app = QApplication.instance()
    for _ in range(5):
        if all(task.done() for task in pending) or app is None:
            break
        app.processEvents()   # the cancellations run on Qt's timers
    # Not loop.stop(): it calls QApplication.exit(), which outside exec() leaves Qt's "quit now"
    # set, and every later nested event loop (a dialog, a test's wait) would return at once.
    try:
        loop._after_run_forever()              # noqa: SLF001 (what qasync does at aboutToQuit)
        loop._QEventLoop__is_running = False   # noqa: SLF001 (qasync: "the user is responsible for cleanup")
        loop.close()
    except (AttributeError, RuntimeError) as exc:
        log.warning("GUI loop not closed: %s", exc)
    asyncio.events._set_running_loop(None)   # noqa: SLF001 (qasync set it; asyncio has no public reset)
    asyncio.set_event_loop(None)


async def wait(future: Future) -> Any:
    """Await a worker's ``concurrent.futures.Future`` (the media client, the directory worker) on
    the GUI loop: its result or its exception, on the GUI thread."""
    return await asyncio.wrap_future(future)
