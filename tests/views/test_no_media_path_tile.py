"""A site that is online but whose media finds no path says so on its tile ("No media path",
in the console's language), and keeps saying it through the console's retries until a
picture comes, instead of "Connecting…" for ever."""

from PySide6.QtCore import QCoreApplication

from console.compositor import NumpyWallCanvas, TileOverlay
from console.model import TileState, WallModel
from console.model.roster import Roster
from console.views.i18n import Translations
from console.views.wall_view import WallView, _note

SITE = "commune:7"


def wall_with_an_online_site(qtbot) -> WallView:
    roster = Roster()
    roster.apply("presence", {"site": SITE, "online": True})
    wall = WallView(WallModel(sources=[SITE]), NumpyWallCanvas(), media=None, site_info=lambda key: None, roster=roster)
    qtbot.addWidget(wall)
    return wall


def test_a_session_without_a_media_path_shows_no_media_path_through_retries_until_a_frame(qtbot):
    wall = wall_with_an_online_site(qtbot)
    wall.on_media_event("session", {"site": SITE, "state": "connecting"})
    wall.on_media_event("session", {"site": SITE, "state": "failed", "error_code": "no_media_path"})
    assert wall.model.status(SITE).state is TileState.NO_MEDIA_PATH
    wall.on_media_event("session", {"site": SITE, "state": "connecting"})  # the console retries
    assert wall.model.status(SITE).state is TileState.NO_MEDIA_PATH
    assert _note("no_media_path") == "No media path"
    TileOverlay(state="no_media_path")  # a state the compositor draws


def test_another_failure_of_an_online_site_still_reads_reconnecting(qtbot):
    wall = wall_with_an_online_site(qtbot)
    wall.on_media_event("session", {"site": SITE, "state": "connecting"})
    wall.on_media_event("session", {"site": SITE, "state": "failed", "error_code": "media_connection_failed"})
    assert wall.model.status(SITE).state is TileState.RECONNECTING


def test_no_media_path_is_said_in_vietnamese(qtbot):
    translations = Translations.of(QCoreApplication.instance())
    translations.use("vi")
    try:
        assert _note("no_media_path") == "Không có đường truyền"
    finally:
        translations.use("en")
