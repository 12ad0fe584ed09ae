"""Data, recording and minutes in the whole console (embedded hub, simulated communes in a child process, the
sample server on 127.0.0.1): the data panel beside the wall, the province selected everywhere,
a data tile on the wall; Record on the site panel, a bookmark, Stop, and the recording played
back in the console with QMediaPlayer."""

import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from console.app import start_demo
from console.app.wire_data import DataOptions
from console.compositor import OverlayStyle
from console.compositor.overlays import tile_layout
from console.directory import SiteDirectory
from console.directory.audit import recent_audit
from console.model import TileState
from console.reports import meeting_minutes
from console.views.data_panel import KEY_ROLE as DATA_KEY_ROLE
from console.views.directory_panel import KEY_ROLE, DirectoryPanel
from console.views.recordings import RecordingsPanel
from console.views.site_panel import SitePanel
from tests.recording.probe import ffprobe, streams


@pytest.fixture
def make(_national_template, tmp_path, qtbot):
    made = []

    def start(sites=2, data=None, media_workers=1):
        db = tmp_path / "console.sqlite3"
        shutil.copy(_national_template, db)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        running = start_demo(
            db, sites=sites, renderer="numpy", settings=settings, program=False, data=data, media_workers=media_workers
        )
        made.append(running)
        running.window.resize(1600, 900)
        running.window.show()
        qtbot.addWidget(running.window)
        running.db = db
        return running

    yield start
    for running in made:
        running.shutdown()


def test_the_province_is_selected_everywhere_and_a_data_view_goes_on_the_wall(make, qtbot):
    console = make(sites=2, data=DataOptions(interval_s=0.5))
    wiring = console.data
    panel = wiring.panel
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.current, timeout=30_000)
    assert panel.sample_badge.isVisible() and "SAMPLE DATA" in console.window.docks["dataDock"].windowTitle()
    directory = console.window.findChild(DirectoryPanel)
    qtbot.waitUntil(lambda: directory.tree_model.rowCount() > 0, timeout=10_000)

    # The directory -> the data panel: a commune chosen there selects its province here.
    site = console.site(next(iter(console.sites)))
    directory.site_chosen.emit(site)
    assert wiring.selection.key == site.province_key and panel.selected_province() == site.province_key

    # The data panel -> the directory: a province clicked in the table is shown in the tree.
    table = panel.table.model()
    row = next(r for r in range(table.rowCount()) if table.index(r, 0).data(DATA_KEY_ROLE) != site.province_key)
    chosen = table.index(row, 0).data(DATA_KEY_ROLE)
    panel.table.clicked.emit(table.index(row, 0))
    assert wiring.selection.key == chosen and directory.tree.currentIndex().data(KEY_ROLE) == chosen

    # A data view on the wall, beside the video tiles: drawn, live, named, sample said, no mute mark.
    qtbot.mouseClick(panel.wall_button, Qt.MouseButton.LeftButton)
    assert "data:new_cases" in console.model.assignments()
    qtbot.waitUntil(lambda: console.model.status("data:new_cases").state == TileState.LIVE, timeout=10_000)
    tile = next(t for t in console.wall.scene() if t.source_id == "data:new_cases")
    assert tile.overlay.title.startswith("Data · Ca mắc mới") and "SAMPLE" in tile.overlay.subtitle
    assert not tile.overlay.muted and tile.frame is not None
    # Not a commune's live picture and no sound: no LIVE badge, no meter.
    assert tile.overlay.data and tile_layout(tile, OverlayStyle()).badge is None
    assert tile.frame.y.shape[0] >= 90 and tile.frame.y.std() > 5  # a picture, not a blank
    # The sample stops: the panel says stale, and the log says why, once.
    wiring.loop.submit(wiring.sample.stop()).result(10)
    qtbot.waitUntil(lambda: panel.status_badge.text() == "STALE", timeout=10_000)
    log = console.window.docks["logDock"].widget()
    texts = [log.item(i).text() for i in range(log.count())]
    assert sum("cannot connect" in t for t in texts) == 1


