"""No one guesses tokens online: after 20 refused hellos from one address within a minute,
that address is refused outright for a minute.

A token is 256 random bits, so guessing is hopeless anyway; the guard keeps a guesser from
spending the hub's time and log, and puts the attempt on record. Bounded: at most
``max_addresses`` addresses are remembered (the oldest are forgotten first).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque


class HelloGuard:
    def __init__(
        self, failures: int = 20, window_s: float = 60.0, block_s: float = 60.0, max_addresses: int = 10_000
    ) -> None:
        self.failures, self.window_s, self.block_s = failures, window_s, block_s
        self.max_addresses = max_addresses
        self._failed: OrderedDict[str, deque[float]] = OrderedDict()
        self._blocked: dict[str, float] = {}  # address -> until

    def blocked_for(self, address: str, now: float | None = None) -> float:
        """Seconds ``address`` is still refused (0 if it may try)."""
        now = time.monotonic() if now is None else now
        until = self._blocked.get(address, 0.0)
        if until <= now:
            self._blocked.pop(address, None)
            return 0.0
        return until - now

    def failed(self, address: str, now: float | None = None) -> bool:
        """Note a refused hello; True if this one starts a block (to be audited)."""
        now = time.monotonic() if now is None else now
        times = self._failed.pop(address, None) or deque()
        times.append(now)
        while times and times[0] < now - self.window_s:
            times.popleft()
        self._failed[address] = times
        if len(self._failed) > self.max_addresses:
            self._failed.popitem(last=False)
        if len(times) >= self.failures:
            self._blocked[address] = now + self.block_s
            del self._failed[address]
            return True
        return False
