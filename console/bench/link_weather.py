"""The weather of a link, held in the network path: delay, jitter and loss for packets the kernel
queues to us (netfilter's NFQUEUE), so a commune's media meets them between its machine and the
console, as on a real link, and not in the sender's own code.

On a kernel with ``sch_netem`` this is what ``tc qdisc … netem`` does. The kernels of many
build machines and micro-VMs (this project's included) ship without it; NFQUEUE is in every
distribution kernel, so the benches use it: the kernel queues each packet and this process gives
its verdict after the packet's delay (verdicts may come in any order, so jitter reorders packets
as netem's does), or drops it. The rate of the link stays the kernel's (``tbf``, see
``shaped_links``).

Run as ``python -m console.bench.link_weather QUEUE:DELAY_MS:JITTER_MS:LOSS_PCT …`` inside the
namespace whose iptables rules send packets to those queues; it ends with its parent.

The netlink messages are built here (nfnetlink_queue's wire format: nlmsghdr, nfgenmsg, then
attributes), since no Python binding is installed by default and the four messages we need are
small.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import struct
import sys
from dataclasses import dataclass

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1  # the packet's id and headers' metadata; its bytes stay in the kernel
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NF_DROP, NF_ACCEPT = 0, 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
QUEUE_MAXLEN = 8192  # packets held at once per queue (a 300 ms link at a few thousand packets/s)


@dataclass(frozen=True)
class Weather:
    """One queue's weather: each packet waits ``delay_ms ± jitter_ms`` (uniform), or is lost
    with ``loss_pct`` percent chance."""

    queue: int
    delay_ms: float = 0.0
    jitter_ms: float = 0.0
    loss_pct: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.queue <= 65535:
            raise ValueError("a netfilter queue number is 0 to 65535")
        if not 0 <= self.loss_pct <= 100:
            raise ValueError("loss must be between 0 and 100 %")
        if self.delay_ms < 0 or self.jitter_ms < 0 or self.jitter_ms > self.delay_ms:
            raise ValueError("delay and jitter cannot be negative, nor the jitter larger than the delay")

    @classmethod
    def parse(cls, text: str) -> Weather:
        """``QUEUE:DELAY_MS:JITTER_MS:LOSS_PCT`` (as the bench passes it)."""
        queue, delay, jitter, loss = text.split(":")
        return cls(int(queue), float(delay), float(jitter), float(loss))

    def argument(self) -> str:
        return f"{self.queue}:{self.delay_ms:g}:{self.jitter_ms:g}:{self.loss_pct:g}"


def _attribute(kind: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def _message(kind: int, queue: int, attributes: bytes, flags: int = NLM_F_REQUEST, seq: int = 0) -> bytes:
    body = struct.pack("!BBH", socket.AF_UNSPEC, 0, queue) + attributes  # nfgenmsg: res_id is the queue
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, seq, 0) + body


def bind_message(queue: int, seq: int) -> bytes:
    return _message(NFQNL_MSG_CONFIG, queue, _attribute(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0)), NLM_F_REQUEST | NLM_F_ACK, seq)  # fmt: skip


def params_message(queue: int, seq: int) -> bytes:
    attributes = _attribute(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META))
    attributes += _attribute(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", QUEUE_MAXLEN))
    return _message(NFQNL_MSG_CONFIG, queue, attributes, NLM_F_REQUEST | NLM_F_ACK, seq)


def verdict_message(queue: int, packet_id: int, verdict: int) -> bytes:
    return _message(NFQNL_MSG_VERDICT, queue, _attribute(NFQA_VERDICT_HDR, struct.pack("!II", verdict, packet_id)))


def packets(data: bytes) -> list[tuple[int, int]]:
    """The (queue, packet id) of every packet message in one netlink read; raises OSError for a
    netlink error the kernel sent (a refused bind)."""
    found = []
    offset = 0
    while offset + 16 <= len(data):
        length, kind, _flags, _seq, _pid = struct.unpack_from("=IHHII", data, offset)
        if length < 16:
            break
        if kind == NLMSG_ERROR:
            (error,) = struct.unpack_from("=i", data, offset + 16)
            if error:
                raise OSError(-error, f"netfilter queue: {os.strerror(-error)}")
        elif kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            (queue,) = struct.unpack_from("!H", data, offset + 18)
            at = offset + 20
            while at + 4 <= offset + length:
                size, attribute = struct.unpack_from("=HH", data, at)
                if size < 4:
                    break
                if attribute & 0x7FFF == NFQA_PACKET_HDR:
                    found.append((queue, struct.unpack_from("!I", data, at + 4)[0]))
                at += size + (-size % 4)
        offset += length + (-length % 4)
    return found


class LinkWeather:
    """One netlink socket bound to every queue of ``weathers``; each packet's verdict is given
    after its delay (or it is dropped)."""

    def __init__(self, weathers: list[Weather], seed: int | None = None) -> None:
        self.weathers = {w.queue: w for w in weathers}
        self.rng = random.Random(seed)
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind((0, 0))
        self.held = 0
        for seq, queue in enumerate(self.weathers, start=1):
            for message in (bind_message(queue, 2 * seq), params_message(queue, 2 * seq + 1)):
                self.sock.send(message)
                packets(self.sock.recv(65536))  # the kernel's acknowledgement (or its refusal)
        self.sock.setblocking(False)

    def _verdict(self, queue: int, packet_id: int, verdict: int) -> None:
        self.held -= verdict == NF_ACCEPT
        try:
            self.sock.send(verdict_message(queue, packet_id, verdict))
        except OSError:
            pass  # the packet's queue went (the namespace is closing)

    def _arrived(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                return
            except OSError as error:  # ENOBUFS: the kernel dropped messages we read too late
                print(f"link weather: {error}", file=sys.stderr)
                return
            for queue, packet_id in packets(data):
                weather = self.weathers.get(queue)
                if weather is None:
                    self._verdict(queue, packet_id, NF_ACCEPT)
                elif weather.loss_pct and self.rng.random() * 100 < weather.loss_pct:
                    self._verdict(queue, packet_id, NF_DROP)
                else:
                    wait = (weather.delay_ms + self.rng.uniform(-weather.jitter_ms, weather.jitter_ms)) / 1000
                    self.held += 1
                    loop.call_later(max(0.0, wait), self._verdict, queue, packet_id, NF_ACCEPT)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_reader(self.sock.fileno(), self._arrived, loop)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="link_weather", description=__doc__.split("\n\n")[0])
    parser.add_argument("weather", nargs="+", help="QUEUE:DELAY_MS:JITTER_MS:LOSS_PCT")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        weathers = [Weather.parse(w) for w in args.weather]
    except ValueError as error:
        parser.error(str(error))
    from console.processes import end_with_parent

    end_with_parent()
    try:
        weather = LinkWeather(weathers, args.seed)
    except OSError as error:
        print(f"link weather: cannot bind the netfilter queues: {error}", file=sys.stderr)
        return 1
    print("ready", flush=True)
    asyncio.run(weather.run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