@pytest.mark.parametrize("media_workers", [1, 0], ids=["media worker process", "media core in the window"])
def test_record_bookmark_stop_and_play_it_back_in_the_console(make, qtbot, media_workers):
    console = make(sites=1, media_workers=media_workers)
    key = next(iter(console.sites))
    qtbot.waitUntil(lambda: console.model.status(key).state == TileState.LIVE, timeout=40_000)
    console.media.unmute(key).result(10)  # its sound too
    console.model.select(key)
    site_panel = console.window.findChild(SitePanel)
    assert site_panel.site.key == key and site_panel.record_button.isEnabled()
    assert not site_panel.bookmark_button.isEnabled()

    qtbot.mouseClick(site_panel.record_button, Qt.MouseButton.LeftButton)
    control = console.recordings
    qtbot.waitUntil(lambda: key in control.running, timeout=20_000)
    assert site_panel.record_button.text() == "■ Stop recording" and site_panel.bookmark_button.isEnabled()
    qtbot.waitUntil(lambda: site_panel.record_time.text().startswith("REC 0:0"), timeout=5_000)
    assert console.window.findChild(type(control.rec_label), "recordingCount").text() == "● REC 1"
    roll = console.media.roll_call(online_only=True).result(10)
    assert next(s for s in roll["sites"] if s["key"] == key)["state"]["recording"] is True  # the site was told
    qtbot.wait(1500)
    control.bookmark(key, "kiểm tra hình ảnh")
    # The wall pages the site away while it is recorded: its picture keeps coming (held).
    console.wall.media.hide(key)
    shown = console.wall.presented.get(key, 0)
    qtbot.waitUntil(lambda: console.wall.presented.get(key, 0) > shown + 15, timeout=5_000)
    qtbot.mouseClick(site_panel.record_button, Qt.MouseButton.LeftButton)  # Stop
    panel = console.window.findChild(RecordingsPanel)
    qtbot.waitUntil(
        lambda: key not in control.running and bool(panel.rows) and panel.rows[0]["status"] == "done", timeout=20_000
    )
    assert site_panel.record_button.text() == "● Record"
    assert key not in console.wall.media.held  # released: the wall's pause is done now
    row = panel.rows[0]
    assert row["site"] == key and row["bookmarks"][0]["note"] == "kiểm tra hình ảnh"
    by_codec = streams(ffprobe(row["path"]))
    assert set(by_codec) == {"vp8", "opus"} and int(by_codec["vp8"]["nb_read_frames"]) == row["video_frames"] > 30
    directory = SiteDirectory(console.db)
    try:
        told = [r["params"]["recording"] for r in recent_audit(directory, 50, key) if r["action"] == "set_recording"]
        recorded = meeting_minutes(directory, control.started_at).of("recorded")
    finally:
        directory.close()
    assert told == [False, True]  # newest first: told when it began and when it ended
    # One name for who recorded it: the recordings and the meeting's minutes say the same.
    assert [(r.site, r.by) for r in recorded] == [(key, row["operator"])] and row["operator"]

    # Played back in the console: pictures come, time moves, a bookmark jumps there.
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.play_button, Qt.MouseButton.LeftButton)
    player = control.players[-1]
    qtbot.waitUntil(lambda: player.frames_shown > 10 and player.player.position() > 1000, timeout=20_000)
    assert player.player.hasVideo() and player.player.hasAudio() and player.error.isHidden()
    assert abs(player.player.duration() - row["duration_s"] * 1000) < 300
    assert player.bookmarks.count() == 1
    player.toggle()  # pause, then jump to the bookmark
    player.bookmarks.itemClicked.emit(player.bookmarks.item(0))
    qtbot.waitUntil(lambda: abs(player.player.position() - row["bookmarks"][0]["at_s"] * 1000) < 300, timeout=5_000)
    player.close()
