"""A console's role decides what its site panel offers: what the hub would refuse is disabled
and says on hover which role it needs, the same words for every such control."""

from console.model import TileState
from console.views.site_panel import SitePanel
from tests.views.test_national_picture import hub_db, second_console  # noqa: F401 (the fixture)


def test_a_viewers_record_button_is_disabled_and_says_why_like_its_mute_button(make_console, hub_db, tmp_path, qtbot):
    _, _, _, operators = hub_db
    running = make_console(sites=1)
    key = next(iter(running.sites))
    qtbot.waitUntil(lambda: running.model.status(key).state == TileState.LIVE, timeout=40_000)
    vy = second_console(running, operators["vy"], tmp_path, qtbot, "vy")
    try:
        assert vy.role == "viewer"
        qtbot.waitUntil(lambda: vy.model.status(key).state == TileState.LIVE, timeout=40_000)
        vy.model.select(key)
        panel = vy.window.findChild(SitePanel)
        qtbot.waitUntil(
            lambda: panel.site is not None and panel.site.key == key and panel.state == "live", timeout=10_000
        )
        assert not panel.mute_button.isEnabled()
        assert not panel.record_button.isEnabled()
        assert panel.record_button.toolTip() == panel.mute_button.toolTip()
        assert "(this console: viewer)" in panel.record_button.toolTip()
        # The operator's own console (the demo's, an administrator) may record it.
        running.model.select(key)
        mine = running.window.findChild(SitePanel)
        qtbot.waitUntil(lambda: mine.site is not None and mine.record_button.isEnabled(), timeout=10_000)
    finally:
        vy.shutdown()
