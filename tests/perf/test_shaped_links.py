"""The links `bench links --netem` builds: a real namespace, real packets through the kernel's
queues. A UDP echo on this machine's end; probes sent from each link class's own address."""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
import threading

import pytest

from console.bench import link_weather
from console.bench.shaped_links import LinkShape, ShapedLinks, unavailable_reason

PROBE = r"""
import socket, sys, time
source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((source, 0))
s.settimeout(0.6)
answered, slowest_first = 0, None
for i in range(count):
    started = time.monotonic()
    s.sendto(str(i).encode() + b"." * 200, (target, 9999))
    try:
        while s.recvfrom(2048)[0].split(b".")[0] != str(i).encode():
            pass
    except socket.timeout:
        continue
    answered += 1
    took = (time.monotonic() - started) * 1000
    slowest_first = took if slowest_first is None else min(slowest_first, took)
print(answered, round(slowest_first or 0, 1))
"""


class Echo:
    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 9999))
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                data, peer = self.sock.recvfrom(2048)
            except TimeoutError:
                continue
            self.sock.sendto(data, peer)

    def close(self) -> None:
        self.running = False
        self.thread.join(5)
        self.sock.close()


def _probe(links: ShapedLinks, name: str, count: int) -> tuple[int, float]:
    done = subprocess.run(
        links.command(sys.executable, "-c", PROBE, links.address(name), links.console_address, str(count)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answered, fastest = done.stdout.split()
    return int(answered), float(fastest)


@pytest.mark.networks
@pytest.mark.skipif(bool(unavailable_reason()), reason=f"shaped links: {unavailable_reason()}")
def test_each_class_meets_its_own_links_weather_and_the_others_do_not():
    shapes = {
        "clean": LinkShape(),
        "slow": LinkShape(delay_ms=120),
        "lossy": LinkShape(loss_pct=30),
        "thin": LinkShape(rate_kbps=100),
    }
    with ShapedLinks(shapes) as links:
        echo = Echo(links.console_address)
        try:
            clean = _probe(links, "clean", 20)
            slow = _probe(links, "slow", 10)
            lossy = _probe(links, "lossy", 40)
            thin = _probe(links, "thin", 10)
        finally:
            echo.close()
    assert clean[0] == 20  # no weather, no loss
    # 120 ms each way: no answer can come sooner than the round trip the queue holds it for
    assert slow[0] == 10 and slow[1] >= 240 > clean[1]
    # each way 30 % lost: about half the probes come back (0.7² = 0.49 of 40 ≈ 20)
    assert 8 <= lossy[0] <= 32
    assert thin[0] == 10  # a 100 kbps bucket passes one 230-byte probe at a time without loss


@pytest.mark.networks
@pytest.mark.skipif(bool(unavailable_reason()), reason=f"shaped links: {unavailable_reason()}")
def test_a_thin_link_queues_then_drops_what_would_wait_past_its_buffer():
    with ShapedLinks({"thin": LinkShape(rate_kbps=64)}) as links:
        echo = Echo(links.console_address)
        burst = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
for i in range(200):
    s.sendto(b"x" * 1000, (sys.argv[2], 9999))
"""
        try:
            received = []
            echo.running = False
            echo.thread.join(5)
            subprocess.run(
                links.command(sys.executable, "-c", burst, links.address("thin"), links.console_address),
                check=True,
                timeout=60,
            )
            echo.sock.settimeout(1.0)
            while True:
                try:
                    received.append(echo.sock.recv(2048))
                except TimeoutError:
                    break
        finally:
            echo.close()
    # 200 kB offered at once to 64 kbit/s with a 250 ms buffer: only about 2 kB fits in the
    # buffer (plus the bucket's burst); the rest is dropped, as a router's full queue does
    assert 1 <= len(received) <= 20, len(received)


def test_the_queue_messages_are_nfnetlink_queues_wire_format():
    bind = link_weather.bind_message(7, seq=3)
    length, kind, flags, seq, _ = struct.unpack_from("=IHHII", bind)
    assert length == len(bind) and kind == (3 << 8) | 2 and flags == 5 and seq == 3
    assert struct.unpack_from("!BBH", bind, 16) == (0, 0, 7)
    verdict = link_weather.verdict_message(7, 0x01020304, link_weather.NF_ACCEPT)
    assert verdict.endswith(struct.pack("!II", 1, 0x01020304))
    # a packet message as the kernel sends one: its queue and its packet's id
    header = link_weather._attribute(link_weather.NFQA_PACKET_HDR, struct.pack("!IHB", 42, 0x0800, 3))
    body = struct.pack("!BBH", 2, 0, 9) + header
    message = struct.pack("=IHHII", 16 + len(body), (3 << 8) | 0, 0, 0, 0) + body
    assert link_weather.packets(message + message) == [(9, 42), (9, 42)]
    refused = struct.pack("=IHHII", 36, 2, 0, 0, 0) + struct.pack("=i", -1) + bytes(16)
    with pytest.raises(OSError, match="netfilter queue"):
        link_weather.packets(refused)


@pytest.mark.parametrize("text", ["7:10:20:0", "7:10:0:101", "70000:0:0:0", "7:10", "x:1:1:1"])
def test_a_bad_weather_is_refused_with_the_reason(text):
    with pytest.raises(ValueError):
        link_weather.Weather.parse(text)


@pytest.mark.networks
@pytest.mark.skipif(bool(unavailable_reason()), reason=f"shaped links: {unavailable_reason()}")
def test_each_site_of_a_class_has_a_bottleneck_of_its_own():
    """Two communes on the same kind of thin line: one filling its line does not take the
    other's. Site 0 sends a burst that fills its bucket's buffer, site 1 one just after it; on
    a shared bottleneck the second burst would find the buffer full and lose all of it."""
    with ShapedLinks({"thin": LinkShape(rate_kbps=64)}, sites_per_class=2) as links:
        assert links.addresses("thin") == [links.address("thin", 0), links.address("thin", 1)]
        echo = Echo(links.console_address)
        bursts = r"""
import socket, sys
for source in sys.argv[1:3]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((source, 0))
    for i in range(200):
        s.sendto(b"x" * 1000, (sys.argv[3], 9999))
"""
        try:
            echo.running = False
            echo.thread.join(5)
            subprocess.run(
                links.command(sys.executable, "-c", bursts, *links.addresses("thin"), links.console_address),
                check=True,
                timeout=60,
            )
            echo.sock.settimeout(1.0)
            received: dict[str, int] = {}
            while True:
                try:
                    source = echo.sock.recvfrom(2048)[1][0]
                except TimeoutError:
                    break
                received[source] = received.get(source, 0) + 1
        finally:
            echo.close()
    first, second = links.addresses("thin")
    assert 1 <= received.get(first, 0) <= 20 and 1 <= received.get(second, 0) <= 20, received
