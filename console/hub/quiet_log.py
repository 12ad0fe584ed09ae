"""Log lines that nobody outside can multiply: a budget per peer, and per address before hello.

Anyone can open a socket to the hub and send garbage, close early or reconnect in a loop.
Each of those deserves a line in the log, but not ten thousand: after ``burst`` lines in
``window_s`` a source is quiet until the window ends, and one line says so.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict


class LogLimiter:
    """At most ``burst`` lines per ``window_s`` from one source."""

    def __init__(self, burst: int = 10, window_s: float = 60.0) -> None:
        self.burst = burst
        self.window_s = window_s
        self._window_start = -window_s
        self._count = 0
        self.suppressed = 0

    def allow(self, now: float | None = None) -> bool:
        """Whether one more line may be written now; the first refusal is announced by the caller
        (``just_silenced``)."""
        now = time.monotonic() if now is None else now
        if now - self._window_start >= self.window_s:
            self._window_start, self._count = now, 0
        self._count += 1
        if self._count > self.burst:
            self.suppressed += 1
        return self._count <= self.burst

    @property
    def just_silenced(self) -> bool:
        return self._count == self.burst + 1

    def log(self, logger: logging.Logger, level: int, source: str, msg: str, *args: object) -> None:
        """``logger.log(level, msg, *args)`` within the budget of ``source``."""
        if self.allow():
            logger.log(level, msg, *args)
        elif self.just_silenced:
            logger.log(
                level,
                "%s: more than %d log lines in %.0f s; quiet until the window ends",
                source,
                self.burst,
                self.window_s,
            )


class AddressLimiters:
    """A LogLimiter per remote address, for connections that never became peers; bounded."""

    def __init__(self, burst: int = 10, window_s: float = 60.0, max_addresses: int = 4096) -> None:
        self.burst, self.window_s, self.max_addresses = burst, window_s, max_addresses
        self._limiters: OrderedDict[str, LogLimiter] = OrderedDict()

    def __getitem__(self, address: str) -> LogLimiter:
        limiter = self._limiters.pop(address, None) or LogLimiter(self.burst, self.window_s)
        self._limiters[address] = limiter
        if len(self._limiters) > self.max_addresses:
            self._limiters.popitem(last=False)
        return limiter
