"""A TCP proxy on 127.0.0.1 for the tests: what a link between two processes is, made so that a
test can cut it. ``cut()`` makes it a black hole (nothing more is forwarded either way, every
connection stays open, new ones hang): a lost link, not a closed one, so the program on one side
hears nothing at all and must decide for itself. ``close()`` ends every connection."""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1", listen_host: str = "127.0.0.1") -> None:
        """``listen_host``: where it listens (the host's end of a test namespace's link, for a
        program inside the namespace to reach one on 127.0.0.1)."""
        self.target = (target_host, target_port)
        self.listen_host = listen_host
        self.port = 0
        self.cut_off = False
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._accept, self.listen_host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        if self.cut_off:
            return  # held open, never answered
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.get_running_loop().create_task(self._pipe(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await source.read(65536):
                if self.cut_off:
                    continue  # swallowed: the other side never hears of it
                sink.write(data)
                await sink.drain()
        if not self.cut_off:
            sink.close()

    def cut(self) -> None:
        self.cut_off = True

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
