"""``GET /metrics``: the hub's metrics (metrics.py) in Prometheus's text format.

The same rule as the hub's admin operations: a scraper on this machine needs no token; from
anywhere else it sends an admin's operator token as ``Authorization: Bearer …`` (the local
token is for this machine only). A refusal is counted and audited, as a refused admin
operation is; an address refused too often is blocked for a while by the hub's hello guard
(hello_guard.py), so a stranger cannot fill the audit trail.

Handed what it needs from the hub (server.py) rather than importing it, as directory_api.py is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from console.directory.credentials import Credential
from console.hub.hello_guard import HelloGuard
from console.hub.metrics import HubMetrics
from console.signaling import protocol
from console.signaling.hub_address import is_loopback


@dataclass
class Refused:
    status: int
    code: str
    message: str


class MetricsGate:
    """Decides who may read ``/metrics``; audits and counts whom it refuses."""

    def __init__(
        self,
        *,
        fresh: Callable[[], Awaitable[Any]],
        operator: Callable[[str], Credential | None],
        audit: Callable[..., Awaitable[None]],
        metrics: HubMetrics,
        guard: HelloGuard,
    ) -> None:
        self.fresh, self.operator, self.audit = fresh, operator, audit
        self.metrics, self.guard = metrics, guard

    async def refusal(self, remote: str, authorization: str) -> Refused | None:
        """None where ``remote`` (the peer's address) with ``authorization`` (the header) may read."""
        if is_loopback(remote):
            return None
        if blocked := self.guard.blocked_for(remote):
            return Refused(
                429,
                protocol.TOO_MANY_ATTEMPTS,
                f"too many refused requests from {remote}; try again in {blocked:.0f} s",
            )
        token = authorization.removeprefix("Bearer ").strip() if authorization.startswith("Bearer ") else ""
        credential = None
        if token:
            await self.fresh()  # a token revoked a moment ago is already out
            credential = self.operator(token)
        if (
            credential is not None
            and credential.kind != "local"
            and "administer" in protocol.permissions_of(credential.role)
        ):
            return None
        if credential is None or credential.kind == "local":
            refused = Refused(401, protocol.UNAUTHORIZED, "an admin's operator token is needed from another machine")
        else:
            refused = Refused(
                403,
                protocol.FORBIDDEN,
                f"a {credential.role} may not read the metrics (needs the {protocol.PERMISSIONS['administer']} role)",
            )
        self.metrics.refused("metrics")
        self.guard.failed(remote)
        actor = credential.name if credential is not None and credential.kind != "local" else "(no valid token)"
        await self.audit(actor, "metrics", "/metrics", {"remote": remote}, f"rejected: {refused.code}")
        return refused


def add_metrics_api(app: web.Application, metrics: HubMetrics, gate: MetricsGate) -> None:
    """Serve ``metrics`` on ``app`` at ``/metrics``, behind ``gate``."""

    async def serve(request: web.Request) -> web.Response:
        refused = await gate.refusal(request.remote or "", request.headers.get("Authorization", ""))
        if refused is not None:
            return web.json_response(
                {"error": refused.code, "message": refused.message},
                status=refused.status,
                headers={"WWW-Authenticate": "Bearer"},
            )
        # One pass over the online sites (metrics.py): a few milliseconds at the country's 10,810.
        return web.Response(
            body=generate_latest(metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"},
        )

    app.router.add_get("/metrics", serve)
