"""A relay whose port answers but never relays: the fault a half-broken TURN server, or a box
in front of it, makes. On UDP and TCP at ADDRESS:PORT it answers STUN Binding (so NAT-mapped
candidates still work), takes the TURN REST credentials the hub issues (the same shared
secret), grants every Allocate, Refresh, CreatePermission and ChannelBind with properly signed
answers, and then drops every byte it is asked to relay. ICE therefore holds relayed candidates
that never carry a check.

Run: ``python -m tests.nat.decoy_relay ADDRESS PORT SECRET`` (inside the test's server namespace).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import struct
import sys

from aioice import stun
from aioice.turn import make_integrity_key

REALM = "decoy"
NONCE = "decoy-nonce"


def password_for(secret: str, username: str) -> str:
    """The TURN REST API's password: base64(HMAC-SHA1(secret, username))."""
    return base64.b64encode(hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()).decode()


class Decoy:
    def __init__(self, address: str, secret: str) -> None:
        self.address, self.secret = address, secret
        self.next_port = 49152
        self.dropped = 0

    def answer(self, data: bytes, peer: tuple[str, int]) -> bytes | None:
        try:
            message = stun.parse_message(data)
        except ValueError:  # ChannelData, or anything else to relay: dropped
            self.dropped += 1
            return None
        if message.message_class != stun.Class.REQUEST:  # Send indications: never relayed
            self.dropped += 1
            return None
        if message.message_method == stun.Method.BINDING:
            reply = stun.Message(stun.Method.BINDING, stun.Class.RESPONSE, transaction_id=message.transaction_id)
            reply.attributes["XOR-MAPPED-ADDRESS"] = peer
            return bytes(reply)
        username = message.attributes.get("USERNAME")
        if not isinstance(username, str) or "MESSAGE-INTEGRITY" not in message.attributes:
            reply = stun.Message(message.message_method, stun.Class.ERROR, transaction_id=message.transaction_id)
            reply.attributes["ERROR-CODE"] = (401, "Unauthorized")
            reply.attributes["REALM"] = REALM
            reply.attributes["NONCE"] = NONCE.encode()
            return bytes(reply)
        reply = stun.Message(message.message_method, stun.Class.RESPONSE, transaction_id=message.transaction_id)
        if message.message_method == stun.Method.ALLOCATE:
            self.next_port += 1
            reply.attributes["XOR-RELAYED-ADDRESS"] = (self.address, self.next_port)
            reply.attributes["XOR-MAPPED-ADDRESS"] = peer
            reply.attributes["LIFETIME"] = 600
        elif message.message_method == stun.Method.REFRESH:
            reply.attributes["LIFETIME"] = message.attributes.get("LIFETIME", 600)
        reply.add_message_integrity(make_integrity_key(username, REALM, password_for(self.secret, username)))
        return bytes(reply)


class UdpSide(asyncio.DatagramProtocol):
    def __init__(self, decoy: Decoy) -> None:
        self.decoy = decoy
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        reply = self.decoy.answer(data, addr[:2])
        if reply is not None and self.transport is not None:
            self.transport.sendto(reply, addr)


async def tcp_side(decoy: Decoy, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """TURN over TCP: STUN messages and ChannelData, each framed by its own length."""
    peer = writer.get_extra_info("peername")[:2]
    try:
        while True:
            head = await reader.readexactly(4)
            if head[0] & 0xC0 == 0x40:  # ChannelData: 4-byte header, padded to 4 over TCP
                (length,) = struct.unpack("!H", head[2:4])
                await reader.readexactly(length + (-length % 4))
                decoy.dropped += 1
                continue
            (length,) = struct.unpack("!H", head[2:4])
            data = head + await reader.readexactly(16 + length)
            reply = decoy.answer(data, peer)
            if reply is not None:
                writer.write(reply)
                await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(address: str, port: int, secret: str) -> None:
    decoy = Decoy(address, secret)
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(lambda: UdpSide(decoy), local_addr=(address, port))
    server = await asyncio.start_server(lambda r, w: tcp_side(decoy, r, w), address, port)
    print(f"decoy relay on {address}:{port} (udp, tcp): answers, never relays", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    from console.processes import end_with_parent

    end_with_parent()  # a test that dies leaves no decoy behind
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
