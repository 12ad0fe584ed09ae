"""Program sources: a live test card, a steady tone, and a clear fallback when a device is missing."""

import numpy as np

from console.media.program import ProgramFeed
from console.media.program_sources import PROGRAM_TONE_HZ, TestCard, ToneSource, open_sources
from console.media.tones import tone_db


def test_the_test_card_moves_and_shows_the_time():
    card = TestCard(640, 360)
    first, second = card.picture(), card.picture()
    assert first.shape == (540, 640) and first.dtype == np.uint8
    assert not np.array_equal(first, second)  # the sweeping bar (and the clock) move


def test_the_tone_is_phase_continuous_across_frames():
    source = ToneSource()
    samples = np.concatenate([source.audio(960) for _ in range(50)])
    assert tone_db(samples, PROGRAM_TONE_HZ) > -13
    assert np.abs(np.diff(samples)).max() < 0.1  # no clicks at frame edges


def test_missing_devices_fall_back_to_the_test_card_and_tone_and_say_so():
    picture, audio, failures = open_sources("/dev/video-nonexistent", "hw:99")
    assert isinstance(picture, TestCard) and isinstance(audio, ToneSource)
    assert [(f.source, f.device, f.stopped) for f in failures] == [
        ("camera", "/dev/video-nonexistent", False),
        ("microphone", "hw:99", False),
    ]
    assert all(f.detail for f in failures)  # the system's own reason is kept


def test_a_feed_with_a_missing_camera_reports_it_in_its_status():
    feed = ProgramFeed(camera="/dev/video-nonexistent")
    status = feed.status()
    assert status["video_source"] == "test_card" and status["audio_source"] == "tone"
    assert status["problems"] and "showing the test card instead" in status["problems"][0]
    assert status["failures"][0]["source"] == "camera" and status["failures"][0]["device"] == "/dev/video-nonexistent"
