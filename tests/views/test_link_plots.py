"""The site panel's link plots: each sample reaches all four, but never all four in one event
(four plot repaints at once were the GUI's longest stall, once a second: bench gui's p99)."""

from types import SimpleNamespace

from console.views.link_plots import TURN_MS, LinkPlots


def _sample(i: int) -> SimpleNamespace:
    return SimpleNamespace(bitrate_kbps=300 + i, fps=15, loss_pct=None if i % 2 else 1.0, rtt_ms=20 + i)


def _points(plots: LinkPlots) -> dict[str, int]:
    return {
        name: len(curve.getData()[0] if curve.getData()[0] is not None else ()) for name, curve in plots._curves.items()
    }


def test_a_sample_reaches_one_plot_at_once_and_the_others_in_turn(qtbot):
    plots = LinkPlots()
    qtbot.addWidget(plots)
    plots.show()
    plots.add(100.0, _sample(0))
    assert sorted(_points(plots).values()) == [0, 0, 0, 1]  # the first plot now, no more
    qtbot.waitUntil(lambda: set(_points(plots).values()) == {1}, timeout=4 * TURN_MS + 1000)
    plots.add(101.0, _sample(1))
    qtbot.waitUntil(lambda: set(_points(plots).values()) == {2}, timeout=4 * TURN_MS + 1000)
    x, y = plots._curves["rtt_ms"].getData()
    assert list(x) == [-1.0, 0.0] and list(y) == [20.0, 21.0]  # seconds ago, as sampled


def test_clearing_drops_the_turns_still_due(qtbot):
    plots = LinkPlots()
    qtbot.addWidget(plots)
    plots.add(100.0, _sample(0))
    plots.clear()
    qtbot.wait(2 * TURN_MS)
    assert plots.empty and set(_points(plots).values()) == {0}
