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
