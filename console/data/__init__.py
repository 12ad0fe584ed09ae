"""Real-time indicator data for the room: the schema (docs/data.md), sources polled or
watched (``DataFeed``), and the sample server. No Qt: the panel lives in console/views."""

from console.data.feed import CURRENT, STALE, WAITING, DataFeed, FeedState, FileSource, HttpSource, source_for
from console.data.schema import NATIONAL, Dataset, Indicator, PayloadError, Series, parse_csv, parse_json, parse_payload

__all__ = [
    "CURRENT",
    "NATIONAL",
    "STALE",
    "WAITING",
    "DataFeed",
    "Dataset",
    "FeedState",
    "FileSource",
    "HttpSource",
    "Indicator",
    "PayloadError",
    "Series",
    "parse_csv",
    "parse_json",
    "parse_payload",
    "source_for",
]
