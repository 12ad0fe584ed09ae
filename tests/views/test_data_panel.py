"""The data panel against the shipped sample server over 127.0.0.1: values follow the
source, a stopped source shows stale with the reason, a malformed payload is reported with where
it is wrong and the last good data kept; sorting, threshold colours, province selection."""

import gc
import time

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from console.data import DataFeed, FileSource, HttpSource, parse_json
from console.data.sample import Province, SampleData, SampleServer
from console.data.schema import json_bytes
from console.media.service import LoopThread
from console.model.province_selection import ProvinceSelection
from console.views.data_panel import KEY_ROLE, SAMPLE_BADGE, DataPanel
from console.views.theme import tokens

PROVINCES = [
    Province(1, "Thành phố Hà Nội"),
    Province(79, "Thành phố Hồ Chí Minh"),
    Province(48, "Thành phố Đà Nẵng"),
    Province(4, "Cao Bằng"),
    Province(8, "Tuyên Quang"),
]


@pytest.fixture
def loop():
    thread = LoopThread("data-test")
    yield thread
    thread.stop()


@pytest.fixture
def fed(loop):
    """Makes Feds; each is closed at the end of the test, whatever happened in it."""
    made = []

    def make(source):
        made.append(Fed(loop, source))
        return made[-1]

    yield make
    for one in made:
        one.close()


class Fed:
    """A panel fed by a real DataFeed on its own loop thread, as the console does."""

    def __init__(self, loop, source):
        self.selection = ProvinceSelection()
        self.panel = DataPanel(self.selection)  # closed and deleted by close(), not by qtbot
        self.panel.resize(1100, 300)
        self.panel.show()
        self.loop = loop
        self.updates = []
        self.feed = DataFeed(source, lambda state, changed: self.updates.append((state, changed)))

    def poll(self, qtbot):
        """One poll of the source; the panel shows what it said (as the console's bridge would)."""
        state = self.loop.submit(self.feed.poll()).result(15)
        for update in self.updates:
            self.panel.show_state(*update)
        self.updates.clear()
        return state

    def table(self):
        """(province key, shown value, level word) per row, top to bottom as shown."""
        model = self.panel.table.model()
        return [
            (model.index(r, 0).data(KEY_ROLE), model.index(r, 1).data(), model.index(r, 3).data())
            for r in range(model.rowCount())
        ]

    def close(self):
        if self.panel is None:
            return
        self.loop.submit(self.feed.source.close()).result(5)
        # Gone now, not at some later moment of another test: pyqtgraph's scene destroyed by the
        # garbage collector in the middle of Qt re-polishing every widget (a later test's
        # setStyleSheet) crashed the process.
        self.selection.changed.disconnect(self.panel._on_province_changed)
        self.panel.close()
        self.panel.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.panel = None
        gc.collect()


def test_the_panel_shows_what_the_sample_server_says_and_a_stopped_server_as_stale(qtbot, loop, fed):
    sample = SampleData(PROVINCES, step_s=1)
    server = loop.submit(SampleServer(sample).start()).result(10)
    fed = fed(HttpSource(server.url))
    state = fed.poll(qtbot)
    panel = fed.panel
    assert panel.sample_badge.isVisible() and panel.sample_badge.text() == SAMPLE_BADGE
    assert panel.status_badge.text() == "CURRENT" and panel.status_badge.property("state") == "online"
    said = parse_json(json_bytes(sample.document(state.data.updated_at.timestamp() + 0.001)))
    shown = {key: value for key, value, _ in fed.table()}
    assert set(shown) == {f"province:{p.code}" for p in PROVINCES}
    for key, value in shown.items():  # what the table shows is what the server said
        assert value == panel_format(said.area("new_cases", key).latest[1])
    assert panel.updated.text() == f"Updated {state.data.updated_at.astimezone():%H:%M:%S}"
    assert "SAMPLE" in panel.national_plot.plotItem.titleLabel.text
    assert "SAMPLE" in panel.model.horizontalHeaderItem(0).text()
    xs, ys = panel.national_curve.getData()
    assert list(ys) == [v for _, v in said.national("new_cases").points]

    # The source moves on: so does the panel.
    qtbot.wait(1200)
    later = fed.poll(qtbot)
    assert later.data.updated_at > state.data.updated_at
    assert panel.updated.text().endswith(f"{later.data.updated_at.astimezone():%H:%M:%S}")

    loop.submit(server.stop()).result(10)  # the source stops answering
    stale = fed.poll(qtbot)
    assert stale.status == "stale"
    assert panel.status_badge.text() == "STALE" and panel.status_badge.property("state") == "stale"
    assert (
        panel.reason.text().startswith("⚠ the source cannot be read: cannot connect")
        and "showing the data of" in panel.reason.text()
    )
    assert panel.property("stale") is True
    assert {key for key, _, _ in fed.table()} == set(shown)  # the last good data stays on screen


def panel_format(value):
    from console.views.data_panel import format_figure

    return format_figure(value)


