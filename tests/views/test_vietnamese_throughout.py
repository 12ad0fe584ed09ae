"""A console speaking Vietnamese shows no English: its windows, docks and help, the national
board's legend and cell tooltips, a search result's level, the hub's refusals, alarm details,
log lines and chart axes. Reasons from the Qt-free layers travel as codes and arguments that
the console translates; a code it does not know shows the hub's English."""

import os
import shutil
import signal
import time

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from console.app import start_demo
from console.app.wire_data import DataOptions
from console.data.sample import INDICATORS, SAMPLE_SOURCE, SAMPLE_TITLE
from console.model.alarm_rules import AlarmAction
from console.views.board import BoardView
from console.views.directory_panel import DirectoryPanel
from console.views.groups import GroupsPanel
from console.views.hub_banner import HubBanner
from console.views.reasons import reason_text, say_reason
from tests.views.english_words import english_in, english_words, widget_texts, window_texts
from tests.views.test_i18n import compiled, translations  # noqa: F401 (fixtures)

SITES = 2


@pytest.fixture
def vietnamese(compiled, translations):
    translations.folder = compiled
    assert translations.use("vi") == "vi"
    return translations


@pytest.fixture
def console_with_data(_national_template, tmp_path, qtbot, vietnamese):
    """The demo console (embedded hub, simulated communes, the sample data panel) in Vietnamese."""
    db = tmp_path / "console.sqlite3"
    shutil.copy(_national_template, db)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    running = start_demo(
        db, sites=SITES, renderer="numpy", settings=settings, program=False, data=DataOptions(interval_s=0.5)
    )
    qtbot.addWidget(running.window)
    running.window.resize(1600, 900)
    running.window.show()
    yield running
    # English again while the window lives: a language change that reached a window already shut
    # down would find its widgets half deleted (in the next test's event loop).
    vietnamese.use("en")
    running.shutdown()


def names_of(console) -> set[str]:
    """Proper names and data the screen may show as they are: every site's name and its
    parents', and what the sample data feed says (its title and indicators are bilingual)."""
    names = {console.media.operator or "", SAMPLE_TITLE, SAMPLE_SOURCE, "Toàn quốc · National"}
    names |= {text for indicator in INDICATORS for text in (indicator["name"], indicator["unit"])}
    for site in console.index.values():
        names.add(site.name)
        names.update(site.path)
    return {n for n in names if n}


def test_every_window_of_a_vietnamese_console_is_in_vietnamese(console_with_data, qtbot):
    console = console_with_data
    window = console.window
    qtbot.waitUntil(lambda: len(console.wall.roster.online) >= SITES, timeout=60_000)
    sites = sorted(console.wall.roster.online)

    # A search result that is a province says its level.
    directory = window.findChild(DirectoryPanel)
    directory.search.setText("ha noi")
    qtbot.waitUntil(lambda: directory.results_model.rowCount() > 0, timeout=20_000)

    # The hub refuses: a group of a province that does not exist; acknowledging an alarm that never was.
    groups = window.findChild(GroupsPanel)
    groups.provinces.setText("999")
    groups.from_provinces.click()
    qtbot.waitUntil(lambda: "999" in groups.message.text(), timeout=20_000)
    # A group of a province, named and described by the console (its default name and its rule).
    groups.provinces.setText("1")
    groups.from_provinces.click()
    qtbot.waitUntil(lambda: groups.table.topLevelItemCount() == 1, timeout=20_000)
    wiring = console.alarms
    wiring.acknowledge(999)
    qtbot.waitUntil(lambda: "999" in wiring.dock.message.text(), timeout=20_000)

    # Alarms: an open microphone silent for 31 s, and the hub lost and back (told when back). The
    # console's own check, once a second, would clear the silence at once (the site is muted).
    wiring.timer.stop()
    now = time.monotonic()
    wiring.send(wiring.rules.observe_microphones(now - 31, {sites[0]: None}))
    wiring.send(wiring.rules.observe_microphones(now, {sites[0]: None}))
    wiring.on_event(
        "hub_lost",
        {
            "reason": "cannot reach the hub at http://127.0.0.1:9: Cannot connect to host "
            "127.0.0.1:9 ssl:default [Connect call failed ('127.0.0.1', 9)]",
            "reason_code": "hub_refused",
            "reason_args": {"address": "http://127.0.0.1:9"},
        },
    )
    wiring.on_event("hub_ready", {})
    wiring.send([AlarmAction("raise", "loss_high", "commune:999999", "packet loss 40 % for 11 s")])  # refused
    qtbot.waitUntil(
        lambda: any("commune:999999" in line for line in window.docks["logDock"].widget().lines()), timeout=20_000
    )
    qtbot.waitUntil(lambda: {a["rule"] for a in wiring.alarms.ordered()} >= {"mic_silent", "hub_lost"}, timeout=20_000)
    silent = next(a for a in wiring.alarms.ordered() if a["rule"] == "mic_silent")
    before = wiring.dock.message.text()
    wiring.acknowledge(silent["id"])
    qtbot.waitUntil(lambda: wiring.dock.message.text() != before, timeout=20_000)  # the hub's answer, said
    acknowledged = wiring.dock.message.text()

    # An operator's action in the log.
    console.model.select(sites[0])
    console.wall.take_keyboard()
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.waitUntil(
        lambda: any(console.name(sites[0]) in line for line in window.docks["logDock"].widget().lines()), timeout=20_000
    )

    seen = window_texts(window)

    # The national board: its legends, and a cell's tooltip under the pointer.
    console.show_board(console.site(sites[0]).province_key)
    board = window.findChild(BoardView)
    qtbot.waitUntil(lambda: sites[0] in board.cells.keys, timeout=10_000)
    index = board.cells._keys.index(sites[0])
    qtbot.mouseMove(board.cells, board.cells.cell_rect(index).center())
    qtbot.waitUntil(lambda: QToolTip.isVisible() and console.name(sites[0]) in QToolTip.text(), timeout=10_000)
    seen.append(("board cell tooltip", QToolTip.text()))
    # The map's legend keeps its (longer) Vietnamese words on the screen: a second line when they
    # do not fit on one beside the ramp.
    legend = window.findChild(QWidget, "boardMapLegend")
    legend.repaint()
    metrics = legend.fontMetrics()
    needed, two_lines = legend.one_line_width(metrics), 2 * (metrics.height() - 4 + 6)
    assert needed <= legend.width() or legend.height() >= two_lines, (needed, legend.width(), legend.height())
    seen += window_texts(window)

    # The help over the window (F1).
    qtbot.mouseMove(window, QPoint(5, 5))
    window.help.toggle()
    qtbot.waitUntil(window.help.isVisible)
    seen += [("help", t) for t in widget_texts(window.help)]
    for top in QApplication.topLevelWidgets():  # any dialog or floating dock that is open
        if top is not window and top.isVisible():
            seen += window_texts(top)
    window.help.toggle()

    words, names = english_words(), names_of(console)
    english = sorted(
        {
            (where, text[:160], tuple(english_in(text, words, names)))
            for where, text in seen
            if english_in(text, words, names)
        }
    )
    assert english == [], "\n".join(f"{w}: {t!r} -> {e}" for w, t, e in english)
    # The media worker killed: the banner and the log say why in Vietnamese ("exit code -9").
    banner = window.findChild(HubBanner)
    log = window.docks["logDock"].widget()
    os.kill(console.media.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: banner.isVisible() and banner.state == "lost", timeout=20_000)
    qtbot.waitUntil(lambda: any("-9" in line for line in log.lines()), timeout=20_000)
    said = [banner.message, *(line for line in log.lines() if "-9" in line)]
    assert [t for t in said if english_in(t, words, names)] == [], said

    assert console.name(sites[0]) in acknowledged, acknowledged
    assert str(silent["id"]) not in acknowledged.replace(console.name(sites[0]), ""), acknowledged


