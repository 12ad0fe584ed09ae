"""Where the program's own files are, run from a checkout, an installed package or a frozen bundle.

Nothing else in the program may guess: the styles and forms (``ui/``), the site page, the
divisions data and translations are found through here, and a child process of ours
(simulated sites for the demo) is started through ``self_command``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def frozen() -> bool:
    """Whether this is the packaged (PyInstaller) program."""
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The folder that holds ``ui/`` and ``resources/``: the bundle's, or the checkout's."""
    if frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def self_command() -> list[str]:
    """The command line that runs `opsconsole` again (before its arguments)."""
    return [sys.executable] if frozen() else [sys.executable, "-m", "console.cli"]