def test_a_malformed_file_says_where_and_keeps_the_last_good_data(qtbot, loop, fed, tmp_path):
    path = tmp_path / "data.json"
    sample = SampleData(PROVINCES)
    path.write_bytes(json_bytes(sample.document(1_790_000_000)))
    fed = fed(FileSource(path))
    good = fed.poll(qtbot)
    rows = fed.table()
    document = sample.document(1_790_000_100)
    document["series"][7]["points"][3][1] = "?"
    path.write_bytes(json_bytes(document))
    import os

    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    broken = fed.poll(qtbot)
    assert broken.status == "stale" and broken.data is good.data
    when = good.data.updated_at.astimezone()  # not today: the date is said too
    assert fed.panel.reason.text() == (
        "⚠ malformed payload at $.series[7].points[3][1]: expected a number, got the "
        f"string '?' — showing the data of {when:%Y-%m-%d %H:%M}"
    )
    assert fed.table() == rows


def test_the_table_sorts_colours_by_threshold_and_selects_the_province_everywhere(qtbot, loop, fed, tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(json_bytes(SampleData(PROVINCES).document(1_790_000_000)))
    fed = fed(FileSource(path))
    state = fed.poll(qtbot)
    panel = fed.panel
    values = [state.data.area("new_cases", key).latest[1] for key, _, _ in fed.table()]
    assert values == sorted(values, reverse=True)  # worst first by default
    panel.table.horizontalHeader().sectionClicked.emit(1)  # the operator clicks the header
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    values = [state.data.area("new_cases", key).latest[1] for key, _, _ in fed.table()]
    assert values == sorted(values)
    colours = tokens()
    indicator = state.data.indicators["new_cases"]
    model = panel.table.model()
    for row, (key, _, word) in enumerate(fed.table()):
        level = indicator.level(state.data.area("new_cases", key).latest[1])
        assert word == {"ok": "", "warn": "Warning", "alert": "Alert"}[level]
        brush = model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole)
        assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # the name stays plain
        if level == "ok":
            assert brush is None
        else:
            assert brush.color() == QColor(colours["state_offline" if level == "alert" else "state_stale"])
    # Another indicator: vaccination, where lower is worse.
    panel.select_indicator("vaccinated")
    assert panel.indicator == "vaccinated" and "%" in panel.national_plot.plotItem.titleLabel.text

    # A click on a row selects the province in the shared selection; the province chart follows.
    heard = []
    fed.selection.changed.connect(lambda key, by: heard.append((key, by)))
    index = model.index(2, 0)
    key = index.data(KEY_ROLE)
    panel.table.clicked.emit(index)
    assert heard == [(key, "data")] and panel.selected_province() == key
    assert state.data.names[key] in panel.province_plot.plotItem.titleLabel.text
    assert list(panel.province_curve.getData()[1]) == [v for _, v in state.data.area("vaccinated", key).points]
    # The directory (or the board) selects another: the panel's row and chart follow.
    fed.selection.select("province:48", "directory")
    assert panel.selected_province() == "province:48"
    assert "Đà Nẵng" in panel.province_plot.plotItem.titleLabel.text


def test_rows_stay_under_the_pointer_while_new_figures_arrive_and_sort_when_it_leaves(qtbot, loop, fed, tmp_path):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QEnterEvent

    path = tmp_path / "data.json"
    path.write_bytes(json_bytes(SampleData(PROVINCES).document(1_790_000_000)))
    fed = fed(FileSource(path))
    fed.poll(qtbot)
    panel = fed.panel
    before = [key for key, _, _ in fed.table()]
    viewport = panel.table.viewport()
    row_rect = panel.table.visualRect(panel.table.model().index(1, 0))
    QApplication.sendEvent(
        viewport,
        QEnterEvent(
            QPointF(row_rect.center()), QPointF(row_rect.center()), QPointF(viewport.mapToGlobal(row_rect.center()))
        ),
    )
    later = 1_790_000_000
    while True:  # figures of a later hour that put the provinces in another order
        later += 3600
        document = SampleData(PROVINCES).document(later)
        path.write_bytes(json_bytes(document))
        state = fed.poll(qtbot)
        shown = fed.table()
        values = {key: state.data.area("new_cases", key).latest[1] for key in before}
        if sorted(before, key=lambda k: -values[k]) != before:
            break
    assert [key for key, _, _ in shown] == before  # the rows did not move under the pointer
    assert [float(v) for _, v, _ in shown] == [values[k] for k in before]  # yet show the new figures
    QApplication.sendEvent(viewport, QEvent(QEvent.Type.Leave))
    shown = [key for key, _, _ in fed.table()]
    assert shown == sorted(before, key=lambda k: -values[k])


def test_the_tables_header_is_never_cut_in_a_narrow_dock(qtbot, loop, fed, tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(json_bytes(SampleData(PROVINCES).document(1_790_000_000)))
    fed = fed(FileSource(path))
    fed.poll(qtbot)
    panel = fed.panel
    panel.resize(500, 260)  # the bottom docks share the screen's width three ways
    header = panel.table.horizontalHeader()
    qtbot.waitUntil(lambda: panel.table.width() < 1000)
    for column in range(4):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), (
            column,
            header.sectionSize(column),
            header.sectionSizeHint(column),
        )
