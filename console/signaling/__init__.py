"""The client side of the hub protocol: channels (WebSocket, in-memory) and HubClient."""

from console.signaling.channel import ChannelClosed, InMemoryChannel, SignalingChannel, WebSocketChannel
from console.signaling.client import HubClient, HubError

__all__ = [
    "ChannelClosed",
    "HubClient",
    "HubError",
    "InMemoryChannel",
    "SignalingChannel",
    "WebSocketChannel",
]
