"""The media core runs in its own process; killed while the wall plays, the window
survives, says so, and the tiles come back."""

import os
import signal

from console.media.client import MediaClient
from console.model.tiles import TileState
from console.views.hub_banner import HubBanner


def live(console, key):
    return console.model.status(key).state == TileState.LIVE


def test_killing_the_media_worker_leaves_the_window_running_and_the_tiles_come_back(make_console, qtbot):
    console = make_console(sites=3)
    keys = list(console.sites)
    assert isinstance(console.media, MediaClient) and console.media.process.pid != os.getpid()
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=60_000)
    banner = console.window.findChild(HubBanner)
    size = console.window.size()

    os.kill(console.media.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: banner.isVisible() and "media worker stopped" in banner.message, timeout=10_000)
    assert "Hub lost" not in banner.message  # the hub is not what went
    qtbot.wait(100)
    assert console.window.size() == size  # the window keeps its size
    assert not any(live(console, k) for k in keys)  # no frozen picture passes for live meanwhile
    qtbot.waitUntil(lambda: all(live(console, k) for k in keys), timeout=30_000)
    log = console.window.docks["logDock"].widget()
    assert any("media worker lost" in line for line in log.lines())
    assert any("media worker restarted" in line for line in log.lines())
    assert console.media.restarts == 1
    # However long the reason, the banner is one line inside the window: it never widens the
    # window, nor pushes the wall down by more than that line; all of it is in its tooltip.
    banner.back()
    qtbot.wait(100)
    one_line = banner.height()
    reason = "cannot reach the hub at https://hub.example.vn:8765: " + "Connect call failed " * 30
    banner.lost(reason, 3.0)
    qtbot.wait(100)
    assert banner.isVisible() and console.window.size() == size and banner.width() <= size.width()
    assert banner.height() == one_line and banner.text().endswith("…")
    assert banner.fontMetrics().horizontalAdvance(banner.text()) <= banner.contentsRect().width()
    assert reason in banner.toolTip() and "live tiles play on" in banner.text()
    banner.back()
    # The restarted core still answers the window's calls.
    reply = console.media.unmute(keys[0]).result(15)
    assert reply["ok"], reply
