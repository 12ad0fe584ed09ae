"""The console's media core (no Qt): sessions per site, latest-frame sinks, stats, adaptive stream."""

from console.media.manager import MediaManager, View
from console.media.session import SiteSession
from console.media.sink import LatestFrameSink
from console.media.stats import LinkStats

__all__ = ["LatestFrameSink", "LinkStats", "MediaManager", "SiteSession", "View"]
