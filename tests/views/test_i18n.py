"""Vietnamese and English. The catalogue is whole and up to date with the sources; the
console switches language while it runs; a missing translation leaves it in English and says so."""

import logging
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from console.views.i18n import Translations
from console.views.room_wall_map import RoomWallMap
from console.views.wall_toolbar import WallToolbar

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "ui" / "i18n"
BIN = Path(sys.executable).parent


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> its <translation>, obsolete and vanished ones left out."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") not in ("obsolete", "vanished"):
                found[(name, message.find("source").text)] = translation
    return found


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed")
        path = Path(found)
    return path


def test_every_source_text_has_a_finished_vietnamese_translation():
    catalogue = messages(I18N / "opsconsole_vi.ts")
    assert len(catalogue) > 250
    unfinished = [key for key, t in catalogue.items() if t.get("type") == "unfinished" or not (t.text or "").strip()]
    assert unfinished == []
    # A translation keeps every {placeholder} and %1 of its source, or the console would fail or lie.
    wrong = [
        (key, t.text)
        for key, t in catalogue.items()
        if sorted(re.findall(r"\{\w*\}|%\d", key[1])) != sorted(re.findall(r"\{\w*\}|%\d", t.text))
    ]
    assert wrong == []


def test_the_catalogue_is_up_to_date_with_the_sources(tmp_path):
    """What packaging/i18n.sh update would extract now is what the committed catalogue holds:
    a new text that nobody translated fails here."""
    lupdate = tool("pyside6-lupdate")
    fresh = tmp_path / "opsconsole_vi.ts"
    shutil.copy(I18N / "opsconsole_vi.ts", fresh)
    sources = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "console").rglob("*.py") if "__pycache__" not in p.parts
    ) + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").glob("*.ui"))
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", "-no-obsolete", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    now, committed = messages(fresh), messages(I18N / "opsconsole_vi.ts")
    assert sorted(set(now) - set(committed)) == [], "new texts: run packaging/i18n.sh update and translate them"
    assert sorted(set(committed) - set(now)) == [], "texts gone from the sources: run packaging/i18n.sh update"


@pytest.fixture
def compiled(tmp_path_factory):
    """The catalogues compiled as set-up does (packaging/i18n.sh release), into a folder of the test's."""
    folder = tmp_path_factory.mktemp("qm")
    lrelease = tool("pyside6-lrelease")
    for ts in I18N.glob("*.ts"):
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(folder / f"{ts.stem}.qm")], check=True)
    return folder


@pytest.fixture
def translations(qapp):
    """The application's translations; English again after the test."""
    found = Translations.of(QApplication.instance())
    folder = found.folder
    yield found
    found.folder = folder
    found.use("en")


def status_texts(window):
    return [window.keyboard.text(), window.live.text()]


def updated_texts(window):
    """Texts set when something changes (a count, the hub's state), not by a widget's retranslate:
    each says itself again on a language change."""
    from PySide6.QtWidgets import QLabel

    from console.views.link_plots import LinkPlots

    label = lambda name: window.findChild(QLabel, name).text()  # noqa: E731
    plots = window.findChild(LinkPlots)
    return {
        "national": label("nationalCount"),
        "alarms": label("alarmStatus"),
        "dock": label("alarmCounts"),
        "plot": plots._plots["fps"].plotItem.titleLabel.text,
    }


