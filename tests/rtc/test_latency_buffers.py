"""The video jitter buffer releases a frame at its marked last packet, not one frame later."""

from __future__ import annotations

from aiortc.rtp import RtpPacket

from console.rtc.latency import MarkerJitterBuffer


def packet(seq: int, ts: int, data: bytes, marker: bool = False) -> RtpPacket:
    p = RtpPacket(payload_type=96, marker=int(marker), sequence_number=seq, timestamp=ts)
    p._data = data
    return p


def test_a_frame_is_released_at_its_marker():
    buf = MarkerJitterBuffer()
    assert buf.add(packet(10, 1000, b"a"))[1] is None
    frame = buf.add(packet(11, 1000, b"b", marker=True))[1]
    assert frame is not None and frame.data == b"ab" and frame.timestamp == 1000
    frame = buf.add(packet(12, 7000, b"c", marker=True))[1]
    assert frame.data == b"c" and frame.timestamp == 7000


def test_a_missing_middle_packet_holds_the_frame_until_it_arrives():
    buf = MarkerJitterBuffer()
    buf.add(packet(20, 1000, b"a"))
    assert buf.add(packet(22, 1000, b"c", marker=True))[1] is None
    frame = buf.add(packet(21, 1000, b"b"))[1]
    assert frame is not None and frame.data == b"abc"


def test_without_a_marker_the_next_frame_completes_it_as_aiortc_does():
    buf = MarkerJitterBuffer()
    buf.add(packet(30, 1000, b"a"))
    buf.add(packet(31, 1000, b"b"))
    frame = buf.add(packet(32, 7000, b"c"))[1]
    assert frame is not None and frame.data == b"ab" and frame.timestamp == 1000


def test_sequence_numbers_wrap():
    buf = MarkerJitterBuffer()
    buf.add(packet(65535, 1000, b"a"))
    frame = buf.add(packet(0, 1000, b"b", marker=True))[1]
    assert frame is not None and frame.data == b"ab"


def test_a_frame_whose_packet_never_comes_is_given_up_and_a_keyframe_asked():
    """On a lossy link: a lost packet (and its lost retransmission) must not freeze the tile
    until 128 packets overflow the buffer; after three whole frames it is given up (PLI)."""
    buf = MarkerJitterBuffer()
    assert buf.add(packet(40, 1000, b"a", marker=True))[1].data == b"a"
    buf.add(packet(41, 2000, b"b"))  # 42 (the end of frame 2000) is lost for good
    results = [buf.add(packet(seq, ts, bytes([seq]), marker=True)) for seq, ts in ((43, 3000), (44, 4000))]
    assert all(frame is None and not pli for pli, frame in results)  # two frames wait: maybe 42 comes
    pli, frame = buf.add(packet(45, 5000, b"z", marker=True))
    assert pli and frame is not None and frame.timestamp == 3000 and buf.given_up == 1
    assert buf.add(packet(46, 6000, b"y", marker=True))[1].timestamp == 4000  # the rest follow in order


class _FullWalk(MarkerJitterBuffer):
    """The walk as it was before it stopped at the last packet held: the reference."""

    def _skip_lost_frame(self) -> bool:
        if self._origin is None:
            return False
        gap = broken = restart = None
        markers = 0
        for count in range(self.capacity):
            packet = self._packets[(self._origin + count) % self._capacity]
            if packet is None:
                gap = count if gap is None else gap
                continue
            if gap is None:
                broken = packet.timestamp
                continue
            if restart is None and packet.timestamp != broken:
                restart = count
            markers += packet.marker
        if restart is None or markers < 3:
            return False
        self.remove(restart)
        self.given_up += 1
        return True


def test_stopping_at_the_last_packet_held_releases_exactly_what_the_full_walk_did():
    """5,000 packets of 1-4 packet frames with loss, late retransmissions, reordering and a
    sequence wrap: the same frames, PLIs and give-ups, packet for packet."""
    import random

    rng = random.Random(13)
    packets, seq, ts = [], 65000, 0
    while len(packets) < 5000:
        size = rng.randint(1, 4)
        for i in range(size):
            packets.append((seq % 65536, ts, bytes([len(packets) % 256]), i == size - 1))
            seq += 1
        ts += 6000
    arrivals = []
    for p in packets:
        roll = rng.random()
        if roll < 0.05:
            continue  # lost for good
        if roll < 0.10:
            arrivals.insert(len(arrivals) + rng.randint(1, 6), p)  # late (a retransmission)
        else:
            arrivals.append(p)
    fast, full = MarkerJitterBuffer(), _FullWalk()
    for seq, ts, data, marker in arrivals:
        got = fast.add(packet(seq, ts, data, marker))
        want = full.add(packet(seq, ts, data, marker))
        assert got[0] == want[0]
        assert (got[1] and (got[1].data, got[1].timestamp)) == (want[1] and (want[1].data, want[1].timestamp))
    assert fast.given_up == full.given_up > 0
