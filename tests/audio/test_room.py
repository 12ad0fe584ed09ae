"""The room mix, its meters and the follow-the-speaker policy, with fake clocks and tones."""

import numpy as np
import pytest

from console.media.room import MAX_BUFFER_MS, RoomMix, SpeakingDetector, soft_clip
from console.media.speaker import SpeakerFollower
from console.media.tones import RATE, tone_db


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def tone(hz, ms=20, peak=0.25, start=0):
    n = RATE * ms // 1000
    t = (np.arange(n) + start) / RATE
    return (peak * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def feed(room, site, hz, ms=200):
    for i in range(ms // 20):
        room.push(site, tone(hz, start=i * 960))


def test_unmuted_sites_are_mixed_and_a_muted_one_is_not():
    room = RoomMix(channels=1)
    feed(room, "a", 440)
    feed(room, "b", 1000)
    room.set_muted("b", True)
    feed(room, "b", 1000)  # refused at the door
    mix = room.read_float(4800)
    assert tone_db(mix, 440) > -20
    assert tone_db(mix, 1000) < -60


def test_muting_drops_what_is_already_buffered():
    room = RoomMix(channels=1)
    feed(room, "a", 440)
    room.set_muted("a", True)
    assert tone_db(room.read_float(4800), 440) < -60
    room.set_muted("a", False)
    feed(room, "a", 440)
    assert tone_db(room.read_float(2400), 440) > -20


def test_latency_is_bounded_when_nobody_listens():
    room = RoomMix(channels=1)
    feed(room, "a", 440, ms=2000)
    assert room.buffered_ms("a") <= MAX_BUFFER_MS


def test_pcm_is_interleaved_s16_and_master_volume_applies():
    room = RoomMix(channels=2)
    feed(room, "a", 440, ms=100)
    room.set_master_volume(0.5)
    pcm = np.frombuffer(room.read(960), np.int16)
    assert pcm.size == 1920 and np.array_equal(pcm[0::2], pcm[1::2])
    assert 0.1 < np.abs(pcm).max() / 32767 < 0.14  # 0.25 * 0.5


def test_soft_clip_never_exceeds_full_scale_and_leaves_quiet_audio_alone():
    x = np.linspace(-4, 4, 1001, dtype=np.float32)
    y = soft_clip(x)
    assert np.abs(y).max() <= 1.0
    quiet = np.float32([0.1, -0.5, 0.69])
    assert np.array_equal(soft_clip(quiet), quiet)


def test_underrun_waits_for_a_new_prefill():
    room = RoomMix(channels=1)
    room.push("a", tone(440))  # 20 ms: below the 40 ms prefill
    assert np.abs(room.read_float(960)).max() == 0
    room.push("a", tone(440))
    assert np.abs(room.read_float(960)).max() > 0.2


def test_levels_and_speaking_ring_with_hysteresis():
    clock = Clock()
    room = RoomMix(channels=1, clock=clock)
    feed(room, "a", 440, ms=100)
    levels = room.levels()
    assert levels["a"]["speaking"] and -20 < levels["a"]["db"] < -10
    clock.now += 0.3  # stopped sending: the meter falls, the ring holds over the gap
    assert room.levels()["a"]["db"] == -120 and room.levels()["a"]["speaking"]
    clock.now += 0.5
    assert not room.levels()["a"]["speaking"]
    room.set_muted("a", True)
    assert "a" not in room.levels()


def test_speaking_detector_ignores_short_gaps():
    clock = Clock()
    d = SpeakingDetector(clock)
    assert d.update(-20)
    clock.now += 0.2
    assert d.update(-80)
    clock.now += 0.1
    assert d.update(-30)
    clock.now += 0.1
    assert d.update(-45)  # between the thresholds: no change
    d.update(-80)
    clock.now += 0.5
    assert not d.update(-80)


def test_follow_the_speaker_changes_focus_at_most_once_per_two_seconds():
    clock = Clock()
    follower = SpeakerFollower(clock=clock)
    assert follower.update({"a": True}) is None  # not for half a second yet
    clock.now += 0.5
    assert follower.update({"a": True}) == "a"
    changes = []
    for step in range(100):  # two sites alternate every 0.3 s for 10 s
        clock.now += 0.1
        a_turn = (step // 3) % 2 == 0
        if (site := follower.update({"a": a_turn, "b": not a_turn})) is not None:
            changes.append((clock.now, site))
    times = [t for t, _ in changes]
    assert all(b - a >= 2.0 for a, b in zip(times, times[1:]))


def test_follow_the_speaker_keeps_a_focused_site_that_is_still_talking():
    clock = Clock()
    follower = SpeakerFollower(clock=clock)
    clock.now += 0.5
    follower.update({"a": True})
    clock.now += 0.5
    assert follower.update({"a": True}) == "a"
    for _ in range(50):
        clock.now += 0.1
        assert follower.update({"a": True, "b": True}) is None
    clock.now += 0.1
    assert follower.update({"a": False, "b": True}) == "b"


def test_manual_focus_counts_as_a_change():
    clock = Clock()
    follower = SpeakerFollower(clock=clock)
    follower.focus("x")
    clock.now += 1.0
    assert follower.update({"a": True}) is None
    clock.now += 1.1
    assert follower.update({"a": True}) == "a"


def test_follow_the_speaker_brings_in_a_chosen_site_that_speaks():
    clock = Clock()
    follower = SpeakerFollower(clock=clock)
    follower.focus("small")  # the operator chose a small tile; it speaks
    brought = []
    for _ in range(25):
        clock.now += 0.1
        brought.append(follower.update({"small": True}))
    assert brought.count("small") == 1 and follower.focused == "small"


def test_a_choice_by_hand_makes_the_follower_name_the_speaker_again():
    """The operator's spot-inspect may have put another site over the speaker's big tile:
    once their choice has held, the one still speaking is named again."""
    clock = Clock()
    follower = SpeakerFollower(clock=clock)
    clock.now += 0.5
    follower.update({"a": True})
    clock.now += 0.5
    assert follower.update({"a": True}) == "a"
    follower.focus("inspected")
    named = []
    for _ in range(25):
        clock.now += 0.1
        named.append(follower.update({"a": True}))
    assert named.count("a") == 1 and named.index("a") >= 19  # after the choice held 2 s


@pytest.mark.parametrize("hz", [300, 732, 1500])
def test_goertzel_separates_neighbouring_site_tones(hz):
    mix = tone(hz, ms=500) + tone(hz + 12, ms=500, peak=0.5)
    assert tone_db(mix, hz) == pytest.approx(-12, abs=1.5)
    assert tone_db(tone(hz + 12, ms=500), hz) < -40
