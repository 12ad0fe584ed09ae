"""Each site is asked for no more than its link carries, adapted at most once
in 10 s: down after 3 bad seconds, up again after 10 stable ones."""

from console.model.link_adaptation import (
    AUDIO_ONLY_SIZE,
    MAX_PROBE_WAIT_S,
    MIN_GAP_S,
    PROBE_FAILED_WITHIN_S,
    RUNG_KBPS,
    RUNGS,
    STABLE_FOR_S,
    LinkAdapter,
    rung_index,
)

BIG = (1280, 720)


def feed(adapter, key, seconds, start, loss=0.0, jitter=5.0, kbps=1200.0, fps=15.0, asked=BIG):
    changes = []
    for t in range(seconds):
        cap = adapter.observe(key, start + t, loss, jitter, kbps, fps, adapter.capped(key, *asked) if asked else None)
        if cap is not None:
            changes.append((start + t, cap))
    return changes


def test_a_lossy_link_steps_down_one_rung_at_a_time_never_faster_than_every_10_s():
    adapter = LinkAdapter()
    changes = feed(adapter, "a", 60, 0, loss=8.0, kbps=300)
    assert [cap for _, cap in changes] == [RUNGS[3], RUNGS[2], RUNGS[1], RUNGS[0]]
    times = [t for t, _ in changes]
    assert all(b - a >= MIN_GAP_S for a, b in zip(times, times[1:]))
    assert adapter.capped("a", 1280, 720) == (160, 90)  # the big tile asks no more than the link carries
    assert adapter.capped("a", 100, 56) == (100, 56)  # a tile smaller than the cap asks its own size


def test_a_link_that_recovers_is_probed_up_after_10_stable_seconds():
    adapter = LinkAdapter()
    feed(adapter, "a", 5, 0, jitter=120.0)  # 150 ± 50 ms jitter: bad
    assert adapter.cap("a") == RUNGS[3]
    changes = feed(adapter, "a", 30, 5)  # clean again
    assert changes and changes[0][0] >= 5 + 10 and changes[0][1] == RUNGS[4]


