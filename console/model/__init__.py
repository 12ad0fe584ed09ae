"""The pure wall model: layouts, geometry, tile states, paging, tours, presets.

Standard library only (no Qt, asyncio, sqlite or aiortc), so it runs and is tested
headless; views subscribe to ``WallModel.events`` and write back through its commands.
"""

from console.model.events import EventGroup, Signal
from console.model.geometry import DIRECTIONS, Rect, hit_test, neighbour, slot_rects
from console.model.layouts import DEFAULT_LAYOUT, LAYOUTS, Cell, Layout, grid_for, layout
from console.model.named_layouts import NamedLayouts
from console.model.roster import Roster
from console.model.snapshot import WallSnapshot
from console.model.tiles import STALE_AFTER_S, TileState, TileStatus
from console.model.tours import TourSettings
from console.model.wall import HISTORY_LIMIT, BackStep, WallEvents, WallModel

__all__ = [
    "DEFAULT_LAYOUT",
    "DIRECTIONS",
    "HISTORY_LIMIT",
    "LAYOUTS",
    "STALE_AFTER_S",
    "BackStep",
    "Cell",
    "EventGroup",
    "Layout",
    "NamedLayouts",
    "Rect",
    "Roster",
    "Signal",
    "TileState",
    "TileStatus",
    "TourSettings",
    "WallEvents",
    "WallModel",
    "WallSnapshot",
    "grid_for",
    "hit_test",
    "layout",
    "neighbour",
    "slot_rects",
]
