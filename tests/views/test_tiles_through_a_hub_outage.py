"""What the wall's tiles say while the hub is gone (a real hub in a child process, SIGKILLed)."""

from console.views.hub_banner import HubBanner
from tests.views.test_real_hub import SITES, console_for, live, room  # noqa: F401 (room: the fixture)


def test_a_commune_that_never_joined_still_says_so_while_the_hub_is_gone(room, tmp_path, qtbot):
    hub, tokens, cert = room
    oanh = console_for(tmp_path, qtbot, hub, cert, tokens["oanh"], "oanh", db=hub.db)
    try:
        qtbot.waitUntil(lambda: len(oanh.model.sources) == SITES, timeout=30_000)
        sites = list(oanh.model.sources)
        qtbot.waitUntil(lambda: all(live(oanh, key) for key in sites), timeout=30_000)
        never = oanh.site("commune:4")
        assert never is not None and never.key not in sites and never.status == "unknown"
        wall = oanh.wall
        wall.inspect(never.key)  # into the big tile: it has never joined the hub

        def overlay(key):
            return next((t.overlay for t in wall.scene() if t.source_id == key), None)

        qtbot.waitUntil(
            lambda: overlay(never.key) is not None and overlay(never.key).state == "unjoined", timeout=20_000
        )

        hub.kill()
        banner = oanh.window.findChild(HubBanner)
        qtbot.waitUntil(lambda: banner.isVisible() and banner.state == "lost", timeout=25_000)
        # It has nothing to reconnect: it still says it never joined.
        assert (overlay(never.key).state, overlay(never.key).note) == ("unjoined", "Never joined")
        # (The live tiles play on through the outage: their media needs no hub.)
        assert all(live(oanh, key) for key in sites if overlay(key) is not None)
    finally:
        oanh.shutdown()
