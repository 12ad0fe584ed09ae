"""Where the program's own files are, run from a checkout, an installed package or a frozen bundle.

Nothing else in the program may guess: the styles and forms (``ui/``), the site page, the
divisions data and translations are found through here.
"""

from __future__ import annotations

import os
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


def config_dir() -> Path:
    """The user's own settings folder: ``$XDG_CONFIG_HOME/opsconsole`` (``~/.config/opsconsole``)."""
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "opsconsole"


def settings_file() -> Path:
    """The console's settings (schema and loading in ``console/model/settings.py``):
    ``$OPSCONSOLE_SETTINGS``, else ``settings.json`` in ``config_dir()``."""
    return Path(os.environ.get("OPSCONSOLE_SETTINGS") or config_dir() / "settings.json")


def translations_dir() -> Path:
    """Where the compiled translations (``opsconsole_vi.qm``) are: ``ui/i18n/``."""
    return app_root() / "ui" / "i18n"
