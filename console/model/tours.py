"""Tours: the wall pages through its sources on a timer driven by explicit ``now`` values."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class TourSettings:
    """What a tour does: ``per_page`` sites a page (None: every free slot), every ``interval_s``."""

    per_page: int | None
    interval_s: float

    def __post_init__(self) -> None:
        per_page = self.per_page
        if per_page is not None and (type(per_page) is not int or per_page < 1):
            raise ValueError(f"per_page must be None or an integer >= 1, got {per_page!r}")
        interval = self.interval_s
        if type(interval) not in (int, float) or not (0 < interval < math.inf):
            raise ValueError(f"interval_s must be a finite number > 0, got {interval!r}")


class TourTimer:
    """When the running tour next advances.

    ``due`` is None until the first ``due_now`` call: a tour restored from disk, or one
    whose timer was reset by a manual page turn, starts counting at the next tick.
    """

    def __init__(self, settings: TourSettings, started_at: float | None = None) -> None:
        self.settings = settings
        self.due = None if started_at is None else started_at + settings.interval_s

    def reset(self) -> None:
        """Restart the interval from the next tick (after a manual page turn)."""
        self.due = None

    def due_now(self, now: float) -> bool:
        """True when the page should advance at ``now``; schedules the next advance."""
        if self.due is None:
            self.due = now + self.settings.interval_s
            return False
        if now < self.due:
            return False
        # From ``now``, not ``due + interval``: after a stall, show the next page for a
        # full interval rather than racing through the pages that were missed.
        self.due = now + self.settings.interval_s
        return True
