"""A smoothed audio level (dBFS) per site, for link statistics; the room mix measures its own."""

from __future__ import annotations

SILENCE_DB = -120.0


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
