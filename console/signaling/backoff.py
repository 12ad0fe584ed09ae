"""How a client waits before joining the hub again: exponential backoff with jitter.

After a hub restarts, every commune and console that lost it tries again. Each wait doubles
from ``FIRST_S`` up to a ceiling (``MAX_S``) and is drawn between half and all of it, so the
clients spread out instead of arriving together at every doubling. The site page
(``console/hub/site_assets/site.js``, ``scheduleReconnect``) waits the same way with the same
numbers; a test keeps them equal.
"""

from __future__ import annotations

import random

FIRST_S = 1.0
MAX_S = 30.0
SPREAD = (0.5, 1.0)  # each wait, as a share of its ceiling


class Backoff:
    """The waits before successive attempts; ``reset()`` after one succeeds."""

    def __init__(self, first_s: float = FIRST_S, max_s: float = MAX_S, rng: random.Random | None = None) -> None:
        self.first_s = first_s
        self.max_s = max_s
        self.attempts = 0  # waits handed out since the last reset
        self._rng = rng or random.Random()

    def ceiling(self) -> float:
        """The longest the next wait may be."""
        growth: float = 2**self.attempts
        return min(self.max_s, self.first_s * growth)

    def next(self) -> float:
        """The wait before the next attempt, in seconds."""
        wait = self.ceiling() * self._rng.uniform(*SPREAD)
        self.attempts += 1
        return wait

    def reset(self) -> None:
        self.attempts = 0
