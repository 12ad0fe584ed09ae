"""`opsconsole demo`: the console with an embedded hub and simulated communes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from console.app.console import start_console
from console.views.directory_panel import DirectoryPanel


def run_demo(db_path: Path, sites: int = 36, screenshot: Path | None = None, quit_after: float | None = None,
             query: str = "", renderer: str = "auto", wall_screen: int | None = None,
             hub_host: str = "127.0.0.1", hub_port: int = 0, raise_hands: int = 0, program: bool = True,
             data=None) -> int:
    """Run the console until its window closes (or ``quit_after`` seconds, with a screenshot)."""
    if not _has_display():
        if screenshot is None:
            print("opsconsole: error: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it on "
                  "a desktop, under `xvfb-run -a`, or add --screenshot FILE --quit-after S",
                  file=sys.stderr)
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    console = start_console(db_path, sites, renderer, hub_host=hub_host, hub_port=hub_port,
                            raise_hands=raise_hands, program=program, data=data)  # data: issue 15
    window = console.window
    window.show()
    console.wall.take_keyboard()   # the wall's keys work from the first moment
    if wall_screen is not None:
        window.send_wall_to_screen(wall_screen)
    panel = window.findChild(DirectoryPanel)
    if query:
        panel.search.setText(query)
        QTimer.singleShot(1500, panel.activate_first)
    if quit_after is not None:
        def finish() -> None:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                window.screenshot().save(str(screenshot))
                print(f"saved {screenshot}")
            window.close()
            console.app.quit()
        QTimer.singleShot(int(quit_after * 1000), finish)
    try:
        return console.app.exec()
    finally:
        console.shutdown()


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))
