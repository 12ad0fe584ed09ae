"""The wall as the operator left it, kept per hub.

A console that works with several hubs (another ``--db``, another site) must not show one
hub's arrangement on another's wall. The arrangement is saved under the hub's identity (its
directory file's id), in the user's settings.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from console.model import WallModel

# The key of earlier versions, which kept one wall for every hub: read no more, removed.
_UNSCOPED_KEY = "wall/state"


def wall_key(hub_id: str) -> str:
    return f"walls/{hub_id}/state"


def restore_wall(model: WallModel, settings: QSettings, hub_id: str) -> list[str]:
    """The wall as it was when the console last closed on this hub; a damaged record is
    reported (the returned notes), not fatal."""
    settings.remove(_UNSCOPED_KEY)
    saved = settings.value(wall_key(hub_id))
    if not saved:
        return []
    try:
        state = json.loads(str(saved))
        if isinstance(state, dict):
            # The sources are this run's (the demo's simulated sites); the presenter's
            # arrangement (layout, page, pins, placements, focus, tour) is what comes back.
            state = {**state, "sources": list(model.sources)}
        problems = model.load_dict(state)
    except (ValueError, TypeError) as error:
        return [f"the saved wall could not be restored ({error}); starting with the default wall"]
    return [f"saved wall: {problem}" for problem in problems]


def save_wall(model: WallModel, settings: QSettings, hub_id: str) -> None:
    settings.setValue(wall_key(hub_id), json.dumps(model.to_dict()))
    settings.sync()


def autosave_wall(model: WallModel, settings: QSettings, hub_id: str, parent) -> None:
    """Save the arrangement a second after it changes, not only at a tidy exit: a console that
    crashes or is killed comes back as the operator left it."""
    from PySide6.QtCore import QTimer

    timer = QTimer(parent, singleShot=True, interval=1000)
    timer.timeout.connect(lambda: save_wall(model, settings, hub_id))
    events = model.events
    for signal in (
        events.layout_changed,
        events.pins_changed,
        events.placements_changed,
        events.page_changed,
        events.focus_changed,
        events.tour_changed,
    ):
        signal.connect(lambda *_: timer.start())
