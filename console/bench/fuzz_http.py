"""Bad HTTP requests, WebSocket handshakes and frames, each written raw on its own connection.

Used by tests/hub/test_bad_requests.py and by ``opsconsole bench fuzz`` (whose hub's log must
hold no traceback after them). Only 127.0.0.1 is ever a target.
"""

from __future__ import annotations

import asyncio
import socket
import struct

UPGRADE = (
    b"GET /ws/console HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)

# Requests aiohttp's parser refuses with 400: each must be one line with the peer's address.
REFUSED_BY_THE_PARSER = {
    "request line over the limit": b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "header over the limit": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
    "header name over the limit": b"GET / HTTP/1.1\r\nHost: x\r\n" + b"N" * 9000 + b": v\r\n\r\n",
    "negative content length": b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    "not HTTP at all": b"GARBAGE\r\n\r\n",
    "a TLS hello on the plain port": bytes.fromhex("16030100a5010000a10303") + b"\0" * 64,
    "header without a colon": b"GET / HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n",
    "bad HTTP version": b"GET / HTTP/9.Z\r\nHost: x\r\n\r\n",
    "bad chunk size": b"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
}

# Everything else a stranger can think of: a clean answer or close, and no traceback anywhere.
OTHER_BAD_REQUESTS = {
    "NUL in a header": b"GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n",
    "space before the colon": b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
    "obsolete line folding": b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
    "bare LF": b"GET / HTTP/1.1\nHost: x\n\n",
    "both lengths": b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "two content lengths": b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    "content length bigger than what comes": b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\n\r\nab",
    "huge content length": b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    "many headers": b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(300)) + b"\r\n",
    "non-ASCII path": "GET /ư%00/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    "path traversal to the site page": b"GET /site/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "encoded traversal": b"GET /site/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "absolute-form URL": b"GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "CONNECT": b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown method": b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "healthz with a huge query": b"GET /healthz?" + b"q=1&" * 1900 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "no Host in HTTP/1.1": b"GET /healthz HTTP/1.1\r\n\r\n",
    "HTTP/1.0 keep-alive then garbage": b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n\x00\x01\x02",
    "pipelined garbage after a good request": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /\x7f HTTP/1.1\r\n\r\n",
    "half a request line": b"GET /heal",
    "an empty connection": b"",
    "upgrade without a key": UPGRADE.replace(b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", b""),
    "upgrade with a short key": UPGRADE.replace(b"dGhlIHNhbXBsZSBub25jZQ==", b"c2hvcnQ="),
    "upgrade with version 12": UPGRADE.replace(b"Version: 13", b"Version: 12"),
    "upgrade by POST": UPGRADE.replace(b"GET", b"POST"),
    "upgrade to an unknown path": UPGRADE.replace(b"/ws/console", b"/ws/nobody"),
    "upgrade to h2c": b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
    "upgrade, then nothing": UPGRADE,
    "upgrade, then an unmasked frame": UPGRADE + b"\x81\x05hello",
    "upgrade, then reserved bits": UPGRADE + b"\xf1\x80\0\0\0\0",
    "upgrade, then an unknown opcode": UPGRADE + b"\x83\x80\0\0\0\0",
    "upgrade, then a fragmented ping": UPGRADE + b"\x09\x80\0\0\0\0",
    "upgrade, then a ping over 125 bytes": UPGRADE + b"\x89\xfe\x00\xc8\0\0\0\0" + b"p" * 200,
    "upgrade, then a continuation first": UPGRADE + b"\x80\x80\0\0\0\0",
    "upgrade, then a bad close code": UPGRADE + b"\x88\x82\0\0\0\0" + struct.pack("!H", 999),
    "upgrade, then a close reason not UTF-8": UPGRADE + b"\x88\x84\0\0\0\0" + struct.pack("!H", 1000) + b"\xff\xfe",
    "upgrade, then a one-byte close": UPGRADE + b"\x88\x81\0\0\0\0\x03",
    "upgrade, then text not UTF-8": UPGRADE + b"\x81\x82\0\0\0\0\xff\xfe",
    "upgrade, then a 2^63 length": UPGRADE + b"\x81\xff" + struct.pack("!Q", 2**63 - 1) + b"\0\0\0\0",
    "upgrade, then a compressed frame": UPGRADE + b"\xc1\x80\0\0\0\0",
    "upgrade, then half a frame": UPGRADE + b"\x81\xfe\x10",
}


def send_raw(port: int, raw: bytes, reset: bool) -> bytes:
    """Write ``raw`` on a connection of its own; read what comes back (or reset at once)."""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        if reset:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        try:
            s.sendall(raw)
            if reset:
                return b""
            reply = b""
            while chunk := s.recv(65536):  # until the hub closes (3 s at most: what waits for more ends)
                reply += chunk
            return reply
        except OSError:
            return reply if "reply" in locals() else b""


async def send_all(port: int, cases: dict[str, bytes], reset: bool = False, at_once: int = 1) -> dict[str, bytes]:
    """Each case on its own connection to 127.0.0.1:``port``, ``at_once`` at a time (one after
    another by default): what came back. A case the hub waits on for more costs 3 s, so a test
    sends several at once."""
    gate = asyncio.Semaphore(at_once)

    async def one(raw: bytes) -> bytes:
        async with gate:
            return await asyncio.to_thread(send_raw, port, raw, reset)

    replies = await asyncio.gather(*(one(raw) for raw in cases.values()))
    return dict(zip(cases, replies, strict=True))


def every_bad_request() -> dict[str, bytes]:
    return {**REFUSED_BY_THE_PARSER, **OTHER_BAD_REQUESTS}
