"""Makes docs/images/console-data-recording.png: the console at 1920×1080 with the data
panel live from the sample server, a province chosen, an indicator tile on the wall, and a
recording in progress (the site panel's Stop button, REC in the status bar, the site's row in
the Recordings tab).

    xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" .venv/bin/python docs/images/data_recording_screenshot.py

Everything runs on 127.0.0.1 in a temporary folder (its own database and recordings).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from console.app import start_demo
from console.app.wire_data import DataOptions
from console.views.site_panel import SitePanel

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("console-data-recording.png")


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="opsconsole-shot-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    console = start_demo(folder / "db.sqlite3", sites=8, renderer="auto", settings=settings, program=False,
                            data=DataOptions(interval_s=2.0))
    window = console.window
    window.resize(1920, 1080)
    window.show()
    keys = list(console.sites)
    steps = []

    def at(seconds: float):
        def add(step):
            steps.append((seconds, step))
            return step
        return add

    @at(12)
    def choose_province() -> None:
        panel = console.data.panel   # the operator clicks the worst province (the table's first row)
        panel.table.clicked.emit(panel.table.model().index(0, 0))

    @at(13)
    def data_tile() -> None:
        console.model.focus_slot(8)                        # the ninth tile shows the indicator
        console.data.panel.wall_requested.emit("data:new_cases")

    @at(14)
    def record() -> None:
        console.model.focus_slot(0)
        console.media.unmute(keys[0])
        window.findChild(SitePanel).record_button.click()

    @at(19)
    def bookmark() -> None:
        console.recordings.bookmark(keys[0], "Chủ tịch xã báo cáo tình hình")

    @at(26)
    def shoot() -> None:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        window.screenshot().save(str(OUT))
        print(f"saved {OUT}")
        window.close()
        console.app.quit()

    for seconds, step in steps:
        QTimer.singleShot(int(seconds * 1000), step)
    try:
        return console.app.exec()
    finally:
        console.shutdown()


if __name__ == "__main__":
    sys.exit(main())
