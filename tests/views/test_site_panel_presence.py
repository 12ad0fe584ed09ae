"""The site panel says what the selected site's tile shows, on a real (the demo's) hub with
simulated sites: a tile goes live on its first frame and stale when frames stop, which no hub
event announces; a panel that followed only hub events kept its first word ("online", "never
joined") with empty plots beside a live tile, until the operator clicked away and back."""

import os
import signal

from console.model.tiles import TileState
from console.views.site_panel import SitePanel


def test_the_site_panel_says_what_the_selected_tile_shows_from_the_start_and_when_it_freezes(make_console, qtbot):
    running = make_console(sites=1)
    key = next(iter(running.model.sources))
    running.model.select(key)  # at the console's start, before its picture is live
    panel = running.window.findChild(SitePanel)
    qtbot.waitUntil(lambda: live(running, key) and panel.state == "live", timeout=30_000)
    qtbot.waitUntil(lambda: not panel.plots.empty, timeout=5_000)  # its link drawn as it comes
    # A frozen site sends nothing (no hub event, no session event): only its tile knows.
    os.kill(running.sim.pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: running.model.status(key).state == TileState.STALE, timeout=15_000)
        qtbot.waitUntil(lambda: panel.state == "stale", timeout=5_000)
    finally:
        os.kill(running.sim.pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: live(running, key) and panel.state == "live", timeout=30_000)


def live(console, key):
    return console.model.status(key).state == TileState.LIVE
