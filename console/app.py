"""Composition root: the one place that builds the services and the windows and wires them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from console.directory import DirectoryWorker
from console.views.directory_panel import DirectoryPanel
from console.views.main_window import MainWindow
from console.views.site_panel import SitePanel
from console.views.theme import stylesheet


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def build_window(worker: DirectoryWorker, settings: QSettings) -> MainWindow:
    """The console's main window over a directory worker."""
    panel = DirectoryPanel(worker)
    site = SitePanel()
    window = MainWindow(panel, site, settings)
    panel.site_chosen.connect(site.show_site)
    panel.error.connect(window.show_message)

    def show_counts(stats: dict) -> None:
        levels = " · ".join(f"{n:,} {level}s" for level, n in stats["by_level"].items())
        window.counts.setText(f"{stats['active']:,} sites  ·  {levels}")

    panel._bridge.deliver(worker.submit(lambda d: d.stats()), show_counts, lambda e: window.show_message(str(e)))
    return window


def run_demo(db_path: Path, screenshot: Path | None = None, quit_after: float | None = None,
             query: str = "") -> int:
    """`opsconsole demo`: today, the national site directory browser."""
    if not _has_display():
        if screenshot is None:
            print("opsconsole: error: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it on "
                  "a desktop, under `xvfb-run -a`, or add --screenshot FILE --quit-after S",
                  file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("opsconsole")
    app.setOrganizationName("opsconsole")
    app.setStyleSheet(stylesheet())
    worker = DirectoryWorker(db_path)
    window = build_window(worker, QSettings())
    window.show()
    panel = window.findChild(DirectoryPanel)
    if query:
        panel.search.setText(query)
        QTimer.singleShot(300, panel._activate_first)
    if quit_after is not None:
        def finish() -> None:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                window.grab().save(str(screenshot))
                print(f"saved {screenshot}")
            window.close()
            app.quit()
        QTimer.singleShot(int(quit_after * 1000), finish)
    try:
        return app.exec()
    finally:
        worker.close()
