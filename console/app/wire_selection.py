"""The selected site and its panel: the panel shows what the operator chose (a tile, a
directory row), its state as the hub and the media core tell it, and its link once a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import psutil
from PySide6.QtCore import QTimer

from console.views.directory_panel import DirectoryPanel
from console.views.site_panel import SitePanel

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

STATS_INTERVAL_MS = 1000


def wire_selection(console: ConsoleCore, site_panel: SitePanel, directory_panel: DirectoryPanel) -> Callable[[], None]:
    """Connect the selection to the site panel; returns ``refresh_panel`` for hub events."""
    wall, media, model = console.wall, console.media, console.model
    roster = wall.roster

    def state_of(key: str) -> str:
        # A site on screen is said as its tile shows it: the tile goes live on its first frame,
        # which no hub event announces, and the panel must not contradict it ("never joined"
        # beside a live tile).
        tile = model.status(key).state.value if key in model.visible_sites() else "empty"
        if tile != "empty":
            return "unjoined" if tile == "offline" and wall.never_joined(key) else tile
        if key in roster.online:
            snap = media.snapshot(key)
            return snap.state if snap else "online"
        return "unjoined" if wall.never_joined(key) else "offline"

    def refresh_panel() -> None:
        site = site_panel.site
        if site is None:
            return
        online = site.key in roster.online
        site_panel.set_state(state_of(site.key), roster.is_muted(site.key) if online else None)
        site_panel.set_audio(site.key in roster.hands, site.key == roster.talking)

    def select(key: str) -> None:
        site = console.site(key) if key else None
        site_panel.show_site(site, joinable=site is None or directory_panel.can_join(site))
        refresh_panel()

    def sample_stats() -> None:
        site = site_panel.site
        if site is not None:
            snap = media.snapshot(site.key)  # the panel's state gates it
            if snap is not None and snap.stats.at and site_panel.state in ("live", "stale"):
                site_panel.add_stats(time.monotonic(), snap.stats, wall.latency_ms(site.key))
        console.window.set_cpu(psutil.cpu_percent(interval=None))

    def chosen_in_directory(site) -> None:
        console.sites.setdefault(site.key, site)
        if not model.select(site.key):
            select(site.key)  # already selected: show it again all the same

    def on_states(keys: list[str]) -> None:
        if site_panel.site is not None and site_panel.site.key in keys:
            refresh_panel()

    wall.selected_site_changed.connect(select)
    model.events.states_changed.connect(on_states)
    directory_panel.site_chosen.connect(chosen_in_directory)
    stats_timer = QTimer(console.window, interval=STATS_INTERVAL_MS)
    stats_timer.timeout.connect(sample_stats)
    stats_timer.start()
    select(model.selected or "")
    return refresh_panel