def test_a_reason_the_console_knows_is_said_in_its_language_and_an_unknown_one_in_english(vietnamese):
    from console.signaling import HubError

    locked = HubError(
        "forbidden", "the wall 'room' is locked by lan", "wall_locked", {"wall": "room", "operator": "lan"}
    )
    assert reason_text(locked) == "tường room đang bị lan khoá"
    newer = HubError("forbidden", "something a newer hub says", "a_code_from_the_future", {})
    assert reason_text(newer) == "something a newer hub says"
    assert say_reason("wall_locked", {"wall": "room"}, "english") == "english"  # an argument missing: the English
    assert say_reason("role_may_not", {"role": "viewer", "needed": "presenter"}, "") == (
        "vai trò của máy này không được làm việc đó: cần vai trò Người trình bày"
    )


def test_an_alarm_detail_is_said_from_its_kind_and_arguments_and_an_unknown_one_in_english(vietnamese):
    from console.views.alarm_dock import detail_text

    stalled = {
        "detail": "no new picture for 6 s on tile 4 of page 2",
        "detail_kind": "video_stalled",
        "detail_args": {"seconds": 6, "tile": 4, "page": 2},
    }
    assert detail_text(stalled) == "không có hình mới trong 6 s ở ô 4, trang 2"
    offline = {"detail": "Xã An Bình: left", "detail_kind": "site_offline", "detail_args": {"how": "left"}}
    assert detail_text(offline) == "đã ngắt kết nối"
    lost = {
        "detail": "hub lost for 69 s: the hub closed the connection (code 1006)",
        "detail_kind": "hub_lost",
        "detail_args": {"seconds": 69, "why": "hub_closed_connection", "code": 1006},
    }
    assert detail_text(lost) == "mất kết nối hub 69 s: hub đã đóng kết nối (mã 1006)"
    assert detail_text({"detail": "from an older console"}) == "from an older console"
    assert detail_text({"detail": "a newer rule", "detail_kind": "dragons", "detail_args": {"n": 1}}) == "a newer rule"
    assert detail_text({**stalled, "detail_args": {"seconds": 6}}) == stalled["detail"]  # arguments missing


def test_the_program_feeds_sources_and_a_missing_camera_are_said_in_the_consoles_words(vietnamese):
    # The feed reports kinds and devices, not its classes' names ("TestCard + ToneSource").
    from console.app.wire_audio import _failure_words, _source_words
    from console.media.program import ProgramFeed

    status = ProgramFeed(camera="/dev/video-nonexistent").status()
    words = [_source_words(status["video_source"], status["video_device"]), _failure_words(status["failures"][0])]
    assert words[0] == "hình thử"
    assert words[1].startswith("không mở được camera /dev/video-nonexistent (") and words[1].endswith(
        "đang phát hình thử"
    )
    assert _source_words("microphone", "hw:1") == "micrô hw:1"