def test_the_console_switches_language_while_it_runs(make_console, compiled, translations, qtbot):
    console = make_console(sites=2, simulate=False)
    window = console.window
    toolbar = window.findChild(WallToolbar)
    english = {
        "title": window.windowTitle(),
        "docks": {n: d.windowTitle() for n, d in window.docks.items()},
        "tour": toolbar.tour.text(),
        "status": status_texts(window),
        "hints": window.key_hints.text(),
        "updated": updated_texts(window),
    }
    assert english["updated"]["national"].startswith("National") and english["updated"]["alarms"] == "no alarms"
    assert english["updated"]["dock"].startswith("⚠ 0 new") and english["updated"]["plot"].startswith("Frame rate")
    room_map = window.findChild(RoomWallMap)
    room_map.show_state("ops-1", None, "ops-2")  # as the hub's answer would
    assert room_map.status.text().startswith("Room wall · ") and "last change by ops-1" in room_map.status.text()
    assert english["title"].startswith("Operations console — ")  # then which console
    assert english["docks"]["directoryDock"] == "Sites" and english["docks"]["alarmDockWidget"] == "Alarms"
    assert english["status"][0] == "⌨ keys: wall"

    translations.folder = compiled
    assert translations.use("vi") == "vi" and translations.problem == ""
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Phòng điều hành — "))
    docks = {n: d.windowTitle() for n, d in window.docks.items()}
    assert docks["directoryDock"] == "Điểm cầu" and docks["siteDock"] == "Điểm đang chọn"
    assert docks["logDock"] == "Nhật ký" and docks["alarmDockWidget"] == "Cảnh báo"
    assert all(docks[n] != english["docks"][n] for n in docks)
    assert toolbar.tour.text() == "Tuần tự" and toolbar.fullscreen.text() == "Toàn tường"
    assert window.keyboard.text() == "⌨ phím: tường video"
    assert window.live.text() != english["status"][1] and "điểm cầu" in window.live.text()
    assert window.key_hints.text() != english["hints"] and "chọn ô" in window.key_hints.text()
    updated = updated_texts(window)
    assert updated["national"].startswith("Toàn quốc") and updated["alarms"] == "không có cảnh báo"
    assert updated["dock"].startswith("⚠ 0 mới") and updated["plot"].startswith("Tốc độ khung hình")
    assert "thay đổi" in room_map.status.text() and "ops-1" in room_map.status.text()
    panel = window.docks["siteDock"].widget()
    qtbot.waitUntil(lambda: panel.show_button.text() == "Đưa vào ô chính")  # the Designer form's own texts
    qtbot.waitUntil(lambda: panel.mute_button.text() in ("Tắt tiếng", "Bật tiếng"))  # and the panel's after them

    translations.use("en")
    qtbot.waitUntil(lambda: window.windowTitle() == english["title"])
    assert {n: d.windowTitle() for n, d in window.docks.items()} == english["docks"]
    assert toolbar.tour.text() == "Tour" and status_texts(window) == english["status"]
    assert updated_texts(window) == english["updated"]
    assert room_map.status.text().startswith("Room wall · ") and "last change by ops-1" in room_map.status.text()
    qtbot.waitUntil(lambda: panel.show_button.text() == "Show in focus")
    qtbot.waitUntil(lambda: panel.mute_button.text() in ("Mute", "Unmute"))


def test_a_missing_translation_leaves_the_console_in_english_and_says_so(make_console, translations, tmp_path, caplog):
    translations.folder = tmp_path / "nothing-here"
    with caplog.at_level(logging.WARNING, logger="console.views.i18n"):
        assert translations.use("vi") == "en"
    assert "opsconsole_vi.qm" in translations.problem and "English" in translations.problem
    assert any("translation is missing" in r.getMessage() for r in caplog.records)
    console = make_console(sites=1, simulate=False)
    window = console.window
    assert window.windowTitle().startswith("Operations console")
    assert "opsconsole_vi.qm" in window.statusBar().currentMessage()  # said once, on the status bar
    assert window.docks["directoryDock"].windowTitle() == "Sites"


def test_the_language_comes_from_the_flag_then_the_settings_file_then_vietnamese(tmp_path, caplog):
    from console.app.language import choose_language

    settings = tmp_path / "settings.json"
    assert choose_language(None, settings) == "vi"  # no file: the room's language
    settings.write_text('{"language": "en", "other": 1}', "utf-8")
    assert choose_language(None, settings) == "en"
    assert choose_language("vi", settings) == "vi"  # the flag wins
    settings.write_text('{"language": "fr"}', "utf-8")
    assert choose_language(None, settings) == "vi"
    settings.write_text('{"language": ', "utf-8")  # broken: said in the log, not raised
    with caplog.at_level(logging.WARNING):
        assert choose_language(None, settings) == "vi"
    assert any("settings file" in r.getMessage() and "default" in r.getMessage() for r in caplog.records)
    settings.write_text('["en"]', "utf-8")
    assert choose_language(None, settings) == "vi"
