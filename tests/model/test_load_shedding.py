"""Load shedding (console/model/load_shedding.py): small tiles first, the focus last, steps
that wait for their effect, and a slower way back."""

from console.model.load_shedding import OVERLOAD_S, RECOVER_S, Level, Load, LoadShedder

BIG, SMALL = 640 * 360, 160 * 90
TILES = {"focus": BIG, **{f"t{i}": SMALL + i for i in range(8)}}
OVER = Load(cpu_pct=130.0)
FINE = Load(cpu_pct=20.0)


def run(shedder, load, seconds, start=0.0, tiles=TILES, focus="focus"):
    changes = []
    for t in range(int(seconds) + 1):
        changed = shedder.observe(start + t, load, tiles, focus)
        if changed:
            changes.append((start + t, changed))
    return changes


def test_a_short_burst_sheds_nothing():
    shedder = LoadShedder()
    assert run(shedder, OVER, OVERLOAD_S - 1) == []
    assert run(shedder, FINE, 1, start=OVERLOAD_S) == []
    assert shedder.levels == {}


def test_overload_sheds_the_smallest_tiles_first_a_quarter_at_a_time():
    shedder = LoadShedder()
    (at, changed), *_ = run(shedder, OVER, OVERLOAD_S)
    assert at == OVERLOAD_S
    assert changed == {"t0": Level.REDUCED, "t1": Level.REDUCED}  # a quarter of 8, the smallest


def test_the_focus_tile_goes_last_and_everything_else_reaches_key_frames_first():
    shedder = LoadShedder()
    run(shedder, OVER, 200)
    assert all(shedder.level(f"t{i}") == Level.KEYFRAMES for i in range(8))
    assert shedder.level("focus") == Level.KEYFRAMES  # only once nothing else was left
    shedder = LoadShedder()
    history = run(shedder, OVER, 200)
    first_focus = next(at for at, changed in history if "focus" in changed)
    last_other = max(at for at, changed in history if set(changed) - {"focus"})
    assert first_focus > last_other


def test_backlog_or_a_late_loop_is_overload_even_when_the_cpu_is_low():
    """Starved by another program, the worker's own CPU falls: its lateness tells."""
    for load in (Load(cpu_pct=30.0, backlog=100), Load(cpu_pct=30.0, lag_ms=120.0)):
        shedder = LoadShedder()
        assert run(shedder, load, OVERLOAD_S)


def test_recovery_waits_longer_and_restores_the_largest_first():
    shedder = LoadShedder()
    run(shedder, OVER, 3 * OVERLOAD_S + 2)
    shed = dict(shedder.levels)
    assert shed and "focus" not in shed
    # Between the thresholds: neither way.
    assert run(shedder, Load(cpu_pct=90.0), 3 * RECOVER_S, start=100) == []
    history = run(shedder, FINE, RECOVER_S, start=200)
    assert history and history[0][0] == 200 + RECOVER_S
    restored = set(history[0][1])
    still = set(shedder.levels)
    assert min(TILES[k] for k in restored) >= max(TILES[k] for k in still)
    run(shedder, FINE, 20 * RECOVER_S, start=300)
    assert shedder.levels == {}


def test_a_tile_that_leaves_is_forgotten():
    shedder = LoadShedder()
    run(shedder, OVER, OVERLOAD_S)
    assert "t0" in shedder.levels
    shedder.observe(50, FINE, {k: v for k, v in TILES.items() if k != "t0"}, "focus")
    assert "t0" not in shedder.levels


def test_strained_while_overloaded_or_shedding_and_not_after():
    """While strained the links are not judged: the console's own lateness is not theirs."""
    shedder = LoadShedder()
    assert not shedder.strained
    shedder.observe(0, OVER, TILES, "focus")
    assert shedder.strained
    run(shedder, OVER, OVERLOAD_S, start=1)
    assert shedder.levels and shedder.strained
    run(shedder, FINE, 40 * RECOVER_S, start=100)
    assert not shedder.strained
