"""Which language the console speaks: ``--lang``, else the settings file's ``language``, else Vietnamese.

Vietnamese is the operations room's language, so it is the default. The system locale is not
asked: the room's machines are commonly installed with an English or ``C`` locale that says
nothing about the people in front of them, and an operator who wants English says so once
(``--lang en`` or ``"language": "en"`` in the settings file).
"""

from __future__ import annotations

from pathlib import Path

from console.model.settings import load_settings
from console.paths import settings_file

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def saved_language(path: Path | None = None) -> str:
    """The settings file's ``language``; the default where the file is missing or the value is
    not a known language (console/model/settings.py: said in the log, never raised)."""
    return load_settings(path or settings_file()).language


def choose_language(flag: str | None = None, settings: Path | None = None) -> str:
    """``flag`` (``--lang``) if given, else the settings file's language (Vietnamese by default)."""
    return flag or saved_language(settings) or DEFAULT_LANGUAGE
