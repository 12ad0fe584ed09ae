"""Network faults for simulated sites: lost and delayed packets on the way out.

Applied at the DTLS transport's send, below SRTP, so every RTP and RTCP packet of the peer
connection (audio and video share one transport) meets the same weather.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Faults:
    """``loss_pct`` of outgoing packets dropped; ``delay_ms`` added to the rest;
    ``rejoin_every_s``: drop the hub connection and all media, then join again."""

    loss_pct: float = 0.0
    delay_ms: float = 0.0
    rejoin_every_s: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.loss_pct <= 100:
            raise ValueError("packet loss must be between 0 and 100 %")
        if self.delay_ms < 0 or self.rejoin_every_s < 0:
            raise ValueError("delay and rejoin interval cannot be negative")

    @property
    def on_the_wire(self) -> bool:
        return self.loss_pct > 0 or self.delay_ms > 0


def apply_faults(dtls_transport, faults: Faults, rng: random.Random | None = None) -> None:
    """Wrap ``dtls_transport._send_rtp`` (aiortc's one exit for RTP and RTCP) with ``faults``."""
    if not faults.on_the_wire or getattr(dtls_transport, "_opsconsole_faults", False):
        return
    send = dtls_transport._send_rtp
    rng = rng or random.Random()
    loss = faults.loss_pct / 100
    delay = faults.delay_ms / 1000
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task] = set()

    def later(data: bytes) -> None:
        task = loop.create_task(_quietly(send(data)))
        pending.add(task)
        task.add_done_callback(pending.discard)

    async def faulty_send(data: bytes) -> None:
        if loss and rng.random() < loss:
            return
        if delay:
            loop.call_later(delay, later, data)  # delay each packet without queueing the rest
            return
        await send(data)

    dtls_transport._send_rtp = faulty_send
    dtls_transport._opsconsole_faults = True


async def _quietly(send) -> None:
    try:
        await send
    except ConnectionError:
        pass  # the transport closed while the packet was in flight