def test_a_flapping_link_changes_at_most_six_times_a_minute():
    adapter = LinkAdapter()
    for t in range(120):
        bad = (t // 4) % 2 == 0  # 4 s bad, 4 s good, over and over
        adapter.observe("a", t, 9.0 if bad else 0.0, 5.0, 1200.0, 15.0, adapter.capped("a", *BIG))
        assert adapter.changes_per_minute("a", t) <= 6


def test_a_still_picture_is_not_a_starved_link_and_a_paused_tile_is_not_judged():
    adapter = LinkAdapter()
    assert not feed(adapter, "still", 30, 0, kbps=80.0, fps=15.0)  # little to send, but at full frame rate
    assert feed(adapter, "starved", 30, 0, kbps=80.0, fps=4.0)  # little arrives, and slowly
    assert not feed(adapter, "paused", 30, 0, loss=50.0, asked=None)


def thin_link(adapter, key, seconds, carries_kbps=300.0, start=0):
    """A link that carries ``carries_kbps``: a rung that needs more arrives cut (fewer frames,
    the link's bitrate); one that fits arrives whole. Returns the changes."""
    changes = []
    for t in range(start, start + seconds):
        asked = adapter.capped(key, *BIG)
        need = RUNG_KBPS[RUNGS[rung_index(asked)]]
        # Cut: a fifth of the packets dropped at the bottleneck, retransmissions repair most.
        kbps, fps, lost = (need + 50, 15.0, 0.0) if need + 50 <= carries_kbps else (carries_kbps, 8.0, 20.0)
        cap = adapter.observe(key, t, 0.0, 20.0, kbps, fps, asked, link_loss_pct=lost)
        if cap is not None:
            changes.append((t, cap))
    return changes


def test_a_starved_link_steps_straight_down_to_the_rung_its_bitrate_carries():
    adapter = LinkAdapter()
    changes = thin_link(adapter, "a", 5)
    # 1280x720 over 300 kbps: 640x360 needs 400, so 320x180 (150) in one change, 3 s in.
    assert changes == [(2, RUNGS[1])]


def test_failed_probes_wait_longer_each_time_and_a_held_one_resets_the_wait():
    adapter = LinkAdapter()
    changes = thin_link(adapter, "a", 300)
    ups = [t for (t, cap), (_, before) in zip(changes[1:], changes) if RUNGS.index(cap) > RUNGS.index(before)]
    waits = [b - a for a, b in zip([t for t, _ in changes], [t for t, _ in changes][1:])]
    assert len(ups) >= 3 and all(cap in (RUNGS[1], RUNGS[2]) for _, cap in changes)
    # Each probe up fails (640x360 needs more than 300 kbps) and is undone 10 s later; the
    # wait before the next probe doubles: 11, 21, 41, 81 s between down and up.
    assert waits[1::2] == [MIN_GAP_S] * len(waits[1::2])
    stable_waits = waits[0::2]
    assert stable_waits[:4] == [11, 21, 41, 81]
    assert max(waits) <= MAX_PROBE_WAIT_S + MIN_GAP_S
    times = [t for t, _ in changes]
    assert max(sum(1 for t in times if start <= t < start + 60) for start in range(60, 240)) <= 2
    # The link widens: the next probe holds, and the one after comes 10 stable seconds later again.
    changes = thin_link(adapter, "a", 200, carries_kbps=2000.0, start=300)
    later = [t for t, _ in changes]
    assert [cap for _, cap in changes] == [RUNGS[2], RUNGS[3], RUNGS[4]]
    # The first probe on the wide link comes after the long wait the thin one earned; once it
    # has held for 30 s the wait is back to 10 stable seconds.
    assert later[1] - later[0] <= PROBE_FAILED_WITHIN_S + 1 and later[2] - later[1] <= STABLE_FOR_S + 1


def test_a_camera_that_sends_few_frames_is_not_a_starved_link():
    adapter = LinkAdapter()
    # Dim light: the site says it sends 8 frames a second, and all 8 arrive, with little bitrate.
    assert not [t for t in range(30) if adapter.observe("dim", t, 0.0, 5.0, 150.0, 8.0, BIG, sent_fps=8.0)]
    # The same numbers from a site that sends 15: a third of its frames do not arrive.
    assert [t for t in range(30) if adapter.observe("cut", t, 0.0, 5.0, 150.0, 8.0, BIG, sent_fps=15.0)]


def test_a_console_short_of_cpu_is_not_a_thin_link():
    adapter = LinkAdapter()
    # Every packet arrives, at about the bitrate the size needs, but the console decodes 10 of
    # the 15 frames a second: asking the site for less would not give it more CPU.
    assert not [t for t in range(60) if adapter.observe("busy", t, 0.0, 8.0, 1000.0, 10.0, BIG, sent_fps=15.0)]
    # The same frame rate with a fifth of the packets lost on the way is the link.
    assert [
        t
        for t in range(60)
        if adapter.observe("cut", t, 0.0, 8.0, 1000.0, 10.0, BIG, sent_fps=15.0, link_loss_pct=20.0)
    ]


def test_one_bad_second_among_good_ones_is_not_a_bad_link():
    adapter = LinkAdapter()
    for t in range(60):  # a keyframe's burst: one second in five looks starved
        bad = t % 5 == 0
        assert adapter.observe("a", t, 0.0, 5.0, 300.0 if bad else 1200.0, 6.0 if bad else 15.0, BIG) is None


def test_the_seconds_before_the_first_picture_are_not_judged_unless_it_never_comes():
    adapter = LinkAdapter()
    # Connecting: nothing, then a first second with half its frames; then the full picture.
    seconds = [(0.0, 0.0), (0.0, 0.0), (140.0, 7.0)] + [(1200.0, 15.0)] * 20
    assert not [t for t, (kbps, fps) in enumerate(seconds) if adapter.observe("a", t, 0.0, 5.0, kbps, fps, BIG)]
    # A link too thin for the first keyframe: no picture at all, judged after the grace.
    assert feed(adapter, "thin", 12, 0, kbps=250.0, fps=0.0) == [(8, RUNGS[1])]


def test_the_rungs_are_the_simulated_sites_ladder():
    from console.sim.clips import LADDER

    assert list(RUNGS) == LADDER and rung_index((700, 400)) == 3 and rung_index((4000, 3000)) == 4


def test_a_link_that_cannot_carry_even_the_smallest_picture_keeps_the_sound_alone():
    adapter = LinkAdapter()
    # 100 kbps with the sound on it: a picture's packets are cut (a fifth lost, few frames).
    changes = thin_link(adapter, "a", 40, carries_kbps=100.0)
    assert [cap for _, cap in changes] == [RUNGS[0], AUDIO_ONLY_SIZE]
    assert changes[1][0] - changes[0][0] >= MIN_GAP_S
    assert adapter.audio_only("a") and adapter.capped("a", *BIG) == AUDIO_ONLY_SIZE
    assert adapter.capped("a", 80, 45) == AUDIO_ONLY_SIZE  # even a tiny tile asks no picture


def test_from_the_sound_alone_the_smallest_picture_is_tried_again_with_doubling_waits():
    adapter = LinkAdapter()
    changes = thin_link(adapter, "a", 400, carries_kbps=100.0)
    ups = [t for (t, cap), (_, before) in zip(changes[1:], changes) if cap == RUNGS[0] and before == AUDIO_ONLY_SIZE]
    downs = [t for (t, cap) in changes if cap == AUDIO_ONLY_SIZE]
    assert len(ups) >= 3
    waits = [up - down for down, up in zip(downs, ups)]
    assert waits == sorted(waits) and waits[-1] <= MAX_PROBE_WAIT_S + 1 and waits[1] > waits[0]
    # the link widens: the next probe's picture holds, and the sound is no longer alone
    later = thin_link(adapter, "a", 120, carries_kbps=2000.0, start=400)
    assert later and later[0][1] == RUNGS[0] and not adapter.audio_only("a")


def test_a_jittery_or_lossy_link_keeps_its_smallest_picture():
    adapter = LinkAdapter()
    feed(adapter, "jitter", 120, 0, jitter=150.0, kbps=300.0)  # 150 ± 50 ms: bad, but pictures arrive
    feed(adapter, "loss", 120, 0, loss=8.0, kbps=300.0)
    assert adapter.cap("jitter") == RUNGS[0] and adapter.cap("loss") == RUNGS[0]
    assert not adapter.audio_only("jitter") and not adapter.audio_only("loss")
