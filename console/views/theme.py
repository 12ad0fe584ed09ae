"""The QSS theme: ui/console.qss with its {{tokens}} filled from ui/theme-tokens.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from console.paths import app_root

UI_DIR = app_root() / "ui"
_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def tokens(ui_dir: Path = UI_DIR) -> dict[str, str]:
    return {
        k: v for k, v in json.loads((ui_dir / "theme-tokens.json").read_text("utf-8")).items() if not k.startswith("_")
    }


def stylesheet(ui_dir: Path = UI_DIR) -> str:
    """The application stylesheet; an unknown token is an error, not a silent blank."""
    values = tokens(ui_dir)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"console.qss uses {{{{{name}}}}}, which theme-tokens.json does not define")
        return values[name]

    return _TOKEN.sub(fill, _COMMENT.sub("", (ui_dir / "console.qss").read_text("utf-8")))
