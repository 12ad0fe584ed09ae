"""Show a built console and run Qt until its window closes (or a timed screenshot is taken)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QTimer

from console.app.console import Console


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def need_display(screenshot: Path | None) -> str | None:
    """An error sentence when nothing can be shown; picks the offscreen platform for a screenshot."""
    if has_display():
        return None
    if screenshot is None:
        return (
            "no display (DISPLAY and WAYLAND_DISPLAY are unset); run it on a desktop, under "
            "`xvfb-run -a`, or add --screenshot FILE --quit-after S"
        )
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    return None


def run_window(
    console: Console, screenshot: Path | None = None, quit_after: float | None = None, wall_screen: int | None = None
) -> int:
    window = console.window
    window.show()
    if console.keys is not None:
        console.wall.take_keyboard()  # the wall's keys work from the first moment
    if wall_screen is not None:
        window.send_wall_to_screen(wall_screen)
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
