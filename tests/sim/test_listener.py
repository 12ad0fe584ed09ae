"""What a simulated site reports of the program it hears: its level and its loudest tones."""

from __future__ import annotations

import numpy as np

from console.sim.listener import RATE, ProgramListener, _loudest


def _hearing(*tones: tuple[float, float], noise: float = 0.0) -> ProgramListener:
    listener = ProgramListener()
    t = np.arange(RATE) / RATE
    x = sum(amplitude * np.sin(2 * np.pi * hz * t) for hz, amplitude in tones) + np.zeros(RATE)
    x = x + np.random.default_rng(7).normal(0.0, noise, RATE) if noise else x
    listener._ring[:] = x.astype(np.float32)
    return listener


def test_the_loudest_tones_come_out_loudest_first_with_their_level():
    report = _hearing((440, 0.5), (1000, 0.25), (3000, 0.1), (50, 0.01), noise=0.001).report()
    assert [hz for hz, _ in report["peaks"]] == [440, 1000, 3000]
    assert [round(db) for _, db in report["peaks"]] == [-6, -12, -20]
    assert -9 < report["level_db"] < -7  # RMS of the three sines


def test_silence_has_no_peaks():
    assert _hearing().report() == {"frames": 0, "level_db": -120.0, "peaks": []}


def test_peaks_are_told_apart_even_when_one_skirt_fills_the_loudest_bins():
    # A broad hump louder than everything else: its bins 6 apart count, as they always did,
    # and the answer does not depend on how many bins are looked at first.
    spectrum = np.zeros(24001)
    spectrum[1000:1100] = np.linspace(1.0, 0.5, 100)
    spectrum[5000] = 0.1
    assert _loudest(spectrum, 3) == [[1000, 0.0], [1006, -0.3], [1012, -0.5]]
    spectrum[1000:1100] = 0.0
    spectrum[1000], spectrum[1001:1004] = 1.0, 0.9  # a peak and its skirt, then quieter tones
    spectrum[5000], spectrum[9000] = 0.1, 0.05
    assert [hz for hz, _ in _loudest(spectrum, 3)] == [1000, 5000, 9000]
