"""RTP timestamps → the sender's wall clock, from RTCP sender reports."""

from __future__ import annotations

import pytest

from console.media.sender_clock import NTP_TO_UNIX, SenderClock, ntp_to_unix


def ntp(unix: float) -> int:
    seconds = int(unix)
    return ((seconds + NTP_TO_UNIX) << 32) | int((unix - seconds) * 2**32)


def test_ntp_converts_to_unix_time():
    assert ntp_to_unix(ntp(1_790_000_000.25)) == pytest.approx(1_790_000_000.25, abs=1e-6)


def test_no_capture_time_before_the_first_report():
    assert SenderClock().capture_time(1234) is None


def test_frames_after_and_before_the_report_map_linearly():
    clock = SenderClock()
    clock.on_sender_report(ntp(1000.0), 90_000)
    assert clock.capture_time(90_000) == pytest.approx(1000.0)
    assert clock.capture_time(90_000 + 6000) == pytest.approx(1000.0 + 6000 / 90_000)
    assert clock.capture_time(90_000 - 45_000) == pytest.approx(999.5)


def test_rtp_wraparound_is_handled():
    clock = SenderClock()
    clock.on_sender_report(ntp(50.0), 2**32 - 9000)  # 0.1 s before the wrap
    assert clock.capture_time(9000) == pytest.approx(50.2)  # 0.1 s after it
    clock.on_sender_report(ntp(60.0), 100)
    assert clock.capture_time(2**32 - 8900) == pytest.approx(60.0 - 9000 / 90_000)


def test_frame_timestamps_counted_from_the_receivers_origin_are_mapped():
    origin = {"value": None}
    clock = SenderClock(origin=lambda: origin["value"])
    clock.on_sender_report(ntp(70.0), 3_000_000_000)
    assert clock.capture_time(0) is None  # no frame seen yet: origin unknown
    origin["value"] = 2_999_910_000  # the first frame's RTP timestamp
    assert clock.capture_time(90_000) == pytest.approx(70.0)
    origin["value"] -= 2**32  # aiortc's mapper after a wrap
    assert clock.capture_time(90_000 + 2**32) == pytest.approx(70.0)
