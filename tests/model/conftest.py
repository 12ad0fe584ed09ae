"""Fixtures for the pure model: a wall paging through numbered sites, its event log."""

import pytest

from console.model.wall import WallModel
from tests.model.support import EventLog, sites


@pytest.fixture
def wall() -> WallModel:
    """A 3x3 wall paging through 20 sites (3 pages)."""
    return WallModel("3x3", sites(20))


@pytest.fixture
def events(wall) -> EventLog:
    return EventLog(wall)
