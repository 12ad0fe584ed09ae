"""A lost hub, said in words on a Vietnamese console: the banner's tooltip gives the reason in the
console's language (not aiohttp's "Cannot connect to host … ssl:default [Connect call failed …]"),
wrapped within a bounded width on the screen; the "hub lost" alarm is dated when the hub was lost,
though it can only be told once the hub is back. A real hub, killed and started again."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QToolTip

from console.bench.certs import self_signed
from console.directory import credentials
from console.views.hub_banner import TOOLTIP_WIDTH_PX, HubBanner
from tests.views.english_words import english_in, english_words
from tests.views.test_i18n import compiled, translations  # noqa: F401 (fixtures)
from tests.views.test_real_hub import HubProcess, console_for


def test_a_lost_hub_is_said_in_vietnamese_in_a_wrapped_tooltip_and_its_alarm_dated_when_lost(
    national, tmp_path, qtbot, compiled, translations
):
    translations.folder = compiled
    assert translations.use("vi") == "vi"
    token = credentials.issue_operator_token(national, "oanh", role="operator")
    db = national.path
    national.close()
    cert, key = self_signed(tmp_path)
    hub = HubProcess(db, cert, key)
    hub.start()
    console = None
    try:
        console = console_for(tmp_path, qtbot, hub, cert, token, "oanh", db=db)
        banner = console.window.findChild(HubBanner)
        lost_at = datetime.now(UTC)
        hub.kill()
        # The first words are the closed connection's; the next try finds nothing listening there.
        qtbot.waitUntil(lambda: banner.state == "lost" and "127.0.0.1" in banner.message, timeout=60_000)
        assert "không kết nối được tới hub" in banner.message
        tip = banner.toolTip()
        assert GuiQt.mightBeRichText(tip) and f'width="{TOOLTIP_WIDTH_PX}"' in tip
        assert "Cannot connect" not in tip and "ssl:default" not in tip and "127.0.0.1" in tip
        assert english_in(tip, english_words(), set()) == []
        # The event log says it in words too (its first line is the closed connection's, code 1006).
        log = console.window.docks["logDock"].widget()
        lost_lines = [line for line in log.lines() if "mất kết nối hub" in line]
        assert lost_lines and all(english_in(line, english_words(), set()) == [] for line in lost_lines), lost_lines
        # Shown, it wraps: no wider than its bound, and on the screen.
        QToolTip.showText(banner.mapToGlobal(banner.rect().center()), tip, banner)
        qtbot.waitUntil(QToolTip.isVisible)
        label = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label" and w.isVisible())
        screen = banner.screen().availableGeometry()
        assert label.width() <= TOOLTIP_WIDTH_PX + 40 and screen.contains(label.geometry()), (label.geometry(), screen)
        QToolTip.hideText()

        restarted_at = datetime.now(UTC)
        hub.start()
        alarms = console.alarms.alarms
        qtbot.waitUntil(lambda: any(a["rule"] == "hub_lost" for a in alarms.ordered()), timeout=60_000)
        alarm = next(a for a in alarms.ordered() if a["rule"] == "hub_lost")
        raised_at = datetime.fromisoformat(alarm["raised_at"])
        assert lost_at.timestamp() - 1 <= raised_at.timestamp() <= restarted_at.timestamp(), (alarm, lost_at)
        dock = console.alarms.dock
        row = next(
            dock.table.topLevelItem(i)
            for i in range(dock.table.topLevelItemCount())
            if dock.table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) == alarm["id"]
        )
        assert row.text(5).startswith("mất kết nối hub") and english_in(row.text(5), english_words(), set()) == []
    finally:
        translations.use("en")  # while the window lives (a language change must not reach it shut down)
        if console is not None:
            console.shutdown()
        hub.stop()
