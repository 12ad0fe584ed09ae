"""console/rtc/closing.py: what closing a peer connection may leave behind."""

import asyncio

from aiortc import RTCPeerConnection
from aiortc.exceptions import InvalidStateError

from console.rtc.closing import is_connect_after_close, quiet_connect_after_close


def test_aiortc_starting_transports_after_a_close_is_quiet_and_other_loop_errors_are_not():
    """aiortc's own connect task, failing because the connection was closed under it, is
    recognised and logged at debug level; any other unretrieved error still reaches the handler
    the loop had, and so does an InvalidStateError from any other task."""
    seen: list[dict] = []

    async def scenario():
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda loop, context: seen.append(context))
        quiet_connect_after_close(loop)
        pc = RTCPeerConnection()
        connect = loop.create_task(pc._RTCPeerConnection__connect())  # what aiortc schedules and forgets
        elsewhere = loop.create_task(asyncio.sleep(0))
        await asyncio.wait([connect, elsewhere])
        closed = InvalidStateError("RTCIceTransport is closed")
        loop.call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": closed, "future": connect}
        )
        loop.call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": closed, "future": elsewhere}
        )
        loop.call_exception_handler(
            {
                "message": "Task exception was never retrieved",
                "exception": ValueError("someone else's bug"),
                "future": connect,
            }
        )
        await pc.close()
        assert is_connect_after_close({"exception": closed, "future": connect})

    asyncio.run(scenario())
    assert [(type(c["exception"]).__name__, c["future"].get_coro().__qualname__) for c in seen] == [
        ("InvalidStateError", "sleep"),
        ("ValueError", "RTCPeerConnection.__connect"),
    ]
