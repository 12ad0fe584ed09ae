"""Follow the speaker: which site the wall should focus on, from the speaking flags.

A pure policy with an injected clock: at most one focus change per ``min_interval_s``
(2 s), and only to a site that has been speaking for ``hold_s`` while the focused one is
quiet, so two sites talking over each other do not make the wall flicker.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class SpeakerFollower:
    """Feed it ``update(speaking)`` (site -> bool) ~10 times a second; it returns the site
    to focus when the focus should change, else None."""

    def __init__(
        self, min_interval_s: float = 2.0, hold_s: float = 0.5, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.min_interval_s = min_interval_s
        self.hold_s = hold_s
        self.clock = clock
        self.focused: str | None = None
        self._changed_at = float("-inf")
        self._since: dict[str, float] = {}  # site -> when it started speaking

    def update(self, speaking: dict[str, bool]) -> str | None:
        now = self.clock()
        for site, on in speaking.items():
            if on:
                self._since.setdefault(site, now)
            else:
                self._since.pop(site, None)
        for site in list(self._since):
            if site not in speaking:
                del self._since[site]
        if self.focused in self._since or now - self._changed_at < self.min_interval_s:
            return None  # the focused site is still talking, or we changed too recently
        ready = [(since, site) for site, since in self._since.items() if now - since >= self.hold_s]
        if not ready:
            return None
        _, site = min(ready)  # the one who has been speaking longest
        self.focused, self._changed_at = site, now
        return site

    def focus(self, site: str | None) -> None:
        """The operator chose ``site`` by hand: it counts as a change (no jump right after).

        The speaker followed so far is forgotten, not replaced by ``site``: the operator's
        hand may have moved the wall under it (a spot-inspect over its big tile), so the one
        speaking longest is named again once the choice has held; a chosen small tile that
        speaks is brought in like any other speaker, and a quiet one does not hold the wall."""
        self.focused, self._changed_at = None, self.clock()
