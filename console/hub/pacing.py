"""Each peer is read only as fast as its budget allows, so no one peer can starve the others.

The hub reads every connection on one loop. A client that floods it (garbage, or valid
requests by the thousand) would take the loop's time from everyone else; instead, when a
peer's budget is spent, the hub simply waits before reading its next frame. Nothing is
dropped: TCP pushes back on the sender, and only the sender slows down. Garbage has a much
smaller budget than well-formed messages: an honest client sends almost none.

Frames that carry no message (WebSocket pings and pongs) are not paced but counted: each
ping asks the hub to write a pong, so a peer pinging as fast as it can would have the loop
answer it instead of everyone else. A burst is fine; a peer that keeps it up past its budget
is closed (server.py, code 4009).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.burst

    def take(self, now: float | None = None) -> float:
        """Spend one token; the seconds to wait before the next is due (0 while there are some)."""
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


# Budgets per role. A console may mute a whole province at once (32 controls in flight, each
# answered in ~50 ms) and subscribe a 64-tile wall in one go; a site sends a beat every 5 s,
# stats every 2 s and a burst of ICE candidates when a session starts.
MESSAGES = {"console": (1000.0, 2000.0), "site": (50.0, 200.0)}
GARBAGE = (20.0, 50.0)  # malformed messages: 50 in a row cut a client off anyway
# Pings and pongs: browsers send none, aiohttp's heartbeat one every few seconds. Flooding,
# a peer sends thousands a second; 100 at once and 10 a second after that is far from both.
CONTROL_FRAMES = (10.0, 100.0)


class Pacer:
    """The reading budget of one peer."""

    def __init__(self, role: str) -> None:
        self.messages = TokenBucket(*MESSAGES[role])
        self.garbage = TokenBucket(*GARBAGE)
        self.control_frames = TokenBucket(*CONTROL_FRAMES)

    def message(self) -> float:
        """Seconds to wait before reading the next frame, after one was read."""
        return self.messages.take()

    def bad(self) -> float:
        """Seconds to wait after a malformed one."""
        return self.garbage.take()

    def control_frame(self) -> bool:
        """Count a frame without a message (a ping, a pong); False once the peer is over its budget."""
        return self.control_frames.take() == 0.0
