"""Where the program's own files are, run from a checkout, an installed package or a frozen bundle.

Nothing else in the program may guess: the styles and forms (``ui/``), the site page, the
divisions data and translations are found through here.
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
