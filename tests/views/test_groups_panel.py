"""The groups tab's buttons ask for the chosen group, and Delete asks before it deletes."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from console.directory import DirectoryWorker
from console.views.groups import GroupsPanel


def _button(box: QMessageBox, role: QMessageBox.ButtonRole):
    return next(b for b in box.buttons() if box.buttonRole(b) == role)


def test_the_groups_buttons_ask_for_the_chosen_group_and_delete_only_when_confirmed(national, qtbot):
    keys = [site.key for site in national.children(None)][:3]
    national.create_group("Directive 16", keys, "provinces 1, 4")
    path = national.path
    national.close()
    worker = DirectoryWorker(path)
    try:
        panel = GroupsPanel(worker)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.table.topLevelItemCount() == 1)
        assert panel.choose("Directive 16")
        for button, signal in (
            (panel.tour, panel.tour_requested),
            (panel.roll_call, panel.roll_call_requested),
            (panel.room_wall, panel.room_wall_requested),
        ):
            with qtbot.waitSignal(signal) as asked:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert asked.args == ["Directive 16"]

        panel.set_online(set(keys[:2]))
        assert panel.table.topLevelItem(0).text(2) == "2"

        # While the group tours, its button stops the tour, chosen or not.
        panel.set_touring("Directive 16")
        panel.table.clearSelection()
        with qtbot.waitSignal(panel.tour_requested) as asked:
            qtbot.mouseClick(panel.tour, Qt.MouseButton.LeftButton)
        assert asked.args == ["Directive 16"]

        deleted: list[str] = []
        panel.delete_requested.connect(deleted.append)
        panel.choose("Directive 16")
        box = panel.confirm_delete()
        assert box is not None and box.objectName() == "confirmGroupDelete"
        _button(box, QMessageBox.ButtonRole.RejectRole).click()
        qtbot.waitUntil(lambda: not box.isVisible())
        assert deleted == []
        box = panel.confirm_delete()
        assert box is not None
        _button(box, QMessageBox.ButtonRole.DestructiveRole).click()
        qtbot.waitUntil(lambda: deleted == ["Directive 16"])
    finally:
        worker.close()
