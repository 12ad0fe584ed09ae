"""The floor under the hub's CPU: a bare aiohttp WebSocket server that only receives the
heartbeats of as many connections as the hub holds, at the same rate.

`bench presence` measures it in the same run as the hub (the same machine, the same minute, the
same core when pinned): what the hub spends beyond this floor is the hub's own work, and the
ratio between the two says more than either figure on a shared machine whose speed changes
from hour to hour.

``python -m console.bench.ws_floor server`` prints its port, then ``connected N`` when N
connections are open; ``python -m console.bench.ws_floor client PORT COUNT BEAT_S`` opens
COUNT connections and beats on each every BEAT_S seconds, their phases spread over the beat.
Both end with their parent.
"""

from __future__ import annotations

import argparse
import asyncio
import socket

import aiohttp
from aiohttp import WSMsgType, web

from console.processes import end_with_parent

HEARTBEAT = '{"type":"heartbeat"}'  # what a site sends, as its clients write it
OPENING_AT_ONCE = 200  # connections being opened at one time by one client


async def serve(expected: int) -> None:
    connected = 0

    async def receive(request: web.Request) -> web.WebSocketResponse:
        nonlocal connected
        ws = web.WebSocketResponse(autoping=False, compress=False)
        await ws.prepare(request)
        connected += 1
        if connected == expected:
            print(f"connected {connected}", flush=True)
        async for message in ws:
            if message.type == WSMsgType.TEXT and message.data == HEARTBEAT:
                continue  # the hub's own fast path for a heartbeat does no more than this
        connected -= 1
        return ws

    app = web.Application()
    app.router.add_get("/ws", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    await web.SockSite(runner, listening, backlog=4096).start()
    print(listening.getsockname()[1], flush=True)
    await asyncio.Event().wait()


async def beat(port: int, count: int, beat_s: float) -> None:
    opening = asyncio.Semaphore(OPENING_AT_ONCE)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(index: int) -> None:
            async with opening:
                ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws", autoping=False)
            await asyncio.sleep(index / count * beat_s)
            while True:
                await ws.send_str(HEARTBEAT)
                await asyncio.sleep(beat_s)

        await asyncio.gather(*(one(i) for i in range(count)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m console.bench.ws_floor")
    verbs = parser.add_subparsers(dest="verb", required=True)
    server = verbs.add_parser("server")
    server.add_argument("expected", type=int)
    client = verbs.add_parser("client")
    client.add_argument("port", type=int)
    client.add_argument("count", type=int)
    client.add_argument("beat_s", type=float)
    args = parser.parse_args(argv)
    end_with_parent()
    if args.verb == "server":
        asyncio.run(serve(args.expected))
    else:
        asyncio.run(beat(args.port, args.count, args.beat_s))


if __name__ == "__main__":
    main()
