"""Groups and presets in the console.

Groups: a tab beside the directory lists them with how many of each are online; a group is made
from the directory's search, typed province codes, the province open on the board or the sites
picked on it; a group can be toured through the wall, roll-called into a CSV file for the
minutes, sent to the room wall (``wall`` ``set`` with the group as its sources), or deleted.
Presets: the toolbar saves the wall (layout, sites, focus, pins) under a name and brings it back.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog

from console.directory import GroupError
from console.model import NamedLayouts, TourSettings, WallSnapshot, grid_for
from console.model.roll_call import RollCall, roll_call
from console.views.board import BoardView
from console.views.directory_panel import DirectoryPanel
from console.views.event_log import EventLog
from console.views.futures import FutureBridge
from console.views.group_rules import PROVINCES, rule_words
from console.views.groups import GroupsPanel
from console.views.presets import PresetMenu
from console.views.reasons import reason_text
from console.views.roles import role_name
from console.views.wall_toolbar import TOUR_INTERVAL_S, WallToolbar

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

SEARCH_GROUP_LIMIT = 500
translate = QCoreApplication.translate
ROOM_WALL = "room"


class GroupWiring:
    """What the groups tab and the board's group buttons do (public for tests)."""

    def __init__(
        self, console: ConsoleCore, panel: GroupsPanel, directory_panel: DirectoryPanel, log: EventLog
    ) -> None:
        self.console, self.panel, self.log = console, panel, log
        self.directory_panel = directory_panel
        self.bridge = FutureBridge(console.window)
        self.last_roll_call: RollCall | None = None
        self.touring = ""  # the group the wall tours ("" for none)
        console.model.events.tour_changed.connect(self._on_tour_changed)

    # --- making groups -----------------------------------------------------------------

    def from_search(self, name: str, text: str) -> None:
        text = text.strip()
        if not text:
            self.say(
                translate("Groups", "type a search in the directory first (Ctrl+K): its results make the group"), "warn"
            )
            return
        self._create(
            name or translate("Groups", "search: {text}").format(text=text),
            lambda d: [s.key for s in d.search_answer(text, limit=SEARCH_GROUP_LIMIT, respell=False).sites],
            f"search {text!r} (top {SEARCH_GROUP_LIMIT})",
            translate("Groups", "nothing matches {text}").format(text=repr(text)),
        )

    def from_provinces(self, name: str, typed: str) -> None:
        try:
            codes = [int(part) for part in typed.replace(",", " ").split()]
        except ValueError:
            self.say(
                translate("Groups", "province codes are numbers (such as 79, 80), not {typed}").format(
                    typed=repr(typed.strip())
                ),
                "warn",
            )
            return
        if not codes:
            self.say(translate("Groups", "type one or more province codes (such as 79, 80)"), "warn")
            return
        label = ", ".join(str(c) for c in codes)
        default = translate("Groups", PROVINCES).format(codes=label)  # a name in the operator's language
        self._create(name or default, lambda d: d.province_site_keys(codes), f"provinces {label}", "")

    def from_province(self, province_key: str) -> None:
        site = self.console.site(province_key)
        code = int(province_key.split(":", 1)[1])
        self._create(
            self.panel.name.text().strip() or (site.name if site else province_key),
            lambda d: d.province_site_keys([code]),
            f"provinces {code}",
            "",
        )

    def from_sites(self, keys: list[str]) -> None:
        if not keys:
            self.say(translate("Groups", "pick sites on the board first (Ctrl+click)"), "warn")
            return
        name = self.panel.name.text().strip() or translate("Groups", "{n} picked at {time}").format(
            n=len(keys), time=time.strftime("%H:%M")
        )
        self._create(name, lambda d: list(keys), f"sites picked on the board ({len(keys)})", "")

    def _create(self, name: str, keys_of, rule: str, empty: str) -> None:
        def make(d):
            keys = keys_of(d)
            if not keys:
                raise GroupError(empty or translate("Groups", "the group would be empty"))
            return d.create_group(name, keys, rule)

        def made(group) -> None:
            values = {"group": repr(group.name), "n": f"{group.members:,}", "rule": rule_words(group.rule)}
            self.say(translate("Groups", "group {group}: {n} sites ({rule})").format(**values))
            self.log.add(translate("EventLog", "group {group} made: {n} sites ({rule})").format(**values), "action")
            self.panel.name.clear()
            self.panel.refresh(choose=group.name)

        self.bridge.deliver(self.console.worker.submit(make), made, self._refused(translate("Groups", "new group")))

    # --- using a group -----------------------------------------------------------------

    def members(self, name: str) -> list[str]:
        return list(self.panel.members.get(name, []))

    def tour(self, name: str) -> None:
        """Tour group ``name`` through the wall; the group being toured: stop, and the wall
        shows its own sites again."""
        if name and name == self.touring and self.console.model.touring:
            self.stop_tour()
            return
        keys = self.members(name)
        if self.console.room_wall is not None:
            return self.say(
                translate(
                    "Groups", "this console shows the room wall as the hub has it: tour a group from a desk (Room wall)"
                ),
                "warn",
            )
        if not keys:
            return self.say(translate("Groups", "group {group} has no sites").format(group=repr(name)), "warn")
        model = self.console.model
        model.start_tour(keys, None, TOUR_INTERVAL_S, time.monotonic())
        self.touring = name
        self.panel.set_touring(name)
        self.log.add(
            translate("EventLog", "tour: the wall pages through group {group} ({n} sites, a page every {s} s)").format(
                group=repr(name), n=f"{len(keys):,}", s=f"{TOUR_INTERVAL_S:g}"
            ),
            "action",
        )
        self.say(
            translate(
                "Groups", "touring {group} · Stop tour (or the toolbar's Tour) shows the wall's own sites again"
            ).format(group=repr(name))
        )

    def stop_tour(self) -> None:
        """Stop the group's tour: the wall it replaced comes back (the model's rule)."""
        self.console.model.stop_tour()

    def _on_tour_changed(self, tour) -> None:
        """A tour that stopped (here, on the toolbar, by new sources) or changed to the wall's own
        sites is no longer the group's: the tab says so, and its button tours again."""
        if not self.touring or (tour is not None and self.console.model.touring_other_sites):
            return
        name, self.touring = self.touring, ""
        self.panel.set_touring("")
        self.say(
            translate("Groups", "tour of {group} stopped: the wall shows its own sites again").format(group=repr(name))
        )
        self.log.add(
            translate("EventLog", "tour of group {group} stopped: the wall shows its own sites again").format(
                group=repr(name)
            ),
            "action",
        )

    def send_to_room_wall(self, name: str) -> None:
        keys = self.members(name)
        if "room_wall" not in self.console.permissions:
            return self.say(
                translate("Groups", "sending to the room wall needs the {needed} role (this console: {role})").format(
                    needed=role_name("presenter"), role=role_name(self.console.role)
                ),
                "warn",
            )
        layout = grid_for(len(keys))
        tour = TourSettings(None, TOUR_INTERVAL_S) if len(keys) > layout.capacity else None
        state = WallSnapshot(layout=layout.name, sources=tuple(keys), tour=tour).to_dict()

        def sent(_reply) -> None:
            shows = (
                translate("Groups", "the room wall shows {group} ({layout}, touring)")
                if tour
                else translate("Groups", "the room wall shows {group} ({layout})")
            )
            self.say(shows.format(group=repr(name), layout=layout.name))
            self.log.add(
                translate("EventLog", "room wall: group {group} ({n} sites)").format(
                    group=repr(name), n=f"{len(keys):,}"
                ),
                "action",
            )

        self.bridge.deliver(
            self.console.media.room_wall({"op": "set", "name": ROOM_WALL, "state": state}),
            sent,
            self._refused(translate("Groups", "room wall")),
        )

    def roll_call(self, name: str, path: Path) -> None:
        """Ask the hub who of the group is online now and write the CSV to ``path``."""
        keys = self.members(name)
        taken_at = datetime.now().astimezone().isoformat(timespec="seconds")

        def write(reply: dict) -> None:
            members = []
            for key in keys:
                site = self.console.site(key)
                members.append(
                    {
                        "key": key,
                        "code": site.code if site else "",
                        "name": site.name if site else key,
                        "province": site.province if site else "",
                        "path": site.path if site else [],
                    }
                )
            call = roll_call(name, taken_at, members, reply.get("sites") or [])
            self.last_roll_call = call
            try:
                path.write_text(call.csv_text(), encoding="utf-8")
            except OSError as error:
                return self._refused(translate("Groups", "roll-call"))(
                    OSError(
                        translate("Groups", "cannot write {path}: {error}").format(
                            path=path, error=error.strerror or error
                        )
                    )
                )
            summary = translate("Groups", "{group}: {present} present, {absent} absent at {at}").format(
                group=call.group, present=len(call.present), absent=len(call.absent), at=call.taken_at
            )
            self.say(f"{summary} → {path}")
            self.log.add(
                translate("EventLog", "roll-call {summary} · written to {path}").format(summary=summary, path=path),
                "action",
            )

        self.bridge.deliver(
            self.console.media.roll_call(keys=keys), write, self._refused(translate("Groups", "roll-call"))
        )

    def delete(self, name: str) -> None:
        if name == self.touring:  # a deleted group no longer holds the wall
            self.stop_tour()

        def done(_result) -> None:
            self.say(translate("Groups", "group {group} deleted").format(group=repr(name)))
            self.panel.refresh()

        self.bridge.deliver(
            self.console.worker.submit(lambda d: d.delete_group(name)),
            done,
            self._refused(translate("Groups", "delete")),
        )

    def say(self, text: str, level: str = "info") -> None:
        self.panel.say(text, level)
        if level == "warn":
            self.console.window.show_message(text)

    def _refused(self, what: str):
        def refused(error: BaseException) -> None:
            text = f"{what}: {reason_text(error)}"
            self.say(text, "warn")
            self.log.add(text, "warn")

        return refused


