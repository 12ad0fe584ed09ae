"""Closing an aiortc peer connection safely from code that may be cancelled.

``RTCPeerConnection.close()`` marks the connection closing, then awaits each transceiver and
transport in turn; every later ``close()`` waits for that first one to finish. If the task
running the first one is cancelled half way (a hangup, a move to another shard, shutdown),
it never finishes, and every later ``close()`` waits forever. ``close_quietly`` shields the
close from its caller's cancellation, so it always completes.
"""

from __future__ import annotations

import asyncio
import logging

from aiortc.exceptions import InvalidStateError

from console.rtc.aiortc_internals import is_transport_start

log = logging.getLogger(__name__)


async def close_quietly(pc) -> None:
    """Close ``pc`` (None is fine); a cancellation of the caller does not cut it short."""
    if pc is None:
        return
    task = asyncio.ensure_future(pc.close())
    task.add_done_callback(_log_failure)
    await asyncio.shield(task)


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.info("closing a peer connection failed: %r", task.exception())


def is_connect_after_close(context: dict) -> bool:
    """The one loop error that closing can leave behind and nobody can catch: aiortc starts its
    transports in a task of its own (``RTCPeerConnection.__connect``, never awaited by anyone);
    a connection closed while that task is between two transports makes it fail with
    ``InvalidStateError('RTCIceTransport is closed')``, reported as "Task exception was never
    retrieved" (aiortc issue #429). The connection is closed as asked; nothing is lost."""
    future = context.get("future")
    coro = future.get_coro() if isinstance(future, asyncio.Task) else None
    return isinstance(context.get("exception"), InvalidStateError) and is_transport_start(coro)


def quiet_connect_after_close(loop: asyncio.AbstractEventLoop) -> None:
    """Log :func:`is_connect_after_close` at debug level on ``loop``; anything else as before."""
    previous = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        if is_connect_after_close(context):
            log.debug("a peer connection closed while aiortc was starting its transports")
        elif previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
