"""The minutes dialog writes exactly where it says."""

from datetime import datetime, timezone
from pathlib import Path

from console.views.minutes_dialog import MinutesDialog


def test_the_minutes_go_where_the_dialog_says_a_bare_name_in_the_folder_it_offered(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "meetings"
    monkeypatch.chdir(tmp_path)   # the console's working folder is somewhere else
    dialog = MinutesDialog(datetime.now(timezone.utc), ["Directive 16"], folder)
    qtbot.addWidget(dialog)
    offered = dialog.path
    assert offered.parent == folder and str(offered) in dialog.where.text()
    dialog.path_edit.setText("bien-ban.html")
    assert dialog.path == folder / "bien-ban.html"
    assert str(folder / "bien-ban.html") in dialog.where.text()   # said as it is typed
    dialog.path_edit.setText(str(tmp_path / "elsewhere" / "x.csv"))
    assert dialog.path == tmp_path / "elsewhere" / "x.csv"
    dialog.path_edit.setText("~/bien-ban.csv")
    assert dialog.path == Path.home() / "bien-ban.csv"
