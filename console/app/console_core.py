"""``ConsoleCore``: what one running console holds that its ``wire_*`` modules read and set.

A module of its own so that the wiring can name the console's type without importing
``console.py``, which imports every ``wire_*`` module to build it. ``Console`` (console.py) adds
what the wiring returns, and the orderly shutdown.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from console.model.settings import Settings

if TYPE_CHECKING:
    import qasync
    from PySide6.QtCore import QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from console.directory import DirectoryWorker, Site
    from console.hub import HubRunner
    from console.media.client import MediaClient
    from console.media.service import LoopThread, MediaService
    from console.model import WallModel
    from console.signaling.hub_address import HubAddress
    from console.views.main_window import MainWindow
    from console.views.room_audio import RoomAudio
    from console.views.settings_dialog import SettingsDialog
    from console.views.wall_keys import WallKeys
    from console.views.wall_view import WallView

Part = TypeVar("Part", bound="QObject")


@dataclass
class ConsoleCore:
    """The window, the wall and the services behind it, and what the wiring shares."""

    app: QApplication
    window: MainWindow
    wall: WallView
    model: WallModel
    media: MediaService | MediaClient  # the media core, in this process or in its worker
    worker: DirectoryWorker
    loop_thread: LoopThread
    hub: HubRunner | None = None  # the embedded hub of `demo`
    sim: subprocess.Popen | None = None  # the demo's simulated communes
    sites: dict[str, Site] = field(default_factory=dict)
    renderer: str = ""
    settings: QSettings | None = None
    room_audio: RoomAudio | None = None
    hub_id: str = ""
    keys: WallKeys | None = None
    address: HubAddress | None = None
    welcome: dict[str, Any] = field(default_factory=dict)
    room_wall: str | None = None  # the room wall this console shows (--room-wall)
    follow_presence: bool = False  # sites joining go on the wall's pages (not the demo's fixed list)
    index: dict[str, Site] = field(default_factory=dict)  # every active site, read once at start
    # Set by wire_board: the national board in the wall's place, a province open if given.
    show_board: Callable[[str | int | None], None] | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)
    gui_loop: qasync.QEventLoop | None = None  # the GUI thread's asyncio loop, held while it runs
    # The settings file's values (console/model/settings.py); a fresh install's until it is read.
    preferences: Settings = field(default_factory=Settings)
    settings_dialog: SettingsDialog | None = None  # the settings dialog while it is open

    @property
    def permissions(self) -> set[str]:
        """What this console's role may do (the hub enforces it; the window follows it)."""
        return set(self.welcome.get("permissions") or ())

    @property
    def role(self) -> str:
        return self.welcome.get("role") or ""

    def part(self, kind: type[Part]) -> Part:
        """The window's one ``kind`` (a bar or panel build_console put in it)."""
        found = self.window.findChild(kind)
        if found is None:
            raise LookupError(f"the console's window has no {kind.__name__}: build_console puts one there")
        return found

    def site(self, key: str) -> Site | None:
        """The directory's record of ``key``, looked up once (sites outside the wall's list:
        spot-inspected, dropped, or joined from a browser)."""
        if key and key not in self.sites:
            found = self.index.get(key) or self.worker.submit(lambda d: d.get(key)).result(5)
            if found is None:
                return None
            self.sites[key] = found
        return self.sites.get(key)

    def name(self, key: str) -> str:
        """A site's name for people; its key only if the directory does not know it."""
        site = self.site(key)
        return site.name if site else key