def wire_groups(console: ConsoleCore, directory_panel: DirectoryPanel, board: BoardView, log: EventLog) -> GroupWiring:
    """The groups tab (beside the directory) and the toolbar's presets."""
    window = console.window
    panel = GroupsPanel(console.worker)
    panel.search_text = directory_panel.search.text
    dock = QDockWidget(window.dock_title("groupsDock"), window)
    dock.setObjectName("groupsDock")
    dock.setWidget(panel)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(window.docks["directoryDock"], dock)
    window.docks["directoryDock"].raise_()
    window.docks["groupsDock"] = dock
    wiring = GroupWiring(console, panel, directory_panel, log)

    panel.create_from_search.connect(wiring.from_search)
    panel.create_from_provinces.connect(wiring.from_provinces)
    board.group_of_province_requested.connect(wiring.from_province)
    board.group_of_selection_requested.connect(wiring.from_sites)
    panel.tour_requested.connect(wiring.tour)
    panel.room_wall_requested.connect(wiring.send_to_room_wall)
    panel.delete_requested.connect(wiring.delete)

    def ask_roll_call(name: str) -> None:
        suggested = Path.home() / f"roll-call-{name}-{time.strftime('%Y%m%d-%H%M')}.csv".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(
            window, translate("Groups", "Roll-call of {group}").format(group=name), str(suggested), "CSV (*.csv)"
        )
        if path:
            wiring.roll_call(name, Path(path))

    panel.roll_call_requested.connect(ask_roll_call)
    if "room_wall" not in console.permissions:
        panel.room_wall.setToolTip(
            translate("Groups", "Needs the {needed} role (this console: {role})").format(
                needed=role_name("presenter"), role=role_name(console.role)
            )
        )

    online_timer = QTimer(window, interval=1000)  # the Online column, at most once a second
    online_timer.timeout.connect(lambda: panel.set_online(console.wall.roster.online))
    online_timer.start()
    if console.room_wall is None:  # the room wall's console shows the hub's wall; no presets of its own
        _wire_presets(console, log)
    return wiring


def _wire_presets(console: ConsoleCore, log: EventLog) -> None:
    """Named layouts on the toolbar, kept per hub in the console's settings."""
    settings, key = console.settings, f"presets/{console.hub_id or 'unknown'}"
    presets = NamedLayouts()
    if settings is not None and settings.value(key):
        try:
            presets = NamedLayouts.from_dict(json.loads(str(settings.value(key))))
        except (ValueError, TypeError):
            presets = NamedLayouts()  # a damaged entry costs the presets, never the console
    menu = PresetMenu(presets, console.model)

    def keep(*_: object) -> None:
        if settings is not None:
            settings.setValue(key, json.dumps(presets.to_dict()))

    presets.changed.connect(keep)
    menu.saved.connect(keep)
    menu.note.connect(lambda text, level: log.add(text, level))
    console.part(WallToolbar).add_control(menu)
