"""One stream of a site's feed, forwarded by its Janus shard as SRTP, received natively.

Why: through a WebRTC subscription every packet of every tile is Python work on the media
worker's loop (aiortc's socket read, SRTP call, RTP parsing, jitter buffer, NACK and RTCP:
docs/performance.md). Here libavformat's SDP demuxer receives the stream (its RTP and SRTP
protocols), reassembles frames and sends RTCP feedback, and the decoder decodes them, all
in C on a thread of the stream's own, the interpreter's lock released while it waits and
decodes. Python sees one object per decoded frame, not per packet.

What the SDP says, and why:
* ``RTP/SAVPF``: the demuxer sends RTCP feedback (a PLI when it has no keyframe to start
  from or lost part of one), which Janus passes to the site as a keyframe request;
* ``a=crypto``: the stream's own SRTP key, which the hub made for this forward alone;
* ``a=source-filter``: packets from any address but the shards' are dropped (all the
  shards': a Janus sends from the address its route gives, which on a machine with several
  need not be the one its URL names);
* ``rtsp_flags=rtcp_to_source``: RTCP goes back to where Janus's forwarder latched from
  (its RTCP port is its own, chosen when the forward was made).

The receiver binds its ports before the hub is asked to start the forward, so the first
packets and Janus's RTCP latch are not lost to a port nobody holds yet.

Reads have no timeout, on purpose: PyAV checks a timeout by taking the interpreter's lock at
every interrupt check libavformat makes (several per packet), and with 128 such threads the
lock's hand-offs cost more than the decoding (measured: 30 % of the worker's samples were in
that check, 45 % waiting for the lock). A receiver is stopped instead the way RTP ends a
stream: an RTCP BYE, encrypted with the stream's own key, sent to its port from this machine
(whose address the source filter lets in for that; a packet from it without the key is
dropped like any other).
"""

from __future__ import annotations

import asyncio
import base64
import errno
import io
import logging
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

import av
import pylibsrtp

from console.processes import name_this_thread
from console.rtc.loop_gather import LoopGather

log = logging.getLogger(__name__)
OPEN_S = 1.0  # the demuxer's probing of the stream gives up after this: the SDP says what it is
BIND_WAIT_S = 3.0
STOP_WAIT_S = 3.0
PAYLOAD = {"audio": (111, "opus/48000/2"), "video": (96, "VP8/90000")}  # as the shard forwards them
OPTIONS = {
    "protocol_whitelist": "udp,rtp,srtp,crypto",
    "rtsp_flags": "rtcp_to_source",
    "reorder_queue_size": "64",  # a little reordering is put right; more is a loss
    "analyzeduration": "0",
    "probesize": "32",
}


def forward_sdp(kind: str, local: str, port: int, sources: tuple[str, ...], suite: str, key: str) -> str:
    """The SDP libavformat receives one forwarded stream by: on ``local``:``port`` (the
    connection address is where libavformat binds), from ``sources`` alone."""
    pt, codec = PAYLOAD[kind]
    return "\r\n".join(
        [
            "v=0",
            f"o=- 0 0 IN IP4 {local}",
            "s=opsconsole forward",
            f"c=IN IP4 {local}",
            "t=0 0",
            f"m={kind} {port} RTP/SAVPF {pt}",
            f"a=rtpmap:{pt} {codec}",
            f"a=crypto:1 {suite} inline:{key}",
            f"a=source-filter: incl IN IP4 * {' '.join(sources)}",
            "",
        ]
    )


def srtcp_bye(key: str) -> bytes:
    """An RTCP BYE protected with ``key`` (AES_CM_128_HMAC_SHA1_80): ends a receiver's stream."""
    policy = pylibsrtp.Policy(
        key=base64.b64decode(key),
        ssrc_type=pylibsrtp.Policy.SSRC_ANY_OUTBOUND,
        srtp_profile=pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80,
    )
    # Two SSRCs, so that it is 12 bytes: libavformat drops a shorter packet before asking
    # whether it is RTCP.
    bye = struct.pack("!BBHII", 0x82, 203, 2, 0x0B5E0B5E, 0x0B5E0B5F)
    return pylibsrtp.Session(policy).protect_rtcp(bye)


