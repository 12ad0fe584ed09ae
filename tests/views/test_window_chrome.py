"""The window's chrome as the operator meets it: its title, its docks after a restart, the status
line after a success, the event log at its newest line, and deleting a group (real consoles with
an embedded hub, as `opsconsole demo` builds them)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from console.views.event_log import EventLog


def test_the_window_title_says_which_console_it_is(make_console):
    running = make_console(sites=1, simulate=False)
    title = running.window.windowTitle()
    host_port = running.address.url.split("://", 1)[1].rstrip("/")
    assert running.welcome["operator"] in title and host_port in title, title


def test_a_restarted_console_shows_the_alarms_and_room_wall_docks_as_they_were(make_console, qtbot):
    def arrangement(window) -> dict:
        return {
            name: sorted(d.objectName() for d in window.tabifiedDockWidgets(dock))
            for name, dock in window.docks.items()
        }

    first = make_console(sites=1, simulate=False, settings="kept.ini")
    before = arrangement(first.window)
    assert before["alarmDockWidget"] == [] and before["roomWallDock"] == []  # beside the log, under the directory
    first.window.close()  # the window keeps its state as it closes
    first.shutdown()
    again = make_console(sites=1, simulate=False, settings="kept.ini")
    assert arrangement(again.window) == before
    for name in ("alarmDockWidget", "roomWallDock"):
        dock = again.window.docks[name]
        qtbot.waitUntil(dock.isVisible)
        assert not dock.visibleRegion().isEmpty(), name


def test_a_success_takes_a_stale_problem_off_the_status_line(make_console, tmp_path, qtbot):
    running = make_console(sites=0, simulate=False)
    panel = running.groups.panel
    status = running.window.statusBar()
    panel.provinces.setText("1, 4242")  # a code that does not exist: refused, said in the status line
    qtbot.mouseClick(panel.from_provinces, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "4242" in status.currentMessage(), timeout=10_000)
    panel.provinces.setText("79")
    panel.name.setText("TP HCM")
    qtbot.mouseClick(panel.from_provinces, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.members.get("TP HCM", [])) == 296, timeout=10_000)
    assert "4242" not in status.currentMessage()


def test_deleting_a_group_takes_one_click_and_asks_naming_it(make_console, qtbot):
    running = make_console(sites=0, simulate=False)
    panel = running.groups.panel
    panel.provinces.setText("79")
    panel.name.setText("TP HCM")
    qtbot.mouseClick(panel.from_provinces, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.chosen() == "TP HCM", timeout=10_000)
    running.window.docks["groupsDock"].raise_()
    qtbot.waitUntil(panel.delete.isVisible)
    qtbot.mouseClick(panel.delete, Qt.MouseButton.LeftButton)

    def asking() -> QMessageBox | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)

    qtbot.waitUntil(lambda: asking() is not None, timeout=5_000)
    box = asking()
    assert "TP HCM" in box.text() and "TP HCM" in panel.members  # asked, not yet deleted
    keep = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asking() is None)
    assert "TP HCM" in panel.members

    qtbot.mouseClick(panel.delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asking() is not None, timeout=5_000)
    box = asking()
    delete = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "TP HCM" not in panel.members, timeout=10_000)


def test_the_event_log_opens_at_its_newest_line(qtbot):
    log = EventLog()
    qtbot.addWidget(log)
    for n in range(300):  # lines logged before the log is on screen, as at a console's start
        log.add(f"line {n}")
    log.resize(400, 120)
    log.show()
    qtbot.waitExposed(log)
    bar = log.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    bar.setValue(0)  # the operator reads older lines: a new line leaves them there
    log.add("line 300")
    assert bar.value() == 0
    bar.setValue(bar.maximum())  # back at the bottom: it follows again
    log.add("line 301")
    assert bar.value() == bar.maximum()
