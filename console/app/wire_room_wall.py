"""The hub's room wall: shown on the room's screen (``--room-wall``), changed from the desks.

On the room-wall console its own wall *is* the room wall: every ``wall_state`` from the hub
is applied to it and nothing else changes it. On a desk, a small map (a dock) mirrors the
room wall; dropping a site on it, clicking a tile, the layout box, the lock and the W key (the
selected site onto the room's big tile) send ``wall`` requests; the operator's own wall is
untouched. A refusal (a locked wall, a role without the right) is said in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget

from console.model import WallModel
from console.model.snapshot import WallSnapshot
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.reasons import reason_text
from console.views.roles import role_name
from console.views.room_wall_map import RoomWallMap
from console.views.wall_view import ROOM_WALL_EMPTY_HINT

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate

DEFAULT_WALL = "room"


def wire_room_wall(console: ConsoleCore, directory_panel: DirectoryPanel, log: EventLog) -> Callable[[str, dict], None]:
    media, name_of = console.media, console.name
    wall_name = console.room_wall or DEFAULT_WALL
    bridge = FutureBridge(console.window)
    shows_it = console.room_wall is not None
    target = console.model if shows_it else WallModel()
    room_map = None if shows_it else _add_map(console, target)
    if shows_it:  # nothing is chosen on the room's screen: the desks send sites to it
        console.wall.empty_hint = ROOM_WALL_EMPTY_HINT

    def apply(message: dict) -> None:
        if message.get("name") != wall_name or not isinstance(message.get("state"), dict):
            return
        try:
            snapshot, problems = WallSnapshot.from_dict(message["state"])
        except ValueError as error:
            log.add(
                translate("EventLog", "room wall: the hub's state is unusable ({error})").format(error=error), "warn"
            )
            return
        target.apply_snapshot(snapshot)
        if room_map is not None:
            room_map.show_state(message.get("by"), message.get("locked_by"), media.operator)

    def request(label: str, fields: dict) -> None:
        log.add(translate("EventLog", "room wall: {what}").format(what=label), "action", fields.get("site", ""))
        bridge.deliver(
            media.room_wall({"name": wall_name, **fields}),
            apply,
            lambda error: log.add(
                translate("EventLog", "room wall: {what}: {error}").format(what=label, error=reason_text(error)), "warn"
            ),
        )

    def fetch() -> None:
        bridge.deliver(
            media.room_wall({"op": "get", "name": wall_name}),
            apply,
            lambda error: log.add(translate("EventLog", "room wall: {what}").format(what=reason_text(error)), "warn"),
        )

    if room_map is not None:
        room_map.push_requested.connect(
            lambda key, slot: request(
                translate("EventLog", "{site} on tile {tile}").format(site=name_of(key), tile=slot + 1),
                {"op": "push", "site": key, "slot": slot},
            )
        )
        room_map.focus_requested.connect(
            lambda slot: request(
                translate("EventLog", "focus tile {tile}").format(tile=slot + 1), {"op": "focus", "slot": slot}
            )
        )
        room_map.layout_requested.connect(
            lambda layout: request(
                translate("EventLog", "layout {layout}").format(layout=layout), {"op": "layout", "layout": layout}
            )
        )
        room_map.lock_requested.connect(
            lambda on: request(
                translate("EventLog", "lock") if on else translate("EventLog", "unlock"),
                {"op": "lock" if on else "unlock"},
            )
        )
        console.wall.room_wall_requested.connect(
            lambda key: request(
                translate("EventLog", "{site} on the big tile").format(site=name_of(key)), {"op": "push", "site": key}
            )
        )
    fetch()

    def on_event(kind: str, payload: dict) -> None:
        if kind == "wall_state":
            apply(payload)
        elif kind == "hub_ready":
            fetch()  # changed while this console was away

    return on_event


def _add_map(console: ConsoleCore, mirror: WallModel) -> RoomWallMap:
    room_map = RoomWallMap(mirror, console.name)
    allowed = "room_wall" in console.permissions
    room_map.set_permission(
        allowed,
        translate("RoomWallMap", "Changing the room wall needs the {needed} role (this console: {role})").format(
            needed=role_name("presenter"), role=role_name(console.role)
        ),
    )
    dock = QDockWidget(console.window.dock_title("roomWallDock"), console.window)
    dock.setObjectName("roomWallDock")
    dock.setWidget(room_map)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    # Under the directory: the site panel on the right keeps its height for the link's plots.
    console.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    console.window.splitDockWidget(console.window.docks["directoryDock"], dock, Qt.Orientation.Vertical)
    console.window.resizeDocks([console.window.docks["directoryDock"], dock], [560, 230], Qt.Orientation.Vertical)
    console.window.docks["roomWallDock"] = dock
    return room_map