def address_towards(host: str) -> str:
    """This machine's address on the route to ``host`` (where a shard can send to us)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((host, 9))  # UDP: nothing is sent
        return str(probe.getsockname()[0])


PORTS_FROM = 20000


def _ephemeral_low() -> int:
    """Where the kernel's ports for outgoing sockets start: ours are picked below, so that a
    socket of aiortc's (or anyone's) does not take one between our pick and libavformat's bind."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return max(PORTS_FROM + 1000, int(f.read().split()[0]))
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


_taken: set[int] = set()  # ports handed to receivers of this process and not given back yet
_taken_lock = threading.Lock()


def free_port_pair(tries: int = 64) -> int:
    """An even port whose next one is free too (RTP and its RTCP), on every address, and not
    handed to another receiver of ours that has not bound it yet (64 sites' streams start
    together: two picks of the same free port, a moment apart, were seen)."""
    for _ in range(tries):
        port = random.randrange(PORTS_FROM, _ephemeral_low() - 2, 2)
        with _taken_lock:
            if port in _taken:
                continue
            _taken.add(port)
        held = []
        try:
            for p in (port, port + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                held.append(s)
                s.bind(("", p))  # any address: libavformat's bind to one of them must not collide
            return port
        except OSError:
            release_port(port)
            continue
        finally:
            for s in held:
                s.close()
    raise OSError(errno.EADDRINUSE, "no free pair of UDP ports for a forwarded stream")


def release_port(port: int) -> None:
    with _taken_lock:
        _taken.discard(port)


def _bound(port: int) -> bool:
    """Whether a UDP socket of this network holds ``port`` (read, not probed: a bind of our own
    to find out could take the port at the moment libavformat binds it)."""
    wanted = f":{port:04X}"
    try:
        with open("/proc/net/udp") as table:
            return any(line.split()[1].endswith(wanted) for line in table.readlines()[1:] if line.strip())
    except (OSError, IndexError):
        return True  # no table to read: carry on, the forward's first packets tell


class FrameInbox:
    """Decoded frames (site, kind, frame) from the receivers' threads to the event loop, many
    per wake-up (console/rtc/loop_gather.py). A receiver that ends on an error says so the
    same way (kind "error", its reason)."""

    def __init__(self, loop, deliver: Callable[[str, str, Any], None]) -> None:
        self._gather: LoopGather[tuple[str, str, Any]] = LoopGather(loop, lambda item: deliver(*item))

    def put(self, site: str, kind: str, frame: Any) -> None:
        self._gather.put((site, kind, frame))

    def pending(self) -> int:
        return self._gather.pending()


class ForwardReceiver:
    """Receives and decodes one forwarded stream (``kind`` of ``site``) on a thread of its own."""

    def __init__(
        self, site: str, kind: str, local: str, sources: tuple[str, ...], suite: str, key: str, inbox: FrameInbox
    ) -> None:
        """Receives on ``local`` (this machine's address towards the shard) from ``sources``
        (the shards' addresses)."""
        self.site = site
        self.kind = kind
        self.local = local
        self.sources = sources
        self.suite = suite
        self.key = key
        self.inbox = inbox
        self.port = 0
        self.packets = 0
        self.bytes = 0
        self.frames = 0
        self.undecodable = 0
        # Key frames alone are decoded (a tile shedding load, when other consoles keep the
        # site's full rate): the others are dropped before the decoder, the chain cut until
        # the next key frame after it is lifted.
        self.keyframes_only = False
        self._need_key = False
        self.started_at = time.monotonic()
        self.last_packet_at: float | None = None
        self.error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    async def start(self) -> int:
        """Bind the stream's ports and start receiving; the RTP port (RTCP is the next one).
        Returns once libavformat holds the ports (a bind of our own then fails); a port taken
        by someone else in the meantime is tried once more with another."""
        for attempt in range(2):
            self.error = ""
            self.port = free_port_pair()
            # This machine's own address is let in for the BYE that stops the receiver (keyed).
            sources = (*self.sources, self.local) if self.local not in self.sources else self.sources
            sdp = forward_sdp(self.kind, self.local, self.port, sources, self.suite, self.key)
            name = f"forward {self.site} {self.kind}"
            thread = threading.Thread(target=self._run, args=(sdp,), name=name, daemon=True)
            self._thread = thread
            thread.start()
            deadline = time.monotonic() + BIND_WAIT_S
            while not _bound(self.port):
                if self.error or not thread.is_alive() or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.005)
            else:
                return self.port
            if attempt == 0 and self.error and not self._stop.is_set():
                continue
            self.stop()
            raise OSError(errno.EADDRNOTAVAIL, self.error or f"the receiver did not bind port {self.port}")
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Ask the thread to end (``join`` waits for it)."""
        self._stop.set()

    def join(self, timeout: float = STOP_WAIT_S) -> None:
        """End the thread: BYEs to its port until it has read one and returned (blocking; a
        few milliseconds)."""
        self._stop.set()
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        bye = srtcp_bye(self.key)
        deadline = time.monotonic() + timeout
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.bind((self.local, 0))
            while thread.is_alive() and time.monotonic() < deadline:
                try:
                    sender.sendto(bye, (self.local, self.port))
                except OSError as error:  # the address went away with its network
                    log.info("%s: no BYE to its %s receiver: %s", self.site, self.kind, error)
                    break
                thread.join(0.05)
        if thread.is_alive():
            log.warning("%s: the %s receiver did not stop within %g s", self.site, self.kind, timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _run(self, sdp: str) -> None:
        name_this_thread(f"fwd-{self.kind}")
        try:
            container = av.open(
                io.BytesIO(sdp.encode()), mode="r", format="sdp", options=OPTIONS, timeout=(OPEN_S, None)
            )
        except Exception as error:  # a port taken meanwhile, a broken key: the caller falls back
            self.error = f"the forwarded {self.kind} could not be opened: {error}"
            log.info("%s: %s", self.site, self.error)
            release_port(self.port)
            return
        try:
            if self._stop.is_set():  # stopped while opening (its BYE may have been read then)
                return
            stream = container.streams[0]
            stream.codec_context.thread_count = 1  # a tile's frames are small: threads cost more than they give
            while not self._stop.is_set():
                try:
                    for packet in container.demux(stream):  # until a BYE ends the stream
                        if self._stop.is_set():
                            break
                        self._take(packet)
                    return
                except av.TimeoutError:
                    # libavformat gives up after 10 s without a packet; a muted site's sound
                    # sends none for as long as it is muted, and must be heard at once when
                    # it is opened again: read on.
                    continue
        except Exception as error:
            self.error = f"the forwarded {self.kind} stopped: {error}"
            log.warning("%s: %s", self.site, self.error)
            self.inbox.put(self.site, "error", self.error)  # the loop falls back to another way
        finally:
            container.close()
            release_port(self.port)

    def _take(self, packet) -> None:
        if packet.size == 0:
            return
        self.packets += 1
        self.bytes += packet.size
        self.last_packet_at = time.monotonic()
        if self.keyframes_only or self._need_key:
            if not packet.is_keyframe:
                self._need_key = True
                return
            self._need_key = self.keyframes_only
        try:
            frames = packet.decode()
        except av.FFmpegError:  # a frame with parts lost: the demuxer asks for a keyframe
            self.undecodable += 1
            return
        for frame in frames:
            self.frames += 1
            self.inbox.put(self.site, self.kind, frame)
