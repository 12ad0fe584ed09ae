"""Issue 13 item 2: each site is asked for no more than its link carries, adapted at most once
in 10 s: down after 3 bad seconds, up again after 10 stable ones."""

from console.model.link_adaptation import MIN_GAP_S, RUNGS, LinkAdapter, rung_index

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
    assert adapter.capped("a", 1280, 720) == (160, 90)   # the big tile asks no more than the link carries
    assert adapter.capped("a", 100, 56) == (100, 56)     # a tile smaller than the cap asks its own size


def test_a_link_that_recovers_is_probed_up_after_10_stable_seconds():
    adapter = LinkAdapter()
    feed(adapter, "a", 5, 0, jitter=120.0)                # 150 ± 50 ms jitter: bad
    assert adapter.cap("a") == RUNGS[3]
    changes = feed(adapter, "a", 30, 5)                   # clean again
    assert changes and changes[0][0] >= 5 + 10 and changes[0][1] == RUNGS[4]


def test_a_flapping_link_changes_at_most_six_times_a_minute():
    adapter = LinkAdapter()
    for t in range(120):
        bad = (t // 4) % 2 == 0                           # 4 s bad, 4 s good, over and over
        adapter.observe("a", t, 9.0 if bad else 0.0, 5.0, 1200.0, 15.0, adapter.capped("a", *BIG))
        assert adapter.changes_per_minute("a", t) <= 6


def test_a_still_picture_is_not_a_starved_link_and_a_paused_tile_is_not_judged():
    adapter = LinkAdapter()
    assert not feed(adapter, "still", 30, 0, kbps=80.0, fps=15.0)   # little to send, but at full frame rate
    assert feed(adapter, "starved", 30, 0, kbps=80.0, fps=4.0)      # little arrives, and slowly
    assert not feed(adapter, "paused", 30, 0, loss=50.0, asked=None)


def test_the_rungs_are_the_simulated_sites_ladder():
    from console.sim.clips import LADDER

    assert list(RUNGS) == LADDER and rung_index((700, 400)) == 3 and rung_index((4000, 3000)) == 4
