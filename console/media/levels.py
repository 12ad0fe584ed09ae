"""Audio level of decoded frames, in dBFS, without copying more than one frame."""

from __future__ import annotations

import math

import numpy as np

SILENCE_DB = -120.0


def frame_level_db(frame) -> float:
    """RMS level of an ``av.AudioFrame`` (s16 or float samples) in dBFS."""
    samples = frame.to_ndarray()
    if samples.size == 0:
        return SILENCE_DB
    if samples.dtype == np.int16:
        values = samples.astype(np.float32) / 32768.0
    else:
        values = samples.astype(np.float32, copy=False)
    rms = float(np.sqrt(np.mean(values * values)))
    return 20 * math.log10(rms) if rms > 1e-6 else SILENCE_DB


class LevelMeter:
    """Smoothed level for a meter, and the recent peak for a "speaking" ring."""

    def __init__(self, attack: float = 0.5, release: float = 0.1) -> None:
        self.level_db = SILENCE_DB
        self.attack = attack
        self.release = release
        self.frames = 0

    def add(self, level_db: float) -> None:
        weight = self.attack if level_db > self.level_db else self.release
        self.level_db += weight * (level_db - self.level_db)
        self.frames += 1
