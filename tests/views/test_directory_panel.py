"""The directory panel with a real directory on its worker thread, driven by keys and mouse."""

from PySide6.QtCore import Qt

from console.views.directory_panel import KEY_ROLE, DirectoryPanel


def keys_of(model):
    return [model.item(row).data(KEY_ROLE) for row in range(model.rowCount())]


def test_type_ahead_then_enter_opens_the_site(qtbot, worker):
    panel = DirectoryPanel(worker)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.tree_model.rowCount() == 63)
    with qtbot.waitSignal(panel.site_activated, timeout=5000) as chosen:
        qtbot.keyClicks(panel.search, "phuc xa ba dinh")
        qtbot.waitUntil(lambda: keys_of(panel.results_model)[:1] == ["commune:1"])
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert chosen.args[0].name == "Phường Phúc Xá"


def test_only_the_newest_query_is_shown(qtbot, worker):
    panel = DirectoryPanel(worker)
    qtbot.addWidget(panel)
    for text in ["h", "ha", "ha ", "ha n", "ha no", "ha noi"]:
        panel.search.setText(text)  # faster than any answer can come back
    qtbot.waitUntil(lambda: keys_of(panel.results_model)[:1] == ["province:1"])
    qtbot.wait(200)
    assert keys_of(panel.results_model)[0] == "province:1"


def test_down_arrow_walks_results_and_escape_returns_to_the_tree(qtbot, worker):
    panel = DirectoryPanel(worker)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search, "quan 1")
    qtbot.waitUntil(lambda: panel.results_model.rowCount() > 3)
    with qtbot.waitSignal(panel.site_chosen) as chosen:
        qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert chosen.args[0].key == keys_of(panel.results_model)[1]
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.stack.currentWidget() is panel.tree


def test_nothing_found_says_so(qtbot, worker):
    panel = DirectoryPanel(worker)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search, "zzqqxx")
    qtbot.waitUntil(lambda: "nothing matches" in panel.hint.text())
    assert panel.results_model.rowCount() == 0


def test_tree_loads_a_province_when_opened(qtbot, worker):
    panel = DirectoryPanel(worker)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.tree_model.rowCount() == 63)
    hanoi = panel.tree_model.item(0)
    assert hanoi.data(KEY_ROLE) == "province:1" and hanoi.child(0).text() == "…"
    panel.tree.expand(hanoi.index())
    qtbot.waitUntil(lambda: hanoi.rowCount() > 1)
    assert hanoi.child(0).data(KEY_ROLE) == "district:1"  # Quận Ba Đình
    assert hanoi.rowCount() == 30
