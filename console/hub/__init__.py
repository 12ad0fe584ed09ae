"""The hub: aiohttp WebSocket signaling, presence, tokens and audit (no media passes through)."""

from console.hub.run import HubRunner, run_hub
from console.hub.server import Hub

__all__ = ["Hub", "HubRunner", "run_hub"]
