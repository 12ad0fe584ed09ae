"""Network faults for simulated sites: a poor link on the way out.

Applied at the DTLS transport's send, below SRTP, so every RTP and RTCP packet of the peer
connection (audio and video share one transport) meets the same weather: lost packets, a
fixed delay, jitter (each packet delayed by ``delay ± jitter``, so some arrive out of order,
as on a real radio link), and a bottleneck of ``bandwidth_kbps`` (packets queue behind it; what
would wait longer than ``QUEUE_S`` is dropped, as a router's full buffer does).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from console.rtc.aiortc_internals import wrap_transport_send

QUEUE_S = 0.25  # a bottleneck's buffer: packets that would wait longer are dropped


@dataclass(frozen=True)
class Faults:
    """``loss_pct`` of outgoing packets dropped; ``delay_ms`` added to the rest, ``± jitter_ms``;
    ``bandwidth_kbps`` the most the link carries (0: no limit); ``rejoin_every_s``: drop the hub
    connection and all media, then join again."""

    loss_pct: float = 0.0
    delay_ms: float = 0.0
    rejoin_every_s: float = 0.0
    jitter_ms: float = 0.0
    bandwidth_kbps: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.loss_pct <= 100:
            raise ValueError("packet loss must be between 0 and 100 %")
        if min(self.delay_ms, self.rejoin_every_s, self.jitter_ms, self.bandwidth_kbps) < 0:
            raise ValueError("delay, jitter, bandwidth and rejoin interval cannot be negative")

    @property
    def on_the_wire(self) -> bool:
        return self.loss_pct > 0 or self.delay_ms > 0 or self.jitter_ms > 0 or self.bandwidth_kbps > 0


def apply_faults(dtls_transport, faults: Faults, rng: random.Random | None = None) -> None:
    """Put ``faults`` on every packet ``dtls_transport`` sends (``wrap_transport_send``: aiortc's
    one exit for RTP and RTCP)."""
    if not faults.on_the_wire or getattr(dtls_transport, "_opsconsole_faults", False):
        return
    wrap_transport_send(dtls_transport, lambda send: _faulty(send, faults, rng))
    dtls_transport._opsconsole_faults = True  # noqa: SLF001 (a mark on aiortc's transport: faults go on it once)


def _faulty(send, faults: Faults, rng: random.Random | None):
    """``send`` with ``faults`` in front of it."""
    rng = rng or random.Random()
    loss = faults.loss_pct / 100
    delay, jitter = faults.delay_ms / 1000, faults.jitter_ms / 1000
    bytes_per_s = faults.bandwidth_kbps * 1000 / 8
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task] = set()
    link = {"free_at": 0.0}  # when the bottleneck has sent everything queued so far

    def later(data: bytes) -> None:
        task = loop.create_task(_quietly(send(data)))
        pending.add(task)
        task.add_done_callback(pending.discard)

    async def faulty_send(data: bytes) -> None:
        if loss and rng.random() < loss:
            return
        now = loop.time()
        wait = 0.0
        if bytes_per_s:
            starts = max(now, link["free_at"])
            if starts - now > QUEUE_S:
                return  # the bottleneck's buffer is full
            link["free_at"] = starts + len(data) / bytes_per_s
            wait = link["free_at"] - now
        wait += max(0.0, delay + (rng.uniform(-jitter, jitter) if jitter else 0.0))
        if wait > 0:
            loop.call_later(wait, later, data)  # each packet on its own timer: nothing queues behind it
            return
        await send(data)

    return faulty_send


async def _quietly(send) -> None:
    try:
        await send
    except ConnectionError:
        pass  # the transport closed while the packet was in flight
