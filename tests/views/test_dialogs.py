"""The minutes dialog writes exactly where it says; dialogs keep their controls in place when a message appears."""

from datetime import UTC, datetime
from pathlib import Path

from console.views.minutes_dialog import MinutesDialog


def test_the_minutes_go_where_the_dialog_says_a_bare_name_in_the_folder_it_offered(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "meetings"
    monkeypatch.chdir(tmp_path)  # the console's working folder is somewhere else
    dialog = MinutesDialog(datetime.now(UTC), ["Directive 16"], folder)
    qtbot.addWidget(dialog)
    offered = dialog.path
    assert offered.parent == folder and str(offered) in dialog.where.text()
    dialog.path_edit.setText("bien-ban.html")
    assert dialog.path == folder / "bien-ban.html"
    assert str(folder / "bien-ban.html") in dialog.where.text()  # said as it is typed
    dialog.path_edit.setText(str(tmp_path / "elsewhere" / "x.csv"))
    assert dialog.path == tmp_path / "elsewhere" / "x.csv"
    dialog.path_edit.setText("~/bien-ban.csv")
    assert dialog.path == Path.home() / "bien-ban.csv"


def test_a_recording_that_cannot_play_says_so_without_moving_the_controls(qtbot, tmp_path):
    from console.views.recordings import RecordingPlayer

    row = {
        "site": "commune:4",
        "site_name": "Phường Trúc Bạch",
        "started_at": "2026-12-07T01:00:00",
        "path": str(tmp_path / "gone.mkv"),
        "bookmarks": [],
    }
    player = RecordingPlayer(row)
    qtbot.addWidget(player)
    player.show()
    qtbot.waitExposed(player)
    before = player.play_button.mapTo(player, player.play_button.rect().topLeft())
    qtbot.waitUntil(player.error.isVisible, timeout=10_000)  # the file is gone: said under the controls
    assert "cannot play" in player.error.text()
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # the relayout is a posted event
        QApplication.processEvents()
    assert player.play_button.mapTo(player, player.play_button.rect().topLeft()) == before
